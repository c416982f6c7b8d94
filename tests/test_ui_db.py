"""The app's Database and result cache: keyed on scope and threshold (not the user), and a
connection in use is never closed under a query."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from app_helpers import small_tables, write_db

from analytics import db, privacy
from analytics.analyses import overview
from analytics.filters import Filters, Period, Scope
from ui import db as ui_db

YEAR = Period.calendar_year(2022)

pytestmark = pytest.mark.usefixtures("app_isolated")


@pytest.fixture
def small_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small database (2022: 3 falls) as KVALITET_DB."""
    path = write_db(tmp_path / "small.duckdb", small_tables())
    monkeypatch.setenv("KVALITET_DB", str(path))
    return path


def _falls(user: str) -> object:
    f = Filters.build(YEAR, Scope(role="politiker", user=user))
    return ui_db.call(overview.kpis, f).set_index("key").loc["fall", "count"]


def _counting(monkeypatch) -> list[str]:
    """The names of the analytics functions the cache actually runs (a miss), in order."""
    runs: list[str] = []
    resolve = ui_db._resolve

    def counting(module: str, name: str):
        runs.append(name)
        return resolve(module, name)

    monkeypatch.setattr(ui_db, "_resolve", counting)
    return runs


def test_a_raised_threshold_applies_at_once(small_db, monkeypatch):
    # Since issue 13 a politiker's count is hidden when it is small in any period of the year,
    # so on this small database every count is hidden at 3 and at 4: what must hold is that a
    # new threshold is a new cache entry (before, the result cached under 3 was served at 4).
    runs = _counting(monkeypatch)
    privacy.set_min_cell(3)
    _falls("anna")
    _falls("anna")
    assert runs == ["kpis"]  # the same threshold: served from the cache
    privacy.set_min_cell(4)  # the same database file
    _falls("anna")
    assert runs == ["kpis", "kpis"]  # computed again under the new threshold


def test_viewers_with_the_same_scope_share_one_result(small_db, monkeypatch):
    runs = _counting(monkeypatch)
    privacy.set_min_cell(3)
    anna, bertil = _falls("anna"), _falls("bertil")
    assert (pd.isna(anna) and pd.isna(bertil)) or anna == bertil
    assert runs == ["kpis"]  # computed once for both politiker
    chef = Filters.build(YEAR, Scope(role="chef", units=("U1",), user="anna"))
    ui_db.call(overview.kpis, chef)
    assert runs == ["kpis", "kpis"]  # another scope is another result


def test_a_connection_in_use_is_not_closed_by_a_new_load(tmp_path: Path):
    path = write_db(tmp_path / "k.duckdb", small_tables())
    database = db.Database(path)
    try:
        with database.connection() as (old_version, old_conn):
            # a load replaces the file while a query is using the connection
            newer = write_db(tmp_path / "new.duckdb", {**small_tables(), "deviations": []})
            shutil.copy(newer, tmp_path / "next.duckdb")
            os.replace(tmp_path / "next.duckdb", path)
            with database.connection() as (version, conn):
                assert (version, conn) == (old_version, old_conn)  # the old file, still open
            with old_conn.cursor() as cur:
                assert cur.execute("select count(*) from deviations").fetchone() == (7,)
        with database.connection() as (version, conn):  # idle now: the new file is opened
            assert version != old_version
            with conn.cursor() as cur:
                assert cur.execute("select count(*) from deviations").fetchone() == (0,)
    finally:
        database.close()
