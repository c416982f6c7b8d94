"""Who reports and from where: vårdsamverkan by direction, deviations by reporter (the
myndighet's reports and the share of them investigated), and the organisational deviations.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics import contract
from analytics.analyses import deviations
from analytics.analyses.query import run
from analytics.filters import Filters
from analytics.privacy import protect

_SHARES = {
    "investigated_share": ("investigated", "count"),
    "followed_up_share": ("followed_up", "count"),
}


def direction_label(direction: str) -> str:
    """Swedish name of a direction code (ej_angiven included)."""
    return contract.label(contract.DIRECTIONS | contract.MISSING_LABELS, direction)


@protect("aggregate", counts=("count", "previous_count"), groups=None)
def vardsamverkan_by_direction(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Vårdsamverkan deviations by direction: always three rows, inkommande, utgaende and
    ej_angiven (no direction given). Columns: direction, count, previous_count (null when the
    data do not reach back to the comparison period)."""
    return run(conn, "vardsamverkan_by_direction", f)


@protect("aggregate", counts=("count",), groups=("category",))
def vardsamverkan_by_category(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """The period's vårdsamverkan deviations per category and direction; one row per pair
    present, sorted by category, direction. Columns: category, direction, count."""
    return run(conn, "vardsamverkan_by_category", f)


@protect(
    "aggregate",
    counts=("count", "investigated", "followed_up"),
    derived=_SHARES,
    groups=("reported_by",),
)
def reporter_by_domain(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """The period's deviations per reporter and domain; one row per (reported_by, domain)
    present, sorted by reported_by (nulls last), domain. Columns: reported_by, domain, count,
    investigated, followed_up, investigated_share, followed_up_share."""
    frame = run(conn, "by_reporter", f)
    return _with_shares(frame)


@protect(
    "aggregate",
    counts=("count", "investigated", "followed_up"),
    derived=_SHARES,
)
def by_reporter(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Key figure `by_reporter`: one row per reported_by code present in the period, sorted by
    code. Columns: reported_by, label (Swedish), count, investigated, followed_up,
    investigated_share, followed_up_share."""
    per_domain = reporter_by_domain(conn, f)
    totals = per_domain.groupby("reported_by", as_index=False, dropna=False)[
        ["count", "investigated", "followed_up"]
    ].sum()
    totals = totals.sort_values("reported_by", na_position="last").reset_index(drop=True)
    totals.insert(1, "label", [contract.label(contract.REPORTED_BY, r) for r in totals["reported_by"]])
    return _with_shares(totals)


def _with_shares(frame: pd.DataFrame) -> pd.DataFrame:
    base = frame["count"].where(frame["count"] > 0)
    frame["investigated_share"] = (frame["investigated"] / base).astype("float64")
    frame["followed_up_share"] = (frame["followed_up"] / base).astype("float64")
    return frame


@protect(
    "aggregate",
    counts=("count", "previous_count", "investigated", "followed_up"),
    derived={"change_share": ("count", "previous_count")} | _SHARES,
    not_counts=("change",),
)
def organisational(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """The organisational deviations (domain organisatorisk) per category; one row per category
    with one in the period or the comparison period. Columns as
    deviations.deviations_by_category without domain and the lex columns."""
    frame = deviations.deviations_by_category(conn, f.with_(domains=["organisatorisk"]))
    columns = [
        "category",
        "count",
        "previous_count",
        "change",
        "change_share",
        "investigated",
        "followed_up",
        "investigated_share",
        "followed_up_share",
    ]
    return frame[columns].reset_index(drop=True)
