"""Data rows straight into XlsxWriter's constant-memory row file: a year's ledger is millions of cells.

XlsxWriter's cell API costs about 7 µs a cell in Python (a cell tuple, the dimension checks, the XML
escaping in several passes), which made a year's export take 16 s of CPU in writing alone. The ledger's
data rows are plain — inline strings, numbers, dates, each with a format — so they are written here as
the same XML XlsxWriter writes for them, into the worksheet's own row file, after letting XlsxWriter flush
whatever row it holds. It leans on four internals of XlsxWriter 3.x (`_write_single_row`,
`_check_dimensions`, `fh`, `Format._get_xf_index`); `fast_rows_available` checks for them, and without
them the rows go through the public API (tests/test_ledger_print.py reads the file either way).

A decade's ledger is two and a half million cells, so the loop below is the export's hot path: one pass
per row, the common text (printable, no markup) taking the shortest way.
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


def text_xml(reference: str, text: str, style: int) -> str:
    """One inline-string <c> element, as XlsxWriter writes it."""
    text = escaped(text)
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{reference}" s="{style}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def write_fast_row(
    sheet: Any,
    row: int,
    cells: Sequence[tuple[int, object, Any]],
    letters: Sequence[str],
    widths: Sequence[int] = (),
) -> None:
    """Write (column, value, format) cells as row `row`: the columns ascending, the values non-empty,
    text already as the cell shows it. With the columns' `widths`, the row is as tall as its longest
    wrapped text."""
    sheet._write_single_row(row)  # XlsxWriter writes out the row it holds (the header, say) first
    if not cells:
        return
    sheet._check_dimensions(row, cells[0][0])
    sheet._check_dimensions(row, cells[-1][0])
    number = row + 1
    lines, measured = 1, len(widths)
    body = []
    for column, value, fmt in cells:
        style = fmt._get_xf_index()
        if value.__class__ is str:
            text: str = value
            if column < measured:
                lines = max(lines, wrapped_lines(text, widths[column]))
            if (
                "_x" in text
                or "&" in text
                or "<" in text
                or ">" in text
                or text[0].isspace()
                or text[-1].isspace()
            ):
                body.append(text_xml(f"{letters[column]}{number}", text, style))
            else:  # most text: nothing to escape, no space at either end
                body.append(
                    f'<c r="{letters[column]}{number}" s="{style}" t="inlineStr"><is><t>{text}</t></is></c>'
                )
            continue
        if isinstance(value, date):
            value = (value - EXCEL_EPOCH).days
        body.append(f'<c r="{letters[column]}{number}" s="{style}"><v>{value}</v></c>')
    tall = f' ht="{LINE_PT * lines + 2}" customHeight="1"' if lines > 1 else ""
    sheet.fh.write(f'<row r="{number}"{tall}>{"".join(body)}</row>')


def wrapped_lines(text: str, width: int) -> int:
    """Lines the text wraps to in a column `width` characters wide (a Chinese character is two)."""
    units = (len(text.encode()) + len(text)) // 2
    return -(-units // max(1, width - 1)) + text.count("\n")


def row_height(cells: Sequence[tuple[int, object, Any]], widths: Sequence[int]) -> float | None:
    """Points for the most lines a text wraps to; None for one line (the default height)."""
    lines = 1
    for column, value, _fmt in cells:
        if isinstance(value, str) and column < len(widths):
            lines = max(lines, wrapped_lines(value, widths[column]))
    return LINE_PT * lines + 2 if lines > 1 else None
