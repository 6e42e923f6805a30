"""Which replica runs the scheduled jobs: the one holding a PostgreSQL advisory lock.

Several webhook replicas share one PostgreSQL database; each registers the jobs, and each job first asks
`JobLock.held()`. The first replica to ask takes a session-level advisory lock on a connection it keeps
open; the others are told no until that connection closes (the replica stopped or died), and then the
next one to ask takes over. On SQLite there is one process, which always holds it. Exactly-once does not
rest on this lock (deliveries are claimed in the database); it only keeps replicas from doing the same
work twice.
"""

from __future__ import annotations

import logging
from weakref import WeakKeyDictionary

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.state import AppState

log = logging.getLogger(__name__)

LOCK_KEY = 0x70756661  # "pufa"


class JobLock:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None

    @property
    def shared(self) -> bool:
        return self._engine.dialect.name == "postgresql"

    async def held(self) -> bool:
        """Whether this process runs the jobs now; takes the lock when it is free."""
        if not self.shared:
            return True
        if self._connection is not None:
            try:
                await self._connection.execute(text("SELECT 1"))
                return True
            except DBAPIError:  # the connection dropped, and the lock with it
                log.warning("lost the connection that held the job lock")
                await self.release()
        connection = await self._engine.connect()
        got = (
            await connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY})
        ).scalar()
        await connection.commit()  # a session-level lock outlives the transaction
        if got:
            self._connection = connection
            log.info("this replica runs the scheduled jobs")
            return True
        await connection.close()
        return False

    async def release(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            try:
                # The connection goes back to the pool, so the lock must be given up explicitly.
                await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
                await connection.commit()
                await connection.close()
            except DBAPIError:
                await connection.invalidate()  # closing the session for good frees its locks too


_locks: WeakKeyDictionary[AppState, JobLock] = WeakKeyDictionary()


def job_lock(state: AppState) -> JobLock:
    """The application's lock, made on first use."""
    if state not in _locks:
        _locks[state] = JobLock(state.engine)
    return _locks[state]
