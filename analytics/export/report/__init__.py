"""The nämnd report and the analysis-meeting pack: `python -m analytics report` and the Rapport page.

build.build_report makes the document model (model.py) from the analytics functions; render
draws its charts (kaleido + chromium); word, pdf and excel write DOCX, PDF and XLSX.
`make_report` does all of it for one format.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import duckdb

from analytics.export.report import render
from analytics.export.report.build import KINDS, build_report
from analytics.export.report.model import Report
from analytics.filters import Filters

FORMATS: dict[str, tuple[str, str]] = {
    "docx": ("Word (DOCX)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("PDF (tillgänglig)", "application/pdf"),
    "xlsx": ("Excel (XLSX)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}

__all__ = ["FORMATS", "KINDS", "Document", "Report", "build_report", "draw_charts", "make_report", "write"]


@dataclass(frozen=True)
class Document:
    report: Report
    data: bytes
    format: str
    file_name: str
    mime: str


def draw_charts(report: Report, browser: render.Browser | None = None) -> None:
    """Render the report's charts once (a browser already started may be given)."""
    if report.charts_drawn:
        return
    note = browser.render(report.charts()) if browser else render.render(report.charts())
    if note:
        report.omitted.append(note)
    report.charts_drawn = True


def write(report: Report, fmt: str, progress: Callable[[float, str], None] | None = None) -> bytes:
    """The report in one format; its charts are rendered first (DOCX and PDF) if not yet."""
    step = progress or (lambda _s, _t: None)
    if fmt not in FORMATS:
        raise ValueError(f"Okänt format: {fmt!r}. Tillåtna: {', '.join(FORMATS)}")
    if fmt in ("docx", "pdf") and not report.charts_drawn:
        step(0.7, "Diagram")
        draw_charts(report)
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
    """Build and write one report; for DOCX and PDF the browser for the charts starts while the
    report is built."""
    with render.Browser() if fmt in ("docx", "pdf") else contextlib.nullcontext() as browser:
        report = build_report(conn, f, kind, progress=progress, now=now)
        if browser is not None:
            if progress:
                progress(0.7, "Diagram")
            draw_charts(report, browser)
    data = write(report, fmt, progress)
    return Document(report, data, fmt, file_name(report, f, fmt), FORMATS[fmt][1])
