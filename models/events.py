"""Events (活动), their material lines and their revisions; creating and listing them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Index, String, UniqueConstraint, func
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.areas import Area
from models.catalog_tables import EventKind, Material
from models.columns import json_list_field, telegram_id_field, timestamp_field
from models.drafts import EventDraft
from models.members import Member
from models.upsert import insert_missing


class EventStatus(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class EventBase(SQLModel):
    """The fields a worker reports."""

    title: str = Field(max_length=200)
    start_date: date = Field(index=True)
    end_date: date
    place: str | None = Field(default=None, max_length=200)
    attendance: int | None = None
    attendance_approx: bool = False
    consultations: int | None = None
    consultations_approx: bool = False
    partners: list[str] = json_list_field()
    audience: list[str] = json_list_field()
    topics: list[str] = json_list_field()
    note: str | None = Field(default=None, max_length=2000)


class Event(EventBase, table=True):
    """A logged event; deletion is a flag, and every change is a Revision."""

    # Covers the summaries' grouped queries (a date range, not deleted, by status, area and kind, summing
    # attendance and consultations), so a year's summary reads the index instead of the table.
    __table_args__ = (
        Index(
            "ix_event_summary",
            "start_date",
            "deleted",
            "status",
            "area_id",
            "kind_id",
            "attendance",
            "consultations",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind_id: int = Field(foreign_key="eventkind.id", index=True)
    area_id: int = Field(foreign_key="area.id", index=True)
    reporter_id: int = Field(foreign_key="member.id", index=True)
    status: EventStatus = Field(default=EventStatus.SUBMITTED, sa_type=String(16))
    status_note: str | None = Field(default=None, max_length=500)  # why it was returned
    deleted: bool = False
    # The draft it was saved from: unique, so a second ✅ (or a redelivered update) cannot save it twice.
    draft_id: int | None = Field(default=None, foreign_key="logdraft.id", unique=True)
    source_chat_id: int | None = telegram_id_field(default=None)
    source_message_id: int | None = None
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class EventMaterial(SQLModel, table=True):
    """One material line of an event: a title and a quantity."""

    __table_args__ = (UniqueConstraint("event_id", "material_id"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    material_id: int = Field(foreign_key="material.id", index=True)
    quantity: int
    approximate: bool = False


class Revision(SQLModel, table=True):
    """One change to an event: who, when, which field, before → after."""

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    member_id: int = Field(foreign_key="member.id")
    field: str = Field(max_length=32)  # "*" for the whole event at creation
    before: Any = Field(default=None, sa_type=JSON, nullable=True)
    after: Any = Field(default=None, sa_type=JSON, nullable=True)
    at: datetime = timestamp_field()


class MissingKind(LookupError):
    """The draft names a kind the catalogue no longer has."""


async def create_event(
    *,
    session: AsyncSession,
    draft: EventDraft,
    reporter: Member,
    now: datetime,
    draft_id: int | None = None,
    source_chat_id: int | None = None,
    source_message_id: int | None = None,
) -> Event:
    """Write a complete draft as an event with its material lines and its first revision."""
    if draft.kind is None or draft.start_date is None or draft.area_id is None or reporter.id is None:
        raise ValueError("only a complete draft of a saved member becomes an event")
    kind = (
        await session.exec(select(EventKind).where(EventKind.code == draft.kind, EventKind.active == True))  # noqa: E712
    ).first()
    if kind is None or kind.id is None:
        raise MissingKind(draft.kind)
    event = Event(
        kind_id=kind.id,
        title=draft.title or kind.name_zh,
        start_date=draft.start_date,
        end_date=draft.end_date or draft.start_date,
        place=draft.place,
        area_id=draft.area_id,
        attendance=draft.attendance.value if draft.attendance else None,
        attendance_approx=bool(draft.attendance and draft.attendance.approximate),
        consultations=draft.consultations.value if draft.consultations else None,
        consultations_approx=bool(draft.consultations and draft.consultations.approximate),
        partners=list(draft.partners),
        audience=list(draft.audience),
        topics=list(draft.topics),
        note=draft.note,
        reporter_id=reporter.id,
        draft_id=draft_id,
        source_chat_id=source_chat_id,
        source_message_id=source_message_id,
        created_at=now,
        updated_at=now,
    )
    session.add(event)
    await session.flush()
    assert event.id is not None
    ids = await material_ids(session=session, draft=draft)
    for line in draft.materials:
        session.add(
            EventMaterial(
                event_id=event.id,
                material_id=ids[line.title],
                quantity=line.quantity,
                approximate=line.approximate,
            )
        )
    session.add(
        Revision(
            event_id=event.id, member_id=reporter.id, field="*", after=draft.model_dump(mode="json"), at=now
        )
    )
    await session.flush()
    return event


async def material_ids(*, session: AsyncSession, draft: EventDraft) -> dict[str, int]:
    """Ids of the draft's material titles; unknown titles join the catalogue as new materials."""
    titles = sorted({line.title for line in draft.materials})
    if not titles:
        return {}
    units = {line.title: line.unit for line in draft.materials}
    await insert_missing(
        session=session,
        table=Material,
        key="title",
        rows=[{"title": t, "unit": units[t], "aliases": [t]} for t in titles],
    )
    rows = await session.exec(select(Material).where(col(Material.title).in_(titles)))
    return {m.title: m.id for m in rows if m.id is not None}


class EventLine(SQLModel):
    """An event as lists show it."""

    id: int
    title: str
    kind_name_zh: str
    kind_name_en: str
    start_date: date
    end_date: date
    place: str | None
    area_name: str
    attendance: int | None
    attendance_approx: bool
    material_total: int
    status: EventStatus

    def kind_name(self, language: str) -> str:
        return self.kind_name_en if language == "en" else self.kind_name_zh


async def recent_events(*, session: AsyncSession, reporter_id: int, limit: int = 10) -> list[EventLine]:
    """The member's latest events, newest first, with their material totals."""
    totals = (
        select(EventMaterial.event_id, func.sum(EventMaterial.quantity).label("total"))
        .group_by(col(EventMaterial.event_id))
        .subquery()
    )
    query = (
        select(Event, EventKind, Area.name, func.coalesce(totals.c.total, 0))
        .join(EventKind, col(EventKind.id) == Event.kind_id)
        .join(Area, col(Area.id) == Event.area_id)
        .outerjoin(totals, totals.c.event_id == Event.id)
        .where(Event.reporter_id == reporter_id, Event.deleted == False)  # noqa: E712
        .order_by(col(Event.start_date).desc(), col(Event.id).desc())
        .limit(limit)
    )
    lines = []
    for event, kind, area_name, total in await session.exec(query):
        assert event.id is not None
        lines.append(
            EventLine(
                id=event.id,
                title=event.title,
                kind_name_zh=kind.name_zh,
                kind_name_en=kind.name_en,
                start_date=event.start_date,
                end_date=event.end_date,
                place=event.place,
                area_name=area_name,
                attendance=event.attendance,
                attendance_approx=event.attendance_approx,
                material_total=int(total),
                status=event.status,
            )
        )
    return lines
