"""`make bench`: /chart for a year, the renderer before and after issue 12 item 5, in the same run.

Rounds alternate between the renderer as it was (tests/benchmarks/chart_baseline.py, a frozen copy) and
bot/charts.py, on the same series; medians of each, and their ratio:

- a year as the old chart drew it (53 weekly bars, every form) by both renderers: the drawing alone;
- a year as /chart draws it now (12 monthly bars) against the old 53 weeks: what a user waits for;
- the digest's twelve weeks by both;
- /chart for a year end to end, as the handler does it: the series query (with the caption's count of
  events awaiting approval) on a synthetic SQLite ledger, then the drawing in a thread; the medians of
  each and of the two together, and in the same rounds the year's summary that the caption read before.

    python -m tests.benchmarks.charts [--rounds 7] [--events 200000]
    python -m tests.benchmarks.charts --database data/1m.sqlite3  # a copy of a ledger made before
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta

from sqlmodel import select

from bot.charts import render_weekly_chart
from bot.i18n import Texts
from models.catalog.entries import shipped_catalog
from models.db import create_engine, session_maker
from models.organisation.areas import Area
from models.parsing.periods import Period, PeriodKind
from models.reporting.summaries import summarize_period
from models.reporting.weekly import KindSeries, WeeklySeries, weekly_series
from tests.benchmarks.chart_baseline import render_weekly_chart_before
from tests.benchmarks.synthetic import generate

YEAR = Period(PeriodKind.YEAR, date(2022, 1, 1), date(2022, 12, 31))
TWELVE_WEEKS = Period(PeriodKind.RANGE, date(2022, 9, 12), date(2022, 12, 4))


def made_up_series(period: Period, starts: list[date], *, monthly: bool) -> WeeklySeries:
    """Every shipped form with a few events and a few hundred people in most bars."""
    rng = random.Random(2022)
    kinds = tuple(
        KindSeries(
            code=k.code,
            name_zh=k.name_zh,
            name_en=k.name_en,
            events=tuple(rng.randint(0, 40) for _ in starts),
            attendance=tuple(rng.randint(0, 4000) for _ in starts),
        )
        for k in shipped_catalog().kinds
    )
    return WeeklySeries(period=period, weeks=tuple(starts), kinds=kinds, monthly=monthly)


def mondays(period: Period) -> list[date]:
    first = period.start - timedelta(days=period.start.weekday())
    return [first + timedelta(weeks=n) for n in range((period.end - first).days // 7 + 1)]


def median_ms(rounds: int, contenders: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Alternate the contenders round by round; the median of each, in milliseconds."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for action in contenders.values():
        action()  # warm: the font, matplotlib's imports
    for _ in range(rounds):
        for name, action in contenders.items():
            started = time.perf_counter()
            action()
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def compare(label: str, rounds: int, before: Callable[[], object], after: Callable[[], object]) -> None:
    result = median_ms(rounds, {"before": before, "after": after})
    ratio = result["before"] / result["after"]
    print(f"{label:<44} before {result['before']:7.1f} ms   after {result['after']:7.1f} ms   {ratio:4.1f}×")


async def end_to_end(rounds: int, events: int, database: str | None) -> None:
    """/chart for 2022 as the handler does it: the series query, then the drawing (in a thread)."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "bench.sqlite3")
        url = f"sqlite+aiosqlite:///{path}"
        if database:
            shutil.copyfile(database, path)  # the cached ledger itself is never opened for writing
            print(f"  on a copy of {database}")
        else:
            generated = await generate(url, events=events)
            print(f"  generated {generated.events} events over ten years in {generated.seconds:.0f} s")
        engine = create_engine(url)
        sessions = session_maker(engine)
        async with sessions() as session:
            root = (await session.exec(select(Area).where(Area.parent_id == None))).one()  # noqa: E711
        query, draw, total, summary = [], [], [], []
        for n in range(rounds + 1):
            started = time.perf_counter()
            async with sessions() as session:
                series = await weekly_series(session=session, period=YEAR, area=root)
            queried = time.perf_counter()
            await asyncio.to_thread(render_weekly_chart, series, t=Texts("zh"), title="全区 · 2022年")
            drawn = time.perf_counter()
            async with sessions() as session:  # what the caption's basis line read before
                await summarize_period(session=session, period=YEAR, area=root)
            if n:  # the first round warms the caches
                query.append((queried - started) * 1000)
                draw.append((drawn - queried) * 1000)
                total.append((drawn - started) * 1000)
                summary.append((time.perf_counter() - drawn) * 1000)
        await engine.dispose()
    print(
        f"{'/chart 2022, whole district (SQLite)':<44} query {statistics.median(query):6.1f} ms   "
        f"draw {statistics.median(draw):6.1f} ms   query + draw {statistics.median(total):6.1f} ms   "
        f"(target < 300 ms)"
    )
    print(
        f"{'  the year summary the caption read before':<44} {statistics.median(summary):6.1f} ms "
        f"(no longer read: the series counts the events awaiting approval)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--database", help="a SQLite ledger to copy instead of generating one")
    parser.add_argument("--no-database", action="store_true", help="only the drawing")
    args = parser.parse_args()
    t = Texts("zh")
    weekly_year = made_up_series(YEAR, mondays(YEAR), monthly=False)
    monthly_year = made_up_series(YEAR, [date(2022, m, 1) for m in range(1, 13)], monthly=True)
    digest = made_up_series(TWELVE_WEEKS, mondays(TWELVE_WEEKS), monthly=False)
    print(f"charts, medians of {args.rounds} rounds, same run; load {os.getloadavg()[0]:.2f}")
    compare(
        "a year in 53 weekly bars (same drawing)",
        args.rounds,
        lambda: render_weekly_chart_before(weekly_year, t=t, title="全区 · 2022年"),
        lambda: render_weekly_chart(weekly_year, t=t, title="全区 · 2022年"),
    )
    compare(
        "a year: 53 weeks before, 12 months after",
        args.rounds,
        lambda: render_weekly_chart_before(weekly_year, t=t, title="全区 · 2022年"),
        lambda: render_weekly_chart(monthly_year, t=t, title="全区 · 2022年"),
    )
    compare(
        "the digest's twelve weeks",
        args.rounds,
        lambda: render_weekly_chart_before(digest, t=t, title="全区 · 十二周"),
        lambda: render_weekly_chart(digest, t=t, title="全区 · 十二周"),
    )
    if not args.no_database:
        asyncio.run(end_to_end(args.rounds, args.events, args.database))


if __name__ == "__main__":
    main()
