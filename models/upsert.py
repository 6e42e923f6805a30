"""Insert rows that are not there yet, safely against a concurrent writer, on SQLite and PostgreSQL."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession


def dialect_of(session: AsyncSession) -> str:
    """The session's database: "sqlite" or "postgresql"."""
    return session.bind.dialect.name if session.bind else "sqlite"


def insert_for(dialect: str) -> Any:
    """The dialect's INSERT, which has ON CONFLICT (SQLAlchemy's core insert does not)."""
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


async def insert_missing(
    *, session: AsyncSession, table: type[SQLModel], key: str, rows: list[dict[str, Any]]
) -> None:
    """INSERT … ON CONFLICT (key) DO NOTHING: both dialects have it, SQLAlchemy's core insert does not."""
    if not rows:
        return
    table_ = table.__table__  # type: ignore[attr-defined]
    insert = insert_for(dialect_of(session))
    await session.exec(insert(table_).values(rows).on_conflict_do_nothing(index_elements=[key]))


async def insert_or_nothing(
    *, session: AsyncSession, table: type[SQLModel], values: dict[str, Any]
) -> int | None:
    """Insert one row and return its id, or None when it would break any of the table's unique constraints."""
    statement = _inserting_or_nothing(table, dialect_of(session), tuple(values))
    new_id: int | None = (await session.exec(statement, params=values)).scalar_one_or_none()
    return new_id


@cache
def _inserting_or_nothing(table: type[SQLModel], dialect: str, columns: tuple[str, ...]) -> Any:
    """The statement for one table and set of columns, built once (every /log runs one)."""
    table_ = table.__table__  # type: ignore[attr-defined]
    values = {name: bindparam(name, type_=table_.c[name].type) for name in columns}
    return insert_for(dialect)(table_).values(values).on_conflict_do_nothing().returning(table_.c.id)
