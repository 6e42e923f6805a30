"""`make bench`: a year's and a week's summary and the year's report on a decade of synthetic data.

For SQLite and PostgreSQL each: generate the ledger (tests/benchmarks/synthetic.py, which builds the
rollups as migration 0013 does), then in alternating rounds time summarize_period (from the rollups) and
the summary as it was before them (summary_from_events.py, grouped queries over the events) for 2022 and
for the week of 2022-12-19 over the whole district, the drafted report for 2022 and the report as it was
drafted before (report_from_events.py: the same summary, the rest read from the events), and one
hand-written SQL statement over the events (by kind and area, this year and last, returned apart, and
materials by title). Medians, their ratios to the hand-written query, and the median of each round's
before/after ratio, with the load average. Last, the peak memory of exporting one year (about 100,000
events) to .xlsx, in a child process.

    python -m tests.benchmarks.summaries [--events 1000000] [--rounds 5] [--only sqlite|postgres]

With --database URL (once per backend) it times a ledger already generated instead (a copy of a cached
one: nothing is written to it), to iterate in seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlmodel import select

from models.db import create_engine, session_maker
from models.organisation.areas import Area
from models.parsing.periods import Period, PeriodKind
from models.reporting.export import export_ledger
from models.reporting.report import draft_report_section, report_facts
from models.reporting.summaries import summarize_period
from tests.benchmarks.report_from_events import draft_compiled_each_time, facts_from_events
from tests.benchmarks.summary_from_events import summarize_from_events
from tests.benchmarks.synthetic import generate
from tests.databases import temporary_database

YEAR = Period(PeriodKind.YEAR, date(2022, 1, 1), date(2022, 12, 31))
WEEK = Period(PeriodKind.WEEK, date(2022, 12, 19), date(2022, 12, 25))  # the default /summary: a week

HAND_WRITTEN = text(
    """
    SELECT 'kind' AS part, e.kind_id AS key, e.area_id AS area, e.start_date >= :start AS current_period,
           e.status = 'returned' AS returned, count(*) AS events,
           coalesce(sum(e.attendance), 0) AS people, coalesce(sum(e.consultations), 0) AS consultations
      FROM event e JOIN area a ON a.id = e.area_id
     WHERE e.start_date BETWEEN :before AND :end AND e.deleted = false AND a.path LIKE :path
     GROUP BY e.kind_id, e.area_id, e.start_date >= :start, e.status = 'returned'
    UNION ALL
    SELECT 'material', m.material_id, NULL, e.start_date >= :start, false, count(*), sum(m.quantity), 0
      FROM eventmaterial m JOIN event e ON e.id = m.event_id JOIN area a ON a.id = e.area_id
     WHERE e.start_date BETWEEN :before AND :end AND e.deleted = false AND e.status <> 'returned'
       AND a.path LIKE :path
     GROUP BY m.material_id, e.start_date >= :start
    """
)


async def timed(action: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    await action()
    return time.perf_counter() - started


async def bench_backend(
    database_url: str, *, events: int | None, rounds: int, export: bool
) -> dict[str, float]:
    """Generate `events` events (None: the database holds a ledger already), then time each action."""
    if events is not None:
        generated = await generate(database_url, events=events)
        print(
            f"  generated {generated.events} events, {generated.material_lines} material lines "
            f"in {generated.seconds:.0f} s; rollups built in {generated.rollup_seconds:.0f} s"
        )
    engine = create_engine(database_url)
    sessions = session_maker(engine)
    async with sessions() as session:
        root = (await session.exec(select(Area).where(Area.parent_id == None))).one()  # noqa: E711
    params = {"start": YEAR.start, "before": YEAR.previous().start, "end": YEAR.end, "path": root.path + "%"}

    def summary(period: Period, *, before: bool = False) -> Callable[[], Awaitable[Any]]:
        async def run() -> None:
            async with sessions() as session:
                summarize = summarize_from_events if before else summarize_period
                await summarize(session=session, period=period, area=root)

        return run

    async def report() -> str:
        async with sessions() as session:
            facts = await report_facts(session=session, period=YEAR, area=root)
        return draft_report_section(facts, approx=True).text

    async def report_before() -> str:
        async with sessions() as session:
            summary = await summarize_period(session=session, period=YEAR, area=root)
            facts = await facts_from_events(session=session, summary=summary, area=root)
        return draft_compiled_each_time(facts, approx=True).text

    async def hand_written() -> None:
        async with engine.connect() as connection:
            (await connection.execute(HAND_WRITTEN, params)).all()

    actions: dict[str, Callable[[], Awaitable[Any]]] = {
        "year, from events": summary(YEAR, before=True),
        "year, rollups": summary(YEAR),
        "week, from events": summary(WEEK, before=True),
        "week, rollups": summary(WEEK),
        "report, before": report_before,
        "report (year)": report,
        "hand-written SQL": hand_written,
    }
    times: dict[str, list[float]] = {name: [] for name in actions}
    for action in actions.values():
        await action()  # warm the caches and the pool once
    assert await report() == await report_before(), "the report's words changed"
    for _ in range(rounds):
        for name, action in actions.items():
            times[name].append(await timed(action))
    await engine.dispose()
    medians = {name: statistics.median(values) for name, values in times.items()}
    floor = medians["hand-written SQL"]
    for name, median in medians.items():
        print(f"  {name:18} median {median * 1000:8.1f} ms   ratio to hand-written {median / floor:5.2f}")
    for span in ("year", "week"):
        ratios = [
            b / a for b, a in zip(times[f"{span}, from events"], times[f"{span}, rollups"], strict=True)
        ]
        print(
            f"  {span} summary: rollups {statistics.median(ratios):.1f}× faster (median of per-round ratios)"
        )
    ratios = [b / a for b, a in zip(times["report, before"], times["report (year)"], strict=True)]
    before, after = medians["report, before"] * 1000, medians["report (year)"] * 1000
    print(
        f"  report (year): {before:.0f} ms → {after:.0f} ms, "
        f"{statistics.median(ratios):.1f}× faster (median of per-round ratios); "
        f"load average {' '.join(f'{n:.2f}' for n in os.getloadavg())}"
    )
    if not export:
        return medians
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.benchmarks.summaries", "--export", database_url, stdout=subprocess.PIPE
    )
    output, _ = await child.communicate()
    print("  " + output.decode().strip())
    return medians


async def export_once(database_url: str) -> None:
    """In a child process: export 2022 and print its peak memory (the whole process's resident set)."""
    engine = create_engine(database_url)
    async with session_maker(engine)() as session:
        root = (await session.exec(select(Area).where(Area.parent_id == None))).one()  # noqa: E711
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        ledger = await export_ledger(session=session, period=YEAR, area=root)
        seconds = time.perf_counter() - started
    await engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"export of {ledger.events} events ({ledger.material_lines} material lines, "
        f"{len(ledger.content) / 1e6:.1f} MB .xlsx) in {seconds:.1f} s: peak RSS {peak / 1024:.0f} MB "
        f"(+{(peak - before) / 1024:.0f} MB during the export)"
    )


async def main(
    events: int, rounds: int, only: str | None, export: bool = True, databases: list[str] | None = None
) -> None:
    for url in databases or []:
        print(f"{url}: {rounds} rounds")
        await bench_backend(url, events=None, rounds=rounds, export=export)
        sys.stdout.flush()
    for backend in () if databases else ("sqlite", "postgres"):
        if only and backend != only:
            continue
        print(f"{backend}: {events} events, {rounds} rounds")
        with tempfile.TemporaryDirectory() as folder:
            async with temporary_database(backend, folder) as url:
                await bench_backend(url, events=events, rounds=rounds, export=export)
        sys.stdout.flush()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--export", metavar="DATABASE_URL")
    parser.add_argument("--no-export", action="store_true", help="skip the export's memory measurement")
    parser.add_argument("--database", action="append", metavar="URL", help="time this ledger, not a new one")
    arguments = parser.parse_args()
    if arguments.export:
        asyncio.run(export_once(arguments.export))
    else:
        asyncio.run(
            main(
                arguments.events,
                arguments.rounds,
                arguments.only,
                not arguments.no_export,
                arguments.database,
            )
        )
