"""Find the date or date range of an event in a message: 2022-03-08, 3月8日, 3.8, 昨天, 上周五, March 8."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import cn2an

from models.drafts import Problem, ProblemCode

EARLIEST = date(2000, 1, 1)
# A year-less date that would be in the future is taken from last year when that is this recent.
_LAST_YEAR_WINDOW = timedelta(days=90)

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CN_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_CN_DIGIT = "〇零一二三四五六七八九十"
_CN_DIGIT_VALUES = {c: str(v) for v, c in enumerate("零一二三四五六七八九")} | {"〇": "0"}
# Days back from today; the future ones are here so that they are refused, not silently dated today.
_RELATIVE = {
    "今天": 0,
    "今日": 0,
    "today": 0,
    "昨天": 1,
    "昨日": 1,
    "yesterday": 1,
    "前天": 2,
    "大前天": 3,
    "明天": -1,
    "明日": -1,
    "tomorrow": -1,
    "后天": -2,
}

_ATOM = re.compile(
    r"(?<!\d)(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})(?!\d)"
    rf"|(?:(?P<cy>\d{{4}}|[{_CN_DIGIT}]{{4}})\s*年\s*)?(?<!\d)(?P<cm>\d{{1,2}}|[{_CN_DIGIT}]{{1,2}})\s*月\s*"
    rf"(?P<cd>\d{{1,2}}|[{_CN_DIGIT}]{{1,3}})(?!\d)\s*[日号]?"
    # 3.8, 3/8 and 6-18, but not 1.5万, 3.5小时 or 2.5人
    r"|(?<![A-Za-z\d./])(?P<sm>\d{1,2})[./\-](?P<sd>\d{1,2})(?![\d./]|\s*(?:[万千百%]|小时|个|人|份|册|本|张|次))"
    rf"|\b(?P<em>{_MONTH})\s*(?P<ed>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*(?P<ey>\d{{4}})\b)?"
    rf"|\b(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?\s*(?P<dm>{_MONTH})(?![a-z])(?:,?\s*(?P<dy>\d{{4}})\b)?"
    r"|(?P<rel>今天|今日|昨天|昨日|大前天|前天|明天|明日|后天|\btoday\b|\byesterday\b|\btomorrow\b)"
    r"|(?P<wweek>上个?|本|这个?|下个?)?(?:周|星期|礼拜)(?P<wday>[一二三四五六日天1-7])"
    rf"|\b(?:(?P<ewweek>last|this|next)\s+)?(?P<ewday>{'|'.join(_WEEKDAYS)})\b",
    re.IGNORECASE,
)
_RANGE_SEPARATOR = re.compile(r"\s*(?:至|到|~|-|—|–|\.\.)\s*")
_DAY_ONLY = re.compile(r"(?P<day>\d{1,2})\s*[日号]")

# (year or None when not written, month, day) as written; validated when resolved.
_Written = tuple[int | None, int, int]


@dataclass(frozen=True)
class DateSpan:
    """A date or range found at text[start:end], or the problem with it."""

    start: int
    end: int
    first: date | None = None
    last: date | None = None
    problem: Problem | None = None


def find_dates(text: str, *, today: date) -> DateSpan | None:
    """Find the first date or date range in the text; None when there is none."""
    atom = _ATOM.search(text)
    if atom is None:
        return None
    second: re.Match[str] | None = None
    end_day: re.Match[str] | None = None
    if separator := _RANGE_SEPARATOR.match(text, atom.end()):
        second = _ATOM.match(text, separator.end())
        end_day = None if second else _DAY_ONLY.match(text, separator.end())
    end = (second or end_day or atom).end()
    fragment = text[atom.start() : end]
    try:
        first_written = _written(atom, today)
        last_written = _written(second, today) if second else None
        if end_day:
            last_written = (first_written[0], first_written[1], int(end_day["day"]))
        first = _resolve(first_written, today)
        last = _resolve_end(last_written, first) if last_written else first
    except ValueError:
        return DateSpan(atom.start(), end, problem=Problem(code=ProblemCode.DATE_INVALID, fragment=fragment))
    return DateSpan(atom.start(), end, first, last, _date_problem(first, last, today, fragment))


def _date_problem(first: date, last: date, today: date, fragment: str) -> Problem | None:
    if first < EARLIEST:
        return Problem(code=ProblemCode.DATE_TOO_OLD, fragment=fragment, limit=EARLIEST.isoformat())
    if last > today:
        return Problem(code=ProblemCode.DATE_IN_FUTURE, fragment=fragment, limit=today.isoformat())
    if last < first:
        return Problem(code=ProblemCode.DATE_RANGE_REVERSED, fragment=fragment)
    return None


def _resolve(written: _Written, today: date) -> date:
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
    return last_year if today - last_year <= _LAST_YEAR_WINDOW else this_year


def _resolve_end(written: _Written, first: date) -> date:
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
    return wrapped if wrapped - first <= _LAST_YEAR_WINDOW else end


def _written(atom: re.Match[str], today: date) -> _Written:
    groups = {name: value for name, value in atom.groupdict().items() if value is not None}
    if "iy" in groups:
        return int(groups["iy"]), int(groups["im"]), int(groups["id"])
    if "cm" in groups:
        year = _number(groups["cy"]) if "cy" in groups else None
        return year, _number(groups["cm"]), _number(groups["cd"])
    if "sm" in groups:
        return None, int(groups["sm"]), int(groups["sd"])
    if "em" in groups:
        return _year(groups.get("ey")), _month(groups["em"]), int(groups["ed"])
    if "dm" in groups:
        return _year(groups.get("dy")), _month(groups["dm"]), int(groups["dd"])
    if "rel" in groups:
        return _as_written(today - timedelta(days=_RELATIVE[groups["rel"].lower()]))
    if "wday" in groups:
        wday = groups["wday"]
        weekday = int(wday) - 1 if wday.isdigit() else _CN_WEEKDAYS[wday]
        week = {"上": "last", "本": "this", "这": "this", "下": "next"}.get(groups.get("wweek", "")[:1])
        return _as_written(_weekday(today, weekday, week))
    week = groups["ewweek"].lower() if "ewweek" in groups else None
    return _as_written(_weekday(today, _WEEKDAYS.index(groups["ewday"].lower()), week))


def _weekday(today: date, weekday: int, week: str | None) -> date:
    """Find the weekday in last or this ISO week, or else the most recent one, today included."""
    monday = today - timedelta(days=today.weekday())
    if week == "last":
        return monday - timedelta(days=7 - weekday)
    if week == "this":
        return monday + timedelta(days=weekday)
    if week == "next":
        return monday + timedelta(days=7 + weekday)
    return today - timedelta(days=(today.weekday() - weekday) % 7)


def _number(written: str) -> int:
    """Read 3, 十二 or 二〇二二 as a number."""
    if written.isdigit():
        return int(written)
    if "十" not in written:  # a year, 二〇二二, is read digit by digit
        return int("".join(_CN_DIGIT_VALUES[c] for c in written))
    return int(cn2an.cn2an(written, "smart"))


def _month(written: str) -> int:
    return _MONTHS.index(written[:3].lower()) + 1


def _year(written: str | None) -> int | None:
    return int(written) if written else None


def _as_written(day: date) -> _Written:
    return day.year, day.month, day.day
