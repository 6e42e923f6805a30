"""Figures by child area, and the areas and workers with nothing logged in a period."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.events.records import Event
from models.organisation.areas import Area
from models.organisation.members import Member, MemberStatus, Role
from models.parsing.periods import Period

GroupedRow = tuple[Any, ...]  # area_id, kind_id, is_current, is_returned, events, attendance, consultations


@dataclass(frozen=True)
class AreaFigures:
    area_id: int
    name: str
    events: int
    attendance: int
    itself: bool = False  # the events logged at the area itself, not under any of its children


def _children(areas: list[Area], top: Area) -> list[Area]:
    return sorted((a for a in areas if a.parent_id == top.id), key=lambda a: a.id or 0)


def by_child(per_area: dict[int, list[int]], *, areas: list[Area], top: Area) -> tuple[AreaFigures, ...]:
    """Fold the per-area totals into the area's direct children (each with its subtree); the events
    logged at the area itself (街道本级) come last, under the area's own id, so the lines add up."""
    children = {c.id: c for c in _children(areas, top)}
    totals = {child_id: [0, 0] for child_id in children}
    paths = {a.id: a.path for a in areas}
    for area_id, (events, attendance) in per_area.items():
        child_id = _child_of(paths.get(area_id, ""), top)
        if child_id in totals:
            totals[child_id][0] += events
            totals[child_id][1] += attendance
    out = [
        AreaFigures(area_id=child_id, name=children[child_id].name, events=n, attendance=people)
        for child_id, (n, people) in totals.items()
        if child_id is not None
    ]
    own = per_area.get(top.id or 0)
    itself = [AreaFigures(top.id or 0, top.name, own[0], own[1], itself=True)] if own else []
    ranked = sorted(out, key=lambda a: (-a.events, -a.attendance, a.area_id))
    return tuple(ranked + itself) if ranked else ()


def _child_of(path: str, top: Area) -> int | None:
    """The id of top's child on the way down to the area at `path` ("/1/5/9/" under "/1/" is 5)."""
    rest = path.removeprefix(top.path)
    if rest == path or not rest:
        return None
    return int(rest.split("/", 1)[0])


def quiet_areas(rows: list[GroupedRow], *, areas: list[Area], top: Area) -> tuple[str, ...]:
    """Areas under `top` whose subtree logged nothing this period, without repeating those under them."""
    paths = {a.id: a.path for a in areas}
    busy: set[str] = set()  # every path on the way down to an area with a counted event
    for area_id in {r[0] for r in rows if r[2] and not r[3]}:
        path = paths.get(area_id, "")
        busy.update(path[: i + 1] for i, ch in enumerate(path) if ch == "/")
    quiet = [a for a in areas if a.id != top.id and a.path not in busy]
    quiet_ids = {a.id for a in quiet}
    highest = [a for a in quiet if a.parent_id not in quiet_ids]
    return tuple(a.name for a in sorted(highest, key=lambda a: a.path))


async def quiet_members(*, session: AsyncSession, period: Period, area: Area) -> tuple[str, ...]:
    logged = (
        select(Event.id)
        .where(
            Event.reporter_id == Member.id,
            col(Event.start_date) >= period.start,
            col(Event.start_date) <= period.end,
            col(Event.deleted) == False,  # noqa: E712
        )
        .exists()
    )
    subtree = select(Area.id).where(col(Area.path).startswith(area.path, autoescape=True))
    names = await session.exec(
        select(Member.full_name)
        .where(
            Member.status == MemberStatus.ACTIVE,
            Member.role == Role.WORKER,
            col(Member.area_id).in_(subtree.scalar_subquery()),
            ~logged,
        )
        .order_by(col(Member.full_name))
    )
    return tuple(names)
