"""What counts is said: approved and submitted events by default, approved ones only on request."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from sqlmodel import select

from bot.i18n import Texts
from bot.summary_cards import basis_words
from models.db import SessionMaker
from models.events.approvals import Decision, decide
from models.events.records import Event, EventStatus
from models.organisation.areas import Area
from models.organisation.members import Role
from models.parsing.periods import Period, PeriodKind
from models.reporting.basis import Basis, read_basis
from models.reporting.summaries import summarize_period
from models.reporting.weekly import weekly_series
from models.scheduling.digest_facts import PeriodTotals, period_totals
from tests.harness import BotUnderTest
from tests.report_data import NOW, seed_district

YEAR_2022 = Period(PeriodKind.YEAR, date(2022, 1, 1), date(2022, 12, 31))


async def test_approved_only_counts_the_approved_and_says_how_many_still_wait(sessions: SessionMaker) -> None:
    async with sessions.begin() as session:
        district = await seed_district(session)
        study = await session.exec(
            select(Event).where(Event.title == "理论学习中心组学习", Event.status == EventStatus.SUBMITTED)
        )
        for event in study:  # the three study sessions of 2022 are approved, the rest wait
            await decide(session=session, event=event, decision=Decision.APPROVE, by=district.worker, now=NOW)
        default = await summarize_period(session=session, period=YEAR_2022, area=district.root)
        approved = await summarize_period(
            session=session, period=YEAR_2022, area=district.root, basis=Basis.APPROVED
        )
    # 11 counted by default (returned and deleted never), 8 of them awaiting approval.
    assert (default.current.events, default.current.pending_events) == (11, 8)
    assert (approved.current.events, approved.current.pending_events) == (3, 8)
    assert [(k.code, k.events) for k in approved.current.by_kind] == [("study_group", 3)]
    assert approved.current.materials == ()  # the study sessions handed nothing out
    assert approved.current.returned_events == default.current.returned_events == 1
    assert approved.basis == Basis.APPROVED


async def test_a_chart_counts_on_its_basis_and_says_how_many_wait_as_the_summary_does(
    sessions: SessionMaker,
) -> None:
    async with sessions.begin() as session:
        district = await seed_district(session)
        study = await session.exec(
            select(Event).where(Event.title == "理论学习中心组学习", Event.status == EventStatus.SUBMITTED)
        )
        for event in study:
            await decide(session=session, event=event, decision=Decision.APPROVE, by=district.worker, now=NOW)
        default = await weekly_series(session=session, period=YEAR_2022, area=district.root)
        approved = await weekly_series(
            session=session, period=YEAR_2022, area=district.root, basis=Basis.APPROVED
        )
    assert (sum(sum(k.events) for k in default.kinds), default.pending_events) == (11, 8)
    assert (sum(sum(k.events) for k in approved.kinds), approved.pending_events) == (3, 8)
    assert [(k.code, sum(k.events)) for k in approved.kinds] == [("study_group", 3)]
    assert basis_words(approved.basis, approved.pending_events, Texts("zh")) == (
        "统计口径：仅已通过的活动；另有 8 次待审核，未计入。"
    )


async def test_the_digests_year_to_date_totals_are_the_summarys(sessions: SessionMaker) -> None:
    """period_totals reads two rollups where summarize_period reads eight: the same figures."""
    async with sessions.begin() as session:
        district = await seed_district(session)
        study = await session.exec(select(Event).where(Event.title == "理论学习中心组学习"))
        for event in list(study)[:2]:
            await decide(session=session, event=event, decision=Decision.APPROVE, by=district.worker, now=NOW)
        for area in (district.root, district.east, district.happy, district.quiet):
            for period in (YEAR_2022, Period(PeriodKind.RANGE, date(2022, 1, 1), date(2022, 6, 19))):
                for basis in Basis:
                    summary = await summarize_period(session=session, period=period, area=area, basis=basis)
                    totals = await period_totals(session=session, period=period, area=area, basis=basis)
                    figures = summary.current
                    assert (totals.events, totals.attendance, totals.consultations) == (
                        figures.events,
                        figures.attendance,
                        figures.consultations,
                    )
                    assert totals.material_total == figures.material_total
                    assert totals.period == summary.period
    assert (await _root_totals(sessions)).material_total > 0  # the seed hands out materials


async def _root_totals(sessions: SessionMaker) -> PeriodTotals:
    async with sessions() as session:
        root = (await session.exec(select(Area).where(Area.parent_id == None))).one()  # noqa: E711
        return await period_totals(session=session, period=YEAR_2022, area=root)


def test_the_word_approved_picks_the_basis_and_leaves_the_period() -> None:
    assert read_basis("2022 已审核 城东街道") == (Basis.APPROVED, "2022 城东街道")
    assert read_basis("this year APPROVED") == (Basis.APPROVED, "this year")
    assert read_basis("本月") == (Basis.SUBMITTED, "本月")


async def test_the_summary_card_says_what_it_counts(tg: BotUnderTest) -> None:
    worker = await tg.worker(role=Role.COORDINATOR)
    await tg.send(worker, "/log 法律大集 今天 120人 《民法典手册》300份")
    await tg.press(worker, "✅ 保存")
    [card] = await tg.send(worker, "/summary 本周")  # a bare /summary on a Monday is the week just ended
    lines = card.shown_text.splitlines()
    assert lines[1] == "统计口径：已通过和已提交的活动，其中 1 次待审核。"
    assert "活动次数：1（比上期 +1）" in lines
    [card] = await tg.send(worker, "/summary 本周 已通过")
    lines = card.shown_text.splitlines()
    assert lines[1] == "统计口径：仅已通过的活动；另有 1 次待审核，未计入。"
    assert "活动次数：0（与上期持平）" in lines


async def test_the_report_says_what_it_counts_in_its_messages_and_its_file(tg: BotUnderTest) -> None:
    worker = await tg.worker(role=Role.COORDINATOR)
    await tg.send(worker, "/log 法律大集 今天 120人 《民法典手册》300份")
    await tg.press(worker, "✅ 保存")
    replies = await tg.send(worker, "/report 本周")
    texts = [m.shown_text for m in replies if m.shown_text]
    assert texts[-1].endswith("（统计口径：已通过和已提交的活动，其中 1 次待审核）")
    from docx import Document

    [report] = [f for f in tg.api.files_sent if (f.filename or "").endswith(".docx")]
    paragraphs = [p.text for p in Document(BytesIO(report.content)).paragraphs if p.text.strip()]
    assert paragraphs[-1] == "（统计口径：已通过和已提交的活动，其中 1 次待审核）"
    replies = await tg.send(worker, "/report 本周 已通过")
    texts = [m.shown_text for m in replies if m.shown_text]
    assert texts[-1].endswith("（统计口径：仅已通过的活动；另有 1 次待审核，未计入）")
