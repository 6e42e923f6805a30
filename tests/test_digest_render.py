"""A digest pass with many charts draws them in worker processes: what crosses to them is plain data."""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from datetime import date

from jobs.digest_render import draw_chart
from models.parsing.periods import Period, PeriodKind
from models.reporting.weekly import KindSeries, WeeklySeries


async def test_a_chart_is_drawn_in_a_worker_process_from_the_series_and_a_language() -> None:
    period = Period(PeriodKind.RANGE, date(2022, 3, 28), date(2022, 6, 19))
    weeks = tuple(date(2022, 3, 28).fromordinal(date(2022, 3, 28).toordinal() + 7 * n) for n in range(12))
    series = WeeklySeries(
        period=period,
        weeks=weeks,
        kinds=(KindSeries("law_fair", "法律大集", "law fair", (1,) * 12, (120,) * 12),),
    )
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("forkserver"))
    try:
        png = await asyncio.get_running_loop().run_in_executor(pool, draw_chart, series, "zh", "幸福社区")
    finally:
        pool.shutdown()
    assert png.startswith(b"\x89PNG")
