"""The same event logged twice: one saved by the same member in the last days that a new draft repeats."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.tables import EventKind
from models.events.drafts import EventDraft
from models.events.records import Event

DUPLICATE_WINDOW = timedelta(days=7)


async def identical_recent_event(
    *, session: AsyncSession, reporter_id: int, draft: EventDraft, now: datetime
) -> int | None:
    """The id of an event this member saved in the last 7 days with the same form, dates, area, place
    and head count, or None."""
    attendance = draft.attendance.value if draft.attendance else None
    query = (
        select(Event.id)
        .join(EventKind, col(EventKind.id) == Event.kind_id)
        .where(
            col(Event.reporter_id) == reporter_id,
            col(Event.deleted) == False,  # noqa: E712
            col(Event.created_at) >= now - DUPLICATE_WINDOW,
            col(EventKind.code) == draft.kind,
            col(Event.start_date) == draft.start_date,
            col(Event.end_date) == (draft.end_date or draft.start_date),
            col(Event.area_id) == draft.area_id,
            col(Event.place).is_(None) if draft.place is None else col(Event.place) == draft.place,
            col(Event.attendance).is_(None) if attendance is None else col(Event.attendance) == attendance,
        )
        .order_by(col(Event.id).desc())
        .limit(1)
    )
    return (await session.exec(query)).first()
