"""Shared fixtures. The demo is generated and loaded once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _action_store(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test gets its own empty action register, never the repository's data/actions.sqlite."""
    path = tmp_path_factory.mktemp("actions") / "actions.sqlite"
    monkeypatch.setenv("KVALITET_ACTIONS_URL", f"sqlite:///{path}")


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scale-1 demo folder, generated once with the default seed."""
    from analytics import demo

    out = tmp_path_factory.mktemp("demo")
    demo.generate(out, scale=1, seed=demo.DEFAULT_SEED)
    return out


@pytest.fixture(scope="session")
def demo_db(demo_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file loaded from the scale-1 demo through the product's own loader."""
    from analytics.ingest import load

    db = tmp_path_factory.mktemp("demo_db") / "demo.duckdb"
    load.load_folder(demo_folder, db)
    return db


@pytest.fixture(scope="session")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database loaded from the valid base folder of tests/folders.py (loaded once)."""
    from analytics.ingest import load
    from tests.folders import TODAY, write_folder

    root = tmp_path_factory.mktemp("base")
    db = root / "base.duckdb"
    load.load_folder(write_folder(root / "in"), db, today=TODAY)
    return db


@pytest.fixture
def db(base_db: Path, tmp_path: Path) -> Path:
    """A private copy of the base database that a test may try to overwrite."""
    target = tmp_path / "db" / "kvalitet.duckdb"
    target.parent.mkdir()
    shutil.copy(base_db, target)
    return target


# Environment a test of the app must not inherit from the shell or from another test.
_APP_ENV = ("KVALITET_ROLE", "KVALITET_UNITS", "KVALITET_ROLES", "KVALITET_MIN_CELL")


def _clear_app_state() -> None:
    import streamlit as st

    from analytics import privacy
    from ui import db as ui_db

    st.cache_data.clear()
    st.cache_resource.clear()
    privacy.set_min_cell(None)
    ui_db.forget_databases()


@pytest.fixture
def app_isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Empty Streamlit caches and Database objects, no role, units, role file or threshold from
    the environment, and the test's own access log; the same cleaned up after the test."""
    for name in _APP_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KVALITET_ACCESS_LOG", str(tmp_path / "access.jsonl"))
    _clear_app_state()
    yield
    _clear_app_state()


@pytest.fixture(autouse=True)
def _private_load_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loads run by tests append to a private history, never to the project's data/."""
    monkeypatch.setenv("KVALITET_LOAD_HISTORY", str(tmp_path / "load_history.jsonl"))
