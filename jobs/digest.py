"""Posting the weekly digest: every owed week of every active subscription, exactly once.

A week is owed when its digest time (the subscription's weekday and time in its zone) has passed since
the subscription was switched on and no delivery of it is marked sent. The same pass runs at the
subscription's time, at start-up (catch-up) and every SWEEP as a safety net.

Catch-up posts one digest per missed week, oldest first, rather than one covering them all: a delivery is
the proof that one ISO week was posted, the leaders' weekly figures line up with the ledger's weeks, and a
chat that was down for three weeks reads three short digests in order instead of a summary of a period
nobody asked for. The per-group flood limit (20 a minute) leaves room for that.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from html import escape
from uuid import uuid4

from telegram import Message
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.charts import render_weekly_chart
from bot.digest_cards import chart_title, digest_text
from bot.i18n import Texts
from bot.state import PufaApplication
from models.organisation.areas import Area
from models.parsing.periods import Period
from models.reporting.weekly import weekly_series
from models.scheduling.digest_facts import DigestFacts, chart_period, gather_digest
from models.scheduling.digests import (
    DigestDelivery,
    DigestSubscription,
    active_subscriptions,
    claim_delivery,
    due_weeks,
    mark_sent,
    move_subscription,
    record_part_sent,
    release_delivery,
    sent_weeks,
    stop_subscription,
)

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
NETWORK_RETRIES = 3  # then the week is given back, and the next sweep or start tries again
BACKOFF = 2.0  # seconds before the first retry, doubled each time
WORKERS = 16  # chats served at once; the rate limiter decides how fast messages actually go


class Stop(Exception):
    """This chat gets nothing more in this pass."""


@dataclass
class DigestRun:
    """One pass of sending. What many chats share is made once: the facts per area and week, the chart."""

    app: PufaApplication
    sleep: Sleep = asyncio.sleep
    owner: str = field(default_factory=lambda: uuid4().hex)
    posted: int = 0
    _facts: dict[tuple[int, date], asyncio.Future[DigestFacts]] = field(default_factory=dict)
    _charts: dict[tuple[int, date, str], asyncio.Future[bytes]] = field(default_factory=dict)
    _chart_ids: dict[tuple[int, date, str], str] = field(default_factory=dict)  # Telegram's file_id

    async def facts(self, area_id: int, week: Period) -> DigestFacts:
        key = (area_id, week.start)
        if key not in self._facts:
            self._facts[key] = asyncio.ensure_future(self._gather(area_id, week))
        return await self._facts[key]

    async def _gather(self, area_id: int, week: Period) -> DigestFacts:
        async with self.app.bot_data.sessions() as session:
            area = await session.get(Area, area_id)
            assert area is not None
            return await gather_digest(session=session, week=week, area=area)

    async def chart(self, area_id: int, week: Period, facts: DigestFacts, t: Texts) -> bytes | str:
        """The chart's file_id once Telegram has it, else its PNG (drawn once per area, week and language)."""
        key = (area_id, week.start, t.language)
        if key in self._chart_ids:
            return self._chart_ids[key]
        if key not in self._charts:
            self._charts[key] = asyncio.ensure_future(self._draw(area_id, week, facts, t))
        return await self._charts[key]

    async def _draw(self, area_id: int, week: Period, facts: DigestFacts, t: Texts) -> bytes:
        async with self.app.bot_data.sessions() as session:
            area = await session.get(Area, area_id)
            assert area is not None
            series = await weekly_series(session=session, period=chart_period(week), area=area)
        return await asyncio.to_thread(render_weekly_chart, series, t=t, title=chart_title(facts, t=t))

    def remember_chart(self, area_id: int, week: Period, t: Texts, message: Message) -> None:
        if message.photo:
            self._chart_ids[(area_id, week.start, t.language)] = message.photo[-1].file_id


async def post_owed_digests(
    app: PufaApplication, *, subscription_ids: Collection[int] | None = None, sleep: Sleep = asyncio.sleep
) -> int:
    """Post every owed digest (of the given subscriptions, or all); return how many were posted."""
    state = app.bot_data
    now = state.now()
    async with state.sessions() as session:
        subscriptions = [
            s
            for s in await active_subscriptions(session=session)
            if subscription_ids is None or s.id in subscription_ids
        ]
        done = await sent_weeks(session=session, subscription_ids=[s.id for s in subscriptions if s.id])
    owed = [
        (subscription, weeks)
        for subscription in subscriptions
        if (weeks := [w for w in due_weeks(subscription, now=now) if (subscription.id, w.start) not in done])
    ]
    run = DigestRun(app, sleep=sleep)
    queue: asyncio.Queue[tuple[DigestSubscription, list[Period]]] = asyncio.Queue()
    for item in owed:
        queue.put_nowait(item)

    async def worker() -> None:
        while not queue.empty():
            subscription, weeks = queue.get_nowait()
            await post_weeks(run, subscription, weeks)

    await asyncio.gather(*(worker() for _ in range(min(WORKERS, len(owed)))))
    return run.posted


async def post_weeks(run: DigestRun, subscription: DigestSubscription, weeks: list[Period]) -> None:
    """One chat's owed weeks, oldest first, one message at a time; stop at the first failure."""
    for week in weeks:
        try:
            await post_week(run, subscription, week)
        except Stop:
            return


async def post_week(run: DigestRun, subscription: DigestSubscription, week: Period) -> None:
    state = run.app.bot_data
    assert subscription.id is not None
    async with state.sessions.begin() as session:
        delivery = await claim_delivery(
            session=session,
            subscription_id=subscription.id,
            week_start=week.start,
            owner=run.owner,
            now=state.now(),
        )
    if delivery is None:
        return  # posted already, or another sender is on it
    assert delivery.id is not None
    try:
        await send_digest(run, subscription, week, delivery)
    except Exception as error:
        await _give_back(run, subscription, delivery, error)
        raise Stop from error
    async with state.sessions.begin() as session:
        await mark_sent(session=session, delivery_id=delivery.id, owner=run.owner, now=state.now())
    run.posted += 1


async def send_digest(
    run: DigestRun, subscription: DigestSubscription, week: Period, delivery: DigestDelivery
) -> None:
    """The text, then the chart; a part sent on an earlier attempt is not sent again."""
    bot, state = run.app.bot, run.app.bot_data
    t = Texts(subscription.language)
    facts = await run.facts(subscription.area_id, week)
    assert delivery.id is not None
    if delivery.parts_sent < 1:
        text = digest_text(facts, t=t)
        await _send(run, subscription, lambda chat_id: bot.send_message(chat_id, text))
        async with state.sessions.begin() as session:
            await record_part_sent(session=session, delivery_id=delivery.id, owner=run.owner, parts=1)
    photo = await run.chart(subscription.area_id, week, facts, t)
    caption = escape(chart_title(facts, t=t))
    sent = await _send(run, subscription, lambda chat_id: bot.send_photo(chat_id, photo, caption=caption))
    run.remember_chart(subscription.area_id, week, t, sent)


async def _send(
    run: DigestRun, subscription: DigestSubscription, make: Callable[[int], Awaitable[Message]]
) -> Message:
    """Send patiently: wait out RetryAfter, follow a migrated group, back off on network errors.

    The rate limiter already waits out a few 429s; one that still comes through is waited out here.
    """
    failures = 0
    while True:
        try:
            return await make(subscription.chat_id)
        except RetryAfter as error:
            # The public retry_after warns that its type changes in PTB 23; PTB's own limiter reads this.
            await run.sleep(error._retry_after.total_seconds())
        except ChatMigrated as error:
            assert subscription.id is not None
            async with run.app.bot_data.sessions.begin() as session:
                await move_subscription(
                    session=session, subscription_id=subscription.id, chat_id=error.new_chat_id
                )
            subscription.chat_id = error.new_chat_id
        except (Forbidden, BadRequest):
            raise
        except NetworkError as error:
            failures += 1
            if failures > NETWORK_RETRIES:
                raise
            wait = BACKOFF * 2 ** (failures - 1)
            log.info(
                "network error posting a digest to %s (%s); retrying in %.0f s",
                subscription.chat_id,
                error,
                wait,
            )
            await run.sleep(wait)


async def _give_back(
    run: DigestRun, subscription: DigestSubscription, delivery: DigestDelivery, error: Exception
) -> None:
    """Release the week (never marked sent); if Telegram says the chat is gone, stop the subscription."""
    state = run.app.bot_data
    assert subscription.id is not None and delivery.id is not None
    gone = isinstance(error, Forbidden) or (
        isinstance(error, BadRequest) and "chat not found" in error.message.lower()
    )
    reason = error.message if isinstance(error, TelegramError) else repr(error)
    async with state.sessions.begin() as session:
        await release_delivery(session=session, delivery_id=delivery.id, owner=run.owner, error=reason)
        if gone:
            await stop_subscription(
                session=session, subscription_id=subscription.id, reason=reason, now=state.now()
            )
    if gone:
        log.warning(
            "digest subscription %s of chat %s stopped: %s", subscription.id, subscription.chat_id, reason
        )
    elif isinstance(error, TelegramError):
        log.warning("digest of chat %s not posted, will retry: %s", subscription.chat_id, reason)
    else:
        log.error("digest of chat %s failed", subscription.chat_id, exc_info=error)


def ptb_weekday(weekday: int) -> int:
    """PTB's run_daily counts days from Sunday = 0; date.weekday() from Monday = 0."""
    return (weekday + 1) % 7
