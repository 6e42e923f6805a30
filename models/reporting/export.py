"""The ledger (台账) as an .xlsx: one row per event, and a sheet with one row per material line.

The workbook is written in openpyxl's write-only mode from one streamed query (events with their
material lines, in date order), so exporting a decade costs the memory of a few thousand rows, not of
the whole ledger. openpyxl is imported here, when an export is asked for, not when the bot starts.

Every text cell is member text (titles, places, partners, names, areas, catalogue entries), so every one
is written as a string cell, never a formula, and quoted when a spreadsheet would read it as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as select_columns
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.tables import EventKind, Material, Theme
from models.events.photos import EventPhoto
from models.events.records import Event, EventMaterial, EventTheme
from models.organisation.areas import Area
from models.organisation.members import Member
from models.parsing.periods import Period
from models.reporting.ledger_sheets import (
    LedgerWriter,
    append_row,
)
from models.reporting.scope import in_subtree

# The 台账 layout district offices file; the headings are the form's, so they are not translated.
LEDGER_COLUMNS = (
    ("序号", 6),
    ("日期", 12),
    ("街道", 14),
    ("社区", 14),
    ("活动形式", 14),
    ("主题", 18),
    ("活动名称", 28),
    ("地点", 18),
    ("主办/联合单位", 28),
    ("对象", 16),
    ("参与人数", 10),
    ("咨询人次", 10),
    ("工作人员", 10),
    ("走访户数", 10),
    ("发放资料", 40),
    ("宣传品", 24),
    ("展示宣传", 24),
    ("照片数", 8),
    ("填报人", 10),
    ("状态", 8),
    ("备注", 30),
)
DETAIL_COLUMNS = (
    ("序号", 6),
    ("日期", 12),
    ("街道", 14),
    ("社区", 14),
    ("活动形式", 14),
    ("活动名称", 28),
    ("资料名称", 28),
    ("数量", 10),
    ("单位", 6),
    ("约数", 6),
    ("类别", 8),
    ("归类", 20),
)
STREAM_BATCH = 2000


@dataclass(frozen=True)
class LedgerExport:
    content: bytes
    events: int
    material_lines: int


async def export_ledger(*, session: AsyncSession, period: Period, area: Area) -> LedgerExport:
    """The .xlsx of every event (deleted ones excepted) of `area`'s subtree in `period`."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    ledger, detail = workbook.create_sheet("台账"), workbook.create_sheet("资料明细")
    for sheet, columns in ((ledger, LEDGER_COLUMNS), (detail, DETAIL_COLUMNS)):
        for index, (_title, width) in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        append_row(sheet, [title for title, _width in columns])
    names = {a.id: (a.name, a.path) for a in await session.exec(select(Area))}
    photos = (
        select(EventPhoto.event_id, func.count().label("n"))
        .where(col(EventPhoto.event_id).isnot(None))
        .group_by(col(EventPhoto.event_id))
        .subquery()
    )
    canonical = aliased(Material)
    query = (
        select_columns(
            Event,
            col(EventKind.name_zh),
            col(Member.full_name),
            func.coalesce(photos.c.n, 0),
            _theme_names(session),
            col(Material.title),
            func.coalesce(EventMaterial.unit, Material.unit),
            col(EventMaterial.quantity),
            col(EventMaterial.qualifier),
            col(EventMaterial.category),
            col(canonical.title),
        )
        .join(EventKind, col(EventKind.id) == Event.kind_id)
        .join(Member, col(Member.id) == Event.reporter_id)
        .outerjoin(photos, photos.c.event_id == Event.id)
        .outerjoin(EventMaterial, col(EventMaterial.event_id) == Event.id)
        .outerjoin(Material, col(Material.id) == EventMaterial.material_id)
        .outerjoin(canonical, col(canonical.id) == Material.canonical_id)
        .where(
            col(Event.start_date) >= period.start,
            col(Event.start_date) <= period.end,
            col(Event.deleted) == False,  # noqa: E712
            in_subtree(area),
        )
        .order_by(col(Event.start_date), col(Event.id), col(EventMaterial.id))
        .execution_options(yield_per=STREAM_BATCH)
    )
    writer = LedgerWriter(ledger=ledger, detail=detail, names=names)
    async for row in await session.stream(query):
        writer.add(*row)
    writer.flush()
    buffer = BytesIO()
    workbook.save(buffer)
    return LedgerExport(content=buffer.getvalue(), events=writer.events, material_lines=writer.lines)


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
