"""Downloads hold what is shown, never free text: the complaint list's descriptions are on
screen (escaped, logged) but not in its CSV or Excel file."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from app_helpers import assert_clean, frame, run_page

from analytics.db import connect_readonly
from ui import tables


@pytest.fixture(autouse=True)
def analytiker(app_isolated, monkeypatch: pytest.MonkeyPatch, demo_db: Path):
    """The demo as analytiker, who sees the descriptions (isolation: conftest.app_isolated)."""
    monkeypatch.setenv("KVALITET_DB", str(demo_db))


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """key -> the data callable of every download button the run created."""
    seen: dict[str, Any] = {}
    original = tables.st.download_button

    def recording(label: str, data: Any, *args: Any, **kwargs: Any) -> Any:
        seen[kwargs["key"]] = data
        seen[f"{kwargs['key']}:file_name"] = kwargs.get("file_name")
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(tables.st, "download_button", recording)
    return seen


def table_part(csv: str) -> str:
    """The table of a downloaded CSV: what follows the provenance rows and their empty line."""
    return csv.split("\n\n", 1)[1]


def test_complaint_descriptions_are_shown_but_not_downloadable(downloads, demo_db) -> None:
    at = run_page("views/synpunkter.py", {"ar": "2022"})
    assert_clean(at)
    shown = frame(at, "Inkommen", "Beskrivning")
    described = [d for d in shown["Beskrivning"] if isinstance(d, str) and len(d) > 20]
    assert described  # the positive control: the analytiker reads them on screen

    csv = table_part(downloads["syn_lista_csv"]().decode("utf-8-sig"))
    header = csv.splitlines()[0].split(";")
    assert header == [c for c in shown.columns if c != "Beskrivning"]
    assert len(csv.splitlines()) == len(shown) + 1
    assert not [d for d in described if d[:20] in csv]

    book = openpyxl.load_workbook(io.BytesIO(downloads["syn_lista_xlsx"]()))
    cells = [str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None]
    assert "Beskrivning" not in cells
    assert not [d for d in described if d in cells]
    assert any("Nedladdningarna innehåller inte beskrivning" in c.value for c in at.caption)

    conn = connect_readonly(demo_db)
    try:
        texts = {r[0] for r in conn.execute("select description from complaints").fetchall() if r[0]}
    finally:
        conn.close()
    assert not [t for t in texts if t in csv]


def test_other_tables_download_every_shown_column(downloads) -> None:
    at = run_page("views/synpunkter.py", {"ar": "2022"})
    assert_clean(at)
    shown = frame(at, "Verksamhetstyp", "Regi", "Antal")
    csv = table_part(downloads["syn_verksamhetstyp_csv"]().decode("utf-8-sig"))
    assert csv.splitlines()[0].split(";") == list(shown.columns)


def test_downloads_state_period_comparison_filters_and_time(downloads) -> None:
    """A file says what it holds: the provenance rows of the CSV and the Excel's "Om filen" sheet."""
    at = run_page("views/synpunkter.py", {"ar": "2022", "regi": "Privat (upphandlad, LOU)"})
    assert_clean(at)
    csv = downloads["syn_verksamhetstyp_csv"]().decode("utf-8-sig")
    about = dict(line.split(";", 1) for line in csv.split("\n\n", 1)[0].splitlines())
    assert about["Period"] == "2022 (2022-01-01 – 2022-12-31)"
    assert about["Jämförelse"].startswith("2021")
    assert about["Regi"] == "Privat (upphandlad, LOU)"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", about["Nedladdad"])
    book = openpyxl.load_workbook(io.BytesIO(downloads["syn_verksamhetstyp_xlsx"]()))
    sheet = dict(book["Om filen"].iter_rows(min_row=2, values_only=True))
    assert sheet["Regi"] == "Privat (upphandlad, LOU)" and sheet["Period"] == about["Period"]
    name = downloads["syn_verksamhetstyp_csv:file_name"]
    assert name == "synpunkter_per_verksamhetstyp_2022_regi-privat.csv"


def test_chart_titles_and_png_names_state_the_filters() -> None:
    at = run_page("views/synpunkter.py", {"ar": "2022", "regi": "Privat (upphandlad, LOU)"})
    assert_clean(at)
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    configs = [json.loads(c.proto.config) for c in at.get("plotly_chart")]
    assert specs and all(s["layout"]["title"]["text"].endswith(" (Regi: Privat)") for s in specs)
    names = [c["toImageButtonOptions"]["filename"] for c in configs]
    assert all("regi-privat" in n and " " not in n for n in names)
