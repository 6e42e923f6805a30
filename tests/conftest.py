"""Fixtures: every database test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from models.catalog_tables import sync_shipped_catalog
from models.db import SessionMaker, create_engine, session_maker
from models.migrate import upgrade_to_head
from tests.databases import temporary_database


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
