"""Shared fixtures. The demo is generated and loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest


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
    from analytics import load

    db = tmp_path_factory.mktemp("demo_db") / "demo.duckdb"
    load.load_folder(demo_folder, db)
    return db
