"""The area tree (辖区): 区 → 街道 → 社区/村, any depth."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.entries import AreaEntry
from models.columns import timestamp_field

ROOT_AREA_NAME = "全区"


class AreaBase(SQLModel):
    """What an admin gives for an area."""

    name: str = Field(max_length=64)


class Area(AreaBase, table=True):
    """An area; `path` ("/1/5/9/") makes a subtree one indexed LIKE query."""

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int | None = Field(default=None, foreign_key="area.id", index=True)
    path: str = Field(default="", max_length=512, index=True)
    retired: bool = False
    created_at: datetime = timestamp_field()


async def ensure_root_area(*, session: AsyncSession) -> Area:
    """Return the root area, creating it on a new database."""
    root = (await session.exec(select(Area).where(Area.parent_id == None))).first()  # noqa: E711
    if root is not None:
        return root
    return await add_area(session=session, name=ROOT_AREA_NAME, parent=None)


async def add_area(*, session: AsyncSession, name: str, parent: Area | None) -> Area:
    """Add an area under `parent` (None: the root)."""
    area = Area(name=name, parent_id=parent.id if parent else None)
    session.add(area)
    await session.flush()
    area.path = f"{parent.path if parent else '/'}{area.id}/"
    await session.flush()
    return area


async def area_entries(*, session: AsyncSession) -> tuple[AreaEntry, ...]:
    """Every active area, for the parser to recognise by name."""
    rows = await session.exec(select(Area).where(Area.retired == False).order_by(col(Area.id)))  # noqa: E712
    return tuple(AreaEntry(id=a.id, name=a.name, path=a.path) for a in rows if a.id is not None)


async def name_district(*, session: AsyncSession, name: str | None) -> Area:
    """The root area, named after the district when it still has the placeholder name 全区; a name an
    admin has given it since is kept."""
    root = await ensure_root_area(session=session)
    if name and name.strip() and root.name == ROOT_AREA_NAME:
        root.name = name.strip()
        await session.flush()
    return root
