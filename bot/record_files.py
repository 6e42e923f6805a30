"""活动记录表 files: a .docx per event with up to six photos, and a period's sheets and photos as .zip parts.

Both are written in the render pool. A .zip part is closed before it would pass the upload limit
(Telegram takes at most 50 MB from a bot), so a period of any size goes as parts that each fit. Names
inside the .zip are event ids only: member text never becomes part of a path.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from io import BytesIO
from typing import IO, Any

from bot.documents import (
    BODY_FONT,
    TITLE_FONT,
    TITLE_PT,
    exact_lines,
    official_page,
    plain_styles,
    styled_run,
)
from models.reporting.record_sheets import RecordSheet

PHOTOS_SHOWN = 6
PHOTO_WIDTH_CM = 7.4  # two photos side by side within the 156 mm the margins leave
TELEGRAM_LIMIT_MB = 50
PART_LIMIT = 49_000_000  # bytes of one .zip part: under Telegram's 50 MB with room for the request around it
CELL_PT = 12  # 小四 in the table, so a long content field stays on the page

# The form's rows, as inspections ask for them (the form's words, so not translated).
FIELDS: tuple[tuple[str, Callable[[RecordSheet], str]], ...] = (
    ("活动编号", lambda s: f"#{s.event_id}"),
    ("活动名称", lambda s: s.title),
    ("活动时间", lambda s: s.days),
    ("活动地点", lambda s: s.place),
    ("组织/联合单位", lambda s: s.organisers),
    ("参加对象与人数", lambda s: s.audience),
    ("活动形式（主题）", lambda s: s.form),
    ("活动内容", lambda s: s.content),
    ("发放资料", lambda s: s.materials),
    ("填报人/审核状态", lambda s: f"{s.reporter}／{s.status}"),
)


@dataclass(frozen=True)
class FetchedSheet:
    """A record sheet with its photos' bytes (None where Telegram could not give a photo)."""

    sheet: RecordSheet
    photos: list[bytes | None]


def record_docx(fetched: FetchedSheet) -> bytes:
    """The 活动记录表 of one event: a bordered table of its fields, then up to six photos with captions."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    sheet = fetched.sheet
    document = Document()
    document.core_properties.title = f"活动记录表 #{sheet.event_id}"
    official_page(document)
    plain_styles(document)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    exact_lines(heading, pitch=36)
    styled_run(heading, "活动记录表", font=TITLE_FONT, size=TITLE_PT)
    table = document.add_table(rows=len(FIELDS), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, FIELDS, strict=True):
        _cell(row.cells[0], label, bold=True)
        _cell(row.cells[1], value(sheet))
    _photos(document, fetched)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _cell(cell: Any, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    run = styled_run(paragraph, text, font=BODY_FONT, size=CELL_PT)
    run.bold = bold


def _photos(document: Any, fetched: FetchedSheet) -> None:
    """Two photos a row, each scaled to the column's width, with a caption under it."""
    from docx.image.exceptions import UnrecognizedImageError
    from docx.shared import Cm

    shown = fetched.photos[:PHOTOS_SHOWN]
    if not shown:
        return
    exact_lines(document.add_paragraph())
    styled_run(document.add_paragraph(), "活动照片", font=BODY_FONT, size=CELL_PT).bold = True
    grid = document.add_table(rows=(len(shown) + 1) // 2, cols=2)
    for number, photo in enumerate(shown, start=1):
        cell = grid.rows[(number - 1) // 2].cells[(number - 1) % 2]
        picture = cell.paragraphs[0]
        try:
            if photo is None:
                raise UnrecognizedImageError
            picture.add_run().add_picture(BytesIO(photo), width=Cm(PHOTO_WIDTH_CM))
        except (UnrecognizedImageError, ValueError, ZeroDivisionError):
            styled_run(picture, "（照片无法读取）", font=BODY_FONT, size=CELL_PT)
        caption = f"图{number}  {fetched.sheet.title}（{fetched.sheet.days}）"
        styled_run(cell.add_paragraph(), caption, font=BODY_FONT, size=10)


@dataclass
class ZipPart:
    file: IO[bytes]
    events: int = 0
    photos: int = 0

    @property
    def size(self) -> int:
        return self.file.tell()

    def read(self) -> bytes:
        self.file.seek(0)
        return self.file.read()


def record_zip_parts(fetched: Iterable[list[FetchedSheet]], *, limit: int | None = None) -> list[ZipPart]:
    """Every event's sheet as <id>/活动记录表-<id>.docx and its photos as <id>/<id>-<n>.jpg, in parts."""
    limit = limit or PART_LIMIT
    parts: list[ZipPart] = []
    archive: zipfile.ZipFile | None = None
    for batch in fetched:
        for item in batch:
            docx = record_docx(item)
            photos = [p for p in item.photos if p is not None]
            size = len(docx) + sum(len(p) for p in photos) + 200 * (len(photos) + 1)  # + headers
            if archive is None or (parts[-1].events and parts[-1].size + size > limit):
                if archive is not None:
                    archive.close()
                parts.append(ZipPart(tempfile.TemporaryFile()))  # noqa: SIM115 (the sender closes it)
                archive = zipfile.ZipFile(parts[-1].file, "w", compression=zipfile.ZIP_STORED)
            event = item.sheet.event_id
            archive.writestr(f"{event}/活动记录表-{event}.docx", docx)
            for number, photo in enumerate(photos, start=1):
                archive.writestr(f"{event}/{event}-{number}.jpg", photo)  # JPEG is compressed already
            parts[-1].events += 1
            parts[-1].photos += len(photos)
    if archive is not None:
        archive.close()
    return parts
