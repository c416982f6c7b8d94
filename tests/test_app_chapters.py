"""AppTest for issue 9's chapters and sections on the calibrated demo, for every role: the lex
Sarah page shows the berättelse's figures (50 against 75, 2 to IVO), the case list is logged and
refused for politiker, the unit table names only a chef's own units, the year series are on
Översikt and the subject pages, and the survey lists its rounds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st
from app_helpers import assert_clean, frame, metric, run_page, texts

from analytics.db import connect_readonly


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_db: Path):
    """The demo, empty caches, no role in env, a test access log."""
    for name in ("KVALITET_ROLE", "KVALITET_UNITS", "KVALITET_ROLES", "KVALITET_MIN_CELL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KVALITET_DB", str(demo_db))
    monkeypatch.setenv("KVALITET_ACCESS_LOG", str(tmp_path / "access.jsonl"))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def as_role(mp: pytest.MonkeyPatch, role: str, page: str, query: dict | None = None, units=()):
    mp.setenv("KVALITET_ROLE", role)
    mp.setenv("KVALITET_UNITS", ",".join(units))
    return run_page(page, {"ar": "2022", **(query or {})})


def log_entries(tmp_path: Path) -> list[dict]:
    path = tmp_path / "access.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_lex_page_for_analytiker(monkeypatch, tmp_path) -> None:
    at = as_role(monkeypatch, "analytiker", "views/lex_sarah_maria.py")
    assert_clean(at)
    assert metric(at, "Lex Sarah") == "50"
    card = next(m for m in at.metric if m.label == "Lex Sarah")
    assert card.proto.delta_description == "2021: 75" and card.delta == "\u221233\u00a0%"
    assert metric(at, "Lex Sarah anmälda till IVO") == "2"
    cases = frame(at, "Rapporterad", "Bedömning")
    assert len(cases) == 50
    (entry,) = [e for e in log_entries(tmp_path) if e["kind"] == "brukare_level"]
    assert len(entry["brukare_ids"]) > 0  # the case list is a logged view
    series = frame(at, "År", "Lex Sarah")
    assert dict(zip(series["År"], series["Lex Sarah"], strict=True)) == {"2020": 60, "2021": 75, "2022": 50}


def test_lex_page_for_politiker_has_no_case_list(monkeypatch, tmp_path) -> None:
    at = as_role(monkeypatch, "politiker", "views/lex_sarah_maria.py")
    assert_clean(at)
    assert metric(at, "Lex Sarah") == "50"
    assert metric(at, "Lex Sarah anmälda till IVO") == ".."
    assert "ärendelistan visas inte" in texts(at)
    assert not [d for d in at.dataframe if "Brukare" in d.value.columns]
    assert not log_entries(tmp_path)


def test_lex_page_for_chef_lists_own_units_only(monkeypatch, demo_db) -> None:
    conn = connect_readonly(demo_db)
    try:
        units = tuple(
            r[0]
            for r in conn.execute(
                "select unit_id from deviations where lex_sarah and year(reported_date) = 2022 "
                "group by unit_id order by count(*) desc, unit_id limit 2"
            ).fetchall()
        )
        names = dict(conn.execute("select unit_id, unit_name from units").fetchall())
    finally:
        conn.close()
    at = as_role(monkeypatch, "chef", "views/lex_sarah_maria.py", units=units)
    assert_clean(at)
    cases = frame(at, "Rapporterad", "Enhet")
    assert set(cases["Enhet"]) == {names[u] for u in units}


@pytest.mark.parametrize("role", ["analytiker", "chef", "politiker"])
def test_units_page_for_every_role(role, monkeypatch, demo_db) -> None:
    conn = connect_readonly(demo_db)
    try:
        rows = conn.execute(
            "select unit_id, unit_name from units where unit_type = 'gruppbostad_lss' order by unit_id"
        ).fetchall()
    finally:
        conn.close()
    own = (rows[0][0], rows[1][0])
    at = as_role(
        monkeypatch, role, "views/enheter.py", {"enh_typ": "gruppbostad_lss"}, own if role == "chef" else ()
    )
    assert_clean(at)
    assert metric(at, "Avvikelser per brukare")  # the type's median, for every role
    tables = [d.value for d in at.dataframe if "Enhet" in d.value.columns]
    if role == "politiker":
        assert not tables and "bara typens median" in texts(at)
        return
    assert len(tables) == 2  # the review's measures, then tasks and deviations per brukare
    for table in tables:
        shown_names = set(table["Enhet"])
        if role == "chef":
            assert shown_names == {rows[0][1], rows[1][1]}
        else:
            assert len(shown_names) == 41  # every active gruppbostad LSS (calibration: 30 + 11)


@pytest.mark.parametrize("role", ["analytiker", "politiker"])
@pytest.mark.parametrize("page", ["views/orsaker.py", "views/vardsamverkan.py", "views/jamlikhet.py"])
def test_chapter_pages_render_for_roles(page, role, monkeypatch) -> None:
    at = as_role(monkeypatch, role, page)
    assert_clean(at)
    assert at.dataframe


def test_vardsamverkan_cards_show_the_calibrated_directions(monkeypatch) -> None:
    at = as_role(monkeypatch, "analytiker", "views/vardsamverkan.py")
    assert_clean(at)
    assert (metric(at, "Inkommande"), metric(at, "Utgående"), metric(at, "Ej angiven")) == ("8", "78", "0")


def test_year_series_on_overview_and_subject_pages(monkeypatch) -> None:
    at = as_role(monkeypatch, "analytiker", "views/oversikt.py")
    assert_clean(at)
    table = frame(at, "År", "HSL")
    assert list(table["År"]) == ["2020", "2021", "2022"]
    fall = as_role(monkeypatch, "analytiker", "views/fall.py")
    assert_clean(fall)
    falls = frame(fall, "År", "Fall")
    assert dict(zip(falls["År"], falls["Fall"], strict=True))["2022"] == 413
    halves = as_role(monkeypatch, "analytiker", "views/fall.py")
    halves = halves.segmented_control(key="fall_serie").set_value("half").run()
    assert_clean(halves)
    assert list(frame(halves, "Halvår", "Fall")["Halvår"])[-2:] == ["H1 2022", "H2 2022"]


def test_survey_rounds_against_the_previous_round(monkeypatch) -> None:
    at = as_role(monkeypatch, "analytiker", "views/brukarundersokning.py")
    assert_clean(at)
    rounds = frame(at, "Fråga", "Föregående omgång")
    assert len(rounds) > 0 and set(rounds["År"]) <= {2020, 2021, 2022}


def test_change_text_gives_a_percentage_only_from_a_base_of_ten() -> None:
    from ui import compare

    assert compare.change_text(59, 1) == "1 → 59"  # not "+5 800 %"
    assert compare.change_text(11, 10) == "+10\u00a0%"
    assert compare.change_text(5, 9) == "9 → 5"
    assert compare.change_text(5, None) is None  # the comparison has no data: no change at all


def test_avvikelser_table_states_the_change_as_the_rule_says(monkeypatch) -> None:
    at = as_role(monkeypatch, "analytiker", "views/avvikelser.py", {"halvar": "2022-1"})
    assert_clean(at)
    table = frame(at, "Kategori", "Förändring")
    assert "Antal H1 2021" in table.columns
    for count, before, change in zip(
        table["Antal"], table["Antal H1 2021"], table["Förändring"], strict=True
    ):
        if before < 10:
            assert "%" not in change and change == f"{before} → {count}"
        else:
            assert change.endswith("%")


def test_period_text_names_every_span() -> None:
    from analytics.filters import Period
    from ui.filters import period_text

    assert period_text(Period.span(2022, "tertial", 2)) == "tertial 2 2022 (maj–aug)"
    assert period_text(Period.span(2022, "quarter", 4)) == "kvartal 4 2022"
    assert period_text(Period.span(2022, "month", 3)) == "mars 2022"
    assert period_text(Period.half_year(2022, 2)) == "andra halvåret 2022"


def test_url_codes_read_new_and_old_links() -> None:
    from ui.filters import url_code, url_preset

    assert url_code("halvar", "2022-1") == "2022-1"
    assert url_code("halvar", "2022-H2") == "2022-2"
    assert url_code("halvar", "Första halvåret 2022") == "2022-1"
    assert url_code("tertial", "Tertial 3 2021 (sep–dec)") == "2021-3"
    assert url_code("kvartal", "2022-4") == "2022-4"
    assert url_code("rullande", "t.o.m. november 2022") == "2022-11"
    assert url_code("kalenderar", "2022") == "2022"
    assert url_code("kalenderar", "tvåtusen") is None and url_code("halvar", "2022-3") is None
    assert url_preset({"period": "Halvår", "halvar": "Första halvåret 2022"}) == "halvar"
    assert url_preset({"kvartal": "2022-3"}) == "kvartal"
    assert url_preset({"ar": "2021"}) == "kalenderar"
    assert url_preset({"period": "valfri"}) == "valfri"
