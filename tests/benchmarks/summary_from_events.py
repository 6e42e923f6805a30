"""The summary as it was before the rollups (commit 0db5f23): grouped queries over the events themselves.

Kept only so that `make bench` can time today's query against it on the same data in the same run; the
bot never calls it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, or_
from sqlalchemy import select as select_columns
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.entries import ReportGroup
from models.catalog.tables import EventKind, Material, Theme
from models.events.drafts import MaterialCategory
from models.events.records import Event, EventMaterial, EventStatus, EventTheme
from models.organisation.areas import Area
from models.parsing.periods import Period
from models.reporting.quiet import by_child, quiet_members
from models.reporting.scope import fetch_rows, in_subtree
from models.reporting.summaries import (
    Figures,
    KindFigures,
    MaterialFigures,
    PeriodSummary,
    ThemeFigures,
    kinds_order,
)

GroupedRow = tuple[Any, ...]


def _period_filter(area: Area, first: date, last: date) -> list[ColumnElement[bool]]:
    return [
        col(Event.start_date) >= first,
        col(Event.start_date) <= last,
        col(Event.deleted) == False,  # noqa: E712
        in_subtree(area),
    ]


async def summarize_from_events(*, session: AsyncSession, period: Period, area: Area) -> PeriodSummary:
    """The figures of `area`'s subtree in `period` and in the period of the same length before it."""
    assert area.id is not None
    before = period.previous()
    is_current = (col(Event.start_date) >= period.start).label("is_current")
    is_returned = (col(Event.status) == EventStatus.RETURNED).label("is_returned")
    rows = await fetch_rows(
        session,
        select_columns(
            col(Event.area_id),
            col(Event.kind_id),
            is_current,
            is_returned,
            func.count(),
            func.coalesce(func.sum(Event.attendance), 0),
            func.coalesce(func.sum(Event.consultations), 0),
        )
        .where(*_period_filter(area, before.start, period.end))
        .group_by(col(Event.area_id), col(Event.kind_id), is_current, is_returned),
    )
    material_current = (col(Event.start_date) >= period.start).label("is_current")
    # Handouts only (not banners on show or giveaways), grouped under the catalogue title each was
    # written as, so 《民法典》 and 民法典手册 make one line.
    canonical = aliased(Material)
    title = func.coalesce(canonical.title, Material.title)
    unit = func.coalesce(canonical.unit, EventMaterial.unit, Material.unit)
    catalogued = or_(col(canonical.id).is_not(None), col(Material.accepted)).label("catalogued")
    material_rows = await fetch_rows(
        session,
        select_columns(
            title, unit, material_current, func.sum(EventMaterial.quantity), func.count(), catalogued
        )
        .select_from(Material)
        .join(EventMaterial, col(EventMaterial.material_id) == Material.id)
        .outerjoin(canonical, col(canonical.id) == Material.canonical_id)
        .join(Event, col(Event.id) == EventMaterial.event_id)
        .where(
            *_period_filter(area, before.start, period.end),
            col(Event.status) != EventStatus.RETURNED,
            col(EventMaterial.category) == MaterialCategory.HANDOUT,
        )
        .group_by(title, unit, material_current, catalogued),
    )
    themes = await _theme_rows(session=session, area=area, period=period)
    kinds = {k.id: k for k in await session.exec(select(EventKind))}
    areas = list(
        await session.exec(
            select(Area).where(col(Area.path).startswith(area.path, autoescape=True), Area.retired == False)  # noqa: E712
        )
    )
    figures = {
        flag: _figures(
            [r for r in rows if bool(r[2]) is flag],
            [m for m in material_rows if bool(m[2]) is flag],
            kinds=kinds,
            areas=areas,
            top=area,
        )
        for flag in (True, False)
    }
    return PeriodSummary(
        period=period,
        area_id=area.id,
        area_name=area.name,
        current=replace(figures[True], by_theme=_theme_figures([t for t in themes if t[0]])),
        previous=replace(figures[False], by_theme=_theme_figures([t for t in themes if not t[0]])),
        quiet_areas=quiet_areas(rows, areas=areas, top=area),
        quiet_members=await quiet_members(session=session, period=period, area=area),
    )


async def _theme_rows(*, session: AsyncSession, area: Area, period: Period) -> list[tuple[Any, ...]]:
    """Events and people reached per theme, this period and the one before (returned events left out)."""
    is_current = (col(Event.start_date) >= period.start).label("is_current")
    return await fetch_rows(
        session,
        select_columns(
            is_current,
            col(Theme.code),
            col(Theme.name_zh),
            col(Theme.name_en),
            func.count(),
            func.coalesce(func.sum(Event.attendance), 0),
            func.min(Theme.sort_order),
        )
        .select_from(EventTheme)
        .join(Theme, col(Theme.id) == EventTheme.theme_id)
        .join(Event, col(Event.id) == EventTheme.event_id)
        .where(
            *_period_filter(area, period.previous().start, period.end),
            col(Event.status) != EventStatus.RETURNED,
        )
        .group_by(is_current, col(Theme.code), col(Theme.name_zh), col(Theme.name_en)),
    )


def _theme_figures(rows: list[tuple[Any, ...]]) -> tuple[ThemeFigures, ...]:
    ordered = sorted(rows, key=lambda r: (-int(r[4]), r[6]))
    return tuple(
        ThemeFigures(code=code, name_zh=zh, name_en=en, events=int(n), attendance=int(people))
        for _current, code, zh, en, n, people, _order in ordered
    )


def _figures(
    rows: list[GroupedRow],
    material_rows: list[tuple[Any, ...]],
    *,
    kinds: dict[int | None, EventKind],
    areas: list[Area],
    top: Area,
) -> Figures:
    counted = [r for r in rows if not r[3]]
    returned = [r for r in rows if r[3]]
    per_kind: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    per_area: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for area_id, kind_id, _current, _returned, events, attendance, consultations in counted:
        totals = per_kind[kind_id]
        totals[0] += events
        totals[1] += int(attendance)
        totals[2] += int(consultations)
        per_area[area_id][0] += events
        per_area[area_id][1] += int(attendance)
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
    return Figures(
        events=sum(k.events for k in by_kind),
        attendance=sum(k.attendance for k in by_kind),
        consultations=sum(k.consultations for k in by_kind),
        by_kind=tuple(by_kind),
        materials=tuple(
            sorted(
                (
                    MaterialFigures(title=t, unit=u, quantity=int(q), events=n, catalogued=bool(c))
                    for t, u, _c, q, n, c in material_rows
                ),
                key=lambda m: (-m.quantity, m.title),
            )
        ),
        by_area=by_child(per_area, areas=areas, top=top),
        returned_events=sum(r[4] for r in returned),
        returned_attendance=sum(int(r[5]) for r in returned),
    )


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
