"""The one place that opens the database, executes SQL on it and reads named SQL.

`Database` (as datasette's) owns the product database for a long-running reader (the app): the
read-only connection, reopened when a load replaces the file and closed only when no query is
using it; a cursor per query (a DuckDB connection is not thread-safe, its cursors are);
execution with bound parameters; the file's version for caches; and which tables are there.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:  # the loader imports this module and never needs pandas
    import pandas as pd

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


def supplied_tables(conn: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """The contract tables whose file was supplied in the load that built the database.

    Every contract table exists after a load (empty when its file was not supplied); this is what
    tells a table that was not supplied (its figures are null, its page says so) from one that
    was supplied without rows in the period.
    """
    if not table_exists(conn, "supplied_tables"):
        return frozenset()
    with conn.cursor() as cur:
        return frozenset(row[0] for row in cur.execute("select table_name from supplied_tables").fetchall())


def supplied(conn: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Was the file of contract table `name` supplied in the load?"""
    return name in supplied_tables(conn)


# A file version: a load replaces the file (os.replace), giving it a new inode and mtime.
Version = tuple[str, int, int, int]


class NoDatabase(Exception):
    """The database file is missing, unreadable, or not built by this version's loader."""


class Database:
    """The product database at `path`, read-only, for a process that serves many readers.

    DuckDB keeps one database instance per path in a process: while a connection to a replaced
    file is open, connecting to the path again serves the OLD file. So a new file version is
    opened only after the old connection is closed, and it is closed only when no query is
    using it; until then readers keep the old version (consistent, one load behind).
    """

    def __init__(self, path: str | Path, required: tuple[str, ...] = ()) -> None:
        self.path = Path(path)
        self.required = required
        self._lock = threading.Lock()
        self._conn: duckdb.DuckDBPyConnection | None = None
        self._version: Version | None = None
        self._users = 0

    def version(self) -> Version:
        """The file's identity now (path, inode, mtime, size); NoDatabase when it is missing."""
        try:
            stat = self.path.stat()
        except OSError as exc:
            raise NoDatabase(str(self.path)) from exc
        return str(self.path.resolve()), stat.st_ino, stat.st_mtime_ns, stat.st_size

    def _open(self) -> duckdb.DuckDBPyConnection:
        try:
            conn = connect_readonly(self.path)
            missing = [t for t in self.required if not table_exists(conn, t)]
        except (duckdb.Error, OSError) as exc:
            raise NoDatabase(f"{self.path}: {exc}") from exc
        if missing:
            conn.close()
            raise NoDatabase(
                f"{self.path}: saknar tabellerna {', '.join(missing)} (ladda om mappen med denna version)"
            )
        return conn

    def _current(self) -> tuple[Version, duckdb.DuckDBPyConnection]:
        # with the lock held
        version = self.version()
        if self._conn is not None and (self._version == version or self._users > 0):
            # a new version waits until no query uses the old connection
            return self._version, self._conn  # type: ignore[return-value]
        if self._conn is not None:
            self._conn.close()
            self._conn, self._version = None, None
        self._conn, self._version = self._open(), version
        return version, self._conn

    @contextmanager
    def connection(self) -> Iterator[tuple[Version, duckdb.DuckDBPyConnection]]:
        """(version, connection) for the block; the connection is not closed before it ends."""
        with self._lock:
            version, conn = self._current()
            self._users += 1
        try:
            yield version, conn
        finally:
            with self._lock:
                self._users -= 1

    def execute(self, sql_text: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """Run one statement with bound parameters on a cursor of its own; a DataFrame."""
        with self.connection() as (_, conn), conn.cursor() as cur:
            return cur.execute(sql_text, params or {}).df()

    def table_names(self) -> frozenset[str]:
        with self.connection() as (_, conn):
            return table_names(conn)

    def supplied_tables(self) -> frozenset[str]:
        with self.connection() as (_, conn):
            return supplied_tables(conn)

    def available(self) -> bool:
        try:
            with self.connection():
                return True
        except NoDatabase:
            return False

    def close(self) -> None:
        """Close the connection now (tests); waits for nobody, so only call it when idle."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            self._conn, self._version = None, None


def default_path() -> Path:
    """The database file: env KVALITET_DB, else the product default."""
    return Path(os.environ.get("KVALITET_DB") or DEFAULT_DB)
