"""A district's 2022 modelled on the seed report's section one, for the summary and report tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from models.events.approvals import Decision, decide
from models.events.changes import delete_event
from models.events.drafts import Count, EventDraft, MaterialLine
from models.events.records import Event, create_event
from models.organisation.areas import Area, add_area, ensure_root_area
from models.organisation.members import Member, Role
from tests.factories import make_member

NOW = datetime(2023, 1, 5, 2, 0, tzinfo=UTC)


@dataclass
class District:
    root: Area
    east: Area  # 城东街道
    happy: Area  # 幸福社区, under 城东街道
    sunny: Area  # 阳光社区, under 城东街道
    west: Area  # 城西街道
    peace: Area  # 和平社区, under 城西街道
    quiet: Area  # 安宁社区, under 城西街道: logs nothing
    worker: Member
    idle: Member  # a worker of 安宁社区 who logged nothing


def line(title: str, quantity: int, unit: str = "份") -> MaterialLine:
    return MaterialLine(title=title, quantity=quantity, unit=unit, known=True)


async def log(session: AsyncSession, district: District, area: Area, **fields: Any) -> Event:
    fields.setdefault("end_date", fields["start_date"])
    if isinstance(fields.get("attendance"), int):
        fields["attendance"] = Count(value=fields["attendance"])
    if isinstance(fields.get("consultations"), int):
        fields["consultations"] = Count(value=fields["consultations"])
    draft = EventDraft(area_id=area.id, **fields)
    return await create_event(session=session, draft=draft, reporter=district.worker, now=NOW)


async def seed_district(session: AsyncSession) -> District:
    """The areas, two workers, and 2022's events (plus a deleted one, a returned one, and 2021's)."""
    root = await ensure_root_area(session=session)
    east = await add_area(session=session, name="城东街道", parent=root)
    west = await add_area(session=session, name="城西街道", parent=root)
    happy = await add_area(session=session, name="幸福社区", parent=east)
    sunny = await add_area(session=session, name="阳光社区", parent=east)
    peace = await add_area(session=session, name="和平社区", parent=west)
    quiet = await add_area(session=session, name="安宁社区", parent=west)
    worker = await make_member(session, full_name="王芳", role=Role.COORDINATOR)
    idle = await make_member(session, full_name="赵磊")
    idle.area_id = quiet.id  # type: ignore[assignment]
    d = District(root, east, happy, sunny, west, peace, quiet, worker, idle)

    await log(
        session,
        d,
        happy,
        kind="law_fair",
        title="“法律大集”普法宣传",
        start_date=date(2022, 3, 12),
        attendance=300,
        consultations=20,
        materials=[line("民法典手册", 1500, "册"), line("人民调解法", 1200), line("劳动仲裁法", 1050)],
    )
    await log(
        session,
        d,
        sunny,
        kind="enterprise",
        title="人社服务送法进企业",
        start_date=date(2022, 4, 20),
        attendance=80,
        consultations=25,
        partners=["区人社局"],
        materials=[line("劳动合同法", 200)],
    )
    await log(
        session,
        d,
        east,
        kind="lecture",
        title="邀请专家为辖区人大代表现场讲解法律知识",
        start_date=date(2022, 5, 10),
        attendance=40,
        audience=["人大代表"],
    )
    await log(
        session,
        d,
        happy,
        kind="lecture",
        themes=["civil_code"],
        title="《民法典》宣讲",
        start_date=date(2022, 6, 1),
        attendance=60,
        partners=["社区教育学院"],
    )
    await log(
        session,
        d,
        peace,
        kind="desk",
        themes=["women_rights"],
        title="“三八”国际妇女节普法主题宣传",
        start_date=date(2022, 3, 8),
        attendance=120,
        audience=["妇女"],
        materials=[line("妇女权益保障法", 300)],
    )
    await log(
        session,
        d,
        happy,
        kind="lecture",
        themes=["anti_fraud"],
        title="防范电信诈骗宣传",
        start_date=date(2022, 9, 15),
        attendance=90,
        consultations=15,
        partners=["城东派出所"],
        materials=[line("防范电信诈骗宣传单", 500)],
    )
    for day, topic in (
        (date(2022, 2, 20), "习近平法治思想"),
        (date(2022, 7, 1), "习近平法治思想"),
        (date(2022, 11, 3), "《中华人民共和国宪法》"),
    ):
        await log(
            session, d, root, kind="study_group", title="理论学习中心组学习", start_date=day, topics=[topic]
        )
    for day in (date(2022, 4, 1), date(2022, 10, 8)):
        await log(session, d, root, kind="pre_meeting_study", start_date=day, topics=["《行政复议法》"])

    deleted = await log(session, d, happy, kind="law_fair", start_date=date(2022, 5, 5), attendance=1000)
    await delete_event(session=session, event=deleted, member=worker, now=NOW)
    returned = await log(session, d, sunny, kind="community", start_date=date(2022, 8, 8), attendance=55)
    await decide(
        session=session, event=returned, decision=Decision.RETURN, by=worker, now=NOW, reason="缺照片"
    )
    await log(
        session,
        d,
        happy,
        kind="law_fair",
        start_date=date(2021, 3, 12),
        attendance=200,
        materials=[line("民法典手册", 100, "册")],
    )
    await session.flush()
    return d
