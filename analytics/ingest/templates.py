"""Excel templates for contract tables that people fill in by hand (egenkontroll, risker).

    python -m analytics template egenkontroll [--out egenkontroll.xlsx]
    python -m analytics template risker [--out risker.xlsx]

The first sheet is the table itself: row 1 holds the contract's column names, so a filled-in
template saved as egenkontroll.xlsx in the folder loads as it is (`python -m analytics load`).
Cells get Excel's own checks where the contract has a simple rule (whole numbers with their
range, dates, ja/nej); the loader still checks every rule. A second sheet explains each column
in Swedish, with the rules across columns.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from analytics import contract

TEMPLATE_TABLES = ("egenkontroll", "risker")
TEMPLATE_ROWS = 1000
INSTRUCTIONS_SHEET = "Instruktioner"


def _rules(column: contract.Column) -> str:
    parts = [contract.TYPE_DESCRIPTIONS[column.type]]
    if column.meaning:
        parts.append(column.meaning)
    span = f"{column.min_value}–{column.max_value}"
    if column.min_value is not None and column.max_value is not None and span not in column.meaning:
        parts.append(span)
    elif column.min_value is not None and column.max_value is None:
        parts.append(f"minst {column.min_value}")
    if column.references:
        parts.append(f"ska finnas i {column.references}")
    if column.unique and "unik" not in column.meaning:
        parts.append("unik")
    if column.default is not None:
        parts.append(f"tomt = {str(column.default).lower()}")
    return "; ".join(parts)


def write_template(table_name: str, path: Path) -> Path:
    """Write the Excel template of one contract table to `path`; returns the path."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    table = contract.TABLES[table_name]
    book = Workbook()
    sheet = book.active
    sheet.title = table_name
    for i, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=i, value=column.name)
        cell.font = Font(bold=True)
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = 40 if column.type == "text" else 18
        area = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
        check = None
        if column.type == "int":
            low = column.min_value if column.min_value is not None else -(10**9)
            high = column.max_value if column.max_value is not None else 10**9
            check = DataValidation(type="whole", operator="between", formula1=str(low), formula2=str(high))
            check.error = f"{column.label}: ett heltal {low}–{high}." if column.max_value else "Ett heltal."
        elif column.type == "date":
            check = DataValidation(type="date", operator="greaterThan", formula1="36526")  # 2000-01-01
            check.error = f"{column.label}: ett datum, ÅÅÅÅ-MM-DD."
        elif column.type == "bool":
            check = DataValidation(type="list", formula1='"ja,nej"')
            check.error = f"{column.label}: ja eller nej."
        if check is not None:
            check.allow_blank = True
            check.showErrorMessage = True
            check.errorTitle = column.label
            check.add(area)
            sheet.add_data_validation(check)
        if column.type == "date":
            for row in range(2, TEMPLATE_ROWS + 2):
                sheet.cell(row=row, column=i).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"

    info = book.create_sheet(INSTRUCTIONS_SHEET)
    lines: list[tuple[str, ...]] = [
        (f"{table.label} – så fyller du i mallen",),
        (f"En rad {table.grain.removeprefix('en rad ')} på bladet {table_name}. Rubrikraden ska stå kvar.",),
        (f"Spara filen som {table_name}.xlsx i mappen och ladda: python -m analytics load MAPP.",),
        ("Inget laddas om någon regel bryts; felrapporten anger fil, rad, kolumn, värde och regel.",),
        (),
        ("Kolumn", "Betyder", "Obligatorisk", "Regler"),
        *[(c.name, c.label, "ja" if c.required else "nej", _rules(c)) for c in table.columns],
    ]
    rules = [r for r in contract.ROW_RULES if r.table == table_name]
    if rules:
        lines += [(), ("Regler över kolumnerna i en rad",)]
        lines += [(contract.row_rule_text(r).replace("`", ""),) for r in rules]
    if table_name == "risker":
        lines += [(), ("Nivå", "Riskvärde")]
        lines += [(label.split(" (")[0], f"{low}–{high}") for _, label, low, high in contract.RISK_LEVELS]
    for r, values in enumerate(lines, start=1):
        for c, value in enumerate(values, start=1):
            cell = info.cell(row=r, column=c, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if (
                r == 1
                or values[:2] in (("Kolumn", "Betyder"), ("Nivå", "Riskvärde"))
                or (values and values[0] == "Regler över kolumnerna i en rad")
            ):
                cell.font = Font(bold=True, size=14 if r == 1 else 11)
    for letter, width in zip("ABCD", (22, 30, 12, 90), strict=True):
        info.column_dimensions[letter].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def main(args: argparse.Namespace) -> int:
    """`template egenkontroll|risker [--out FILE]`; 0 when written."""
    out = Path(args.out or f"{args.kind}.xlsx")
    write_template(args.kind, out)
    print(f"Mallen för {contract.TABLES[args.kind].label.lower()} skrevs till {out}.")
    return 0
