"""The job lock changes hands within a heartbeat when its holder's connection is cut, and the holder
follows subscription changes made by other replicas at its next heartbeat."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.state import Context
from jobs import DIGEST_JOB, keep_leadership
from jobs.leadership import LOCK_KEY, JobLock, job_lock
from models.db import create_engine
from models.scheduling.digests import set_digest_time, subscribe
from tests.databases import temporary_database
from tests.factories import make_member
from tests.harness import BotUnderTest

TERMINATE_HOLDER = """
    SELECT pg_terminate_backend(pid) FROM pg_locks
    WHERE locktype = 'advisory' AND objid = :k
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
"""


@pytest.mark.postgres
async def test_a_holder_whose_connection_is_cut_loses_the_lock_to_the_next_bidder(tmp_path: Path) -> None:
    async with temporary_database("postgres", str(tmp_path)) as database_url:
        engine = create_engine(database_url)
        try:
            await cut_the_holder(engine)
        finally:
            await engine.dispose()


async def cut_the_holder(engine: AsyncEngine) -> None:
    first, second = JobLock(engine), JobLock(engine)
    assert await first.held()
    assert not await second.held()
    async with engine.connect() as admin:  # what a network cut or a server-side kill does to it
        cut = await admin.execute(text(TERMINATE_HOLDER), {"k": LOCK_KEY})
        assert cut.scalar() is True
    assert await second.held()  # the server freed it with the session
    assert not await first.held()  # the heartbeat notices, and its bid fails
    assert not first.is_leader
    await second.release()


def context_of(tg: BotUnderTest) -> Context:
    return cast(Context, SimpleNamespace(application=tg.app, job=None))


def digest_jobs(tg: BotUnderTest) -> dict[str, Any]:
    assert tg.app.job_queue is not None
    return {
        job.name: job.next_t
        for job in tg.app.job_queue.jobs()
        if job.name and job.name.startswith("weekly_digest:")
    }


async def test_a_subscription_changed_elsewhere_reaches_the_leaders_schedule_at_its_next_heartbeat(
    tg: BotUnderTest,
) -> None:
    assert tg.app.job_queue is not None
    await tg.app.job_queue.start()
    try:
        await keep_leadership(context_of(tg))  # takes the lock, builds the (empty) schedule
        assert job_lock(tg.app.bot_data).is_leader
        assert digest_jobs(tg) == {}
        async with tg.sessions.begin() as session:  # another replica's /digest on
            coordinator = await make_member(session)
            assert coordinator.id is not None
            subscription = await subscribe(
                session=session,
                chat_id=-100123,
                area_id=coordinator.area_id,
                member_id=coordinator.id,
                language="zh",
                timezone="Asia/Shanghai",
                now=tg.clock(),
            )
        await keep_leadership(context_of(tg))
        name = DIGEST_JOB.format(id=subscription.id)
        assert list(digest_jobs(tg)) == [name]
        first_time = digest_jobs(tg)[name]
        async with tg.sessions.begin() as session:  # … and then /digest time 周三 18:30 there
            await set_digest_time(
                session=session, subscription=subscription, weekday=2, minute=18 * 60 + 30, now=tg.clock()
            )
        await keep_leadership(context_of(tg))
        moved = digest_jobs(tg)[name]
        assert moved != first_time
        assert moved.astimezone(tg.app.bot_data.settings.tz).time() == time(18, 30)
        assert moved.astimezone(tg.app.bot_data.settings.tz).weekday() == 2
        assert moved - first_time != timedelta(0)
    finally:
        await tg.app.job_queue.stop(wait=False)
        await job_lock(tg.app.bot_data).release()
