"""`make bench`: a decade's ledger (≈100,000 events) through /export, and other users' /log meanwhile.

A synthetic SQLite ledger of EVENTS events (tests/benchmarks/synthetic.py) is exported by a coordinator
of the whole district through the real Application and the Bot API stand-in, in a child process so that
its peak resident set is the export's. While the export runs, ten other members each send a /log every
second; their reply times (update in → card out) are compared with the same stream with no export.

    python -m tests.benchmarks.ledger_export [--events 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime

from models.organisation.members import Member, Role
from tests.benchmarks.synthetic import generate
from tests.harness import BotUnderTest, Clock, running_bot

EXPORT = "/export 2013-01-01..2022-12-31"  # the whole synthetic decade
LOGGERS = 10
EVERY = 1.0  # seconds between one member's /log messages: within the flood guard's one a second
AIM = {"seconds": 12.0, "rss_mb": 150.0, "p95_ms": 300.0}


async def _log_stream(tg: BotUnderTest, until: asyncio.Event, latencies: list[float]) -> None:
    users = [tg.api.user(f"工作人员{n:03d}", user_id=700_000_000 + n) for n in range(30, 30 + LOGGERS)]

    async def one(user: object, offset: float) -> None:
        await asyncio.sleep(offset)  # spread over the second, as people are
        while not until.is_set():
            started = time.perf_counter()
            await tg.send(user, "/log 法律大集 今天 80人 《民法典手册》100份")  # type: ignore[arg-type]
            latencies.append(time.perf_counter() - started)
            await asyncio.sleep(EVERY)

    await asyncio.gather(*(one(user, n * EVERY / LOGGERS) for n, user in enumerate(users)))


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[94] if len(values) > 1 else values[0]


async def run_child(database_url: str) -> None:
    """In the child: the baseline /log stream for 3 s, then the export with the stream running."""
    clock = Clock(now=datetime(2023, 1, 2, 2, 0, tzinfo=UTC))
    async with running_bot(database_url, rate_limiter=False, flood_limits=False, clock=clock) as tg:
        async with tg.sessions.begin() as session:
            member = await session.get(Member, 1)  # the synthetic worker of the district's root area
            assert member is not None
            member.role = Role.COORDINATOR
        coordinator = tg.api.user("工作人员001", user_id=700_000_001)
        idle: list[float] = []
        stop = asyncio.Event()
        stream = asyncio.create_task(_log_stream(tg, stop, idle))
        await asyncio.sleep(5)
        stop.set()
        await stream
        busy: list[float] = []
        stop = asyncio.Event()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
        stream = asyncio.create_task(_log_stream(tg, stop, busy))
        started = time.perf_counter()
        await tg.send(coordinator, EXPORT)
        seconds = time.perf_counter() - started
        stop.set()
        await stream
        usage = resource.getrusage(resource.RUSAGE_SELF)
        peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime - cpu_before
        [sent] = tg.api.files_sent
    print(f"  export: {seconds:.1f} s, {len(sent.content) / 1e6:.1f} MB .xlsx ({sent.filename}), aim < 12 s")
    print(f"  CPU of the whole bot process meanwhile (export and the /log stream): {cpu:.1f} s")
    grown = (peak - before) / 1024
    print(f"  peak RSS {peak / 1024:.0f} MB (+{grown:.0f} MB during the export), aim < 150 MB")
    print(
        f"  /log reply p95: {_p95(idle) * 1000:.0f} ms alone ({len(idle)} replies), "
        f"{_p95(busy) * 1000:.0f} ms during the export ({len(busy)} replies), aim < 300 ms; "
        f"median {statistics.median(busy) * 1000:.0f} ms, worst {max(busy) * 1000:.0f} ms"
    )


def main(events: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/export.sqlite3"
        generated = asyncio.run(generate(url, events=events))
        print(f"sqlite: {generated.events} events, {generated.material_lines} material lines")
        subprocess.run([sys.executable, "-m", "tests.benchmarks.ledger_export", "--child", url], check=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--child", metavar="DATABASE_URL")
    arguments = parser.parse_args()
    if arguments.child:
        asyncio.run(run_child(arguments.child))
    else:
        main(arguments.events)
