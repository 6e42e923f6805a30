"""The drafted section one of the seed's 2022, compared whole, exact and rounded; and its .docx."""

from __future__ import annotations

from io import BytesIO

from bot.documents import report_docx
from bot.summary_cards import report_messages
from models.db import SessionMaker
from models.reporting.report import ReportBlock, ReportDraft, draft_report_section, report_facts
from models.reporting.report_names import NameField, set_report_name
from models.reporting.template_check import SAMPLE_FACTS
from tests.report_data import NOW, District, seed_district
from tests.test_summaries import YEAR_2022

ORGANISER = (
    "当好法治学习的组织者。2022年，区委把学习贯彻习近平法治思想作为首要政治任务，"
    "区委理论学习中心组围绕习近平法治思想、《中华人民共和国宪法》等内容集中学习3次；"
    "带领班子成员通过区委常委会会议会前学法学习《行政复议法》等2次，"
    "共计学法5次，切实把学习习近平法治思想制度化、常态化。"
)
PROMOTER = (
    "当好法治学习的推动者。2022年，全区扎实推动新时代法治宣传教育，"
    "组织开展法治讲座3次、“法律大集”1次、送法进企业1次、设摊咨询1次，共开展普法宣传活动6场次，"
    "内容涵盖《民法典》、反电信网络诈骗、妇女权益等主题，"
    "向群众发放《民法典手册》《人民调解法》《劳动仲裁法》等普法资料{materials}份，覆盖群众690人次，"
    "现场解答法律咨询60人次，切实增强了群众法治意识。"
    "大力推动法治宣传进基层，和平社区开展“三八”国际妇女节普法主题宣传活动；"
    "阳光社区联合区人社局开展送法进企业活动；"
    "幸福社区联合社区教育学院开展《民法典》主题法治讲座活动，"
    "联合城东派出所开展反电信网络诈骗主题法治讲座活动，进一步提升了群众尊法学法守法用法的意识和能力。"
    "与2021年相比，普法宣传活动增加5场次，覆盖群众增加490人次。"
)


def expected(materials: str) -> str:
    return "\n".join(["一、强化理论武装，提升法治素养", ORGANISER, PROMOTER.format(materials=materials)])


async def name_the_district(sessions: SessionMaker) -> District:
    """The seed district, with the names an admin gives the root area for its report."""
    async with sessions.begin() as session:
        district = await seed_district(session)
        assert district.root.id is not None
        for field, value in (
            (NameField.COMMITTEE, "区委"),
            (NameField.STUDY_GROUP, "区委理论学习中心组"),
            (NameField.MEETING, "区委常委会会议"),
        ):
            await set_report_name(
                session=session, area_id=district.root.id, field=field, value=value, member_id=None, now=NOW
            )
    return district


async def test_the_seed_year_drafts_section_one_like_the_real_report(sessions: SessionMaker) -> None:
    district = await name_the_district(sessions)
    async with sessions() as session:
        facts = await report_facts(session=session, period=YEAR_2022, area=district.root)
    exact = draft_report_section(facts)
    assert exact.text == expected("4750")
    assert [b.level for b in exact.blocks] == [1, 0, 0]  # the roles are run-in lead sentences
    assert draft_report_section(facts, approx=True).text == expected("4700余")


def test_an_office_template_replaces_the_wording() -> None:
    draft = draft_report_section(
        SAMPLE_FACTS[0], template="# {{ period }}{{ area }}\n共发放资料{{ material_total|n }}份。\n"
    )
    assert draft.blocks == (ReportBlock(1, "2022年城东街道"), ReportBlock(0, "共发放资料0份。"))


def test_a_long_draft_is_split_after_a_sentence_under_telegrams_limit() -> None:
    sentence = "幸福社区联合城东派出所开展防范电信诈骗宣传活动。"
    draft = ReportDraft((ReportBlock(1, "标题"), ReportBlock(0, sentence * 400)))
    messages = report_messages(draft)
    assert len(messages) > 2
    assert all(len(m) <= 4096 for m in messages)
    assert all(m.endswith("。") for m in messages)
    assert "".join(messages).replace("<b>标题</b>\n", "") == sentence * 400


async def test_the_docx_has_the_same_paragraphs(sessions: SessionMaker) -> None:
    from docx import Document

    district = await name_the_district(sessions)
    async with sessions() as session:
        facts = await report_facts(session=session, period=YEAR_2022, area=district.root)
    draft = draft_report_section(facts)
    document = Document(BytesIO(report_docx(draft, title="全区 · 2022年")))
    texts = [p.text for p in document.paragraphs]
    assert texts[-3:] == ["一、强化理论武装，提升法治素养", ORGANISER, PROMOTER.format(materials="4750")]
