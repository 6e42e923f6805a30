"""Cells of the ledger: the formats a printed 台账 needs, and text that is never a formula."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from models.events.vocabulary import Qualifier
from models.reporting.ledger_rows import (
    EXCEL_EPOCH,
    LINE_PT,
    fast_rows_available,
    row_height,
    text_tail,
    text_units,
    wrapped_lines,
)

# OWASP's CSV-injection list, and the full-width forms a Chinese keyboard types: a cell that starts with
# one of these becomes a formula in Excel, WPS or LibreOffice when it is edited or saved as CSV.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
FORMULA_FIRST = frozenset(FORMULA_STARTS)  # each is one character: a set lookup is the cheaper test
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
# Texts whose cell XML is remembered: a ledger repeats its streets, kinds, units, names and dates all
# through. Short ones only, and no more than so many (a few megabytes), in the order they come.
REMEMBERED_LENGTH = 40
REMEMBERED_TEXTS = 20_000


def quoted(text: str) -> str:
    """The text as a cell shows it: a leading ' when it starts like a formula, control characters gone."""
    if not text.isprintable():  # most text is: the checks below are for the rest
        text = text.translate(NOT_IN_XML).replace("\r\n", "\n")
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    return text.replace("\r", "\n") if "\r" in text else text  # a cell breaks lines with LF alone


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class Counted(NamedTuple):
    """A count of people with how it was said: written as a number shown as 120余, 约120 or 近120."""

    value: int
    qualifier: str | None


LETTERS = [column_letter(index) for index in range(64)]


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
        # Keyed by the qualifier's value as the database holds it (a StrEnum member equals its value).
        self.counts: dict[str, Any] = {
            qualifier: book.add_format({**base, "align": "center", "num_format": shown})
            for qualifier, shown in COUNT_FORMATS.items()
        }
        self._fast: dict[int, bool] = {}
        # A text → its format's index, its cell's XML from after the reference, its width and line breaks.
        self._texts: dict[str, tuple[int, str, tuple[int, int]]] = {}

    def write_row(
        self,
        sheet: Any,
        row: int,
        values: Sequence[object],
        *,
        start: int = 0,
        widths: Sequence[int] = (),
    ) -> None:
        """Each value by its type; empty ones are not written (the column's format boxes them). With the
        columns' `widths`, the row is as tall as its longest wrapped text (neither Excel nor LibreOffice
        measures rows a program wrote)."""
        fast = self._fast.get(id(sheet))
        if fast is None:
            fast = self._fast[id(sheet)] = fast_rows_available(sheet)
        if fast:
            self._write_fast(sheet, row, values, start, widths)
            return
        cells: list[tuple[int, object, Any]] = []
        text_format = self.text
        for column, value in enumerate(values, start=start):
            if isinstance(value, str):
                if not value:
                    continue
                if value[0] in FORMULA_FIRST or not value.isprintable():
                    value = quoted(value)  # most text is printable and starts plainly: kept as it is
                if value:
                    cells.append((column, value, text_format))
            elif value is None:
                continue
            elif isinstance(value, Counted):
                cells.append((column, value.value, self.counts[value.qualifier or Qualifier.EXACT]))
            elif isinstance(value, int):
                cells.append((column, value, self.number))
            elif isinstance(value, date):
                cells.append((column, value, self.day))
            else:
                raise TypeError(f"no cell for {type(value).__name__}")
        height = row_height(cells, widths) if widths else None
        if height:
            sheet.set_row(row, height)
        for column, value, fmt in cells:
            if isinstance(value, str):
                sheet.write_string(row, column, value, fmt)
            elif isinstance(value, date):
                sheet.write_datetime(row, column, value, fmt)
            else:
                sheet.write_number(row, column, value, fmt)

    def _write_fast(
        self, sheet: Any, row: int, values: Sequence[object], start: int, widths: Sequence[int]
    ) -> None:
        """`write_row` as XlsxWriter's own XML (models/reporting/ledger_rows.py), in one pass: the same
        cells by the same types (tests/test_ledger_print.py compares the two cell for cell)."""
        sheet._write_single_row(row)  # XlsxWriter writes out the row it holds (the header, say) first
        number = row + 1
        body: list[str] = []
        first = last = -1
        lines, measured = 1, len(widths)
        texts, letters = self._texts, LETTERS
        text_style = self.text.xf_index  # None until XlsxWriter numbers the format at its first use
        for column, value in enumerate(values, start=start):
            kind = value.__class__
            if kind is str or isinstance(value, str):
                text: str = value  # type: ignore[assignment]
                if not text:
                    continue
                if text[0] in FORMULA_FIRST or not text.isprintable():
                    text = quoted(text)
                    if not text:
                        continue
                if text_style is None:
                    text_style = self.text._get_xf_index()
                known = texts.get(text)
                if known is None or known[0] != text_style:
                    known = (text_style, text_tail(text, text_style), text_units(text))
                    if len(text) <= REMEMBERED_LENGTH and len(texts) < REMEMBERED_TEXTS:
                        texts[text] = known
                body.append(f'<c r="{letters[column]}{number}{known[1]}')
                if column < measured:
                    units, breaks = known[2]
                    width = widths[column]
                    if units >= width or breaks:
                        lines = max(lines, wrapped_lines(units, breaks, width))
            elif value is None:
                continue
            else:
                if isinstance(value, Counted):
                    style = self.counts[value.qualifier or Qualifier.EXACT]._get_xf_index()
                    value = value.value
                elif isinstance(value, int):
                    style = self.number._get_xf_index()
                elif isinstance(value, date):
                    style = self.day._get_xf_index()
                    value = (value - EXCEL_EPOCH).days
                else:
                    raise TypeError(f"no cell for {type(value).__name__}")
                body.append(f'<c r="{letters[column]}{number}" s="{style}"><v>{value}</v></c>')
            if first < 0:
                first = column
            last = column
        if first < 0:
            return
        sheet._check_dimensions(row, first)
        sheet._check_dimensions(row, last)
        tall = f' ht="{LINE_PT * lines + 2}" customHeight="1"' if lines > 1 else ""
        sheet.fh.write(f'<row r="{number}"{tall}>{"".join(body)}</row>')

    def write_total_label(self, sheet: Any, row: int, columns: int) -> None:
        """合计 and bordered empty cells, through the API: the formulas of the same row follow."""
        sheet.write_string(row, 0, "合计", self.total)
        for column in range(1, columns):
            sheet.write_blank(row, column, None, self.total)
