"""`make bench`: the weekly digest to 1,000 subscribed group chats through the stand-in, flood limits on.

The stand-in answers like Telegram: 30 messages a second overall, 20 a minute into one group, and a 429
with retry_after beyond that. Each digest is two messages (the text, then the chart), so the floor is
messages ÷ 30 seconds. Reported: total time, its ratio to the floor, and how many 429s the bot provoked.
The bot runs on a SQLite file, as a district's single process does.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime

from sqlalchemy import insert

from bot.standin import FakeTelegram
from jobs.digest import post_owed_digests
from models.organisation.areas import ensure_root_area
from models.scheduling.digests import DigestSubscription
from tests.harness import Clock, running_bot

CHATS = 1000
SUBSCRIBED = datetime(2022, 6, 17, 4, 0, tzinfo=UTC)  # Friday
MONDAY_NINE = datetime(2022, 6, 20, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


async def fan_out(directory: str) -> tuple[int, int, float, int]:
    clock = Clock(now=MONDAY_NINE)
    api = FakeTelegram(wall_clock=clock.timestamp, flood_limits=True)  # flood limits on real time
    async with running_bot(f"sqlite+aiosqlite:///{directory}/bench.sqlite3", api=api, clock=clock) as tg:
        chats = [api.group(f"领导群{n}") for n in range(CHATS)]
        async with tg.sessions.begin() as session:
            root = await ensure_root_area(session=session)
            rows = [
                {
                    "chat_id": chat.id,
                    "area_id": root.id,
                    "weekday": 0,
                    "minute": 540,
                    "timezone": "Asia/Shanghai",
                    "language": "zh",
                    "active": True,
                    "active_since": SUBSCRIBED,
                    "updated_at": SUBSCRIBED,
                }
                for chat in chats
            ]
            await session.exec(insert(DigestSubscription).values(rows))
        calls_before = len(api.calls)
        started = time.perf_counter()
        posted = await post_owed_digests(tg.app)
        elapsed = time.perf_counter() - started
        sent = sum(1 for call in api.calls[calls_before:] if call.status == 200)
        return posted, sent, elapsed, api.flood_refusals


def main() -> int:
    with tempfile.TemporaryDirectory() as directory:
        posted, sent, elapsed, refusals = asyncio.run(fan_out(directory))
    floor = sent / 30
    print(f"digest fan-out: {posted} digests to {CHATS} group chats, {sent} messages")
    print(f"  total {elapsed:.1f} s; floor {floor:.1f} s (messages ÷ 30/s); ratio {elapsed / floor:.2f}×")
    print(f"  429s from the stand-in: {refusals}")
    return 0 if posted == CHATS and refusals == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
