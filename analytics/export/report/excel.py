"""The report's tables as an Excel workbook: a first sheet saying what the file is, then every
table of the report on a sheet of its own, numbers as numbers (hidden ones as empty cells)."""

from __future__ import annotations

import io
import re
from typing import Any

from analytics.export.report.model import Report, Table

NUMBER_FORMATS = {"count": "#,##0", "share": "0%", "rate": "0.00", "decimal": "0.0", "change": "+0%;-0%;0%"}


def _sheet_name(title: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Tabell"
    name, i = base, 2
    while name.lower() in taken:
        suffix = f" ({i})"
        name, i = base[: 31 - len(suffix)] + suffix, i + 1
    taken.add(name.lower())
    return name


def write_xlsx(report: Report) -> bytes:
    """The workbook's bytes. First sheet "Om rapporten": period, comparison, filters, role, when
    the data were loaded, the source files with their sha256, and what was left out."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    about = book.active
    about.title = "Om rapporten"
    bold = Font(bold=True)
    about.append([report.title])
    about["A1"].font = Font(bold=True, size=14)
    about.append([report.subtitle])
    about.append([])
    for key, value in report.meta_rows():
        about.append([key, value])
        about.cell(about.max_row, 1).font = bold
    about.append([])
    about.append(["Källfiler"])
    about.cell(about.max_row, 1).font = bold
    about.append(["Tabell", "Fil", "Rader", "SHA-256", "Laddad"])
    for cell in about[about.max_row]:
        cell.font = bold
    for s in report.sources:
        about.append([s.table, s.file, s.rows, s.sha256, s.loaded_at])
    if report.omitted:
        about.append([])
        about.append(["Utelämnat"])
        about.cell(about.max_row, 1).font = bold
        for text in report.omitted:
            about.append([text])
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 60
    about.column_dimensions["D"].width = 66

    taken = {"om rapporten"}
    for table in report.tables():
        _sheet(book.create_sheet(_sheet_name(table.sheet, taken)), table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(sheet: Any, table: Table) -> None:
    from openpyxl.styles import Font

    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([table.caption])
    sheet.append([])
    sheet.append(table.columns)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(row)
        for cell, kind in zip(sheet[sheet.max_row], table.kinds, strict=True):
            if kind in NUMBER_FORMATS and cell.value is not None:
                cell.number_format = NUMBER_FORMATS[kind]
    sheet.freeze_panes = "A5"
    for i, name in enumerate(table.columns, start=1):
        width = max([len(str(name))] + [len(str(r[i - 1])) for r in table.rows if r[i - 1] is not None] + [8])
        sheet.column_dimensions[sheet.cell(4, i).column_letter].width = min(width + 2, 60)
