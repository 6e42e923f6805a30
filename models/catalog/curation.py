"""Material titles workers wrote that the catalogue does not know yet, and a coordinator taking one in.

A new title is kept on its event as written but is not part of the shared catalogue (the parser does not
recognise it) until a coordinator accepts it; then it is matched in every later message.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy import select as select_columns
from sqlalchemy.orm import aliased
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.tables import Material
from models.events.records import Event, EventMaterial
from models.organisation.areas import Area
from models.reporting.scope import fetch_rows, in_subtree

NEW_TITLES_SHOWN = 20


@dataclass(frozen=True)
class NewTitle:
    material_id: int
    title: str
    grouped_under: str | None  # the catalogue title it already counts under in reports, if any
    events: int
    quantity: int


async def new_titles(*, session: AsyncSession, area: Area, limit: int = NEW_TITLES_SHOWN) -> list[NewTitle]:
    """Titles not in the catalogue that events of `area`'s subtree use, the most used first."""
    canonical = aliased(Material)
    events = func.count(func.distinct(EventMaterial.event_id))
    rows = await fetch_rows(
        session,
        select_columns(
            col(Material.id),
            col(Material.title),
            col(canonical.title),
            events,
            func.sum(EventMaterial.quantity),
        )
        .select_from(Material)
        .join(EventMaterial, col(EventMaterial.material_id) == Material.id)
        .join(Event, col(Event.id) == EventMaterial.event_id)
        .outerjoin(canonical, col(canonical.id) == Material.canonical_id)
        .where(col(Material.accepted) == False, col(Event.deleted) == False, in_subtree(area))  # noqa: E712
        .group_by(col(Material.id), col(Material.title), col(canonical.title))
        .order_by(events.desc(), col(Material.title))
        .limit(limit),
    )
    return [NewTitle(int(i), title, under, int(n), int(q)) for i, title, under, n, q in rows]


async def accept_title(*, session: AsyncSession, material_id: int) -> Material | None:
    """Take a worker's title into the catalogue; None when there is no such title or it is in already."""
    material = await session.get(Material, material_id, with_for_update=True)
    if material is None or material.accepted:
        return None
    material.accepted = True
    if material.title not in material.aliases:
        material.aliases = [*material.aliases, material.title]
    await session.flush()
    return material
