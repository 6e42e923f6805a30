"""Log drafts: an event being logged, kept as a row (not process state) until it is saved or cancelled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal

from sqlalchemy import JSON, Index, String, UniqueConstraint, bindparam, or_, update
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.columns import json_list_field, telegram_id_field, timestamp_field
from models.events.drafts import EventDraft
from models.events.log_flow import Step, next_step
from models.organisation.members import Member
from models.upsert import insert_or_nothing

DRAFT_TTL = timedelta(days=3)
MAX_NOTE = 2000
REASON = "reason"  # what a RETURN draft awaits
CAMPAIGN: Literal["campaign"] = (
    "campaign"  # a campaign total was read: log it as one campaign, or cancel (nothing typed)
)
RETURN_TTL = timedelta(minutes=30)  # a reason typed later than this is more likely a new log
_STEP_VALUES = {step.value for step in Step}
REQUIRED_FIELDS = ("kind", "start_date", "area_id", "attendance")


class DraftStatus(StrEnum):
    OPEN = "open"
    SAVED = "saved"
    CANCELLED = "cancelled"


class DraftMode(StrEnum):
    """How the draft came to be, which decides the steps it asks and what ✅ does."""

    MESSAGE = "message"  # a one-message /log: only missing required fields are asked
    GUIDED = "guided"  # /log alone: every step in turn
    ALBUM = "album"  # photos of one album; the caption (on any of them) is the log text
    EDIT = "edit"  # a change to a saved event (event_id); ✅ applies it with revisions
    ATTACH = "attach"  # photos sent now are added to the saved event event_id
    RETURN = "return"  # a coordinator returning event_id: the next message is the reason


class LogDraft(SQLModel, table=True):
    """An unsaved event; (chat, source message) is unique so a redelivered message opens no second draft."""

    __table_args__ = (
        UniqueConstraint("chat_id", "source_message_id"),
        # One draft per album, whichever of its photos comes first.
        UniqueConstraint("chat_id", "media_group_id", name="uq_logdraft_chat_id_media_group_id"),
        # Drafts are kept once saved: a member's open ones, and whether a message was an answer already
        # (asked of every text a member sends), are a few rows of these, not all the member ever logged.
        Index("ix_logdraft_member_status", "member_id", "status"),
        Index("ix_logdraft_member_chat_answer", "member_id", "chat_id", "last_answer_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id")  # indexed first in both indexes above
    chat_id: int = telegram_id_field()
    source_message_id: int
    payload: dict[str, object] = Field(sa_type=JSON)  # EventDraft as JSON
    defaulted: list[str] = json_list_field()  # fields filled by default, shown as such on the card
    unknown: list[str] = json_list_field()  # fragments the parser could not place
    awaiting: str | None = Field(default=None, max_length=32)  # the Step the bot asked for; None: the card
    status: DraftStatus = Field(default=DraftStatus.OPEN, sa_type=String(16))
    mode: DraftMode = Field(default=DraftMode.MESSAGE, sa_type=String(16))
    media_group_id: str | None = Field(default=None, max_length=64)
    failures: int = 0  # wrong answers in a row to the current step
    material_title: str | None = Field(default=None, max_length=128)  # a handout waiting for its quantity
    return_to_card: bool = False  # the step was chosen from the card's ✏️, so the card comes next
    last_answer_id: int | None = None  # the latest message taken as an answer: a redelivery is older or equal
    card_message_id: int | None = None
    event_id: int | None = None  # the event saved from it, or the event it edits or adds photos to
    created_at: datetime = timestamp_field()
    expires_at: datetime = timestamp_field()

    @property
    def draft(self) -> EventDraft:
        return EventDraft.model_validate(self.payload)

    @draft.setter
    def draft(self, value: EventDraft) -> None:
        self.payload = value.model_dump(mode="json")

    @property
    def step(self) -> Step | None:
        return Step(self.awaiting) if self.awaiting in _STEP_VALUES else None


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
    mode: DraftMode = DraftMode.MESSAGE,
    awaiting: Step | Literal["first", "campaign"] | None = "first",
    media_group_id: str | None = None,
    event_id: int | None = None,
) -> tuple[LogDraft, bool]:
    """Store a draft; the same message (or album) again returns the first draft and False."""
    assert member.id is not None
    if awaiting == "first":
        awaiting = next_step(draft, None, guided=mode == DraftMode.GUIDED)
    values: dict[str, object] = {
        "member_id": member.id,
        "chat_id": chat_id,
        "source_message_id": source_message_id,
        "payload": draft.model_dump(mode="json"),
        "defaulted": defaulted,
        "unknown": unknown,
        "awaiting": awaiting,
        "status": DraftStatus.OPEN,
        "mode": mode,
        "media_group_id": media_group_id,
        "event_id": event_id,
        "failures": 0,
        "return_to_card": False,
        "created_at": now,
        "expires_at": now + DRAFT_TTL,
    }
    # One statement whether or not another delivery of the same message (or another replica) got here first.
    new_id = await insert_or_nothing(session=session, table=LogDraft, values=values)
    if new_id is None:
        existing = await _draft_from_message(
            session=session, chat_id=chat_id, message_id=source_message_id, media_group_id=media_group_id
        )
        assert existing is not None
        return existing, False
    # Attach the row to the session without reading it back: it holds exactly what was inserted.
    row = LogDraft(id=new_id, **values)  # type: ignore[arg-type]
    make_transient_to_detached(row)
    session.add(row)
    return row, True


async def _draft_from_message(
    *, session: AsyncSession, chat_id: int, message_id: int, media_group_id: str | None = None
) -> LogDraft | None:
    same = col(LogDraft.source_message_id) == message_id
    if media_group_id is not None:
        same = or_(same, col(LogDraft.media_group_id) == media_group_id)
    query = select(LogDraft).where(LogDraft.chat_id == chat_id, same)
    return (await session.exec(query)).first()


async def draft_for_message(*, session: AsyncSession, chat_id: int, message_id: int) -> LogDraft | None:
    """The draft opened by this message (to follow an edit of it)."""
    return await _draft_from_message(session=session, chat_id=chat_id, message_id=message_id)


async def album_draft(*, session: AsyncSession, chat_id: int, media_group_id: str) -> LogDraft | None:
    query = select(LogDraft).where(LogDraft.chat_id == chat_id, LogDraft.media_group_id == media_group_id)
    return (await session.exec(query)).first()


class DraftProblem(StrEnum):
    NOT_FOUND = "not_found"
    NOT_YOURS = "not_yours"
    EXPIRED = "expired"
    ALREADY_SAVED = "already_saved"
    CANCELLED = "cancelled"
    INCOMPLETE = "incomplete"
    KIND_GONE = "kind_gone"
    LOCKED = "locked"  # the event being edited was approved meanwhile


@dataclass(frozen=True)
class DraftAccess:
    """A draft the member may act on, or why not."""

    draft: LogDraft | None
    problem: DraftProblem | None = None


# Built once: every /log stores its card's message id, every button press on a card reads its draft. The
# ORM's unit of work for one changed row cost more than the statement.
_CARD = (
    update(LogDraft).where(col(LogDraft.id) == bindparam("draft")).values(card_message_id=bindparam("card"))
)
_DRAFT = select(LogDraft).where(LogDraft.id == bindparam("draft_id"))
_DRAFT_LOCKED = _DRAFT.with_for_update()  # PostgreSQL: a second ✅ waits here; SQLite locks on write anyway


async def open_draft_for(
    *, session: AsyncSession, draft_id: int, member: Member, now: datetime, lock: bool = True
) -> DraftAccess:
    """The member's open, unexpired draft by id, locked against a concurrent press where the database can."""
    query = _DRAFT_LOCKED if lock else _DRAFT
    row = (await session.exec(query, params={"draft_id": draft_id})).first()
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
    """The member's newest open, unexpired draft in this chat that waits for an answer to a step."""
    query = (
        select(LogDraft)
        .where(
            LogDraft.member_id == member.id,
            LogDraft.chat_id == chat_id,
            LogDraft.status == DraftStatus.OPEN,
            LogDraft.awaiting != None,  # noqa: E711
            LogDraft.awaiting != CAMPAIGN,  # answered by a button: typed text is a new log
            LogDraft.expires_at > now,
        )
        .order_by(LogDraft.id.desc())  # type: ignore[union-attr]
    )
    return (await session.exec(query)).first()


async def answered_already(*, session: AsyncSession, member_id: int, chat_id: int, message_id: int) -> bool:
    """Whether this message was taken as an answer before (message ids only grow within a chat)."""
    query = select(LogDraft.id).where(
        LogDraft.member_id == member_id,
        LogDraft.chat_id == chat_id,
        col(LogDraft.last_answer_id) >= message_id,
    )
    return (await session.exec(query.limit(1))).first() is not None


async def remember_card(*, session: AsyncSession, row: LogDraft, message_id: int) -> None:
    """Note which message shows the draft's card, so a redelivered /log does not send a second one."""
    await session.exec(_CARD, params={"draft": row.id, "card": message_id})
    set_committed_value(row, "card_message_id", message_id)
