"""Falls (hsl deviations of category fall): how many, who falls, how often, against the census.

A brukare is counted once however many units they fell at; rows without a brukare count as
deviations but not as brukare. The sex of fallers needs the optional brukare table.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.analyses.query import run
from analytics.db import supplied
from analytics.filters import Filters
from analytics.privacy import protect

# Buckets of falls per brukare, in display order.
FALL_BUCKETS: tuple[str, ...] = ("1", "2", "3", "4", "5+")


@protect(
    "aggregate",
    counts=(
        "deviations",
        "brukare",
        "without_brukare",
        "women",
        "men",
        "unknown_sex",
        "census_brukare",
        "census_women",
        "census_men",
    ),
    derived={
        "women": ("men", "unknown_sex"),
        "men": ("women", "unknown_sex"),
        "unknown_sex": ("women", "men"),
        "women_share": ("women", "brukare"),
        "men_share": ("men", "brukare"),
        "census_women": ("census_men",),
        "census_men": ("census_women",),
        "census_women_share": ("census_women", "census_brukare"),
        "census_men_share": ("census_men", "census_brukare"),
    },
    groups=None,
)
def falls_summary(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Falls in the period, the brukare who fell, and their sex split against the census.

    One row. Columns: deviations (hsl/fall rows), brukare (distinct non-null brukare_id among
    them), without_brukare (rows with no brukare), women, men, unknown_sex (of those brukare,
    by sex in the brukare table; null without that table), women_share, men_share (women or men
    / brukare; null when brukare is 0 or the sex is not known), census_brukare, census_women,
    census_men (census averages over the selected units in the period), census_women_share,
    census_men_share (census women or men / census brukare; null when the census gives no sex).
    """
    summary = run(conn, "falls_summary", f)
    if supplied(conn, "brukare"):
        by_sex = run(conn, "falls_by_sex", f)
        for col in ("women", "men", "unknown_sex"):
            summary[col] = by_sex[col].astype("Int64").to_numpy()
    else:
        for col in ("women", "men", "unknown_sex"):
            summary[col] = pd.Series([pd.NA], dtype="Int64")
    fallers = summary["brukare"].astype("float64").where(summary["brukare"] > 0)
    summary["women_share"] = summary["women"].astype("float64") / fallers
    summary["men_share"] = summary["men"].astype("float64") / fallers
    columns = [
        "deviations",
        "brukare",
        "without_brukare",
        "women",
        "men",
        "unknown_sex",
        "women_share",
        "men_share",
        "census_brukare",
        "census_women",
        "census_men",
        "census_women_share",
        "census_men_share",
    ]
    return summary[columns]


@protect("aggregate", counts=("brukare",))
def falls_per_brukare(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """How many brukare fell once, twice, ... in the period.

    One row per bucket of FALL_BUCKETS ("1" to "4" exactly, "5+"), always all five, in that
    order. Columns: falls (the bucket), brukare (number of brukare).
    """
    return run(conn, "falls_per_brukare", f)


@protect(
    "aggregate",
    counts=("deviations", "brukare_with_falls", "brukare"),
    derived={"per_brukare": ("deviations", "brukare")},
)
def falls_by_unit_type(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Falls per unit type and operator with the census.

    One row per (unit_type, operator) with a fall in the period or census brukare > 0, sorted
    by unit_type, operator. Columns: unit_type, operator, deviations, brukare_with_falls
    (distinct brukare who fell there), brukare (census average), per_brukare (deviations /
    brukare; null when brukare is 0).
    """
    return run(conn, "falls_by_unit_type", f)
