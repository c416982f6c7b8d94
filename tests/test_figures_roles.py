"""`figures --role chef --units` and `figures --role politiker` (key-figures.md, Roles)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from test_deviations import tables
from tiny_db import build

from analytics import privacy
from analytics.__main__ import main as cli
from analytics.db import connect_readonly
from analytics.export import figures
from analytics.filters import Filters, Period, Scope

YEAR = ["--from", "2022-01-01", "--to", "2022-12-31"]

# The counts key-figures.md names for suppression, by the last key of their path.
COUNT_KEYS = {
    "count",
    "previous_count",
    "deviations",
    "brukare",
    "women",
    "men",
    "utovare",
    "utsatt",
    "personal_mot_brukare",
    "unsigned",
    "reported_deviations",
    "confidential",
    "respondents",
    "work_incidents",
}


def export(db: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert cli(["figures", "--db", str(db), *YEAR, *args]) == 0
    return json.loads(capsys.readouterr().out)


def leaves(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """(JSON path, value) of every scalar, paths written like key-figures.md's `suppressed`."""
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in leaves(v, f"{path}.{k}" if path else k)]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value) for leaf in leaves(v, f"{path}[{i}]")]
    return [(path, value)]


def is_count_path(path: str) -> bool:
    return path.split(".")[-1] in COUNT_KEYS or path.startswith("falls.falls_per_brukare.")


@pytest.fixture(scope="module")
def demo_exports(demo_db: Path) -> dict[str, dict[str, Any]]:
    """The demo's 2022 object for analytiker and politiker, built by key_figures."""
    conn = connect_readonly(demo_db)
    try:
        period = Period.calendar_year(2022)
        return {
            role: figures.key_figures(conn, Filters.build(period, Scope(role, None, "t")))
            for role in ("analytiker", "politiker")
        }
    finally:
        conn.close()


def test_politiker_export_has_no_small_counts_and_no_unit_ids(demo_db: Path, demo_exports) -> None:
    politiker = demo_exports["politiker"]
    for path, value in leaves({k: v for k, v in politiker.items() if k != "suppressed"}):
        if is_count_path(path) and isinstance(value, int):
            assert not 1 <= value <= 4, path
    conn = connect_readonly(demo_db)
    with conn.cursor() as cur:
        unit_ids = {r[0] for r in cur.execute("select unit_id from units").fetchall()}
        names = {r[0] for r in cur.execute("select unit_name from units").fetchall()}
    conn.close()
    texts = {v for _, v in leaves(politiker) if isinstance(v, str)}
    assert not texts & (unit_ids | names)
    assert all("unit_id" not in row for row in politiker["violence"]["top_units"])
    assert politiker["violence"]["top5_brukare"] is None


def test_suppressed_lists_every_hidden_path(demo_exports) -> None:
    analytiker, politiker = demo_exports["analytiker"], demo_exports["politiker"]
    assert analytiker["suppressed"] == []
    hidden = politiker["suppressed"]
    assert len(hidden) == len(set(hidden)) and hidden
    truth = dict(leaves(analytiker))
    shown = dict(leaves(politiker))
    # For politiker, lists hold the rows of the whole year and a list with hidden rows is sorted
    # by code, and previous_count is the same period a year earlier (analytics.export.politiker):
    # those are compared by key below, not by position.
    keyed = (
        "deviations_by_category",
        "deviations_by_unit_type",
        "complaints.by_",
        "complaints.previous_count",
    )
    for path, value in truth.items():
        if path == "suppressed" or path.startswith("violence.top_units") or path.startswith(keyed):
            continue
        if is_count_path(path) and isinstance(value, int) and 1 <= value <= 4:
            assert path in hidden, path
        if path in hidden:
            assert shown[path] is None, path
        else:
            assert shown[path] == value, path
    # the five units: counts as for analytiker, without ids; hidden ones listed
    for i, row in enumerate(analytiker["violence"]["top_units"]):
        path = f"violence.top_units[{i}].count"
        assert politiker["violence"]["top_units"][i]["count"] == (None if path in hidden else row["count"])
    for path in hidden:
        assert shown[path] is None, path
    assert "violence.top5_brukare" in hidden
    for name, codes in (
        ("by_category", ("category",)),
        ("by_sender", ("sender",)),
        ("by_unit_type", ("unit_type", "operator")),
    ):
        truth_rows = {tuple(r[c] for c in codes): r["count"] for r in analytiker["complaints"][name]}
        for i, row in enumerate(politiker["complaints"][name]):
            key = tuple(row[c] for c in codes)
            if f"complaints.{name}[{i}].count" in hidden:
                assert row["count"] is None
            else:
                assert row["count"] == truth_rows.get(key, 0), (name, key)
    truth_rows = {(r["domain"], r["category"]): r["count"] for r in analytiker["deviations_by_category"]}
    for i, row in enumerate(politiker["deviations_by_category"]):
        if f"deviations_by_category[{i}].count" not in hidden:
            assert row["count"] == truth_rows.get((row["domain"], row["category"]), 0)


def test_rates_and_shares_of_hidden_counts_are_hidden(demo_exports) -> None:
    hidden = set(demo_exports["politiker"]["suppressed"])
    for path in hidden:
        m = re.fullmatch(r"deviations_by_category\[(\d+)\]\.count", path)
        if m:
            assert f"deviations_by_category[{m.group(1)}].investigated_share" in hidden
    # a rate per brukare is hidden with its count: the demo has violence counts 1-4 per type
    assert any(re.fullmatch(r"rates_per_brukare\[\d+\]\.violence_deviations", p) for p in hidden)


def test_complementary_suppression_in_complaint_lists(demo_exports) -> None:
    # each list adds up to complaints.count (shown): one hidden row alone would be recoverable
    politiker = demo_exports["politiker"]
    for key in ("by_unit_type", "by_category", "by_sender"):
        rows = politiker["complaints"][key]
        assert sum(r["count"] is None for r in rows) != 1, key


def test_politiker_json_is_identical_on_two_runs(demo_db: Path, capsys) -> None:
    first = export(demo_db, "--role", "politiker", capsys=capsys)
    second = export(demo_db, "--role", "politiker", capsys=capsys)
    assert json.dumps(first) == json.dumps(second)


def test_politiker_csv_and_xlsx_leave_hidden_cells_empty(demo_db: Path, tmp_path: Path, demo_exports) -> None:
    out = tmp_path / "p.csv"
    assert (
        cli(
            [
                "figures",
                "--db",
                str(demo_db),
                *YEAR,
                "--role",
                "politiker",
                "--format",
                "csv",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    sender_rows = [line.split(";") for line in lines if line.startswith("Klagomål per avsändare;")]
    expected = [r["count"] for r in demo_exports["politiker"]["complaints"]["by_sender"]]
    assert [row[header.index("Antal")] for row in sender_rows] == [
        "" if c is None else str(c) for c in expected
    ]
    assert "Enhets-id" not in header  # no unit ids in the csv either
    xlsx = tmp_path / "p.xlsx"
    assert (
        cli(
            [
                "figures",
                "--db",
                str(demo_db),
                *YEAR,
                "--role",
                "politiker",
                "--format",
                "xlsx",
                "--out",
                str(xlsx),
            ]
        )
        == 0
    )
    sheet = openpyxl.load_workbook(xlsx)["Klagomål per avsändare"]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == expected


def test_politiker_respects_the_configured_threshold(demo_db: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv(privacy.ENV_MIN_CELL, "10")
    ten = export(demo_db, "--role", "politiker", capsys=capsys)
    for path, value in leaves({k: v for k, v in ten.items() if k != "suppressed"}):
        if is_count_path(path) and isinstance(value, int):
            assert not 1 <= value <= 9, path
    monkeypatch.setenv(privacy.ENV_MIN_CELL, "2")
    assert cli(["figures", "--db", str(demo_db), *YEAR, "--role", "politiker"]) == 2
    assert "aldrig vara lägre än 3" in capsys.readouterr().err


# --- chef ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """test_deviations' database (units A1, A2, B1, C1, D1; 2022 H1)."""
    path = tmp_path_factory.mktemp("figroles") / "tiny.duckdb"
    build(tables(), path).close()
    return path


def test_chef_exports_only_the_given_units(tiny: Path, capsys) -> None:
    chef = export(tiny, "--role", "chef", "--units", "B1,A2", capsys=capsys)
    conn = connect_readonly(tiny)
    try:
        chosen = figures.key_figures(conn, Filters.build(Period.calendar_year(2022), unit_ids=["A2", "B1"]))
        everything = figures.key_figures(conn, Filters.build(Period.calendar_year(2022)))
    finally:
        conn.close()
    assert chef == chosen
    assert chef != everything
    assert {r["unit_type"] for r in chef["deviations_by_unit_type"]} <= {"gruppbostad_lss", "bostad_sol"}
    assert chef["suppressed"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "chef"], "kräver --units"),
        (["--role", "chef", "--units", " , "], "kräver --units"),
        (["--role", "chef", "--units", "A1,X9,Y1"], "Okända enhets-id i --units: X9, Y1"),
        (["--role", "politiker", "--units", "A1"], "--units gäller bara --role chef"),
        (["--role", "admin"], "Okänd roll"),
    ],
)
def test_role_arguments_give_a_message(tiny: Path, args: list[str], message: str, capsys) -> None:
    assert cli(["figures", "--db", str(tiny), *YEAR, *args]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err and captured.out == ""
