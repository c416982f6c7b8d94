"""The app's one read-only Database (analytics.db.Database) and the cached calls into analytics.

Pages never open the database or run SQL: they call `db.call(analytics_function, filters, ...)`,
which runs the function on the Database's connection and caches its result keyed on the
function, the database version (path, inode, modification time and size, so a new load is
picked up), the small-count threshold and the arguments, with the viewer's scope as role and
units, never the user: viewers with the same scope share results.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import streamlit as st

from analytics import contract, db, privacy
from analytics.analyses import datastatus
from analytics.filters import Filters
from analytics.ingest import marts
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


NoDatabase = db.NoDatabase

# The product's read-only marts and tables: a database built by an older loader lacks the marts.
_REQUIRED = (*contract.REQUIRED_TABLES, *marts.MARTS, "supplied_tables")


def db_path() -> Path:
    """The database file: env KVALITET_DB, else the product default."""
    return db.default_path()


_databases: dict[Path, db.Database] = {}
_databases_lock = threading.Lock()


def database() -> db.Database:
    """The process's one Database object for the current path (tests change KVALITET_DB)."""
    path = db_path()
    with _databases_lock:
        if path not in _databases:
            _databases[path] = db.Database(path, required=_REQUIRED)
        return _databases[path]


def connection() -> duckdb.DuckDBPyConnection:
    """The read-only connection to the current database file; NoDatabase if none is usable.

    Only for a quick look (tests); queries go through `call`, which holds the connection open.
    """
    with database().connection() as (_, conn):
        return conn


def available() -> bool:
    """True when a usable database is loaded."""
    return database().available()


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


def cache_scope(f: Filters) -> Filters:
    """The Filters as a cache key: the scope without the user (role, units), so viewers with the
    same scope share results. The user is only for the access log, which is written per view."""
    return f if f.scope.user == "" else f.with_(scope=replace(f.scope, user=""))


def _key(value: Any) -> Any:
    return cache_scope(value) if isinstance(value, Filters) else value


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached(
    module: str, name: str, version: db.Version, min_cell: int, args: tuple, kwargs: tuple, _conn: Any
) -> Any:
    # version, min_cell, args and kwargs are the key (_conn is not hashed): a new file version, a
    # changed small-count threshold or another scope is a new entry.
    return _resolve(module, name)(_conn, *args, **dict(kwargs))


def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """fn(connection, *args, **kwargs), cached on the function, the database version, the
    small-count threshold and the arguments, with each Filters' scope as role and units (not
    the user).

    The arguments must be hashable values (Filters, str, int, tuples), never DataFrames. A
    result with brukare ids or free text (analytics.privacy.needs_access_log) is written to the
    access log once per view before it is returned; if the log cannot be written the page stops.
    """
    keyed_args = tuple(_key(a) for a in args)
    keyed_kwargs = tuple(sorted((k, _key(v)) for k, v in kwargs.items()))
    with database().connection() as (version, conn):
        result = _cached(
            fn.__module__, fn.__name__, version, privacy.min_cell(), keyed_args, keyed_kwargs, conn
        )
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


def forget_databases() -> None:
    """Close and forget every Database object (tests: a new path or file in each test)."""
    with _databases_lock:
        for database_ in _databases.values():
            database_.close()
        _databases.clear()
