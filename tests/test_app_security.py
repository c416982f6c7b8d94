"""Hardening of the app: a read-only database without file or network access, a reload picked
up without a restart (and the access log kept), settings in .streamlit/config.toml, and no HTML
path for data text."""

from __future__ import annotations

import copy
import json
import re
import tomllib
from pathlib import Path

import duckdb
import pytest
from app_helpers import ROOT, assert_clean, run_page, small_tables, write_db
from folders import TODAY, base_tables, write_folder

from analytics.analyses import datastatus
from analytics.ingest import load
from ui import db as ui_db

pytestmark = pytest.mark.usefixtures("app_isolated")


@pytest.mark.parametrize(
    "statement",
    [
        "create table stolen (a int)",
        "insert into units (unit_id) values ('X')",
        "delete from deviations",
        "select * from read_csv('{csv}')",
        "copy units to '{out}'",
        "install httpfs",
        "attach '{other}' as other",
    ],
)
def test_app_connection_is_read_only_without_external_access(statement, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KVALITET_DB", str(write_db(tmp_path / "app.duckdb", small_tables())))
    csv = tmp_path / "secret.csv"
    csv.write_text("a\n1\n")
    sql = statement.format(csv=csv, out=tmp_path / "out.csv", other=tmp_path / "other.duckdb")
    conn = ui_db.connection()
    with pytest.raises(duckdb.Error):
        with conn.cursor() as cur:
            cur.execute(sql).fetchall()
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "other.duckdb").exists()
    with conn.cursor() as cur:  # the connection still works for reading
        assert cur.execute("select count(*) from units").fetchone() == (2,)


def _folder_with(tmp_path: Path, name: str, extra_deviations: int):
    tables = base_tables()
    template = tables["deviations"][0]
    for i in range(extra_deviations):
        row = copy.deepcopy(template)
        row.update(deviation_id=f"X{i}", brukare_id="B3", description="")
        tables["deviations"].append(row)
    return write_folder(tmp_path / name, tables)


def test_a_reload_is_picked_up_and_the_access_log_is_kept(tmp_path, monkeypatch) -> None:
    db = tmp_path / "kvalitet.duckdb"
    log = tmp_path / "access.jsonl"
    monkeypatch.setenv("KVALITET_DB", str(db))
    load.load_folder(_folder_with(tmp_path, "first", 0), db, today=TODAY)
    query = {"ar": "2022", "avv_typ": "gruppbostad_lss", "avv_enhet": "U1"}

    at = run_page("views/avvikelser.py", query)
    assert_clean(at)
    before = ui_db.call(datastatus.table_status).set_index("table").loc["deviations", "rows"]
    first_log = log.read_text()
    assert [json.loads(line)["brukare_ids"] for line in first_log.splitlines()] == [["B1"]]

    # python -m analytics load replaces the file atomically; no cache is cleared here
    load.load_folder(_folder_with(tmp_path, "second", 2), db, today=TODAY)
    after = ui_db.call(datastatus.table_status).set_index("table").loc["deviations", "rows"]
    assert (before, after) == (3, 5)
    at = run_page("views/avvikelser.py", query)
    assert_clean(at)
    text = log.read_text()
    assert text.startswith(first_log)  # the reload did not touch the log
    entries = [json.loads(line) for line in text.splitlines()]
    assert [e["brukare_ids"] for e in entries] == [["B1"], ["B1", "B3"]]  # the new rows are seen


def test_config_toml_hardening() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    server = config["server"]
    assert server["enableXsrfProtection"] is True
    assert server["enableCORS"] is True
    assert server["address"] == "127.0.0.1"
    assert 0 < server["maxUploadSize"] <= 200  # the upload page; zips are bounded unpacked too
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] in ("viewer", "minimal")


def test_secrets_and_role_files_are_not_committed() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8")
    assert ".streamlit/secrets.toml" in ignored
    assert "data/access_log" in ignored or "access_log/" in ignored


# Every way Streamlit renders raw HTML. None may appear in the dashboard's code: a page puts data
# text (names, descriptions) on screen only through st.dataframe, st.text or escaped Markdown.
HTML_SINKS = re.compile(r"unsafe_allow_html|st\.html\(|components\.v1|components\.html|st\.iframe")


# The one HTML sink allowed: the print stylesheet, a literal constant (checked below).
STATIC_CSS = {("ui/print_style.py", "st.html(PRINT_CSS)")}
# ui/static_html.py is the one exception: CSS and a scroll written there, no argument but a code.
STATIC_HTML = ROOT / "ui" / "static_html.py"


def test_no_html_rendering_of_data_text() -> None:
    files = [ROOT / "app.py", *(ROOT / "ui").glob("*.py"), *(ROOT / "views").glob("*.py")]
    files = [f for f in files if f != STATIC_HTML]
    found = [
        f"{path.relative_to(ROOT)}:{i}"
        for path in files
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HTML_SINKS.search(line) and (str(path.relative_to(ROOT)), line.strip()) not in STATIC_CSS
    ]
    assert not found, found


def test_the_print_stylesheet_is_a_literal_without_data() -> None:
    """PRINT_CSS is assigned a string literal (no f-string, no formatting): nothing from data."""
    import ast

    tree = ast.parse((ROOT / "ui" / "print_style.py").read_text(encoding="utf-8"))
    (value,) = [
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and [t.id for t in node.targets if isinstance(t, ast.Name)] == ["PRINT_CSS"]
    ]
    assert isinstance(value, ast.Constant) and isinstance(value.value, str)
    assert value.value.strip().startswith("<style>") and value.value.strip().endswith("</style>")


@pytest.mark.parametrize("element_id", ['x"><img src=x onerror=alert(1)>', "Avv", "", "a b", "a" * 50])
def test_the_static_html_module_takes_only_codes(element_id: str) -> None:
    from ui import static_html

    with pytest.raises(ValueError, match="element id must be a code"):
        static_html.scroll_here(element_id)


def test_reading_descriptions_is_logged_once_per_view(tmp_path, monkeypatch) -> None:
    tables = small_tables()
    tables["deviations"][3]["description"] = "Brukaren kastade en stol."  # D4 at U1, brukare B1
    monkeypatch.setenv("KVALITET_DB", str(write_db(tmp_path / "text.duckdb", tables)))
    log = tmp_path / "access.jsonl"
    query = {"ar": "2022", "avv_typ": "gruppbostad_lss", "avv_enhet": "U1"}

    at = run_page("views/avvikelser.py", query)
    assert_clean(at)
    kinds = [json.loads(line)["kind"] for line in log.read_text().splitlines()]
    assert kinds == ["brukare_level"]  # the switch is off: no text read, none logged
    assert not at.text

    at.toggle(key="avv_text").set_value(True).run()
    at.selectbox(key="avv_text_id").set_value("D4").run()
    at.run()  # reruns of the same view are not new views
    assert [t.value for t in at.text] == ["Brukaren kastade en stol."]
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert [e["kind"] for e in entries] == ["brukare_level", "free_text"]
    assert entries[1]["record_ids"] == ["D1", "D2", "D4", "D5"]
    assert entries[1]["brukare_ids"] == ["B1", "B3"]


def test_coming_back_to_a_brukare_list_is_a_new_view(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KVALITET_DB", str(write_db(tmp_path / "small.duckdb", small_tables())))
    log = tmp_path / "access.jsonl"
    at = run_page("views/avvikelser.py", {"ar": "2022", "avv_typ": "gruppbostad_lss", "avv_enhet": "U1"})
    at.run()  # a rerun of the same view: not a new view
    assert len(log.read_text().splitlines()) == 1
    at.button[0].click().run()  # the breadcrumb back to all unit types: no brukare on screen
    assert "avv_enhet" not in at.query_params
    at.query_params.update({"avv_typ": "gruppbostad_lss", "avv_enhet": "U1"})
    at.run()  # the same brukare list again, later: a new view, logged again
    assert_clean(at)
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert [e["brukare_ids"] for e in entries] == [["B1", "B3"], ["B1", "B3"]]
