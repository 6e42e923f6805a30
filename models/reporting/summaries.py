"""What a period looks like: events and people reached by kind, materials, areas, who logged nothing.

`summarize_period` is the one summary (/summary, the Monday digest, the report). It reads the rollups
(rollup_tables.py), never the events: a year is one row per form and status, and the period before too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy import select as select_columns
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.entries import ReportGroup
from models.catalog.tables import EventKind, Material, Theme
from models.events.drafts import MaterialCategory
from models.events.records import EventStatus
from models.organisation.areas import Area
from models.parsing.periods import Period
from models.reporting.basis import Basis
from models.reporting.quiet import (
    AreaFigures,
    AreaNode,
    active_subtree,
    busy_areas,
    by_child,
    own_and_children,
    quiet_areas,
    quiet_members,
)
from models.reporting.rollup_reads import both_periods, is_current_row
from models.reporting.rollup_tables import KindRollup, MaterialRollup, ThemeRollup
from models.reporting.scope import fetch_rows


@dataclass(frozen=True)
class KindFigures:
    code: str
    name_zh: str
    name_en: str
    report_group: ReportGroup
    events: int
    attendance: int
    consultations: int

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_zh


@dataclass(frozen=True)
class MaterialFigures:
    title: str  # the catalogue title it groups under, or the title as written
    unit: str
    quantity: int
    events: int
    catalogued: bool = False

    @property
    def shown(self) -> str:
        """The title the way a report writes it: a catalogue title in 《》, a worker's wording as written."""
        return f"《{self.title}》" if self.catalogued and "《" not in self.title else self.title


@dataclass(frozen=True)
class ThemeFigures:
    code: str
    name_zh: str
    name_en: str
    events: int
    attendance: int

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_zh


@dataclass(frozen=True)
class Figures:
    """The totals of one period; returned events are counted apart and are in none of the others."""

    events: int = 0
    attendance: int = 0
    consultations: int = 0
    by_kind: tuple[KindFigures, ...] = ()
    materials: tuple[MaterialFigures, ...] = ()
    by_area: tuple[AreaFigures, ...] = ()  # the area's children, busiest first
    by_theme: tuple[ThemeFigures, ...] = ()  # an event counts under each of its themes
    returned_events: int = 0
    returned_attendance: int = 0
    pending_events: int = 0  # submitted, awaiting approval: counted by default, not with Basis.APPROVED

    @property
    def material_total(self) -> int:
        return sum(m.quantity for m in self.materials)

    def group(self, group: ReportGroup) -> tuple[KindFigures, ...]:
        return tuple(k for k in self.by_kind if k.report_group == group)


@dataclass(frozen=True)
class PeriodSummary:
    period: Period
    area_id: int
    area_name: str
    current: Figures
    previous: Figures
    quiet_areas: tuple[str, ...] = ()  # the highest areas under this one with nothing logged
    quiet_members: tuple[str, ...] = field(default=())  # active workers who logged nothing
    basis: Basis = Basis.SUBMITTED


async def summarize_period(
    *, session: AsyncSession, period: Period, area: Area, basis: Basis = Basis.SUBMITTED
) -> PeriodSummary:
    """The figures of `area`'s subtree in `period` and in the period of the same length before it."""
    assert area.id is not None
    is_current = is_current_row(KindRollup, period)
    rows = await fetch_rows(
        session,
        select_columns(
            col(KindRollup.kind_id),
            is_current,
            col(KindRollup.status),
            func.sum(KindRollup.events),
            func.sum(KindRollup.attendance),
            func.sum(KindRollup.consultations),
        )
        .where(col(KindRollup.area_id) == area.id, both_periods(KindRollup, period))
        .group_by(col(KindRollup.kind_id), is_current, col(KindRollup.status)),
    )
    areas = await active_subtree(session=session, area=area)
    children = [a.id for a in areas if a.parent_id == area.id]
    by_child_area = (
        select_columns(
            col(KindRollup.area_id), is_current, func.sum(KindRollup.events), func.sum(KindRollup.attendance)
        )
        .where(col(KindRollup.area_id).in_(children), both_periods(KindRollup, period))
        .where(col(KindRollup.status).in_(basis.statuses))
        .group_by(col(KindRollup.area_id), is_current)
    )
    area_rows = await fetch_rows(session, by_child_area) if children else []  # SQLite scans for IN ()
    kinds = {k.id: k for k in await session.exec(select(EventKind))}
    materials = await _material_rows(session=session, area=area, period=period, basis=basis)
    themes = await _theme_rows(session=session, area=area, period=period, basis=basis)
    figures = {
        flag: _figures(
            [r for r in rows if bool(r[1]) is flag],
            own_and_children(
                {a: [int(n), int(p)] for a, current, n, p in area_rows if bool(current) is flag},
                area,
                rows,
                basis,
                flag,
            ),
            [m for m in materials if bool(m[2]) is flag],
            kinds=kinds,
            areas=areas,
            top=area,
            basis=basis,
        )
        for flag in (True, False)
    }
    busy = await busy_areas(session=session, area=area, period=period, statuses=basis.statuses)
    return PeriodSummary(
        period=period,
        area_id=area.id,
        area_name=area.name,
        current=replace(figures[True], by_theme=_theme_figures([t for t in themes if t[0]])),
        previous=replace(figures[False], by_theme=_theme_figures([t for t in themes if not t[0]])),
        quiet_areas=quiet_areas(busy, areas=areas, top=area),
        quiet_members=await quiet_members(session=session, period=period, area=area),
        basis=basis,
    )


async def _material_rows(
    *, session: AsyncSession, area: Area, period: Period, basis: Basis
) -> list[tuple[Any, ...]]:
    """Handouts only (not banners on show or giveaways), grouped under the catalogue title each was
    written as, so 《民法典》 and 民法典手册 make one line."""
    canonical = aliased(Material)
    title = func.coalesce(canonical.title, Material.title)
    unit = func.coalesce(canonical.unit, func.nullif(MaterialRollup.unit, ""), Material.unit)
    catalogued = or_(col(canonical.id).is_not(None), col(Material.accepted)).label("catalogued")
    is_current = is_current_row(MaterialRollup, period)
    return await fetch_rows(
        session,
        select_columns(
            title,
            unit,
            is_current,
            func.sum(MaterialRollup.quantity),
            func.sum(MaterialRollup.lines),
            catalogued,
        )
        .select_from(MaterialRollup)
        .join(Material, col(Material.id) == MaterialRollup.material_id)
        .outerjoin(canonical, col(canonical.id) == Material.canonical_id)
        .where(col(MaterialRollup.area_id) == area.id, both_periods(MaterialRollup, period))
        .where(col(MaterialRollup.status).in_(basis.statuses))
        .where(col(MaterialRollup.category) == MaterialCategory.HANDOUT.value)
        .group_by(title, unit, is_current, catalogued),
    )


async def _theme_rows(
    *, session: AsyncSession, area: Area, period: Period, basis: Basis
) -> list[tuple[Any, ...]]:
    """Events and people reached per theme, this period and the one before (returned events left out)."""
    is_current = is_current_row(ThemeRollup, period)
    return await fetch_rows(
        session,
        select_columns(
            is_current,
            col(Theme.code),
            col(Theme.name_zh),
            col(Theme.name_en),
            func.sum(ThemeRollup.events),
            func.sum(ThemeRollup.attendance),
            func.min(Theme.sort_order),
        )
        .select_from(ThemeRollup)
        .join(Theme, col(Theme.id) == ThemeRollup.theme_id)
        .where(col(ThemeRollup.area_id) == area.id, both_periods(ThemeRollup, period))
        .where(col(ThemeRollup.status).in_(basis.statuses))
        .group_by(is_current, col(Theme.code), col(Theme.name_zh), col(Theme.name_en))
        .having(func.sum(ThemeRollup.events) > 0),
    )


def _theme_figures(rows: list[tuple[Any, ...]]) -> tuple[ThemeFigures, ...]:
    ordered = sorted(rows, key=lambda r: (-int(r[4]), r[6]))
    return tuple(
        ThemeFigures(code=code, name_zh=zh, name_en=en, events=int(n), attendance=int(people))
        for _current, code, zh, en, n, people, _order in ordered
    )


def _figures(
    rows: list[tuple[Any, ...]],
    per_area: dict[int, list[int]],
    material_rows: list[tuple[Any, ...]],
    *,
    kinds: dict[int | None, EventKind],
    areas: Sequence[AreaNode],
    top: Area,
    basis: Basis,
) -> Figures:
    per_kind: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for kind_id, _current, status, events, attendance, consultations in rows:
        if status in basis.statuses and int(events):
            totals = per_kind[kind_id]
            totals[0] += int(events)
            totals[1] += int(attendance)
            totals[2] += int(consultations)
    by_kind = sorted(
        (
            KindFigures(
                code=kinds[kind_id].code,
                name_zh=kinds[kind_id].name_zh,
                name_en=kinds[kind_id].name_en,
                report_group=ReportGroup(kinds[kind_id].report_group),
                events=events,
                attendance=attendance,
                consultations=consultations,
            )
            for kind_id, (events, attendance, consultations) in per_kind.items()
        ),
        key=lambda k: (-k.events, kinds_order(kinds, k.code)),
    )
    returned = [r for r in rows if r[2] == EventStatus.RETURNED]
    return Figures(
        events=sum(k.events for k in by_kind),
        attendance=sum(k.attendance for k in by_kind),
        consultations=sum(k.consultations for k in by_kind),
        by_kind=tuple(by_kind),
        materials=tuple(
            sorted(
                (
                    MaterialFigures(title=t, unit=u, quantity=int(q), events=int(n), catalogued=bool(c))
                    for t, u, _c, q, n, c in material_rows
                    if int(n)
                ),
                key=lambda m: (-m.quantity, m.title),
            )
        ),
        by_area=by_child(per_area, areas=areas, top=top),
        returned_events=sum(int(r[3]) for r in returned),
        returned_attendance=sum(int(r[4]) for r in returned),
        pending_events=sum(int(r[3]) for r in rows if r[2] == EventStatus.SUBMITTED),
    )


def kinds_order(kinds: dict[int | None, EventKind], code: str) -> int:
    return next((k.sort_order for k in kinds.values() if k.code == code), 0)
