"""Charts, .docx files and exports are made in a small thread pool with a bounded queue; beyond it, "busy".

With users handled concurrently, eight coordinators could ask for a 20-year chart at the same moment; each
render takes seconds of CPU and memory. RENDER_WORKERS draw at once, RENDER_WAITING more may wait, and a
request beyond that is told when to try again instead of queueing without end. matplotlib draws with Agg
on a Figure of its own per render, so renders in threads do not share pyplot's global state. A thread
still shares the interpreter lock with the event loop: a long render slows other users' replies (a
process pool is the later cure).

The 台账 export is written by a process of its own (models/reporting/ledger_process.py): a worker here
only waits for it, so the pool still bounds how many run at once while the interpreter lock stays free.
Record sheets are fed: their rows are read on the loop and handed to the writer in the pool a few batches
ahead (`run_fed`), so neither the loop nor the memory holds a year of rows.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import ParamSpec, TypeVar

from models.reporting.feed import feed

P = ParamSpec("P")
T = TypeVar("T")
R = TypeVar("R")

FIRST_GUESS = 10.0  # seconds a render takes, until one has been timed


class RenderBusy(Exception):
    """Every worker is drawing and the queue is full; `retry_after` is a fair guess in seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"render pool busy, retry after {retry_after} s")
        self.retry_after = retry_after


class RenderPool:
    def __init__(self, workers: int, waiting: int) -> None:
        self.workers, self.waiting = workers, waiting
        self._executor: ThreadPoolExecutor | None = None
        self._in_flight = 0
        self._typical = FIRST_GUESS

    async def run(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `function` in the pool, or raise RenderBusy at once when the queue is full."""
        with self._slot() as executor:
            work = partial(function, *args, **kwargs)
            return await asyncio.get_running_loop().run_in_executor(executor, work)

    async def run_fed(self, consume: Callable[[Iterator[T]], R], items: AsyncIterator[T]) -> R:
        """Run `consume` in the pool on `items`, read here on the loop; RenderBusy when the queue is full."""
        with self._slot() as executor:
            return await feed(consume, items, executor=executor)

    @contextmanager
    def _slot(self) -> Iterator[ThreadPoolExecutor]:
        if self._in_flight >= self.workers + self.waiting:
            raise RenderBusy(self.wait_guess())
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="render")
        self._in_flight += 1
        started = time.monotonic()
        try:
            yield self._executor
        finally:
            self._in_flight -= 1
            self._typical = 0.7 * self._typical + 0.3 * (time.monotonic() - started)

    def wait_guess(self) -> int:
        """Seconds until a place is likely free: the typical job's time for each round ahead of it."""
        rounds = math.ceil(self._in_flight / self.workers)
        return max(5, math.ceil(self._typical * rounds))

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
