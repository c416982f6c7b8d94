"""The SPC charts, funnels, rate ratios and rule-based signals on the pages, for each role
(AppTest on test_spc's tiny database: Solrosen's falls jump in 2022)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import streamlit as st
from app_helpers import assert_clean, run_page, texts, write_db
from test_spc import GRUPPBOSTAD, tables


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """The tiny database, no role from outside, a test access log, empty caches."""
    for name in ("KVALITET_ROLE", "KVALITET_UNITS", "KVALITET_ROLES", "KVALITET_MIN_CELL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KVALITET_DB", str(write_db(tmp_path / "spc.duckdb", tables())))
    monkeypatch.setenv("KVALITET_ACCESS_LOG", str(tmp_path / "access.jsonl"))
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def run(mp: pytest.MonkeyPatch, role: str, page: str, units: tuple[str, ...] = (), **query: str):
    mp.setenv("KVALITET_ROLE", role)
    mp.setenv("KVALITET_UNITS", ",".join(units))
    at = run_page(page, {"ar": "2022", **query})
    assert_clean(at)
    return at


def charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def titled(at, words: str) -> dict:
    found = [c for c in charts(at) if words in c["layout"]["title"]["text"]]
    assert found, [c["layout"]["title"]["text"] for c in charts(at)]
    return found[0]


def annotations(chart: dict, name: str) -> list[str]:
    return [a["text"] for a in chart["layout"].get("annotations", []) if a.get("name") == name]


def test_analytiker_sees_the_fall_spc_chart_and_the_funnel(monkeypatch) -> None:
    at = run(monkeypatch, "analytiker", "views/fall.py")
    spc_chart = titled(at, "styrdiagram")
    assert annotations(spc_chart, "variation") == ["Särskild orsak: försämring (högre)"]
    assert "jan 2021 – dec 2021 (12 månader)" in annotations(spc_chart, "baseline")[0]
    funnel = titled(at, "enheter")
    payload = json.dumps(funnel, ensure_ascii=False)
    assert "φ = " in annotations(funnel, "funnel_note")[0]
    assert "Solrosen" in payload  # an analytiker sees every unit's name


def test_baseline_and_change_month_come_from_the_sidebar(monkeypatch) -> None:
    at = run(monkeypatch, "analytiker", "views/fall.py", baslinje="24")
    assert "jan 2021 – dec 2022 (24 månader)" in annotations(titled(at, "styrdiagram"), "baseline")[0]
    at = run(monkeypatch, "analytiker", "views/fall.py", forandring="2022-01")
    spc_chart = titled(at, "styrdiagram")
    assert annotations(spc_chart, "variation") == ["Vanlig variation"]
    assert any("nya gränser" in a["text"] for a in spc_chart["layout"]["annotations"])


def test_chef_funnel_names_only_the_own_unit(monkeypatch) -> None:
    at = run(monkeypatch, "chef", "views/fall.py", units=("U2",))
    payload = json.dumps(titled(at, "enheter"), ensure_ascii=False)
    assert "Liljan" in payload and "Annan enhet" in payload
    others = [n for u, n in GRUPPBOSTAD.items() if u != "U2"] + ["Tallen"]
    assert not [n for n in others if n in payload]
    assert not [u for u in ("U1", "U3", "U4", "U5", "U6") if f'"{u}"' in payload]


def test_politiker_gets_the_spc_chart_but_no_funnel(monkeypatch) -> None:
    at = run(monkeypatch, "politiker", "views/fall.py")
    spc_chart = titled(at, "styrdiagram")
    months = next(t for t in spc_chart["data"] if t.get("name") == "Månad")
    hover = " ".join(months["text"])
    assert "– händelser" in hover  # 2021's 1-3 falls a month are hidden
    assert not re.search(r"(?<![\d ])[1-4] händelser", hover)
    assert not [c for c in charts(at) if "enheter" in c["layout"]["title"]["text"]]
    assert "visas inte för rollen politiker" in texts(at)


@pytest.mark.parametrize("role,units", [("analytiker", ()), ("chef", ("U1",)), ("politiker", ())])
def test_oversikt_signals_name_their_rule_and_no_per_cent_change(monkeypatch, role, units) -> None:
    at = run(monkeypatch, role, "views/oversikt.py", units=units)
    shown = texts(at)
    assert "ökade med" not in shown and "minskade med" not in shown
    if role == "politiker":  # the baseline's 1-3 falls a month are hidden: too few shown for a signal
        assert "Fall: dec 2022" not in shown
        assert not [n for n in [*GRUPPBOSTAD.values(), "Tallen"] if n in shown]
    else:
        assert "Fall: dec 2022 över den övre styrgränsen, högre än förväntat, en försämring." in shown
        assert "badge[" in shown and "Särskild orsak: försämring (högre)" in shown  # the KPI icon


def test_lss_sol_shows_rate_ratios_with_intervals(monkeypatch) -> None:
    at = run(monkeypatch, "analytiker", "views/lss_sol.py")
    table = next(d.value for d in at.dataframe if "Kvot (95 % KI)" in d.value.columns).set_index("Avvikelser")
    assert table.loc["Fall", "Kvot (95 % KI)"].startswith("2,00 (95 % KI ")
    assert table.loc["Fall", "Tolkning"] in {
        "skillnaden är statistiskt säkerställd (95 %)",
        "skillnaden kan vara slumpmässig",
    }


def test_oversikt_cards_carry_the_rate_ratio_against_the_previous_period(monkeypatch) -> None:
    at = run(monkeypatch, "analytiker", "views/oversikt.py")
    fall = next(m for m in at.metric if m.label == "Fall")
    # 132 falls in 720 brukare-months against 24 in 720
    assert fall.proto.help.startswith("Kvot mot 2021: 5,50 (95 % KI ")
    # the ratio's reading, then (issue 9) the comparison period's dates
    first, _, dates = fall.proto.help.partition("\n\n")
    assert first.endswith("skillnaden är statistiskt säkerställd (95 %).")
    assert dates.startswith("Jämförs med ")
