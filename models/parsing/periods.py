"""Periods a summary, report, export or chart covers: ISO weeks, months, quarters, years, date ranges."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import cn2an

from models.parsing.month_days import read_month_or_days

# The years the bot covers, and the longest period it summarises or draws: a period outside them is a
# typing slip or a probe, and would only cost time and memory (or overflow Python's dates).
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_YEARS = 20


class PeriodProblem(StrEnum):
    """Why the text after /summary, /report, /export or /chart gives no period."""

    UNREADABLE = "unreadable"  # none of the accepted forms
    OUT_OF_RANGE = "out_of_range"  # before FIRST_YEAR or after LAST_YEAR
    TOO_LONG = "too_long"  # longer than MAX_YEARS


class PeriodKind(StrEnum):
    WEEK = "w"
    MONTH = "m"
    QUARTER = "q"
    YEAR = "y"
    RANGE = "r"  # any run of days, from a..b


@dataclass(frozen=True)
class Period:
    """A run of days, both ends included, and what kind of calendar unit it is."""

    kind: PeriodKind
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before: the previous week, month, quarter or year. This
        week so far (Monday to Wednesday) is compared with the same days of the week before."""
        if self.kind == PeriodKind.WEEK:
            return Period(self.kind, self.start - timedelta(days=7), self.end - timedelta(days=7))
        if self.kind == PeriodKind.RANGE:
            return Period(self.kind, self.start - timedelta(days=self.days), self.start - timedelta(days=1))
        return unit_containing(self.kind, self.start - timedelta(days=1))

    def step_back(self) -> Period:
        """Where ◀ goes: the whole week before (this week so far is compared with part of it)."""
        if self.kind == PeriodKind.WEEK:
            return unit_containing(self.kind, self.start - timedelta(days=1))
        return self.previous()

    def next(self) -> Period:
        if self.kind == PeriodKind.WEEK:
            return Period(self.kind, self.start + timedelta(days=7), self.start + timedelta(days=13))
        if self.kind == PeriodKind.RANGE:
            return Period(self.kind, self.end + timedelta(days=1), self.end + timedelta(days=self.days))
        return unit_containing(self.kind, self.end + timedelta(days=1))

    def code(self) -> str:
        """A compact form for callback data: "m2022030120220331"."""
        return f"{self.kind.value}{self.start:%Y%m%d}{self.end:%Y%m%d}"

    @classmethod
    def from_code(cls, code: str) -> Period | None:
        """The period of a button's callback data; None for a code no button of ours carries."""
        match = re.fullmatch(r"([wmqyr])([0-9]{8})([0-9]{8})", code)
        if match is None:
            return None
        try:
            start, end = (date(int(d[:4]), int(d[4:6]), int(d[6:])) for d in match.group(2, 3))
        except ValueError:
            return None
        period = cls(PeriodKind(match.group(1)), start, end)
        return period if start <= end and bound_problem(period) is None else None


def bound_problem(period: Period) -> PeriodProblem | None:
    """Whether the period lies outside the years the bot covers, or is too long to summarise."""
    if period.start < date(FIRST_YEAR, 1, 1) or period.end > date(LAST_YEAR, 12, 31):
        return PeriodProblem.OUT_OF_RANGE
    limit = date(period.start.year + MAX_YEARS, 1, 1) + (period.start - date(period.start.year, 1, 1))
    return PeriodProblem.TOO_LONG if period.end >= limit else None


def unit_containing(kind: PeriodKind, day: date) -> Period:
    """The week (Monday–Sunday), month, quarter or year that contains `day`."""
    if kind == PeriodKind.WEEK:
        monday = day - timedelta(days=day.weekday())
        return Period(kind, monday, monday + timedelta(days=6))
    if kind == PeriodKind.MONTH:
        return month(day.year, day.month)
    if kind == PeriodKind.QUARTER:
        return quarter(day.year, (day.month - 1) // 3 + 1)
    if kind == PeriodKind.YEAR:
        return Period(kind, date(day.year, 1, 1), date(day.year, 12, 31))
    return Period(kind, day, day)


def month(year: int, number: int) -> Period:
    first = date(year, number, 1)
    following = date(year + number // 12, number % 12 + 1, 1)
    return Period(PeriodKind.MONTH, first, following - timedelta(days=1))


def quarter(year: int, number: int) -> Period:
    first = month(year, 3 * number - 2)
    last = month(year, 3 * number)
    return Period(PeriodKind.QUARTER, first.start, last.end)


# Words for the period that contains today (offset 0) or the one before it (offset -1).
_RELATIVE: dict[str, tuple[PeriodKind, int]] = {
    "本周": (PeriodKind.WEEK, 0),
    "这周": (PeriodKind.WEEK, 0),
    "本星期": (PeriodKind.WEEK, 0),
    "thisweek": (PeriodKind.WEEK, 0),
    "week": (PeriodKind.WEEK, 0),
    "上周": (PeriodKind.WEEK, -1),
    "上星期": (PeriodKind.WEEK, -1),
    "lastweek": (PeriodKind.WEEK, -1),
    "本月": (PeriodKind.MONTH, 0),
    "这个月": (PeriodKind.MONTH, 0),
    "thismonth": (PeriodKind.MONTH, 0),
    "month": (PeriodKind.MONTH, 0),
    "上月": (PeriodKind.MONTH, -1),
    "上个月": (PeriodKind.MONTH, -1),
    "lastmonth": (PeriodKind.MONTH, -1),
    "本季度": (PeriodKind.QUARTER, 0),
    "本季": (PeriodKind.QUARTER, 0),
    "thisquarter": (PeriodKind.QUARTER, 0),
    "quarter": (PeriodKind.QUARTER, 0),
    "上季度": (PeriodKind.QUARTER, -1),
    "上季": (PeriodKind.QUARTER, -1),
    "lastquarter": (PeriodKind.QUARTER, -1),
    "今年": (PeriodKind.YEAR, 0),
    "本年": (PeriodKind.YEAR, 0),
    "本年度": (PeriodKind.YEAR, 0),
    "thisyear": (PeriodKind.YEAR, 0),
    "year": (PeriodKind.YEAR, 0),
    "去年": (PeriodKind.YEAR, -1),
    "上年": (PeriodKind.YEAR, -1),
    "lastyear": (PeriodKind.YEAR, -1),
}

_YEAR = r"(\d{4})年?"
_DAY = r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
_QUARTER_NUMERAL = r"([1-4一二三四])"


class _OutOfRange(ValueError):
    """A year the bot does not cover, found before any date is made of it."""


def parse_period(text: str, *, today: date) -> Period | PeriodProblem:
    """Read a period as coordinators write it, or say why it is none the bot covers."""
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()
    if not key:
        return PeriodProblem.UNREADABLE
    if key in _RELATIVE:
        kind, offset = _RELATIVE[key]
        current = unit_containing(kind, today)
        period: Period | None = (
            unit_containing(kind, current.start - timedelta(days=1)) if offset else so_far(current, today)
        )
    else:
        try:
            period = _absolute(key) or _from_days(read_month_or_days(key, today=today))
        except _OutOfRange:
            return PeriodProblem.OUT_OF_RANGE
        except ValueError:  # 2022-13, 2022-02-30 …
            return PeriodProblem.UNREADABLE
    if period is None:
        return PeriodProblem.UNREADABLE
    return bound_problem(period) or period


def _from_days(days: tuple[date, date, bool] | None) -> Period | None:
    if days is None:
        return None
    start, end, whole_month = days
    return Period(PeriodKind.MONTH if whole_month else PeriodKind.RANGE, start, end)


def _year(digits: str) -> int:
    year = int(digits)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _OutOfRange(digits)
    return year


def _absolute(key: str) -> Period | None:
    if match := re.fullmatch(_YEAR, key):
        return unit_containing(PeriodKind.YEAR, date(_year(match.group(1)), 1, 1))
    if match := re.fullmatch(r"(\d{4})(?:-|年)?(?:q|第?" + _QUARTER_NUMERAL + r"季度?)(\d)?", key):
        number = match.group(3) or match.group(2)
        if number is None:
            return None
        value = int(cn2an.cn2an(number, "smart")) if not number.isdigit() else int(number)
        return quarter(_year(match.group(1)), value) if 1 <= value <= 4 else None
    if match := re.fullmatch(r"(\d{4})(?:-|/|\.|年)(\d{1,2})月?", key):
        return month(_year(match.group(1)), int(match.group(2)))
    if match := re.fullmatch(_DAY + r"(?:\.\.|~|–|—|-{1,2}|至|到|to)" + _DAY, key):
        numbers = [int(n) for n in match.groups()]
        start = date(_year(match.group(1)), *numbers[1:3])
        end = date(_year(match.group(4)), *numbers[4:])
        return Period(PeriodKind.RANGE, start, end) if start <= end else None
    if match := re.fullmatch(_DAY, key):
        day = date(_year(match.group(1)), *(int(n) for n in match.groups()[1:]))
        return Period(PeriodKind.RANGE, day, day)
    return None


ACCEPTED_FORMS = (
    "本周 上周 本月 上月 本季度 上季度 今年 去年",
    "this week · last week · this month · last month · this quarter · last quarter · this year · last year",
    "2022 · 2022-Q1 · 2022年第一季度 · 2022-03 · 2022年3月 · 11月 · 2022-03-01..2022-03-31",
    "2026年11月1日至11月30日 · 11月1日-15日 · November · Nov 2026 · Nov 1-15",
)


APPROX_WORDS = ("约数", "约", "余数", "approx", "approximate", "rounded")


@dataclass(frozen=True)
class PeriodRequest:
    """What follows /summary, /report, /export or /chart: a period, maybe an area, maybe 约数."""

    period: Period
    area_name: str | None = None
    approx: bool = False


def read_period_request(
    text: str, *, today: date, default: PeriodKind = PeriodKind.WEEK
) -> PeriodRequest | PeriodProblem:
    """Read "[period] [area] [约数]"; no period means the current `default` unit.

    The period is the longest run of leading words that reads as one ("this year", "2022 Q1"); what is
    left names an area.
    """
    words = unicodedata.normalize("NFKC", text).split()
    approx = any(w.lower() in APPROX_WORDS for w in words)
    words = [w for w in words if w.lower() not in APPROX_WORDS]
    for taken in range(len(words), 0, -1):
        period = parse_period(" ".join(words[:taken]), today=today)
        if isinstance(period, Period):
            rest = " ".join(words[taken:]) or None
            return PeriodRequest(period=period, area_name=rest, approx=approx)
        if period != PeriodProblem.UNREADABLE:
            return period  # a period, but one the bot does not cover
    if words and _looks_like_a_period(words[0]):
        return PeriodProblem.UNREADABLE
    area_name = " ".join(words) or None
    return PeriodRequest(period=default_period(default, today), area_name=area_name, approx=approx)


def default_period(kind: PeriodKind, today: date) -> Period:
    """The period a bare command covers: the current unit, but on a Monday the week just ended (the
    current one has barely begun)."""
    current = unit_containing(kind, today)
    if kind == PeriodKind.WEEK and today.weekday() == 0:
        return unit_containing(kind, today - timedelta(days=1))
    return so_far(current, today)


def so_far(current: Period, today: date) -> Period:
    """This week up to today: a week that has not ended is never counted into the days to come."""
    if current.kind != PeriodKind.WEEK:
        return current
    return Period(current.kind, current.start, min(current.end, today))


def _looks_like_a_period(word: str) -> bool:
    """A word that starts with a digit is a period written wrongly, not the name of an area."""
    return word[:1].isdigit()
