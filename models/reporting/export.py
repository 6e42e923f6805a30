"""The ledger (台账) as an .xlsx: one row per event, and a sheet with one row per material line.

The workbook is written in openpyxl's write-only mode from one streamed query (events with their
material lines, in date order), so exporting a decade costs the memory of a few thousand rows, not of
the whole ledger. openpyxl is imported here, when an export is asked for, not when the bot starts.

Every text cell is member text (titles, places, partners, names, areas, catalogue entries), so every one
is written as a string cell, never a formula, and quoted when a spreadsheet would read it as one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as select_columns
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.tables import EventKind, Material, Theme
from models.events.drafts import MaterialCategory, Qualifier
from models.events.photos import EventPhoto
from models.events.records import Event, EventMaterial, EventStatus, EventTheme
from models.organisation.areas import Area
from models.organisation.members import Member
from models.parsing.periods import Period
from models.reporting.summaries import in_subtree

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
CATEGORY_NAMES = {
    MaterialCategory.HANDOUT: "发放资料",
    MaterialCategory.GIVEAWAY: "宣传品",
    MaterialCategory.DISPLAY: "展示宣传",
}
# How a count was said, in the words a ledger uses: 300余, 约300, 近300.
QUALIFIER_WORDS = {Qualifier.EXACT: "", Qualifier.MORE: "余", Qualifier.ABOUT: "约", Qualifier.NEARLY: "近"}
STATUS_NAMES = {
    EventStatus.SUBMITTED: "已提交",
    EventStatus.APPROVED: "已通过",
    EventStatus.RETURNED: "已退回",
}
DATE_FORMAT = "yyyy-mm-dd"
STREAM_BATCH = 2000
# OWASP's CSV-injection list, and the full-width forms a Chinese keyboard types: a cell that starts with
# one of these becomes a formula in Excel, WPS or LibreOffice when it is edited or saved as CSV.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# What the .xlsx format cannot hold at all (openpyxl refuses it): C0 controls but tab, LF and CR.
NOT_IN_XML = str.maketrans(dict.fromkeys([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]))


def quoted(text: str) -> str:
    """The text as a cell shows it: a leading ' when it starts like a formula, the control characters gone."""
    text = text.translate(NOT_IN_XML)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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
        _append(sheet, [title for title, _width in columns])
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
    writer = _Writer(ledger=ledger, detail=detail, names=names)
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


@dataclass(frozen=True)
class _Line:
    title: str
    unit: str
    quantity: int
    qualifier: Qualifier
    category: MaterialCategory
    canonical: str | None

    def written(self) -> str:
        """300余份 is written after the number, 约300份 and 近300份 before it."""
        word = QUALIFIER_WORDS[self.qualifier]
        count = f"{self.quantity}{word}" if self.qualifier == Qualifier.MORE else f"{word}{self.quantity}"
        return f"{self.title}{count}{self.unit}"


class _Writer:
    """Gathers the material lines of one event (consecutive rows of the stream), then writes its row."""

    def __init__(self, *, ledger: Any, detail: Any, names: dict[int | None, tuple[str, str]]) -> None:
        self.ledger, self.detail, self.names = ledger, detail, names
        self.events = self.lines = 0
        self._event: Event | None = None
        self._kind = self._reporter = self._themes = ""
        self._photos = 0
        self._materials: list[_Line] = []

    def add(
        self,
        event: Event,
        kind: str,
        reporter: str,
        photos: int,
        themes: str | None,
        title: str | None,
        unit: str | None,
        quantity: int | None,
        qualifier: str | None,
        category: str | None,
        canonical: str | None,
    ) -> None:
        if self._event is None or self._event.id != event.id:
            self.flush()
            self._event, self._kind, self._reporter, self._photos = event, kind, reporter, int(photos)
            self._themes, self._materials = themes or "", []
        if title is not None and quantity is not None:
            line = _Line(
                title,
                unit or "份",
                quantity,
                Qualifier(qualifier or Qualifier.EXACT),
                MaterialCategory(category or MaterialCategory.HANDOUT),
                canonical,
            )
            self._materials.append(line)

    def flush(self) -> None:
        from openpyxl.cell import WriteOnlyCell

        event = self._event
        if event is None:
            return
        self._event = None
        self.events += 1
        street, community = self._street_and_community(event.area_id)
        day = WriteOnlyCell(self.ledger, value=event.start_date)
        day.number_format = DATE_FORMAT
        host = self.names.get(event.area_id, ("", ""))[0]
        _append(
            self.ledger,
            [
                self.events,
                day,
                street,
                community,
                self._kind,
                self._themes,
                event.title,
                event.place or "",
                "、".join([host, *event.partners]),
                "、".join(event.audience),
                event.attendance,
                event.consultations,
                event.staff,
                event.households,
                *(
                    "；".join(m.written() for m in self._materials if m.category == category)
                    for category in CATEGORY_NAMES
                ),
                self._photos,
                self._reporter,
                STATUS_NAMES[EventStatus(event.status)],
                event.note or "",
            ],
        )
        for line in self._materials:
            self.lines += 1
            day = WriteOnlyCell(self.detail, value=event.start_date)
            day.number_format = DATE_FORMAT
            _append(
                self.detail,
                [
                    self.events,
                    day,
                    street,
                    community,
                    self._kind,
                    event.title,
                    line.title,
                    line.quantity,
                    line.unit,
                    QUALIFIER_WORDS[line.qualifier],
                    CATEGORY_NAMES[line.category],
                    line.canonical or "",
                ],
            )

    def _street_and_community(self, area_id: int) -> tuple[str, str]:
        """The area path is 区/街道/社区: the second step is the street, the last below it the community."""
        path = self.names.get(area_id, ("", ""))[1]
        ids = [int(part) for part in path.strip("/").split("/") if part]
        street = self.names.get(ids[1], ("", ""))[0] if len(ids) >= 2 else ""
        community = self.names.get(ids[-1], ("", ""))[0] if len(ids) >= 3 else ""
        return street, community


def _append(sheet: Any, values: Iterable[object]) -> None:
    """Add a row, each str as a string cell: openpyxl would make a str that starts with = a formula."""
    from openpyxl.cell import WriteOnlyCell

    row: list[object] = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=quoted(value))
            cell.data_type = "s"  # also for "#N/A" and the like, which openpyxl would make an error cell
            value = cell
        row.append(value)
    sheet.append(row)
