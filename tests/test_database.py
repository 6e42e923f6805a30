"""The schema comes from the migrations, matches the models, and start-up can run any number of times."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from models.catalog.entries import shipped_catalog
from models.catalog.tables import EventKind, Material, load_catalog, sync_shipped_catalog
from models.db import SessionMaker
from models.migrate import upgrade_to_head
from models.schema import metadata


async def test_the_migrations_build_exactly_the_models_schema(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        diff = await connection.run_sync(
            lambda sync: compare_metadata(
                MigrationContext.configure(sync, opts={"compare_type": True}), metadata
            )
        )
    assert diff == []


async def test_starting_twice_changes_nothing(engine: AsyncEngine, sessions: SessionMaker) -> None:
    await upgrade_to_head(engine)
    async with sessions.begin() as session:
        await sync_shipped_catalog(session=session)
    async with sessions() as session:
        kinds = (await session.exec(select(func.count()).select_from(EventKind))).one()
        materials = (await session.exec(select(func.count()).select_from(Material))).one()
        version = (await session.exec(text("SELECT version_num FROM alembic_version"))).all()  # type: ignore[call-overload]
    shipped = shipped_catalog()
    assert (kinds, materials) == (len(shipped.kinds), len(shipped.materials))
    assert len(version) == 1


async def test_an_admin_alias_survives_the_next_start(sessions: SessionMaker) -> None:
    async with sessions.begin() as session:
        fair = (await session.exec(select(EventKind).where(EventKind.code == "law_fair"))).one()
        fair.aliases = [*fair.aliases, "普法赶大集"]
    async with sessions.begin() as session:
        await sync_shipped_catalog(session=session)
    async with sessions() as session:
        catalog = await load_catalog(session=session)
    assert "普法赶大集" in catalog.kind("law_fair").aliases


async def test_sqlite_runs_with_foreign_keys_and_wal(engine: AsyncEngine) -> None:
    if engine.dialect.name != "sqlite":
        return
    async with engine.connect() as connection:
        assert (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1
        assert (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar() == "wal"
