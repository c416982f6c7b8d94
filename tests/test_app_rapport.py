"""The Rapport page: the same documents as `python -m analytics report`, built on request with
progress, one download button per format; politiker are offered the nämnd report only."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
import streamlit as st
from app_helpers import assert_clean, run_page, small_tables, write_db

from analytics.export.report import render


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """The small database, no chromium (tables only, fast), a test access log, empty caches."""
    for name in ("KVALITET_ROLE", "KVALITET_UNITS", "KVALITET_ROLES", "KVALITET_MIN_CELL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KVALITET_DB", str(write_db(tmp_path / "small.duckdb", small_tables())))
    monkeypatch.setenv("KVALITET_ACCESS_LOG", str(tmp_path / "access.jsonl"))
    monkeypatch.setenv(render.ENV_BROWSER, "/finns/inte/chromium")
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def test_report_is_built_on_request_with_three_downloads() -> None:
    at = run_page("views/rapport.py", {"ar": "2022"})
    assert_clean(at)
    assert not at.get("download_button")  # nothing is built before the click
    at.button(key="rapport_skapa").click().run()
    assert_clean(at)
    labels = sorted(e.proto.label for e in at.get("download_button"))
    assert labels == ["Ladda ned Excel (XLSX)", "Ladda ned PDF (tillgänglig)", "Ladda ned Word (DOCX)"]
    assert any("Diagrammen" in c.value for c in at.caption)  # says what it left out


def test_politiker_is_offered_the_namnd_report_only(monkeypatch) -> None:
    monkeypatch.setenv("KVALITET_ROLE", "politiker")
    at = run_page("views/rapport.py", {"ar": "2022"})
    assert_clean(at)
    assert at.radio(key="rapport_typ").options == ["Analys till nämnden (halvår eller helår)"]


def test_analysmote_for_chosen_units(monkeypatch) -> None:
    at = run_page("views/rapport.py", {"ar": "2022"})
    at.radio(key="rapport_typ").set_value("analysmöte").run()
    at.multiselect(key="rapport_enheter").set_value(["U2"]).run()
    assert_clean(at)
    assert "Enhet: Tallen" in " ".join(c.value for c in at.caption)
    at.button(key="rapport_skapa").click().run()
    assert_clean(at)
    assert len(at.get("download_button")) == 3
    word = docx.Document(io.BytesIO(at.session_state["_kvalitet_rapport"][3]["docx"]))
    text = "\n".join(p.text for p in word.paragraphs)
    tables = word.tables
    cells = " ".join(c.text for t in tables for r in t.rows for c in r.cells)
    assert "Tallen" in cells and "Solrosen" not in cells + text
