"""Reading the rollups for a date range: whole years, months and weeks where they fit, days elsewhere.

2022-03-05..2023-02-10 reads a day, 3 weeks, 10 months, a week and 10 days of each key, not 340 days; a
calendar year or a Monday-to-Sunday week reads one row per key. Every bucket read lies wholly inside the
range, and the buckets read do not overlap.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import ColumnElement, Label, and_, or_
from sqlmodel import SQLModel

from models.parsing.periods import Period
from models.reporting.rollup_tables import Grain


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _week_fits(monday: date, last: date) -> bool:
    """A week across the 1st of a month that the range then holds whole would cost that month's row."""
    month = _next_month(monday)
    return monday + timedelta(days=6) < month or _next_month(month) - timedelta(days=1) > last


def spans(
    first: date, last: date, coarsest: Grain = Grain.YEAR, *, weeks: bool = True
) -> list[tuple[Grain, date, date]]:
    """(grain, first bucket, last bucket) covering first..last with few rows: at each day the coarsest
    bucket (up to `coarsest`, weeks only if `weeks`) that starts there and ends within the range."""
    allowed = [g for g in list(Grain)[: list(Grain).index(coarsest) + 1] if weeks or g != Grain.WEEK]
    out: list[tuple[Grain, date, date]] = []
    day = first
    while day <= last:
        ends = {
            Grain.YEAR: date(day.year + 1, 1, 1) if (day.month, day.day) == (1, 1) else None,
            Grain.MONTH: _next_month(day) if day.day == 1 else None,
            Grain.WEEK: day + timedelta(days=7) if day.weekday() == 0 and _week_fits(day, last) else None,
        }
        grain, following = Grain.DAY, day + timedelta(days=1)
        for candidate in reversed(allowed):
            end = ends.get(candidate)
            if end is not None and end - timedelta(days=1) <= last:
                grain, following = candidate, end
                break
        if out and out[-1][0] == grain:
            out[-1] = (grain, out[-1][1], day)
        else:
            out.append((grain, day, day))
        day = following
    return out


def in_range(table: type[SQLModel], first: date, last: date) -> ColumnElement[bool]:
    """The rollup rows of `table` that add up to first..last."""
    grain, bucket = table.grain, table.bucket  # type: ignore[attr-defined]
    return or_(*(and_(grain == g.value, bucket >= a, bucket <= b) for g, a, b in spans(first, last)))


def bars_range(table: type[SQLModel], first: date, last: date, monthly: bool) -> ColumnElement[bool]:
    """The rows that add up to first..last without crossing a chart's bar: weeks (or months) and days."""
    grain, bucket = table.grain, table.bucket  # type: ignore[attr-defined]
    coarsest = Grain.MONTH if monthly else Grain.WEEK
    found = spans(first, last, coarsest, weeks=not monthly)
    return or_(*(and_(grain == g.value, bucket >= a, bucket <= b) for g, a, b in found))


def is_current_row(table: type[SQLModel], period: Period) -> Label[bool]:
    """Of the rows of a period and the one before it (both_periods), those of the period itself."""
    return (table.bucket >= period.start).label("is_current")  # type: ignore[attr-defined,no-any-return]


def both_periods(table: type[SQLModel], period: Period) -> ColumnElement[bool]:
    """The rollup rows of `period` and of the period of the same length before it."""
    before = period.previous()
    return or_(in_range(table, before.start, before.end), in_range(table, period.start, period.end))
