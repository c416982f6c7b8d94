"""The nämnd report and the analysis-meeting pack: `python -m analytics report` and the Rapport page.

build.build_report makes the document model (model.py) from the analytics functions; render
draws its charts (kaleido + chromium); word, pdf and excel write DOCX, PDF and XLSX.
`make_report` does all of it for one format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import duckdb

from analytics.export.report.build import KINDS, build_report
from analytics.export.report.model import Report
from analytics.filters import Filters

FORMATS: dict[str, tuple[str, str]] = {
    "docx": ("Word (DOCX)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("PDF (tillgänglig)", "application/pdf"),
    "xlsx": ("Excel (XLSX)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}

__all__ = ["FORMATS", "KINDS", "Document", "build_report", "make_report", "write", "Report"]


@dataclass(frozen=True)
class Document:
    report: Report
    data: bytes
    format: str
    file_name: str
    mime: str


def write(report: Report, fmt: str, progress: Callable[[float, str], None] | None = None) -> bytes:
    """The report in one format; charts are rendered first (DOCX and PDF) when there are any."""
    from analytics.export.report import render

    step = progress or (lambda _s, _t: None)
    if fmt not in FORMATS:
        raise ValueError(f"Okänt format: {fmt!r}. Tillåtna: {', '.join(FORMATS)}")
    if fmt in ("docx", "pdf") and report.charts() and not any(c.svg for c in report.charts()):
        step(0.7, "Diagram")
        note = render.render(report.charts(), "svg")
        if note:
            report.omitted.append(note)
    if fmt == "docx":
        from analytics.export.report.word import write_docx

        if any(c.svg and not c.png for c in report.charts()):
            render.rasterize(report.charts())
        step(0.9, "Word-dokument")
        return write_docx(report)
    if fmt == "pdf":
        from analytics.export.report.pdf import write_pdf

        step(0.9, "PDF")
        return write_pdf(report)
    from analytics.export.report.excel import write_xlsx

    step(0.9, "Excel")
    return write_xlsx(report)


def file_name(report: Report, f: Filters, fmt: str) -> str:
    from analytics.export.report.provenance import file_stem

    kind = "namndrapport" if report.kind == "nämnd" else "analysmote"
    return f"{file_stem(kind, f)}.{fmt}"


def make_report(
    conn: duckdb.DuckDBPyConnection,
    f: Filters,
    kind: str = "nämnd",
    fmt: str = "docx",
    *,
    progress: Callable[[float, str], None] | None = None,
    now: datetime | None = None,
) -> Document:
    """Build and write one report."""
    report = build_report(conn, f, kind, progress=progress, now=now)
    data = write(report, fmt, progress)
    return Document(report, data, fmt, file_name(report, f, fmt), FORMATS[fmt][1])
