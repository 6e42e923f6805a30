"""活动记录表 with photos, from an event's card, from /my and for a period from /export (issue 10, item 5)."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest

import bot.record_files
from bot.config import Settings
from bot.console import run_console
from bot.standin.model import FakeMessage, FakeUser
from models.organisation.members import Role
from tests.harness import BotUnderTest

CAPTION = "法律大集 昨天 幸福社区广场 120余人 《民法典手册》300份 联合城东派出所"


def jpeg(seed: int, *, noisy: bool = False, size: tuple[int, int] = (320, 240)) -> bytes:
    """A real JPEG, so python-docx can read its size; noisy ones are large, as camera photos are."""
    from PIL import Image

    if noisy:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, ((seed * 70) % 256, 120, 200))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


async def log_with_photos(tg: BotUnderTest, worker: FakeUser, photos: list[bytes], *, group: str) -> None:
    """An album whose first photo carries the log text, saved with ✅."""
    shown = []
    for number, data in enumerate(photos):
        update = tg.api.photo_update(
            worker, caption=CAPTION if number == 0 else None, media_group_id=group, data=data
        )
        shown += await tg.driver.deliver(update)
    await tg.press(worker, "✅ 保存", message=shown[-1])


async def open_card(tg: BotUnderTest, worker: FakeUser) -> FakeMessage:
    """/my, then the first event's card."""
    [listing] = await tg.send(worker, "/my")
    [card] = await tg.press(worker, 1, message=listing)
    return card


def _document_texts(content: bytes) -> list[str]:
    from docx import Document

    document = Document(BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return [p.text for p in document.paragraphs] + cells


async def test_a_record_sheet_with_three_photos_comes_from_the_event_card_of_my(tg: BotUnderTest) -> None:
    from docx import Document
    from docx.shared import Cm

    worker = await tg.worker()
    await log_with_photos(tg, worker, [jpeg(n) for n in range(3)], group="album-1")
    card = await open_card(tg, worker)
    [sheet] = await tg.press(worker, "📄 活动记录表", message=card)
    assert sheet.document is not None
    [sent] = tg.api.files_sent
    assert sent.filename == "活动记录表-1.docx"
    texts = _document_texts(sent.content)
    assert "活动记录表" in texts
    fields = ("#1", "幸福社区广场", "幸福社区、城东派出所", "120余人", "《民法典手册》300份", "王芳／待审核")
    for expected in fields:
        assert any(expected in text for text in texts), (expected, "|".join(texts))
    document = Document(BytesIO(sent.content))
    assert len(document.inline_shapes) == 3  # the three photos, scaled to the column
    assert all(abs(shape.width - Cm(7.4)) < Cm(0.01) for shape in document.inline_shapes)
    captions = [t.strip() for t in texts if t.strip().startswith("图")]
    assert [c.split()[0] for c in captions] == ["图1", "图2", "图3"]
    assert len([c for c in tg.api.calls if c.method == "getFile"]) == 3  # fetched by file id


async def test_the_record_sheet_shows_at_most_six_photos(tg: BotUnderTest) -> None:
    from docx import Document

    worker = await tg.worker()
    await log_with_photos(tg, worker, [jpeg(n) for n in range(8)], group="album-8")
    await tg.press(worker, "📄 活动记录表", message=await open_card(tg, worker))
    [sent] = tg.api.files_sent
    assert len(Document(BytesIO(sent.content)).inline_shapes) == 6


async def test_a_record_sheet_of_an_event_outside_ones_area_is_refused(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    await log_with_photos(tg, worker, [jpeg(0)], group="album-1")
    card = await open_card(tg, worker)
    stranger = await tg.worker("李明", area="阳光社区")
    update = tg.api.callback_update(stranger, card, "📄 活动记录表")
    await tg.driver.deliver(update)
    assert tg.answer_to(update) == "您无权查看或修改这条活动。"
    assert tg.api.files_sent == []


async def _period_zip(tg: BotUnderTest, coordinator: FakeUser) -> list[str]:
    [ledger] = await tg.send(coordinator, "/export")
    return [m.shown_text for m in await tg.press(coordinator, "📎 活动记录表（含照片）", message=ledger)]


async def test_a_period_of_record_sheets_is_a_zip_of_sheets_and_photos_named_by_event_id(
    tg: BotUnderTest,
) -> None:
    worker = await tg.worker(role=Role.COORDINATOR)
    await log_with_photos(tg, worker, [jpeg(n) for n in range(3)], group="album-1")
    await log_with_photos(tg, worker, [jpeg(9)], group="album-2")
    replies = await _period_zip(tg, worker)
    assert replies == ["活动记录表 第 1/1 部分：活动 2 个，照片 4 张"]
    _ledger, archive = tg.api.files_sent
    assert archive.filename == "活动记录表-幸福社区-20220601-20220630.zip"
    with zipfile.ZipFile(BytesIO(archive.content)) as package:
        assert sorted(package.namelist()) == [
            "1/1-1.jpg",
            "1/1-2.jpg",
            "1/1-3.jpg",
            "1/活动记录表-1.docx",
            "2/2-1.jpg",
            "2/活动记录表-2.docx",
        ]
        assert package.read("1/1-2.jpg") == jpeg(1)


async def test_a_period_larger_than_one_upload_is_said_first_and_split(
    tg: BotUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot.record_files, "PART_LIMIT", 600_000)  # stands in for Telegram's 50 MB
    worker = await tg.worker(role=Role.COORDINATOR)
    for event in range(3):
        photos = [jpeg(n, noisy=True) for n in range(2)]  # about 2 × 100 kB an event
        await log_with_photos(tg, worker, photos, group=f"album-{event}")
    replies = await _period_zip(tg, worker)
    assert replies[0].startswith("3 个活动的记录表和 6 张照片共 ")
    assert "超过 Telegram 单个文件的上限（50 MB），分 " in replies[0]
    parts = tg.api.files_sent[1:]
    assert len(parts) == len(replies) - 1 >= 2
    assert all(len(part.content) <= 600_000 for part in parts)
    assert (parts[0].filename or "").endswith(f"-1of{len(parts)}.zip")
    names = set()
    for part in parts:
        with zipfile.ZipFile(BytesIO(part.content)) as package:
            names |= {n for n in package.namelist() if n.endswith(".jpg")}
    assert len(names) == 6  # every photo in exactly one part


def test_the_console_writes_a_record_sheet_with_three_photos_from_the_card(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docx import Document

    monkeypatch.chdir(tmp_path)  # the console writes its files under data/console here
    for number in range(3):
        (tmp_path / f"p{number}.jpg").write_bytes(jpeg(number))
    script = [
        "/start",
        ":photo p0.jpg 法律大集 3月8日 幸福社区 120人 《民法典手册》300份",
        ":press 保存",
        "/my",
        ":press 1",
        ":press 添加照片",
        ":photo p1.jpg",
        ":photo p2.jpg",
        ":press 完成",
        "/my",
        ":press 1",
        ":press 活动记录表",
    ]
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path}/c.sqlite3")
    out = io.StringIO()
    june = datetime(2022, 6, 20, 2, 0, tzinfo=UTC)
    source = io.StringIO("\n".join(script) + "\n")
    assert run_console(settings, source=source, out=out, clock=lambda: june) == 0
    assert "📎 data/console/活动记录表-1.docx" in out.getvalue()
    document = Document(str(tmp_path / "data/console/活动记录表-1.docx"))
    assert len(document.inline_shapes) == 3
