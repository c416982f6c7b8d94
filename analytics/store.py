"""The one place that opens the database and reads named SQL."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "kvalitet.duckdb"
SQL_DIR = Path(__file__).resolve().parent / "sql"


def connect_readonly(path: str | Path = DEFAULT_DB) -> duckdb.DuckDBPyConnection:
    """Open the analytics database read-only, with no access to files or the network."""
    return duckdb.connect(
        str(path),
        read_only=True,
        config={"enable_external_access": False, "autoload_known_extensions": False},
    )


@cache
def sql(name: str) -> str:
    """The text of analytics/sql/<name>.sql."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def table_exists(conn: duckdb.DuckDBPyConnection, name: str) -> bool:
    with conn.cursor() as cur:
        row = cur.execute(
            "select count(*) from information_schema.tables where table_name = $name",
            {"name": name},
        ).fetchone()
    return bool(row and row[0])
