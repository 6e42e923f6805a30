"""Data rows straight into XlsxWriter's constant-memory row file: a year's ledger is millions of cells.

XlsxWriter's cell API costs about 7 µs a cell in Python (a cell tuple, the dimension checks, the XML
escaping in several passes), which made a year's export take 16 s of CPU in writing alone. The ledger's
data rows are plain — inline strings, numbers, dates, each with a format — so they are written here as
the same XML XlsxWriter writes for them, into the worksheet's own row file, after letting XlsxWriter flush
whatever row it holds. It leans on four internals of XlsxWriter 3.x (`_write_single_row`,
`_check_dimensions`, `fh`, `Format._get_xf_index`); `fast_rows_available` checks for them, and without
them the rows go through the public API (tests/test_ledger_print.py reads the file either way).

A decade's ledger is two and a half million cells: `Cells._write_fast` (models/reporting/ledger_cells.py)
writes a row in one pass with these pieces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

EXCEL_EPOCH = date(1899, 12, 30)
# "_x0041_" in member text would be read back as "A": XlsxWriter escapes its leading underscore.
_ESCAPED_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
LINE_PT = 13  # one line of 10-point text


def fast_rows_available(sheet: Any) -> bool:
    return bool(getattr(sheet, "constant_memory", False)) and all(
        hasattr(sheet, name) for name in ("_write_single_row", "_check_dimensions", "fh")
    )


def escaped(text: str) -> str:
    """Text as XlsxWriter puts it in an inline string: `_x…_` kept literal, &, < and > as entities."""
    if "_x" in text:
        text = _ESCAPED_ESCAPE.sub(r"_x005F\1", text)
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def text_tail(text: str, style: int) -> str:
    """An inline-string <c> element as XlsxWriter writes it, from just after its reference `r="A4`."""
    text = escaped(text)
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'" s="{style}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def text_units(text: str) -> tuple[int, int]:
    """How wide a text is (a Chinese character is two units, a Latin letter one) and its line breaks."""
    return (len(text.encode()) + len(text)) // 2, text.count("\n")


def wrapped_lines(units: int, breaks: int, width: int) -> int:
    """Lines a text `units` wide with `breaks` line breaks wraps to in a column `width` units wide."""
    return -(-units // max(1, width - 1)) + breaks


def row_height(cells: Sequence[tuple[int, object, Any]], widths: Sequence[int]) -> float | None:
    """Points for the most lines a text wraps to; None for one line (the default height)."""
    lines = 1
    for column, value, _fmt in cells:
        if isinstance(value, str) and column < len(widths):
            lines = max(lines, wrapped_lines(*text_units(value), widths[column]))
    return LINE_PT * lines + 2 if lines > 1 else None
