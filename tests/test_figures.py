"""The key-figures export: each figure of key-figures.md on a tiny database, and the CLI.

The database is test_deviations' (period 2022 H1; its docstring lists units and rows), plus a
brukare table (P1 K, P2 M, P3 K, P4 M, P5 unknown) and one organisatorisk row at D1 in the
previous period only (so a (unit_type, operator, domain) group with count 0 exists). There are
no complaints, survey or Kia tables: their figures must be null, not 0.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pytest
from test_deviations import H1, tables
from tiny_db import build

from analytics.__main__ import main as cli
from analytics.export import figures
from analytics.filters import Filters

TOP_KEYS = [
    "period",
    "deviations_by_category",
    "deviations_by_unit_type",
    "rates_per_brukare",
    "mean_per_unit",
    "falls",
    "violence",
    "signing",
    "complaints",
    "survey",
    "lex_sarah",
    "lex_maria",
    "causes",
    "vardsamverkan",
    "by_reporter",
    "yearly",
    "suppressed",
]


def figure_tables() -> dict[str, list[dict]]:
    t = tables()
    t["brukare"] = [
        {"brukare_id": "P1", "sex": "K"},
        {"brukare_id": "P2", "sex": "M"},
        {"brukare_id": "P3", "sex": "K"},
        {"brukare_id": "P4", "sex": "M"},
        {"brukare_id": "P5"},
    ]
    t["deviations"].append(
        {
            "deviation_id": "o1",
            "reported_date": date(2021, 8, 1),
            "unit_id": "D1",
            "domain": "organisatorisk",
            "category": "kommunikation",
        }
    )
    return t


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """The database as a file, as the command line opens it."""
    path = tmp_path / "tiny.duckdb"
    build(figure_tables(), path).close()
    return path


@pytest.fixture
def kf() -> dict:
    """The key-figures object for 2022 H1 against H2 2021 (compare "previous"; the tiny data
    begin on 2021-06-30, so the default comparison, H1 2021, is not covered: test_figures_v2)."""
    conn = build(figure_tables())
    try:
        return figures.key_figures(conn, Filters.build(H1, compare="previous"))
    finally:
        conn.close()


def run_cli(*args: str) -> int:
    return cli(["figures", *args])


def test_key_order_and_nested_keys(kf):
    assert list(kf) == TOP_KEYS
    assert kf["period"] == {
        "from": "2022-01-01",
        "to": "2022-06-30",
        "comparison": {"from": "2021-07-01", "to": "2021-12-31"},
    }
    assert list(kf["falls"]) == ["deviations", "brukare", "women", "men", "falls_per_brukare"]
    assert list(kf["violence"]) == [
        "deviations",
        "share_of_sol_lss",
        "utovare",
        "utsatt",
        "personal_mot_brukare",
        "top_units",
        "top5_share",
        "top5_brukare",
        "work_incidents",
        "work_incidents_top5_share",
    ]
    assert list(kf["complaints"]) == [
        "count",
        "previous_count",
        "confidential",
        "by_unit_type",
        "by_category",
        "by_sender",
    ]
    assert list(kf["survey"]) == [
        "year",
        "previous_year",
        "invited",
        "respondents",
        "response_rate",
        "results",
    ]
    assert list(kf["lex_sarah"]) == ["reports", "previous_reports", "ivo_reported", "by_outcome", "by_domain"]
    assert list(kf["lex_maria"]) == ["reports", "previous_reports", "ivo_reported"]
    assert list(kf["vardsamverkan"]) == ["inkommande", "utgaende", "ej_angiven"]
    assert kf["suppressed"] == []


def test_figure_deviations_by_category(kf):
    rows = kf["deviations_by_category"]
    assert [(r["domain"], r["category"]) for r in rows] == [
        ("hsl", "fall"),
        ("hsl", "hsl_insats"),
        ("hsl", "lakemedel"),
        ("lss", "bemotande"),
        ("lss", "hot_och_vald"),
        ("organisatorisk", "kommunikation"),
        ("sol", "bemotande"),
        ("sol", "utebliven_insats"),
    ]
    assert rows[0] == {
        "domain": "hsl",
        "category": "fall",
        "count": 3,
        "previous_count": 2,
        "investigated_share": 0.3333,
        "followed_up_share": 0.3333,
    }
    # only in the previous period: count 0 and shares null, never 0
    assert rows[3] == {
        "domain": "lss",
        "category": "bemotande",
        "count": 0,
        "previous_count": 1,
        "investigated_share": None,
        "followed_up_share": None,
    }


def test_figure_deviations_by_unit_type_only_count_above_zero(kf):
    assert kf["deviations_by_unit_type"] == [
        {"unit_type": "bostad_sol", "operator": "egen_regi", "domain": "hsl", "count": 1},
        {"unit_type": "bostad_sol", "operator": "egen_regi", "domain": "sol", "count": 1},
        {"unit_type": "gruppbostad_lss", "operator": "egen_regi", "domain": "hsl", "count": 3},
        {"unit_type": "gruppbostad_lss", "operator": "egen_regi", "domain": "lss", "count": 2},
        {"unit_type": "gruppbostad_lss", "operator": "privat", "domain": "hsl", "count": 1},
        {"unit_type": "gruppbostad_lss", "operator": "privat", "domain": "lss", "count": 1},
        {"unit_type": "hemtjanst", "operator": "egen_regi", "domain": "sol", "count": 1},
    ]  # (hemtjanst, egen_regi, organisatorisk) has count 0 and is left out


def test_figure_rates_per_brukare_rounded(kf):
    assert kf["rates_per_brukare"][:2] == [
        {
            "unit_type": "bostad_sol",
            "brukare": 3.0,
            "hsl_tasks": 0.0,
            "medication_tasks": 0.0,
            "hsl_other_deviations": 0.0,
            "medication_deviations": 0.0,
            "fall_deviations": 0.33,
            "violence_deviations": 0.0,
        },
        {
            "unit_type": "gruppbostad_lss",
            "brukare": 5.0,
            "hsl_tasks": 10.0,
            "medication_tasks": 62.0,
            "hsl_other_deviations": 0.2,
            "medication_deviations": 0.2,
            "fall_deviations": 0.4,
            "violence_deviations": 0.6,
        },
    ]


def test_figure_mean_per_unit(kf):
    assert kf["mean_per_unit"] == [
        {
            "unit_type": "bostad_sol",
            "units": 1,
            "hsl_other_deviations": 0.0,
            "violence_deviations": 0.0,
            "sol_lss_deviations": 1.0,
        },
        {
            "unit_type": "gruppbostad_lss",
            "units": 2,
            "hsl_other_deviations": 0.5,
            "violence_deviations": 1.5,
            "sol_lss_deviations": 1.5,
        },
        {
            "unit_type": "hemtjanst",
            "units": 1,
            "hsl_other_deviations": 0.0,
            "violence_deviations": 0.0,
            "sol_lss_deviations": 1.0,
        },
    ]


def test_figure_falls_brukare_at_two_units_counts_once(kf):
    # d01, d02 at A1 and d12 at B1, all P1 (K)
    assert kf["falls"] == {
        "deviations": 3,
        "brukare": 1,
        "women": 1,
        "men": 0,
        "falls_per_brukare": {"1": 0, "2": 0, "3": 1, "4": 0, "5+": 0},
    }


def test_figure_violence_ties_and_null_without_kia(kf):
    # d04 (A1 utovare P2), d10 (A2 utsatt P3), d15 (C1 utovare P5) of 5 lss/sol rows
    assert kf["violence"] == {
        "deviations": 3,
        "share_of_sol_lss": 0.6,
        "utovare": 2,
        "utsatt": 1,
        "personal_mot_brukare": 0,
        "top_units": [
            {"unit_id": "A1", "count": 1},
            {"unit_id": "A2", "count": 1},
            {"unit_id": "C1", "count": 1},
        ],
        "top5_share": 1.0,
        "top5_brukare": 2,
        "work_incidents": None,
        "work_incidents_top5_share": None,
    }


def test_absent_optional_tables_give_null(kf):
    assert kf["complaints"] == {
        "count": None,
        "previous_count": None,
        "confidential": None,
        "by_unit_type": None,
        "by_category": None,
        "by_sender": None,
    }
    assert kf["survey"]["invited"] is None and kf["survey"]["results"] is None
    assert kf["survey"]["year"] == 2022
    conn = build({k: v for k, v in figure_tables().items() if k != "signings"})
    without = figures.key_figures(conn, Filters.build(H1, compare="previous"))
    assert without["signing"] is None
    assert without["rates_per_brukare"][1]["medication_tasks"] is None


def test_signing_section_from_part_b(kf):
    rows = kf["signing"]
    assert [list(r) for r in rows][0] == [
        "unit_type",
        "operator",
        "task_kind",
        "tasks",
        "signed_share",
        "unsigned",
        "reported_deviations",
    ]
    lakemedel = next(r for r in rows if r["task_kind"] == "lakemedel")
    assert (lakemedel["tasks"], lakemedel["unsigned"], lakemedel["signed_share"]) == (310, 10, 0.9677)


def test_json_is_identical_on_two_runs(db, tmp_path, capsys):
    args = ["--db", str(db), "--from", "2022-01-01", "--to", "2022-06-30"]
    assert run_cli(*args, "--out", str(tmp_path / "a.json")) == 0
    assert run_cli(*args, "--out", str(tmp_path / "b.json")) == 0
    first = (tmp_path / "a.json").read_bytes()
    assert first == (tmp_path / "b.json").read_bytes()
    assert first.endswith(b"}\n") and first.startswith(b'{\n  "period": {\n    "from": "2022-01-01"')
    assert run_cli(*args) == 0
    printed = capsys.readouterr().out
    assert printed.encode("utf-8") == first
    assert list(json.loads(printed)) == TOP_KEYS


def test_csv_is_one_long_table_with_swedish_headers(db, tmp_path):
    out = tmp_path / "f.csv"
    assert (
        run_cli(
            "--db",
            str(db),
            "--from",
            "2022-01-01",
            "--to",
            "2022-06-30",
            "--format",
            "csv",
            "--out",
            str(out),
        )
        == 0
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    assert header[:5] == ["Avsnitt", "Från", "Till", "Jämförelse från", "Jämförelse till"]
    assert {"Område", "Kategori", "Antal", "Andel utredda", "Verksamhetstyp", "Mått", "Värde"} <= set(header)
    fall = next(line for line in lines if line.startswith("Avvikelser per kategori;") and ";fall;" in line)
    assert ";0,3333;" in fall  # decimal comma
    assert any(line.startswith("Fall;") and "Brukare med 3 fall" in line for line in lines)


def test_xlsx_has_one_sheet_per_section(db, tmp_path):
    out = tmp_path / "f.xlsx"
    assert (
        run_cli(
            "--db",
            str(db),
            "--from",
            "2022-01-01",
            "--to",
            "2022-06-30",
            "--format",
            "xlsx",
            "--compare",
            "previous",
            "--out",
            str(out),
        )
        == 0
    )
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:3] == ["Period", "Avvikelser per kategori", "Avvikelser per verksamhetstyp"]
    sheet = book["Avvikelser per kategori"]
    assert [c.value for c in sheet[1]] == [
        "Område",
        "Kategori",
        "Antal",
        "Antal föregående period",
        "Andel utredda",
        "Andel uppföljda",
    ]
    assert [c.value for c in sheet[2]] == ["hsl", "fall", 3, 2, 0.3333, 0.3333]


# --role chef and --role politiker: tests/test_figures_roles.py


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2022-13-01", "--to", "2022-12-31"], "Ogiltigt datum för --from"),
        (["--from", "2022-01-01", "--to", "igår"], "Ogiltigt datum för --to"),
        (["--from", "2022-12-31", "--to", "2022-01-01"], "slutar"),
        (["--from", "2022-01-01", "--to", "2022-12-31", "--role", "admin"], "Okänd roll"),
        (["--from", "2022-01-01", "--to", "2022-12-31", "--format", "xlsx"], "kräver --out"),
        (["--from", "0001-01-01", "--to", "0001-12-31"], "föregående period"),
    ],
)
def test_bad_arguments_give_a_message_not_a_traceback(db, args, message, capsys):
    assert run_cli("--db", str(db), *args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_missing_or_broken_database(tmp_path, capsys):
    assert run_cli("--db", str(tmp_path / "nope.duckdb"), "--from", "2022-01-01", "--to", "2022-12-31") == 2
    assert "Databasen finns inte" in capsys.readouterr().err
    junk = tmp_path / "junk.duckdb"
    junk.write_text("not a database", encoding="utf-8")
    assert run_cli("--db", str(junk), "--from", "2022-01-01", "--to", "2022-12-31") == 2
    assert "Kan inte öppna databasen" in capsys.readouterr().err


def test_database_not_following_the_contract(tmp_path, capsys):
    odd = tmp_path / "odd.duckdb"
    with duckdb.connect(str(odd)) as conn:
        for table in ("units", "census", "deviations"):
            conn.execute(f"create table {table} (a int)")
    assert run_cli("--db", str(odd), "--from", "2022-01-01", "--to", "2022-12-31") == 2
    err = capsys.readouterr().err
    assert "följer inte datakontraktet" in err and "Traceback" not in err
