"""A year's summary matches a hand count of the seed-like district, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from models.db import SessionMaker
from models.organisation.members import Role
from models.parsing.periods import Period, PeriodKind, parse_period
from models.reporting.scope import area_in_scope
from models.reporting.summaries import summarize_period
from tests.report_data import seed_district

YEAR_2022 = Period(PeriodKind.YEAR, date(2022, 1, 1), date(2022, 12, 31))


async def test_a_year_is_counted_by_kind_material_and_area_against_the_year_before(
    sessions: SessionMaker,
) -> None:
    async with sessions.begin() as session:
        district = await seed_district(session)
        summary = await summarize_period(session=session, period=YEAR_2022, area=district.root)
    now = summary.current
    # By hand: 5 study sessions + 6 outreach events; the deleted law fair never counts, the returned talk
    # is apart; 300 + 80 + 40 + 60 + 120 + 90 people; 20 + 25 + 15 consultations.
    assert (now.events, now.attendance, now.consultations) == (11, 690, 60)
    assert (now.returned_events, now.returned_attendance) == (1, 55)
    # By form: the expert talk, the 民法典 talk and the anti-fraud talk are all lectures.
    assert [(k.code, k.events, k.attendance) for k in now.by_kind][:3] == [
        ("lecture", 3, 190),
        ("study_group", 3, 0),
        ("pre_meeting_study", 2, 0),
    ]
    # By theme: an event counts under each of its themes; untagged events under none.
    assert [(t.code, t.events, t.attendance) for t in now.by_theme] == [
        ("civil_code", 1, 60),
        ("anti_fraud", 1, 90),
        ("women_rights", 1, 120),
    ]
    assert [(m.title, m.quantity) for m in now.materials] == [
        ("民法典手册", 1500),
        ("人民调解法", 1200),
        ("劳动仲裁法", 1050),
        ("防范电信诈骗宣传单", 500),
        ("妇女权益保障法", 300),
        ("劳动合同法", 200),
    ]
    assert now.material_total == 4750
    assert [(a.name, a.events, a.attendance, a.itself) for a in now.by_area] == [
        ("城东街道", 5, 570, False),
        ("城西街道", 1, 120, False),
        (district.root.name, 5, 0, True),  # the district's own study sessions: the lines add up to 11
    ]
    assert summary.quiet_areas == ("安宁社区",)
    assert summary.quiet_members == ("赵磊",)
    before = summary.previous
    assert (before.events, before.attendance, before.material_total) == (1, 200, 100)


async def test_a_street_sees_only_its_own_subtree(sessions: SessionMaker) -> None:
    async with sessions.begin() as session:
        district = await seed_district(session)
        summary = await summarize_period(session=session, period=YEAR_2022, area=district.east)
    assert (summary.current.events, summary.current.attendance) == (5, 570)
    assert [(a.name, a.events) for a in summary.current.by_area] == [
        ("幸福社区", 3),
        ("阳光社区", 1),
        ("城东街道", 1),
    ]
    assert summary.current.by_area[-1].itself  # 3 + 1 + the street's own 1 = the street's 5
    assert summary.quiet_areas == ()


async def test_a_quiet_month_shows_nothing_but_the_month_before(sessions: SessionMaker) -> None:
    async with sessions.begin() as session:
        district = await seed_district(session)
        april = parse_period("2022-04", today=date(2022, 6, 1))
        assert isinstance(april, Period)
        summary = await summarize_period(session=session, period=april, area=district.west)
    assert summary.current.events == 0
    assert summary.previous.events == 1  # the 三八 campaign in 和平社区, in March
    assert summary.quiet_areas == ("和平社区", "安宁社区")


async def test_a_member_names_only_areas_in_their_subtree(sessions: SessionMaker) -> None:
    async with sessions.begin() as session:
        district = await seed_district(session)
        district.idle.area_id = district.west.id  # type: ignore[assignment]
        district.idle.role = Role.COORDINATOR  # figures are for coordinators and admins
        own = await area_in_scope(session=session, member=district.idle)
        named = await area_in_scope(session=session, member=district.idle, name="和平社区")
        outside = await area_in_scope(session=session, member=district.idle, name="幸福社区")
    assert own is not None
    assert own.name == "城西街道"
    assert named is not None
    assert named.name == "和平社区"
    assert outside is None
    async with sessions.begin() as session:
        district = await seed_district(session)
        assert district.idle.role == Role.WORKER
        assert await area_in_scope(session=session, member=district.idle) is None  # a worker sees no figures
