"""Updates of different users run concurrently; one user's run strictly in the order Telegram sent them.

PTB's `BaseUpdateProcessor.process_update` takes its semaphore *before* `do_process_update`. Were that
semaphore the bound on running handlers, the queued updates of one busy user would hold every slot while
they wait for their turn, and one flooding user would stall everybody. So here the base semaphore only
bounds the updates admitted (running, or waiting for their user's turn), and a second semaphore, taken
once the user's turn has come, bounds the handlers running at once.

One user's updates keep their order because each takes the user's lock in arrival order (asyncio's locks
are first come, first served) before its first suspension point; a lock exists only while an update of
its user is in flight, so memory stays bounded by the updates in flight.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Protocol

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Updates admitted per running slot: a user's backlog waits for its turn without holding a slot.
ADMITTED_PER_SLOT = 64

TurnAway = Callable[[], Awaitable[None]]


class Admission(Protocol):
    def refuse(self, update: object) -> TurnAway | None:
        """None admits `update`; else how to turn it away. Decides at once, without awaiting anything."""


def order_key(update: object) -> Hashable | None:
    """Whose turn an update waits for: its user, else its chat; None runs it without waiting."""
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    if update.effective_chat is not None:
        return ("chat", update.effective_chat.id)
    return None


@dataclass
class _Turn:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    waiting: int = 0  # updates of this key in flight; the entry goes when the last one is done


class UserOrder(BaseUpdateProcessor):
    """At most `running_limit` handlers at once, one user's (or chat's) updates one after another."""

    def __init__(self, running_limit: int, *, admission: Admission | None = None) -> None:
        super().__init__(running_limit * ADMITTED_PER_SLOT)
        self.running_limit = running_limit
        self._running = asyncio.Semaphore(running_limit)
        self._turns: dict[Hashable, _Turn] = {}
        self._admission = admission

    @property
    def keys_in_flight(self) -> int:
        return len(self._turns)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        turn_away = self._admission.refuse(update) if self._admission is not None else None
        if turn_away is not None:
            _discard(coroutine)
            await turn_away()
            return
        key = order_key(update)
        if key is None:
            async with self._running:
                await coroutine
            return
        turn = self._turns.setdefault(key, _Turn())
        turn.waiting += 1
        started = False
        try:
            async with turn.lock, self._running:
                started = True
                await coroutine
        finally:
            if not started:  # cancelled while waiting (shutdown): the coroutine never ran
                _discard(coroutine)
            turn.waiting -= 1
            if turn.waiting == 0:
                del self._turns[key]

    async def initialize(self) -> None:
        """Nothing to allocate: locks are made as updates arrive."""

    async def shutdown(self) -> None:
        """Nothing to free: every lock goes with the last update of its user."""


def _discard(coroutine: Awaitable[Any]) -> None:
    # An update that is dropped never runs its coroutine; closing it spares a "never awaited" warning.
    if inspect.iscoroutine(coroutine):
        coroutine.close()
