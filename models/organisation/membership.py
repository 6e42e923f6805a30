"""Managing members: listing a subtree's members, changing role or area, disabling; every change audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.events.records import Event
from models.organisation.areas import Area
from models.organisation.audit import record
from models.organisation.invites import actor_of
from models.organisation.members import Member, MemberStatus, Role
from models.organisation.permissions import Action, Target, can


@dataclass(frozen=True)
class MemberLine:
    id: int
    full_name: str
    role: Role
    status: MemberStatus
    area_name: str
    last_seen_at: datetime
    events_this_month: int


async def members_in(
    *, session: AsyncSession, area_path: str, month_start: date, month_end: date
) -> list[MemberLine]:
    """The members of the subtree with their events logged this month, by area then name."""
    counts = (
        select(Event.reporter_id, func.count().label("n"))
        .where(Event.deleted == False, Event.start_date >= month_start, Event.start_date <= month_end)  # noqa: E712
        .group_by(col(Event.reporter_id))
        .subquery()
    )
    rows = await session.exec(
        select(Member, Area.name, func.coalesce(counts.c.n, 0))
        .join(Area, col(Area.id) == Member.area_id)
        .outerjoin(counts, counts.c.reporter_id == Member.id)
        .where(col(Area.path).startswith(area_path))
        .order_by(col(Area.path), col(Member.full_name))
    )
    return [
        MemberLine(
            id=m.id or 0,
            full_name=m.full_name,
            role=m.role,
            status=m.status,
            area_name=area,
            last_seen_at=m.last_seen_at,
            events_this_month=int(n),
        )
        for m, area, n in rows
    ]


async def change_member(
    *,
    session: AsyncSession,
    by: Member,
    member: Member,
    now: datetime,
    role: Role | None = None,
    area: Area | None = None,
    status: MemberStatus | None = None,
) -> bool:
    """Change a member if `by` may manage them as they are and as they would be; False when not allowed.

    A retired area is never a member's new area."""
    actor = await actor_of(session=session, member=by)
    current_area = await session.get(Area, member.area_id)
    assert current_area is not None and member.id is not None
    new_area = area or current_area
    new_role = role or member.role
    allowed = (
        member.id != by.id  # nobody changes their own membership
        and (area is None or not area.retired)
        and can(actor, Action.MANAGE_MEMBER, Target(area_path=current_area.path, role=member.role))
        and can(actor, Action.MANAGE_MEMBER, Target(area_path=new_area.path, role=new_role))
    )
    if not allowed:
        return False
    for field, old, new in (
        ("role", member.role, new_role),
        ("area", member.area_id, new_area.id),
        ("status", member.status, status or member.status),
    ):
        if old != new:
            record(session, actor_id=by.id, member_id=member.id, action=field, before=old, after=new, now=now)
            setattr(member, "area_id" if field == "area" else field, new)
    await session.flush()
    return True
