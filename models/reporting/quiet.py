"""Figures by child area, and the areas and workers with nothing logged in a period."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.events.records import Event
from models.organisation.areas import Area
from models.organisation.members import Member, MemberStatus, Role
from models.parsing.periods import Period
from models.reporting.basis import Basis
from models.reporting.rollup_reads import in_range
from models.reporting.rollup_tables import KindRollup
from models.sqlite_on_loop import on_the_thread


@dataclass(frozen=True)
class AreaFigures:
    area_id: int
    name: str
    events: int
    attendance: int
    itself: bool = False  # the events logged at the area itself, not under any of its children


class AreaNode(Protocol):
    """What the folding below reads of an area: an Area row, or an AreaRow."""

    @property
    def id(self) -> int | None: ...
    @property
    def parent_id(self) -> int | None: ...
    @property
    def name(self) -> str: ...
    @property
    def path(self) -> str: ...


class AreaRow(NamedTuple):
    id: int
    parent_id: int | None
    name: str
    path: str


async def active_subtree(*, session: AsyncSession, area: Area) -> list[AreaRow]:
    """The active areas of `area`'s subtree, as plain rows (a district has hundreds: no ORM objects)."""
    with on_the_thread():  # these reads go through many rows: not on the loop's thread (scope.fetch_rows)
        rows = await session.exec(
            select(Area.id, Area.parent_id, Area.name, Area.path).where(
                col(Area.path).startswith(area.path, autoescape=True), col(Area.retired).is_(False)
            )
        )
    return [AreaRow(i, parent, name, path) for i, parent, name, path in rows if i is not None]


def _children(areas: Sequence[AreaNode], top: Area) -> list[AreaNode]:
    return sorted((a for a in areas if a.parent_id == top.id), key=lambda a: a.id or 0)


def by_child(
    per_area: dict[int, list[int]], *, areas: Sequence[AreaNode], top: Area
) -> tuple[AreaFigures, ...]:
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


async def busy_areas(
    *, session: AsyncSession, area: Area, period: Period, statuses: tuple[str, ...]
) -> set[int]:
    """The areas under `area` (itself included) whose subtree has a counted event in the period.

    Each area's own rollup rows say so; EXISTS stops at the first one (a year of a district holds a few
    dozen rows per area: reading them all took 39 ms on PostgreSQL, the first of each takes 2).
    """
    counted = (
        select(KindRollup.area_id)
        .where(col(KindRollup.area_id) == Area.id)
        .where(in_range(KindRollup, period.start, period.end), col(KindRollup.status).in_(statuses))
        .where(col(KindRollup.events) > 0)
        .exists()
    )
    with on_the_thread():
        found = await session.exec(
            select(Area.id).where(col(Area.path).startswith(area.path, autoescape=True), counted)
        )
    return {area_id for area_id in found if area_id is not None}


def quiet_areas(busy: set[int], *, areas: Sequence[AreaNode], top: Area) -> tuple[str, ...]:
    """Areas under `top` whose subtree logged nothing this period, without repeating those under them."""
    quiet = [a for a in areas if a.id != top.id and a.id not in busy]
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
    with on_the_thread():
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


def own_and_children(
    per_child: dict[int, list[int]], top: Area, rows: Sequence[Sequence[Any]], basis: Basis, flag: bool
) -> dict[int, list[int]]:
    """The children's totals, and the events logged at `top` itself (街道本级): its rollup less theirs."""
    counted = [r for r in rows if bool(r[1]) is flag and r[2] in basis.statuses]
    own_events = sum(int(r[3]) for r in counted) - sum(n for n, _ in per_child.values())
    own_people = sum(int(r[4]) for r in counted) - sum(p for _, p in per_child.values())
    return per_child | ({top.id or 0: [own_events, own_people]} if own_events > 0 else {})
