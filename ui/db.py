"""The app's one read-only database connection and the cached calls into analytics.

Pages never open the database or run SQL: they call `db.call(analytics_function, filters, ...)`,
which runs the function on the cached connection and caches its result keyed on the database
file (path, inode, modification time and size, so a new load is picked up) and the hashable
arguments.
"""

from __future__ import annotations

import importlib
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import streamlit as st

from analytics import contract, db, privacy
from analytics.analyses import datastatus
from analytics.filters import Filters
from analytics.privacy import access_log

log = logging.getLogger(__name__)

T = TypeVar("T")

NO_DATABASE = "Ingen databas laddad. Kör `make run` eller `python -m analytics load MAPP`."

# Short Swedish names of the optional tables, for "X saknas" messages.
TABLE_NOUNS: dict[str, str] = {
    "brukare": "Brukardata",
    "signings": "Signeringsdata",
    "complaints": "Data om synpunkter och klagomål",
    "survey_participation": "Deltagardata för brukarundersökningen",
    "survey_results": "Resultat från brukarundersökningen",
    "survey_questions": "Frågorna i brukarundersökningen",
    "survey_benchmarks": "Jämförelsevärden för brukarundersökningen",
    "work_incidents": "Arbetsmiljödata (Kia)",
    "egenkontroll": "Planen för egenkontroll",
    "risker": "Riskanalyserna",
}


class NoDatabase(Exception):
    """The database file is missing, unreadable, or not a product database."""


def db_path() -> Path:
    """The database file: env KVALITET_DB, else the product default."""
    return Path(os.environ.get("KVALITET_DB") or db.DEFAULT_DB)


# The file's identity: a load replaces the file (os.replace), which gives it a new inode and
# modification time.
DbKey = tuple[str, int, int, int]


def _db_key() -> DbKey:
    path = db_path()
    try:
        stat = path.stat()
    except OSError as exc:
        raise NoDatabase(str(path)) from exc
    return str(path.resolve()), stat.st_ino, stat.st_mtime_ns, stat.st_size


def _open(path: str) -> duckdb.DuckDBPyConnection:
    try:
        conn = db.connect_readonly(path)
        missing = [t for t in contract.REQUIRED_TABLES if not db.table_exists(conn, t)]
    except (duckdb.Error, OSError) as exc:
        raise NoDatabase(f"{path}: {exc}") from exc
    if missing:
        conn.close()
        raise NoDatabase(f"{path}: saknar tabellerna {', '.join(missing)}")
    return conn


class _Holder:
    """The process's one read-only connection, reopened when the database file is replaced.

    DuckDB keeps one database instance per path in a process: while any connection to the old
    instance is open, connecting to the same path again serves the OLD (replaced) file. So the
    old connection is closed first, once the queries running on it have finished.
    """

    WAIT_SECONDS = 30.0

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.key: DbKey | None = None
        self.conn: duckdb.DuckDBPyConnection | None = None
        self.users = 0

    def _current(self) -> tuple[DbKey, duckdb.DuckDBPyConnection]:
        # called with the lock held
        key = _db_key()
        if self.key != key:
            self.lock.wait_for(lambda: self.users == 0, timeout=self.WAIT_SECONDS)
            if self.conn is not None:
                self.conn.close()
            self.key, self.conn = None, None
            self.conn, self.key = _open(key[0]), key
        assert self.conn is not None
        return key, self.conn

    def connection(self) -> duckdb.DuckDBPyConnection:
        with self.lock:
            return self._current()[1]

    @contextmanager
    def using(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The current connection, not closed by a reload until the block ends."""
        with self.lock:
            _, conn = self._current()
            self.users += 1
        try:
            yield conn
        finally:
            with self.lock:
                self.users -= 1
                self.lock.notify_all()


_holder = _Holder()


def connection() -> duckdb.DuckDBPyConnection:
    """The read-only connection to the current database file; NoDatabase if none is usable."""
    return _holder.connection()


def available() -> bool:
    """True when a usable database is loaded."""
    try:
        connection()
    except NoDatabase:
        return False
    return True


def require() -> None:
    """Stop the page with a plain Swedish message when no database is loaded."""
    if not available():
        st.info(NO_DATABASE, icon=":material/database:")
        st.stop()


def _resolve(module: str, name: str) -> Callable[..., Any]:
    # Only public functions of the product's analytics package can be called through the cache.
    if not module.startswith("analytics.") or name.startswith("_"):
        raise ValueError(f"not an analytics function: {module}.{name}")
    fn = getattr(importlib.import_module(module), name)
    if not callable(fn):
        raise ValueError(f"not callable: {module}.{name}")
    return fn


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached(module: str, name: str, db_key: DbKey, args: tuple, kwargs: tuple) -> Any:
    # db_key is only the cache key: a new file version is a new entry.
    with _holder.using() as conn:
        return _resolve(module, name)(conn, *args, **dict(kwargs))


def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """fn(connection, *args, **kwargs), cached on the database version and the arguments.

    The arguments must be hashable values (Filters, str, int, tuples), never DataFrames. A
    result with brukare ids or free text (analytics.privacy.needs_access_log) is written to the
    access log once per view before it is returned; if the log cannot be written the page stops.
    """
    result = _cached(fn.__module__, fn.__name__, _db_key(), args, tuple(sorted(kwargs.items())))
    if privacy.needs_access_log(fn):
        f = next((a for a in (*args, *kwargs.values()) if isinstance(a, Filters)), None)
        if f is None:
            raise ValueError(f"{fn.__name__}: a logged view needs the Filters")
        _log_view(fn, f, result)
    return result


def allowed(fn: Callable[..., Any], f: Filters) -> bool:
    """May the viewer's role see fn's result at all (politiker get no unit or brukare rows)?"""
    return privacy.allowed(fn, f.scope)


PAGE_KEY = "_kvalitet_page"
# The logged views on screen in this run and in the run before: a rerun that shows the same
# view again (a widget on the page changed) is not a new view; coming back to it later is.
_LOGGED_KEY = "_kvalitet_logged_views"
_LOGGED_BEFORE_KEY = "_kvalitet_logged_views_before"
_RECORD_ID_COLUMNS = ("deviation_id", "complaint_id", "check_id")


def _log_view(fn: Callable[..., Any], f: Filters, result: Any) -> None:
    kind = str(privacy.rule_of(fn).sensitivity)
    brukare_ids = access_log.brukare_ids_in(result)
    record_ids = next((list(result[c].dropna()) for c in _RECORD_ID_COLUMNS if c in result.columns), None)
    _write_log(f, kind, brukare_ids, record_ids, brukare_ids)


def log_view(f: Filters, kind: str, record_ids: list[str], brukare_ids: list[str] | None = None) -> None:
    """Write one view of free text or brukare ids that does not come through `call` (e.g. an
    action's description in the action register) to the access log, once per view; the page
    stops when the log cannot be written. The record ids tell one view from another."""
    brukare = list(brukare_ids or [])
    _write_log(f, kind, brukare, list(record_ids), [*brukare, *(f"#{r}" for r in record_ids)])


def _write_log(
    f: Filters, kind: str, brukare_ids: list[str], record_ids: list[str] | None, key_ids: list[str]
) -> None:
    page = st.session_state.get(PAGE_KEY, "okänd sida")
    key = access_log.view_key(f.scope.user, page, f, key_ids, kind)
    logged: set[str] = st.session_state.setdefault(_LOGGED_KEY, set())
    if key in logged or key in st.session_state.get(_LOGGED_BEFORE_KEY, set()):
        logged.add(key)  # still on screen: a rerun of the same view is not a new view
        return
    try:
        access_log.log_view(f.scope.user, f.scope.role, page, f, brukare_ids, kind, record_ids=record_ids)
    except OSError as exc:
        log.error("Åtkomstloggen kunde inte skrivas: %s", exc)
        st.error("Åtkomstloggen kunde inte skrivas, därför visas inte uppgifterna. Kontakta förvaltaren.")
        st.stop()
    logged.add(key)


def start_run() -> None:
    """Called by app.py at the start of every run, before the page: the views logged in the
    previous run are the ones a rerun may show again without a new log entry."""
    st.session_state[_LOGGED_BEFORE_KEY] = st.session_state.get(_LOGGED_KEY, set())
    st.session_state[_LOGGED_KEY] = set()


def loaded_tables() -> frozenset[str]:
    return call(datastatus.loaded_tables)


def has_table(name: str) -> bool:
    return name in loaded_tables()


def missing_table_message(name: str) -> str:
    """ "Signeringsdata saknas: lägg signings.parquet eller signings.csv i mappen och ladda om." """
    noun = TABLE_NOUNS.get(name, contract.TABLES[name].label)
    return f"{noun} saknas: lägg {name}.parquet eller {name}.csv i mappen och ladda om."


def require_tables(*names: str) -> None:
    """Stop the page with a message naming each optional table it needs that is not loaded."""
    missing = [n for n in names if not has_table(n)]
    for name in missing:
        st.info(missing_table_message(name), icon=":material/folder_off:")
    if missing:
        st.stop()
