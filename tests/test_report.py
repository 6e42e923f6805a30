"""The drafted section one of the seed-like 2022, checked whole, exact and rounded; and its .docx."""

from __future__ import annotations

from io import BytesIO

import pytest

from bot.documents import report_docx
from bot.summary_cards import report_messages
from models.db import SessionMaker
from models.reporting.report import (
    ReportBlock,
    ReportDraft,
    ReportFacts,
    approximate,
    draft_report_section,
    report_facts,
)
from tests.report_data import seed_district
from tests.test_summaries import YEAR_2022

STUDY = (
    "2022年，全区把学习贯彻习近平法治思想作为首要政治任务，围绕习近平法治思想、《中华人民共和国宪法》等内容"
    "开展中心组学法3次；围绕《行政复议法》等内容开展会前学法2次，共计学法5次，切实把法治学习制度化、常态化。"
)
OUTREACH = (
    "2022年，全区扎实推动法治宣传教育，组织开展法治讲座活动3次、法律大集活动1次、送法进企业活动1次、"
    "设摊咨询活动1次，共计6场次，内容涵盖民法典、反电信网络诈骗、妇女权益等主题，"
    "向群众发放《民法典手册》《人民调解法》《劳动仲裁法》等普法资料{materials}份，覆盖群众690人次，"
    "现场解答法律咨询60人次，切实增强了群众法治意识。"
)
NOTABLE = (
    "大力推动法治宣传进基层，和平社区开展“三八”国际妇女节普法主题宣传活动；"
    "阳光社区联合区人社局开展人社服务送法进企业活动；幸福社区联合社区教育学院开展《民法典》宣讲活动；"
    "幸福社区联合城东派出所开展防范电信诈骗宣传活动，进一步提升了群众尊法学法守法用法的意识和能力。"
)


EMPTY_FACTS = ReportFacts(
    period="2022年",
    area="全区",
    study=(),
    study_events=0,
    outreach=(),
    outreach_events=0,
    themes=(),
    material_titles=(),
    material_total=0,
    attendance=0,
    consultations=0,
    notable=(),
)


def expected(materials: str) -> str:
    return "\n".join(
        [
            "一、强化理论武装，提升法治素养",
            "当好法治学习的组织者",
            STUDY,
            "当好法治学习的推动者",
            OUTREACH.format(materials=materials),
            NOTABLE,
        ]
    )


async def test_the_seed_year_drafts_section_one_exactly_and_rounded(sessions: SessionMaker) -> None:
    async with sessions.begin() as session:
        district = await seed_district(session)
        facts = await report_facts(session=session, period=YEAR_2022, area=district.root)
    exact = draft_report_section(facts)
    assert exact.text == expected("4750")
    assert [b.level for b in exact.blocks] == [1, 2, 0, 2, 0, 0]
    assert draft_report_section(facts, approx=True).text == expected("4700余")


@pytest.mark.parametrize(
    ("n", "shown"),
    [
        (7, "7"),
        (45, "45"),
        (120, "120"),
        (125, "120余"),
        (3750, "3700余"),
        (3700, "3700"),
        (12345, "12000余"),
    ],
)
def test_rounded_numbers_keep_two_figures_then_say_余(n: int, shown: str) -> None:
    assert approximate(n) == shown


def test_an_office_template_replaces_the_wording() -> None:
    draft = draft_report_section(
        EMPTY_FACTS, template="# {{ period }}{{ area }}\n共发放资料{{ material_total|n }}份。\n"
    )
    assert draft.blocks == (ReportBlock(1, "2022年全区"), ReportBlock(0, "共发放资料0份。"))


def test_a_long_draft_is_split_after_a_sentence_under_telegrams_limit() -> None:
    sentence = "幸福社区联合城东派出所开展防范电信诈骗宣传活动。"
    draft = ReportDraft((ReportBlock(1, "标题"), ReportBlock(0, sentence * 400)))
    messages = report_messages(draft)
    assert len(messages) > 2
    assert all(len(m) <= 4096 for m in messages)
    assert all(m.endswith("。") for m in messages)
    assert "".join(messages).replace("<b>标题</b>\n", "") == sentence * 400


async def test_the_docx_has_the_same_headings_and_text(sessions: SessionMaker) -> None:
    from docx import Document

    async with sessions.begin() as session:
        district = await seed_district(session)
        facts = await report_facts(session=session, period=YEAR_2022, area=district.root)
    draft = draft_report_section(facts)
    document = Document(BytesIO(report_docx(draft, title="全区 · 2022年")))
    paragraphs = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", "全区 · 2022年")
    assert paragraphs[1:] == [
        ("Heading 1", "一、强化理论武装，提升法治素养"),
        ("Heading 2", "当好法治学习的组织者"),
        ("Normal", STUDY),
        ("Heading 2", "当好法治学习的推动者"),
        ("Normal", OUTREACH.format(materials="4750")),
        ("Normal", NOTABLE),
    ]
