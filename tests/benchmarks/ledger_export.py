"""`make bench`: a decade's ledger (≈100,000 events) through /export, and other users' /log meanwhile.

A synthetic SQLite ledger of EVENTS events (tests/benchmarks/synthetic.py) is exported ROUNDS times by a
coordinator of the whole district through the real Application and the Bot API stand-in, in a child
process so that its peak resident set is the bot's. While each export runs, ten other members each send
a /log every second; their reply times (update in → card out) are compared with the same stream with no
export. The bot has the ledger written by a process of its own (models/reporting/ledger_process.py):
its peak resident set (VmHWM) and the two processes' together (VmRSS) are sampled from /proc.

    python -m tests.benchmarks.ledger_export [--events 100000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from models.organisation.members import Member, Role
from tests.benchmarks.synthetic import generate
from tests.harness import BotUnderTest, Clock, running_bot

EXPORT = "/export 2013-01-01..2022-12-31"  # the whole synthetic decade
LOGGERS = 10
EVERY = 1.0  # seconds between one member's /log messages: within the flood guard's one a second
WRITER = b"models.reporting.ledger_process"  # in the writer process's command line
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


def _status_mb(pid: int | str, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _measure_memory(together: list[float], writer: list[float]) -> None:
    """The bot's resident set and its children's (the ledger's writer process) at this moment, and the
    writer's own peak so far (VmHWM: its memory since it started the writer's program; RUSAGE_CHILDREN
    would count the bot's pages it shared for a moment between fork and exec)."""
    total = _status_mb("self", "VmRSS")
    for children in Path("/proc/self/task").glob("*/children"):
        for pid in children.read_text().split():
            with contextlib.suppress(OSError):  # it has just ended
                if WRITER not in Path(f"/proc/{pid}/cmdline").read_bytes():
                    continue  # not yet the writer: forked, sharing the bot's pages until it runs it
                total += _status_mb(pid, "VmRSS")
                writer.append(_status_mb(pid, "VmHWM"))
    together.append(total)


async def _sample_memory(until: asyncio.Event, together: list[float], writer: list[float]) -> None:
    while not until.is_set():
        _measure_memory(together, writer)
        await asyncio.sleep(0.02)


def _forget_files(tg: BotUnderTest) -> None:
    """The stand-in keeps what it was sent, in the bot's process: Telegram's memory, not the bot's."""
    world = tg.api.world
    world.sent_files.clear()
    tg.api.calls.clear()  # a call's parameters hold the upload
    for file_id in [key for key, stored in world.files.items() if stored.content]:
        del world.files[file_id]


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _load() -> str:
    return "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])


async def run_child(database_url: str, rounds: int) -> None:
    """In the child: the baseline /log stream for 5 s, then ROUNDS exports with the stream running."""
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
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        busy: list[float] = []
        seconds, bot_cpu, writer_cpu, loads = [], [], [], []
        together, writer_peaks, peaks = [0.0], [0.0], []
        for _round in range(rounds):
            stop = asyncio.Event()
            cpu = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
            stream = asyncio.create_task(_log_stream(tg, stop, busy))
            sampler = asyncio.create_task(_sample_memory(stop, together, writer_peaks))
            started = time.perf_counter()
            await tg.send(coordinator, EXPORT)
            seconds.append(time.perf_counter() - started)
            peaks.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            stop.set()
            await asyncio.gather(stream, sampler)
            bot_cpu.append(_cpu(resource.RUSAGE_SELF) - cpu[0])
            writer_cpu.append(_cpu(resource.RUSAGE_CHILDREN) - cpu[1])
            loads.append(_load())
            [sent] = tg.api.files_sent
            size, filename = len(sent.content), sent.filename
            _forget_files(tg)
    rounded = ", ".join(f"{s:.1f}" for s in seconds)
    print(f"  export: median {statistics.median(seconds):.1f} s of {rounds} ({rounded}), aim < 12 s;")
    print(f"    {size / 1e6:.1f} MB .xlsx ({filename}); {'; '.join(loads)} after each")
    print(
        f"  CPU per export (medians): {statistics.median(writer_cpu):.1f} s in the writer process, "
        f"{statistics.median(bot_cpu):.1f} s in the bot's (the /log stream included)"
    )
    print(
        f"  peak RSS: bot process {peaks[-1]:.0f} MB ({before:.0f} MB before the exports, "
        f"{' → '.join(f'{p:.0f}' for p in peaks)} after each), aim < 150 MB; "
        f"writer process {max(writer_peaks):.0f} MB (its VmHWM); "
        f"the two together at most {max(together):.0f} MB (their VmRSS every 20 ms)"
    )
    print(
        f"  /log reply p95: {_p95(idle) * 1000:.0f} ms alone ({len(idle)} replies), "
        f"{_p95(busy) * 1000:.0f} ms during the exports ({len(busy)} replies), aim < 300 ms; "
        f"median {statistics.median(busy) * 1000:.0f} ms, worst {max(busy) * 1000:.0f} ms"
    )


def main(events: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/export.sqlite3"
        generated = asyncio.run(generate(url, events=events))
        print(f"sqlite: {generated.events} events, {generated.material_lines} material lines; {_load()}")
        child = [
            sys.executable,
            "-m",
            "tests.benchmarks.ledger_export",
            "--child",
            url,
            "--rounds",
            str(rounds),
        ]
        subprocess.run(child, check=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", metavar="DATABASE_URL")
    arguments = parser.parse_args()
    if arguments.child:
        asyncio.run(run_child(arguments.child, arguments.rounds))
    else:
        main(arguments.events, arguments.rounds)
