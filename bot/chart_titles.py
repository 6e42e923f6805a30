"""Chart titles in plain words: "全区 · 2026年11月23日—29日及此前十一周", "全区 · 2022年第一季度"."""

from __future__ import annotations

from datetime import date

from babel.dates import format_interval

from bot.i18n import Texts
from bot.summary_cards import period_label
from models.parsing.periods import Period, PeriodKind

DIGITS_ZH = "〇一二三四五六七八九"


def number_zh(n: int) -> str:
    """A small count in Chinese numerals, as titles write it: 十一, 十二, 二十三."""
    if n < 10:
        return DIGITS_ZH[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else DIGITS_ZH[tens]) + "十" + (DIGITS_ZH[ones] if ones else "")
    return str(n)


def date_range(start: date, end: date, t: Texts) -> str:
    """Two days the way a title says them: 2026年11月23日—29日, 2026年11月30日—12月6日; Nov 23 – 29, 2026."""
    if t.language != "zh":
        return format_interval(start, end, "yMMMd", locale="en")
    first = f"{start.year}年{start.month}月{start.day}日"
    if start == end:
        return first
    if start.year != end.year:
        return f"{first}—{end.year}年{end.month}月{end.day}日"
    if start.month != end.month:
        return f"{first}—{end.month}月{end.day}日"
    return f"{first}—{end.day}日"


def chart_title(area: str, period: Period, t: Texts) -> str:
    """/chart's title: the area and the period; a week or a range of days as one span."""
    if period.kind in (PeriodKind.WEEK, PeriodKind.RANGE):
        when = date_range(period.start, period.end, t)
    else:
        when = period_label(period, t)
    return t._("{area} · {period}").format(area=area, period=when)


def weeks_title(area: str, week: Period, weeks_before: int, t: Texts) -> str:
    """The digest chart's title: the week and how many weeks before it the chart also shows."""
    n = number_zh(weeks_before) if t.language == "zh" else str(weeks_before)
    text = t._("{area} · {days} and the {weeks} weeks before")
    return text.format(area=area, days=date_range(week.start, week.end, t), weeks=n)
