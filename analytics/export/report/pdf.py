"""The report as an accessible PDF through typst (a self-contained compiler from PyPI).

Typst (0.14 and later) writes a tagged PDF with the document language and, with the standard
"ua-1", checks PDF/UA-1 while compiling: a title, alt text on every image, table headers. The
template (templates/rapport.typ) receives the whole document as JSON in `sys.inputs` and places
each text as a string, so nothing in the data is ever read as typst markup.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

from analytics.export.report.model import Analysis, Chart, Paragraph, Report, Table

TEMPLATE = Path(__file__).resolve().parent / "templates" / "rapport.typ"


def document_data(report: Report, chart_files: dict[int, str]) -> dict[str, Any]:
    """The JSON the template reads: texts already formatted in Swedish."""
    sections = []
    chart_no = 0
    for section in report.sections:
        blocks: list[dict[str, Any]] = []
        for block in section.blocks:
            if isinstance(block, Paragraph):
                blocks.append({"type": "p", "text": block.text, "note": block.note})
            elif isinstance(block, Table):
                if not block.rows:
                    blocks.append(
                        {"type": "p", "text": f"{block.title}: inga rader i perioden.", "note": False}
                    )
                    continue
                numeric = [k not in ("text", "hash") for k in block.kinds]
                blocks.append(
                    {
                        "type": "table",
                        "title": block.title,
                        "caption": block.caption,
                        "columns": block.columns,
                        "rows": [
                            [block.cell_text(r, c) for c in range(len(block.columns))]
                            for r in range(len(block.rows))
                        ],
                        "align": ["right" if n else "left" for n in numeric],
                        "widths": _widths(block, numeric),
                        "mono": [k == "hash" for k in block.kinds],
                        "breakable": len(block.rows) > 20,
                    }
                )
            elif isinstance(block, Chart):
                chart_no += 1
                blocks.append(
                    {
                        "type": "chart",
                        "title": block.title,
                        "caption": block.caption,
                        "alt": block.alt,
                        "file": chart_files.get(chart_no),
                    }
                )
            elif isinstance(block, Analysis):
                blocks.append({"type": "analysis", "heading": block.heading, "prompt": block.prompt})
        sections.append({"heading": section.heading, "blocks": blocks})
    if report.omitted:
        sections[-1]["blocks"] += [{"type": "p", "text": "Utelämnat i denna rapport:", "note": False}] + [
            {"type": "p", "text": f"• {text}", "note": True} for text in report.omitted
        ]
    return {
        "title": report.title,
        "subtitle": report.subtitle,
        "period": report.period,
        "author": "Kvalitetsanalys, socialförvaltningen",
        "organisation": "Socialförvaltningen · kvalitets- och patientsäkerhetsarbete",
        "keywords": ["avvikelser", "kvalitet", report.period],
        "meta": [list(row) for row in report.meta_rows()],
        "sections": sections,
    }


def _longest(table: Table, column: int) -> int:
    return max((len(table.cell_text(r, column)) for r in range(len(table.rows))), default=0)


def _widths(table: Table, numeric: list[bool]) -> list[str | dict[str, float]]:
    """Column widths for typst: "auto", {"fr": share} or {"em": width}.

    In a wide table (6 columns or more) a number column is as wide as its longest value or the
    longest word of its header (up to 8 letters; a longer one is hyphenated), so the header
    wraps ("Andel / utredda") instead of taking the room of the text columns, and long text
    columns share what is left by their longest text."""
    if len(table.columns) < 6:
        return ["auto"] * len(table.columns)
    out: list[Any] = []
    for c, name in enumerate(table.columns):
        if numeric[c]:
            # Headers break at spaces and after a dash between dates ("2021-07-04–").
            word = max((len(w) for w in re.split(r"\s+|(?<=–)", name)), default=0)
            out.append({"em": round(0.72 * max(_longest(table, c), min(word, 8)) + 1.8, 1)})
        else:
            longest = _longest(table, c)
            out.append({"fr": longest} if longest > 16 else "auto")
    return out


def write_pdf(report: Report) -> bytes:
    """The PDF's bytes (charts that were rendered as SVG are embedded as vector images)."""
    import typst

    with tempfile.TemporaryDirectory(prefix="rapport-") as tmp:
        root = Path(tmp)
        files: dict[int, str] = {}
        for i, chart in enumerate(report.charts(), start=1):
            if chart.svg:
                name = f"diagram-{i}.svg"
                (root / name).write_bytes(chart.svg)
                files[i] = name
        (root / "rapport.typ").write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
        data = json.dumps(document_data(report, files), ensure_ascii=False)
        return typst.compile(
            str(root / "rapport.typ"),
            root=str(root),
            sys_inputs={"data": data},
            pdf_standards=["ua-1"],
        )
