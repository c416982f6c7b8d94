"""What is loaded, from where, and how complete it is: the truth behind the "Data" page.

Every function takes a read-only connection and returns a materialised DataFrame (or plain
values). Table and column names come from the contract only, never from user input.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from analytics import contract
from analytics.analyses import query
from analytics.db import quote_ident, supplied_tables
from analytics.filters import Filters
from analytics.privacy import protect

# Tables whose period (min/max date) is read from a mart with the same dates and far fewer rows.
_PERIOD_SOURCE: dict[str, str] = {"signings": "mart_signings_daily"}

# Tables whose rows carry a survey year instead of a date.
_YEAR_COLUMN = "year"


@protect("meta")
def loaded_tables(conn: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """Names of the contract tables whose file was supplied in the load (every contract table
    exists after a load, empty when its file was not supplied)."""
    return supplied_tables(conn)


@protect("meta")
def has_load_log(conn: duckdb.DuckDBPyConnection) -> bool:
    with conn.cursor() as cur:
        row = cur.execute(
            "select count(*) from information_schema.tables where table_name = 'load_log'"
        ).fetchone()
    return bool(row and row[0])


@protect("meta")
def missing_optional_tables(conn: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """Optional contract tables absent from the database, in contract order."""
    present = loaded_tables(conn)
    return tuple(n for n in contract.OPTIONAL_TABLES if n not in present)


def _period_expressions(table: contract.Table) -> tuple[str, str] | None:
    column = contract.PERIOD_COLUMN.get(table.name)
    if column:
        return f"min({quote_ident(column)})", f"max({quote_ident(column)})"
    if _YEAR_COLUMN in table.column_names:
        y = quote_ident(_YEAR_COLUMN)
        return f"make_date(cast(min({y}) as integer), 1, 1)", f"make_date(cast(max({y}) as integer), 12, 31)"
    return None


@protect("meta")
def table_status(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per contract table, in contract order.

    Columns: table, label, required (bool), loaded (bool), rows (Int64, null when absent),
    period_from, period_to (datetime64, NaT when none: min/max of the table's period column, a
    survey year spans its calendar year), last_loaded_at (datetime64 or NaT, from load_log).
    """
    present = loaded_tables(conn)
    last_loads: dict[str, object] = {}
    if has_load_log(conn):
        log = query.run(conn, "datastatus_last_loads")
        last_loads = dict(zip(log["table_name"], log["last_loaded_at"], strict=True))
    records = []
    for name, table in contract.TABLES.items():
        rows = period_from = period_to = None
        if name in present:
            period = _period_expressions(table)
            # The dates of event-level signings come from their daily mart: no page scans events
            # (count(*) is read from the table's metadata).
            source = quote_ident(_PERIOD_SOURCE.get(name, name))
            with conn.cursor() as cur:
                # identifiers from the contract and the marts only, quoted by quote_ident
                rows = int(cur.execute(f"select count(*) from {quote_ident(name)}").fetchone()[0])  # noqa: S608
                if period:
                    period_from, period_to = cur.execute(
                        f"select {period[0]}, {period[1]} from {source}"  # noqa: S608
                    ).fetchone()
        records.append(
            {
                "table": name,
                "label": table.label,
                "required": table.required,
                "loaded": name in present,
                "rows": rows,
                "period_from": period_from,
                "period_to": period_to,
                "last_loaded_at": last_loads.get(name),
            }
        )
    df = pd.DataFrame.from_records(records)
    df["rows"] = df["rows"].astype("Int64")
    for column in ("period_from", "period_to", "last_loaded_at"):
        df[column] = pd.to_datetime(df[column])
    return df


@protect("meta")
def load_log(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per file of every load, newest first (empty without a load_log table).

    Columns: load_id, loaded_at, source, file, table_name, sha256, rows, period_from, period_to,
    contract_version.
    """
    if not has_load_log(conn):
        return pd.DataFrame(
            columns=[
                "load_id",
                "loaded_at",
                "source",
                "file",
                "table_name",
                "sha256",
                "rows",
                "period_from",
                "period_to",
                "contract_version",
            ]
        )
    return query.run(conn, "datastatus_load_log")


@protect("meta")
def null_counts(conn: duckdb.DuckDBPyConnection, only_missing: bool = True) -> pd.DataFrame:
    """Missing values per loaded table and column; one row per (table, column).

    Columns: table, table_label, column, column_label, required (bool: the column is required),
    rows, nulls, null_share (null when the table is empty). With only_missing, columns without a
    null are left out.
    """
    records = []
    present = loaded_tables(conn)
    with conn.cursor() as cur:  # counted once at load (mart_column_nulls): no scan of the events
        counted = {
            (t, c): (int(rows), int(nulls))
            for t, c, rows, nulls in cur.execute(
                "select table_name, column_name, rows, nulls from mart_column_nulls"
            ).fetchall()
        }
    for name, table in contract.TABLES.items():
        if name not in present:
            continue
        for column in table.columns:
            total, nulls = counted[(name, column.name)]
            if only_missing and nulls == 0:
                continue
            records.append(
                {
                    "table": name,
                    "table_label": table.label,
                    "column": column.name,
                    "column_label": column.label,
                    "required": column.required,
                    "rows": total,
                    "nulls": nulls,
                    "null_share": nulls / total if total else None,
                }
            )
    columns = ["table", "table_label", "column", "column_label", "required", "rows", "nulls", "null_share"]
    return pd.DataFrame.from_records(records, columns=columns)


@protect(
    "aggregate",
    counts=("deviations", "annat", "not_investigated", "not_followed_up", "without_brukare"),
    derived={
        "annat_share": ("annat", "deviations"),
        "not_investigated_share": ("not_investigated", "deviations"),
        "not_followed_up_share": ("not_followed_up", "deviations"),
    },
)
def deviation_quality(conn: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Completeness of the period's deviations; one row per domain with deviations.

    Columns: domain, deviations, annat, annat_share, not_investigated, not_investigated_share,
    not_followed_up, not_followed_up_share, without_brukare.
    """
    return query.run(conn, "datastatus_deviation_quality", f)


@protect("meta")
def org_options(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Distinct (administration, area, unit_type, operator) of the units: the filter choices."""
    return query.run(conn, "datastatus_org_options")


@protect("meta")
def data_period(conn: duckdb.DuckDBPyConnection) -> tuple[date, date] | None:
    """First and last reported_date of the deviations, or None when there are none."""
    with conn.cursor() as cur:
        row = cur.execute("select min(reported_date), max(reported_date) from deviations").fetchone()
    if not row or row[0] is None:
        return None
    return row[0], row[1]


@protect("meta")
def unit_types(conn: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """unit_id -> unit_type for every unit (to check a drill link's unit against its type)."""
    with conn.cursor() as cur:
        return dict(cur.execute("select unit_id, unit_type from units").fetchall())


@protect("meta")
def unit_names(conn: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """unit_id -> unit_name for every unit (breadcrumbs and labels)."""
    with conn.cursor() as cur:
        return dict(cur.execute("select unit_id, unit_name from units").fetchall())
