"""A worker's own figures for a period: what they logged, as /summary shows it to them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.tables import EventKind
from models.events.drafts import MaterialCategory
from models.events.records import Event, EventMaterial, EventStatus
from models.parsing.periods import Period


@dataclass(frozen=True)
class OwnFigures:
    """Counted as the district's figures count: not deleted, not returned."""

    events: int
    attendance: int
    consultations: int
    materials: int
    by_form: tuple[tuple[str, str, int], ...]  # (name_zh, name_en, events), most first


async def own_figures(*, session: AsyncSession, reporter_id: int, period: Period) -> OwnFigures:
    counted = (
        col(Event.reporter_id) == reporter_id,
        col(Event.deleted) == False,  # noqa: E712
        col(Event.status) != EventStatus.RETURNED,
        col(Event.start_date) >= period.start,
        col(Event.start_date) <= period.end,
    )
    totals = (
        await session.exec(
            select(
                func.count(col(Event.id)),
                func.coalesce(func.sum(Event.attendance), 0),
                func.coalesce(func.sum(Event.consultations), 0),
            ).where(*counted)
        )
    ).one()
    materials = (
        await session.exec(
            select(func.coalesce(func.sum(EventMaterial.quantity), 0))
            .join(Event, col(Event.id) == EventMaterial.event_id)
            .where(*counted, col(EventMaterial.category) == MaterialCategory.HANDOUT)
        )
    ).one()
    forms = await session.exec(
        select(EventKind.name_zh, EventKind.name_en, func.count(col(Event.id)))
        .join(Event, col(Event.kind_id) == EventKind.id)
        .where(*counted)
        .group_by(col(EventKind.name_zh), col(EventKind.name_en))
        .order_by(func.count(col(Event.id)).desc(), col(EventKind.name_zh))
    )
    return OwnFigures(
        events=int(totals[0]),
        attendance=int(totals[1] or 0),
        consultations=int(totals[2] or 0),
        materials=int(materials),
        by_form=tuple((zh, en, int(n)) for zh, en, n in forms),
    )
