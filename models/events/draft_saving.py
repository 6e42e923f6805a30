"""✅ on a draft's card: a new event from the draft, or the edit applied to the event it changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from models.events.changes import apply_edit
from models.events.log_drafts import CAMPAIGN, DraftMode, DraftProblem, DraftStatus, LogDraft, missing_fields
from models.events.photos import move_draft_photos
from models.events.records import Event, EventStatus, MissingKind, create_event
from models.organisation.members import Member

# Built once: every ✅ marks its draft saved (the ORM's unit of work for one row cost more than this).
_SAVED = (
    update(LogDraft)
    .where(col(LogDraft.id) == bindparam("draft"))
    .values(status=DraftStatus.SAVED, event_id=bindparam("saved_as"))
)


@dataclass(frozen=True)
class SavedEvent:
    """What ✅ saved, and the event's photos where saving told (a new event's are the draft's, moved)."""

    event: Event
    photos: int | None = None


async def save_draft(
    *, session: AsyncSession, row: LogDraft, member: Member, now: datetime
) -> SavedEvent | DraftProblem:
    """✅: a new event from the draft (its photos with it), or the edit applied to its event."""
    draft = row.draft
    if missing_fields(draft) or row.step is not None or row.awaiting == CAMPAIGN:
        return DraftProblem.INCOMPLETE
    photos = None
    try:
        if row.mode == DraftMode.EDIT:
            event = await session.get(Event, row.event_id, with_for_update=True)
            if event is None or event.deleted:
                return DraftProblem.NOT_FOUND
            if event.status == EventStatus.APPROVED:
                return DraftProblem.LOCKED
            await apply_edit(session=session, event=event, after=draft, member=member, now=now)
        else:
            event = await create_event(
                session=session,
                draft=draft,
                reporter=member,
                now=now,
                draft_id=row.id,
                source_chat_id=row.chat_id,
                source_message_id=row.source_message_id,
            )
            assert row.id is not None and event.id is not None
            photos = await move_draft_photos(session=session, draft_id=row.id, event_id=event.id)
    except MissingKind:
        return DraftProblem.KIND_GONE
    await session.exec(_SAVED, params={"draft": row.id, "saved_as": event.id})
    set_committed_value(row, "status", DraftStatus.SAVED)
    set_committed_value(row, "event_id", event.id)
    await session.flush()  # whatever else the press changed
    return SavedEvent(event, photos)
