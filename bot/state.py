"""What the Application holds for its handlers and jobs: settings, the database, the clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, TypeAlias

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from bot.config import Settings
from bot.render_pool import RenderPool
from models.catalog.entries import Catalog
from models.catalog.tables import load_catalog
from models.db import SessionMaker, create_engine, session_maker

CATALOG_TTL = 60.0


def _system_clock() -> datetime:
    return datetime.now(UTC)


class AppState:
    """PTB's bot_data: built empty by PTB, filled once by `configure` in the application factory."""

    def __init__(self) -> None:
        self._settings: Settings | None = None
        self._engine: AsyncEngine | None = None
        self._sessions: SessionMaker | None = None
        self._renders: RenderPool | None = None
        self.clock: Callable[[], datetime] = _system_clock
        self._catalog: Catalog | None = None
        self._catalog_read_at = 0.0

    def configure(self, settings: Settings, *, clock: Callable[[], datetime] | None = None) -> None:
        self._settings = settings
        self._engine = create_engine(settings.database_url)  # connects lazily, at the first query
        self._sessions = session_maker(self._engine)
        self._renders = RenderPool(settings.render_workers, settings.render_waiting)
        if clock is not None:
            self.clock = clock

    @property
    def settings(self) -> Settings:
        assert self._settings is not None, "AppState.configure was not called"
        return self._settings

    @property
    def engine(self) -> AsyncEngine:
        assert self._engine is not None, "AppState.configure was not called"
        return self._engine

    @property
    def sessions(self) -> SessionMaker:
        assert self._sessions is not None, "AppState.configure was not called"
        return self._sessions

    @property
    def renders(self) -> RenderPool:
        """The pool that draws charts and .docx files off the event loop."""
        assert self._renders is not None, "AppState.configure was not called"
        return self._renders

    async def catalog(self, *, session: AsyncSession) -> Catalog:
        """The catalogue the parser matches against, read again after CATALOG_TTL seconds.

        Every /log needs it and it changes rarely: re-reading it per message cost more than the rest of
        the message's work. Changes made through this process call `forget_catalog`; other replicas see
        them within CATALOG_TTL.
        """
        if self._catalog is None or time.monotonic() - self._catalog_read_at > CATALOG_TTL:
            self._catalog = await load_catalog(session=session)
            self._catalog_read_at = time.monotonic()
        return self._catalog

    def forget_catalog(self) -> None:
        self._catalog = None

    def now(self) -> datetime:
        """The current time, aware, in UTC."""
        return self.clock()

    def today(self) -> date:
        """Today's date in the district's time zone."""
        return self.clock().astimezone(self.settings.tz).date()


Context: TypeAlias = CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], AppState]
PufaApplication: TypeAlias = Application[
    ExtBot[Any], Context, dict[Any, Any], dict[Any, Any], AppState, JobQueue[Context]
]
