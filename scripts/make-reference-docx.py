#!/usr/bin/env python3
"""Make macros/export/reference.docx, the styles of the review's Word edition.

Pandoc takes the styles, the page size and margins, the header and the footer of a DOCX
given as `--reference-doc`. This script starts from Pandoc's own reference document (so every
style Pandoc writes exists) and sets the report's look, as pdf.css sets the PDF's: A4, 20 mm
margins, Liberation Sans 10 pt, headings in the report's blue, tables with thin rules and a
shaded header row, "Page N of M" in the footer, and the paragraph styles the export names
(`custom-style`): the cover's lines, the suggested citation, the licence page, the
key-findings box. Run it after changing a style, and commit the file it writes:

    .venv/bin/python scripts/make-reference-docx.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from macros.cite.style import pandoc_path  # noqa: E402

TARGET = ROOT / "macros" / "export" / "reference.docx"
BLUE = RGBColor(0x1F, 0x3F, 0x8F)
FONT = "Liberation Sans"


def shade(paragraph_format_element: object, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    paragraph_format_element.append(shading)  # type: ignore[attr-defined]


def border(ppr: object, sides: tuple[str, ...], size: int = 12) -> None:
    borders = OxmlElement("w:pBdr")
    for side in sides:
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), str(size))
        line.set(qn("w:space"), "4")
        line.set(qn("w:color"), "1F3F8F")
        borders.append(line)
    ppr.append(borders)  # type: ignore[attr-defined]


def field(paragraph: object, code: str) -> None:
    """A field (PAGE, NUMPAGES) that Word and LibreOffice compute."""
    run = paragraph.add_run()  # type: ignore[attr-defined]
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"),
                       ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == code:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {code} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def paragraph_style(document: docx.document.Document, name: str, size: float,
                    **options: object) -> docx.styles.style.ParagraphStyle:
    styles = document.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(
        name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    style.font.size = Pt(size)
    style.font.bold = bool(options.get("bold"))
    if options.get("colour"):
        style.font.color.rgb = options["colour"]
    if options.get("caps"):
        style.font.all_caps = True
    style.paragraph_format.space_after = Pt(float(options.get("after", 4)))  # type: ignore[arg-type]
    style.paragraph_format.space_before = Pt(float(options.get("before", 0)))  # type: ignore[arg-type]
    return style


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        default = Path(folder) / "default.docx"
        subprocess.run([pandoc_path(), "-o", str(default), "--print-default-data-file",
                        "reference.docx"], check=True)
        document = docx.Document(str(default))
    styles = document.styles
    for name in ("Normal", "Body Text", "First Paragraph", "Compact", "Footnote Text",
                 "Bibliography", "Title", "Subtitle", "Author", "Date", "Block Text"):
        style = styles[name]
        style.font.name = FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(theme), None)
    styles["Normal"].font.size = Pt(10)
    styles["Footnote Text"].font.size = Pt(8)
    styles["Bibliography"].paragraph_format.left_indent = Mm(6)
    styles["Bibliography"].paragraph_format.first_line_indent = Mm(-6)
    styles["Bibliography"].paragraph_format.space_after = Pt(4)
    for level, size in ((1, 17), (2, 13), (3, 11), (4, 10), (5, 10), (6, 10)):
        heading = styles[f"Heading {level}"]
        heading.font.name = FONT
        heading.font.size = Pt(size)
        heading.font.color.rgb = BLUE
        heading.font.bold = True
        heading.font.italic = False
    styles["Heading 1"].paragraph_format.page_break_before = False
    title = styles["Title"]
    title.font.size, title.font.bold, title.font.color.rgb = Pt(26), True, RGBColor(0, 0, 0)
    title.paragraph_format.alignment = 0
    subtitle = styles["Subtitle"]
    subtitle.font.size, subtitle.font.color.rgb = Pt(15), RGBColor(0x33, 0x33, 0x33)
    subtitle.paragraph_format.alignment = 0
    for name in ("Author", "Date"):
        styles[name].paragraph_format.alignment = 0
        styles[name].font.size = Pt(11)
    styles["Author"].font.bold = True

    series = paragraph_style(document, "Cover Series", 11, colour=BLUE, caps=True, after=24)
    border(series.element.get_or_add_pPr(), ("bottom",), 16)
    paragraph_style(document, "Cover Line", 11)
    paragraph_style(document, "Licence", 9)
    citation = paragraph_style(document, "Suggested Citation", 10, before=2, after=6)
    shade(citation.element.get_or_add_pPr(), "EEF1F8")
    findings = paragraph_style(document, "Key Findings", 10, after=3)
    ppr = findings.element.get_or_add_pPr()
    border(ppr, ("top", "left", "bottom", "right"), 8)
    shade(ppr, "F6F7FB")
    paragraph_style(document, "Key Findings Title", 11, bold=True, colour=BLUE, after=3)
    border(styles["Key Findings Title"].element.get_or_add_pPr(),
           ("top", "left", "bottom", "right"), 8)
    shade(styles["Key Findings Title"].element.get_or_add_pPr(), "F6F7FB")

    table = styles["Table"]
    tblpr = table.element.find(qn("w:tblPr"))
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:color"), "BBBBBB")
        borders.append(line)
    tblpr.append(borders)

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(24), Mm(22)
    footer = section.footer.paragraphs[0]
    footer.alignment = 2  # right
    footer.add_run("Page ")
    field(footer, "PAGE")
    footer.add_run(" of ")
    field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(8)
    document.core_properties.title = ""
    document.core_properties.author = ""
    document.save(str(TARGET))
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
