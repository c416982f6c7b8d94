"""Drill-down verksamhetstyp → enhet → brukare on Hot och våld, Fall and Läkemedel, each level
set through the URL's query parameters, on the small hand-made database (app_helpers)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from app_helpers import assert_clean, frame, full_tables, run_page, texts, write_db

HOT = "views/hot_och_vald.py"
FALL = "views/fall.py"
LAK = "views/lakemedel.py"


@pytest.fixture(autouse=True)
def on_full_db(app_isolated, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small database with every optional table as KVALITET_DB (isolation: app_isolated)."""
    path = write_db(tmp_path / "full.duckdb", full_tables())
    monkeypatch.setenv("KVALITET_DB", str(path))
    return path


def _buttons(at) -> list[str]:
    return [b.label for b in at.button]


def _log(tmp_path: Path) -> list[dict]:
    log = tmp_path / "access.jsonl"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


@pytest.mark.parametrize(
    ("page", "prefix", "title"),
    [
        (HOT, "hov", "Hot och våld per verksamhetstyp"),
        (FALL, "fall", "Fallavvikelser per verksamhetstyp och regi"),
        (LAK, "lak", "Läkemedelsavvikelser per verksamhetstyp"),
    ],
)
def test_top_level_is_a_clickable_chart_per_unit_type(page, prefix, title) -> None:
    at = run_page(page, {"ar": "2022"})
    assert_clean(at)
    assert not _buttons(at)  # no breadcrumb at the top
    (top,) = [
        c for c in at.get("plotly_chart") if title in json.loads(c.proto.spec)["layout"]["title"]["text"]
    ]
    assert top.proto.selection_mode  # on_select: a click goes down a level
    assert "Klicka på en stapel" in texts(at)


def test_violence_units_of_a_unit_type() -> None:
    at = run_page(HOT, {"ar": "2022", "hov_typ": "gruppbostad_lss"})
    assert_clean(at)
    assert _buttons(at) == ["Alla verksamhetstyper"]
    units = frame(at, "Enhet", "Regi", "Antal")
    assert units["Enhet"].tolist() == ["Solrosen"]
    assert units["Antal"].tolist() == [2]


def test_violence_brukare_of_a_unit_by_role(tmp_path) -> None:
    at = run_page(HOT, {"ar": "2022", "hov_typ": "gruppbostad_lss", "hov_enhet": "U1"})
    assert_clean(at)
    assert _buttons(at) == ["Alla verksamhetstyper", "Gruppbostad LSS"]
    roles = frame(at, "Brukare", "Som utövare", "Som utsatt").set_index("Brukare")
    assert roles.loc["B1", ["Antal", "Som utövare", "Som utsatt"]].tolist() == [1, 1, 0]
    assert roles.loc["B3", ["Antal", "Som utövare", "Som utsatt"]].tolist() == [1, 0, 1]
    (entry,) = _log(tmp_path)
    assert entry["kind"] == "brukare_level" and entry["brukare_ids"] == ["B1", "B3"]
    assert entry["page"] == "hot-och-vald"


def test_fall_units_and_brukare() -> None:
    at = run_page(FALL, {"ar": "2022", "fall_typ": "bostad_sol"})
    assert_clean(at)
    assert _buttons(at) == ["Alla verksamhetstyper"]
    assert frame(at, "Enhet", "Regi", "Antal")["Enhet"].tolist() == ["Tallen"]

    at = run_page(FALL, {"ar": "2022", "fall_typ": "gruppbostad_lss", "fall_enhet": "U1"})
    assert_clean(at)
    assert _buttons(at) == ["Alla verksamhetstyper", "Gruppbostad LSS"]
    per_brukare = frame(at, "Brukare", "Antal", "Antal 2021")
    assert per_brukare.to_dict("records") == [{"Brukare": "B1", "Antal": 2, "Antal 2021": 1}]


def test_medication_stops_at_the_units() -> None:
    at = run_page(LAK, {"ar": "2022", "lak_typ": "gruppbostad_lss", "lak_enhet": "U1"})
    assert_clean(at)
    assert _buttons(at) == ["Alla verksamhetstyper"]  # the unit in the URL is ignored
    units = frame(at, "Enhet", "Regi", "Antal")
    assert units[["Enhet", "Antal"]].values.tolist() == [["Solrosen", 1]]
    assert "Klicka på en stapel för att se enhetens brukare" not in texts(at)


def test_breadcrumb_leads_back_on_a_second_page() -> None:
    at = run_page(FALL, {"ar": "2022", "fall_typ": "gruppbostad_lss", "fall_enhet": "U1"})
    at.button(key="fall_upp_1").click().run()
    assert_clean(at)
    assert "fall_enhet" not in at.query_params and at.query_params["fall_typ"] == "gruppbostad_lss"
    at.button(key="fall_upp_0").click().run()
    assert "fall_typ" not in at.query_params and not _buttons(at)


@pytest.mark.parametrize(("page", "prefix"), [(HOT, "hov"), (FALL, "fall"), (LAK, "lak")])
def test_politiker_stays_at_the_unit_types(page, prefix, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("KVALITET_ROLE", "politiker")
    at = run_page(page, {"ar": "2022", f"{prefix}_typ": "gruppbostad_lss", f"{prefix}_enhet": "U1"})
    assert_clean(at)
    assert not _buttons(at)
    shown = texts(at)
    assert "Uppgifter per enhet och brukare visas inte för din roll" in shown
    assert "Solrosen" not in shown and "B1" not in shown
    assert not _log(tmp_path)
