"""SQLite statements run on the event loop's own thread; a wait for another writer's lock waits beside it.

aiosqlite runs every call on a thread of the connection's own, and SQLAlchemy's adapter makes a call each
for the cursor, the statement, its rows and the close. Each of those trips hands the interpreter lock to
that thread and back and wakes the event loop through its self-pipe: the kernel's part alone was a sixth
of the CPU of a /log and its ✅ (24 trips an event after a first version of this module made a statement
one trip instead of three or four; 74 before). Those statements are small (an indexed row, an insert, the
rollups' few dozen rows: 40 µs of SQLite on average, measured), so here they run where they are asked
for, on the loop's thread, and the whole statement (cursor, execute, every row, close) is one call.

Two kinds of work may not run there. A read over many rows (a summary, a report, a recount of the
rollups: a second or more on a large ledger) would hold the loop for its whole length, so such reads are
made `on_the_thread()` (models/reporting/scope.py's fetch_rows, the rollups' rebuild and check), and
streamed reads (server-side cursors) always are. And a wait: SQLite's busy handler sleeps inside the call
until another connection lets go of the write lock; on the loop's thread that sleep stops the loop, and
with it the coroutine of this process that holds the lock and would have committed. So the connections
have no busy timeout (models/db.py), and a statement that finds the database busy waits here instead:
asleep beside the loop, trying again with growing pauses for as long as SQLite would have waited. A
statement that met a lock changed nothing (its first row takes the lock), so it is run again, unless the
connection's count of changed rows says otherwise. A snapshot that is out of date (SQLITE_BUSY_SNAPSHOT)
is not waited for: only a new transaction helps, as before. A transaction that changed more than
LARGE_TRANSACTION_ROWS rows commits on the thread too; a small commit that happens to checkpoint the
write-ahead log (every ~1,000 pages: 5–7 ms measured on this machine's disk) still runs on the loop's.

Transactions, errors and the pool are still SQLAlchemy's and aiosqlite's. Nothing in either does this, so
it is written here, as a subclass of SQLAlchemy's own adapter (`sqlalchemy.dialects.sqlite.aiosqlite`,
2.1, pinned) handed to the engine as its DBAPI module; tests/test_log_cost.py asserts that no statement of
a /log goes to the thread, tests/test_sqlite_on_loop.py that a locked database is waited for with the loop
running and that reads made on the thread leave it free.
"""

from __future__ import annotations

import asyncio
import collections
import sqlite3
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
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
LARGE_TRANSACTION_ROWS = 1000  # a transaction that changed more rows commits on the connection's thread

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


# Set by on_the_thread(): statements made meanwhile go to aiosqlite's thread. A context variable reaches
# the cursor through SQLAlchemy's greenlets, which run in a copy of the caller's context.
_ON_THE_THREAD: ContextVar[bool] = ContextVar("sqlite_on_the_thread", default=False)


@contextmanager
def on_the_thread() -> Iterator[None]:
    """Statements made inside run on the connection's thread: reads over many rows, which would hold the
    event loop for their whole length. Nothing changes on PostgreSQL."""
    token = _ON_THE_THREAD.set(True)
    try:
        yield
    finally:
        _ON_THE_THREAD.reset(token)


def _is_busy(error: sqlite3.OperationalError) -> bool:
    """Another connection holds a lock (or recovers the log) for now: worth waiting for."""
    code = getattr(error, "sqlite_errorcode", None)  # errors sqlite3 raises itself have none
    return code is not None and code & 0xFF == sqlite3.SQLITE_BUSY and code != sqlite3.SQLITE_BUSY_SNAPSHOT


async def patiently(connection: sqlite3.Connection, work: Callable[[], Awaitable[T]]) -> T:
    """Do `work`; while the database is busy, sleep beside the loop and try again, for as long as
    BUSY_TIMEOUT_SECONDS, as long as the failed try changed no row."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + BUSY_TIMEOUT_SECONDS
    pause = FIRST_PAUSE
    while True:
        changes = connection.total_changes
        try:
            return await work()
        except sqlite3.OperationalError as error:
            partly_done = connection.total_changes != changes  # an executemany outside a transaction
            if not _is_busy(error) or partly_done or loop.time() + pause > deadline:
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
        sqlite = connection._conn

        async def here() -> _Outcome:
            return _run(sqlite, operation, parameters, many)

        async def there() -> _Outcome:
            return await connection._execute(_run, sqlite, operation, parameters, many)  # type: ignore[no-any-return, no-untyped-call]

        async with self._adapt_connection._execute_mutex:  # a stream's fetch may be on the thread
            outcome = await patiently(sqlite, there if _ON_THE_THREAD.get() else here)
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
    """Statements, commit and rollback on the loop's thread; streamed reads on aiosqlite's, and the
    commit of a transaction that changed many rows."""

    __slots__ = ("_changes_at_end",)
    _cursor_cls = OnLoopCursor  # type: ignore[assignment]  # a subclass of the declared class

    def __init__(self, dbapi: Any, connection: Any) -> None:  # an aiosqlite.Connection
        super().__init__(dbapi, connection)
        self._changes_at_end = 0  # the connection's count of changed rows when its last transaction ended

    def commit(self) -> None:
        self._end(lambda connection: connection.commit)

    def rollback(self) -> None:
        self._end(lambda connection: connection.rollback)

    def _end(self, which: Callable[[sqlite3.Connection], Callable[[], None]]) -> None:
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        if connection._connection is None:
            return  # closed: nothing to end (as SQLAlchemy's adapter does)
        sqlite = connection._conn
        # Writing a large transaction's pages, and the checkpoint that may follow, take tens of ms (the
        # rollups' recount when an area moves: 18 ms measured): the thread's work, not the loop's.
        large = sqlite.total_changes - self._changes_at_end > LARGE_TRANSACTION_ROWS

        async def end() -> None:
            if large:
                await connection._execute(which(sqlite))  # type: ignore[no-untyped-call]
            else:
                which(sqlite)()

        try:
            await_(patiently(sqlite, end))
        except Exception as error:
            self._handle_exception(error)
        finally:
            self._changes_at_end = sqlite.total_changes


class OnLoopDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The aiosqlite DBAPI module as SQLAlchemy adapts it, with connections that use OnLoopCursor."""

    def connect(self, *arg: Any, **kw: Any) -> OnLoopConnection:
        adapted = super().connect(*arg, **kw)
        return OnLoopConnection(self, adapted._connection)


def on_loop_dbapi() -> OnLoopDBAPI:
    return OnLoopDBAPI(aiosqlite, sqlite3)
