"""The comparison period and whether the data reach back to it (key-figures.md, version 2).

Every `previous_*` figure counts the filters' comparison period (`Filters.comparison`: the same
dates one year earlier by default, or the period just before). A comparison the data do not
cover is null, never 0: the "Covered" rule says a table covers a comparison period when its
first dated row lies in the month of the period's first day or earlier.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from analytics.db import quote_ident
from analytics.filters import Filters
from analytics.privacy import protect

# The tables that carry comparison figures, with the date that selects their rows.
DATED_TABLES: dict[str, str] = {
    "deviations": "reported_date",
    "complaints": "received_date",
    "work_incidents": "date",
}

# Columns of a result that hold or are computed from the comparison period's counts.
COMPARISON_COLUMNS: tuple[str, ...] = ("change", "change_share")


def _first_day(conn: duckdb.DuckDBPyConnection, table: str) -> date | None:
    if table not in DATED_TABLES:
        raise ValueError(f"Okänd tabell för jämförelse: {table!r}. Tillåtna: {', '.join(DATED_TABLES)}")
    column = quote_ident(DATED_TABLES[table])
    with conn.cursor() as cur:
        # every contract table exists after a load; one not supplied is empty: min is null
        row = cur.execute(f"select min({column}) from {quote_ident(table)}").fetchone()  # noqa: S608 (allow-listed names)
    return row[0] if row else None


def reaches_back(first: date | None, start: date) -> bool:
    """True when data whose first dated row is `first` cover a period starting on `start`."""
    return first is not None and (first.year, first.month) <= (start.year, start.month)


@protect("meta")
def covered(conn: duckdb.DuckDBPyConnection, f: Filters, table: str = "deviations") -> bool:
    """Does `table` reach back to the first day of the filters' comparison period?

    `table` is a key of DATED_TABLES. The whole table counts, not the selected units: "the data
    do not reach back" is about the source, not about a unit that reported nothing.
    """
    try:
        start = f.comparison.start
    except (ValueError, OverflowError):  # a comparison before year 1 has no data
        return False
    return reaches_back(_first_day(conn, table), start)


def blank_uncovered(
    frame: pd.DataFrame,
    conn: duckdb.DuckDBPyConnection,
    f: Filters,
    table: str = "deviations",
    keep_rows: bool = False,
) -> pd.DataFrame:
    """The frame with its comparison columns (previous_*, change, change_share) null when
    `table` does not reach back to the comparison period (and without the rows with `count` 0
    that were there for the comparison only, unless `keep_rows`: a one-row total); unchanged
    otherwise."""
    columns = [c for c in frame.columns if c.startswith("previous_") or c in COMPARISON_COLUMNS]
    if not columns or covered(conn, f, table):
        return frame
    frame = frame.copy()
    if "count" in frame.columns and not keep_rows:
        # a row that only the comparison period gave (count 0, a comparison count > 0) has
        # nothing left to show; a row of zeros kept on purpose (a fixed list) stays
        before = [c for c in columns if c.startswith("previous_")]
        only_before = frame[before].apply(pd.to_numeric, errors="coerce").fillna(0).gt(0).any(axis=1)
        frame = frame[~((frame["count"].fillna(0) == 0) & only_before)].reset_index(drop=True)
    for column in columns:
        dtype = frame[column].dtype
        if pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
            frame[column] = pd.array([pd.NA] * len(frame), dtype="Int64")
        else:
            frame[column] = float("nan")
    return frame
