"""`make bench`: the weekly digest to 1,000 subscribed group chats through the stand-in, flood limits on.

The stand-in answers like Telegram: 30 messages a second overall, 20 a minute into one group, and a 429
with retry_after beyond that. Each digest is two messages (the text, then the chart), so the floor is
messages ÷ 30 seconds. Reported: total time, its ratio to the floor, and how many 429s the bot provoked.
The bot runs on a SQLite file, as a district's single process does. With --events N the ledger is a
synthetic one of 500 areas and N events, and the 1,000 chats follow the 500 areas in turn (two each), so
each area's facts and chart are rendered once and sent twice.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime

from sqlalchemy import insert
from sqlmodel import col, select

from bot.standin import FakeTelegram
from jobs.digest import post_owed_digests
from models.organisation.areas import Area, ensure_root_area
from models.scheduling.digests import DigestSubscription
from tests.benchmarks.synthetic import generate
from tests.harness import Clock, running_bot

CHATS = 1000
SUBSCRIBED = datetime(2022, 6, 17, 4, 0, tzinfo=UTC)  # Friday
MONDAY_NINE = datetime(2022, 6, 20, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


async def fan_out(directory: str, events: int = 0) -> tuple[int, int, float, int]:
    """With `events`, a synthetic ledger of 500 areas first, and the chats follow the areas in turn."""
    clock = Clock(now=MONDAY_NINE)
    api = FakeTelegram(wall_clock=clock.timestamp, flood_limits=True)  # flood limits on real time
    url = f"sqlite+aiosqlite:///{directory}/bench.sqlite3"
    if events:
        await generate(url, events=events)
    async with running_bot(url, api=api, clock=clock) as tg:
        chats = [api.group(f"领导群{n}") for n in range(CHATS)]
        async with tg.sessions.begin() as session:
            root = await ensure_root_area(session=session)
            areas = list(await session.exec(select(Area.id).order_by(col(Area.id)))) if events else [root.id]
            rows = [
                {
                    "chat_id": chat.id,
                    "area_id": areas[n % len(areas)],
                    "weekday": 0,
                    "minute": 540,
                    "timezone": "Asia/Shanghai",
                    "language": "zh",
                    "active": True,
                    "active_since": SUBSCRIBED,
                    "updated_at": SUBSCRIBED,
                }
                for n, chat in enumerate(chats)
            ]
            await session.exec(insert(DigestSubscription).values(rows))
        calls_before = len(api.calls)
        started = time.perf_counter()
        posted = await post_owed_digests(tg.app)
        elapsed = time.perf_counter() - started
        sent = sum(1 for call in api.calls[calls_before:] if call.status == 200)
        return posted, sent, elapsed, api.flood_refusals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=0, help="a synthetic ledger of 500 areas first")
    events = parser.parse_args().events
    with tempfile.TemporaryDirectory() as directory:
        posted, sent, elapsed, refusals = asyncio.run(fan_out(directory, events))
    floor = sent / 30
    areas = f"500 areas, {events} events" if events else "one area"
    print(f"digest fan-out: {posted} digests to {CHATS} group chats ({areas}), {sent} messages")
    print(f"  total {elapsed:.1f} s; floor {floor:.1f} s (messages ÷ 30/s); ratio {elapsed / floor:.2f}×")
    print(f"  429s from the stand-in: {refusals}")
    return 0 if posted == CHATS and refusals == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
