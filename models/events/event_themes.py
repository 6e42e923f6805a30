"""An event's themes: read in the catalogue's order, and made exactly a list of codes on an edit."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.tables import Theme
from models.events.records import EventTheme


async def set_themes(*, session: AsyncSession, event_id: int, codes: list[str]) -> tuple[int, ...]:
    """Make the event's themes exactly `codes` (unknown or retired codes are dropped); their ids."""
    current = list(await session.exec(select(EventTheme).where(EventTheme.event_id == event_id)))
    wanted = {t.code: t.id for t in await session.exec(select(Theme).where(col(Theme.code).in_(codes)))}
    for row in current:
        if row.theme_id not in wanted.values():
            await session.delete(row)
    kept = {row.theme_id for row in current}
    for theme_id in wanted.values():
        if theme_id is not None and theme_id not in kept:
            session.add(EventTheme(event_id=event_id, theme_id=theme_id))
    return tuple(sorted(t for t in wanted.values() if t is not None))


async def event_themes(*, session: AsyncSession, event_id: int) -> list[str]:
    rows = await session.exec(
        select(Theme.code)
        .join(EventTheme, col(EventTheme.theme_id) == Theme.id)
        .where(EventTheme.event_id == event_id)
        .order_by(col(Theme.sort_order))
    )
    return list(rows)
