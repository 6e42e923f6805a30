"""`make bench`: a month of 200 events with 600 photos as 活动记录表 through /export's 📎 button.

The photos are 1280×960 JPEGs of camera-like size (about 280 kB, what Telegram keeps of a phone photo),
held by the Bot API stand-in and fetched by the bot with getFile. The figures: the time from the press to
the last part sent, the number and sizes of the .zip parts (each must be under Telegram's 50 MB), and
the peak resident set of the process.

    python -m tests.benchmarks.record_sheets [--events 200 --photos 3]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import resource
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from bot.standin.model import ApiCall
from bot.standin.spec import Upload
from models.events.photos import PhotoIn, add_photo
from models.events.records import create_event
from models.organisation.members import Role
from tests.factories import make_draft
from tests.harness import BotUnderTest, running_bot
from tests.report_data import NOW

TELEGRAM_LIMIT = 50 * 1024 * 1024
DISTINCT = 12  # distinct pictures; the bot fetches every photo by its own file id all the same


def camera_like_jpegs() -> list[bytes]:
    from PIL import Image

    pictures = []
    for seed in range(DISTINCT):
        base = Image.linear_gradient("L").rotate(seed * 30).resize((1280, 960)).convert("RGB")
        noise = Image.effect_noise((1280, 960), 30 + seed).convert("RGB")
        buffer = io.BytesIO()
        Image.blend(base, noise, 0.25).save(buffer, "JPEG", quality=82)
        pictures.append(buffer.getvalue())
    return pictures


async def seed(tg: BotUnderTest, *, events: int, photos: int) -> tuple[object, int]:
    coordinator = await tg.worker("王芳", role=Role.COORDINATOR)
    member = await tg.member_of(coordinator)
    pictures = camera_like_jpegs()
    total = 0
    async with tg.sessions.begin() as session:
        for number in range(events):
            day = date(2022, 6, 1) + timedelta(days=number % 20)
            draft = make_draft(start_date=day, end_date=day, area_id=member.area_id, place="幸福社区广场")
            event = await create_event(session=session, draft=draft, reporter=member, now=NOW)
            assert event.id is not None
            for shot in range(photos):
                data = pictures[(number + shot) % DISTINCT]
                stored = tg.api.world.store_file(data, kind="photos", filename=None, mime_type="image/jpeg")
                photo = PhotoIn(stored.file_id, stored.file_unique_id, 1280, 960, len(data), shot + 1)
                await add_photo(session=session, photo=photo, event_id=event.id)
                total += len(data)
    return coordinator, total


class _Forgetful(list[ApiCall]):
    """The stand-in's record of calls, without the bytes of the files uploaded in them."""

    def append(self, call: ApiCall) -> None:
        params = {k: replace(v, content=b"") if isinstance(v, Upload) else v for k, v in call.params.items()}
        super().append(replace(call, params=params))


def keep_only_sizes(tg: BotUnderTest) -> list[int]:
    """The stand-in forgets the bytes of the documents it receives, so the peak RSS is the bot's."""
    sizes: list[int] = []
    world, store = tg.api.world, tg.api.world.store_file
    tg.api.calls = _Forgetful(tg.api.calls)

    def sized(content: bytes, *, kind: str, filename: str | None, mime_type: str | None) -> Any:
        if kind == "documents":
            sizes.append(len(content))
            content = b"-"
        return store(content, kind=kind, filename=filename, mime_type=mime_type)

    world.store_file = sized  # type: ignore[method-assign]
    return sizes


async def main(events: int, photos: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/records.sqlite3"
        async with running_bot(url, rate_limiter=False, flood_limits=False) as tg:
            coordinator, photo_bytes = await seed(tg, events=events, photos=photos)
            sizes = keep_only_sizes(tg)
            [ledger] = await tg.send(coordinator, "/export")  # type: ignore[arg-type]
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            started = time.perf_counter()
            replies = await tg.press(coordinator, "📎 活动记录表（含照片）", message=ledger)  # type: ignore[arg-type]
            seconds = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            refused = [call.description for call in tg.api.refused]
    parts = sizes[1:]  # after the ledger
    sizes = parts
    print(f"{events} events, {events * photos} photos ({photo_bytes / 1e6:.0f} MB of photos)")
    print(f"  record sheets in {seconds:.1f} s: {len(parts)} .zip parts, {sum(sizes) / 1e6:.0f} MB in all")
    print(f"  largest part {max(sizes) / 1e6:.1f} MB (Telegram takes {TELEGRAM_LIMIT / 1e6:.1f} MB)")
    print(f"  first reply: {replies[0].shown_text}")
    grown = (peak - before) / 1024
    print(f"  peak RSS {peak / 1024:.0f} MB (+{grown:.0f} MB during it); refused: {refused}")
    assert max(sizes) <= TELEGRAM_LIMIT
    assert not refused


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--photos", type=int, default=3)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.events, arguments.photos))
