"""What a digest pass renders: the facts, text and chart of each area and week, once, ahead of sending.

Many chats may follow one area: its facts (and the chart's series) are gathered once per week, in one
session, its text once per language, its chart drawn once per language and, once Telegram has it, resent
by file_id. Rendering runs ahead of the senders, at most RENDER_AHEAD chats ahead of them so that memory
stays bounded: FACT_LANES gather the facts, in the senders' order, and hand each chart to the drawing
processes without waiting for it, so the database and the CPUs drawing work at the same time and the
drawing processes always have a chart queued.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date

from telegram import Message

from bot.charts import render_weekly_chart
from bot.digest_cards import chart_title, digest_text
from bot.i18n import Texts
from bot.state import PufaApplication
from jobs.digest_claims import WireClaims
from models.organisation.areas import Area
from models.parsing.periods import Period
from models.reporting.weekly import WeeklySeries, weekly_series
from models.scheduling.digest_facts import DigestFacts, chart_period, gather_digest
from models.scheduling.digests import DigestSubscription

Sleep = Callable[[float], Awaitable[None]]
RENDER_LANES = 2  # charts drawn at once ahead of the senders: one per core of a small server
FACT_LANES = 4  # areas whose facts are read at once (each a session: SQLite reads side by side in WAL)
RENDER_AHEAD = 64  # chats rendered ahead of the senders at most
POOL_FROM = 16  # charts in a pass beyond which they are drawn in worker processes


def draw_chart(series: WeeklySeries, language: str, title: str) -> bytes:
    """In a worker process: the chart's PNG (a process gets the language, not the Texts)."""
    return render_weekly_chart(series, t=Texts(language), title=title)


@dataclass
class DigestRun:
    """One pass of sending. What many chats share is made once: the facts per area and week, the chart."""

    app: PufaApplication
    sleep: Sleep = asyncio.sleep
    claims: WireClaims = field(init=False)
    posted: int = 0
    _facts: dict[tuple[int, date], asyncio.Future[tuple[DigestFacts, WeeklySeries]]] = field(
        default_factory=dict
    )
    _charts: dict[tuple[int, date, str], asyncio.Future[bytes]] = field(default_factory=dict)
    _chart_ids: dict[tuple[int, date, str], str] = field(default_factory=dict)  # Telegram's file_id
    _texts: dict[tuple[int, date, str], str] = field(default_factory=dict)
    ahead: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(RENDER_AHEAD))

    pool: ProcessPoolExecutor | None = None  # for many charts: drawn beside the event loop, not under it

    def __post_init__(self) -> None:
        self.claims = WireClaims(self.app)

    def start_pool(self, charts: int) -> None:
        """With more than POOL_FROM charts to draw, draw them in RENDER_LANES processes of their own: a
        chart is CPU in Python, and in a thread it holds the interpreter lock the senders need."""
        if charts > POOL_FROM and self.pool is None:
            self.pool = ProcessPoolExecutor(
                RENDER_LANES, mp_context=multiprocessing.get_context("forkserver")
            )

    def close_pool(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)

    async def facts(self, area_id: int, week: Period) -> DigestFacts:
        facts, _series = await self._gathered(area_id, week)
        return facts

    def _gathered(self, area_id: int, week: Period) -> asyncio.Future[tuple[DigestFacts, WeeklySeries]]:
        key = (area_id, week.start)
        if key not in self._facts:
            self._facts[key] = asyncio.ensure_future(self._gather(area_id, week))
        return self._facts[key]

    async def _gather(self, area_id: int, week: Period) -> tuple[DigestFacts, WeeklySeries]:
        """The digest's facts and its chart's series, in one session."""
        async with self.app.bot_data.sessions() as session:
            area = await session.get(Area, area_id)
            assert area is not None
            facts = await gather_digest(session=session, week=week, area=area)
            series = await weekly_series(session=session, period=chart_period(week), area=area)
        return facts, series

    async def chart(self, area_id: int, week: Period, facts: DigestFacts, t: Texts) -> bytes | str:
        """The chart's file_id once Telegram has it, else its PNG (drawn once per area, week and language)."""
        key = (area_id, week.start, t.language)
        if key in self._chart_ids:
            return self._chart_ids[key]
        return await self._start_chart(area_id, week, t)

    def _start_chart(self, area_id: int, week: Period, t: Texts) -> asyncio.Future[bytes]:
        key = (area_id, week.start, t.language)
        if key not in self._charts:
            drawing = asyncio.ensure_future(self._draw(area_id, week, t))
            # A sender that stopped before its chart never awaits it: its error is not news.
            drawing.add_done_callback(lambda done: done.cancelled() or done.exception())
            self._charts[key] = drawing
        return self._charts[key]

    async def _draw(self, area_id: int, week: Period, t: Texts) -> bytes:
        facts, series = await self._gathered(area_id, week)
        title = chart_title(facts, t=t)
        if self.pool is None:
            return await asyncio.to_thread(render_weekly_chart, series, t=t, title=title)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, draw_chart, series, t.language, title)

    def remember_chart(self, area_id: int, week: Period, t: Texts, message: Message) -> None:
        if message.photo:
            key = (area_id, week.start, t.language)
            self._chart_ids[key] = message.photo[-1].file_id
            self._charts.pop(key, None)  # the PNG is not needed again: later chats send the file_id

    def text(self, area_id: int, week: Period, facts: DigestFacts, t: Texts) -> str:
        key = (area_id, week.start, t.language)
        if key not in self._texts:
            self._texts[key] = digest_text(facts, t=t)
        return self._texts[key]

    async def render_ahead(
        self, owed: Sequence[tuple[DigestSubscription, list[Period]]], lane: int, lanes: int
    ) -> None:
        """Gather what the chats of this lane will send, in the senders' order, and start their charts."""
        for n, (subscription, weeks) in enumerate(owed):
            if n % lanes != lane:
                continue
            await self.ahead.acquire()
            t = Texts(subscription.language)
            with contextlib.suppress(Exception):  # the sender meets the same error and handles it
                for week in weeks:
                    facts = await self.facts(subscription.area_id, week)
                    self.text(subscription.area_id, week, facts, t)
                    if (subscription.area_id, week.start, t.language) not in self._chart_ids:
                        self._start_chart(subscription.area_id, week, t)
