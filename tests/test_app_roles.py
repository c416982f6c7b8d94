"""Every page, for every role, on the demo: what the role may not see is not on the page.

- politiker: no brukare id, no description, no unit name, no count from 1 to 4 in a table or
  on a count card (hidden counts read "..");
- chef (two units): no other unit's name, no brukare id or description from another unit;
- everyone: no confidential complaint in a list (they are only counted).
The forbidden values are read from the demo database itself, and a positive control (the
analytiker sees brukare ids and descriptions, the chef their own) shows the search can fail.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from app_helpers import assert_clean, frame, page_files, run_page
from google.protobuf import text_format

from analytics.db import connect_readonly
from analytics.demo import texts

BRUKARE_ID = re.compile(r"\bB\d{5}\b")
YEAR = "2022"


pytestmark = pytest.mark.usefixtures("app_isolated")


@pytest.fixture(scope="module")
def facts(demo_db: Path) -> dict[str, Any]:
    """What the pages must hide, read from the demo database."""
    conn = connect_readonly(demo_db)
    try:

        def column(sql: str, params: dict | None = None) -> list:
            return [r[0] for r in conn.execute(sql, params or {}).fetchall()]

        hostile = conn.execute(
            "select deviation_id, unit_id, brukare_id, description from deviations "
            "where contains(description, $s) or contains(description, $i) order by deviation_id",
            {"s": texts.HOSTILE_SCRIPT, "i": texts.HOSTILE_IMG},
        ).fetchall()
        own = tuple(sorted({row[1] for row in hostile}))
        names = dict(conn.execute("select unit_id, unit_name from units").fetchall())
        other_only = column(
            "select description from deviations where description is not null "
            "group by description having bool_and(not list_contains($own, unit_id)) "
            "order by description limit 20",
            {"own": list(own)},
        )
        other_brukare = column(
            "select distinct brukare_id from deviations where brukare_id is not null "
            "and not list_contains($own, unit_id) and brukare_id not in "
            "(select brukare_id from deviations where list_contains($own, unit_id) "
            "and brukare_id is not null) order by 1",
            {"own": list(own)},
        )
        confidential = column("select complaint_id from complaints where confidential order by 1")
        listed_2022 = column(
            "select count(*) from complaints where not confidential and year(received_date) = 2022"
        )[0]
        descriptions = column(
            "select distinct description from deviations where year(reported_date) = 2022 "
            "and description is not null order by 1 limit 200"
        )
    finally:
        conn.close()
    assert len(own) == 2 and confidential and other_only and other_brukare
    return {
        "hostile": hostile,
        "own": own,
        "own_names": [names[u] for u in own],
        "other_names": [n for u, n in names.items() if u not in own],
        "other_only": other_only,
        "other_brukare": other_brukare,
        "confidential": confidential,
        "listed_2022": listed_2022,
        "descriptions": descriptions,
    }


def _proto_text(element: Any) -> str:
    proto = getattr(element, "proto", None)
    if proto is None:
        return ""
    if getattr(element, "type", "") == "plotly_chart":
        return json.dumps(json.loads(proto.spec), ensure_ascii=False)
    if getattr(element, "type", "") == "dataframe":
        return element.value.to_csv(index=False)
    return text_format.MessageToString(proto, as_utf8=True)


def shown(at) -> str:
    """Everything the run put on screen: texts, metrics, tables, chart specs, widget options."""
    return "\n".join(_proto_text(e) for tree in (at.main, at.sidebar) for e in tree)


def count_cells(at) -> list[tuple[str, object]]:
    """(header, value) of every table cell under a count header ("Antal ...")."""
    cells = []
    for d in at.dataframe:
        for header in d.value.columns:
            if str(header).startswith("Antal"):
                cells += [(header, v) for v in d.value[header]]
    return cells


def run(mp: pytest.MonkeyPatch, role: str, page: str, query: dict | None = None, units=()) -> Any:
    """The page in local mode with the role (and units) from the environment."""
    mp.setenv("KVALITET_ROLE", role)
    mp.setenv("KVALITET_UNITS", ",".join(units))
    return run_page(page, {"ar": YEAR, **(query or {})})


def drill_query(unit: str) -> dict:
    """Avvikelser drilled to the unit (the demo's hostile texts are at gruppbostäder LSS), with
    the descriptions switched on."""
    return {"avv_typ": "gruppbostad_lss", "avv_enhet": unit, "avv_text": "true"}


def read_in_full(at, deviation_id: str):
    """Choose the deviation whose description is shown in full (st.text)."""
    return at.selectbox(key="avv_text_id").set_value(deviation_id).run()


# --- politiker ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", page_files("politiker"))
def test_politiker_page_shows_no_person_text_unit_or_small_count(page, demo_db, monkeypatch, facts) -> None:
    monkeypatch.setenv("KVALITET_DB", str(demo_db))
    query = drill_query(facts["own"][0]) if page.endswith("avvikelser.py") else {}
    at = run(monkeypatch, "politiker", page, query)
    assert_clean(at)
    text = shown(at)
    assert not BRUKARE_ID.findall(text)
    assert not [d for d in facts["descriptions"] if d in text]
    assert texts.HOSTILE_SCRIPT not in text and texts.HOSTILE_IMG not in text
    assert not [n for n in facts["own_names"] + facts["other_names"] if n in text]
    small = [(h, v) for h, v in count_cells(at) if isinstance(v, int | float) and 1 <= v <= 4]
    small += [(h, v) for h, v in count_cells(at) if isinstance(v, str) and v.strip() in {"1", "2", "3", "4"}]
    assert not small, small
    cards = [(m.label, m.value) for m in at.metric if "dagar" not in m.label.lower()]
    assert not [c for c in cards if c[1].strip() in {"1", "2", "3", "4"}], cards


def test_politiker_tables_show_hidden_small_counts_as_below_five(demo_db, monkeypatch) -> None:
    monkeypatch.setenv("KVALITET_DB", str(demo_db))
    at = run(monkeypatch, "politiker", "views/synpunkter.py")
    assert_clean(at)
    values = [v for _, v in count_cells(at)]
    assert ".." in values  # the demo has categories with 1-4 complaints at some unit type
    assert not [v for v in values if v.startswith("<")]  # one symbol, not "<5"
    assert any(c.value.startswith(".. = dolt: färre än 5") for c in at.caption)


# --- chef --------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", page_files("chef"))
def test_chef_page_shows_only_own_units(page, demo_db, monkeypatch, facts) -> None:
    monkeypatch.setenv("KVALITET_DB", str(demo_db))
    query = drill_query(facts["own"][0]) if page.endswith("avvikelser.py") else {}
    at = run(monkeypatch, "chef", page, query, facts["own"])
    assert_clean(at)
    text = shown(at)
    assert not [n for n in facts["other_names"] if n in text]
    assert not [b for b in facts["other_brukare"] if b in set(BRUKARE_ID.findall(text))]
    assert not [d for d in facts["other_only"] if d in text]


def test_chef_reads_own_descriptions_but_not_another_units(demo_db, monkeypatch, facts) -> None:
    monkeypatch.setenv("KVALITET_DB", str(demo_db))
    deviation_id, unit, brukare, description = facts["hostile"][0]
    at = run(monkeypatch, "chef", "views/avvikelser.py", drill_query(unit), facts["own"])
    at = read_in_full(at, deviation_id)
    assert_clean(at)
    assert [t.value for t in at.text] == [description]  # own unit: shown as plain text
    assert brukare in set(BRUKARE_ID.findall(shown(at)))
    other = next(u for u in ("U001", "U002", "U003") if u not in facts["own"])
    at = run(monkeypatch, "chef", "views/avvikelser.py", drill_query(other), facts["own"])
    assert_clean(at)
    text = shown(at)
    assert not at.text and not at.toggle
    assert not [b for b in facts["other_brukare"] if b in set(BRUKARE_ID.findall(text))]


# --- analytiker and everyone -------------------------------------------------------------------


def test_confidential_complaints_are_not_listed_for_anyone(demo_db, monkeypatch, facts, tmp_path) -> None:
    monkeypatch.setenv("KVALITET_DB", str(demo_db))
    at = run(monkeypatch, "analytiker", "views/synpunkter.py")
    assert_clean(at)
    assert len(frame(at, "Inkommen", "Beskrivning")) == facts["listed_2022"]
    (entry,) = [json.loads(line) for line in (tmp_path / "access.jsonl").read_text().splitlines()]
    assert entry["kind"] == "free_text" and len(entry["record_ids"]) == facts["listed_2022"]
    assert not set(entry["record_ids"]) & set(facts["confidential"])


def test_analytiker_sees_brukare_and_descriptions_as_text(demo_db, monkeypatch, facts) -> None:
    monkeypatch.setenv("KVALITET_DB", str(demo_db))
    for deviation_id, unit, brukare, description in facts["hostile"]:
        at = run(monkeypatch, "analytiker", "views/avvikelser.py", drill_query(unit))
        at = read_in_full(at, deviation_id)
        assert_clean(at)
        assert [t.value for t in at.text] == [description]
        assert brukare in set(BRUKARE_ID.findall(shown(at)))
    assert any(texts.HOSTILE_SCRIPT in d for *_, d in facts["hostile"])
    assert any(texts.HOSTILE_IMG in d for *_, d in facts["hostile"])


@pytest.mark.parametrize("role", ["chef", "politiker"])
def test_the_upload_page_is_not_offered_to_chef_or_politiker(role, demo_db, monkeypatch) -> None:
    monkeypatch.setenv("KVALITET_DB", str(demo_db))
    monkeypatch.setenv("KVALITET_ROLE", role)
    if role == "chef":
        monkeypatch.setenv("KVALITET_UNITS", "U001")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        run_page("views/uppladdning.py")
