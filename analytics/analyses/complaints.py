"""Synpunkter och klagomål: counts by unit type, area, category, sender and kind; answer times.

Every function selects complaints by `received_date` in the period.

Organisation filters. A complaint that names a unit passes when the unit passes the filters and
the viewer's scope. A complaint with only an `area` (no unit) is grouped as unit_type 'ovrigt'
with operator null, and passes when
- no operator or unit filter is active (for a chef, the scope is a unit filter, so a chef never
  sees area-only complaints: they cannot be attributed to the chef's units),
- the unit_type filter is absent or contains 'ovrigt' (where the row is shown),
- its area is among the chosen areas (if any), and
- with an administration filter, some unit of those administrations carries that area name.

Confidential complaints (sekretessmarkerade) are only ever counted: no function returns their
description, and `complaints_list` leaves them out altogether.

Without a supplied complaints file (the table is there, empty) every function returns an empty
frame, and `complaint_totals` its row of nulls: those figures cannot be computed, which is not 0.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.analyses.query import run
from analytics.db import supplied
from analytics.filters import Filters
from analytics.privacy import protect

# Code shown for a complaint without category / sender (key-figures `complaints`).
UNCATEGORISED = "okategoriserad"
UNKNOWN_SENDER = "okand"
# unit_type of a complaint that names only an area.
AREA_ONLY_UNIT_TYPE = "ovrigt"

_TOTAL_COLUMNS: dict[str, str] = {"count": "Int64", "previous_count": "Int64", "confidential": "Int64"}


def _absent(conn: duckdb.DuckDBPyConnection) -> bool:
    return not supplied(conn, "complaints")


def _by_code(conn: duckdb.DuckDBPyConnection, f: Filters, by: str) -> pd.DataFrame:
    """Counts per code of column `by` (category, sender or kind), most first; columns by, count."""
    return run(conn, "complaints_by_code", f, by=by).rename(columns={"code": by})


@protect("aggregate", counts=("count", "previous_count", "confidential"), groups=None)
def complaint_totals(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Complaint totals; exactly one row.

    Columns: count (received in the period), previous_count (in the previous period of the same
    number of days), confidential (the period's confidential ones). Without a complaints table
    the row holds nulls (Int64 <NA>): the figures cannot be computed, which is not 0.
    """
    if _absent(conn):
        return pd.DataFrame({name: pd.array([pd.NA], dtype=dtype) for name, dtype in _TOTAL_COLUMNS.items()})
    return run(conn, "complaint_totals", f)


@protect("aggregate", counts=("count",))
def complaints_by_unit_type(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Complaints per unit type and operator; one row per (unit_type, operator) with complaints
    in the period, sorted by unit_type, then operator with nulls last.

    Columns: unit_type (area-only complaints: 'ovrigt'), operator (null for area-only), count.
    """
    return run(conn, "complaints_by_unit_type", f)


@protect("aggregate", counts=("count",))
def complaints_by_area(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Complaints per verksamhetsområde; one row per area with complaints in the period, sorted
    by area.

    Columns: area (the unit's area, or the complaint's own area when it names no unit), count.
    """
    return run(conn, "complaints_by_area", f)


@protect("aggregate", counts=("count",))
def complaints_by_category(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Complaints per category; one row per category with complaints in the period, sorted by
    count descending, then category code.

    Columns: category (code; null category as 'okategoriserad'), count.
    """
    return _by_code(conn, f, "category")


@protect("aggregate", counts=("count",))
def complaints_by_sender(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Complaints per sender; one row per sender with complaints in the period, sorted by count
    descending, then sender code.

    Columns: sender (code; null sender as 'okand', counted with rows coded 'okand'), count.
    """
    return _by_code(conn, f, "sender")


@protect("aggregate", counts=("count",))
def complaints_by_kind(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Complaints per kind; one row per kind with complaints in the period, sorted by count
    descending, then kind code.

    Columns: kind (klagomal, synpunkt, berom, forslag), count.
    """
    return _by_code(conn, f, "kind")


@protect(
    "aggregate",
    counts=("count", "answered", "open"),
    derived={
        "answered": ("open",),
        "open": ("answered",),
        "answered_share": ("answered", "count"),
        "median_days": ("answered",),
    },
)
def complaint_answer_times(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Handling of the period's complaints; one row with kind 'all' (always present, count 0 when
    none), then one per kind with complaints, sorted by kind.

    Columns: kind, count, answered (answered_date given), answered_share (answered / count, null
    when count is 0), median_days (median days from received_date to answered_date over the
    answered ones; null when none), open (no answered_date yet, as of the last load). Empty,
    without the 'all' row, when no complaints file was supplied.
    """
    times = run(conn, "complaint_answer_times", f)
    return times.iloc[0:0] if _absent(conn) else times


@protect("free_text")
def complaints_list(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """The period's complaints for a table in the dashboard; one row per NON-confidential
    complaint, sorted by received_date, complaint_id. Confidential complaints are left out.

    Columns: complaint_id, received_date, unit_id, unit_name, area, unit_type, operator (the
    last four as in complaints_by_unit_type / _by_area), kind, category, sender, answered_date,
    days_to_answer (Int64, null while open), description (free text, sensitive; null unless the
    viewer's role may see free text, `Scope.sees_free_text`). The page must render description
    escaped and may drop the column for roles that should not see it.
    """
    return run(conn, "complaints_list", f, show_free_text=f.scope.sees_free_text)
