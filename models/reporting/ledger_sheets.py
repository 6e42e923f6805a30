"""The 台账 workbook, written row by row by XlsxWriter in constant-memory mode, ready to print.

Sheets: 台账 (the counted events, with a 合计 row of formulas), 资料明细 (every material line as written,
with the name it groups under), 资料汇总 (handouts grouped under one name, with a 合计 row) and 退回活动
(returned events and why). Every text is member text and is written with `write_string`, never as a
formula, and quoted when a spreadsheet would read it as one once edited or saved as CSV.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from models.events.vocabulary import EventStatus, MaterialCategory, Qualifier
from models.reporting.ledger_cells import Cells, column_letter, quoted
from models.reporting.ledger_fields import (
    LedgerLine,
    LedgerRow,
    content,
    counted,
    day,
    days_written,
    texts,
)
from models.reporting.ledger_layout import (
    ATTENDANCE,
    CATEGORY_NAMES,
    CONSULTATIONS,
    COUNTED,
    DETAIL_COLUMNS,
    GROUPED_COLUMNS,
    LEDGER_COLUMNS,
    PHOTOS,
    QUALIFIER_WORDS,
    RETURNED_COLUMNS,
    STATUS_NAMES,
)


@dataclass(frozen=True)
class LedgerHeading:
    """The lines above the table: “城东街道2026年11月普法宣传活动台账”, 填报单位, 填表人, 填表日期."""

    title: str
    unit: str
    filled_by: str
    filled_on: date


@dataclass(frozen=True)
class LedgerTotals:
    events: int
    returned: int
    awaiting: int
    attendance: int
    consultations: int
    material_lines: int
    handouts: int


LEDGER_WIDTHS = [width for _title, width in LEDGER_COLUMNS]


class LedgerBook:
    """Takes the rows of the ledger query (an event's material lines consecutive) and writes the sheets."""

    def __init__(self, output: IO[bytes], *, heading: LedgerHeading, names: dict[int, tuple[str, str]]):
        from xlsxwriter import Workbook

        self.book = Workbook(output, {"constant_memory": True, "default_date_format": "yyyy-mm-dd"})
        self.cells = Cells(self.book)
        self.heading, self.names = heading, names
        self.ledger = self._sheet("台账", LEDGER_COLUMNS, heading=True)
        self.detail = self._sheet("资料明细", DETAIL_COLUMNS)
        self.grouped = self._sheet("资料汇总", GROUPED_COLUMNS)
        self.returned = self._sheet("退回活动", RETURNED_COLUMNS)
        self.rows = {id(sheet): 1 for sheet in (self.detail, self.grouped, self.returned)}
        self.rows[id(self.ledger)] = 3
        self.first_ledger_row = 3
        self.sums = [0, 0, 0, 0]  # events, attendance, consultations, photos
        self.returned_events = self.awaiting = self.material_lines = 0
        self.handouts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        self._event: LedgerRow | None = None
        self._places: dict[int, tuple[str, str, str]] = {}  # area id → street, community, area name
        self._lines: list[LedgerLine] = []

    def _sheet(self, name: str, columns: tuple[tuple[str, int], ...], *, heading: bool = False) -> Any:
        sheet = self.book.add_worksheet(name)
        for index, (_title, width) in enumerate(columns):
            sheet.set_column(index, index, width, self.cells.text)  # empty cells are boxed as well
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        sheet.fit_to_pages(1, 0)  # every column on the page's width, as many pages down as it takes
        sheet.set_footer("&C第 &P 页 共 &N 页")
        header_row = 2 if heading else 0
        if heading:
            last = len(columns) - 1
            sheet.set_row(0, 30)
            sheet.merge_range(0, 0, 0, last, quoted(self.heading.title), self.cells.title)
            info = (
                f"填报单位：{self.heading.unit}    填表人：{self.heading.filled_by}    "
                f"填表日期：{self.heading.filled_on:%Y年%m月%d日}"
            )
            sheet.merge_range(1, 0, 1, last, quoted(info), self.cells.info)
        sheet.set_row(header_row, 32)
        for index, (title, _width) in enumerate(columns):
            sheet.write_string(header_row, index, title, self.cells.header)
        sheet.repeat_rows(header_row)
        sheet.freeze_panes(header_row + 1, 2 if heading else 1)
        return sheet

    def add(self, values: Sequence[Any]) -> None:
        """One row of the ledger query: an event's columns and one of its material lines (or none)."""
        row = LedgerRow._make(values)
        if self._event is None or self._event.id != row.id:
            self._write_event()
            self._event, self._lines = row, []
        if row.material is not None and row.quantity is not None:
            self._lines.append(
                LedgerLine(
                    row.material,
                    row.unit or "份",
                    int(row.quantity),
                    row.qualifier or Qualifier.EXACT,
                    row.category or MaterialCategory.HANDOUT,
                    row.grouped or row.material,
                    row.grouped_unit or row.unit or "份",
                )
            )

    def close(self) -> LedgerTotals:
        self._write_event()
        self._write_totals()
        self._write_basis()
        self._write_grouped()
        self.book.close()
        return LedgerTotals(
            events=self.sums[0],
            returned=self.returned_events,
            awaiting=self.awaiting,
            attendance=self.sums[1],
            consultations=self.sums[2],
            material_lines=self.material_lines,
            handouts=sum(q for q, _n in self.handouts.values()),
        )

    def _next(self, sheet: Any) -> int:
        row: int = self.rows[id(sheet)]
        self.rows[id(sheet)] = row + 1
        return row

    def _write_event(self) -> None:
        event, self._event = self._event, None
        if event is None:
            return
        street, community, area_name = self._place(event.area_id)
        start = day(event.start_date)
        days = days_written(start, day(event.end_date) if event.end_date is not None else None)
        status = event.status
        status_name = STATUS_NAMES[status]
        returned = status == EventStatus.RETURNED
        for line in self._lines:
            self.material_lines += 1
            self.cells.write_row(
                self.detail,
                self._next(self.detail),
                [
                    *(event.id, start, line.title, line.grouped, line.quantity),
                    *(line.unit, QUALIFIER_WORDS[line.qualifier], CATEGORY_NAMES[line.category]),
                    status_name,
                ],
            )
            if line.category == MaterialCategory.HANDOUT and not returned:
                totals = self.handouts[(line.grouped, line.grouped_unit)]
                totals[0] += line.quantity
                totals[1] += 1
        if returned:
            self.returned_events += 1
            self.cells.write_row(
                self.returned,
                self._next(self.returned),
                [
                    *(event.id, days, street, community, event.kind, event.title, event.attendance),
                    *(event.reporter, event.status_note or ""),
                ],
            )
            return
        self.awaiting += status == EventStatus.SUBMITTED
        self.sums[0] += 1
        self.sums[1] += event.attendance or 0
        self.sums[2] += event.consultations or 0
        self.sums[3] += int(event.photos)
        handed = "；".join(m.written() for m in self._lines if m.category == MaterialCategory.HANDOUT)
        shown = "；".join(m.written() for m in self._lines if m.category != MaterialCategory.HANDOUT)
        row = self._next(self.ledger)
        self.cells.write_row(
            self.ledger,
            row,
            [
                *(self.sums[0], event.id, days, street, community, event.kind, event.themes or ""),
                *(event.title, event.place or "", content(texts(event.topics), event.note)),
                "、".join([area_name, *texts(event.partners)]),
                "、".join(texts(event.audience)),
                counted(event.attendance, event.attendance_qualifier),
                counted(event.consultations, event.consultations_qualifier),
                *(handed, shown, int(event.photos), event.reporter, status_name),
            ],
            widths=LEDGER_WIDTHS,
        )

    def _write_totals(self) -> None:
        """合计: formulas over the rows above, with the figures as their cached values."""
        row = self._next(self.ledger)
        first, last = self.first_ledger_row + 1, max(row, self.first_ledger_row + 1)  # Excel's 1-based rows
        self.cells.write_total_label(self.ledger, row, len(LEDGER_COLUMNS))
        for column, function, value in zip(
            (COUNTED, ATTENDANCE, CONSULTATIONS, PHOTOS),
            ("COUNT", "SUM", "SUM", "SUM"),
            self.sums,
            strict=True,
        ):
            letter = column_letter(column)
            if row > self.first_ledger_row:
                formula = f"={function}({letter}{first}:{letter}{last})"
                self.ledger.write_formula(row, column, formula, self.cells.total, value)
            else:
                self.ledger.write_number(row, column, 0, self.cells.total)

    def _write_basis(self) -> None:
        """Under 合计, what it counts: inspectors compare it with the report and /summary."""
        row = self._next(self.ledger)
        basis = (
            f"统计口径：合计含已通过活动{self.sums[0] - self.awaiting}项、待审核活动{self.awaiting}项；"
            f"已退回活动{self.returned_events}项列于“退回活动”表，不计入合计；已删除活动不列入。"
        )
        self.ledger.merge_range(row, 0, row, len(LEDGER_COLUMNS) - 1, basis, self.cells.info)

    def _write_grouped(self) -> None:
        """One line per material under its one name, most handed out first; a 合计 row of formulas."""
        ordered = sorted(self.handouts.items(), key=lambda item: (-item[1][0], item[0]))
        for number, ((title, unit), (quantity, events)) in enumerate(ordered, start=1):
            self.cells.write_row(
                self.grouped, self._next(self.grouped), [number, title, unit, quantity, events]
            )
        row = self._next(self.grouped)
        self.cells.write_total_label(self.grouped, row, len(GROUPED_COLUMNS))
        if ordered:
            total = sum(q for q, _n in self.handouts.values())
            self.grouped.write_formula(row, 3, f"=SUM(D2:D{row})", self.cells.total, total)
        else:
            self.grouped.write_number(row, 3, 0, self.cells.total)

    def _place(self, area_id: int) -> tuple[str, str, str]:
        """The street, the community and the area's own name, worked out once an area."""
        place = self._places.get(area_id)
        if place is None:
            place = self._places[area_id] = (
                *self._street_and_community(area_id),
                self.names.get(area_id, ("", ""))[0],
            )
        return place

    def _street_and_community(self, area_id: int) -> tuple[str, str]:
        """The area path is 区/街道/社区: the second step is the street, the last below it the community."""
        path = self.names.get(area_id, ("", ""))[1]
        ids = [int(part) for part in path.strip("/").split("/") if part]
        street = self.names.get(ids[1], ("", ""))[0] if len(ids) >= 2 else ""
        community = self.names.get(ids[-1], ("", ""))[0] if len(ids) >= 3 else ""
        return street, community
