"""Posting the weekly digest: every owed week of every active subscription, exactly once.

A week is owed when its digest time (the subscription's weekday and time in its zone) has passed since
the subscription was switched on and no delivery of it is marked sent. The same pass runs at the
subscription's time, at start-up (catch-up) and every SWEEP as a safety net.

Catch-up posts one digest per missed week, oldest first, rather than one covering them all: a delivery is
the proof that one ISO week was posted, the leaders' weekly figures line up with the ledger's weeks, and a
chat that was down for three weeks reads three short digests in order instead of a summary of a period
nobody asked for. The per-group flood limit (20 a minute) leaves room for that.

Exactly once per (chat, week) part by part: a message is claimed only when the rate limiter lets it go on
the wire and recorded as soon as Telegram answers (jobs/digest_claims.py), so a crash leaves ambiguous
only the requests then in flight; models/scheduling/claims.py says why that one message per request can
never be made certain.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Collection
from html import escape

from telegram import Message
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.digest_cards import chart_title
from bot.i18n import Texts
from bot.metrics import DIGESTS
from bot.rate_limit import before_the_wire
from bot.state import PufaApplication
from jobs.digest_claims import PARTS, Busy, PartSent, WeekSent, wire_slot
from jobs.digest_render import FACT_LANES, DigestRun, Sleep
from models.parsing.periods import Period
from models.scheduling.digests import (
    DigestSubscription,
    active_subscriptions,
    due_weeks,
    move_subscription,
    sent_weeks,
    stop_subscription,
)

log = logging.getLogger(__name__)

NETWORK_RETRIES = 3  # then the week is given back, and the next sweep or start tries again
BACKOFF = 2.0  # seconds before the first retry, doubled each time
WORKERS = 16  # chats served at once; the rate limiter decides how fast messages actually go
BUSY_POLLS = 7  # a week another sender holds is polled this often, a third of the lease apart


class Stop(Exception):
    """This chat gets nothing more in this pass."""


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
            try:
                await post_weeks(run, subscription, weeks)
            finally:
                run.ahead.release()  # one chat done: the renderers may go one chat further ahead

    # Rendering runs ahead of sending, in the order the senders take the chats, so that a sender finds
    # its chat's text and chart ready instead of waiting for them between two sends.
    run.start_pool(len({(s.area_id, w.start, s.language) for s, weeks in owed for w in weeks}))
    background = [asyncio.ensure_future(run.claims.heartbeat())]
    background += [
        asyncio.ensure_future(run.render_ahead(owed, lane, FACT_LANES)) for lane in range(FACT_LANES)
    ]
    try:
        await asyncio.gather(*(worker() for _ in range(min(WORKERS, len(owed)))))
    finally:
        for task in background:
            task.cancel()
        for task in background:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        run.close_pool()
    return run.posted


async def post_weeks(run: DigestRun, subscription: DigestSubscription, weeks: list[Period]) -> None:
    """One chat's owed weeks, oldest first, one message at a time; stop at the first failure."""
    for week in weeks:
        try:
            await post_week(run, subscription, week)
        except Stop:
            return


async def post_week(run: DigestRun, subscription: DigestSubscription, week: Period) -> None:
    """The text, then the chart; each claimed as it goes on the wire, so a part sent before is skipped."""
    bot = run.app.bot
    t = Texts(subscription.language)
    try:
        facts = await run.facts(subscription.area_id, week)
        text = run.text(subscription.area_id, week, facts, t)
        await send_part(run, subscription, week, 1, lambda chat_id: bot.send_message(chat_id, text))
        photo = await run.chart(subscription.area_id, week, facts, t)
        caption = escape(chart_title(facts, t=t))
        sent = await send_part(
            run, subscription, week, PARTS, lambda chat_id: bot.send_photo(chat_id, photo, caption=caption)
        )
    except WeekSent:
        DIGESTS.labels("skipped").inc()
        return  # posted already, by an earlier run or another sender
    except Busy as busy:
        DIGESTS.labels("busy").inc()
        log.info("the digest of chat %s is being sent by another sender", subscription.chat_id)
        raise Stop from busy
    except Exception as error:
        DIGESTS.labels("failed").inc()
        await _give_back(run, subscription, week, error)
        raise Stop from error
    DIGESTS.labels("sent" if sent is not None else "skipped").inc()
    if sent is not None:
        run.remember_chart(subscription.area_id, week, t, sent)
        run.posted += 1


async def send_part(
    run: DigestRun,
    subscription: DigestSubscription,
    week: Period,
    part: int,
    make: Callable[[int], Awaitable[Message]],
) -> Message | None:
    """Send one part, claimed at the wire and recorded at the answer; None when it had been sent already.

    A week claimed by another sender is polled every third of the lease: a live sender finishes its part
    (or gives it back), a dead one's claim lapses and is taken over here. After BUSY_POLLS this run gives
    up, and the next sweep or start tries again.
    """
    assert subscription.id is not None
    claims = run.claims
    for _poll in range(BUSY_POLLS):
        try:
            async with wire_slot(run.app.bot_data):
                with before_the_wire(claims.hook(subscription.id, week.start, part)):
                    message = await _send(run, subscription, make)
                # Telegram has the message. A crash before the next line leaves the part unrecorded: the
                # one ambiguity no Bot API removes (models/scheduling/claims.py); the next sender resends.
                await claims.sent(subscription.id, week.start, part)
                return message
        except PartSent:
            return None
        except Busy:
            await run.sleep(claims.lease.total_seconds() / 3)
    raise Busy


async def _send(
    run: DigestRun, subscription: DigestSubscription, make: Callable[[int], Awaitable[Message]]
) -> Message:
    """Send patiently: wait out RetryAfter, follow a migrated group, back off on network errors.

    The rate limiter already waits out a few 429s; one that still comes through is waited out here.
    A network error may hide a message Telegram did accept (a lost answer); retrying it may post it
    twice. That is the ambiguity of models/scheduling/claims.py, not a lost digest.
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
    run: DigestRun, subscription: DigestSubscription, week: Period, error: Exception
) -> None:
    """Release the week (never marked sent); if Telegram says the chat is gone, stop the subscription."""
    state = run.app.bot_data
    assert subscription.id is not None
    gone = isinstance(error, Forbidden) or (
        isinstance(error, BadRequest) and "chat not found" in error.message.lower()
    )
    reason = error.message if isinstance(error, TelegramError) else repr(error)
    await run.claims.give_back(subscription.id, week.start, reason)
    if gone:
        async with state.sessions.begin() as session:
            await stop_subscription(
                session=session, subscription_id=subscription.id, reason=reason, now=state.now()
            )
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
