"""`make bench`: the weekly digest to 1,000 subscribed group chats through the stand-in, flood limits on.

The stand-in answers like Telegram: 30 messages a second overall, 20 a minute into one group, and a 429
with retry_after beyond that. Each digest is two messages (the text, then the chart), so the floor is
messages ÷ 30 seconds. Reported: total time, its ratio to the floor, and how many 429s the bot provoked.
The bot runs on a SQLite file, as a district's single process does. With --events N the ledger is a
synthetic one of N events over --areas areas (500 by default), and the 1,000 chats follow the areas in
turn: with 500 areas two chats each (each area's facts and chart rendered once, sent twice), with 1,000
areas every chat its own area. --database FILE runs on a copy of a ledger made before by
tests/benchmarks/synthetic.py instead (the file itself is not touched).

    python -m tests.benchmarks.digest_fanout --events 1000000 --areas 1000
    python -m tests.benchmarks.synthetic sqlite+aiosqlite:///data/1m-1000.sqlite3 --areas 1000
    python -m tests.benchmarks.digest_fanout --database data/1m-1000.sqlite3 --rounds 3
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert
from sqlmodel import col, select

from bot.standin import FakeTelegram, FakeUser
from jobs.digest import post_owed_digests
from models.organisation.areas import Area, ensure_root_area
from models.scheduling.digests import DigestSubscription
from tests.benchmarks.synthetic import generate
from tests.harness import BotUnderTest, Clock, running_bot

CHATS = 1000
SUBSCRIBED = datetime(2022, 6, 17, 4, 0, tzinfo=UTC)  # Friday
MONDAY_NINE = datetime(2022, 6, 20, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
LOG_EVERY = 1.0  # seconds between a worker's /log messages during the digest


@dataclass(frozen=True)
class FanOut:
    posted: int
    sent: int  # messages Telegram accepted
    seconds: float
    refusals: int  # 429s
    areas: int  # different areas the chats follow
    misaddressed: int  # chats whose text or chart caption does not name their own area
    replies: list[float]  # seconds a worker waited for the answer to a /log sent during the digest

    @property
    def floor(self) -> float:
        return self.sent / 30


async def fan_out(url: str, *, ledger: bool) -> FanOut:
    """Subscribe the chats to the ledger's areas in turn (or all to the root), then post the digests."""
    clock = Clock(now=MONDAY_NINE)
    api = FakeTelegram(wall_clock=clock.timestamp, flood_limits=True)  # flood limits on real time
    async with running_bot(url, api=api, clock=clock) as tg:
        chats = [api.group(f"领导群{n}") for n in range(CHATS)]
        async with tg.sessions.begin() as session:
            root = await ensure_root_area(session=session)
            found = await session.exec(select(Area.id, Area.name).order_by(col(Area.id)))
            names = dict(found.all())  # a Result has keys(): dict() would read it as a mapping
            areas = list(names) if ledger else [root.id]
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
        worker = await tg.worker("丙", area="丙社区")  # a new area: after the chats' areas
        calls_before = len(api.calls)
        started = time.perf_counter()
        digest = asyncio.ensure_future(post_owed_digests(tg.app))
        replies = await _log_meanwhile(tg, worker, digest)
        posted = await digest
        elapsed = time.perf_counter() - started
        calls = [
            call
            for call in api.calls[calls_before:]
            if call.status == 200
            and call.method in ("sendMessage", "sendPhoto")
            and str(call.params["chat_id"]) != str(worker.id)
        ]
        area_of = {str(row["chat_id"]): names[row["area_id"]] for row in rows}  # type: ignore[index]
        said: dict[str, list[str]] = {}
        for call in calls:
            words = call.params.get("text") or call.params.get("caption") or ""
            said.setdefault(str(call.params["chat_id"]), []).append(str(words))
        misaddressed = sum(
            1
            for chat_id, area_name in area_of.items()
            if len(said.get(chat_id, [])) != 2 or not all(area_name in w for w in said[chat_id])
        )
        return FanOut(
            posted, len(calls), elapsed, api.flood_refusals, len(set(area_of.values())), misaddressed, replies
        )


async def _log_meanwhile(tg: BotUnderTest, worker: FakeUser, digest: asyncio.Future[int]) -> list[float]:
    """A worker logs an event every LOG_EVERY seconds while the digest goes out; how long each answer took."""
    waited = []
    while not digest.done():
        started = time.perf_counter()
        await tg.send(worker, "/log 法律大集 昨天 30人")
        waited.append(time.perf_counter() - started)
        await asyncio.wait([digest], timeout=LOG_EVERY)
    return waited


def _copy(source: str, folder: str) -> str:
    """A copy of a ledger file (and its write-ahead log, if one is beside it) to run on."""
    target = os.path.join(folder, "bench.sqlite3")
    shutil.copyfile(source, target)
    if os.path.exists(source + "-wal"):
        shutil.copyfile(source + "-wal", target + "-wal")
    return target


async def _generate(folder: str, events: int, areas: int) -> str:
    path = os.path.join(folder, "ledger.sqlite3")
    await generate(f"sqlite+aiosqlite:///{path}", events=events, areas=areas)
    with sqlite3.connect(path) as connection:  # one file to copy for each round
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def _ms(seconds: list[float], q: int) -> str:
    if len(seconds) < 2:
        return "-"
    return f"{statistics.quantiles(seconds, n=100, method='inclusive')[q - 1] * 1000:.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=0, help="a synthetic ledger of this many events")
    parser.add_argument("--areas", type=int, default=500, help="the synthetic ledger's areas")
    parser.add_argument("--database", help="a copy of this SQLite ledger instead of a new one")
    parser.add_argument("--rounds", type=int, default=1, help="each on a fresh copy of the ledger")
    args = parser.parse_args()
    results: list[FanOut] = []
    with tempfile.TemporaryDirectory() as folder:
        ledger = args.database or (
            asyncio.run(_generate(folder, args.events, args.areas)) if args.events else None
        )
        for _ in range(args.rounds):
            with tempfile.TemporaryDirectory(dir=folder) as run:
                path = _copy(ledger, run) if ledger else os.path.join(run, "bench.sqlite3")
                results.append(asyncio.run(fan_out(f"sqlite+aiosqlite:///{path}", ledger=ledger is not None)))
    last = results[-1]
    source = args.database or (f"synthetic, {args.events} events" if args.events else "one area, no events")
    print(f"digest fan-out ({source}), {args.rounds} round(s), load {os.getloadavg()[0]:.2f}:")
    print(
        f"  {last.posted} digests to {CHATS} group chats of {last.areas} different areas, "
        f"{last.sent} messages"
    )
    for n, r in enumerate(results, 1):
        print(
            f"  round {n}: {r.seconds:6.1f} s, ratio {r.seconds / r.floor:.2f}× the floor, "
            f"{r.refusals} 429s, {r.misaddressed} chats without their own area's digest; "
            f"a worker's /log meanwhile answered in {_ms(r.replies, 50)} (p50), {_ms(r.replies, 95)} (p95), "
            f"{max(r.replies, default=0) * 1000:.0f} ms (max) over {len(r.replies)}"
        )
    seconds = statistics.median(r.seconds for r in results)
    print(
        f"  median {seconds:.1f} s; floor {last.floor:.1f} s (messages ÷ 30/s); "
        f"ratio {seconds / last.floor:.2f}× (target ≤ 1.5×)"
    )
    ok = all(r.posted == CHATS and r.refusals == 0 and r.misaddressed == 0 for r in results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
