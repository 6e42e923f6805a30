"""Log drafts: an event being logged, kept as a row (not process state) until it is saved or cancelled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import JSON, String, UniqueConstraint, update
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.columns import json_list_field, telegram_id_field, timestamp_field
from models.drafts import Count, EventDraft
from models.events import Event, MissingKind, create_event
from models.members import Member
from models.upsert import insert_or_nothing

DRAFT_TTL = timedelta(days=3)
REQUIRED_FIELDS = ("kind", "start_date", "area_id", "attendance")


class DraftStatus(StrEnum):
    OPEN = "open"
    SAVED = "saved"
    CANCELLED = "cancelled"


class LogDraft(SQLModel, table=True):
    """An unsaved event; (chat, source message) is unique so a redelivered message opens no second draft."""

    __table_args__ = (UniqueConstraint("chat_id", "source_message_id"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", index=True)
    chat_id: int = telegram_id_field()
    source_message_id: int
    payload: dict[str, object] = Field(sa_type=JSON)  # EventDraft as JSON
    defaulted: list[str] = json_list_field()  # fields filled by default, shown as such on the card
    unknown: list[str] = json_list_field()  # fragments the parser could not place
    awaiting: str | None = Field(default=None, max_length=32)  # the field the bot asked for
    status: DraftStatus = Field(default=DraftStatus.OPEN, sa_type=String(16))
    card_message_id: int | None = None
    event_id: int | None = None
    created_at: datetime = timestamp_field()
    expires_at: datetime = timestamp_field()

    @property
    def draft(self) -> EventDraft:
        return EventDraft.model_validate(self.payload)

    @draft.setter
    def draft(self, value: EventDraft) -> None:
        self.payload = value.model_dump(mode="json")


def missing_fields(draft: EventDraft) -> list[str]:
    """The required fields the draft does not have yet, in the order the bot asks for them."""
    return [name for name in REQUIRED_FIELDS if getattr(draft, name) is None]


async def open_log_draft(
    *,
    session: AsyncSession,
    member: Member,
    chat_id: int,
    source_message_id: int,
    draft: EventDraft,
    defaulted: list[str],
    unknown: list[str],
    now: datetime,
) -> tuple[LogDraft, bool]:
    """Store a parsed log message as a draft; the same message again returns the first draft and False."""
    assert member.id is not None
    missing = missing_fields(draft)
    values: dict[str, object] = {
        "member_id": member.id,
        "chat_id": chat_id,
        "source_message_id": source_message_id,
        "payload": draft.model_dump(mode="json"),
        "defaulted": defaulted,
        "unknown": unknown,
        "awaiting": missing[0] if missing else None,
        "status": DraftStatus.OPEN,
        "created_at": now,
        "expires_at": now + DRAFT_TTL,
    }
    # One statement whether or not another delivery of the same message (or another replica) got here first.
    new_id = await insert_or_nothing(
        session=session, table=LogDraft, unique=("chat_id", "source_message_id"), values=values
    )
    if new_id is None:
        existing = await _draft_from_message(session=session, chat_id=chat_id, message_id=source_message_id)
        assert existing is not None
        return existing, False
    # Attach the row to the session without reading it back: it holds exactly what was inserted.
    row = LogDraft(id=new_id, **values)  # type: ignore[arg-type]
    make_transient_to_detached(row)
    session.add(row)
    return row, True


async def remember_card(*, session: AsyncSession, draft_id: int, message_id: int) -> None:
    """Note which message shows the draft's card, so a redelivered /log does not send a second one."""
    await session.exec(
        update(LogDraft).where(col(LogDraft.id) == draft_id).values(card_message_id=message_id)
    )


async def _draft_from_message(*, session: AsyncSession, chat_id: int, message_id: int) -> LogDraft | None:
    query = select(LogDraft).where(LogDraft.chat_id == chat_id, LogDraft.source_message_id == message_id)
    return (await session.exec(query)).first()


class DraftProblem(StrEnum):
    NOT_FOUND = "not_found"
    NOT_YOURS = "not_yours"
    EXPIRED = "expired"
    ALREADY_SAVED = "already_saved"
    CANCELLED = "cancelled"
    INCOMPLETE = "incomplete"
    KIND_GONE = "kind_gone"


@dataclass(frozen=True)
class DraftAccess:
    """A draft the member may act on, or why not."""

    draft: LogDraft | None
    problem: DraftProblem | None = None


async def open_draft_for(
    *, session: AsyncSession, draft_id: int, member: Member, now: datetime, lock: bool = True
) -> DraftAccess:
    """The member's open, unexpired draft by id, locked against a concurrent press where the database can."""
    query = select(LogDraft).where(LogDraft.id == draft_id)
    if lock:
        query = query.with_for_update()  # PostgreSQL: a second ✅ waits here; SQLite locks on write anyway
    row = (await session.exec(query)).first()
    if row is None:
        return DraftAccess(None, DraftProblem.NOT_FOUND)
    if row.member_id != member.id:
        return DraftAccess(None, DraftProblem.NOT_YOURS)
    if row.status == DraftStatus.SAVED:
        return DraftAccess(row, DraftProblem.ALREADY_SAVED)
    if row.status == DraftStatus.CANCELLED:
        return DraftAccess(row, DraftProblem.CANCELLED)
    if row.expires_at <= now:
        return DraftAccess(row, DraftProblem.EXPIRED)
    return DraftAccess(row)


async def awaiting_draft(
    *, session: AsyncSession, member: Member, chat_id: int, now: datetime
) -> LogDraft | None:
    """The member's newest open draft in this chat that waits for a typed answer."""
    query = (
        select(LogDraft)
        .where(
            LogDraft.member_id == member.id,
            LogDraft.chat_id == chat_id,
            LogDraft.status == DraftStatus.OPEN,
            LogDraft.awaiting != None,  # noqa: E711
            LogDraft.expires_at > now,
        )
        .order_by(LogDraft.id.desc())  # type: ignore[union-attr]
    )
    return (await session.exec(query)).first()


def fill_draft(row: LogDraft, *, kind: str | None = None, attendance: Count | None = None) -> None:
    """Put an answer into the draft and move `awaiting` to the next missing field."""
    draft = row.draft
    if kind is not None:
        draft.kind = kind
    if attendance is not None:
        draft.attendance = attendance
    row.draft = draft
    missing = missing_fields(draft)
    row.awaiting = missing[0] if missing else None


async def save_draft(*, session: AsyncSession, row: LogDraft, member: Member) -> Event | DraftProblem:
    """Turn a complete open draft into an event, in the caller's transaction."""
    draft = row.draft
    if missing_fields(draft):
        return DraftProblem.INCOMPLETE
    try:
        event = await create_event(
            session=session,
            draft=draft,
            reporter=member,
            draft_id=row.id,
            source_chat_id=row.chat_id,
            source_message_id=row.source_message_id,
        )
    except MissingKind:
        return DraftProblem.KIND_GONE
    row.status = DraftStatus.SAVED
    row.event_id = event.id
    await session.flush()
    return event


def cancel_draft(row: LogDraft) -> None:
    row.status = DraftStatus.CANCELLED
    row.awaiting = None


def with_defaults(draft: EventDraft, *, today: date, area_id: int) -> tuple[EventDraft, list[str]]:
    """Fill date (today) and area (the member's own) when the message gave none; say which were filled."""
    filled = draft.model_copy(deep=True)
    defaulted: list[str] = []
    if filled.start_date is None:
        filled.start_date = filled.end_date = today
        defaulted.append("start_date")
    if filled.area_id is None:
        filled.area_id = area_id
        defaulted.append("area_id")
    return filled, defaulted
