"""Approving events: approve, return with a reason, un-approve; each a revision; approved is locked."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from enum import StrEnum

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.tables import EventKind
from models.events.records import Event, EventStatus, Revision
from models.events.rollups import event_facts
from models.organisation.areas import Area
from models.organisation.members import Member
from models.reporting.rollup_tables import update_rollups

MAX_REASON = 500


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


async def pending_events(
    *, session: AsyncSession, area_path: str, limit: int = 20
) -> tuple[list[tuple[Event, str, str]], int]:
    """Submitted events in the subtree, oldest first (what waits longest first), and how many there are."""
    where = (
        Event.status == EventStatus.SUBMITTED,
        Event.deleted == False,  # noqa: E712
        col(Area.path).startswith(area_path),
    )
    rows = await session.exec(
        select(Event, EventKind.name_zh, Area.name)
        .join(EventKind, col(EventKind.id) == Event.kind_id)
        .join(Area, col(Area.id) == Event.area_id)
        .where(*where)
        .order_by(col(Event.start_date), col(Event.id))
        .limit(limit)
    )
    total = (
        await session.exec(
            select(func.count()).select_from(Event).join(Area, col(Area.id) == Event.area_id).where(*where)
        )
    ).one()
    return [(event, kind, area) for event, kind, area in rows], total
