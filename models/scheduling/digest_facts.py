"""What a weekly digest says: the events of the week, the summary, the year to date, the chart's period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func
from sqlalchemy import select as select_columns
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.tables import EventKind, Material
from models.events.drafts import MaterialCategory
from models.events.records import Event, EventMaterial, EventStatus
from models.organisation.areas import Area
from models.parsing.periods import Period, PeriodKind
from models.reporting.basis import Basis
from models.reporting.rollup_reads import in_range
from models.reporting.rollup_tables import KindRollup, MaterialRollup
from models.reporting.scope import fetch_rows, in_subtree
from models.reporting.summaries import PeriodSummary, summarize_period


async def logged_events(
    *, session: AsyncSession, period: Period, area: Area, limit: int
) -> tuple[list[tuple[date, str, str, str, int, str]], int]:
    """The counted events of the week (date, area, kind zh, kind en, attendance, materials), and how many."""
    counted = [
        col(Event.start_date) >= period.start,
        col(Event.start_date) <= period.end,
        col(Event.deleted) == False,  # noqa: E712
        col(Event.status) != EventStatus.RETURNED,
        in_subtree(area),
    ]
    rows = await fetch_rows(
        session,
        select_columns(
            col(Event.id),
            col(Event.start_date),
            col(Area.name),
            col(EventKind.name_zh),
            col(EventKind.name_en),
            col(Event.attendance),
        )
        .join(Area, col(Area.id) == Event.area_id)
        .join(EventKind, col(EventKind.id) == Event.kind_id)
        .where(*counted)
        .order_by(col(Event.start_date), col(Event.id))
        .limit(limit),
    )
    [(total,)] = await fetch_rows(session, select_columns(func.count()).select_from(Event).where(*counted))
    ids = [row[0] for row in rows]
    materials: dict[int, list[str]] = {}
    for event_id, title, quantity, unit in await fetch_rows(
        session,
        select_columns(
            col(EventMaterial.event_id),
            col(Material.title),
            col(EventMaterial.quantity),
            func.coalesce(EventMaterial.unit, Material.unit),
        )
        .join(Material, col(Material.id) == EventMaterial.material_id)
        .where(col(EventMaterial.event_id).in_(ids))
        .order_by(col(EventMaterial.event_id), col(EventMaterial.id)),
    ):
        materials.setdefault(event_id, []).append(f"{title}{quantity}{unit}")  # as the worker wrote it
    lines = [
        (day, area_name, kind_zh, kind_en, int(people or 0), " ".join(materials.get(event_id, [])))
        for event_id, day, area_name, kind_zh, kind_en, people in rows
    ]
    return lines, total


EVENT_LINES = 15  # events listed one by one; the rest are counted


@dataclass(frozen=True)
class EventLine:
    day: date
    area: str
    kind_zh: str
    kind_en: str
    attendance: int
    materials: str  # "《民法典手册》300册 《人民调解法》50份"

    def kind(self, language: str) -> str:
        return self.kind_en if language == "en" else self.kind_zh


@dataclass(frozen=True)
class PeriodTotals:
    """A period's totals as summarize_period counts them (its `current`), without the rest of a summary."""

    period: Period
    events: int
    attendance: int
    consultations: int
    material_total: int  # handouts, as Figures.material_total


async def period_totals(
    *, session: AsyncSession, period: Period, area: Area, basis: Basis = Basis.SUBMITTED
) -> PeriodTotals:
    """The totals of `area`'s subtree in `period`: two reads of the rollups, where a summary takes eight."""
    counted = [
        col(KindRollup.area_id) == area.id,
        in_range(KindRollup, period.start, period.end),
        col(KindRollup.status).in_(basis.statuses),
    ]
    [(events, attendance, consultations)] = await fetch_rows(
        session,
        select_columns(
            func.coalesce(func.sum(KindRollup.events), 0),
            func.coalesce(func.sum(KindRollup.attendance), 0),
            func.coalesce(func.sum(KindRollup.consultations), 0),
        ).where(*counted),
    )
    [(quantity,)] = await fetch_rows(
        session,
        select_columns(func.coalesce(func.sum(MaterialRollup.quantity), 0)).where(
            col(MaterialRollup.area_id) == area.id,
            in_range(MaterialRollup, period.start, period.end),
            col(MaterialRollup.status).in_(basis.statuses),
            col(MaterialRollup.category) == MaterialCategory.HANDOUT.value,
        ),
    )
    return PeriodTotals(period, int(events), int(attendance), int(consultations), int(quantity))


@dataclass(frozen=True)
class DigestFacts:
    """The week (the summary every view shares), its events, and the year so far toward the report."""

    week: PeriodSummary
    events: tuple[EventLine, ...]
    events_total: int
    year_to_date: PeriodTotals


async def gather_digest(*, session: AsyncSession, week: Period, area: Area) -> DigestFacts:
    """Everything a digest of `area` for `week` shows, from the same summary /summary uses."""
    summary = await summarize_period(session=session, period=week, area=area)
    year = Period(PeriodKind.RANGE, date(week.end.year, 1, 1), week.end)
    year_to_date = await period_totals(session=session, period=year, area=area)
    lines, total = await logged_events(session=session, period=week, area=area, limit=EVENT_LINES)
    return DigestFacts(
        week=summary,
        events=tuple(EventLine(*line) for line in lines),
        events_total=total,
        year_to_date=year_to_date,
    )


def chart_period(week: Period) -> Period:
    """The twelve weeks ending with the digest's week."""
    return Period(PeriodKind.RANGE, week.start - timedelta(weeks=11), week.end)
