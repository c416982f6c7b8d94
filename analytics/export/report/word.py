"""The report as an editable Word document, from the template templates/mall.docx.

The template carries the municipality's look (logo in the header, fonts, heading styles); this
writer only uses its style names (see scripts/make_report_template.py). Charts are embedded as
SVG (vector, Word 2016 and later) with a PNG for older readers, each with its alt text.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from analytics.export.report.model import Analysis, Chart, Paragraph, Report, Table

TEMPLATE = Path(__file__).resolve().parent / "templates" / "mall.docx"
SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"  # Office's svgBlip extension
IMAGE_WIDTH = Cm(16.5)


def _style(document, name: str, fallback: str = "Normal") -> str:
    names = {s.name for s in document.styles}
    return name if name in names else fallback


def _field(paragraph, instruction: str, placeholder: str) -> None:
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


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _table(document, block: Table, number: int) -> None:
    document.add_paragraph(f"Tabell {number}. {block.title}", style=_style(document, "Caption"))
    if not block.rows:
        document.add_paragraph("Inga rader i perioden.")
    else:
        table = document.add_table(rows=1, cols=len(block.columns))
        table.style = _style(document, "Rapporttabell", "Table Grid")
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        numeric = [k != "text" for k in block.kinds]
        header = table.rows[0]
        _repeat_header(header)
        for cell, name, right in zip(header.cells, block.columns, numeric, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(name)
            run.bold = True
            if right:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for r in range(len(block.rows)):
            cells = table.add_row().cells
            for c, cell in enumerate(cells):
                cell.text = block.cell_text(r, c)
                if numeric[c]:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.space_after = Pt(0)
                    for run in p.runs:
                        run.font.size = Pt(9)
    document.add_paragraph(block.caption, style=_style(document, "Källa"))


def _embed_svg(document, inline, svg: bytes, number: int) -> None:
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


def _chart(document, block: Chart, number: int) -> None:
    if not block.png:
        return
    document.add_paragraph(f"Figur {number}. {block.title}", style=_style(document, "Caption"))
    shape = document.add_picture(io.BytesIO(block.png), width=IMAGE_WIDTH)
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", block.alt)
    doc_pr.set("title", block.title)
    if block.svg:
        _embed_svg(document, shape._inline, block.svg, number)
    document.add_paragraph(block.caption, style=_style(document, "Källa"))


def _analysis(document, block: Analysis) -> None:
    document.add_heading(f"{block.heading}: …", level=2)
    document.add_paragraph(block.prompt, style=_style(document, "Analys"))


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

    document.add_paragraph(report.title, style=_style(document, "Title"))
    document.add_paragraph(report.subtitle, style=_style(document, "Subtitle"))
    facts = document.add_table(rows=0, cols=2)
    for key, value in report.meta_rows():
        cells = facts.add_row().cells
        cells[0].text = key
        cells[0].paragraphs[0].runs[0].bold = True
        cells[1].text = value
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading("Innehåll", level=1)
    _field(
        document.add_paragraph(),
        'TOC \\o "1-1" \\h \\z \\u',
        "Högerklicka här och välj Uppdatera fält för att visa innehållsförteckningen.",
    )
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    tables = charts = 0
    for number, section in enumerate(report.sections, start=1):
        document.add_heading(f"{number}. {section.heading}", level=1)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                document.add_paragraph(block.text, style=_style(document, "Källa") if block.note else None)
            elif isinstance(block, Table):
                tables += 1
                _table(document, block, tables)
            elif isinstance(block, Chart):
                charts += 1
                _chart(document, block, charts)
            elif isinstance(block, Analysis):
                _analysis(document, block)
    if report.omitted:
        document.add_paragraph("Utelämnat i denna rapport:")
        for text in report.omitted:
            document.add_paragraph(f"• {text}", style=_style(document, "Källa"))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
