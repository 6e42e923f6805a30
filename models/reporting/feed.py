"""Hand rows read on the event loop to a writer in another thread, a few batches ahead at most.

The database is read asynchronously on the event loop; the CPU-heavy writing (an .xlsx, a .zip) happens in
a worker thread that consumes the batches as an ordinary iterator. The queue between them is bounded, so
a slow writer holds the reader back instead of letting a year of rows pile up in memory.
"""

from __future__ import annotations

import asyncio
import queue
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import Executor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

AHEAD = 4  # batches the reader may be ahead of the writer
POLL = 0.005  # seconds the reader waits when the writer is behind


class _End:
    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error


def _drain(channel: queue.Queue[T | _End]) -> Iterator[T]:
    while True:
        item = channel.get()
        if isinstance(item, _End):
            if item.error is not None:
                raise RuntimeError("the reader failed") from item.error
            return
        yield item


async def feed(
    consume: Callable[[Iterator[T]], R], items: AsyncIterator[T], *, executor: Executor | None = None
) -> R:
    """Run `consume` in `executor` (the loop's default one when None) on the items read here."""
    channel: queue.Queue[T | _End] = queue.Queue(maxsize=AHEAD)
    writer = asyncio.get_running_loop().run_in_executor(executor, consume, _drain(channel))
    try:
        async for item in items:
            await _put(channel, item, writer)
    except BaseException as error:
        writer.add_done_callback(lambda done: done.cancelled() or done.exception())  # seen: ours is raised
        await _put(channel, _End(error), writer)
        raise
    await _put(channel, _End(), writer)
    return await writer


async def _put(channel: queue.Queue[T | _End], item: T | _End, writer: asyncio.Future[R]) -> None:
    """Put without blocking the loop; give up when the writer has stopped (it raised: awaited after)."""
    while not writer.done():
        try:
            channel.put_nowait(item)
            return
        except queue.Full:
            await asyncio.sleep(POLL)
