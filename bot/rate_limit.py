"""Keeping under Telegram's flood limits: 30 messages a second overall, 20 a minute into one group.

PTB's AIORateLimiter counts with aiolimiter's leaky bucket, which lets a full bucket go out and then
keeps draining, so up to twice the rate can leave within one second; Telegram (and our stand-in) count
the messages of any one-second window and answer the 31st with 429. This limiter counts the same way,
with sliding windows, and like AIORateLimiter waits out a 429's retry_after and tries again.

A caller that must know the moment its request leaves (the digest claims each message only then, so a
crash leaves no claim on messages still queued here) sets a hook with `before_the_wire`: it is awaited
after the windows let the request through and just before it is sent, on every attempt; an exception it
raises cancels the request and reaches the caller.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextvars import ContextVar
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.metrics import FLOOD_LIMITED

log = logging.getLogger(__name__)

JSONDict = dict[str, Any]
WireHook = Callable[[], Awaitable[None]]

_wire_hook: ContextVar[WireHook | None] = ContextVar("wire_hook", default=None)


@contextlib.contextmanager
def before_the_wire(hook: WireHook) -> Iterator[None]:
    """Await `hook` right before each request this task makes (inside the block) is sent."""
    token = _wire_hook.set(hook)
    try:
        yield
    finally:
        _wire_hook.reset(token)


class SlidingWindow:
    """At most `limit` acquisitions in any `period` seconds; waiters queue in order."""

    def __init__(self, limit: int, period: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.period, self.clock = limit, period, clock
        self._sent: deque[float] = deque()
        self._lock = asyncio.Lock()

    async def acquire(self) -> float:
        """Wait for room and take it; the time it was taken."""
        async with self._lock:
            while True:
                now = self.clock()
                while self._sent and self._sent[0] <= now - self.period:
                    self._sent.popleft()
                if len(self._sent) < self.limit:
                    self._sent.append(now)
                    return now
                await asyncio.sleep(self._sent[0] + self.period - now)

    def restamp(self, stamp: float) -> None:
        """The request let through at `stamp` leaves only now (a hook ran in between): count it from now."""
        with contextlib.suppress(ValueError):
            self._sent.remove(stamp)
        bisect.insort(self._sent, self.clock())


class TelegramRateLimiter(BaseRateLimiter[int]):
    """Overall and per-group sliding windows around every request that goes to a chat."""

    def __init__(
        self,
        *,
        overall_per_second: int = 30,
        group_per_minute: int = 20,
        max_retries: int = 3,
        margin: float = 0.02,  # a little slack: our clock and Telegram's do not start the window together
        enabled: bool = True,
    ) -> None:
        self._overall = SlidingWindow(overall_per_second, 1.0 + margin)
        self._group_limit, self._group_period = group_per_minute, 60.0 + margin
        self._groups: dict[int | str, SlidingWindow] = {}
        self._max_retries, self._enabled = max_retries, enabled

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        chat_id = data.get("chat_id")
        with contextlib.suppress(ValueError, TypeError):
            chat_id = int(chat_id)  # type: ignore[arg-type]
        retries = rate_limit_args or self._max_retries
        for attempt in range(retries + 1):
            taken: list[tuple[SlidingWindow, float]] = []
            if self._enabled and chat_id is not None:
                if isinstance(chat_id, str) or chat_id < 0:  # groups, supergroups and channels
                    window = self._groups.setdefault(
                        chat_id, SlidingWindow(self._group_limit, self._group_period)
                    )
                    taken.append((window, await window.acquire()))
                taken.append((self._overall, await self._overall.acquire()))
            hook = _wire_hook.get()
            if hook is not None:
                await hook()
                for window, stamp in taken:  # the hook's time is not Telegram's: count from the send
                    window.restamp(stamp)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                FLOOD_LIMITED.inc()
                if attempt == retries:
                    raise
                # The public retry_after warns that its type changes in PTB 23; PTB's own limiter reads this.
                wait = error._retry_after.total_seconds() + 0.1
                log.info("flood limit on %s; retrying in %.1f s", endpoint, wait)
                await asyncio.sleep(wait)
        raise AssertionError("unreachable")
