"""The async engine and sessions: SQLite (WAL, foreign keys on) by default, PostgreSQL in production."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from models.sqlite_on_loop import on_loop_dbapi

SessionMaker = async_sessionmaker[AsyncSession]

# PostgreSQL's SQLSTATEs that pass by themselves: the server is shutting down or starting up (57P0x), a
# serialisation conflict or deadlock (40001, 40P01); class 08 is a lost or refused connection.
_TRANSIENT_SQLSTATES = {"57P01", "57P02", "57P03", "40001", "40P01"}


def create_engine(database_url: str, **kwargs: Any) -> AsyncEngine:
    """Create the engine for DATABASE_URL; nothing connects until the first query."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        if url.get_driver_name() == "aiosqlite":
            kwargs.setdefault("module", on_loop_dbapi())
            # Statements run on the loop's thread, the connection was opened on aiosqlite's; SQLAlchemy
            # allows that for a file, not for an in-memory database.
            kwargs["connect_args"] = {"check_same_thread": False, **kwargs.get("connect_args", {})}
        engine = create_async_engine(url, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    # asyncpg prepares statements, and after five runs PostgreSQL may switch to a generic plan that ignores
    # how many rows a date range selects: a year's summary went from 0.8 s to 11 s. Custom plans cost a
    # millisecond of planning each.
    settings = {"server_settings": {"plan_cache_mode": "force_custom_plan"}}
    return create_async_engine(url, pool_pre_ping=True, connect_args=settings, **kwargs)


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite URL (also in its file: URI form); None for an in-memory database."""
    database = url.database
    if not database or database == ":memory:" or url.query.get("mode") == "memory":
        return None
    if url.query.get("uri") == "true" and database.startswith("file:"):
        database = database.removeprefix("file:")
    return Path(database)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers go on while one writer commits; SQLite leaves foreign keys off unless asked. No busy
    # timeout: SQLite would wait for a lock asleep on the event loop's thread, so a statement that finds the
    # database locked waits beside the loop instead (models/sqlite_on_loop.py).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=0")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def session_maker(engine: AsyncEngine) -> SessionMaker:
    """One session per update or job; callers open `async with sessions.begin()` for one transaction."""
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


def is_transient_database_error(error: BaseException) -> bool:
    """Whether the same unit of work, run again in a fresh transaction shortly, may well succeed."""
    if isinstance(error, (ConnectionError, TimeoutError, PoolTimeout)):
        return True  # the server refused or dropped the connection, or the pool had none to give
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    sqlstate = getattr(error.orig, "sqlstate", None)
    if isinstance(sqlstate, str):
        return sqlstate in _TRANSIENT_SQLSTATES or sqlstate.startswith("08")
    # SQLite: another connection holds the write lock longer than the busy timeout.
    message = str(error.orig).lower()
    return "database is locked" in message or "database table is locked" in message
