"""SQLite through aiosqlite with one trip to its thread per statement, not three or four.

aiosqlite runs every call on the connection's own thread, and SQLAlchemy's adapter makes one call each for
the cursor, the statement, its rows and the cursor's close. Each trip hands the GIL to that thread and
back and wakes the event loop through its self-pipe, about 36 µs of CPU (measured); a /log and its ✅
made 74 of them for 20 statements, and now make 24. Here a statement is one function on the thread: open a
cursor, execute, fetch every row, close, and bring back the rows with the description, rowcount and
lastrowid. Nothing in
SQLAlchemy or aiosqlite does this, so it is written here, as a subclass of SQLAlchemy's own adapter
(`sqlalchemy.dialects.sqlite.aiosqlite`) handed to the engine as its DBAPI module: transactions, errors,
server-side cursors (which keep fetching in batches) and the pool are still SQLAlchemy's and aiosqlite's.
It leans on that adapter's cursor (SQLAlchemy 2.1, pinned); tests/test_log_cost.py counts the trips, so a
change there shows.
"""

from __future__ import annotations

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT

_Outcome = tuple[Any, list[Any], int, int | None]


def _run(connection: sqlite3.Connection, operation: str, parameters: Any, many: bool) -> _Outcome:
    """On the connection's thread: the whole statement, rows and all."""
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


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor whose statement, rows and close are one trip to the connection's thread."""

    __slots__ = ("_description", "_lastrowid", "_rowcount", "_size")

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        # No aiosqlite cursor is made here (that was a trip of its own): each statement makes its own.
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
        await self._trip(operation, parameters, many=False)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        await self._trip(operation, seq_of_parameters, many=True)

    async def _trip(self, operation: str, parameters: Any, *, many: bool) -> None:
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        async with self._adapt_connection._execute_mutex:
            outcome: _Outcome = await connection._execute(  # type: ignore[no-untyped-call]
                _run, connection._conn, operation, parameters, many
            )
        self._description, rows, self._rowcount, self._lastrowid = outcome
        self._rows = collections.deque(rows)

    async def _async_soft_close(self) -> None:
        return  # the sqlite3 cursor was closed on the thread, its rows are here

    def close(self) -> None:
        self._rows.clear()

    def nextset(self) -> None:
        raise NotImplementedError("SQLite has one result set per statement")

    def setinputsizes(self, *inputsizes: Any) -> None:
        return


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneTripCursor  # type: ignore[assignment]  # a subclass of the declared class


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The aiosqlite DBAPI module as SQLAlchemy adapts it, with connections that use OneTripCursor."""

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


def one_trip_dbapi() -> OneTripDBAPI:
    return OneTripDBAPI(aiosqlite, sqlite3)
