"""Drafts over a saved event: a change to it, photos added to it, or a coordinator's reason to return it."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from models.events.changes import event_draft
from models.events.log_drafts import (
    DraftMode,
    LogDraft,
    open_log_draft,
)
from models.events.log_flow import Step
from models.events.records import Event
from models.organisation.members import Member


async def open_event_draft(
    *,
    session: AsyncSession,
    member: Member,
    chat_id: int,
    update_id: int,
    event: Event,
    mode: DraftMode,
    awaiting: Step | None,
    now: datetime,
) -> tuple[LogDraft, bool]:
    """A draft about a saved event (to edit it, add photos, or return it), opened by a button press.

    Keyed by the press's update id instead of a message, so a redelivered press opens nothing new.
    """
    return await open_log_draft(
        session=session,
        member=member,
        chat_id=chat_id,
        source_message_id=-update_id,
        draft=await event_draft(session=session, event=event),
        defaulted=[],
        unknown=[],
        now=now,
        mode=mode,
        awaiting=awaiting,
        event_id=event.id,
    )
