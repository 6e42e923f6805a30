"""The weekly digest as Telegram HTML: the week's summary card, the events one by one, the year so far."""

from __future__ import annotations

from datetime import date
from html import escape

from babel.dates import format_skeleton
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.cards import bold
from bot.chart_titles import weeks_title
from bot.i18n import Texts
from bot.replies import split_lines
from bot.summary_cards import MESSAGE_LIMIT, period_label, summary_card
from models.scheduling.digest_facts import DigestFacts, EventLine, chart_period
from models.scheduling.digests import DigestSubscription
from models.scheduling.reminders import Occasion

WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def digest_text(facts: DigestFacts, *, t: Texts, preview: bool = False) -> str:
    """The digest message; events are dropped from the end of the list until it fits Telegram's limit."""
    shown = len(facts.events)
    while True:
        text = _digest(facts, t=t, preview=preview, shown=shown)
        if len(text) <= MESSAGE_LIMIT or shown == 0:
            # Still too long with no events listed: cut at a line end, never inside an HTML tag.
            return split_lines(text, MESSAGE_LIMIT)[0]
        shown -= 1


def _digest(facts: DigestFacts, *, t: Texts, preview: bool, shown: int) -> str:
    out = [bold("📰 " + t._("Weekly digest"))]
    if preview:
        out.append(escape(t._("Preview: the scheduled digest is posted on its own.")))
    out += ["", summary_card(facts.week, t=t)]
    if facts.events_total:
        out += ["", bold(t._("What was logged"))]
        out += ["  " + escape(_event(line, t)) for line in facts.events[:shown]]
        if facts.events_total > shown:
            rest = facts.events_total - shown
            out.append("  " + escape(t._("and {n} more").format(n=rest)))
    year = facts.year_to_date
    heading = t._("Year to date ({period})").format(period=period_label(year.period, t))
    out += ["", bold(heading)]
    totals = t._(
        "{events} events, {people} people reached, {consultations} consultations, {materials} materials"
    )
    out.append(
        escape(
            totals.format(
                events=year.events,
                people=year.attendance,
                consultations=year.consultations,
                materials=year.material_total,
            )
        )
    )
    return "\n".join(out)


def _event(line: EventLine, t: Texts) -> str:
    day = format_skeleton("MMMd", line.day, locale="zh_CN" if t.language == "zh" else "en")
    text = t._("{date} {area} · {kind} · {people} people").format(
        date=day, area=line.area, kind=line.kind(t.language), people=line.attendance
    )
    return f"{text} · {line.materials}" if line.materials else text


def chart_title(facts: DigestFacts, *, t: Texts) -> str:
    """ "全区 · 2026年11月23日—29日及此前十一周": the digest's week and the weeks shown before it."""
    week, shown = facts.week.period, chart_period(facts.week.period)
    weeks_before = ((shown.end - shown.start).days + 1) // 7 - 1
    return weeks_title(facts.week.area_name, week, weeks_before, t)


def weekday_name(weekday: int, t: Texts) -> str:
    return WEEKDAYS_ZH[weekday] if t.language == "zh" else WEEKDAYS_EN[weekday]


def subscription_card(subscription: DigestSubscription | None, *, area_name: str | None, t: Texts) -> str:
    """What /digest shows: this chat's setting, or how to subscribe."""
    if subscription is None or not subscription.active:
        lines = [escape(t._("This chat gets no weekly digest."))]
        if subscription is not None and subscription.stopped_reason:
            lines.append(escape(t._("It was stopped: {reason}").format(reason=subscription.stopped_reason)))
        lines.append(escape(t._("Send /digest on [area] to get it every Monday at 09:00.")))
        return "\n".join(lines)
    when = t._("{weekday} {time}").format(
        weekday=weekday_name(subscription.weekday, t), time=f"{subscription.at:%H:%M}"
    )
    return "\n".join(
        [
            bold(t._("Weekly digest")),
            escape(t._("Area: {area}").format(area=area_name or "?")),
            escape(t._("When: {when} ({zone})").format(when=when, zone=subscription.timezone)),
            escape(t._("Change it with /digest time mon 09:00, stop it with /digest off.")),
        ]
    )


LOG_BUTTON = "r:log"  # the nudge's button: starts the guided /log


def nudge_message(t: Texts) -> tuple[str, InlineKeyboardMarkup]:
    text = escape(t._("You have logged nothing this week. Did you hold an event? Log it in one message."))
    button = InlineKeyboardButton("📝 " + t._("Log an event"), callback_data=LOG_BUTTON)
    return text, InlineKeyboardMarkup([[button]])


def heads_up_text(occasion: Occasion, day: date, *, today: date, t: Texts) -> str:
    days = (day - today).days
    text = t.n_(
        "In {n} day: {name} ({date}). Plan your outreach, and log it with /log afterwards.",
        "In {n} days: {name} ({date}). Plan your outreach, and log it with /log afterwards.",
        days,
    )
    shown = format_skeleton("yMMMd", day, locale="zh_CN" if t.language == "zh" else "en")
    return "📅 " + escape(text.format(n=days, name=occasion.name(t.language), date=shown))
