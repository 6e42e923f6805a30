"""Fixtures: every database test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from models.catalog.tables import sync_shipped_catalog
from models.db import SessionMaker, create_engine, session_maker
from models.migrate import upgrade_to_head
from tests.databases import temporary_database
from tests.harness import BotUnderTest, running_bot


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with temporary_database(request.param, str(tmp_path)) as url:
        yield url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """A migrated database with the shipped catalogues, as the bot has it after start-up."""
    engine = create_engine(database_url)
    await upgrade_to_head(engine)
    async with session_maker(engine).begin() as session:
        await sync_shipped_catalog(session=session)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> SessionMaker:
    return session_maker(engine)


@pytest.fixture
async def tg(database_url: str, request: pytest.FixtureRequest) -> AsyncIterator[BotUnderTest]:
    """The bot under test; at the end, no request it made may have been refused by the stand-in.

    `@pytest.mark.settings(flood_burst=40)` changes settings for one test.
    """
    marker = request.node.get_closest_marker("settings")
    async with running_bot(database_url, **(marker.kwargs if marker else {})) as bot:
        yield bot
        refused = [(call.method, call.description) for call in bot.api.refused]
        assert refused == bot.expected_refusals, f"the stand-in refused requests the bot made: {refused}"
