"""Egenkontroll (the optional contract table egenkontroll): the year's plan against what was
done, which categories report results and analyses, and the results per unit.

A check without a unit is förvaltning-wide: it is counted when no organisation filter or unit
scope narrows the view (a chef sees the checks of their own units only). Numbers of checks are
not counts of people or events and are shown to every role; the numbers of records checked and
compliant are suppressed for politiker like other counts.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.analyses.query import run
from analytics.db import supplied
from analytics.filters import Filters
from analytics.privacy import protect

_CHECK_COUNTS = ("planned", "done", "with_result", "with_analysis", "reported")


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


@protect(
    "aggregate",
    counts=("checked", "compliant"),
    derived={"compliant_share": ("checked", "compliant")},
    not_counts=_CHECK_COUNTS,
)
def egenkontroll_by_category(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """One row per category with a check planned in the period.

    Columns: area (the category), planned, done, with_result (checks with a number checked),
    with_analysis, reported (reported to the nämnd), checked, compliant (records), compliant_share,
    done_share. Empty without the table.
    """
    if not supplied(conn, "egenkontroll"):
        return _empty(("area", *_CHECK_COUNTS, "checked", "compliant", "compliant_share", "done_share"))
    return run(conn, "egenkontroll_by_category", f)


@protect("unit_level")
def egenkontroll_by_unit(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """One row per selected unit with a check planned in the period.

    Columns: unit_id, unit_name, planned, done, with_result, checked, compliant, compliant_share.
    """
    if not supplied(conn, "egenkontroll"):
        return _empty(("unit_id", "unit_name", "planned", "done", "with_result", "checked", "compliant"))
    return run(conn, "egenkontroll_by_unit", f)


@protect("unit_level")
def egenkontroll_list(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """One row per check planned in the period, by planned date (no analysis text).

    Columns: check_id, area, unit_id (null: förvaltning-wide), unit_name, subject, planned_date,
    done_date, checked, compliant, compliant_share, reported_date.
    """
    if not supplied(conn, "egenkontroll"):
        return _empty(("check_id", "area", "unit_id", "unit_name", "subject", "planned_date", "done_date"))
    return run(conn, "egenkontroll_list", f)


def missing_results(by_category: pd.DataFrame) -> list[str]:
    """The categories of an egenkontroll_by_category result with checks planned but no result
    reported (what the Borås audit found for "fem av sju kategorier")."""
    if by_category.empty:
        return []
    lacking = by_category[pd.to_numeric(by_category["with_result"], errors="coerce").fillna(0) == 0]
    return sorted(lacking["area"])


@protect("free_text")
def egenkontroll_analyses(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """The written analyses of the checks planned in the period (free text: the viewer's role
    must be allowed free text, and each view is written to the access log).

    One row per check with an analysis. Columns: check_id, area, unit_id, unit_name, done_date,
    analysis.
    """
    if not supplied(conn, "egenkontroll"):
        return _empty(("check_id", "area", "unit_id", "unit_name", "done_date", "analysis"))
    return run(conn, "egenkontroll_analyses", f)
