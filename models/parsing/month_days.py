"""Months and runs of days as people write them: 11月, 2026年11月1日至11月30日, 11月1日-15日, November,
Nov 2026, Nov 1-15. Without a year, the latest such month or run that has begun by today."""

from __future__ import annotations

import re
from datetime import date, timedelta

_RANGE_WORD = r"(?:\.\.|~|–|—|-{1,2}|至|到|to)"
_CN_MONTH = re.compile(r"(?:(\d{4})年)?(\d{1,2})月份?")
_CN_DAYS = re.compile(
    rf"(?:(\d{{4}})年)?(\d{{1,2}})月(\d{{1,2}})[日号]?{_RANGE_WORD}"
    r"(?:(?:(\d{4})年)?(\d{1,2})月)?(\d{1,2})[日号]?"
)
_EN_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_EN_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_EN_MONTH_YEAR = re.compile(rf"{_EN_MONTH},?(\d{{4}})?")
_EN_DAYS = re.compile(rf"{_EN_MONTH}(\d{{1,2}}){_RANGE_WORD}(\d{{1,2}}),?(\d{{4}})?")
_EN_DAYS_AFTER = re.compile(rf"(\d{{1,2}}){_RANGE_WORD}(\d{{1,2}}){_EN_MONTH},?(\d{{4}})?")


def read_month_or_days(key: str, *, today: date) -> tuple[date, date, bool] | None:
    """(first day, last day, whether it is a whole month) of a key with its spaces taken out and in
    lower case; None when the key is neither. An impossible date (2月30日) raises ValueError."""
    if match := _CN_MONTH.fullmatch(key):
        return _month_of(match.group(1), int(match.group(2)), today)
    if match := _EN_MONTH_YEAR.fullmatch(key):
        return _month_of(match.group(2), _EN_MONTHS.index(match.group(1)) + 1, today)
    if match := _CN_DAYS.fullmatch(key):
        year, first_month, first_day, end_year, end_month, last_day = match.groups()
        start_month = int(first_month)
        last_month = int(end_month) if end_month else start_month
        return _days(year, (start_month, int(first_day)), end_year, (last_month, int(last_day)), today)
    if match := _EN_DAYS.fullmatch(key):
        name, first_day, last_day, year = match.groups()
    elif match := _EN_DAYS_AFTER.fullmatch(key):
        first_day, last_day, name, year = match.groups()
    else:
        return None
    number = _EN_MONTHS.index(name) + 1
    return _days(year, (number, int(first_day)), None, (number, int(last_day)), today)


def _month_of(year: str | None, number: int, today: date) -> tuple[date, date, bool] | None:
    if not 1 <= number <= 12:
        return None
    year_number = (today.year if number <= today.month else today.year - 1) if year is None else int(year)
    first = date(year_number, number, 1)
    following = date(year_number + number // 12, number % 12 + 1, 1)
    return first, following - timedelta(days=1), True


def _days(
    year: str | None, first: tuple[int, int], end_year: str | None, last: tuple[int, int], today: date
) -> tuple[date, date, bool] | None:
    start = date(int(year) if year else today.year, *first)
    if year is None and start > today:
        start = date(start.year - 1, *first)
    end = date(int(end_year) if end_year else start.year, *last)
    if end < start and end_year is None and last[0] < first[0]:  # 12月20日至1月5日: into the next year
        end = date(start.year + 1, *last)
    return (start, end, False) if start <= end else None
