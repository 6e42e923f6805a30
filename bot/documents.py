"""The drafted report section as a .docx, with the same headings and paragraphs as the message.

python-docx is imported when a document is made, not when the bot starts.
"""

from __future__ import annotations

from io import BytesIO

from models.reporting.report import ReportDraft

BODY_FONT = "仿宋"  # the body font of Chinese official documents; Word substitutes where it is missing
HEADING_FONT = "黑体"


def report_docx(draft: ReportDraft, *, title: str) -> bytes:
    """A Word document: the title, then each block as a heading or a first-line-indented paragraph."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = title
    for style_name, font in (("Normal", BODY_FONT), ("Heading 1", HEADING_FONT), ("Heading 2", HEADING_FONT)):
        style = document.styles[style_name]
        style.font.name = font
        style.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    document.add_heading(title, level=0)
    for block in draft.blocks:
        if block.level:
            document.add_heading(block.text, level=block.level)
        else:
            paragraph = document.add_paragraph(block.text)
            paragraph.paragraph_format.first_line_indent = Pt(24)  # two characters, as 公文 indent
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
