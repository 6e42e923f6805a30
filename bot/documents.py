"""The drafted report section as a .docx in the layout of Chinese official documents (GB/T 9704-2012).

A4, margins 37/35/28/26 mm (top/bottom/left/right), the title in 方正小标宋简体 二号 (22 pt), the body in
仿宋_GB2312 三号 (16 pt) at an exact 28-point line pitch, first-level headings in 黑体 and second-level in
楷体_GB2312, page numbers as "— 1 —". The font names are written into every run (w:eastAsia for the
Chinese text), so the file asks for the right fonts even when made on a machine without them; Word and
WPS substitute only where the reader lacks them. No theme fonts or colours remain in the styles: Word's
blue headings are not used at all.

python-docx is imported when a document is made, not when the bot starts.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from models.reporting.report import ReportDraft

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312"}
HEADING_STYLES = {1: "Heading 1", 2: "Heading 2"}
LATIN_FONT = "Times New Roman"  # digits and Latin letters in the body
TITLE_PT, BODY_PT, LINE_PT = 22, 16, 28  # 二号, 三号, the 28-point line pitch
PAGE_NUMBER_FONT, PAGE_NUMBER_PT = "宋体", 14  # 四号
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
A4_MM = (210, 297)
INDENT_CHARACTERS = 2


def report_docx(draft: ReportDraft, *, title: str) -> bytes:
    """A Word document: the title, then each block as a heading or a first-line-indented paragraph."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    document.core_properties.title = title
    official_page(document)
    plain_styles(document)
    # Word's own Title and Heading styles (outline levels, the navigation pane), stripped of their theme
    # look by plain_styles; each run names its font and size.
    heading = document.add_paragraph(style="Title")
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    exact_lines(heading, pitch=LINE_PT + 8)  # the title's 22 pt needs a little more than the body's pitch
    heading.paragraph_format.space_after = points(LINE_PT)  # one empty line under the title
    styled_run(heading, title, font=TITLE_FONT, size=TITLE_PT).bold = False
    for block in draft.blocks:
        paragraph = document.add_paragraph(style=HEADING_STYLES.get(block.level, "Normal"))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        exact_lines(paragraph)
        paragraph.paragraph_format.first_line_indent = points(BODY_PT * INDENT_CHARACTERS)
        run = styled_run(paragraph, block.text, font=HEADING_FONTS.get(block.level, BODY_FONT), size=BODY_PT)
        run.bold = False  # 黑体 and 楷体 headings are not bold in 公文
    _page_numbers(document)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def points(value: float) -> Any:
    from docx.shared import Pt

    return Pt(value)


def official_page(document: Any) -> None:
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])


def plain_styles(document: Any) -> None:
    """The body font as the default, and no theme fonts or colours anywhere in the styles."""
    from docx.oxml.ns import qn

    normal = document.styles["Normal"]
    normal.font.size = points(BODY_PT)
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    root = document.styles.element
    for element in root.iter():
        for attribute in [a for a in element.attrib if "theme" in a.lower()]:  # w:themeColor, w:asciiTheme …
            del element.attrib[attribute]
    for unwanted in [*root.iter(qn("w:color")), *root.iter(qn("w:pBdr"))]:  # colours, the Title's rule
        unwanted.getparent().remove(unwanted)


def exact_lines(paragraph: Any, *, pitch: int = LINE_PT) -> None:
    from docx.enum.text import WD_LINE_SPACING

    layout = paragraph.paragraph_format
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = points(pitch)
    layout.space_before = layout.space_after = points(0)


def styled_run(paragraph: Any, text: str, *, font: str, size: int) -> Any:
    run = paragraph.add_run(text)
    run.font.size = points(size)
    _set_fonts(run._element.get_or_add_rPr(), font)
    return run


def _set_fonts(properties: Any, font: str) -> None:
    """Chinese text in `font` (w:eastAsia), digits and Latin letters in Times New Roman."""
    from docx.oxml.ns import qn

    fonts = properties.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:hint"), "eastAsia")


def _page_numbers(document: Any) -> None:
    """ "— 1 —" centred at the foot of every page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styled_run(footer, "— ", font=PAGE_NUMBER_FONT, size=PAGE_NUMBER_PT)
    number = styled_run(footer, "", font=PAGE_NUMBER_FONT, size=PAGE_NUMBER_PT)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), ("end", None)):
        if kind is None:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            number._element.append(instruction)
        else:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            number._element.append(mark)
    styled_run(footer, " —", font=PAGE_NUMBER_FONT, size=PAGE_NUMBER_PT)
