"""Scheduled work on PTB's JobQueue: the weekly digest and the reminders.

`register_jobs` (from the application factory) puts the fixed jobs on the queue; the digests' schedule
comes from the database, so the `schedule` job, run once as soon as the queue starts, reads the
subscriptions, gives each a daily-cron job at its weekday and time, and posts what was missed while the
bot was down. `weekly_digest` repeats every SWEEP: it re-reads the schedule (another replica's handler may
have changed it) and posts anything still owed (a network failure, a claim left by a dead process).

Every job first asks the job lock (jobs/leadership.py): of several replicas on one PostgreSQL database
only one runs them. The `leadership` job asks every LEADER_RETRY_SECONDS: a replica that takes the lock
over does what `schedule` does at start-up, and the holder rereads the subscriptions, so a /digest change
handled by another replica reaches its schedule within seconds. `JOBS` names what the offline console's
`:run` can start by hand.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, cast
from weakref import WeakKeyDictionary

from bot.state import AppState, Context, PufaApplication
from jobs.digest import post_owed_digests, ptb_weekday
from jobs.leadership import job_lock
from jobs.reminders import send_heads_ups, send_nudges
from models.intake import KEEP_FOR, forget_handled_updates
from models.scheduling.digests import DigestSubscription, active_subscriptions

log = logging.getLogger(__name__)

_fingerprints: WeakKeyDictionary[AppState, int] = WeakKeyDictionary()

SWEEP = timedelta(minutes=10)
DIGEST_JOB = "weekly_digest:{id}"
# A digest whose time passed while the event loop was busy still goes out (and only once).
DIGEST_JOB_KWARGS = {"misfire_grace_time": 6 * 3600, "coalesce": True}

JobCallback = Callable[[Any], Awaitable[None]]


def _application(context: Context) -> PufaApplication:
    return cast(PufaApplication, context.application)


async def start_schedule(context: Context) -> None:
    """At start-up: the digests' schedule from the database, then the catch-up of everything missed."""
    app = _application(context)
    if not await job_lock(app.bot_data).held():
        return
    await rebuild_schedule(app)
    posted = await post_owed_digests(app)
    if posted:
        log.info("caught up %d digests missed while the bot was down", posted)
    await send_nudges(app)
    await send_heads_ups(app)


async def sweep_digests(context: Context) -> None:
    app = _application(context)
    if not await job_lock(app.bot_data).held():
        return
    await rebuild_schedule(app)
    await post_owed_digests(app)


async def digest_of_subscription(context: Context) -> None:
    app = _application(context)
    assert context.job is not None
    if await job_lock(app.bot_data).held():
        await post_owed_digests(app, subscription_ids={cast(int, context.job.data)})


async def nudge_workers(context: Context) -> None:
    app = _application(context)
    if await job_lock(app.bot_data).held():
        await send_nudges(app)


async def calendar_heads_up(context: Context) -> None:
    app = _application(context)
    if await job_lock(app.bot_data).held():
        await send_heads_ups(app)


JOBS: dict[str, JobCallback] = {
    "weekly_digest": sweep_digests,
    "weekly_nudges": nudge_workers,
    "calendar_heads_up": calendar_heads_up,
}


async def keep_leadership(context: Context) -> None:
    """The holder's heartbeat, the others' bid; the schedule follows the subscriptions in the database."""
    app = _application(context)
    lock = job_lock(app.bot_data)
    was_leader = lock.is_leader
    if not await lock.held():
        return
    seen = await schedule_fingerprint(app)
    if not was_leader:
        log.info("took over the scheduled jobs")
        await start_schedule(context)
    elif _fingerprints.get(app.bot_data) not in (None, seen):
        await rebuild_schedule(app)
        await post_owed_digests(app)
    _fingerprints[app.bot_data] = seen


async def schedule_fingerprint(application: PufaApplication) -> int:
    """A hash of what the digests' schedule depends on: it changes when any subscription does."""
    async with application.bot_data.sessions() as session:
        subscriptions = await active_subscriptions(session=session)
    return hash(tuple(sorted((s.id or 0, s.weekday, s.minute, s.timezone) for s in subscriptions)))


async def forget_old_updates(context: Context) -> None:
    app = _application(context)
    if await job_lock(app.bot_data).held():
        async with app.bot_data.sessions.begin() as session:
            await forget_handled_updates(session=session, before=app.bot_data.now() - KEEP_FOR)


def register_jobs(application: PufaApplication) -> None:
    """Put the fixed jobs on the JobQueue; `start_schedule` adds one per digest subscription."""
    queue = application.job_queue
    if queue is None:  # PTB without the job-queue extra
        return
    zone = application.bot_data.settings.tz
    times = application.bot_data.settings
    queue.run_once(start_schedule, when=0, name="schedule", job_kwargs={"misfire_grace_time": None})
    queue.run_repeating(sweep_digests, interval=SWEEP, first=SWEEP, name="weekly_digest")
    every = times.leader_retry_seconds
    queue.run_repeating(keep_leadership, interval=every, first=every, name="leadership")
    queue.run_repeating(forget_old_updates, interval=3600, first=600, name="forget_old_updates")
    queue.run_daily(
        nudge_workers,
        time=times.nudge_time.replace(tzinfo=zone),
        days=(ptb_weekday(times.nudge_weekday),),
        name="weekly_nudges",
    )
    queue.run_daily(
        calendar_heads_up, time=times.heads_up_time.replace(tzinfo=zone), name="calendar_heads_up"
    )


def schedule_digest(application: PufaApplication, subscription: DigestSubscription) -> None:
    """(Re)place the subscription's job: at its weekday and time in its zone, or none when it is off."""
    queue = application.job_queue
    if queue is None:
        return
    name = DIGEST_JOB.format(id=subscription.id)
    for job in queue.get_jobs_by_name(name):
        job.schedule_removal()
    if not subscription.active:
        return
    queue.run_daily(
        digest_of_subscription,
        time=subscription.at.replace(tzinfo=subscription.zone),
        days=(ptb_weekday(subscription.weekday),),
        name=name,
        data=subscription.id,
        job_kwargs=DIGEST_JOB_KWARGS,
    )


async def rebuild_schedule(application: PufaApplication) -> None:
    """One job per active subscription, none for the others."""
    queue = application.job_queue
    if queue is None:
        return
    async with application.bot_data.sessions() as session:
        subscriptions = await active_subscriptions(session=session)
    wanted = {DIGEST_JOB.format(id=s.id) for s in subscriptions}
    for job in queue.jobs():
        if job.name and job.name.startswith("weekly_digest:") and job.name not in wanted:
            job.schedule_removal()
    for subscription in subscriptions:
        schedule_digest(application, subscription)


async def stop_jobs(application: PufaApplication) -> None:
    """At shutdown: give up the job lock, so another replica takes over at once."""
    await job_lock(application.bot_data).release()
