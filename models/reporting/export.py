"""The ledger (台账) as an .xlsx ready to print, streamed from one plain query into XlsxWriter.

The rows come from one SQLAlchemy Core select (events with their material lines, in date order), read
in batches on the event loop and handed to the writer in a worker thread (models/reporting/feed.py), so
a year's export neither holds the loop nor the whole ledger in memory. XlsxWriter is imported when an
export is asked for, not when the bot starts.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Executable, func
from sqlalchemy import select as select_columns
from sqlalchemy.orm import aliased
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.tables import EventKind, Material, Theme
from models.events.photos import EventPhoto
from models.events.records import Event, EventMaterial, EventTheme
from models.organisation.areas import Area
from models.organisation.members import Member
from models.parsing.periods import Period, PeriodKind
from models.reporting.feed import feed
from models.reporting.ledger_layout import DETAIL_COLUMNS, LEDGER_COLUMNS
from models.reporting.ledger_sheets import LedgerBook, LedgerHeading, LedgerTotals
from models.reporting.report import period_label_zh
from models.reporting.scope import in_subtree

__all__ = ["DETAIL_COLUMNS", "LEDGER_COLUMNS", "LedgerExport", "LedgerHeading", "export_ledger"]

STREAM_BATCH = 2000
# The writer is pure Python: a thread holding the interpreter lock keeps the event loop waiting up to the
# switch interval (5 ms) at each of the dozens of hand-offs a /log makes. Yielding every few rows (about
# 0.2 ms of writing) keeps other members' replies fast during a long export.
YIELD_EVERY = 4
SPOOL_IN_MEMORY = 8 * 1024 * 1024  # a bigger workbook is spooled to a temporary file while written

Rows = list[Any]
# Runs the writer on the batches somewhere off the loop: models.reporting.feed.feed, or a render pool's.
Offload = Callable[
    [Callable[[Iterator[Rows]], "LedgerExport"], AsyncIterator[Rows]], Awaitable["LedgerExport"]
]


@dataclass(frozen=True)
class LedgerExport:
    content: bytes
    totals: LedgerTotals

    @property
    def events(self) -> int:
        """Events on the 台账 sheet and the 退回活动 sheet."""
        return self.totals.events + self.totals.returned

    @property
    def material_lines(self) -> int:
        return self.totals.material_lines


def period_words(period: Period) -> str:
    """The period as the ledger's title says it: the report's words (2026年, 2026年第四季度, 2026年11月,
    one day), except that a run of days writes both years in full."""
    start, end = period.start, period.end
    if period.kind in (PeriodKind.YEAR, PeriodKind.QUARTER, PeriodKind.MONTH) or start == end:
        return period_label_zh(period)
    return f"{period_label_zh(Period(period.kind, start, start))}至{end.year}年{end.month}月{end.day}日"


def ledger_heading(
    *, area: Area, period: Period, unit: str | None, filled_by: str, today: date
) -> LedgerHeading:
    """“城东街道2026年11月普法宣传活动台账”, filed by `unit` (the area's name unless set)."""
    return LedgerHeading(
        title=f"{area.name}{period_words(period)}普法宣传活动台账",
        unit=unit or area.name,
        filled_by=filled_by,
        filled_on=today,
    )


async def export_ledger(
    *,
    session: AsyncSession,
    period: Period,
    area: Area,
    heading: LedgerHeading | None = None,
    offload: Offload | None = None,
) -> LedgerExport:
    """The .xlsx of every event (deleted ones excepted) of `area`'s subtree in `period`."""
    heading = heading or ledger_heading(area=area, period=period, unit=None, filled_by="", today=period.end)
    areas = select_columns(col(Area.id), col(Area.name), col(Area.path))
    names = {row.id: (row.name, row.path) for row in await (await session.connection()).execute(areas)}

    def write(batches: Iterator[Rows]) -> LedgerExport:
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as output:
            book = LedgerBook(output, heading=heading, names=names)
            for batch in batches:
                for number, row in enumerate(batch):
                    book.add(row)
                    if number % YIELD_EVERY == 0:
                        time.sleep(0)  # let the event loop have the interpreter now, not in 5 ms
            totals = book.close()
            output.seek(0)
            return LedgerExport(content=output.read(), totals=totals)

    async def batches() -> AsyncIterator[Rows]:
        result = await (await session.connection()).stream(ledger_query(session, *in_period(period, area)))
        async for batch in result.partitions(STREAM_BATCH):
            yield list(batch)

    return await (offload or feed)(write, batches())


def in_period(period: Period, area: Area) -> list[ColumnElement[bool]]:
    """The events of `area`'s subtree that start in `period`, deleted ones excepted."""
    return [
        col(Event.start_date) >= period.start,
        col(Event.start_date) <= period.end,
        col(Event.deleted) == False,  # noqa: E712
        in_subtree(area),
    ]


def ledger_query(session: AsyncSession, *where: ColumnElement[bool]) -> Executable:
    """One row per material line (one with empty material columns for an event without any)."""
    photos = (
        select_columns(col(EventPhoto.event_id), func.count().label("n"))
        .where(col(EventPhoto.event_id).isnot(None))
        .group_by(col(EventPhoto.event_id))
        .subquery()
    )
    canonical = aliased(Material)
    return (
        select_columns(
            col(Event.id),
            col(Event.start_date),
            col(Event.end_date),
            col(Event.area_id),
            col(Event.title),
            col(Event.place),
            col(Event.partners),
            col(Event.audience),
            col(Event.topics),
            col(Event.note),
            col(Event.attendance),
            col(Event.attendance_qualifier),
            col(Event.consultations),
            col(Event.consultations_qualifier),
            col(Event.status),
            col(Event.status_note),
            col(EventKind.name_zh).label("kind"),
            col(Member.full_name).label("reporter"),
            func.coalesce(photos.c.n, 0).label("photos"),
            _theme_names(session).label("themes"),
            col(Material.title).label("material"),
            func.coalesce(EventMaterial.unit, Material.unit).label("unit"),
            col(EventMaterial.quantity),
            col(EventMaterial.qualifier),
            col(EventMaterial.category),
            func.coalesce(canonical.title, Material.title).label("grouped"),
            func.coalesce(canonical.unit, EventMaterial.unit, Material.unit).label("grouped_unit"),
        )
        .join(EventKind, col(EventKind.id) == Event.kind_id)
        .join(Member, col(Member.id) == Event.reporter_id)
        .outerjoin(photos, photos.c.event_id == Event.id)
        .outerjoin(EventMaterial, col(EventMaterial.event_id) == Event.id)
        .outerjoin(Material, col(Material.id) == EventMaterial.material_id)
        .outerjoin(canonical, col(canonical.id) == Material.canonical_id)
        .where(*where)
        .order_by(col(Event.start_date), col(Event.id), col(EventMaterial.id))
    )


def _theme_names(session: AsyncSession) -> Any:
    """The event's theme names joined with 、, in one correlated subquery (each dialect has its own
    aggregate for it)."""
    name = col(Theme.name_zh)
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    joined = func.string_agg(name, "、") if dialect == "postgresql" else func.group_concat(name, "、")
    return (
        select_columns(joined)
        .select_from(EventTheme)
        .join(Theme, col(Theme.id) == EventTheme.theme_id)
        .where(col(EventTheme.event_id) == Event.id)
        .scalar_subquery()
    )
