"""The catalogues in the database: event kinds and materials, synced from the shipped data file."""

from __future__ import annotations

from sqlalchemy import String
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.areas import area_entries
from models.catalog import Catalog, KindEntry, MaterialEntry, ReportGroup, shipped_catalog
from models.columns import json_list_field


class EventKind(SQLModel, table=True):
    """A kind of event, with the aliases the parser recognises and its report group."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name_zh: str = Field(max_length=64)
    name_en: str = Field(max_length=64)
    report_group: ReportGroup = Field(sa_type=String(16))
    aliases: list[str] = json_list_field()
    sort_order: int = 0
    active: bool = True


class Material(SQLModel, table=True):
    """A handout title; aliases make 《民法典手册》 and 民法典小册子 one line in the report."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=128, unique=True)
    unit: str = Field(default="份", max_length=8)
    aliases: list[str] = json_list_field()


async def sync_shipped_catalog(*, session: AsyncSession) -> None:
    """Add the shipped kinds and materials, and the shipped aliases, without undoing admins' changes."""
    shipped = shipped_catalog()
    kinds = {k.code: k for k in await session.exec(select(EventKind))}
    for order, entry in enumerate(shipped.kinds):
        kind = kinds.get(entry.code)
        if kind is None:
            session.add(
                EventKind(
                    code=entry.code,
                    name_zh=entry.name_zh,
                    name_en=entry.name_en,
                    report_group=entry.report_group,
                    aliases=list(entry.aliases),
                    sort_order=order,
                )
            )
        elif missing := [a for a in entry.aliases if a not in kind.aliases]:
            kind.aliases = [*kind.aliases, *missing]
    materials = {m.title: m for m in await session.exec(select(Material))}
    for item in shipped.materials:
        material = materials.get(item.title)
        if material is None:
            session.add(Material(title=item.title, unit=item.unit, aliases=list(item.aliases)))
        elif missing := [a for a in item.aliases if a not in material.aliases]:
            material.aliases = [*material.aliases, *missing]
    await session.flush()


async def load_catalog(*, session: AsyncSession) -> Catalog:
    """The catalogue as the parser sees it, read from the database."""
    kinds = await session.exec(
        select(EventKind).where(EventKind.active == True).order_by(col(EventKind.sort_order))  # noqa: E712
    )
    materials = await session.exec(select(Material).order_by(col(Material.id)))
    return Catalog(
        kinds=tuple(
            KindEntry(
                code=k.code,
                name_zh=k.name_zh,
                name_en=k.name_en,
                report_group=ReportGroup(k.report_group),
                aliases=tuple(k.aliases),
            )
            for k in kinds
        ),
        materials=tuple(
            MaterialEntry(title=m.title, unit=m.unit, aliases=tuple(m.aliases), id=m.id) for m in materials
        ),
        areas=await area_entries(session=session),
    )
