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
from collections.abc import AsyncIterator, Callable
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

import models.sqlite_on_loop
from models.db import SessionMaker, create_engine, is_transient_database_error
from models.organisation.areas import ensure_root_area
from models.parsing.periods import Period, PeriodKind
from models.reporting.rollup_check import rebuild_rollups
from models.reporting.summaries import summarize_period
from models.sqlite_on_loop import on_the_thread

YEAR = Period(PeriodKind.YEAR, date(2022, 1, 1), date(2022, 12, 31))


@pytest.fixture
async def notes(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """An engine on a SQLite file of one table, note."""
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


async def longest_pause(work: asyncio.Task[object]) -> float:
    """The longest the loop went without running another coroutine (asking every 5 ms) while `work` ran."""
    longest, last = 0.0, time.monotonic()
    while not work.done():
        await asyncio.sleep(0.005)
        now = time.monotonic()
        longest, last = max(longest, now - last), now
    return longest


async def bodies(notes: AsyncEngine) -> list[str]:
    async with notes.connect() as connection:
        return list((await connection.execute(text("SELECT body FROM note ORDER BY id"))).scalars())


async def test_a_writer_waits_beside_the_loop_for_a_lock_held_by_a_transaction_of_this_process(
    notes: AsyncEngine,
) -> None:
    async def second_writer() -> None:
        async with notes.begin() as connection:
            await connection.execute(text("INSERT INTO note (body) VALUES ('second')"))

    async with notes.begin() as first:
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
    assert await bodies(notes) == ["first", "first, again", "second"]


@pytest.mark.parametrize("where", ["on the loop", "on the thread"])
async def test_a_lock_held_by_another_connection_is_waited_for_while_the_loop_runs(
    notes: AsyncEngine, tmp_path: Path, where: str
) -> None:
    other = sqlite3.connect(tmp_path / "locks.sqlite3", isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO note (body) VALUES ('other')")
    asyncio.get_running_loop().call_later(0.5, other.execute, "COMMIT")

    async def write() -> None:
        async with notes.begin() as connection:
            with on_the_thread() if where == "on the thread" else nullcontext():
                await connection.execute(text("INSERT INTO note (body) VALUES ('ours')"))

    started = time.monotonic()
    work = asyncio.create_task(write())
    ticks = await ticks_while(work)
    await work
    other.close()
    assert time.monotonic() - started >= 0.45  # it waited for the lock ...
    assert ticks >= 20  # ... and the loop ran other work meanwhile (about 50 ticks of 10 ms)
    assert await bodies(notes) == ["other", "ours"]


async def test_a_lock_held_past_the_busy_timeout_fails_plainly_and_writes_nothing(
    notes: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(models.sqlite_on_loop, "BUSY_TIMEOUT_SECONDS", 0.3)
    other = sqlite3.connect(tmp_path / "locks.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")

    async def write() -> None:
        async with notes.begin() as connection:
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
    assert await bodies(notes) == []


async def test_other_errors_and_an_out_of_date_snapshot_are_not_waited_for(
    notes: AsyncEngine, tmp_path: Path
) -> None:
    started = time.monotonic()
    with pytest.raises(OperationalError, match="no such table"):
        async with notes.connect() as connection:
            await connection.execute(text("SELECT * FROM nowhere"))
    # A transaction that read before another connection committed cannot write: waiting will not help
    # (SQLITE_BUSY_SNAPSHOT), only a new transaction, which the handler's retry makes.
    async with notes.connect() as connection:
        await connection.exec_driver_sql("BEGIN")
        await connection.execute(text("SELECT count(*) FROM note"))
        other = sqlite3.connect(tmp_path / "locks.sqlite3", isolation_level=None)
        other.execute("INSERT INTO note (body) VALUES ('other')")
        other.close()
        with pytest.raises(OperationalError, match="database is locked") as raised:
            await connection.execute(text("INSERT INTO note (body) VALUES ('ours')"))
        await connection.rollback()
    assert raised.value.orig.sqlite_errorcode == sqlite3.SQLITE_BUSY_SNAPSHOT  # type: ignore[union-attr]
    assert time.monotonic() - started < 1.0  # the busy timeout is 5 s
    assert await bodies(notes) == ["other"]


async def test_reads_made_on_the_thread_leave_the_loop_free(notes: AsyncEngine) -> None:
    count = "SELECT count(*) FROM n"  # some hundreds of milliseconds of SQLite's own work
    slow = text(f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500000) {count}")

    async def read(thread: bool) -> int:
        async with notes.connect() as connection:
            with on_the_thread() if thread else nullcontext():
                return int((await connection.execute(slow)).scalar_one())

    aside = asyncio.create_task(read(thread=True))
    assert await longest_pause(aside) < 0.1
    assert await aside == 1500000
    held = asyncio.create_task(read(thread=False))
    assert await longest_pause(held) > 0.15  # on the loop's thread it holds every other user meanwhile
    assert await held == 1500000


async def test_a_streamed_read_still_goes_through_the_connections_thread(
    notes: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with notes.begin() as connection:
        await connection.execute(
            text("INSERT INTO note (body) VALUES (:body)"), [{"body": f"note {n}"} for n in range(250)]
        )
    async with notes.connect() as connection:
        await connection.execute(text("SELECT 1"))  # connected (opening a connection is a trip)
        trips = trips_counted(monkeypatch)
        assert len((await connection.execute(text("SELECT body FROM note"))).all()) == 250
        assert trips() == 0  # a plain read: on the loop's thread
        stream = await connection.stream(
            text("SELECT body FROM note ORDER BY id").execution_options(yield_per=100)
        )
        read = [row async for row in stream.scalars()]
    assert read == [f"note {n}" for n in range(250)]
    assert trips() >= 3  # the statement and its batches of 100


async def test_a_transaction_that_changed_many_rows_commits_on_the_thread(
    notes: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = models.sqlite_on_loop.LARGE_TRANSACTION_ROWS + 1
    async with notes.connect() as connection:
        await connection.execute(text("SELECT 1"))  # connected (opening a connection is a trip)
        trips = trips_counted(monkeypatch)
        await connection.execute(text("INSERT INTO note (body) VALUES ('one')"))
        await connection.commit()
        assert trips() == 0  # a small transaction: statement and commit on the loop's thread
        rows = [{"body": f"note {n}"} for n in range(many)]
        await connection.execute(text("INSERT INTO note (body) VALUES (:body)"), rows)
        await connection.commit()
        assert trips() == 1  # its pages (and a checkpoint) written on the connection's thread
    assert len(await bodies(notes)) == many + 1


async def test_an_in_memory_database_works() -> None:
    engine = create_engine("sqlite+aiosqlite://")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE note (body TEXT)"))
        await connection.execute(text("INSERT INTO note VALUES ('here')"))
        assert (await connection.execute(text("SELECT body FROM note"))).scalar_one() == "here"
    await engine.dispose()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_reports_reads_and_the_rollups_recount_go_to_the_thread(
    sessions: SessionMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reads that add up many rows are made on_the_thread (models/reporting/scope.py's fetch_rows,
    quiet.py, rollup_check.py): on a large ledger each would hold the loop for up to seconds."""
    async with sessions.begin() as session:
        root = await ensure_root_area(session=session)  # connected: opening a connection is a trip
        trips = trips_counted(monkeypatch)
        summary = await summarize_period(session=session, period=YEAR, area=root)
        assert summary.current.events == 0
        read = trips()
        await rebuild_rollups(await session.connection())
        recount = trips() - read
    # Every read of the summary: three of quiet.py's (areas, busy areas, who logged nothing), the rest
    # through fetch_rows (figures by form, materials, themes); the recount's deletes and inserts.
    assert read >= 6, read
    assert recount >= 6, recount


def trips_counted(monkeypatch: pytest.MonkeyPatch) -> Callable[[], int]:
    """Count the calls made on aiosqlite's thread from now on."""
    made = 0
    original = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal made
        made += 1
        return await original(self, fn, *args, **kwargs)  # type: ignore[no-untyped-call]

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return lambda: made
