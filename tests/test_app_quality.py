"""The Egenkontroll and Risker pages for every role, on a tiny database.

Egenkontroll 2022: Journalgranskning at U1 (done, 10 checked, 8 compliant, reported) and at U2
(done, 20 checked, 19 compliant); Basala hygienrutiner at U1 (done, no result); Öppna
jämförelser förvaltning-wide (planned, not done). So 2 of 3 categories lack results.
Risker 2022: R1 a process risk 3 x 4 (allvarlig, in the internal control plan), R2 at U1 2 x 2
(måttlig), R3 at U2 1 x 2 (låg).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
import tiny_db
from app_helpers import assert_clean, run_page, texts, write_db

from analytics.stores.actions import ActionStore, Actor, store_url


def _check(cid, area, unit, done=None, checked=None, compliant=None, reported=None) -> dict:
    return {
        "check_id": cid,
        "area": area,
        "unit_id": unit,
        "subject": f"Kontroll {cid}",
        "planned_date": date(2022, 3, 1),
        "done_date": done,
        "checked": checked,
        "compliant": compliant,
        "reported_date": reported,
    }


def tables() -> dict[str, list[dict]]:
    return {
        "units": [
            tiny_db.unit("U1", "gruppbostad_lss", unit_name="Solrosen"),
            tiny_db.unit("U2", "bostad_sol", unit_name="Tallen"),
        ],
        "census": tiny_db.census_year("U1", 2022, 10) + tiny_db.census_year("U2", 2022, 5),
        "deviations": [
            {
                "deviation_id": "D1",
                "reported_date": date(2022, 2, 1),
                "unit_id": "U1",
                "domain": "hsl",
                "category": "fall",
            }
        ],
        "egenkontroll": [
            {
                **_check("EK1", "Journalgranskning", "U1", date(2022, 3, 5), 10, 8, date(2022, 4, 1)),
                "analysis": "<script>alert(1)</script> två planer saknade delaktighet",
            },
            _check("EK2", "Journalgranskning", "U2", date(2022, 3, 6), 20, 19),
            _check("EK3", "Basala hygienrutiner", "U1", date(2022, 3, 7)),
            _check("EK4", "Öppna jämförelser", None),
        ],
        "risker": [
            {
                "risk_id": "R1",
                "process": "Bemanning",
                "risk": "Personalbrist",
                "probability": 3,
                "consequence": 4,
                "assessed_date": date(2022, 10, 1),
                "internal_control": True,
            },
            {
                "risk_id": "R2",
                "unit_id": "U1",
                "risk": "Fall nattetid",
                "probability": 2,
                "consequence": 2,
                "assessed_date": date(2022, 5, 1),
            },
            {
                "risk_id": "R3",
                "unit_id": "U2",
                "risk": "Brand",
                "probability": 1,
                "consequence": 2,
                "assessed_date": date(2022, 6, 1),
            },
        ],
    }


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """The tiny database, an empty action register, a test access log, empty caches."""
    for name in ("KVALITET_ROLE", "KVALITET_UNITS", "KVALITET_ROLES", "KVALITET_MIN_CELL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KVALITET_DB", str(write_db(tmp_path / "tiny.duckdb", tables())))
    monkeypatch.setenv("KVALITET_ACTIONS_URL", f"sqlite:///{tmp_path / 'actions.sqlite'}")
    monkeypatch.setenv("KVALITET_ACCESS_LOG", str(tmp_path / "access.jsonl"))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def as_role(mp: pytest.MonkeyPatch, role: str, units: tuple[str, ...] = ()) -> None:
    mp.setenv("KVALITET_ROLE", role)
    mp.setenv("KVALITET_UNITS", ",".join(units))


def table_with(at, *columns: str):
    return next(d.value for d in at.dataframe if all(c in d.value.columns for c in columns))


def test_egenkontroll_plan_against_done_and_categories_without_results(monkeypatch) -> None:
    as_role(monkeypatch, "analytiker")
    at = run_page("views/egenkontroll.py", {"ar": "2022"})
    assert_clean(at)
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Planerade"], metrics["Genomförda"], metrics["Kategorier utan resultat"]) == (
        "4",
        "3",
        "2",
    )
    assert (
        "2 av 3 kategorier saknar redovisat resultat 2022: Basala hygienrutiner, Öppna jämförelser."
        in texts(at)
    )
    by_category = table_with(at, "Kategori", "Med resultat").set_index("Kategori")
    assert by_category.loc["Journalgranskning", "Granskade"] == 30
    assert by_category.loc["Journalgranskning", "Rapporterade till nämnden"] == 1
    by_unit = table_with(at, "Enhet", "Utan anmärkning").set_index("Enhet")
    assert by_unit.loc["Solrosen", "Andel utan anmärkning (%)"] == 80.0
    assert set(by_unit.index) == {"Solrosen", "Tallen"}


def test_egenkontroll_chef_sees_own_units_only(monkeypatch) -> None:
    as_role(monkeypatch, "chef", ("U1",))
    at = run_page("views/egenkontroll.py", {"ar": "2022"})
    assert_clean(at)
    shown = "\n".join(d.value.to_csv() for d in at.dataframe)
    assert "Tallen" not in shown and "EK2" not in shown and "EK4" not in shown
    assert {m.label: m.value for m in at.metric}["Planerade"] == "2"


def test_egenkontroll_politiker_sees_categories_without_units_or_small_counts(monkeypatch) -> None:
    as_role(monkeypatch, "politiker")
    at = run_page("views/egenkontroll.py", {"ar": "2022"})
    assert_clean(at)
    shown = "\n".join(d.value.to_csv() for d in at.dataframe) + texts(at)
    assert "Solrosen" not in shown and "Tallen" not in shown and "EK1" not in shown
    by_category = table_with(at, "Kategori", "Granskade").set_index("Kategori")
    assert by_category.loc["Journalgranskning", "Granskade"] == 30  # not small: shown
    assert "Resultat per enhet visas inte för din roll" in texts(at)


def test_risker_matrix_levels_and_linked_actions(monkeypatch) -> None:
    ActionStore(store_url()).create(Actor("anna", "analytiker"), title="Rekryteringsplan", links="risk:R1")
    as_role(monkeypatch, "analytiker")
    at = run_page("views/risker.py", {"ar": "2022"})
    assert_clean(at)
    levels = table_with(at, "Nivå", "Risker").set_index("Nivå")
    assert list(levels["Risker"]) == [1, 1, 1]
    assert levels.loc["Allvarlig (9–16)", "I internkontrollplanen"] == 1
    listed = table_with(at, "Id", "Åtgärder").set_index("Id")
    assert list(listed.index) == ["R1", "R2", "R3"]  # highest riskvärde first
    assert listed.loc["R1", "Åtgärder"] == "1 Planerad: Rekryteringsplan"
    assert listed.loc["R1", "Enhet eller process"] == "Bemanning"
    (matrix,) = json.loads(next(iter(at.get("plotly_chart"))).proto.spec)["data"]
    # rows are probability 1-4, columns consequence 1-4
    assert matrix["text"][2][3] == "riskvärde 12<br><b>1 risk</b>"
    assert matrix["text"][3][3] == "riskvärde 16<br>0 risker"
    assert matrix["z"][2][3] == 2 and matrix["z"][1][1] == 1 and matrix["z"][0][1] == 0  # levels


def test_risker_politiker_sees_the_matrix_but_no_single_risk(monkeypatch) -> None:
    as_role(monkeypatch, "politiker")
    at = run_page("views/risker.py", {"ar": "2022"})
    assert_clean(at)
    shown = "\n".join(d.value.to_csv() for d in at.dataframe) + texts(at)
    assert "Fall nattetid" not in shown and "Solrosen" not in shown
    assert "Enskilda risker och enheter visas inte för din roll" in texts(at)


def test_pages_say_when_the_table_is_missing(monkeypatch, tmp_path) -> None:
    t = tables()
    del t["egenkontroll"], t["risker"]
    monkeypatch.setenv("KVALITET_DB", str(write_db(tmp_path / "without.duckdb", t)))
    as_role(monkeypatch, "analytiker")
    for page, message in (
        ("views/egenkontroll.py", "Planen för egenkontroll saknas"),
        ("views/risker.py", "Riskanalyserna saknas"),
    ):
        at = run_page(page, {"ar": "2022"})
        assert_clean(at)
        assert message in texts(at)


def test_egenkontroll_analyses_are_text_behind_a_switch_and_logged(monkeypatch, tmp_path) -> None:
    as_role(monkeypatch, "chef", ("U1",))
    at = run_page("views/egenkontroll.py", {"ar": "2022"})
    log = tmp_path / "access.jsonl"
    assert not log.exists()
    at = at.toggle(key="ek_analyser").set_value(True).run()
    assert_clean(at)
    table = table_with(at, "Id", "Analys")
    assert list(table["Analys"]) == ["<script>alert(1)</script> två planer saknade delaktighet"]
    (entry,) = [json.loads(line) for line in log.read_text().splitlines()]
    assert (entry["kind"], entry["record_ids"]) == ("free_text", ["EK1"])
    as_role(monkeypatch, "politiker")
    at = run_page("views/egenkontroll.py", {"ar": "2022"})
    assert "ek_analyser" not in [t.key for t in at.toggle]
