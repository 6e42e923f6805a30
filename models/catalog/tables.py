"""The catalogues in the database: forms (EventKind), themes and materials, synced from the shipped file."""

from __future__ import annotations

from sqlalchemy import String
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.entries import Catalog, KindEntry, MaterialEntry, ReportGroup, ThemeEntry, shipped_catalog
from models.columns import json_list_field
from models.organisation.areas import area_entries


class EventKind(SQLModel, table=True):
    """A form (形式): how an event was held, with the aliases the parser recognises and its report group."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name_zh: str = Field(max_length=64)
    name_en: str = Field(max_length=64)
    report_group: ReportGroup = Field(sa_type=String(16))
    aliases: list[str] = json_list_field()
    rank: int = 50  # when a message names several forms, the lowest rank wins
    place_words: list[str] = json_list_field()  # a place naming one of these implies the form
    sort_order: int = 0
    active: bool = True


class Theme(SQLModel, table=True):
    """A theme (主题): what law or topic an event was about; an event has any number of them."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name_zh: str = Field(max_length=64)
    name_en: str = Field(max_length=64)
    aliases: list[str] = json_list_field()
    days: list[str] = json_list_field()  # "03-15": calendar days that name the theme
    laws: list[str] = json_list_field()  # law titles that name it
    sort_order: int = 0
    active: bool = True


class Material(SQLModel, table=True):
    """A material title as workers write it; `canonical_id` groups 《民法典》 and 民法典手册 in the report.

    The shipped titles and those a coordinator accepted are `accepted`: the parser recognises only these.
    A new title a worker writes is kept (not accepted) so their own words stay on the event.
    """

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=128, unique=True)
    unit: str = Field(default="份", max_length=8)
    aliases: list[str] = json_list_field()
    accepted: bool = True
    canonical_id: int | None = Field(default=None, foreign_key="material.id")


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
                    rank=entry.rank,
                    place_words=list(entry.place_words),
                )
            )
        else:
            _add_missing(kind, entry, ("aliases", "place_words"))
    themes = {t.code: t for t in await session.exec(select(Theme))}
    for order, theme in enumerate(shipped.themes):
        row = themes.get(theme.code)
        if row is None:
            session.add(
                Theme(
                    code=theme.code,
                    name_zh=theme.name_zh,
                    name_en=theme.name_en,
                    aliases=list(theme.aliases),
                    days=list(theme.days),
                    laws=list(theme.laws),
                    sort_order=order,
                )
            )
        else:
            _add_missing(row, theme, ("aliases", "days", "laws"))
    materials = {m.title: m for m in await session.exec(select(Material))}
    for item in shipped.materials:
        material = materials.get(item.title)
        if material is None:
            session.add(Material(title=item.title, unit=item.unit, aliases=list(item.aliases)))
        else:
            material.accepted = True
            if missing := [a for a in item.aliases if a not in material.aliases]:
                material.aliases = [*material.aliases, *missing]
    await session.flush()


def _add_missing(row: SQLModel, shipped: object, names: tuple[str, ...]) -> None:
    """Add the shipped words a row lacks to each of its lists, keeping the ones an admin added."""
    for name in names:
        if missing := [w for w in getattr(shipped, name) if w not in getattr(row, name)]:
            setattr(row, name, [*getattr(row, name), *missing])


async def load_catalog(*, session: AsyncSession) -> Catalog:
    """The catalogue as the parser sees it, read from the database."""
    kinds = await session.exec(
        select(EventKind).where(EventKind.active == True).order_by(col(EventKind.sort_order))  # noqa: E712
    )
    materials = await session.exec(
        select(Material).where(Material.accepted == True).order_by(col(Material.id))  # noqa: E712
    )
    themes = await session.exec(
        select(Theme).where(Theme.active == True).order_by(col(Theme.sort_order))  # noqa: E712
    )
    return Catalog(
        kinds=tuple(
            KindEntry(
                code=k.code,
                name_zh=k.name_zh,
                name_en=k.name_en,
                report_group=ReportGroup(k.report_group),
                aliases=tuple(k.aliases),
                rank=k.rank,
                place_words=tuple(k.place_words),
            )
            for k in kinds
        ),
        themes=tuple(
            ThemeEntry(
                code=t.code,
                name_zh=t.name_zh,
                name_en=t.name_en,
                aliases=tuple(t.aliases),
                days=tuple(t.days),
                laws=tuple(t.laws),
            )
            for t in themes
        ),
        materials=tuple(
            MaterialEntry(title=m.title, unit=m.unit, aliases=tuple(m.aliases), id=m.id) for m in materials
        ),
        areas=await area_entries(session=session),
    )
