"""An event's material lines as written: one line per title, and the ids of the titles (new ones kept)."""

from __future__ import annotations

from sqlalchemy import bindparam
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.tables import Material
from models.events.drafts import EventDraft, MaterialLine, Qualifier
from models.upsert import insert_missing


def merged_materials(draft: EventDraft) -> list[MaterialLine]:
    """The draft's lines with one line per title (an event holds a title once): same titles add up."""
    lines: dict[str, MaterialLine] = {}
    for line in draft.materials:
        same = lines.get(line.title)
        if same is None:
            lines[line.title] = line.model_copy()
        else:
            same.quantity += line.quantity
            same.qualifier = same.qualifier if same.qualifier != Qualifier.EXACT else line.qualifier
    return list(lines.values())


_IDS_OF_TITLES = select(Material.title, Material.id).where(
    col(Material.title).in_(bindparam("titles", expanding=True))
)  # built once: every ✅ with material lines runs it


async def material_ids(*, session: AsyncSession, draft: EventDraft) -> dict[str, int]:
    """Ids of the draft's material titles as written; a title not yet known is kept as a material that is
    not accepted into the catalogue, grouped under the catalogue title it matched, if any.

    One statement when every title is known already (the usual case), three when one is new.
    """
    titles = sorted({line.title for line in draft.materials})
    if not titles:
        return {}
    canonicals = {line.canonical for line in draft.materials if line.canonical}
    wanted = sorted(set(titles) | canonicals)
    known = {
        title: material_id
        for title, material_id in await session.exec(_IDS_OF_TITLES, params={"titles": wanted})
        if material_id is not None
    }
    new = [t for t in titles if t not in known]
    if not new:
        return {t: known[t] for t in titles}
    first = {line.title: line for line in reversed(draft.materials)}
    await insert_missing(
        session=session,
        table=Material,
        key="title",
        rows=[
            {
                "title": t,
                "unit": first[t].unit,
                "aliases": [],
                "accepted": False,
                "canonical_id": known.get(first[t].canonical or ""),
            }
            for t in new
        ],
    )
    rows = await session.exec(select(Material.title, Material.id).where(col(Material.title).in_(new)))
    return {t: known[t] for t in titles if t in known} | {t: i for t, i in rows if i is not None}
