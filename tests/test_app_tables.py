"""The table helper: Swedish headers, code labels, per cent, and downloads equal to what is shown."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from analytics import contract
from ui import tables


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "domain": ["hsl", "lss"],
            "count": [1039, 5],
            "followed_up_share": [0.651, None],
            "hidden": ["x", "y"],
        }
    )


def test_displayed_renames_labels_and_shows_per_cent() -> None:
    shown = tables.displayed(
        _frame(),
        {"domain": "Område", "count": "Antal", "followed_up_share": "Uppföljda (%)"},
        codes={"domain": contract.DOMAINS},
        percent=("followed_up_share",),
    )
    assert list(shown.columns) == ["Område", "Antal", "Uppföljda (%)"]
    assert shown["Område"].tolist() == ["HSL", "LSS"]
    assert shown["Uppföljda (%)"].iloc[0] == 65.1
    assert pd.isna(shown["Uppföljda (%)"].iloc[1])


def test_csv_is_swedish_excel_csv_of_the_shown_table() -> None:
    shown = tables.displayed(
        _frame(), {"domain": "Område", "followed_up_share": "Andel"}, percent=("followed_up_share",)
    )
    text = tables.to_csv(shown).decode("utf-8-sig")
    assert text.splitlines() == ["Område;Andel", "hsl;65,1", "lss;"]


def test_xlsx_holds_the_shown_table() -> None:
    shown = tables.displayed(
        _frame(), {"domain": "Område", "count": "Antal"}, codes={"domain": contract.DOMAINS}
    )
    book = openpyxl.load_workbook(io.BytesIO(tables.to_xlsx(shown, "Avvikelser per område: 2022")))
    sheet = book.active
    assert sheet.title == "Avvikelser per område  2022"
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Område", "Antal"],
        ["HSL", 1039],
        ["LSS", 5],
    ]


def test_charts_are_named_for_screen_readers() -> None:
    from presentation import charts
    from ui import chart

    fig = charts.domain_bars(
        pd.DataFrame({"domain": ["hsl"], "count": [413]}), title="Avvikelser per område, 2022"
    )
    assert chart.accessible_name(fig) == "Avvikelser per område, 2022. Källa: avvikelser (Viva), n = 413"


def test_charts_get_a_minimal_swedish_modebar(app_isolated, tmp_path, monkeypatch) -> None:
    import json

    from app_helpers import assert_clean, run_page, small_tables, write_db

    monkeypatch.setenv("KVALITET_DB", str(write_db(tmp_path / "small.duckdb", small_tables())))
    at = run_page(None, {"ar": "2022"})
    assert_clean(at)
    charts = at.get("plotly_chart")
    assert charts
    for element in charts:
        config = json.loads(element.proto.config)
        assert config["displaylogo"] is False
        assert config["modeBarButtons"] == [["toImage"]]  # no English zoom/pan/autoscale buttons
        assert config["locale"] == "sv"
        assert config["locales"]["sv"]["dictionary"]["Download plot as a PNG"].startswith("Ladda ned")
