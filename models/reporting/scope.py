"""Which area a member may ask about, what an area's figures include, and running wide selects."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Executable
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.events.records import Event
from models.organisation.areas import Area
from models.organisation.members import Member
from models.organisation.permissions import Action, Target, actor_from, can
from models.sqlite_on_loop import on_the_thread


def in_subtree(area: Area) -> ColumnElement[bool]:
    """Events of `area` and of every area under it.

    Which area a member may ask about is decided by `can` (see area_in_scope); this says what an area's
    figures include.
    """
    subtree = select(Area.id).where(col(Area.path).startswith(area.path, autoescape=True))
    return col(Event.area_id).in_(subtree.scalar_subquery())


def in_subtree_by_day(area: Area) -> ColumnElement[bool]:
    """`in_subtree`, written so that no index on the area drives the statement (area_id + 0): for reads of
    a period that an index leading with the day or the form serves. Offered ix_event_area_day, SQLite read
    a district's year area by area, every event of it from the table (300 ms where the report's partial
    indexes take 10)."""
    subtree = select(Area.id).where(col(Area.path).startswith(area.path, autoescape=True))
    return (col(Event.area_id) + 0).in_(subtree.scalar_subquery())


async def area_in_scope(*, session: AsyncSession, member: Member, name: str | None = None) -> Area | None:
    """The area a member asks about (their own by default, or one named in their subtree), if `can` lets
    them see its figures; None otherwise."""
    own = await session.get(Area, member.area_id)
    if own is None:
        return None
    area: Area | None = own
    if name:
        found = await session.exec(
            select(Area)
            .where(Area.name == name.strip(), Area.retired == False)  # noqa: E712
            .where(col(Area.path).startswith(own.path, autoescape=True))
            .order_by(col(Area.path))
        )
        area = found.first()
    return area if area is not None and _may_view(member, own, area) else None


async def area_by_id_in_scope(*, session: AsyncSession, member: Member, area_id: int) -> Area | None:
    """The area of a pressed button, checked again with `can`."""
    own, area = await session.get(Area, member.area_id), await session.get(Area, area_id)
    if own is None or area is None or not _may_view(member, own, area):
        return None
    return area


def _may_view(member: Member, own: Area, area: Area) -> bool:
    return can(actor_from(member, own.path), Action.VIEW_AREA, Target(area_path=area.path))


async def fetch_rows(session: AsyncSession, statement: Executable) -> list[tuple[Any, ...]]:
    """Run a select of more columns than sqlmodel's typed `select` takes, in the session's transaction.

    These are the reports' reads, which add up many rows: on SQLite they run on the connection's thread,
    not the event loop's (models/sqlite_on_loop.py)."""
    connection = await session.connection()
    with on_the_thread():
        return [tuple(row) for row in await connection.execute(statement)]
