"""Cells of the ledger: the formats a printed 台账 needs, and text that is never a formula."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from models.events.drafts import Qualifier

# OWASP's CSV-injection list, and the full-width forms a Chinese keyboard types: a cell that starts with
# one of these becomes a formula in Excel, WPS or LibreOffice when it is edited or saved as CSV.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# What the .xlsx format cannot hold at all: C0 controls but tab, LF and CR.
NOT_IN_XML = str.maketrans(dict.fromkeys([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]))
# A count keeps how it was said and stays a number that SUM adds up: 120 shows as 120余, 约120, 近120.
COUNT_FORMATS = {
    Qualifier.EXACT: "0",
    Qualifier.MORE: '0"余"',
    Qualifier.ABOUT: '"约"0',
    Qualifier.NEARLY: '"近"0',
}
FONT = "宋体"


def quoted(text: str) -> str:
    """The text as a cell shows it: a leading ' when it starts like a formula, control characters gone."""
    text = text.translate(NOT_IN_XML)
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    return text.replace("\r\n", "\n").replace("\r", "\n")  # a cell breaks lines with LF alone


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class Cells:
    """The workbook's formats, made once, and the writing of one row's values by their type."""

    def __init__(self, book: Any) -> None:
        base = {"font_name": FONT, "font_size": 10, "border": 1, "valign": "vcenter", "text_wrap": True}
        self.title = book.add_format({"font_name": FONT, "font_size": 16, "bold": True, "align": "center"})
        self.title.set_align("vcenter")
        self.info = book.add_format({"font_name": FONT, "font_size": 10, "align": "left"})
        self.header = book.add_format({**base, "bold": True, "align": "center"})
        self.text = book.add_format(base)
        self.number = book.add_format({**base, "align": "center"})
        self.day = book.add_format({**base, "align": "center", "num_format": "yyyy-mm-dd"})
        self.total = book.add_format({**base, "bold": True, "align": "center"})
        self.counts = {
            qualifier: book.add_format({**base, "align": "center", "num_format": shown})
            for qualifier, shown in COUNT_FORMATS.items()
        }

    def write_row(self, sheet: Any, row: int, values: Sequence[object], *, start: int = 0) -> None:
        """Each value by its type; empty ones are not written (the column's format boxes them): a year's
        ledger has a million cells, and each written one costs."""
        for column, value in enumerate(values, start=start):
            if isinstance(value, str):
                text = quoted(value)
                if text:
                    sheet.write_string(row, column, text, self.text)
            elif value is None:
                continue
            elif isinstance(value, int):
                sheet.write_number(row, column, value, self.number)
            elif isinstance(value, date):
                sheet.write_datetime(row, column, value, self.day)
            else:
                raise TypeError(f"no cell for {type(value).__name__}")

    def write_count(
        self, sheet: Any, row: int, column: int, value: int | None, qualifier: str | None
    ) -> None:
        """A number shown with its 余/约/近 mark; nothing for an empty count."""
        if value is not None:
            sheet.write_number(row, column, value, self.counts[Qualifier(qualifier or Qualifier.EXACT)])

    def write_blanks(self, sheet: Any, row: int, columns: int) -> None:
        """Bordered empty cells after the first, so the 合计 row is boxed like the rest."""
        for column in range(1, columns):
            sheet.write_blank(row, column, None, self.total)
