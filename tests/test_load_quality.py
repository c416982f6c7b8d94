"""The loader on the optional tables egenkontroll and risker: good rows load (riskvärde left
empty stays empty, internal_control defaults to false, a planned date may lie after the load
day), and each rule of theirs rejects a broken row with file, row, column, value and rule while
the database stays unchanged."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from analytics import contract
from analytics.ingest import load
from tests.folders import TODAY, base_tables, csv_line, write_folder
from tests.test_load_rules import assert_line, rejected


def test_good_rows_load(base_db: Path) -> None:
    with duckdb.connect(str(base_db), read_only=True) as con:
        checks = con.execute(
            "select check_id, unit_id, planned_date, checked, compliant from egenkontroll order by 1"
        ).fetchall()
        risks = con.execute(
            "select risk_id, probability, consequence, risk_value, internal_control from risker order by 1"
        ).fetchall()
    assert [(c[0], c[1], c[2].isoformat(), c[3], c[4]) for c in checks] == [
        ("EK1", "U1", "2022-03-31", 10, 8),
        ("EK2", None, "2023-09-30", None, None),
    ]
    assert risks == [("R1", 3, 4, 12, True), ("R2", 2, 2, None, False)]


def test_the_tables_are_optional(tmp_path: Path) -> None:
    tables = base_tables()
    del tables["egenkontroll"], tables["risker"]
    db = tmp_path / "db" / "k.duckdb"
    load.load_folder(write_folder(tmp_path / "in", tables), db, today=TODAY)
    with duckdb.connect(str(db), read_only=True) as con:
        supplied = {r[0] for r in con.execute("select table_name from supplied_tables").fetchall()}
        empty = con.execute(
            "select (select count(*) from egenkontroll) + (select count(*) from risker)"
        ).fetchone()
    # the tables exist empty (as every contract table after a load), and count as not supplied
    assert "egenkontroll" not in supplied and "risker" not in supplied and "units" in supplied
    assert empty == (0,)


# (id, table, row, column, cell, value as shown, words of the rule)
BAD_CELLS = [
    ("probability-above-4", "risker", 0, "probability", "5", '"5"', "högst 4"),
    ("consequence-below-1", "risker", 1, "consequence", "0", '"0"', "minst 1"),
    ("risk-value-not-product", "risker", 0, "risk_value", "11", '"11"', "inte probability × consequence"),
    ("risk-unknown-unit", "risker", 1, "unit_id", "U9", '"U9"', "okänt unit_id"),
    (
        "compliant-above-checked",
        "egenkontroll",
        0,
        "compliant",
        "11",
        '"11"',
        "compliant är större än checked",
    ),
    (
        "reported-before-done",
        "egenkontroll",
        0,
        "reported_date",
        "2022-04-01",
        '"2022-04-01"',
        "före done_date",
    ),
    ("done-in-future", "egenkontroll", 0, "done_date", "2023-02-01", '"2023-02-01"', "efter laddningsdagen"),
    ("check-duplicate-id", "egenkontroll", 1, "check_id", "EK1", '"EK1"', "dubblett"),
    ("checked-not-a-number", "egenkontroll", 0, "checked", "tio", '"tio"', "inte ett heltal"),
]


@pytest.mark.parametrize("case", BAD_CELLS, ids=[c[0] for c in BAD_CELLS])
def test_broken_cell_is_rejected(case, db: Path, tmp_path: Path) -> None:
    _, table, row, column, cell, shown, *words = case
    tables = base_tables()
    tables[table][row][column] = cell
    report = rejected(tables, db, tmp_path)
    assert_line(report, f"{table}.csv", csv_line(row), column, shown, *words)


def test_a_risk_needs_a_unit_or_a_process(db: Path, tmp_path: Path) -> None:
    tables = base_tables()
    tables["risker"][0]["process"] = ""
    report = rejected(tables, db, tmp_path)
    assert_line(
        report, "risker.csv", csv_line(0), "unit_id, process", "(tomt)", "unit_id eller process krävs"
    )


def test_a_result_needs_a_done_date(db: Path, tmp_path: Path) -> None:
    tables = base_tables()
    tables["egenkontroll"][1]["checked"] = "5"
    report = rejected(tables, db, tmp_path)
    assert_line(report, "egenkontroll.csv", csv_line(1), "checked", '"5"', "ett utfall kräver done_date")


def test_the_contract_states_the_levels_on_skrs_scale() -> None:
    assert [contract.risk_level(v) for v in (1, 3, 4, 8, 9, 16)] == [
        "lag",
        "lag",
        "mattlig",
        "mattlig",
        "allvarlig",
        "allvarlig",
    ]
    with pytest.raises(ValueError):
        contract.risk_level(17)
