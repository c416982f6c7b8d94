"""The report as an accessible PDF through typst (a self-contained compiler from PyPI).

Typst (0.14 and later) writes a tagged PDF with the document language and, with the standard
"ua-1", checks PDF/UA-1 while compiling: a title, alt text on every image, table headers. The
template (templates/rapport.typ) receives the whole document as JSON in `sys.inputs` and places
each text as a string, so nothing in the data is ever read as typst markup.
"""

from __future__ import annotations

import json
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
                wide = len(block.columns) >= 6
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
                        # Numbers keep their width; in a wide table the text columns share the rest.
                        "widths": ["1fr" if wide and not n else "auto" for n in numeric],
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
