"""Writes analytics/export/report/templates/mall.docx, the Word template of the report.

A municipality replaces that file with its own (logo in the header, fonts, colours); the report
uses only these style names: Title, Subtitle, Heading 1, Heading 2, Normal, Caption, Källa,
Analys, Tabelltext, and the table style "Rapporttabell" (falls back to Table Grid). Run:
    .venv/bin/python scripts/make_report_template.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "analytics" / "export" / "report" / "templates" / "mall.docx"
BLUE = RGBColor(0x1F, 0x3A, 0x5F)
GREY = RGBColor(0x5F, 0x6B, 0x7A)
FONT = "Arial"


def _language(document: Document) -> None:
    """Swedish proofing for every style (docDefaults), so Word checks the spelling in Swedish."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "sv-SE")
    lang.set(qn("w:eastAsia"), "sv-SE")


def _shade(style, fill: str, border: str) -> None:
    ppr = style.element.get_or_add_pPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for key, value in (("val", "single"), ("sz", "24"), ("space", "8"), ("color", border)):
        left.set(qn(f"w:{key}"), value)
    borders.append(left)
    ppr.append(borders)
    ppr.append(shd)


def main() -> None:
    document = Document()
    _language(document)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    for name, size in (("Title", 26), ("Subtitle", 14), ("Heading 1", 16), ("Heading 2", 12.5)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = BLUE
        style.font.bold = name != "Subtitle"
    caption = styles["Caption"]
    caption.font.name = FONT
    caption.font.size = Pt(10)
    caption.font.bold = True
    caption.font.italic = False
    caption.font.color.rgb = BLUE
    source = styles.add_style("Källa", WD_STYLE_TYPE.PARAGRAPH)
    source.base_style = normal
    source.font.size = Pt(8)
    source.font.color.rgb = GREY
    source.paragraph_format.space_after = Pt(10)
    cell = styles.add_style("Tabelltext", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(9)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.space_before = Pt(0)
    analysis = styles.add_style("Analys", WD_STYLE_TYPE.PARAGRAPH)
    analysis.base_style = normal
    analysis.font.italic = True
    analysis.font.color.rgb = GREY
    analysis.paragraph_format.space_before = Pt(4)
    analysis.paragraph_format.space_after = Pt(14)
    _shade(analysis, "F3F6FA", "0072B2")

    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    # The logo's place: replace this paragraph with the municipality's logo (Infoga > Bild).
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = header.add_run("[Kommunens logotyp]")
    run.font.color.rgb = GREY
    run.font.size = Pt(9)
    # Page numbers in the footer: "Sida N".
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Sida ").font.size = Pt(8)
    run = footer.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
    run.font.size = Pt(8)
    core = document.core_properties
    core.title = "Rapportmall"
    core.author = "Kvalitetsanalys"
    core.language = "sv-SE"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    document.save(OUT)
    print(f"Skrev {OUT}")


if __name__ == "__main__":
    main()
