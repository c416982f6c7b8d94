"""The report as an editable Word document, from the template templates/mall.docx.

The template carries the municipality's look (logo in the header, fonts, heading styles); this
writer only uses its style names (see scripts/make_report_template.py). Charts are embedded as
SVG (vector, Word 2016 and later) with a PNG for older readers, each with its alt text.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph as DocxParagraph

from analytics.export.report.model import Analysis, Chart, Paragraph, Report, Table

TEMPLATE = Path(__file__).resolve().parent / "templates" / "mall.docx"
SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"  # Office's svgBlip extension
IMAGE_WIDTH = Cm(16.5)


class _Styles:
    """The template's paragraph styles by name, looked up once (python-docx searches the whole
    style list on every lookup by name)."""

    def __init__(self, document: Any) -> None:
        self.by_name = {s.name: s for s in document.styles}

    def get(self, name: str, fallback: str = "Normal") -> Any:
        return self.by_name.get(name) or self.by_name[fallback]


def _field(paragraph: Any, instruction: str, placeholder: str) -> None:
    """A Word field (e.g. TOC) that Word fills when the user updates fields."""
    run = paragraph.add_run()
    for kind in ("begin", "instr", "separate", "text", "end"):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instruction
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = placeholder
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _table(document: Any, styles: _Styles, block: Table, number: int) -> None:
    document.add_paragraph(f"Tabell {number}. {block.title}", style=styles.get("Caption"))
    if not block.rows:
        document.add_paragraph("Inga rader i perioden.")
    else:
        table = document.add_table(rows=len(block.rows) + 1, cols=len(block.columns))
        grid = styles.by_name.get("Rapporttabell") or styles.by_name.get("Table Grid")
        if grid is not None:
            table.style = grid
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        numeric = [k not in ("text", "hash") for k in block.kinds]
        cell_style = styles.get("Tabelltext").style_id
        _repeat_header(table.rows[0])
        texts = [block.columns] + [
            [block.cell_text(r, c) for c in range(len(block.columns))] for r in range(len(block.rows))
        ]
        # Straight to the XML: row.cells recomputes the grid for every row (seconds for a report).
        for i, (tr, values) in enumerate(zip(table._tbl.tr_lst, texts, strict=True)):
            for tc, text, right in zip(tr.tc_lst, values, numeric, strict=True):
                paragraph = DocxParagraph(tc.p_lst[0], table)
                paragraph._p.style = cell_style
                run = paragraph.add_run(text)
                run.bold = i == 0 or None
                if right:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(block.caption, style=styles.get("Källa"))


def _embed_svg(document: Any, inline: Any, svg: bytes, number: int) -> None:
    """Add the SVG beside the PNG: Word shows the vector image, older readers the PNG."""
    part = Part(PackURI(f"/word/media/diagram{number}.svg"), "image/svg+xml", svg, document.part.package)
    rid = document.part.relate_to(part, RT.IMAGE)
    blip = inline.graphic.graphicData.pic.blipFill.blip
    blip.append(
        parse_xml(
            '<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            f'<a:ext uri="{SVG_EXTENSION}">'
            '<asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
            f'r:embed="{rid}"/></a:ext></a:extLst>'
        )
    )


def _chart(document: Any, styles: _Styles, block: Chart, number: int) -> None:
    if not block.png:
        return
    document.add_paragraph(f"Figur {number}. {block.title}", style=styles.get("Caption"))
    shape = document.add_picture(io.BytesIO(block.png), width=IMAGE_WIDTH)
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", block.alt)
    doc_pr.set("title", block.title)
    if block.svg:
        _embed_svg(document, shape._inline, block.svg, number)
    document.add_paragraph(block.caption, style=styles.get("Källa"))


def _analysis(document: Any, styles: _Styles, block: Analysis) -> None:
    document.add_paragraph(f"{block.heading}: …", style=styles.get("Heading 2"))
    document.add_paragraph(block.prompt, style=styles.get("Analys"))


def write_docx(report: Report, template: Path | None = None) -> bytes:
    """The DOCX's bytes."""
    document = Document(str(template or TEMPLATE))
    body = document.element.body
    for child in list(body):  # the template's sample text, if any; keep the section settings
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    document.core_properties.title = f"{report.title}, {report.period}"
    document.core_properties.subject = report.subtitle
    document.core_properties.language = "sv-SE"
    document.core_properties.author = "Kvalitetsanalys, socialförvaltningen"

    styles = _Styles(document)
    document.add_paragraph(report.title, style=styles.get("Title"))
    document.add_paragraph(report.subtitle, style=styles.get("Subtitle"))
    facts = document.add_table(rows=0, cols=2)
    for key, value in report.meta_rows():
        cells = facts.add_row().cells
        cells[0].text = key
        cells[0].paragraphs[0].runs[0].bold = True
        cells[1].text = value
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("Innehåll", style=styles.get("Heading 1"))
    _field(
        document.add_paragraph(),
        'TOC \\o "1-1" \\h \\z \\u',
        "Högerklicka här och välj Uppdatera fält för att visa innehållsförteckningen.",
    )
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    tables = charts = 0
    for number, section in enumerate(report.sections, start=1):
        document.add_paragraph(f"{number}. {section.heading}", style=styles.get("Heading 1"))
        for block in section.blocks:
            if isinstance(block, Paragraph):
                document.add_paragraph(block.text, style=styles.get("Källa" if block.note else "Normal"))
            elif isinstance(block, Table):
                tables += 1
                _table(document, styles, block, tables)
            elif isinstance(block, Chart):
                charts += 1
                _chart(document, styles, block, charts)
            elif isinstance(block, Analysis):
                _analysis(document, styles, block)
    if report.omitted:
        document.add_paragraph("Utelämnat i denna rapport:")
        for text in report.omitted:
            document.add_paragraph(f"• {text}", style=styles.get("Källa"))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
