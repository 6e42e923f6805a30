"""The report .docx in the official layout (GB/T 9704) and one file per variant (issue 10, "Report file")."""

from __future__ import annotations

import zipfile
from io import BytesIO
from typing import Any

from bot.documents import report_docx
from models.organisation.members import Role
from models.reporting.report import ReportBlock, ReportDraft
from tests.harness import BotUnderTest

DRAFT = ReportDraft(
    blocks=(
        ReportBlock(1, "一、强化理论武装，提升法治素养"),
        ReportBlock(2, "当好法治学习的组织者"),
        ReportBlock(0, "2022年，区委理论学习中心组学法12次。"),
    )
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _fonts(run: Any) -> str | None:
    fonts = run._element.rPr.find(f"{W}rFonts")
    return None if fonts is None else fonts.get(f"{W}eastAsia")


def test_the_report_file_is_a4_with_the_official_margins_fonts_and_sizes() -> None:
    from docx import Document
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Mm, Pt

    document = Document(BytesIO(report_docx(DRAFT, title="城东街道2022年法治学习宣传情况")))
    section = document.sections[0]
    close = Mm(0.1)
    assert abs((section.page_width or 0) - Mm(210)) < close
    assert abs((section.page_height or 0) - Mm(297)) < close
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert all(abs((m or 0) - Mm(mm)) < close for m, mm in zip(margins, (37, 35, 28, 26), strict=True))
    title, first, second, body = document.paragraphs
    assert [p.style.name if p.style else "" for p in document.paragraphs] == [
        "Title",
        "Heading 1",
        "Heading 2",
        "Normal",
    ]  # Word's outline levels, without Word's look
    assert title.paragraph_format.space_after == Pt(28)  # one empty line under the title
    assert (title.text, _fonts(title.runs[0]), title.runs[0].font.size) == (
        "城东街道2022年法治学习宣传情况",
        "方正小标宋简体",
        Pt(22),
    )
    expected = {first: "黑体", second: "楷体_GB2312", body: "仿宋_GB2312"}
    for paragraph, font in expected.items():
        [run] = paragraph.runs
        assert (_fonts(run), run.font.size) == (font, Pt(16)), paragraph.text
        layout = paragraph.paragraph_format
        assert (layout.line_spacing_rule, layout.line_spacing) == (WD_LINE_SPACING.EXACTLY, Pt(28))
        assert layout.first_line_indent == Pt(32)  # two characters
    assert document.styles["Normal"].font.size == Pt(16)


def test_the_report_file_has_no_theme_colour_nor_theme_font() -> None:
    content = report_docx(DRAFT, title="城东街道2022年法治学习宣传情况")
    with zipfile.ZipFile(BytesIO(content)) as package:
        for part in ("word/document.xml", "word/styles.xml"):
            xml = package.read(part).decode()
            assert "themeColor" not in xml, part
            assert "<w:color " not in xml, part
            assert "Theme=" not in xml, part  # w:asciiTheme, w:eastAsiaTheme … would override the names
        footer = package.read("word/footer1.xml").decode()
    assert "PAGE" in footer  # "— 1 —" at the foot of each page


async def test_the_exact_and_rounded_report_files_have_distinct_names(tg: BotUnderTest) -> None:
    from docx import Document

    coordinator = await tg.worker("王芳", role=Role.COORDINATOR)
    await tg.send(coordinator, "/report 2022")
    await tg.send(coordinator, "/report 2022 约数")
    await tg.send(coordinator, "/report 2022-03")
    names = [sent.filename for sent in tg.api.files_sent]
    assert names == [
        "报告-幸福社区-20220101-20221231.docx",
        "报告-幸福社区-20220101-20221231-约数.docx",
        "报告-幸福社区-20220301-20220331.docx",
    ]
    assert len(set(names)) == 3
    first = Document(BytesIO(tg.api.files_sent[0].content)).paragraphs[0].text
    assert first == "幸福社区2022年法治学习宣传情况"  # not "幸福社区 · 2022年"
