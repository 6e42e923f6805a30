"""Data rows straight into XlsxWriter's constant-memory row file: a year's ledger is millions of cells.

XlsxWriter's cell API costs about 7 µs a cell in Python (a cell tuple, the dimension checks, the XML
escaping in several passes), which made a year's export take 16 s of CPU in writing alone. The ledger's
data rows are plain — inline strings, numbers, dates, each with a format — so they are written here as
the same XML XlsxWriter writes for them, into the worksheet's own row file, after letting XlsxWriter flush
whatever row it holds. It leans on four internals of XlsxWriter 3.x (`_write_single_row`,
`_check_dimensions`, `fh`, `Format._get_xf_index`); `fast_rows_available` checks for them, and without
them the rows go through the public API (tests/test_ledger_print.py reads the file either way).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

EXCEL_EPOCH = date(1899, 12, 30)
# "_x0041_" in member text would be read back as "A": XlsxWriter escapes its leading underscore.
_ESCAPED_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")


def fast_rows_available(sheet: Any) -> bool:
    return bool(getattr(sheet, "constant_memory", False)) and all(
        hasattr(sheet, name) for name in ("_write_single_row", "_check_dimensions", "fh")
    )


def cell_xml(reference: str, value: object, style: int) -> str:
    """One <c> element, as XlsxWriter writes it: text inline, numbers and dates as values."""
    if isinstance(value, str):
        text = value
        if "_x" in text:
            text = _ESCAPED_ESCAPE.sub(r"_x005F\1", text)
        if "&" in text or "<" in text or ">" in text:
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
        return f'<c r="{reference}" s="{style}" t="inlineStr"><is><t{space}>{text}</t></is></c>'
    if isinstance(value, date):
        value = (value - EXCEL_EPOCH).days
    return f'<c r="{reference}" s="{style}"><v>{value}</v></c>'


def write_fast_row(
    sheet: Any, row: int, cells: list[tuple[int, object, Any]], letters: list[str], height: float | None
) -> None:
    """Write (column, value, format) cells as row `row`; the columns ascending, the values non-empty."""
    sheet._write_single_row(row)  # XlsxWriter writes out the row it holds (the header, say) first
    if not cells:
        return
    sheet._check_dimensions(row, cells[0][0])
    sheet._check_dimensions(row, cells[-1][0])
    number = row + 1
    body = "".join(
        cell_xml(f"{letters[column]}{number}", value, fmt._get_xf_index()) for column, value, fmt in cells
    )
    tall = f' ht="{height}" customHeight="1"' if height else ""
    sheet.fh.write(f'<row r="{number}"{tall}>{body}</row>')
