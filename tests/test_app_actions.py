"""The Åtgärder page for every role, on a tiny database with known numbers.

The story of the issue: an analyst creates an action from a lex Sarah case (through the
"Skapa åtgärd" link), a chef completes it for their own unit (and cannot for another, neither
through the page nor through the store), and its effect is computed from the census:

- U1 has 10 brukare every month of 2021–2022; falls at U1: one a month October 2021 – March
  2022 (6 falls on 60 brukare-months before), one in April 2022 (the completion month, left
  out), and one in June and one in September 2022 (2 falls on 60 brukare-months after).
  Before 6/60 = 0.10 per brukare and month, after 2/60 = 0.033, ratio 1/3.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import streamlit as st
import tiny_db
from app_helpers import assert_clean, run_page, texts, write_db

from analytics.stores.actions import ActionPermissionError, ActionStore, Actor, store_url

PAGE = "views/atgarder.py"
CASE = "D100"
COMPLETED = date(2022, 4, 10)


def tables() -> dict[str, list[dict]]:
    """Three units (U1, U2 with 10 and 5 brukare a month); the falls above at U1 and one lex Sarah case."""
    fall_days = [date(2021, m, 5) for m in (10, 11, 12)] + [date(2022, m, 5) for m in (1, 2, 3, 4, 6, 9)]
    deviations = [
        {
            "deviation_id": f"F{i}",
            "reported_date": day,
            "unit_id": "U1",
            "domain": "hsl",
            "category": "fall",
        }
        for i, day in enumerate(fall_days)
    ]
    deviations.append(
        {
            "deviation_id": CASE,
            "reported_date": date(2022, 3, 1),
            "unit_id": "U1",
            "domain": "lss",
            "category": "bristande_kvalitet",
            "lex_sarah": True,
            "lex_sarah_outcome": "missforhallande",
        }
    )
    return {
        "units": [
            tiny_db.unit("U1", "gruppbostad_lss", unit_name="Solrosen", area="LSS"),
            tiny_db.unit("U2", "bostad_sol", unit_name="Tallen", area="Socialpsykiatri"),
            tiny_db.unit("U3", "hemtjanst", unit_name="Hemtjänst Norr", area="Äldreomsorg"),
        ],
        "census": [
            row
            for year in (2021, 2022)
            for row in tiny_db.census_year("U1", year, 10) + tiny_db.census_year("U2", year, 5)
        ],
        "deviations": deviations,
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


def store() -> ActionStore:
    return ActionStore(store_url())


def new_form_prefix(at) -> str:
    (key,) = [
        t.key for t in at.text_input if t.key and t.key.startswith("atg_ny_") and t.key.endswith("_titel")
    ]
    return key.removesuffix("_titel")


def open_action(at, action_id: int):
    return at.selectbox(key="atg_vald").set_value(action_id).run()


def test_analyst_creates_an_action_from_a_lex_sarah_case(monkeypatch) -> None:
    as_role(monkeypatch, "analytiker")
    at = run_page(PAGE, {"ar": "2022"})
    assert_clean(at)
    # the lex Sarah section offers the case without an evaluated action, with a link to the form
    assert "0 av 1 lex Sarah-rapporter" in texts(at)
    (link,) = [p for p in at.page_link if p.label == f"Skapa åtgärd för {CASE}"]
    assert parse_qs(link.proto.query_string) == {
        "ny": ["1"],
        "atg_enhet": ["U1"],
        "koppling": [f"lex_sarah:{CASE}"],
    }

    at = run_page(PAGE, {"ar": "2022", "ny": "1", "atg_enhet": "U1", "koppling": f"lex_sarah:{CASE}"})
    prefix = new_form_prefix(at)
    assert at.multiselect(key=f"{prefix}_enheter").value == ["U1"]
    assert at.text_input(key=f"{prefix}_kopplingar").value == f"lex_sarah:{CASE}"
    at.text_input(key=f"{prefix}_titel").input("Genomgång av rutin <b>nattetid</b>")
    at.selectbox(key=f"{prefix}_matt").set_value("falls_per_brukare_month")
    at.button(key=f"{prefix}_spara").click().run()
    assert_clean(at)

    (action,) = store().list_actions(Actor("test", "analytiker"))
    assert action.title == "Genomgång av rutin <b>nattetid</b>"
    assert action.units == ("U1",)
    assert action.links == (("lex_sarah", CASE),)
    assert action.status == "planerad"
    assert action.effect_measure == "falls_per_brukare_month"
    # the URL no longer asks for a new action
    assert "ny" not in at.query_params


def test_empty_title_is_refused_in_swedish_and_nothing_is_saved(monkeypatch) -> None:
    as_role(monkeypatch, "analytiker")
    at = run_page(PAGE, {"ar": "2022", "ny": "1", "atg_enhet": "U1"})
    prefix = new_form_prefix(at)
    at.selectbox(key=f"{prefix}_status").set_value("utvarderad")
    at.button(key=f"{prefix}_spara").click().run()
    errors = [e.value for e in at.error]
    assert "Titel: får inte vara tom." in errors
    assert store().count() == 0


def seeded_action() -> int:
    """The analyst's action for U1, answering the lex Sarah case, measured by falls."""
    a = store().create(
        Actor("anna", "analytiker"),
        title="Fallrond nattetid",
        description="Nattpersonalen går rond <script>alert(1)</script>",
        units=["U1"],
        links=[("lex_sarah", CASE)],
        due_date="2022-03-31",
        effect_measure="falls_per_brukare_month",
    )
    return a.id


def test_chef_completes_own_units_action_and_sees_its_effect(monkeypatch) -> None:
    action_id = seeded_action()
    as_role(monkeypatch, "chef", ("U1",))
    at = open_action(run_page(PAGE, {"ar": "2022"}), action_id)
    assert_clean(at)
    prefix = f"atg_andra_{action_id}_1"
    at.selectbox(key=f"{prefix}_status").set_value("genomford")
    at.date_input(key=f"{prefix}_genomford").set_value(COMPLETED)
    at.button(key=f"{prefix}_spara").click().run()
    assert_clean(at)

    action = store().get(Actor("test", "analytiker"), action_id)
    assert (action.status, action.completed_date, action.version) == ("genomford", COMPLETED, 2)
    history = store().history(Actor("test", "analytiker"), action_id)
    changed = {(h.field, h.role, h.new_value) for h in history if h.version == 2}
    assert changed == {("status", "chef", "genomford"), ("completed_date", "chef", "2022-04-10")}

    at = open_action(run_page(PAGE, {"ar": "2022"}), action_id)
    metrics = {m.label: m.value for m in at.metric}
    # 6 falls on 10 brukare x 6 months before, 2 after; the completion month April is left out
    assert metrics["Före (okt 2021 – mar 2022)"] == "0,10"
    assert metrics["Efter (maj 2022 – okt 2022)"] == "0,03"
    assert metrics["Kvot efter/före (fall per brukarmånad)"] == "0,33"
    assert "kan vara slumpmässig" in texts(at)
    # the history is on the page, newest first, with the chef's change
    history_table = next(
        d.value for d in at.dataframe if "Fält" in d.value.columns and "Ändrad av" in d.value.columns
    )
    assert set(history_table["Fält"][:2]) == {"Genomförd datum", "Status"}
    assert set(history_table["Roll"][:2]) == {"chef"}


def test_chef_cannot_complete_another_units_action(monkeypatch) -> None:
    action_id = seeded_action()
    as_role(monkeypatch, "chef", ("U2",))
    at = run_page(PAGE, {"ar": "2022"})
    assert_clean(at)
    # the page does not offer it ...
    offered = [o for s in at.selectbox if s.key == "atg_vald" for o in s.options]
    assert not [o for o in offered if o.startswith(f"{action_id} · ")]
    assert "Inga åtgärder registrerade ännu." in texts(at)
    assert "Fallrond nattetid" not in "\n".join(d.value.to_csv() for d in at.dataframe)
    # ... a link naming U1 does not prefill it ...
    at = run_page(PAGE, {"ar": "2022", "ny": "1", "atg_enhet": "U1"})
    assert at.multiselect(key=f"{new_form_prefix(at)}_enheter").value == []
    assert "Enheter i länken som du inte kan välja har tagits bort." in texts(at)
    # ... and the store refuses it
    chef = Actor("carl", "chef", ("U2",))
    with pytest.raises(ActionPermissionError):
        store().update(chef, action_id, 1, status="genomford")
    assert store().get(Actor("test", "analytiker"), action_id).status == "planerad"


def test_reading_the_description_is_logged_and_shown_as_text(monkeypatch, tmp_path) -> None:
    action_id = seeded_action()
    as_role(monkeypatch, "analytiker")
    at = open_action(run_page(PAGE, {"ar": "2022"}), action_id)
    log = tmp_path / "access.jsonl"
    assert not log.exists() or not log.read_text()
    assert "<script>" not in "\n".join(d.value.to_csv() for d in at.dataframe)  # history hides the text
    at = at.toggle(key=f"atg_text_{action_id}").set_value(True).run()
    assert "Nattpersonalen går rond <script>alert(1)</script>" in [t.value for t in at.text]
    (entry,) = [json.loads(line) for line in log.read_text().splitlines()]
    assert (entry["kind"], entry["page"], entry["record_ids"]) == (
        "free_text",
        "atgarder",
        [f"åtgärd:{action_id}"],
    )


def test_politiker_sees_only_the_status_with_small_counts_hidden(monkeypatch) -> None:
    analyst = Actor("anna", "analytiker")
    for i in range(6):
        store().create(analyst, title=f"Åtgärd LSS {i}", units=["U1"], due_date="2022-01-31")
    for i in range(5):
        store().create(analyst, title=f"Åtgärd äldre {i}", units=["U3"], due_date="2099-01-31")
    store().create(analyst, title="Åtgärd SoL", units=["U2"], status="genomford", completed_date="2022-05-01")
    as_role(monkeypatch, "politiker")
    at = run_page(PAGE, {"ar": "2022"})
    assert_clean(at)
    shown = "\n".join(d.value.to_csv() for d in at.dataframe) + texts(at)
    assert "Åtgärd LSS" not in shown and "Åtgärd SoL" not in shown
    table = next(d.value for d in at.dataframe if "Registrerade" in d.value.columns)
    rows = table.set_index("Verksamhetsområde")
    assert str(rows.loc["LSS", "Registrerade"]) == "6"
    assert str(rows.loc["LSS", "Försenade"]) == "6"
    # one SoL action: 1 is below the threshold and is shown as ".."; the next smallest count (5)
    # is hidden too, so that the 1 cannot be worked out from a total
    assert str(rows.loc["Socialpsykiatri", "Registrerade"]) == ".."
    assert str(rows.loc["Äldreomsorg", "Registrerade"]) == ".."
    assert "atg_vald" not in [s.key for s in at.selectbox]  # no single action to choose


@pytest.mark.parametrize("role,units", [("analytiker", ()), ("chef", ("U1",)), ("politiker", ())])
def test_page_runs_for_every_role_with_an_empty_register(monkeypatch, role, units) -> None:
    as_role(monkeypatch, role, units)
    at = run_page(PAGE, {"ar": "2022"})
    assert_clean(at)
    assert at.title[0].value == "Åtgärder"


def test_avvikelser_unit_level_links_to_a_new_action_for_the_unit(monkeypatch) -> None:
    as_role(monkeypatch, "chef", ("U1",))
    at = run_page("views/avvikelser.py", {"ar": "2022", "avv_typ": "gruppbostad_lss", "avv_enhet": "U1"})
    assert_clean(at)
    (link,) = [p for p in at.page_link if p.label == "Skapa åtgärd för enheten"]
    assert parse_qs(link.proto.query_string) == {"ny": ["1"], "atg_enhet": ["U1"]}
    as_role(monkeypatch, "politiker")
    at = run_page("views/avvikelser.py", {"ar": "2022"})
    assert not [p for p in at.page_link if p.label.startswith("Skapa åtgärd")]


def test_a_signal_on_oversikt_opens_the_form_titled_with_it(monkeypatch, demo_db) -> None:
    monkeypatch.setenv("KVALITET_DB", str(demo_db))  # the demo has signals in 2022
    as_role(monkeypatch, "analytiker")
    at = run_page("views/oversikt.py", {"ar": "2022"})
    assert_clean(at)
    links = [p for p in at.page_link if p.label == "Skapa åtgärd"]
    assert len(links) >= 2
    query = parse_qs(links[0].proto.query_string)
    assert query["ny"] == ["1"] and "atg_enhet" not in query  # an analyst's action for the förvaltning
    at = run_page(PAGE, {k: v[0] for k, v in query.items()})
    assert at.text_input(key=f"{new_form_prefix(at)}_titel").value == query["titel"][0]
    assert query["titel"][0] in [p.label for p in run_page("views/oversikt.py", {"ar": "2022"}).page_link]
