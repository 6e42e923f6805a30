"""Summaries and report drafts rendered as Telegram HTML, and the labels of periods."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from babel.dates import format_date, format_skeleton

from bot.cards import bold
from bot.i18n import Texts
from models.parsing.periods import (
    ACCEPTED_FORMS,
    FIRST_YEAR,
    LAST_YEAR,
    MAX_YEARS,
    Period,
    PeriodKind,
    PeriodProblem,
)
from models.reporting.basis import Basis
from models.reporting.report import ReportDraft
from models.reporting.summaries import Figures, KindFigures, PeriodSummary, ThemeFigures

MESSAGE_LIMIT = 4096
LIST_LIMIT = 12  # lines per list on the card; the rest is "and N more"


def period_label(period: Period, t: Texts) -> str:
    """ "2022年3月" / "March 2022", "2022年第1季度" / "Q1 2022", a week or a range as its two dates."""
    locale = "zh_CN" if t.language == "zh" else "en"
    if period.kind == PeriodKind.YEAR:
        return t._("{year}").format(year=period.start.year)
    if period.kind == PeriodKind.QUARTER:
        return t._("Q{quarter} {year}").format(
            quarter=(period.start.month - 1) // 3 + 1, year=period.start.year
        )
    if period.kind == PeriodKind.MONTH:
        return format_skeleton("yMMMM", period.start, locale=locale)
    first = format_date(period.start, "medium", locale=locale)
    if period.start == period.end:
        return first
    return t._("{first} – {last}").format(first=first, last=format_date(period.end, "medium", locale=locale))


def period_problem(problem: PeriodProblem, t: Texts) -> str:
    """The reply to a period the bot cannot read (the forms it accepts) or does not cover (the bound)."""
    if problem == PeriodProblem.OUT_OF_RANGE:
        text = t._("The ledger covers the years {first} to {last}; choose a period within them.")
        return escape(text.format(first=FIRST_YEAR, last=LAST_YEAR))
    if problem == PeriodProblem.TOO_LONG:
        text = t._("A period can be at most {years} years long; choose a shorter one.")
        return escape(text.format(years=MAX_YEARS))
    lines = [escape(t._("I could not read that period. Write one of:"))]
    lines += [f"<code>{escape(form)}</code>" for form in ACCEPTED_FORMS]
    return "\n".join(lines)


def _change(now: int, before: int, t: Texts) -> str:
    if now == before:
        return t._("same as before")
    return t._("{sign}{n} vs before").format(sign="+" if now > before else "−", n=abs(now - before))


def summary_card(summary: PeriodSummary, *, t: Texts) -> str:
    """The period at a glance: totals with the change, then by kind, materials, areas, the quiet ones."""
    now, before = summary.current, summary.previous
    heading = t._("{area} · {period}").format(area=summary.area_name, period=period_label(summary.period, t))
    out = [bold(heading), escape(basis_line(summary, t)), ""]
    for label, value, old in (
        (t._("Events"), now.events, before.events),
        (t._("People reached"), now.attendance, before.attendance),
        (t._("Consultations"), now.consultations, before.consultations),
        (t._("Materials handed out"), now.material_total, before.material_total),
    ):
        out.append(
            escape(
                t._("{label}: {value} ({change})").format(
                    label=label, value=value, change=_change(value, old, t)
                )
            )
        )
    if now.events == 0 and now.returned_events == 0:
        out += ["", escape(t._("Nothing was logged in this period."))]
    out += _kinds(now, t) + _themes(now, t) + _materials(now, t) + _areas(now, t)
    if now.returned_events:
        out += [
            "",
            escape(
                t.n_(
                    "Returned, not counted: {n} event, {people} people",
                    "Returned, not counted: {n} events, {people} people",
                    now.returned_events,
                ).format(n=now.returned_events, people=now.returned_attendance)
            ),
        ]
    if summary.quiet_areas:
        out += ["", bold(t._("Areas with nothing logged")), escape(_listed(summary.quiet_areas, t))]
    if summary.quiet_members:
        out += ["", bold(t._("Workers who logged nothing")), escape(_listed(summary.quiet_members, t))]
    return "\n".join(out)


def basis_line(summary: PeriodSummary, t: Texts) -> str:
    """What the figures count, and how many events still await approval."""
    return basis_words(summary.basis, summary.current.pending_events, t)


def basis_words(basis: Basis, n: int, t: Texts) -> str:
    """What figures on `basis` count, with `n` events awaiting approval."""
    if basis == Basis.APPROVED:
        return t.n_(
            "Counted: approved events only; {n} event awaiting approval is not counted.",
            "Counted: approved events only; {n} events awaiting approval are not counted.",
            n,
        ).format(n=n)
    return t.n_(
        "Counted: approved and submitted events, of which {n} awaits approval.",
        "Counted: approved and submitted events, of which {n} await approval.",
        n,
    ).format(n=n)


def _listed(names: tuple[str, ...], t: Texts) -> str:
    shown = "、".join(names[:LIST_LIMIT]) if t.language == "zh" else ", ".join(names[:LIST_LIMIT])
    if len(names) > LIST_LIMIT:
        shown += " " + t._("and {n} more").format(n=len(names) - LIST_LIMIT)
    return shown


def _more(total: int, t: Texts) -> list[str]:
    return ["  " + escape(t._("and {n} more").format(n=total - LIST_LIMIT))] if total > LIST_LIMIT else []


def _kinds(figures: Figures, t: Texts) -> list[str]:
    return _breakdown(t._("By form"), figures.by_kind, t)


def _themes(figures: Figures, t: Texts) -> list[str]:
    return _breakdown(t._("By theme"), figures.by_theme, t)


def _breakdown(heading: str, rows: Sequence[KindFigures | ThemeFigures], t: Texts) -> list[str]:
    """Events and people of each form or theme, busiest first."""
    if not rows:
        return []
    lines = ["", bold(heading)]
    for row in rows[:LIST_LIMIT]:
        text = t.n_(
            "{name}: {events} event, {people} people", "{name}: {events} events, {people} people", row.events
        ).format(name=row.name(t.language), events=row.events, people=row.attendance)
        lines.append("  " + escape(text))
    return lines + _more(len(rows), t)


def _materials(figures: Figures, t: Texts) -> list[str]:
    if not figures.materials:
        return []
    lines = ["", bold(t._("Materials"))]
    for material in figures.materials[:LIST_LIMIT]:
        lines.append("  " + escape(f"{material.shown} {material.quantity}{material.unit}"))
    return lines + _more(len(figures.materials), t)


def _areas(figures: Figures, t: Texts) -> list[str]:
    if not figures.by_area:
        return []
    lines = ["", bold(t._("By area"))]
    for area in figures.by_area[:LIST_LIMIT]:
        name = t._("({name} itself)").format(name=area.name) if area.itself else area.name
        text = t.n_(
            "{name}: {events} event, {people} people", "{name}: {events} events, {people} people", area.events
        ).format(name=name, events=area.events, people=area.attendance)
        lines.append("  " + escape(text))
    return lines + _more(len(figures.by_area), t)


def report_messages(draft: ReportDraft, *, limit: int = MESSAGE_LIMIT) -> list[str]:
    """The draft as HTML messages, headings in bold, each under Telegram's limit, split after a 。."""
    messages: list[str] = []
    current = ""
    for block in draft.blocks:
        html = bold(block.text) if block.level else escape(block.text)
        for index, piece in enumerate(_sentences(html, limit)):
            joined = current + ("\n" if current and index == 0 else "") + piece
            if len(joined) <= limit:
                current = joined
            else:
                messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages


def _sentences(block: str, limit: int) -> list[str]:
    """The block in pieces of whole sentences no longer than `limit` (a longer sentence is cut hard)."""
    pieces, current = [], ""
    for sentence in (s for s in re.split(r"(?<=。)", block) if s):
        if current and len(current) + len(sentence) > limit:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return [piece[i : i + limit] for piece in pieces for i in range(0, len(piece), limit)]
