"""The dashboard frame: no database, filters from the URL, drill-down state, roles, every page on
a small hand-made database, an empty one, and one without the optional tables."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import tiny_db
from app_helpers import (
    assert_clean,
    frame,
    full_tables,
    metric,
    page_files,
    run_page,
    small_tables,
    texts,
    write_db,
)

from ui import db as ui_db

pytestmark = pytest.mark.usefixtures("app_isolated")


@pytest.fixture
def small_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small hand-made database (required tables only), set as KVALITET_DB."""
    path = write_db(tmp_path / "small.duckdb", small_tables())
    monkeypatch.setenv("KVALITET_DB", str(path))
    return path


@pytest.fixture
def full_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small hand-made database with every optional table, set as KVALITET_DB."""
    path = write_db(tmp_path / "full.duckdb", full_tables())
    monkeypatch.setenv("KVALITET_DB", str(path))
    return path


@pytest.fixture
def empty_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database with the schema of the required tables and no rows, set as KVALITET_DB."""
    path = write_db(tmp_path / "empty.duckdb", {})
    monkeypatch.setenv("KVALITET_DB", str(path))
    return path


@pytest.mark.parametrize("page", [None, *(p for p in page_files() if p != "views/uppladdning.py")])
def test_missing_database_says_so_on_every_page(page, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KVALITET_DB", str(tmp_path / "saknas.duckdb"))
    at = run_page(page)
    assert not at.exception
    assert ui_db.NO_DATABASE in [i.value for i in at.info]


def test_the_upload_page_works_before_any_database_exists(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KVALITET_DB", str(tmp_path / "saknas.duckdb"))
    at = run_page("views/uppladdning.py")
    assert not at.exception
    assert [t.value for t in at.title] == ["Ladda upp data"]
    assert ui_db.NO_DATABASE not in [i.value for i in at.info]


def test_unreadable_database_says_so(tmp_path, monkeypatch) -> None:
    garbage = tmp_path / "trasig.duckdb"
    garbage.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("KVALITET_DB", str(garbage))
    at = run_page()
    assert not at.exception
    assert ui_db.NO_DATABASE in [i.value for i in at.info]


def test_database_without_required_tables_says_so(tmp_path, monkeypatch) -> None:
    path = tmp_path / "annan.duckdb"
    conn = tiny_db.build({})
    conn.close()
    import duckdb

    duckdb.connect(str(path)).execute("create table x (a int)").close()
    monkeypatch.setenv("KVALITET_DB", str(path))
    at = run_page("views/data.py")
    assert not at.exception
    assert ui_db.NO_DATABASE in [i.value for i in at.info]


@pytest.mark.parametrize("page", page_files())
def test_every_page_renders_on_the_small_database(page, small_db) -> None:
    at = run_page(page, {"ar": "2022"})
    assert_clean(at)
    assert at.title, "every page has a title"


@pytest.mark.parametrize("page", page_files())
def test_every_page_renders_on_the_full_small_database(page, full_db) -> None:
    at = run_page(page, {"ar": "2022"})
    assert_clean(at)
    assert not [i.value for i in at.info if "saknas: lägg" in i.value], "no table is missing"


@pytest.mark.parametrize("page", page_files())
def test_every_page_renders_on_an_empty_database(page, empty_db) -> None:
    at = run_page(page)
    assert_clean(at)


@pytest.mark.parametrize("page", page_files())
def test_every_page_renders_with_a_drill_state(page, small_db) -> None:
    at = run_page(page, {"ar": "2022", "avv_typ": "gruppbostad_lss", "avv_enhet": "U1"})
    assert_clean(at)


def test_landing_page_key_figures_from_the_small_database(small_db) -> None:
    at = run_page(None, {"ar": "2022"})
    assert_clean(at)
    assert at.title[0].value == "Översikt"
    assert metric(at, "Fall") == "3"
    # key-figures.md v2 on screen: a base under 10 gives the two counts, not "+200 %"
    assert [m.delta for m in at.metric if m.label == "Fall"] == ["1 → 3"]
    assert metric(at, "Hot och våld") == "2"
    assert metric(at, "SoL-avvikelser") == "1"


def test_comparison_without_data_says_so_and_the_choice_is_in_the_url(small_db) -> None:
    at = run_page(None, {"ar": "2021"})  # 2020: before the first deviation
    assert_clean(at)
    fall = next(m for m in at.metric if m.label == "Fall")
    assert fall.proto.delta_description == "Ingen data för jämförelseperioden" and not fall.delta
    at = run_page(None, {"halvar": "2022-1", "jamfor": "foregaende"})
    assert_clean(at)
    assert at.sidebar.selectbox(key="period").value == "halvar"
    assert at.sidebar.selectbox(key="jamfor").value == "previous"
    assert "Jämförs med H2 2021 (2021-07-01 – 2021-12-31)." in [c.value for c in at.sidebar.caption]
    fall = next(m for m in at.metric if m.label == "Fall")
    assert fall.proto.delta_description == "H2 2021: 0"


@pytest.mark.parametrize(
    ("query", "preset", "caption"),
    [
        ({"ar": "2022"}, "kalenderar", "Jämförs med 2021 (2021-01-01 – 2021-12-31)."),
        ({"halvar": "2022-1"}, "halvar", "Jämförs med H1 2021 (2021-01-01 – 2021-06-30)."),
        ({"period": "Halvår", "halvar": "Första halvåret 2022"}, "halvar", "Jämförs med H1 2021"),
        ({"halvar": "2022-H2"}, "halvar", "Jämförs med H2 2021"),
        ({"tertial": "2022-2"}, "tertial", "Jämförs med T2 2021 (2021-05-01 – 2021-08-31)."),
        ({"kvartal": "2022-3"}, "kvartal", "Jämförs med K3 2021 (2021-07-01 – 2021-09-30)."),
        ({"manad": "2022-03"}, "manad", "Jämförs med mar 2021"),
    ],
)
def test_period_links_with_stable_codes_and_old_labels(small_db, query, preset, caption) -> None:
    at = run_page(None, query)
    assert_clean(at)
    assert at.sidebar.selectbox(key="period").value == preset
    assert any(c.value.startswith(caption) for c in at.sidebar.caption), [c.value for c in at.sidebar.caption]


def test_year_from_the_url_sets_the_period(small_db) -> None:
    at = run_page(None, {"ar": "2021"})
    assert_clean(at)
    assert metric(at, "Fall") == "1"
    assert at.sidebar.selectbox(key="ar").value == 2021


def test_unit_type_filter_from_the_url(small_db) -> None:
    at = run_page(None, {"ar": "2022", "typ": "Bostad med särskild service SoL (socialpsykiatri)"})
    assert_clean(at)
    assert at.sidebar.multiselect(key="typ").value == ["bostad_sol"]
    assert metric(at, "Fall") == "1"  # only U2's fall


def test_half_year_preset(small_db) -> None:
    at = run_page(None, {"period": "Halvår", "halvar": "Första halvåret 2022"})
    assert_clean(at)
    assert metric(at, "Fall") == "2"  # February and May


def test_empty_period_says_so(small_db) -> None:
    at = run_page("views/avvikelser.py", {"period": "Halvår", "halvar": "Andra halvåret 2021"})
    assert_clean(at)
    # small_tables: the first deviation is dated 2021-01-05, the last 2022-09-01
    assert (
        "Inga avvikelser i vald period (andra halvåret 2021). Data finns för 2021-01-05 – 2022-09-01."
        in texts(at)
    )


def test_drill_levels_from_the_url(small_db) -> None:
    at = run_page("views/avvikelser.py", {"ar": "2022", "avv_typ": "gruppbostad_lss"})
    assert_clean(at)
    assert [b.label for b in at.button] == ["Alla verksamhetstyper"]
    assert frame(at, "Enhet", "Regi")["Enhet"].tolist() == ["Solrosen"]

    at = run_page("views/avvikelser.py", {"ar": "2022", "avv_typ": "gruppbostad_lss", "avv_enhet": "U1"})
    assert_clean(at)
    assert [b.label for b in at.button] == ["Alla verksamhetstyper", "Gruppbostad LSS"]
    per_brukare = frame(at, "Brukare", "Antal")
    assert dict(zip(per_brukare["Brukare"], per_brukare["Antal"], strict=True)) == {"B1": 3, "B3": 1}


def test_breadcrumb_goes_back_up(small_db) -> None:
    at = run_page("views/avvikelser.py", {"ar": "2022", "avv_typ": "gruppbostad_lss", "avv_enhet": "U1"})
    at.button(key="avv_upp_1").click().run()
    assert_clean(at)
    assert "avv_enhet" not in at.query_params
    assert at.query_params["avv_typ"] == "gruppbostad_lss"
    assert [b.label for b in at.button] == ["Alla verksamhetstyper"]
    at.button(key="avv_upp_0").click().run()
    assert "avv_typ" not in at.query_params
    assert not at.button


def test_invalid_drill_values_are_ignored(small_db) -> None:
    at = run_page("views/avvikelser.py", {"ar": "2022", "avv_typ": "'; drop table units; --"})
    assert_clean(at)
    assert not at.button  # back at the top level


def test_politiker_sees_no_units_and_no_brukare(small_db, monkeypatch) -> None:
    monkeypatch.setenv("KVALITET_ROLE", "politiker")
    at = run_page("views/avvikelser.py", {"ar": "2022", "avv_typ": "gruppbostad_lss", "avv_enhet": "U1"})
    assert_clean(at)
    assert not at.button  # the URL's drill state is ignored: no unit or brukare level
    shown = texts(at)
    assert "Uppgifter per enhet och brukare visas inte för din roll" in shown
    assert "Solrosen" not in shown and "B1" not in shown
    assert metric(at, "HSL") == ".."  # 3 falls: below the suppression threshold


@pytest.mark.parametrize("page", page_files("politiker"))
def test_every_page_renders_for_politiker(page, full_db, monkeypatch) -> None:
    monkeypatch.setenv("KVALITET_ROLE", "politiker")
    at = run_page(page, {"ar": "2022"})
    assert_clean(at)
    assert not [w.value for w in at.warning if "behörighet" in w.value.lower()]


def test_brukare_view_is_written_to_the_access_log_once(small_db, tmp_path) -> None:
    query = {"ar": "2022", "avv_typ": "gruppbostad_lss", "avv_enhet": "U1"}
    at = run_page("views/avvikelser.py", query)
    assert_clean(at)
    at.run()  # a rerun of the same view is not a new view
    entries = [json.loads(line) for line in (tmp_path / "access.jsonl").read_text().splitlines()]
    assert len(entries) == 1
    assert entries[0]["kind"] == "brukare_level"
    assert entries[0]["brukare_ids"] == ["B1", "B3"]
    assert entries[0]["page"] == "avvikelser"
    assert entries[0]["role"] == "analytiker"


def test_unwritable_access_log_hides_the_rows(small_db, tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "fil"
    blocker.write_text("x")
    monkeypatch.setenv("KVALITET_ACCESS_LOG", str(blocker / "access.jsonl"))  # a file as folder
    at = run_page("views/avvikelser.py", {"ar": "2022", "avv_typ": "gruppbostad_lss", "avv_enhet": "U1"})
    assert not at.exception
    assert any("Åtkomstloggen kunde inte skrivas" in e.value for e in at.error)
    assert "B3" not in texts(at)


def test_chef_without_units_is_a_clear_error(small_db, monkeypatch) -> None:
    monkeypatch.setenv("KVALITET_ROLE", "chef")
    at = run_page()
    assert not at.exception
    assert any("Rollen chef kräver minst en enhet" in e.value for e in at.sidebar.error)


def test_chef_sees_only_own_units(small_db, monkeypatch) -> None:
    monkeypatch.setenv("KVALITET_ROLE", "chef")
    monkeypatch.setenv("KVALITET_UNITS", "U2")
    at = run_page(None, {"ar": "2022"})
    assert_clean(at)
    assert metric(at, "Fall") == "1"


def test_data_page_on_database_without_optional_tables(small_db) -> None:
    at = run_page("views/data.py", {"ar": "2022"})
    assert_clean(at)
    warnings = [w.value for w in at.warning]
    assert (
        "Signeringsdata saknas: lägg signings.parquet eller signings.csv i mappen och ladda om." in warnings
    )
    status = frame(at, "Fil", "Laddad").set_index("Fil")
    assert status.loc["deviations", "Rader"] == 7
    assert status.loc["census", "Rader"] == 24
    assert not status.loc["signings", "Laddad"]
    assert status.loc["deviations", "Från"] == pd.Timestamp(2021, 1, 5)  # the first deviation (app_helpers)
    quality = frame(at, "Område", "Ej uppföljda").set_index("Område")
    assert quality.loc["HSL", "Avvikelser"] == 3
    assert quality.loc["HSL", "Ej uppföljda"] == 1
    assert "Laddningsloggen är tom" in texts(at)


def test_data_page_on_empty_database(empty_db) -> None:
    at = run_page("views/data.py")
    assert_clean(at)
    assert "Inga avvikelser i vald period (" in texts(at)
    status = frame(at, "Fil", "Laddad").set_index("Fil")
    assert status.loc["deviations", "Rader"] == 0


def test_downloads_hold_the_table_shown(small_db) -> None:
    at = run_page("views/data.py", {"ar": "2022"})
    labels = [b.label for b in at.download_button] if hasattr(at, "download_button") else []
    assert "Ladda ned CSV" in labels and "Ladda ned Excel" in labels


def test_period_choices_come_from_the_loaded_data() -> None:
    from datetime import date

    from ui import filters

    org = pd.DataFrame(
        {"administration": ["SOF"], "area": ["A"], "unit_type": ["bostad_sol"], "operator": ["privat"]}
    )
    c = filters._choices((date(2021, 3, 15), date(2022, 8, 2)), org)
    assert c.years == (2022, 2021)
    assert c.halves == ("2022-2", "2022-1", "2021-2", "2021-1")  # stable URL codes (issue 9)
    assert c.tertials == ("2022-2", "2022-1", "2021-3", "2021-2", "2021-1")
    assert c.quarters[:2] == ("2022-3", "2022-2") and c.quarters[-1] == "2021-1"
    assert c.months[0] == "2022-08" and c.months[-1] == "2021-03" and len(c.months) == 18
    assert c.unit_types == ("bostad_sol",) and c.operators == ("privat",)


def test_clicked_bar_code_from_a_plotly_selection() -> None:
    from ui import drill

    event = {"selection": {"points": [{"customdata": ["gruppbostad_lss"], "x": 3}], "point_indices": [0]}}
    assert drill.clicked(event) == "gruppbostad_lss"
    assert drill.clicked({"selection": {"points": []}}) is None
    assert drill.clicked(object()) is None  # a chart without on_select


@pytest.mark.parametrize(
    ("page", "prefix"),
    [("views/avvikelser.py", "avv"), ("views/hot_och_vald.py", "hov"), ("views/fall.py", "fall")],
)
def test_chef_drill_to_another_unit_shows_nothing_of_it(page, prefix, small_db, monkeypatch) -> None:
    monkeypatch.setenv("KVALITET_ROLE", "chef")
    monkeypatch.setenv("KVALITET_UNITS", "U1")
    # a link typed by hand (or pasted by an analytiker) that names U2 (Tallen), not the chef's
    at = run_page(page, {"ar": "2022", f"{prefix}_typ": "bostad_sol", f"{prefix}_enhet": "U2"})
    assert_clean(at)
    assert "Tallen" not in texts(at) + json.dumps([json.loads(c.proto.spec) for c in at.get("plotly_chart")])
    assert "U2" not in texts(at)
    assert [b.label for b in at.button] == ["Alla verksamhetstyper"]  # back at the unit level


@pytest.mark.parametrize(
    "datum",
    [
        ["2022-05-01", "2022-01-01"],  # end before start, typed into the URL
        ["0001-01-01", "0001-02-01"],  # near year 1: the previous period would underflow
        ["2022-13-01", "2022-01-01"],  # not a date
    ],
)
def test_custom_period_from_a_bad_url_never_crashes(datum, small_db) -> None:
    at = run_page("views/avvikelser.py", {"period": "Valfri period", "datum": datum})
    assert_clean(at)
    assert at.title and at.title[0].value == "Avvikelser"


def test_custom_period_with_the_end_first_is_read_in_order(small_db) -> None:
    at = run_page(None, {"period": "Valfri period", "datum": ["2022-05-01", "2022-01-01"]})
    assert_clean(at)
    assert "2022-01-01 – 2022-05-01" in texts(at)


def test_lss_sol_without_signings_names_the_missing_file(small_db) -> None:
    at = run_page("views/lss_sol.py", {"ar": "2022"})
    assert_clean(at)
    assert ui_db.missing_table_message("signings") in texts(at)  # the task columns stay empty


def test_markdown_escape_leaves_no_markup() -> None:
    from ui.markdown import escape

    assert escape("Enhet *7* [x](y) :red[z] <b>") == r"Enhet \*7\* \[x\]\(y\) \:red\[z\] \<b\>"


@pytest.mark.parametrize("query", [{"ar": "1"}, {"ar": "2"}, {"period": "Halvår", "halvar": "1-H1"}])
def test_a_deviation_dated_year_1_never_crashes_the_period_choice(query, tmp_path, monkeypatch) -> None:
    tables = small_tables()
    typo = {**tables["deviations"][0], "deviation_id": "D9", "reported_date": "0001-03-01"}
    tables["deviations"].append(typo)
    monkeypatch.setenv("KVALITET_DB", str(write_db(tmp_path / "year1.duckdb", tables)))
    at = run_page(None, query)
    assert_clean(at)
    assert at.title and at.title[0].value == "Översikt"
