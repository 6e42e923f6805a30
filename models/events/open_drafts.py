"""A member's other open draft in a chat: a new /log while one is open asks which to keep."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.events.log_drafts import DraftMode, DraftStatus, LogDraft

# Drafts a worker can lose track of; a coordinator's return reason or photos being added are not.
KEPT_MODES = (DraftMode.MESSAGE, DraftMode.GUIDED, DraftMode.ALBUM, DraftMode.EDIT)


# Built once, as the statements on the path of every /log are (see models/organisation/members.py).
_OTHER_OPEN_DRAFT = (
    select(LogDraft)
    .where(
        col(LogDraft.member_id) == bindparam("member_id"),
        col(LogDraft.chat_id) == bindparam("chat_id"),
        col(LogDraft.id) != bindparam("excluding"),
        col(LogDraft.status) == DraftStatus.OPEN,
        col(LogDraft.mode).in_(KEPT_MODES),
        col(LogDraft.card_message_id).is_not(None),
        col(LogDraft.expires_at) > bindparam("now"),
    )
    .order_by(col(LogDraft.id).desc())
    .limit(1)
)


async def other_open_draft(
    *, session: AsyncSession, member_id: int, chat_id: int, excluding: int, now: datetime
) -> LogDraft | None:
    """The member's newest other open, unexpired draft in this chat whose card has been shown."""
    params = {"member_id": member_id, "chat_id": chat_id, "excluding": excluding, "now": now}
    return (await session.exec(_OTHER_OPEN_DRAFT, params=params)).first()


async def own_open_draft(
    *, session: AsyncSession, member_id: int, draft_id: int, now: datetime
) -> LogDraft | None:
    """The member's open, unexpired draft by id (the other one a which-to-keep button names)."""
    row = await session.get(LogDraft, draft_id, with_for_update=True)
    if row is None or row.member_id != member_id or row.status != DraftStatus.OPEN or row.expires_at <= now:
        return None
    return row
