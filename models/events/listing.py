"""Events as the /my list shows them: the latest first, with their material totals."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.tables import EventKind
from models.events.drafts import MaterialCategory, Qualifier
from models.events.records import (
    Event,
    EventMaterial,
    EventStatus,
)
from models.organisation.areas import Area


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
    attendance_qualifier: Qualifier
    material_total: int
    status: EventStatus
    note: str | None = None

    def kind_name(self, language: str) -> str:
        return self.kind_name_en if language == "en" else self.kind_name_zh


async def recent_events(*, session: AsyncSession, reporter_id: int, limit: int = 10) -> list[EventLine]:
    """The member's latest events, newest first, with their material totals."""
    totals = (
        select(EventMaterial.event_id, func.sum(EventMaterial.quantity).label("total"))
        .where(col(EventMaterial.category) == MaterialCategory.HANDOUT)  # not banners or gifts
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
                attendance_qualifier=event.attendance_qualifier,
                material_total=int(total),
                status=event.status,
                note=event.note,
            )
        )
    return lines
