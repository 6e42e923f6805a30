"""Events and people reached per ISO week (per month from half a year on) and kind: what /chart draws."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func
from sqlalchemy import select as select_columns
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.tables import EventKind
from models.events.records import EventStatus
from models.organisation.areas import Area
from models.parsing.periods import Period
from models.reporting.basis import Basis
from models.reporting.rollup_reads import bars_range
from models.reporting.rollup_tables import KindRollup
from models.reporting.scope import fetch_rows


@dataclass(frozen=True)
class KindSeries:
    code: str
    name_zh: str
    name_en: str
    events: tuple[int, ...]  # one per week
    attendance: tuple[int, ...]

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_zh


@dataclass(frozen=True)
class WeeklySeries:
    period: Period
    weeks: tuple[date, ...]  # the Monday of each week the period touches (the 1st of each month, if monthly)
    kinds: tuple[KindSeries, ...]  # most events first
    monthly: bool = False
    basis: Basis = Basis.SUBMITTED
    pending_events: int = 0  # submitted, awaiting approval: what the chart's caption says of its basis


MONTHLY_FROM_DAYS = 183  # a quarter or less is drawn in weeks, half a year or more in months


def _buckets(period: Period) -> tuple[tuple[date, ...], Callable[[date], int], bool]:
    """The first day of each bar, the bar a day falls in, and whether the bars are months."""
    if (period.end - period.start).days < MONTHLY_FROM_DAYS:
        monday = period.start - timedelta(days=period.start.weekday())
        weeks = (period.end - monday).days // 7 + 1
        return (
            tuple(monday + timedelta(weeks=n) for n in range(weeks)),
            lambda d: (d - monday).days // 7,
            False,
        )
    first = period.start.year * 12 + period.start.month - 1
    months = period.end.year * 12 + period.end.month - first
    starts = tuple(date((first + n) // 12, (first + n) % 12 + 1, 1) for n in range(months))
    return starts, lambda d: d.year * 12 + d.month - 1 - first, True


async def weekly_series(
    *, session: AsyncSession, period: Period, area: Area, basis: Basis = Basis.SUBMITTED
) -> WeeklySeries:
    """Counted events (not deleted, not returned) per week or month and kind, from the area's rollups: a
    row per week (or month), kind and status, day rows where the period cuts one. Submitted events are
    read under either basis: the caption says how many await approval (summarize_period's count)."""
    weeks, bucket, monthly = _buckets(period)
    rows = await fetch_rows(
        session,
        select_columns(
            col(KindRollup.bucket),
            col(KindRollup.kind_id),
            col(KindRollup.status),
            func.sum(KindRollup.events),
            func.sum(KindRollup.attendance),
        )
        .where(col(KindRollup.area_id) == area.id, bars_range(KindRollup, period.start, period.end, monthly))
        .where(col(KindRollup.status).in_(Basis.SUBMITTED.statuses))
        .group_by(col(KindRollup.bucket), col(KindRollup.kind_id), col(KindRollup.status))
        .having(func.sum(KindRollup.events) > 0),
    )
    events: dict[int, list[int]] = defaultdict(lambda: [0] * len(weeks))
    attendance: dict[int, list[int]] = defaultdict(lambda: [0] * len(weeks))
    pending = 0
    for day, kind_id, status, n, people in rows:
        pending += int(n) if status == EventStatus.SUBMITTED else 0
        if status in basis.statuses:
            week = bucket(day)
            events[kind_id][week] += int(n)
            attendance[kind_id][week] += int(people)
    kinds = {k.id: k for k in await session.exec(select(EventKind))}
    series = [
        KindSeries(
            code=kinds[kind_id].code,
            name_zh=kinds[kind_id].name_zh,
            name_en=kinds[kind_id].name_en,
            events=tuple(counts),
            attendance=tuple(attendance[kind_id]),
        )
        for kind_id, counts in events.items()
    ]
    series.sort(key=lambda s: (-sum(s.events), s.code))
    return WeeklySeries(
        period=period,
        weeks=weeks,
        kinds=tuple(series),
        monthly=monthly,
        basis=basis,
        pending_events=pending,
    )
