"""SQLite's statements on the event loop's thread: a locked database is waited for beside the loop.

The risk of running statements on the loop's thread is a wait: SQLite's own busy handler would sleep there,
and the coroutine holding the lock could never commit. These tests hold the write lock in this process
(another session) and in another connection, and check that the loop runs on while a writer waits, that
the writer gets through once the lock is let go, and that it gives up, with nothing written, after
BUSY_TIMEOUT_SECONDS.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

import models.sqlite_on_loop
from models.db import create_engine, is_transient_database_error


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/locks.sqlite3")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"))
    yield engine
    await engine.dispose()


async def ticks_while(work: asyncio.Task[object]) -> int:
    """How often the loop ran another coroutine (every 10 ms) while `work` was not done."""
    ticks = 0
    while not work.done():
        await asyncio.sleep(0.01)
        ticks += 1
    return ticks


async def bodies(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as connection:
        return list((await connection.execute(text("SELECT body FROM note ORDER BY id"))).scalars())


async def test_a_writer_waits_beside_the_loop_for_a_lock_held_by_a_transaction_of_this_process(
    engine: AsyncEngine,
) -> None:
    async def second_writer() -> None:
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO note (body) VALUES ('second')"))

    async with engine.begin() as first:
        await first.execute(text("INSERT INTO note (body) VALUES ('first')"))  # holds the write lock
        waiting = asyncio.create_task(second_writer())
        started = time.monotonic()
        await asyncio.sleep(0.3)  # the first transaction goes on (a Telegram call, say) while the other waits
        assert time.monotonic() - started < 0.6  # the loop was not held by the waiting writer
        assert not waiting.done()
        await first.execute(text("INSERT INTO note (body) VALUES ('first, again')"))
    # With SQLite's own busy handler on the loop's thread the second writer would have stopped the loop
    # (and the first transaction with it) until it gave up; here it gets through once the first commits.
    await asyncio.wait_for(waiting, timeout=2)
    assert await bodies(engine) == ["first", "first, again", "second"]


async def test_a_lock_held_by_another_connection_is_waited_for_while_the_loop_runs(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    other = sqlite3.connect(tmp_path / "locks.sqlite3", isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO note (body) VALUES ('other')")
    asyncio.get_running_loop().call_later(0.5, other.execute, "COMMIT")

    async def write() -> None:
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO note (body) VALUES ('ours')"))

    started = time.monotonic()
    work = asyncio.create_task(write())
    ticks = await ticks_while(work)
    await work
    other.close()
    assert time.monotonic() - started >= 0.45  # it waited for the lock ...
    assert ticks >= 20  # ... and the loop ran other work meanwhile (about 50 ticks of 10 ms)
    assert await bodies(engine) == ["other", "ours"]


async def test_a_lock_held_past_the_busy_timeout_fails_plainly_and_writes_nothing(
    engine: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(models.sqlite_on_loop, "BUSY_TIMEOUT_SECONDS", 0.3)
    other = sqlite3.connect(tmp_path / "locks.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")

    async def write() -> None:
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO note (body) VALUES ('one')"))
            await connection.execute(text("INSERT INTO note (body) VALUES ('two')"))

    started = time.monotonic()
    work = asyncio.create_task(write())
    ticks = await ticks_while(work)
    with pytest.raises(OperationalError, match="database is locked") as raised:
        await work
    waited = time.monotonic() - started
    other.execute("ROLLBACK")
    other.close()
    assert 0.25 <= waited < 1.5, waited
    assert ticks >= 10
    assert is_transient_database_error(raised.value)  # the handler's retry (bot/outages.py) takes it on
    assert await bodies(engine) == []


async def test_a_streamed_read_still_goes_through_the_connections_thread(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            text("INSERT INTO note (body) VALUES (:body)"), [{"body": f"note {n}"} for n in range(250)]
        )
    async with engine.connect() as connection:
        stream = await connection.stream(
            text("SELECT body FROM note ORDER BY id").execution_options(yield_per=100)
        )
        read = [row async for row in stream.scalars()]
    assert read == [f"note {n}" for n in range(250)]
