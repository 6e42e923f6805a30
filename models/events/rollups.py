"""Keeping the rollups exact on write: each write takes its event's old part away and adds the new one.

A write path reads the event's facts before it changes anything (`event_facts`), changes the event,
and calls `update_rollups(before=…, after=…)` (models/reporting/rollup_tables.py) in the same
transaction.
"""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.events.records import Event, EventMaterial, EventTheme
from models.organisation.areas import Area
from models.reporting.rollup_tables import EventFacts


async def area_path(*, session: AsyncSession, area_id: int) -> str:
    area = await session.get(Area, area_id)  # usually in the session already: no statement
    return area.path if area is not None else f"/{area_id}/"


async def event_facts(*, session: AsyncSession, event: Event) -> EventFacts | None:
    """The event's part of the rollups as the database holds it now; None for a deleted event."""
    if event.deleted or event.id is None:
        return None
    materials = await session.exec(
        select(EventMaterial.material_id, EventMaterial.unit, EventMaterial.category, EventMaterial.quantity)
        .where(EventMaterial.event_id == event.id)
        .order_by(col(EventMaterial.material_id))
    )
    themes = await session.exec(
        select(EventTheme.theme_id).where(EventTheme.event_id == event.id).order_by(col(EventTheme.theme_id))
    )
    return EventFacts(
        day=event.start_date,
        area_path=await area_path(session=session, area_id=event.area_id),
        kind_id=event.kind_id,
        status=str(event.status),
        attendance=event.attendance or 0,
        consultations=event.consultations or 0,
        themes=tuple(themes),
        materials=tuple((m, unit or "", str(category), q) for m, unit, category, q in materials),
    )
