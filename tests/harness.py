"""The real Application on a throwaway database, talking to the Bot API stand-in, with a settable clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import select

from bot.application import build_application, on_shutdown, on_startup
from bot.config import Settings
from bot.standin import FakeTelegram, StandInDriver
from bot.standin.model import FakeMessage, FakeUser
from bot.state import PufaApplication
from models.db import SessionMaker
from models.organisation.members import Member, Role
from tests.factories import make_member

ADMIN_ID = 9_000_001
# Monday 20 June 2022, 10:00 in Shanghai: "today" for every conversation test unless a test moves it.
START = datetime(2022, 6, 20, 2, 0, tzinfo=UTC)


@dataclass
class Clock:
    """The time the bot and the stand-in see; tests move it instead of sleeping."""

    now: datetime = START
    _offset: float = field(default=0.0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta
        self._offset += delta.total_seconds()

    def timestamp(self) -> float:
        return self.now.timestamp()


@dataclass
class BotUnderTest:
    api: FakeTelegram
    app: PufaApplication
    driver: StandInDriver
    clock: Clock
    # Refusals a test provokes on purpose, as (method, description); any other fails the test.
    expected_refusals: list[tuple[str, str]] = field(default_factory=list)

    @property
    def sessions(self) -> SessionMaker:
        return self.app.bot_data.sessions

    async def send(self, user: FakeUser, text: str, **kwargs: object) -> list[FakeMessage]:
        return await self.driver.send(user, text, **kwargs)  # type: ignore[arg-type]

    async def press(self, user: FakeUser, button: int | str, **kwargs: object) -> list[FakeMessage]:
        return await self.driver.press(user, button, **kwargs)  # type: ignore[arg-type]

    def answer_to(self, update: dict[str, Any]) -> str | None:
        """What the bot answered to the button press in `update` (the text of its little pop-up)."""
        query_id = update["callback_query"]["id"]
        return next(a.text for a in self.api.callback_answers if a.query_id == query_id)

    async def admin(self) -> FakeUser:
        """The district admin from ADMIN_USER_IDS, after their /start."""
        user = self.api.user("管理员", user_id=ADMIN_ID)
        await self.send(user, "/start")
        return user

    async def worker(
        self,
        name: str = "王芳",
        *,
        language_code: str = "zh-hans",
        area: str = "幸福社区",
        role: Role = Role.WORKER,
    ) -> FakeUser:
        """An active worker of `area` (created under the root), who has written to the bot once."""
        user = self.api.user(name, language_code=language_code)
        async with self.sessions.begin() as session:
            await make_member(session, area_name=area, telegram_user_id=user.id, full_name=name, role=role)
        await self.send(user, "/help")
        return user

    async def member_of(self, user: FakeUser) -> Member:
        async with self.sessions() as session:
            return (await session.exec(select(Member).where(Member.telegram_user_id == user.id))).one()


@asynccontextmanager
async def running_bot(
    database_url: str,
    *,
    rate_limiter: bool = True,
    flood_limits: bool = True,
    api: FakeTelegram | None = None,
    clock: Clock | None = None,
    concurrent: bool = True,
    **settings_overrides: Any,
) -> AsyncIterator[BotUnderTest]:
    """Start the bot as `make run` would (migrations, catalogues, commands), against the stand-in.

    Pass the `api` and `clock` of an earlier run to restart the bot against the same Telegram;
    `settings_overrides` set Settings fields (flood_burst=…).
    """
    clock = clock or Clock()
    api = api or FakeTelegram(wall_clock=clock.timestamp, flood_limits=flood_limits)
    settings = Settings(
        _env_file=None, database_url=database_url, admin_user_ids=[ADMIN_ID], **settings_overrides
    )
    app = build_application(
        settings,
        request=api.request(),
        get_updates_request=api.request(),
        clock=clock,
        rate_limiter=rate_limiter,
        concurrent=concurrent,
    )
    await app.initialize()
    await on_startup(app)
    try:
        yield BotUnderTest(api=api, app=app, driver=StandInDriver(api, app), clock=clock)
    finally:
        await app.shutdown()
        await on_shutdown(app)
