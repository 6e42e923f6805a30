"""All of Monday's digest jobs firing at once: only messages on the wire hold a claim.

Each subscription has its own job at its weekday and time, so at Monday 09:00 every chat's digest is
queued in the rate limiter together. The runs are cancelled hard a moment into the fan-out (as a crash
would stop them: nothing given back), the claims left are counted, and a second Application on the same
database, started a lease later, posts the rest. In process, with the stand-in's flood limits on.

PostgreSQL only: a task cancelled in the middle of an aiosqlite query leaves that connection's thread
holding SQLite's write lock, which a real crash would free; tests/test_digest_crash.py kills a real process
on SQLite instead.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlmodel import col, select

from bot.standin import FakeTelegram
from jobs.digest import post_owed_digests
from jobs.digest_claims import IN_FLIGHT
from models.organisation.areas import ensure_root_area
from models.scheduling.digests import DeliveryStatus, DigestDelivery, DigestSubscription
from tests.databases import temporary_database
from tests.harness import Clock, running_bot

CHATS = 60
SUBSCRIBED = datetime(2022, 6, 17, 4, 0, tzinfo=UTC)  # Friday
MONDAY_NINE = datetime(2022, 6, 20, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


def sends(api: FakeTelegram) -> Counter[tuple[str, int]]:
    return Counter(
        (call.method, int(call.params["chat_id"]))
        for call in api.calls
        if call.method in ("sendMessage", "sendPhoto") and call.status == 200
    )


@pytest.fixture
async def postgres_url(tmp_path: Path) -> AsyncIterator[str]:
    async with temporary_database("postgres", str(tmp_path)) as url:
        yield url


@pytest.mark.postgres
async def test_digests_queued_in_the_rate_limiter_hold_no_claim_and_resume_a_lease_later(
    postgres_url: str,
) -> None:
    database_url = postgres_url
    clock = Clock(now=MONDAY_NINE)
    async with running_bot(database_url, clock=clock) as tg:
        api = tg.api
        chats = [api.group(f"领导群{n}").id for n in range(CHATS)]
        async with tg.sessions.begin() as session:
            root = await ensure_root_area(session=session)
            rows = [
                {
                    "chat_id": chat_id,
                    "area_id": root.id,
                    "timezone": "Asia/Shanghai",
                    "language": "zh",
                    "active_since": SUBSCRIBED,
                    "updated_at": SUBSCRIBED,
                }
                for chat_id in chats
            ]
            await session.exec(insert(DigestSubscription).values(rows))
            ids = [i for i in await session.exec(select(col(DigestSubscription.id))) if i is not None]
        # What digest_of_subscription does for each chat when the 09:00 jobs all fire.
        runs = [asyncio.ensure_future(post_owed_digests(tg.app, subscription_ids={i})) for i in ids]
        for _tick in range(6000):  # a minute at most
            if sum(n for (method, _chat), n in sends(api).items() if method == "sendMessage") >= CHATS // 2:
                break
            await asyncio.sleep(0.01)
        for run in runs:
            run.cancel()
        await asyncio.gather(*runs, return_exceptions=True)
        at_stop = sends(api)
        async with tg.sessions() as session:
            claimed = await session.exec(
                select(DigestDelivery).where(DigestDelivery.status == DeliveryStatus.CLAIMED)
            )
            held = len(list(claimed))
    waiting = CHATS - sum(1 for (method, _chat) in at_stop if method == "sendMessage")
    clock.advance(tg.app.bot_data.settings.digest_claim_lease)
    async with running_bot(database_url, api=api, clock=clock) as restarted:
        await post_owed_digests(restarted.app)
    final = sends(api)
    duplicates = sum(n - 1 for n in final.values() if n > 1)
    print(f"\nstopped with {waiting} texts queued; claims held {held}; duplicates {duplicates}")
    assert waiting > 0
    assert held <= IN_FLIGHT  # the messages between the limiter and their record; none of the queue
    assert set(final) == {(m, c) for m in ("sendMessage", "sendPhoto") for c in chats}
    assert duplicates <= held
