"""Apply the Alembic migrations in models/migrations, from async code or the command line.

On PostgreSQL several replicas may start together: each takes a transaction-level advisory lock before
Alembic looks at the schema, so one migrates while the others wait, then find it at head and do nothing.
"""

from __future__ import annotations

from functools import cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

START_UP_LOCK = 0x70756662  # "pufb": migrations and the shipped catalogues, one replica at a time


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's config without an alembic.ini: the scripts ship inside the models package."""
    config = Config()
    config.set_main_option("script_location", "models:migrations")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def hold_start_up_lock(connection: AsyncConnection) -> None:
    """Wait for other replicas' start-up work; the lock goes with this transaction (PostgreSQL only)."""
    if connection.dialect.name == "postgresql":
        await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": START_UP_LOCK})


async def upgrade_to_head(engine: AsyncEngine) -> None:
    """Bring the schema up to date; on an up-to-date database this changes nothing."""
    async with engine.begin() as connection:
        await hold_start_up_lock(connection)
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), "head"))


@cache
def _heads() -> frozenset[str]:
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def schema_head() -> str | None:
    """The revision this code's schema is at."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def at_head(engine: AsyncEngine) -> bool:
    """Whether the database's schema is the one this code expects (the scripts are read once)."""
    heads = _heads()
    async with engine.connect() as connection:
        current = await connection.run_sync(lambda sync: MigrationContext.configure(sync).get_current_heads())
    return set(current) == heads
