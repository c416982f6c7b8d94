"""Excel templates of the optional tables egenkontroll and risker: the header is the contract's
columns, a filled-in template loads through the product's loader, and the command line writes
them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import openpyxl
import pytest

from analytics import __main__ as cli
from analytics import contract
from analytics.ingest import load, templates
from tests.folders import TODAY, base_tables, write_folder


@pytest.mark.parametrize("table", templates.TEMPLATE_TABLES)
def test_header_is_the_contract_and_instructions_name_every_column(table: str, tmp_path: Path) -> None:
    path = templates.write_template(table, tmp_path / f"{table}.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [table, templates.INSTRUCTIONS_SHEET]
    assert [c.value for c in book[table][1]] == list(contract.TABLES[table].column_names)
    first_column = [r[0] for r in book[templates.INSTRUCTIONS_SHEET].iter_rows(values_only=True)]
    assert set(contract.TABLES[table].column_names) <= set(first_column)


def test_a_filled_in_risk_template_loads(tmp_path: Path) -> None:
    tables = base_tables()
    del tables["risker"]
    folder = write_folder(tmp_path / "in", tables)
    path = templates.write_template("risker", folder / "risker.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["risker"]
    sheet.append(["R9", "U1", None, "Fall i badrum", 3, 3, None, "Enhetschef", dt.date(2022, 11, 2), "ja"])
    book.save(path)
    db = tmp_path / "db" / "k.duckdb"
    load.load_folder(folder, db, today=TODAY)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select risk_id, unit_id, probability, consequence, internal_control from risker"
        ).fetchall()
    assert rows == [("R9", "U1", 3, 3, True)]


def test_command_line_writes_both_templates(tmp_path: Path, capsys) -> None:
    for table in ("egenkontroll", "risker"):
        out = tmp_path / f"{table}-mall.xlsx"
        assert cli.main(["template", table, "--out", str(out)]) == 0
        assert out.is_file()
    assert "Mallen för riskanalyser skrevs till" in capsys.readouterr().out
    assert cli.main(["template", "actions", "--out", str(tmp_path / "a.xlsx")]) == 0
