"""The ledger (台账) as an .xlsx ready to print, streamed from one plain query into XlsxWriter.

The rows come from one SQLAlchemy Core select (events with their material lines, in date order). The
bot has them read and written by a process of its own (`export_ledger_apart`, models/reporting/
ledger_process.py), so that a decade's export holds neither the bot's interpreter lock nor its memory;
`export_ledger` does the same work here, reading on the event loop and writing in a worker thread
(models/reporting/feed.py), for callers with rows not yet committed (tests, scripts). XlsxWriter is
imported when an export is asked for, not when the bot starts.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, Text, func, type_coerce
from sqlalchemy import select as select_columns
from sqlalchemy.engine import make_url
from sqlalchemy.orm import aliased
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.tables import EventKind, Material, Theme
from models.db import sqlite_path
from models.events.photos import EventPhoto
from models.events.records import Event, EventMaterial, EventTheme
from models.organisation.areas import Area
from models.organisation.members import Member
from models.parsing.periods import Period, PeriodKind
from models.reporting.feed import feed
from models.reporting.ledger_layout import DETAIL_COLUMNS, LEDGER_COLUMNS
from models.reporting.ledger_process import LedgerExport, LedgerJob, write_ledger_apart
from models.reporting.ledger_sheets import LedgerBook, LedgerHeading
from models.reporting.report import period_label_zh
from models.reporting.scope import in_subtree_by_day
from models.upsert import dialect_of

__all__ = [
    "DETAIL_COLUMNS",
    "LEDGER_COLUMNS",
    "LedgerExport",
    "LedgerHeading",
    "export_ledger",
    "export_ledger_apart",
]

STREAM_BATCH = 2000
SPOOL_IN_MEMORY = 8 * 1024 * 1024  # a bigger workbook is spooled to a temporary file while written

Rows = list[Any]
# Runs the writer on the batches somewhere off the loop: models.reporting.feed.feed, or a render pool's.
Offload = Callable[
    [Callable[[Iterator[Rows]], "LedgerExport"], AsyncIterator[Rows]], Awaitable["LedgerExport"]
]


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
                for row in batch:
                    book.add(row)
            totals = book.close()
            output.seek(0)
            return LedgerExport(content=output.read(), totals=totals)

    async def batches() -> AsyncIterator[Rows]:
        query = ledger_query(session, *in_period(period, area), lists_as_text=True)
        result = await (await session.connection()).stream(query)
        async for batch in result.partitions(STREAM_BATCH):
            yield list(batch)

    return await (offload or feed)(write, batches())


async def export_ledger_apart(
    *,
    session: AsyncSession,
    database_url: str,
    period: Period,
    area: Area,
    heading: LedgerHeading,
    run: Callable[[Callable[[LedgerJob], LedgerExport], LedgerJob], Awaitable[LedgerExport]] | None = None,
) -> LedgerExport:
    """The same .xlsx as `export_ledger`, read and written by a child process from committed rows.

    `run` calls the blocking hand-over in a worker thread: the render pool's `run`, which bounds how many
    exports run at once, or asyncio.to_thread.
    """
    job = await ledger_job(
        session=session, database_url=database_url, period=period, area=area, heading=heading
    )
    return await (run or asyncio.to_thread)(write_ledger_apart, job)


async def ledger_job(
    *, session: AsyncSession, database_url: str, period: Period, area: Area, heading: LedgerHeading
) -> LedgerJob:
    """What the writer process needs: where the database is, the query compiled for it, the areas' names."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is None:
            raise ValueError("an in-memory SQLite database cannot be read by another process")
        backend, address = "sqlite", str(path)
    else:
        backend = "postgresql"
        address = url.set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await session.connection()
    areas = select_columns(col(Area.id), col(Area.name), col(Area.path)).order_by(col(Area.id))
    names = [(row.id, row.name, row.path) for row in await connection.execute(areas)]
    compiled = ledger_query(session, *in_period(period, area), lists_as_text=True).compile(
        dialect=connection.dialect
    )
    parameters = [compiled.params[name] for name in compiled.positiontup or ()]
    return LedgerJob(
        backend=backend,
        address=address,
        sql=str(compiled),
        parameters=[v.isoformat() if isinstance(v, date) else v for v in parameters],
        dates=[n for n, v in enumerate(parameters) if isinstance(v, date)],
        names=names,
        heading={
            "title": heading.title,
            "unit": heading.unit,
            "filled_by": heading.filled_by,
            "filled_on": heading.filled_on.isoformat(),
        },
    )


def in_period(period: Period, area: Area) -> list[ColumnElement[bool]]:
    """The events of `area`'s subtree that start in `period`, deleted ones excepted."""
    return [
        col(Event.start_date) >= period.start,
        col(Event.start_date) <= period.end,
        col(Event.deleted) == False,  # noqa: E712
        in_subtree_by_day(area),
    ]


def ledger_query(
    session: AsyncSession, *where: ColumnElement[bool], lists_as_text: bool = False
) -> Select[*tuple[Any, ...]]:
    """One row per material line (one with empty material columns for an event without any), with the
    columns of LedgerRow. With `lists_as_text`, the JSON lists come as their text (the ledger decodes
    them once an event rather than once a row)."""
    # Counted per event through ix_eventphoto_event_id. A grouped subquery joined instead was scanned
    # whole for every event by SQLite (SCAN anon_1): hours for a decade with photos.
    photos = (
        select_columns(func.count())
        .select_from(EventPhoto)
        .where(col(EventPhoto.event_id) == Event.id)
        .scalar_subquery()
    )
    canonical = aliased(Material)
    query: Select[*tuple[Any, ...]] = (
        select_columns(
            col(Event.id),
            col(Event.start_date),
            col(Event.end_date),
            col(Event.area_id),
            col(Event.title),
            col(Event.place),
            *(
                type_coerce(col(column), Text).label(name) if lists_as_text else col(column)
                for name, column in (
                    ("partners", Event.partners),
                    ("audience", Event.audience),
                    ("topics", Event.topics),
                )
            ),
            col(Event.note),
            col(Event.attendance),
            col(Event.attendance_qualifier),
            col(Event.consultations),
            col(Event.consultations_qualifier),
            col(Event.status),
            col(Event.status_note),
            col(EventKind.name_zh).label("kind"),
            col(Member.full_name).label("reporter"),
            photos.label("photos"),
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
        .outerjoin(EventMaterial, col(EventMaterial.event_id) == Event.id)
        .outerjoin(Material, col(Material.id) == EventMaterial.material_id)
        .outerjoin(canonical, col(canonical.id) == Material.canonical_id)
        .where(*where)
        .order_by(col(Event.start_date), col(Event.id), col(EventMaterial.id))
    )
    return query


def _theme_names(session: AsyncSession) -> Any:
    """The event's theme names joined with 、, in one correlated subquery (each dialect has its own
    aggregate for it)."""
    name = col(Theme.name_zh)
    postgres = dialect_of(session) == "postgresql"
    joined = func.string_agg(name, "、") if postgres else func.group_concat(name, "、")
    return (
        select_columns(joined)
        .select_from(EventTheme)
        .join(Theme, col(Theme.id) == EventTheme.theme_id)
        .where(col(EventTheme.event_id) == Event.id)
        .scalar_subquery()
    )
