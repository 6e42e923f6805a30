"""活动记录表: what an inspection asks of each activity — the fields of the event and its photos.

The rows come from the ledger's own query (an event's material lines consecutive), so the record sheet
and the 台账 cannot disagree; the photos are Telegram file ids, fetched by the bot when it writes a sheet.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import select as select_columns
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from models.events.drafts import MaterialCategory, Qualifier
from models.events.photos import EventPhoto
from models.events.records import Event
from models.organisation.areas import Area
from models.parsing.periods import Period
from models.reporting.export import in_period, ledger_query
from models.reporting.ledger_fields import LedgerLine, days_written
from models.reporting.ledger_layout import QUALIFIER_WORDS, STATUS_NAMES

BATCH = 50  # events whose photos are looked up at once


@dataclass(frozen=True)
class RecordPhoto:
    file_id: str
    file_size: int | None


@dataclass
class RecordSheet:
    """One 活动记录表, its fields as the form words them."""

    event_id: int
    title: str
    days: str
    place: str
    area: str
    organisers: str  # the host area, then the partner units
    audience: str  # 居民、妇女，300余人
    form: str  # 法律大集（宪法）
    content: str  # topics studied and the note
    materials: str  # as written: 民法典手册300余册；人民调解法50份
    reporter: str
    status: str
    photos: list[RecordPhoto] = field(default_factory=list)


async def event_record(*, session: AsyncSession, event_id: int) -> RecordSheet | None:
    """The record sheet of one event (not deleted), or None."""
    where = [col(Event.id) == event_id, col(Event.deleted) == False]  # noqa: E712
    batches = [batch async for batch in _records(session, where)]
    return batches[0][0] if batches else None


def period_records(*, session: AsyncSession, period: Period, area: Area) -> AsyncIterator[list[RecordSheet]]:
    """The record sheets of the period's events in `area`'s subtree, in date order, a batch at a time."""
    return _records(session, in_period(period, area))


async def _records(
    session: AsyncSession, where: list[ColumnElement[bool]]
) -> AsyncIterator[list[RecordSheet]]:
    connection = await session.connection()
    areas = select_columns(col(Area.id), col(Area.name))
    names: dict[int, str] = {row.id: row.name for row in await connection.execute(areas)}
    batch: list[RecordSheet] = []
    rows: list[Any] = []
    result = await connection.stream(ledger_query(session, *where))
    async for row in result:
        if rows and rows[0].id != row.id:
            batch.append(_sheet(rows, names))
            rows = []
            if len(batch) == BATCH:
                yield await _with_photos(session, batch)
                batch = []
        rows.append(row)
    if rows:
        batch.append(_sheet(rows, names))
    if batch:
        yield await _with_photos(session, batch)


async def _with_photos(session: AsyncSession, sheets: list[RecordSheet]) -> list[RecordSheet]:
    by_id = {sheet.event_id: sheet for sheet in sheets}
    query = (
        select_columns(col(EventPhoto.event_id), col(EventPhoto.file_id), col(EventPhoto.file_size))
        .where(col(EventPhoto.event_id).in_(list(by_id)))
        .order_by(col(EventPhoto.event_id), col(EventPhoto.message_id), col(EventPhoto.id))
    )
    for row in await (await session.connection()).execute(query):
        by_id[row.event_id].photos.append(RecordPhoto(row.file_id, row.file_size))
    return sheets


def _where(area: str, place: str | None) -> str:
    """The place as an inspector reads it: the venue with the area it is in (幸福社区 + 广场)."""
    if not place:
        return area
    return place if not area or place.startswith(area) else area + place


def _sheet(rows: list[Any], names: dict[int, str]) -> RecordSheet:
    event = rows[0]
    lines = [
        LedgerLine(
            row.material,
            row.unit or "份",
            int(row.quantity),
            Qualifier(row.qualifier or Qualifier.EXACT),
            MaterialCategory(row.category or MaterialCategory.HANDOUT),
            row.grouped or row.material,
            row.grouped_unit or "份",
        )
        for row in rows
        if row.material is not None and row.quantity is not None
    ]
    host = names.get(event.area_id, "")
    people = ""
    if event.attendance is not None:
        people = _count(event.attendance, Qualifier(event.attendance_qualifier or Qualifier.EXACT)) + "人"
    return RecordSheet(
        event_id=event.id,
        title=event.title,
        days=days_written(event.start_date, event.end_date),
        place=_where(host, event.place),
        area=host,
        organisers="、".join([host, *(event.partners or [])]),
        audience="，".join(part for part in ("、".join(event.audience or []), people) if part),
        form=f"{event.kind}（{event.themes}）" if event.themes else event.kind,
        content="；".join(part for part in [*(event.topics or []), event.note or ""] if part),
        materials="；".join(line.written() for line in lines),
        reporter=event.reporter,
        status=STATUS_NAMES[event.status],
    )


def _count(value: int, qualifier: Qualifier) -> str:
    word = QUALIFIER_WORDS[qualifier]
    return f"{value}{word}" if qualifier == Qualifier.MORE else f"{word}{value}"
