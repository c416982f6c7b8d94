"""The one place that opens the database and reads named SQL."""

from __future__ import annotations

import weakref
from functools import cache
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "kvalitet.duckdb"
SQL_DIR = Path(__file__).resolve().parent / "analyses" / "sql"


def connect_readonly(path: str | Path = DEFAULT_DB) -> duckdb.DuckDBPyConnection:
    """Open the analytics database read-only, with no access to files or the network."""
    return duckdb.connect(
        str(path),
        read_only=True,
        config={"enable_external_access": False, "autoload_known_extensions": False},
    )


def quote_ident(name: str) -> str:
    """A table or column name double-quoted for DuckDB: the one place identifiers are escaped.

    Only names from the contract reach SQL this way; values are always bound parameters.
    """
    return '"' + name.replace('"', '""') + '"'


@cache
def sql(name: str) -> str:
    """The text of analytics/sql/<name>.sql."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


# Table names per read-only connection: its tables cannot change, and a page asks for them
# several times per render (about 1 ms a query).
_TABLE_NAMES: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, frozenset[str]] = (
    weakref.WeakKeyDictionary()
)


def table_names(conn: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """Names of the tables (and views) the connection sees; cached for a read-only connection."""
    names = _TABLE_NAMES.get(conn)
    if names is not None:
        return names
    with conn.cursor() as cur:
        rows = cur.execute("select table_name from information_schema.tables").fetchall()
        names = frozenset(row[0] for row in rows)
        read_only = cur.execute("select current_setting('access_mode')").fetchone() == ("read_only",)
    if read_only:
        _TABLE_NAMES[conn] = names
    return names


def table_exists(conn: duckdb.DuckDBPyConnection, name: str) -> bool:
    return name in table_names(conn)
