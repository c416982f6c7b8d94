"""Key-figure cards for a politiker: every hidden count reads ".." (small or complementary),
on a hand-made database where the numbers are visible."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import tiny_db
from app_helpers import assert_clean, metric, run_page, small_tables, write_db

from analytics import privacy
from ui import kpi


@pytest.fixture(autouse=True)
def politiker(app_isolated, monkeypatch: pytest.MonkeyPatch):
    """Role politiker in local mode, default threshold (isolation: conftest.app_isolated)."""
    monkeypatch.setenv("KVALITET_ROLE", "politiker")


def _deviations(domain: str, category: str, n: int, start: int, unit: str = "U1") -> list[dict]:
    return [
        {
            "deviation_id": f"D{start + i}",
            "reported_date": date(2022, 1 + i % 12, 1),
            "unit_id": unit,
            "domain": domain,
            "category": category,
        }
        for i in range(n)
    ]


@pytest.fixture
def domains_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """2022: HSL 10 falls, LSS 3, SoL 7 (so SoL is hidden to protect LSS); nothing in 2021."""
    tables = {
        "units": [tiny_db.unit("U1", "gruppbostad_lss")],
        "census": tiny_db.census_year("U1", 2022, 8),
        "deviations": _deviations("hsl", "fall", 10, 0)
        + _deviations("lss", "utebliven_insats", 3, 100)
        + _deviations("sol", "utebliven_insats", 7, 200),
    }
    path = write_db(tmp_path / "domains.duckdb", tables)
    monkeypatch.setenv("KVALITET_DB", str(path))
    return path


@pytest.fixture
def small_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """app_helpers.small_tables: 3 falls in 2022, 1 in 2021; 2 hot och våld in 2022."""
    path = write_db(tmp_path / "small.duckdb", small_tables())
    monkeypatch.setenv("KVALITET_DB", str(path))
    return path


def _card(at, label: str):
    (card,) = [m for m in at.metric if m.label == label]
    return card


def test_small_kpi_count_reads_below_five_on_the_overview(small_db) -> None:
    at = run_page(None, {"ar": "2022"})
    assert_clean(at)
    fall = _card(at, "Fall")
    assert fall.value == ".."  # 3 falls
    assert fall.proto.delta_description == "2021: .."  # 1 fall
    assert fall.delta == ""  # no change computed from hidden counts
    assert metric(at, "Hot och våld") == ".."


@pytest.mark.parametrize(
    ("page", "label"),
    [
        ("views/fall.py", "Fallavvikelser"),
        ("views/fall.py", "Brukare som föll"),
        ("views/hot_och_vald.py", "Hot och våld"),
        ("views/lakemedel.py", "Läkemedelsavvikelser"),
    ],
)
def test_small_count_cards_on_the_subject_pages(small_db, page, label) -> None:
    at = run_page(page, {"ar": "2022", "period": "Kalenderår"})
    assert_clean(at)
    if label == "Läkemedelsavvikelser":  # none in either period: 0 is shown, it identifies nobody
        assert metric(at, label) == "0"
    else:
        assert metric(at, label) == ".."


def test_complementary_hidden_count_reads_the_same_symbol(domains_db) -> None:
    at = run_page("views/avvikelser.py", {"ar": "2022"})
    assert_clean(at)
    assert metric(at, "HSL") == "10"
    assert metric(at, "LSS") == ".."
    assert metric(at, "SoL") == ".."  # not small: hidden so that LSS cannot be recovered, same symbol


def test_count_text_reads_the_reason_from_the_frame() -> None:
    raw = pd.DataFrame({"label": ["a", "b", "c"], "count": [10, 3, 7]})
    hidden = privacy.suppress(raw, ("count",)).frame
    assert [kpi.count_text(hidden, "count", i) for i in range(3)] == ["10", "..", ".."]
    assert [kpi.count_text(raw, "count", i) for i in range(3)] == ["10", "3", "7"]
    # the records a page used to pass carried no reason: the frame must be passed instead
    assert "suppressed" not in pd.DataFrame(hidden.to_dict("records")).attrs
