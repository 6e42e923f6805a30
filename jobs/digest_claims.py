"""A digest run's claims: taken as each message goes on the wire, recorded as Telegram answers, kept alive.

`WireClaims.hook` is what the rate limiter awaits just before a digest message's request is sent
(bot/rate_limit.py, `before_the_wire`): only then is the (chat, week) claimed for that part, so messages
still waiting in the limiter hold no claim. The heartbeat renews the claims held, every third of the lease,
so a live sender keeps them and a dead one's are taken over within the lease (models/scheduling/claims.py).
A message takes one of the process's IN_FLIGHT slots before it queues in the limiter and gives it back
once recorded, so however many runs fire together, a crash finds at most IN_FLIGHT claims held.

On SQLite the claims' transactions take turns within the process (`claims_transaction`): the database
has one writer, and a writer that finds it busy sleeps between tries (then in SQLite's busy handler, up
to 100 ms a try; now beside the loop, models/sqlite_on_loop.py, up to 50 ms), so sixteen senders
recording their parts waited about a second each (1,000 chats of 1,000 areas), holding their IN_FLIGHT
slots meanwhile, and now and then past the busy timeout. An asyncio lock wakes the next one as soon as
the last commits.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import uuid4
from weakref import WeakKeyDictionary

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.rate_limit import WireHook
from bot.state import AppState, PufaApplication
from models.scheduling.claims import (
    claim_delivery,
    delivery_of,
    mark_sent,
    record_part_sent,
    release_claim,
    release_delivery,
    renew_claims,
)
from models.scheduling.digests import DeliveryStatus

PARTS = 2  # the text, then the chart
# Digest messages of one process between the rate limiter and their record, at most: every one of them
# may be a duplicate after a crash, so this bounds the harm; 8 still outpaces Telegram's 30 a second.
IN_FLIGHT = 8

_wire_slots: WeakKeyDictionary[AppState, asyncio.Semaphore] = WeakKeyDictionary()
_claim_writes: WeakKeyDictionary[AppState, asyncio.Lock] = WeakKeyDictionary()


def wire_slot(state: AppState) -> asyncio.Semaphore:
    """The process's IN_FLIGHT slots, shared by every digest run (each subscription's job is one)."""
    if state not in _wire_slots:
        _wire_slots[state] = asyncio.Semaphore(IN_FLIGHT)
    return _wire_slots[state]


@asynccontextmanager
async def claims_transaction(state: AppState) -> AsyncIterator[AsyncSession]:
    """One transaction on the claims; on SQLite, one of this process's at a time (see above)."""
    turn: AbstractAsyncContextManager[object] = nullcontext()
    if state.engine.dialect.name == "sqlite":
        turn = _claim_writes.setdefault(state, asyncio.Lock())
    async with turn, state.sessions.begin() as session:
        yield session


class PartSent(Exception):
    """This part went out already (from this process or another); go on with the next."""


class WeekSent(Exception):
    """The whole week was posted already."""


class Busy(Exception):
    """Another sender holds a live claim on this week."""


@dataclass
class WireClaims:
    app: PufaApplication
    owner: str = field(default_factory=lambda: uuid4().hex)
    held: set[int] = field(default_factory=set)

    @property
    def lease(self) -> timedelta:
        return self.app.bot_data.settings.digest_claim_lease

    def hook(self, subscription_id: int, week_start: date, part: int) -> WireHook:
        async def claim() -> None:
            await self.take(subscription_id, week_start, part)

        return claim

    async def take(self, subscription_id: int, week_start: date, part: int) -> int:
        """Claim the week to send `part` (1-based) now; its delivery id. Raises if it is not ours to send."""
        state = self.app.bot_data
        async with claims_transaction(state) as session:
            delivery = await claim_delivery(
                session=session,
                subscription_id=subscription_id,
                week_start=week_start,
                owner=self.owner,
                now=state.now(),
                lease=self.lease,
            )
            if delivery is None:
                current = await delivery_of(
                    session=session, subscription_id=subscription_id, week_start=week_start
                )
                if current is not None and current.status == DeliveryStatus.SENT:
                    raise WeekSent
                raise Busy
            assert delivery.id is not None
            if delivery.parts_sent >= part:
                await release_claim(session=session, delivery_id=delivery.id, owner=self.owner)
                raise PartSent
        self.held.add(delivery.id)
        return delivery.id

    async def sent(self, subscription_id: int, week_start: date, part: int) -> None:
        """Telegram answered: record the part (the last one marks the week sent) and drop the claim."""
        state = self.app.bot_data
        async with claims_transaction(state) as session:
            delivery = await delivery_of(
                session=session, subscription_id=subscription_id, week_start=week_start
            )
            assert delivery is not None and delivery.id is not None
            if part == PARTS:
                await mark_sent(session=session, delivery_id=delivery.id, parts=part, now=state.now())
            else:
                await record_part_sent(session=session, delivery_id=delivery.id, owner=self.owner, parts=part)
        self.held.discard(delivery.id)

    async def give_back(self, subscription_id: int, week_start: date, error: str) -> None:
        """Release this run's claim on the week after a failure (no-op when it holds none)."""
        async with claims_transaction(self.app.bot_data) as session:
            delivery = await delivery_of(
                session=session, subscription_id=subscription_id, week_start=week_start
            )
            if delivery is None or delivery.id is None:
                return
            await release_delivery(session=session, delivery_id=delivery.id, owner=self.owner, error=error)
        self.held.discard(delivery.id)

    async def heartbeat(self) -> None:
        """Renew the claims held, every third of the lease, until cancelled."""
        state = self.app.bot_data
        while True:
            await asyncio.sleep(self.lease.total_seconds() / 3)
            if self.held:
                async with claims_transaction(state) as session:
                    await renew_claims(
                        session=session, owner=self.owner, delivery_ids=set(self.held), now=state.now()
                    )
