"""Apply the Alembic migrations in models/migrations, from async code or the command line."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's config without an alembic.ini: the scripts ship inside the models package."""
    config = Config()
    config.set_main_option("script_location", "models:migrations")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def upgrade_to_head(engine: AsyncEngine) -> None:
    """Bring the schema up to date; on an up-to-date database this changes nothing."""
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), "head"))
