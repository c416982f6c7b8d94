"""AppTest on the calibrated demo: the figures of the SOF 2022 berättelse appear on the pages, the
drill-down levels match the analytics, and the demo without its optional tables still renders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from app_helpers import assert_clean, frame, metric, page_files, run_page, texts

from analytics import contract, db
from analytics.analyses import deviations
from analytics.filters import Filters, Period
from ui import db as ui_db

NB = "\u00a0"


pytestmark = pytest.mark.usefixtures("app_isolated")


@pytest.fixture
def on_demo(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """KVALITET_DB set to the scale-1 demo database."""
    monkeypatch.setenv("KVALITET_DB", str(demo_db))
    return demo_db


@pytest.fixture(scope="module")
def demo_required_only(demo_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo loaded without any optional table (only units, census, deviations)."""
    from analytics.ingest import load

    folder = tmp_path_factory.mktemp("demo_required")
    for name in contract.REQUIRED_TABLES:
        shutil.copy(demo_folder / f"{name}.parquet", folder / f"{name}.parquet")
    db = folder / "required.duckdb"
    load.load_folder(folder, db)
    return db


def test_overview_2022_shows_the_berattelse_figures(on_demo) -> None:
    at = run_page(None, {"ar": "2022"})
    assert_clean(at)
    assert metric(at, "Fall") == "413"
    assert metric(at, "LSS-avvikelser") == "619"
    assert [m.delta for m in at.metric if m.label == "LSS-avvikelser"] == [f"+146{NB}%"]
    assert metric(at, "HSL övrigt") == "815"
    assert [m.delta for m in at.metric if m.label == "HSL övrigt"] == [f"\u22128{NB}%"]
    assert metric(at, "Synpunkter och klagomål") == "30"
    assert "Gruppbostad LSS: läkemedelsavvikelser 1\u00a0039 rapporterade" in texts(at)
    # the landing page says what is loaded: every table with its rows and period
    loaded_tables = [e for e in at.expander if e.label.startswith("Laddade")]
    assert [e.label for e in loaded_tables] == [
        f"Laddade tabeller ({len(contract.TABLES)} av {len(contract.TABLES)})"
    ]
    loaded = loaded_tables[0].dataframe[0].value
    assert loaded.set_index("Tabell").loc["Avvikelser", "Rader"] == "13\u00a0854"
    assert loaded.set_index("Tabell").loc["Avvikelser", "Från"] == "2020-01-01"


def test_overview_without_optional_tables_names_them(demo_required_only, monkeypatch) -> None:
    monkeypatch.setenv("KVALITET_DB", str(demo_required_only))
    at = run_page(None, {"ar": "2022"})
    assert_clean(at)
    assert [e.label for e in at.expander if e.label.startswith("Laddade")] == [
        f"Laddade tabeller (3 av {len(contract.TABLES)})"
    ]
    missing = next(line for line in texts(at).splitlines() if line.startswith("Saknas i databasen:"))
    assert "Signeringar (MCSS)" in missing and "Brukarundersökning: resultat" in missing


def test_violence_january_to_november_through_a_custom_period(on_demo) -> None:
    query = {"period": "Valfri period", "datum": ["2022-01-01", "2022-11-30"]}
    at = run_page("views/hot_och_vald.py", query)
    assert_clean(at)
    assert metric(at, "Hot och våld") == "163"
    assert metric(at, "De 5 största enheternas andel") == f"52{NB}%"


def test_falls_page_on_the_demo(on_demo) -> None:
    at = run_page("views/fall.py", {"ar": "2022"})
    assert_clean(at)
    assert metric(at, "Fallavvikelser") == "413"
    assert metric(at, "Brukare som föll") == "147"


def test_drill_to_units_lists_what_the_analytics_return(on_demo) -> None:
    at = run_page("views/avvikelser.py", {"ar": "2022", "avv_typ": "bostad_sol"})
    assert_clean(at)
    shown = frame(at, "Enhet", "Regi")
    conn = db.connect_readonly(on_demo)
    try:
        f = Filters.build(Period.calendar_year(2022), unit_types=["bostad_sol"])
        expected = deviations.deviations_by_unit(conn, f)
    finally:
        conn.close()
    assert shown["Enhet"].tolist() == expected["unit_name"].tolist()
    assert shown["Antal"].tolist() == expected["count"].tolist()
    assert len(shown) == 6  # the six bostad_sol units of the calibration


@pytest.mark.parametrize("page", page_files())
def test_every_page_on_the_demo(page, on_demo) -> None:
    at = run_page(page, {"ar": "2022"})
    assert_clean(at)


@pytest.mark.parametrize("page", page_files())
def test_every_page_on_the_demo_without_optional_tables(page, demo_required_only, monkeypatch) -> None:
    monkeypatch.setenv("KVALITET_DB", str(demo_required_only))
    at = run_page(page, {"ar": "2022"})
    assert_clean(at)
    assert ui_db.NO_DATABASE not in texts(at)


def test_missing_tables_are_named_on_their_pages(demo_required_only, monkeypatch) -> None:
    monkeypatch.setenv("KVALITET_DB", str(demo_required_only))
    at = run_page("views/lakemedel.py", {"ar": "2022"})
    assert "Signeringsdata saknas: lägg signings.parquet eller signings.csv i mappen och ladda om." in texts(
        at
    )
    assert metric(at, "Läkemedelsavvikelser") == "1\u00a0877"
    at = run_page("views/synpunkter.py", {"ar": "2022"})
    assert "complaints.parquet eller complaints.csv" in texts(at)
