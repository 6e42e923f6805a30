"""SQLite statements run on the event loop's own thread; a wait for another writer's lock waits beside it.

aiosqlite runs every call on a thread of the connection's own, and SQLAlchemy's adapter makes a call each
for the cursor, the statement, its rows and the close. Each of those trips hands the interpreter lock to
that thread and back and wakes the event loop through its self-pipe: the kernel's part alone was a sixth
of the CPU of a /log and its ✅ (24 trips a event after a first version of this module made a statement
one trip instead of three or four; 74 before). Our statements are small (an indexed row, an insert, the
rollups' few dozen rows: 40 µs of SQLite on average, measured), so here they run where they are asked
for, on the loop's thread, and the whole statement (cursor, execute, every row, close) is one call.

What may not run there is a wait. SQLite's busy handler sleeps inside the call until another connection
lets go of the write lock; on the loop's thread that sleep stops the loop, and with it the coroutine of
this process that holds the lock and would have committed. So the connections have no busy timeout
(models/db.py), and a statement that finds the database locked waits here instead: asleep beside the
loop, trying again with growing pauses for as long as SQLite would have waited. A statement that met a
lock changed nothing, so it is simply run again. A snapshot that is out of date (SQLITE_BUSY_SNAPSHOT) is
not waited for: only a new transaction helps, as before.

Server-side cursors (a streamed read, fetched in batches) still run on aiosqlite's thread: a long read
does not hold the loop. Transactions, errors and the pool are still SQLAlchemy's and aiosqlite's. Nothing
in either does this, so it is written here, as a subclass of SQLAlchemy's own adapter
(`sqlalchemy.dialects.sqlite.aiosqlite`, 2.1, pinned) handed to the engine as its DBAPI module;
tests/test_log_cost.py asserts that no statement of a /log goes to the thread, tests/test_sqlite_on_loop.py
that a locked database is waited for with the loop running.
"""

from __future__ import annotations

import asyncio
import collections
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

# How long a statement waits for another connection's (or process's) write lock before it fails with
# "database is locked". Kept short: the handler's retry (bot/outages.py) decides how long a user waits.
BUSY_TIMEOUT_SECONDS = 5.0
FIRST_PAUSE, LONGEST_PAUSE = 0.001, 0.05  # seconds between tries while the database is locked

_Outcome = tuple[Any, list[Any], int, int | None]
T = TypeVar("T")


def _run(connection: sqlite3.Connection, operation: str, parameters: Any, many: bool) -> _Outcome:
    """The whole statement, rows and all."""
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        else:
            cursor.execute(operation, () if parameters is None else parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


async def patiently(work: Callable[[], T]) -> T:
    """Run `work` now; while the database is locked, sleep beside the loop and try again, for as long as
    BUSY_TIMEOUT_SECONDS."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + BUSY_TIMEOUT_SECONDS
    pause = FIRST_PAUSE
    while True:
        try:
            return work()
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode != sqlite3.SQLITE_BUSY or loop.time() + pause > deadline:
                raise
        await asyncio.sleep(pause)
        pause = min(pause * 2, LONGEST_PAUSE)


class OnLoopCursor(AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor whose statement, rows and close are one call on the event loop's thread."""

    __slots__ = ("_description", "_lastrowid", "_rowcount", "_size")

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        # No aiosqlite cursor is made here (that was a trip to the thread): each statement makes its own.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self._size = 1

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        return self._lastrowid  # type: ignore[return-value]  # None before an INSERT, as in sqlite3

    @property
    def arraysize(self) -> int:
        return self._size

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._size = value

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        await self._statement(operation, parameters, many=False)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        await self._statement(operation, seq_of_parameters, many=True)

    async def _statement(self, operation: str, parameters: Any, *, many: bool) -> None:
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        async with self._adapt_connection._execute_mutex:  # a stream's fetch may be on the thread
            outcome = await patiently(lambda: _run(connection._conn, operation, parameters, many))
        self._description, rows, self._rowcount, self._lastrowid = outcome
        self._rows = collections.deque(rows)

    async def _async_soft_close(self) -> None:
        return  # the sqlite3 cursor is closed already, its rows are here

    def close(self) -> None:
        self._rows.clear()

    def nextset(self) -> None:
        raise NotImplementedError("SQLite has one result set per statement")

    def setinputsizes(self, *inputsizes: Any) -> None:
        return


class OnLoopConnection(AsyncAdapt_aiosqlite_connection):
    """Statements, commit and rollback on the loop's thread; streamed reads on aiosqlite's."""

    __slots__ = ()
    _cursor_cls = OnLoopCursor  # type: ignore[assignment]  # a subclass of the declared class

    def commit(self) -> None:
        self._end(lambda connection: connection.commit)

    def rollback(self) -> None:
        self._end(lambda connection: connection.rollback)

    def _end(self, which: Callable[[sqlite3.Connection], Callable[[], None]]) -> None:
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        if connection._connection is None:
            return  # closed: nothing to end (as SQLAlchemy's adapter does)
        try:
            await_(patiently(which(connection._conn)))
        except Exception as error:
            self._handle_exception(error)


class OnLoopDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The aiosqlite DBAPI module as SQLAlchemy adapts it, with connections that use OnLoopCursor."""

    def connect(self, *arg: Any, **kw: Any) -> OnLoopConnection:
        adapted = super().connect(*arg, **kw)
        return OnLoopConnection(self, adapted._connection)


def on_loop_dbapi() -> OnLoopDBAPI:
    return OnLoopDBAPI(aiosqlite, sqlite3)
