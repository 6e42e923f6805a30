"""Photos of events, kept as Telegram file ids; they belong to a draft until the draft is saved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import UniqueConstraint, bindparam, func, update
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.columns import timestamp_field
from models.upsert import insert_or_nothing


class EventPhoto(SQLModel, table=True):
    """One photo; the same Telegram file (file_unique_id) is kept once per draft and once per event."""

    __table_args__ = (
        UniqueConstraint("draft_id", "file_unique_id"),
        UniqueConstraint("event_id", "file_unique_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    draft_id: int | None = Field(default=None, foreign_key="logdraft.id", index=True)
    event_id: int | None = Field(default=None, foreign_key="event.id", index=True)
    file_id: str = Field(max_length=256)
    file_unique_id: str = Field(max_length=64)
    width: int = 0
    height: int = 0
    file_size: int | None = None
    message_id: int | None = None  # the message it came in, to keep an album's order
    added_at: datetime = timestamp_field()


@dataclass(frozen=True)
class PhotoIn:
    """A photo as Telegram describes its largest size."""

    file_id: str
    file_unique_id: str
    width: int
    height: int
    file_size: int | None
    message_id: int


async def add_photo(
    *, session: AsyncSession, photo: PhotoIn, draft_id: int | None = None, event_id: int | None = None
) -> bool:
    """Keep a photo for a draft or an event; False when that photo is there already (a redelivery)."""
    values = {
        "draft_id": draft_id,
        "event_id": event_id,
        "file_id": photo.file_id,
        "file_unique_id": photo.file_unique_id,
        "width": photo.width,
        "height": photo.height,
        "file_size": photo.file_size,
        "message_id": photo.message_id,
    }
    return await insert_or_nothing(session=session, table=EventPhoto, values=values) is not None


# Built once: every ✅ moves the draft's photos, and a card counts its draft's or its event's.
_MOVE_PHOTOS = (
    update(EventPhoto)
    .where(col(EventPhoto.draft_id) == bindparam("from_draft"))
    .values(event_id=bindparam("to_event"), draft_id=None)
)
_COUNT_OF_DRAFT = (
    select(func.count()).select_from(EventPhoto).where(col(EventPhoto.draft_id) == bindparam("id"))
)
_COUNT_OF_EVENT = (
    select(func.count()).select_from(EventPhoto).where(col(EventPhoto.event_id) == bindparam("id"))
)


async def move_draft_photos(*, session: AsyncSession, draft_id: int, event_id: int) -> int:
    """The draft became an event: its photos are the event's now. Returns how many there are."""
    moved = await session.exec(_MOVE_PHOTOS, params={"from_draft": draft_id, "to_event": event_id})
    return moved.rowcount


async def photo_count(
    *, session: AsyncSession, draft_id: int | None = None, event_id: int | None = None
) -> int:
    if draft_id is not None:
        return (await session.exec(_COUNT_OF_DRAFT, params={"id": draft_id})).one()
    return (await session.exec(_COUNT_OF_EVENT, params={"id": event_id})).one()


async def event_photos(*, session: AsyncSession, event_id: int) -> list[EventPhoto]:
    """The event's photos in the order they were sent."""
    query = (
        select(EventPhoto)
        .where(EventPhoto.event_id == event_id)
        .order_by(col(EventPhoto.message_id), col(EventPhoto.id))
    )
    return list(await session.exec(query))
