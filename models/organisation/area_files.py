"""Area files as an office has them: CSV saved by Excel on Chinese Windows (GB18030/GBK), UTF-8 with or
without a BOM, or an .xlsx workbook; a header row (街道,社区) is recognised and skipped."""

from __future__ import annotations

import io
from collections.abc import Sequence

# Cells of a header row: what a column of areas is called, not an area.
HEADER_WORDS = frozenset(
    {
        "区",
        "县",
        "区县",
        "街道",
        "乡镇",
        "镇",
        "乡",
        "街道/乡镇",
        "社区",
        "村",
        "村居",
        "社区/村",
        "村/社区",
        "小区",
        "网格",
        "辖区",
        "名称",
        "上级",
        "district",
        "street",
        "town",
        "township",
        "community",
        "village",
        "area",
        "name",
        "parent",
    }
)


def is_header(names: Sequence[str]) -> bool:
    """Whether a first row names its columns (街道,社区; Street,Community) rather than areas."""
    return bool(names) and all(name.strip().lower() in HEADER_WORDS for name in names if name.strip())


def decode_area_text(data: bytes) -> str | None:
    """The text of a CSV or YAML file: UTF-8 (a BOM is dropped), else GB18030 (which reads GBK);
    None when it is neither."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def xlsx_lines(data: bytes) -> list[tuple[int, list[str]]] | None:
    """The first sheet's rows as (row number, cells as text); None when it is no workbook."""
    from openpyxl import load_workbook  # only the importer needs it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError):
        return None
    sheet = workbook.worksheets[0]
    lines = [
        (number, ["" if cell is None else str(cell) for cell in row])
        for number, row in enumerate(sheet.iter_rows(values_only=True), 1)
    ]
    workbook.close()
    return lines
