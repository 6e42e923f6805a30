"""The same event logged twice: one saved by the same member in the last days that a new draft repeats."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Integer, String, bindparam
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.tables import EventKind
from models.events.drafts import EventDraft
from models.events.records import Event

DUPLICATE_WINDOW = timedelta(days=7)


# Built once (every ✅ runs it); IS NOT DISTINCT FROM (IS on SQLite) matches a missing place or count too.
_IDENTICAL = (
    select(Event.id)
    .join(EventKind, col(EventKind.id) == Event.kind_id)
    .where(
        col(Event.reporter_id) == bindparam("reporter_id"),
        col(Event.deleted) == False,  # noqa: E712
        col(Event.created_at) >= bindparam("since"),
        col(EventKind.code) == bindparam("kind"),
        col(Event.start_date) == bindparam("start_date"),
        col(Event.end_date) == bindparam("end_date"),
        col(Event.area_id) == bindparam("area_id"),
        col(Event.place).is_not_distinct_from(bindparam("place", type_=String)),
        col(Event.attendance).is_not_distinct_from(bindparam("attendance", type_=Integer)),
    )
    .order_by(col(Event.id).desc())
    .limit(1)
)


async def identical_recent_event(
    *, session: AsyncSession, reporter_id: int, draft: EventDraft, now: datetime
) -> int | None:
    """The id of an event this member saved in the last 7 days with the same form, dates, area, place
    and head count, or None."""
    params = {
        "reporter_id": reporter_id,
        "since": now - DUPLICATE_WINDOW,
        "kind": draft.kind,
        "start_date": draft.start_date,
        "end_date": draft.end_date or draft.start_date,
        "area_id": draft.area_id,
        "place": draft.place,
        "attendance": draft.attendance.value if draft.attendance else None,
    }
    return (await session.exec(_IDENTICAL, params=params)).first()
