"""Find the date or date range of an event in a message: 2022-03-08, 3月8日, 3.8, 昨天, 上周五, March 8."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from models.events.drafts import Problem, ProblemCode
from models.parsing.date_values import (
    Written,
    as_written,
    month_number,
    optional_year,
    read_number,
    read_year,
    resolve_date,
    resolve_end,
    weekday_date,
)
from models.parsing.gates import gated

EARLIEST = date(2000, 1, 1)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CN_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_CN_DIGIT = "〇零一二三四五六七八九十"
# Days back from today; the future ones are here so that they are refused, not silently dated today.
_RELATIVE = {
    "今天": 0,
    "今日": 0,
    "today": 0,
    "昨天": 1,
    "昨日": 1,
    "昨晚": 1,
    "今晚": 0,
    "yesterday": 1,
    "前天": 2,
    "大前天": 3,
    "明天": -1,
    "明日": -1,
    "tomorrow": -1,
    "后天": -2,
}

_YEAR = rf"(?:\d{{4}}|\d{{2}}|[{_CN_DIGIT}]{{4}})"  # 21年 is 2021: workers shorten the year
# Dates that say plainly they are dates: 2022-03-08, 22.3.8, 2021年3.8, 3月8日(2021年), 昨天, 上周五, March 8.
_EXPLICIT = gated(
    r"(?<!\d)(?<!\d\.)(?P<iy>\d{4}|\d{2})(?P<isep>[-/.])(?P<im>\d{1,2})(?P=isep)(?P<id>\d{1,2})(?!\.?\d)"
    r"|(?<!\d)(?P<yy>\d{4}|\d{2})\s*年\s*(?P<ym>\d{1,2})[./\-](?P<yd>\d{1,2})(?![\d./])"
    rf"|(?:(?:(?<!\d)(?P<cy>{_YEAR})\s*年|(?P<ry>今年|去年|前年))\s*)?(?<!\d)(?P<cm>\d{{1,2}}|[{_CN_DIGIT}]{{1,2}})\s*月\s*"
    rf"(?P<cd>\d{{1,2}}|[{_CN_DIGIT}]{{1,3}})(?!\d)\s*[日号]?"
    r"(?:\s*\(\s*(?P<cy_after>\d{4}|\d{2})\s*年?\s*\))?"
    rf"|\b(?P<em>{_MONTH})\s*(?P<ed>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*(?P<ey>\d{{4}})\b)?"
    rf"|\b(?P<dd>\d{{1,2}})(?:st|nd|rd|th)?\s*(?P<dm>{_MONTH})(?![a-z])(?:,?\s*(?P<dy>\d{{4}})\b)?"
    r"|(?<![\d.])(?P<dotm>1[0-2]|0?[1-9])\s*[·・•]\s*(?P<dotd>[12]\d|3[01]|0?[1-9])(?!\d)"
    r"|(?P<rel>今天|今日|今晚|昨天|昨日|昨晚|大前天|前天|明天|明日|后天|\btoday\b|\byesterday\b|\btomorrow\b)"
    r"|(?P<wweek>上个?|本|这个?|下个?)?(?:周|星期|礼拜)(?P<wday>[一二三四五六日天1-7])"
    rf"|\b(?:(?P<ewweek>last|this|next)\s+)?(?P<ewday>{'|'.join(_WEEKDAYS)})\b",
    re.IGNORECASE,
)
# 3.8, 3/8 and 6-18, read only when no explicit date is written: they are as often times, amounts or ranges
# (下午3.30, 2-3箱, 1.5万, 3.5小时), so the lookahead leaves out those followed by a unit.
_UNIT_AFTER = r"(?![\d./]|(?:[万千百%箱岁点时分秒个人名份册本张套次元米倍件场期届]|小时|公里))"
_BARE = gated(rf"(?<![A-Za-z\d./])(?P<sm>\d{{1,2}})[./\-](?P<sd>\d{{1,2}}){_UNIT_AFTER}")
# 下午3.30 and the 5.00 of 3.30-5.00 are clock times.
_TIME_BEFORE = re.compile(r"(?:上午|下午|中午|晚上|早上|早晨|傍晚|凌晨|晚间|\d\s*[-~至到])\s*$")
# A range's second half may be bare (3.1-3.7) because its first half already says it is a date.
_ATOM = re.compile(f"{_EXPLICIT.pattern}|{_BARE.pattern}", re.IGNORECASE)

_RANGE_SEPARATOR = re.compile(r"\s*(?:至|到|~|-|—|–|\.\.)\s*")
_DAY_ONLY = re.compile(r"(?P<day>\d{1,2})\s*[日号]")
# 6.18-19 ends on the 19th: after a date written with digits, the day needs no 日.
_DIGITS_DAY_ONLY = re.compile(rf"(?P<day>\d{{1,2}}){_UNIT_AFTER}")
# A year written apart from the date (2021年 法律大集 3月8日): not 2021年度, nor 工作10年来.
_LONE_YEAR = gated(rf"(?<![\d近满第多这])(?:{_YEAR})\s*年(?![度级龄代来间前后多])|去年|前年")
_YEARS_BACK = {"今年": 0, "去年": 1, "前年": 2}
# What may stand between a date and the weekday that confirms it: 3月8日(周二), Tuesday, March 8.
_WEEKDAY_GAP = re.compile(r"[\s(),]*")


@dataclass(frozen=True)
class DateSpan:
    """A date or range found at text[start:end], or the problem with it."""

    start: int
    end: int
    first: date | None = None
    last: date | None = None
    problem: Problem | None = None
    year_written: bool = True  # False for 3月8日 and 3.8, whose year was guessed from today
    weekday: int | None = None  # for a bare 周二 or Tuesday, which may only confirm the date beside it
    theme_day: bool = False  # 4·15, 12·4: a date only when no other date is written


@dataclass(frozen=True)
class DateReading:
    """The event's date or range read from a message, the spans it was written in, or why it was refused."""

    spans: tuple[tuple[int, int], ...] = ()
    first: date | None = None
    last: date | None = None
    problem: Problem | None = None


_MOST_DATES = 24


def read_dates(text: str, *, today: date) -> DateReading:
    """Read the event's dates: the explicit ones, else the first bare 3.8; refuse two that disagree."""
    spans = _explicit_spans(text, today)
    if all(span.theme_day for span in spans):  # 6.25 … 6·26禁毒日: the plain date is the day it was held
        spans = _bare_spans(text, today) + spans
    # 6月25日 … 6·26禁毒日: a theme day beside a date is the theme, not a second date.
    if any(not s.theme_day for s in spans):
        spans = [s for s in spans if not s.theme_day]
    if not spans:
        return DateReading()
    cuts = tuple((span.start, span.end) for span in spans)
    first = spans[0]
    if first.problem:
        return DateReading(cuts, problem=first.problem)
    # 周五(6月17日) is one date written twice; 6月1日 … 6月18日 is two events, or a typo: the worker decides.
    dated = [span for i, span in enumerate(spans) if not _confirms_neighbour(i, spans, text)]
    first = dated[0] if dated else spans[0]  # 周五(星期五): the same weekday twice confirms itself
    other = next((s for s in dated[1:] if s.problem or (s.first, s.last) != (first.first, first.last)), None)
    if other is not None:
        fragment = text[other.start : other.end]
        return DateReading(
            cuts, problem=other.problem or Problem(code=ProblemCode.DATE_AMBIGUOUS, fragment=fragment)
        )
    if not first.year_written:
        # 2021年 … 3月8日 must not become this year's 3月8日 silently
        for year in _LONE_YEAR.finditer(text):
            if not any(start < year.end() and year.start() < end for start, end in cuts):
                problem = Problem(code=ProblemCode.DATE_AMBIGUOUS, fragment=year[0])
                return DateReading(tuple(sorted((*cuts, year.span()))), problem=problem)
    return DateReading(cuts, first.first, first.last)


def _confirms_neighbour(index: int, spans: list[DateSpan], text: str) -> bool:
    """周二 in 3月8日(周二) confirms the date beside it rather than naming the most recent Tuesday.

    Only the spans next to it can be beside it, so a message full of weekdays costs linear time.
    """
    weekday = spans[index]
    if weekday.weekday is None:
        return False
    for span in spans[max(0, index - 1) : index + 2]:
        if span is weekday or span.first is None or span.first != span.last:
            continue
        gap = text[span.end : weekday.start] if span.end <= weekday.start else text[weekday.end : span.start]
        if _WEEKDAY_GAP.fullmatch(gap) and span.first.weekday() == weekday.weekday:
            return True
    return False


def _explicit_spans(text: str, today: date) -> list[DateSpan]:
    spans: list[DateSpan] = []
    while (atom := _EXPLICIT.search(text, spans[-1].end if spans else 0)) is not None:
        if len(spans) == _MOST_DATES:
            # More dates than one event is written with: each is still cut out, none is worked out, the
            # worker is asked (a 4,096-character message of weekdays costs a regex pass, not 1,000 dates).
            problem = Problem(code=ProblemCode.DATE_AMBIGUOUS, fragment=atom[0])
            spans += [
                DateSpan(a.start(), a.end(), problem=problem) for a in _EXPLICIT.finditer(text, atom.start())
            ]
            break
        spans.append(_span(text, atom, today))
    return spans


def _bare_spans(text: str, today: date) -> list[DateSpan]:
    for atom in _BARE.finditer(text):
        if _TIME_BEFORE.search(text, 0, atom.start()):
            continue
        if 1 <= int(atom["sm"]) <= 12 and 1 <= int(atom["sd"]) <= 31:  # 9.00 and 13.5 are not dates
            return [_span(text, atom, today)]
    return []


def _span(text: str, atom: re.Match[str], today: date) -> DateSpan:
    """Read the date at `atom`, or the range it starts."""
    second: re.Match[str] | None = None
    end_day: re.Match[str] | None = None
    if separator := _RANGE_SEPARATOR.match(text, atom.end()):
        second = _ATOM.match(text, separator.end())
        day_only = _DIGITS_DAY_ONLY if atom.groupdict().get("sm") or atom.groupdict().get("yd") else _DAY_ONLY
        end_day = None if second else day_only.match(text, separator.end())
    end = (second or end_day or atom).end()
    fragment = text[atom.start() : end]
    try:
        first_written = _written(atom, today)
        last_written = _written(second, today) if second else None
        if end_day:
            last_written = (first_written[0], first_written[1], int(end_day["day"]))
        first = resolve_date(first_written, today)
        last = resolve_end(last_written, first) if last_written else first
    except ValueError:
        return DateSpan(atom.start(), end, problem=Problem(code=ProblemCode.DATE_INVALID, fragment=fragment))
    problem = _date_problem(first, last, today, fragment)
    groups = atom.groupdict()
    bare_weekday = (groups.get("wday") or groups.get("ewday")) and not (
        groups.get("wweek") or groups.get("ewweek")
    )
    weekday = first.weekday() if bare_weekday and not second else None
    theme_day = bool(groups.get("dotm")) and not second
    return DateSpan(atom.start(), end, first, last, problem, first_written[0] is not None, weekday, theme_day)


def _date_problem(first: date, last: date, today: date, fragment: str) -> Problem | None:
    if first < EARLIEST:
        return Problem(code=ProblemCode.DATE_TOO_OLD, fragment=fragment, limit=EARLIEST.isoformat())
    if last > today:
        return Problem(code=ProblemCode.DATE_IN_FUTURE, fragment=fragment, limit=today.isoformat())
    if last < first:
        return Problem(code=ProblemCode.DATE_RANGE_REVERSED, fragment=fragment)
    return None


def _written(atom: re.Match[str], today: date) -> Written:
    groups = {name: value for name, value in atom.groupdict().items() if value is not None}
    if "iy" in groups:
        return read_year(groups["iy"]), int(groups["im"]), int(groups["id"])
    if "yy" in groups:
        return read_year(groups["yy"]), int(groups["ym"]), int(groups["yd"])
    if "cm" in groups:
        year = groups.get("cy") or groups.get("cy_after")
        if "ry" in groups:  # 去年3月8日
            return (
                today.year - _YEARS_BACK[groups["ry"]],
                read_number(groups["cm"]),
                read_number(groups["cd"]),
            )
        return read_year(year) if year else None, read_number(groups["cm"]), read_number(groups["cd"])
    if "sm" in groups:
        return None, int(groups["sm"]), int(groups["sd"])
    if "dotm" in groups:  # 4·15, 12·4: a theme day, the latest past one
        month, day = int(groups["dotm"]), int(groups["dotd"])
        year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
        return year, month, day
    if "em" in groups:
        return optional_year(groups.get("ey")), month_number(groups["em"]), int(groups["ed"])
    if "dm" in groups:
        return optional_year(groups.get("dy")), month_number(groups["dm"]), int(groups["dd"])
    if "rel" in groups:
        return as_written(today - timedelta(days=_RELATIVE[groups["rel"].lower()]))
    if "wday" in groups:
        wday = groups["wday"]
        weekday = int(wday) - 1 if wday.isdigit() else _CN_WEEKDAYS[wday]
        week = {"上": "last", "本": "this", "这": "this", "下": "next"}.get(groups.get("wweek", "")[:1])
        return as_written(weekday_date(today, weekday, week))
    week = groups["ewweek"].lower() if "ewweek" in groups else None
    return as_written(weekday_date(today, _WEEKDAYS.index(groups["ewday"].lower()), week))
