"""Approving events: approve, return with a reason, un-approve; each a revision; approved is locked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ColumnElement
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.tables import EventKind
from models.events.records import Event, EventStatus, Revision
from models.events.rollups import event_facts
from models.organisation.areas import Area
from models.organisation.members import Member, MemberStatus, Role
from models.organisation.permissions import Actor
from models.reporting.rollup_tables import update_rollups

MAX_REASON = 500
PENDING_PAGE = 10  # rows a /pending list shows, and ✅ 全部通过 approves at most


class Decision(StrEnum):
    APPROVE = "approve"
    RETURN = "return"
    UNAPPROVE = "unapprove"


# Which status each decision needs and gives.
TRANSITIONS = {
    Decision.APPROVE: ((EventStatus.SUBMITTED, EventStatus.RETURNED), EventStatus.APPROVED),
    Decision.RETURN: ((EventStatus.SUBMITTED,), EventStatus.RETURNED),
    Decision.UNAPPROVE: ((EventStatus.APPROVED,), EventStatus.SUBMITTED),
}


def can_decide(event: Event, decision: Decision) -> bool:
    return not event.deleted and event.status in TRANSITIONS[decision][0]


async def decide(
    *,
    session: AsyncSession,
    event: Event,
    decision: Decision,
    by: Member,
    now: datetime,
    reason: str | None = None,
) -> bool:
    """Apply the decision if the event's status allows it; False when it does not (a stale button)."""
    if not can_decide(event, decision):
        return False
    # Lock the row and read its status again: two coordinators pressing ✅ at once must not both move
    # the event's figures from one status to the other in the rollups.
    await session.refresh(event, with_for_update=True)
    if not can_decide(event, decision):
        return False
    assert event.id is not None and by.id is not None
    before, after = event.status, TRANSITIONS[decision][1]
    counted = await event_facts(session=session, event=event)
    moved = replace(counted, status=str(after)) if counted is not None else None
    await update_rollups(session=session, before=counted, after=moved)
    event.status, event.updated_at = after, now
    session.add(
        Revision(event_id=event.id, member_id=by.id, field="status", before=before, after=after, at=now)
    )
    if decision == Decision.RETURN:
        event.status_note = (reason or "").strip()[:MAX_REASON] or None
        session.add(
            Revision(
                event_id=event.id,
                member_id=by.id,
                field="return_reason",
                before=None,
                after=event.status_note,
                at=now,
            )
        )
    await session.flush()
    return True


@dataclass(frozen=True)
class PendingRow:
    """A submitted event as the /pending list shows it: who, when, what, where, how many."""

    event: Event
    kind: EventKind
    area: str
    reporter: str


def _waiting_for(actor: Actor) -> tuple[ColumnElement[bool], ...]:
    """Submitted events in the actor's subtree, not their own unless they are an admin: a coordinator's
    own events wait for the coordinator (or admin) above them."""
    where = [
        col(Event.status) == EventStatus.SUBMITTED,
        col(Event.deleted) == False,  # noqa: E712
        col(Area.path).startswith(actor.area_path),
    ]
    if actor.role != Role.ADMIN:
        where.append(col(Event.reporter_id) != actor.member_id)
    return tuple(where)


async def pending_events(
    *, session: AsyncSession, actor: Actor, limit: int = PENDING_PAGE
) -> tuple[list[PendingRow], int]:
    """What waits for this actor's decision, oldest first (what waits longest first), and how many."""
    where = _waiting_for(actor)
    rows = await session.exec(
        select(Event, EventKind, Area.name, Member.full_name)
        .join(EventKind, col(EventKind.id) == Event.kind_id)
        .join(Area, col(Area.id) == Event.area_id)
        .join(Member, col(Member.id) == Event.reporter_id)
        .where(*where)
        .order_by(col(Event.start_date), col(Event.id))
        .limit(limit)
    )
    total = (
        await session.exec(
            select(func.count()).select_from(Event).join(Area, col(Area.id) == Event.area_id).where(*where)
        )
    ).one()
    return [PendingRow(event, kind, area, name) for event, kind, area, name in rows], total


async def approve_shown(
    *, session: AsyncSession, actor: Actor, member: Member, event_ids: Sequence[int], now: datetime
) -> list[int]:
    """✅ 全部通过: approve those of the shown events that still wait for this actor; the ids approved."""
    if not event_ids:
        return []
    query = (
        select(Event)
        .join(Area, col(Area.id) == Event.area_id)
        .where(*_waiting_for(actor), col(Event.id).in_(list(event_ids)))
        .order_by(col(Event.id))
        .with_for_update()
    )
    approved = []
    for event in list(await session.exec(query)):
        if await decide(session=session, event=event, decision=Decision.APPROVE, by=member, now=now):
            assert event.id is not None
            approved.append(event.id)
    return approved


async def coordinators_of(*, session: AsyncSession, event: Event) -> list[Member]:
    """The active coordinators and admins who may decide on the event (not its reporter, unless admin)."""
    area = await session.get(Area, event.area_id)
    if area is None:
        return []
    query = (
        select(Member)
        .join(Area, col(Area.id) == Member.area_id)
        .where(
            col(Area.path).in_(_prefixes(area.path)),
            col(Member.status) == MemberStatus.ACTIVE,
            col(Member.role).in_([Role.COORDINATOR, Role.ADMIN]),
        )
        .order_by(col(Member.id))
    )
    found = list(await session.exec(query))
    return [m for m in found if m.id != event.reporter_id or m.role == Role.ADMIN]


def _prefixes(path: str) -> list[str]:
    """Every ancestor's path of an area path like "/1/4/9/", itself included."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
