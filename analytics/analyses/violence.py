"""Hot och våld: deviations of category hot_och_vald (domains lss and sol) and Kia incidents.

Splits by violence_role and subcategory, the concentration in few units and few brukare
(Pareto data), and the units side by side with their violent work incidents from Kia (the
optional work_incidents table; its figures are null when the table is absent). Units are ranked
by count descending, ties broken by unit_id ascending.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.analyses.query import run
from analytics.db import supplied
from analytics.filters import Filters
from analytics.privacy import protect

TOP_N = 5  # the report's "five units"


@protect(
    "aggregate",
    counts=(
        "deviations",
        "sol_lss_deviations",
        "utovare",
        "utsatt",
        "without_role",
        "personal_mot_brukare",
        "top_count",
    ),
    derived={
        "share_of_sol_lss": ("deviations", "sol_lss_deviations"),
        "top_share": ("top_count", "deviations"),
        "utovare": ("utsatt", "without_role"),
        "utsatt": ("utovare", "without_role"),
        "without_role": ("utovare", "utsatt"),
    },
    hidden=("top_brukare",),
    groups=None,
    not_counts=("units",),
)
def violence_summary(conn: duckdb.DuckDBPyConnection, f: Filters, top_n: int = TOP_N) -> pd.DataFrame:
    """The period's hot och våld deviations in one row.

    Columns: deviations, sol_lss_deviations (all lss and sol rows), share_of_sol_lss
    (deviations / sol_lss_deviations; null when 0), utovare, utsatt, without_role (by
    violence_role), personal_mot_brukare (by subcategory), units (units with any), top_count
    (rows at the `top_n` units with most), top_share (top_count / deviations; null when 0),
    top_brukare (distinct non-null brukare_id among utovare rows at those units).
    """
    frame = run(conn, "violence_summary", f, top_n=int(top_n))
    frame["share_of_sol_lss"] = _share(frame["deviations"], frame["sol_lss_deviations"])
    frame["top_share"] = _share(frame["top_count"], frame["deviations"])
    columns = [
        "deviations",
        "sol_lss_deviations",
        "share_of_sol_lss",
        "utovare",
        "utsatt",
        "without_role",
        "personal_mot_brukare",
        "units",
        "top_count",
        "top_share",
        "top_brukare",
    ]
    return frame[columns]


# Shown beside the totals per role and per subcategory: protect both margins.
@protect("aggregate", counts=("count",), groups=(("violence_role",), ("subcategory",)))
def violence_by_subcategory(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Splits of the period's hot och våld deviations by role and subcategory.

    One row per (violence_role, subcategory) occurring, sorted by those (nulls last). Columns:
    violence_role, subcategory, count.
    """
    return run(conn, "violence_by_subcategory", f)


@protect("unit_level")
def violence_by_unit(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Pareto data: units by their hot och våld deviations, most first.

    One row per unit with at least one such deviation in the period, sorted by count
    descending then unit_id. Columns: rank (1 = most), unit_id, unit_name, unit_type,
    operator, count, utovare_brukare (distinct brukare as utovare at the unit),
    cumulative_count, cumulative_share (running sum / all).
    """
    return run(conn, "violence_by_unit", f)


@protect("unit_level")
def top_units(conn: duckdb.DuckDBPyConnection, f: Filters, n: int = TOP_N) -> pd.DataFrame:
    """The `n` units with most hot och våld deviations (ties by unit_id ascending).

    One row per unit, at most n, sorted by count descending then unit_id. Columns: unit_id,
    count.
    """
    return violence_by_unit(conn, f).head(n)[["unit_id", "count"]].reset_index(drop=True)


@protect(
    "aggregate",
    counts=("utovare_brukare", "utovare_rows_with_brukare", "utovare_brukare_for_half"),
    groups=None,
    not_counts=("units", "units_for_half"),
)
def violence_concentration(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """How few units and how few brukare account for half of the violence.

    One row. Columns: units (units with any hot och våld deviation), units_for_half (the
    fewest units, most first, holding at least half of the rows; null without rows),
    utovare_brukare (distinct brukare named in utovare rows), utovare_rows_with_brukare,
    utovare_brukare_for_half (the fewest of those brukare holding at least half of those rows).
    """
    return run(conn, "violence_concentration", f)


@protect("unit_level")
def violence_vs_work_incidents(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Units side by side: hot och våld deviations and violent work incidents (Kia).

    One row per selected unit with either in the period, sorted by their sum descending then
    unit_id. Columns: unit_id, unit_name, unit_type, operator, deviations, work_incidents,
    deviations_only (reports only in the deviation system), work_incidents_only (only in Kia).
    Without a work_incidents table, work_incidents and both flags are null.
    """
    if supplied(conn, "work_incidents"):
        return run(conn, "violence_vs_work_incidents", f)
    units = violence_by_unit(conn, f)
    out = units[["unit_id", "unit_name", "unit_type", "operator"]].copy()
    out["deviations"] = units["count"]
    absent = {"work_incidents": "Int64", "deviations_only": "boolean", "work_incidents_only": "boolean"}
    for col, dtype in absent.items():
        out[col] = pd.Series([pd.NA] * len(out), dtype=dtype, index=out.index)
    return out


@protect(
    "aggregate",
    counts=("work_incidents", "top_count"),
    derived={"top_share": ("top_count", "work_incidents")},
    groups=None,
    not_counts=("units",),
)
def work_incidents_summary(conn: duckdb.DuckDBPyConnection, f: Filters, top_n: int = TOP_N) -> pd.DataFrame:
    """Violent work incidents (Kia) in the period in one row.

    Columns: work_incidents, units (units with any), top_count (incidents at the `top_n` units
    with most), top_share (top_count / work_incidents; null when 0). Every value is null
    without a work_incidents table.
    """
    if not supplied(conn, "work_incidents"):
        return pd.DataFrame(
            {
                "work_incidents": pd.Series([pd.NA], dtype="Int64"),
                "units": pd.Series([pd.NA], dtype="Int64"),
                "top_count": pd.Series([pd.NA], dtype="Int64"),
                "top_share": pd.Series([float("nan")], dtype="float64"),
            }
        )
    frame = run(conn, "work_incidents_summary", f, top_n=int(top_n))
    frame["top_share"] = _share(frame["top_count"], frame["work_incidents"])
    return frame


def _share(part: pd.Series, whole: pd.Series) -> pd.Series:
    whole = whole.astype("float64")
    return part.astype("float64") / whole.where(whole > 0)
