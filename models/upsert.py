"""Insert rows that are not there yet, safely against a concurrent writer, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession


async def insert_missing(
    *, session: AsyncSession, table: type[SQLModel], key: str, rows: list[dict[str, Any]]
) -> None:
    """INSERT … ON CONFLICT (key) DO NOTHING: both dialects have it, SQLAlchemy's core insert does not."""
    if not rows:
        return
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table.__table__).values(rows).on_conflict_do_nothing(index_elements=[key])  # type: ignore[attr-defined]
    await session.exec(statement)
