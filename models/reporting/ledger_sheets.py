"""The rows of the ledger's two sheets, written cell by cell as text that is never a formula."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from models.events.drafts import MaterialCategory, Qualifier
from models.events.records import Event, EventStatus

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
class LedgerLine:
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


class LedgerWriter:
    """Gathers the material lines of one event (consecutive rows of the stream), then writes its row."""

    def __init__(self, *, ledger: Any, detail: Any, names: dict[int | None, tuple[str, str]]) -> None:
        self.ledger, self.detail, self.names = ledger, detail, names
        self.events = self.lines = 0
        self._event: Event | None = None
        self._kind = self._reporter = self._themes = ""
        self._photos = 0
        self._materials: list[LedgerLine] = []

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
            line = LedgerLine(
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
        append_row(
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
            append_row(
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


def append_row(sheet: Any, values: Iterable[object]) -> None:
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
