"""Which replica runs the scheduled jobs: the one holding a PostgreSQL advisory lock.

Several webhook replicas share one PostgreSQL database; each registers the jobs, and each job first asks
`JobLock.held()`. The first replica to ask takes a session-level advisory lock on a connection it keeps
open; the others are told no until that connection closes (the replica stopped or died), and then the
next one to ask takes over. The `leadership` job (jobs/__init__.py) asks every LEADER_RETRY_SECONDS: for
the holder that is its heartbeat, for the others their bid, so a dead holder is replaced within seconds.

A killed process's connection is closed by its kernel, and PostgreSQL frees the lock at once. A cut
connection is noticed by the server's TCP keepalives (set on the lock's connection: about KEEPALIVE_S
seconds) and by the holder's own heartbeat, which gives up the lock when the server does not answer
within HEARTBEAT_TIMEOUT. On SQLite there is one process, which always holds it. Exactly-once does not
rest on this lock (deliveries are claimed in the database); it only keeps replicas from doing the same
work twice.
"""

from __future__ import annotations

import asyncio
import logging
from weakref import WeakKeyDictionary

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.metrics import JOBS_LEADER
from bot.state import AppState

log = logging.getLogger(__name__)

LOCK_KEY = 0x70756661  # "pufa"
HEARTBEAT_TIMEOUT = 5.0  # seconds the holder waits for the server before it gives the lock up
# The server drops the holder's session after 5 s of silence and 3 unanswered probes 2 s apart.
KEEPALIVES = (
    "SET tcp_keepalives_idle = 5",
    "SET tcp_keepalives_interval = 2",
    "SET tcp_keepalives_count = 3",
)
KEEPALIVE_S = 11


class JobLock:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self._asking = asyncio.Lock()  # one question at a time on the lock's connection

    @property
    def shared(self) -> bool:
        return self._engine.dialect.name == "postgresql"

    @property
    def is_leader(self) -> bool:
        """Whether this process held the lock when last asked (no database round trip)."""
        return not self.shared or self._connection is not None

    async def held(self) -> bool:
        """Whether this process runs the jobs now; takes the lock when it is free."""
        if not self.shared:
            JOBS_LEADER.set(1)
            return True
        async with self._asking:
            leader = await self._ask()
        JOBS_LEADER.set(1 if leader else 0)
        return leader

    async def _ask(self) -> bool:
        if self._connection is not None:
            try:
                async with asyncio.timeout(HEARTBEAT_TIMEOUT):
                    await self._connection.execute(text("SELECT 1"))
                return True
            except Exception as error:  # the connection dropped or hangs, and the lock with it
                log.warning("lost the connection that held the job lock: %r", error)
                await self._drop()
        try:
            async with asyncio.timeout(HEARTBEAT_TIMEOUT):
                return await self._bid()
        except Exception as error:
            log.warning("cannot ask for the job lock: %r", error)
            return False

    async def _bid(self) -> bool:
        connection = await self._engine.connect()
        try:
            for statement in KEEPALIVES:
                await connection.execute(text(statement))
            got = (
                await connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY})
            ).scalar()
            await connection.commit()  # a session-level lock outlives the transaction
        except BaseException:
            await connection.invalidate()
            raise
        if got:
            self._connection = connection
            log.info("this replica runs the scheduled jobs")
            return True
        await connection.close()
        return False

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                await connection.invalidate()  # closing the session for good frees its locks too
            except Exception as error:
                log.debug("closing the lost lock connection: %r", error)

    async def release(self) -> None:
        async with self._asking:
            if self._connection is not None:
                connection, self._connection = self._connection, None
                try:
                    # The connection goes back to the pool, so the lock must be given up explicitly.
                    await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
                    await connection.commit()
                    await connection.close()
                except Exception:
                    await connection.invalidate()
            JOBS_LEADER.set(0)


_locks: WeakKeyDictionary[AppState, JobLock] = WeakKeyDictionary()


def job_lock(state: AppState) -> JobLock:
    """The application's lock, made on first use."""
    if state not in _locks:
        _locks[state] = JobLock(state.engine)
    return _locks[state]
