"""Rough edges a new user hit, on small hand-made databases: the Kia section is shown when no
deviation is about hot och våld, a chef with one unit sees the unit named and no "top 5" views
of their own units, and an unknown unit id is never shown as if it were a unit."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import assert_clean, full_tables, run_page, texts, write_db

from ui import filters

pytestmark = pytest.mark.usefixtures("app_isolated")


@pytest.fixture
def no_violence_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """full_tables without the two hot och våld deviations; the 3 violent Kia incidents stay."""
    tables = full_tables()
    tables["deviations"] = [d for d in tables["deviations"] if d["category"] != "hot_och_vald"]
    path = write_db(tmp_path / "no_violence.duckdb", tables)
    monkeypatch.setenv("KVALITET_DB", str(path))
    return path


@pytest.fixture
def full_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = write_db(tmp_path / "full.duckdb", full_tables())
    monkeypatch.setenv("KVALITET_DB", str(path))
    return path


def test_the_kia_section_is_shown_without_violence_deviations(no_violence_db) -> None:
    at = run_page("views/hot_och_vald.py", {"ar": "2022"})
    assert_clean(at)
    assert any(i.value.startswith("Inga avvikelser om hot och våld i vald period (2022).") for i in at.info)
    assert "Arbetsmiljöhändelser (Kia)" in [h.value for h in at.header]
    assert [m.value for m in at.metric if m.label == "Händelser med hot eller våld"] == ["3"]


def test_a_chef_with_one_unit_sees_it_named_and_no_top_five(full_db, monkeypatch) -> None:
    monkeypatch.setenv("KVALITET_ROLE", "chef")
    monkeypatch.setenv("KVALITET_UNITS", "U1")
    at = run_page("views/hot_och_vald.py", {"ar": "2022"})
    assert_clean(at)
    assert "Roll: enhetschef för Solrosen." in texts(at)
    assert not [m.label for m in at.metric if "största enheternas andel" in m.label]
    assert "★" not in texts(at)
    assert "Koncentration till få enheter" not in [s.value for s in at.subheader]


def test_the_analyst_still_sees_the_top_five(full_db) -> None:
    at = run_page("views/hot_och_vald.py", {"ar": "2022"})
    assert_clean(at)
    assert [m.label for m in at.metric if "största enheternas andel" in m.label]


def test_an_unknown_unit_id_is_called_unknown() -> None:
    names = {"U1": "Solrosen", "U2": "Tallen"}
    assert filters.chef_caption(("U1",), names) == "Roll: enhetschef för Solrosen."
    assert (
        filters.chef_caption(("U1", "U2", "X9"), names)
        == "Roll: enhetschef för Solrosen, Tallen och Okänd enhet."
    )


@pytest.fixture
def small_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from app_helpers import small_tables

    path = write_db(tmp_path / "small.duckdb", small_tables())
    monkeypatch.setenv("KVALITET_DB", str(path))
    return path


def test_a_link_with_an_unknown_unit_says_so_and_never_shows_the_id(small_db) -> None:
    at = run_page("views/avvikelser.py", {"ar": "2022", "avv_typ": "gruppbostad_lss", "avv_enhet": "X9"})
    assert_clean(at)
    assert any("Okänd enhet" in w.value for w in at.warning)
    assert "X9" not in texts(at) + "".join(b.label for b in at.button)


def test_a_link_pairing_a_unit_with_the_wrong_type_shows_the_unit_under_its_own(small_db) -> None:
    # U1 (Solrosen, 4 deviations in 2022) is a gruppbostad LSS; the link says bostad SoL.
    at = run_page("views/avvikelser.py", {"ar": "2022", "avv_typ": "bostad_sol", "avv_enhet": "U1"})
    assert_clean(at)
    assert any("Solrosen är Gruppbostad LSS, inte Bostad med särskild service" in i.value for i in at.info)
    assert not any(i.value.startswith("Inga") for i in at.info)
    assert "Gruppbostad LSS" in [b.label for b in at.button]  # the breadcrumb goes up to its own type


def test_a_table_rounds_a_figure_as_the_chart_does() -> None:
    import pandas as pd

    from presentation import format as fmt
    from ui import tables

    df = pd.DataFrame({"per_brukare": [73 / 4, 2.675, None], "share": [0.18255, 0.5, None]})
    shown = tables.displayed(
        df, {"per_brukare": "Per brukare", "share": "Andel"}, percent=("share",), decimals={"per_brukare": 1}
    )
    # 73/4 = 18.25 exactly: half up is 18.3, as the chart's text (presentation.format) shows it.
    assert shown["Per brukare"].tolist()[:2] == [18.3, 2.7]
    assert fmt.number(73 / 4, 1) == "18,3"
    assert shown["Andel"].tolist()[:2] == [18.3, 50.0]
    assert shown["Per brukare"].isna().tolist() == [False, False, True]


def test_a_year_the_data_does_not_have_is_said_not_replaced_silently(small_db) -> None:
    at = run_page(None, {"ar": "2019"})  # the first run: the link as pasted
    assert_clean(at)
    # small_tables: deviations from 2021-01-05 to 2022-09-01; the newest year is shown
    (warning,) = [w.value for w in at.warning if w.value.startswith("2019 finns inte i data (")]
    assert warning == "2019 finns inte i data (2021-01-05 – 2022-09-01); visar 2022."


def test_a_hostile_year_in_a_link_is_escaped(small_db) -> None:
    at = run_page(None, {"ar": "**x**[a](javascript:1)"})
    assert_clean(at)
    (warning,) = [w.value for w in at.warning if "finns inte i data" in w.value]
    assert "**x**" not in warning and "](" not in warning


def test_the_unit_filter_narrows_every_page_and_follows_to_the_next(small_db) -> None:
    # small_tables, 2022: Solrosen (U1) has falls D1, D2 and hot och våld D4, D5; Tallen has D3, D6.
    at = run_page("views/avvikelser.py", {"ar": "2022", "enhet": "Solrosen"})
    assert_clean(at)
    assert at.sidebar.multiselect(key="enhet").value == ["U1"]
    assert {m.label: m.value for m in at.metric if m.label in ("HSL", "LSS", "SoL")} == {
        "HSL": "2",
        "LSS": "2",
    }
    at.switch_page("views/fall.py").run()
    assert at.sidebar.multiselect(key="enhet").value == ["U1"]
    assert at.query_params["enhet"] in ("Solrosen", ["Solrosen"])
    assert [m.value for m in at.metric if m.label == "Fallavvikelser"] == ["2"]


def test_a_chef_chooses_among_own_units_and_a_politiker_has_no_unit_filter(small_db, monkeypatch) -> None:
    monkeypatch.setenv("KVALITET_ROLE", "chef")
    monkeypatch.setenv("KVALITET_UNITS", "U2")
    at = run_page(None, {"ar": "2022"})
    assert at.sidebar.multiselect(key="enhet").options == ["Tallen"]
    monkeypatch.setenv("KVALITET_ROLE", "politiker")
    monkeypatch.delenv("KVALITET_UNITS")
    at = run_page(None, {"ar": "2022"})
    assert_clean(at)
    assert "Enhet" not in [m.label for m in at.sidebar.multiselect]


def test_a_drilled_section_says_its_scope_against_the_rest_of_the_page(small_db) -> None:
    at = run_page("views/avvikelser.py", {"ar": "2022", "avv_typ": "gruppbostad_lss", "avv_enhet": "U1"})
    assert_clean(at)
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert (
        "Det här avsnittet gäller Gruppbostad LSS › Solrosen. "
        "Övriga avsnitt på sidan gäller hela förvaltningen." in captions
    )
    at = run_page("views/avvikelser.py", {"ar": "2022", "avv_typ": "gruppbostad_lss", "enhet": "Tallen"})
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert "Det här avsnittet gäller Gruppbostad LSS. Övriga avsnitt på sidan gäller Tallen." in captions


def test_a_chefs_overview_names_the_unit(small_db, monkeypatch) -> None:
    monkeypatch.setenv("KVALITET_ROLE", "chef")
    monkeypatch.setenv("KVALITET_UNITS", "U1")
    at = run_page(None, {"ar": "2022"})
    assert_clean(at)
    assert "Avvikelser, synpunkter och signaler vid Solrosen, 2022." in [m.value for m in at.markdown]


def _history(path: Path) -> None:
    from analytics.ingest import history

    ok = {"at": "2026-11-01T08:00:00", "user": "anna@kommun.se", "source": "kommandorad", "approved": True}
    bad = {
        "at": "2026-11-02T08:00:00",
        "user": "anna@kommun.se",
        "source": "uppladdning",
        "folder": "/srv/kvalitet/uppladdning_x",
        "approved": False,
        "errors": 2,
        "problems": [
            {"file": "deviations.csv", "row": 3, "column": "category", "value": "x", "rule": "okänd kod"}
        ],
    }
    for r in (ok, bad):
        history.append(r, path)


def test_the_data_page_shows_a_rejected_last_load_in_plain_words_to_a_chef(
    small_db, tmp_path, monkeypatch
) -> None:
    _history(tmp_path / "h.jsonl")
    monkeypatch.setenv("KVALITET_LOAD_HISTORY", str(tmp_path / "h.jsonl"))
    monkeypatch.setenv("KVALITET_ROLE", "chef")
    monkeypatch.setenv("KVALITET_UNITS", "U1")
    at = run_page("views/data.py", {"ar": "2022"})
    assert_clean_but_history(at)
    assert at.error[0].value.startswith("Senaste laddningsförsöket, 2026-11-02 08:00, avvisades (2 fel)")
    shown = texts(at) + "".join(str(t.value) for t in at.table) + "".join(str(d.value) for d in at.dataframe)
    for secret in ("anna@kommun.se", "/srv/", "deviations.csv", "category", "Uppladdning"):
        assert secret not in shown, secret


def test_the_data_page_shows_the_analyst_who_where_and_why(small_db, tmp_path, monkeypatch) -> None:
    _history(tmp_path / "h.jsonl")
    monkeypatch.setenv("KVALITET_LOAD_HISTORY", str(tmp_path / "h.jsonl"))
    at = run_page("views/data.py", {"ar": "2022"})
    (history,) = [t.value for t in at.table if "Vem" in t.value.columns]
    assert history["Resultat"].tolist() == ["Avvisad", "Godkänd"]
    assert history["Källa"].tolist() == ["Uppladdning", "Kommandorad"]
    assert history["Fel"].tolist() == [2, 0]


def assert_clean_but_history(at) -> None:
    """No exception; the only error box is the rejected load's notice."""
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1
