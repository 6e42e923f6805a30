"""Reading the rollups for a date range: whole years, then whole months, then days.

2022-03-05..2023-02-10 reads 27 day rows, 9 month rows and 10 day rows of each key, not 340 days; a
calendar year reads one row per key. Every bucket read lies wholly inside the range.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import ColumnElement, Label, and_, or_
from sqlmodel import SQLModel

from models.parsing.periods import Period
from models.reporting.rollup_tables import Grain


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def spans(first: date, last: date) -> list[tuple[Grain, date, date]]:
    """(grain, first bucket, last bucket) covering first..last with as few rows as possible."""
    out: list[tuple[Grain, date, date]] = []
    day = first
    while day <= last:
        if day.month == 1 and day.day == 1 and date(day.year, 12, 31) <= last:
            grain, following = Grain.YEAR, date(day.year + 1, 1, 1)
        elif day.day == 1 and _next_month(day) - timedelta(days=1) <= last:
            grain, following = Grain.MONTH, _next_month(day)
        else:
            grain, following = Grain.DAY, day + timedelta(days=1)
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


def day_range(table: type[SQLModel], first: date, last: date) -> ColumnElement[bool]:
    """The day rows of first..last (for series that need every day)."""
    grain, bucket = table.grain, table.bucket  # type: ignore[attr-defined]
    return and_(grain == Grain.DAY.value, bucket >= first, bucket <= last)


def is_current_row(table: type[SQLModel], period: Period) -> Label[bool]:
    """Of the rows of a period and the one before it (both_periods), those of the period itself."""
    return (table.bucket >= period.start).label("is_current")  # type: ignore[attr-defined,no-any-return]


def both_periods(table: type[SQLModel], period: Period) -> ColumnElement[bool]:
    """The rollup rows of `period` and of the period of the same length before it."""
    before = period.previous()
    return or_(in_range(table, before.start, before.end), in_range(table, period.start, period.end))
