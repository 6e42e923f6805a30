"""Dates from what was written: a year-less 3月8日 in the latest year it can be, 上周五, 二〇二二年."""

from __future__ import annotations

from datetime import date, timedelta

import cn2an

# A year-less date that would be in the future is taken from last year when that is this recent.
LAST_YEAR_WINDOW = timedelta(days=90)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
CN_DIGIT_VALUES = {c: str(v) for v, c in enumerate("零一二三四五六七八九")} | {"〇": "0"}
# (year or None when not written, month, day) as written; validated when resolved.
Written = tuple[int | None, int, int]


def resolve_date(written: Written, today: date) -> date:
    year, month, day = written
    if year is not None:
        return date(year, month, day)
    this_year = date(today.year, month, day)
    if this_year <= today:
        return this_year
    try:
        last_year = date(today.year - 1, month, day)
    except ValueError:  # there was no 2月29日 last year
        return this_year
    return last_year if today - last_year <= LAST_YEAR_WINDOW else this_year


def resolve_end(written: Written, first: date) -> date:
    """Resolve the end of a range in the year of its start, or the next when it wraps past New Year."""
    year, month, day = written
    if year is not None:
        return date(year, month, day)
    end = date(first.year, month, day)
    if end >= first:
        return end
    try:
        wrapped = date(first.year + 1, month, day)
    except ValueError:
        return end
    return wrapped if wrapped - first <= LAST_YEAR_WINDOW else end


def weekday_date(today: date, weekday: int, week: str | None) -> date:
    """Find the weekday in last or this ISO week, or else the most recent one, today included."""
    monday = today - timedelta(days=today.weekday())
    if week == "last":
        return monday - timedelta(days=7 - weekday)
    if week == "this":
        return monday + timedelta(days=weekday)
    if week == "next":
        return monday + timedelta(days=7 + weekday)
    return today - timedelta(days=(today.weekday() - weekday) % 7)


def read_number(written: str) -> int:
    """Read 3, 十二 or 二〇二二 as a number."""
    if written.isdigit():
        return int(written)
    if "十" not in written:  # a year, 二〇二二, is read digit by digit
        return int("".join(CN_DIGIT_VALUES[c] for c in written))
    try:
        return int(cn2an.cn2an(written, "smart"))
    except Exception as error:  # cn2an raises KeyError or IndexError on malformed numerals
        raise ValueError(written) from error


def read_year(written: str) -> int:
    """Read 2021, 21 (this century) or 二〇二一 as a year."""
    year = read_number(written)
    return 2000 + year if len(written) == 2 else year


def month_number(written: str) -> int:
    return MONTHS.index(written[:3].lower()) + 1


def optional_year(written: str | None) -> int | None:
    return int(written) if written else None


def as_written(day: date) -> Written:
    return day.year, day.month, day.day
