"""What the Application holds for its handlers and jobs: settings, the database, the clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, TypeAlias

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from bot.config import Settings
from models.db import SessionMaker, create_engine, session_maker


def _system_clock() -> datetime:
    return datetime.now(UTC)


class AppState:
    """PTB's bot_data: built empty by PTB, filled once by `configure` in the application factory."""

    def __init__(self) -> None:
        self._settings: Settings | None = None
        self._engine: AsyncEngine | None = None
        self._sessions: SessionMaker | None = None
        self.clock: Callable[[], datetime] = _system_clock

    def configure(self, settings: Settings, *, clock: Callable[[], datetime] | None = None) -> None:
        self._settings = settings
        self._engine = create_engine(settings.database_url)  # connects lazily, at the first query
        self._sessions = session_maker(self._engine)
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
