"""Quick leaks closed (issue 13): a download of brukare rows is written to the access log, the
table toolbar's own download is off, and the page icon is not fetched from outside."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import streamlit as st
from app_helpers import ROOT, assert_clean, full_tables, run_page, write_db

from ui import tables

HOT = "views/hot_och_vald.py"


@pytest.fixture(autouse=True)
def on_full_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small database with every optional table, role analytiker, a test access log."""
    for name in ("KVALITET_ROLE", "KVALITET_UNITS", "KVALITET_MIN_CELL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KVALITET_ACCESS_LOG", str(tmp_path / "access.jsonl"))
    monkeypatch.setenv("KVALITET_DB", str(write_db(tmp_path / "full.duckdb", full_tables())))
    st.cache_data.clear()
    yield tmp_path
    st.cache_data.clear()


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """key -> the data callable of every download button the run created."""
    seen: dict[str, Any] = {}
    original = tables.st.download_button

    def recording(label: str, data: Any, *args: Any, **kwargs: Any) -> Any:
        seen[kwargs["key"]] = data
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(tables.st, "download_button", recording)
    return seen


def _log(tmp_path: Path) -> list[dict]:
    log = tmp_path / "access.jsonl"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def test_a_download_of_brukare_rows_is_written_to_the_access_log(on_full_db, downloads) -> None:
    at = run_page(HOT, {"ar": "2022", "hov_typ": "gruppbostad_lss", "hov_enhet": "U1"})
    assert_clean(at)
    views = _log(on_full_db)
    assert [e["action"] for e in views] == ["visning"]  # the view itself, logged by ui.db
    csv = downloads["hov_brukare_csv"]().decode("utf-8-sig")
    assert "B1" in csv and "B3" in csv
    downloads["hov_brukare_xlsx"]()
    entries = _log(on_full_db)[1:]
    assert [e["action"] for e in entries] == ["nedladdning", "nedladdning"]
    assert all(e["kind"] == "brukare_level" and e["brukare_ids"] == ["B1", "B3"] for e in entries)
    assert entries[0]["filters"]["period"] == {"from": "2022-01-01", "to": "2022-12-31"}


def test_a_download_without_brukare_ids_is_not_logged(on_full_db, downloads) -> None:
    at = run_page(HOT, {"ar": "2022", "hov_typ": "gruppbostad_lss"})
    assert_clean(at)
    unit_tables = [k for k in downloads if k.endswith("_csv")]
    assert unit_tables
    for key in unit_tables:
        downloads[key]()
    assert _log(on_full_db) == []


def test_no_file_when_the_access_log_cannot_be_written(on_full_db, downloads, monkeypatch) -> None:
    at = run_page(HOT, {"ar": "2022", "hov_typ": "gruppbostad_lss", "hov_enhet": "U1"})
    assert_clean(at)
    blocked = on_full_db / "blocked"
    blocked.write_text("a file where the log's folder should be")
    monkeypatch.setenv("KVALITET_ACCESS_LOG", str(blocked / "access.jsonl"))
    with pytest.raises(OSError):
        downloads["hov_brukare_csv"]()


def test_streamlit_table_toolbar_export_is_off_in_the_project_config() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


def test_the_page_icon_is_not_a_material_icon() -> None:
    # A ":material/...:" page icon makes the browser fetch an SVG from fonts.gstatic.com.
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    assert 'page_icon=":material' not in source


def test_a_list_sorted_by_count_puts_its_hidden_rows_last_by_code() -> None:
    # information 8, bemötande 6, fysisk miljö 4, ekonomi 2, annat 1: sorted by count, the
    # hidden rows' order would say which is 4 and which is 1.
    from datetime import date

    import tiny_db

    from analytics.analyses import complaints
    from analytics.filters import Filters, Period, Scope

    counts = {"information": 8, "bemotande": 6, "fysisk_miljo": 4, "ekonomi": 2, "annat": 1}
    rows = [
        {
            "complaint_id": f"K{c}{i}",
            "received_date": date(2022, 3, 1),
            "unit_id": "U1",
            "kind": "klagomal",
            "category": c,
        }
        for c, n in counts.items()
        for i in range(n)
    ]
    conn = tiny_db.build({"units": [tiny_db.unit("U1")], "complaints": rows})
    year = Period.calendar_year(2022)
    analytiker = complaints.complaints_by_category(conn, Filters.build(year))
    assert analytiker["category"].tolist() == list(counts)  # by count, descending
    shown = complaints.complaints_by_category(conn, Filters.build(year, Scope("politiker")))
    assert shown["category"].tolist() == ["information", "bemotande", "annat", "ekonomi", "fysisk_miljo"]
    assert shown["count"].tolist()[:2] == [8, 6] and shown["count"].iloc[2:].isna().all()
    from analytics import privacy

    assert {c.row for c in privacy.suppressed_cells(shown) if c.column == "count"} == {2, 3, 4}


def test_a_count_hidden_in_a_half_year_is_hidden_in_its_year_too() -> None:
    # ekonomi: 2 in H1 and 10 in H2. Shown in the year (12) and in H2, H1 would be 12 - 10.
    from datetime import date

    import tiny_db

    from analytics import privacy
    from analytics.analyses import complaints
    from analytics.filters import Filters, Period, Scope

    spread = {"information": (10, 10), "bemotande": (8, 9), "ekonomi": (2, 10)}
    rows = [
        {
            "complaint_id": f"K{c}{h}{i}",
            "received_date": date(2022, 3 if h == 0 else 9, 1),
            "unit_id": "U1",
            "kind": "klagomal",
            "category": c,
        }
        for c, halves in spread.items()
        for h, n in enumerate(halves)
        for i in range(n)
    ]
    conn = tiny_db.build({"units": [tiny_db.unit("U1")], "complaints": rows})
    politiker = Scope("politiker")
    year = complaints.complaints_by_category(conn, Filters.build(Period.calendar_year(2022), politiker))
    by_code = dict(zip(year["category"], year["count"], strict=True))
    assert pd.isna(by_code["ekonomi"])  # 12 in the year, but 2 in H1
    assert sum(pd.isna(v) for v in by_code.values()) >= 2  # and never alone
    h2 = complaints.complaints_by_category(conn, Filters.build(Period.half_year(2022, 2), politiker))
    assert pd.isna(dict(zip(h2["category"], h2["count"], strict=True))["ekonomi"])
    assert {c.column for c in privacy.suppressed_cells(year)} == {"count"}
