"""Domain results rendered as Telegram HTML: the log confirmation card, refusals, the /my list."""

from __future__ import annotations

from datetime import date
from html import escape

from babel.dates import format_date

from bot.i18n import Texts
from models.catalog import Catalog
from models.drafts import Count, EventDraft, Problem, ProblemCode
from models.events import EventLine, EventStatus
from models.log_drafts import LogDraft

DASH = "—"


def bold(text: str) -> str:
    return f"<b>{escape(text)}</b>"


def show_date(value: date, t: Texts) -> str:
    return format_date(value, format="long", locale="zh_CN" if t.language == "zh" else "en")


def show_count(count: Count | None, t: Texts) -> str:
    if count is None:
        return DASH
    return (t._("{n}+") if count.approximate else "{n}").format(n=count.value)


def _field_names(t: Texts) -> dict[str, str]:
    return {
        "kind": t._("Kind"),
        "title": t._("Title"),
        "start_date": t._("Date"),
        "area_id": t._("Area"),
        "attendance": t._("Attendance"),
    }


def draft_card(row: LogDraft, *, catalog: Catalog, t: Texts, closing: str | None = None) -> str:
    """The confirmation card: every field, defaults marked; last, what is missing or the closing line."""
    draft = row.draft
    defaulted = set(row.defaulted) | ({"title"} if draft.title is None else set())
    areas = {a.id: a.name for a in catalog.areas}
    kind = catalog.kind(draft.kind) if draft.kind else None
    lines = [bold(t._("Please check this event"))]

    def add(label: str, value: str, field: str = "") -> None:
        if field in defaulted:
            value = t._("{value} <i>(default)</i>").format(value=value)
        lines.append(t._("{label}: {value}").format(label=escape(label), value=value))

    add(t._("Kind"), escape(kind.name(t.language)) if kind else DASH)
    title = draft.title or (kind.name_zh if kind else None)
    add(t._("Title"), escape(title) if title else DASH, "title" if kind else "")
    add(t._("Date"), _date_range(draft, t), "start_date")
    add(t._("Place"), escape(draft.place) if draft.place else DASH)
    add(t._("Area"), escape(areas.get(draft.area_id or 0, DASH)), "area_id")
    add(t._("Attendance"), show_count(draft.attendance, t))
    add(t._("Consultations"), show_count(draft.consultations, t))
    add(t._("Materials handed out"), "" if draft.materials else DASH)
    for line in draft.materials:
        quantity = show_count(Count(value=line.quantity, approximate=line.approximate), t)
        entry = f"  · 《{escape(line.title)}》{quantity}{escape(line.unit)}"
        lines.append(entry if line.known else t._("{value} <i>(new material)</i>").format(value=entry))
    add(t._("Partner units"), escape("、".join(draft.partners)) if draft.partners else DASH)
    if draft.audience:
        add(t._("Audience"), escape("、".join(draft.audience)))
    if row.unknown:
        add(t._("Not understood (kept as the note)"), escape(" / ".join(row.unknown)))
    if closing is not None:
        lines += ["", escape(closing)]
    elif row.awaiting:
        names = _field_names(t)
        lines.append("")
        lines.append("<b>" + escape(t._("Still needed: {field}").format(field=names[row.awaiting])) + "</b>")
        lines.append(escape(_question(row.awaiting, t)))
    return "\n".join(lines)


def _question(field: str, t: Texts) -> str:
    if field == "kind":
        return t._("I did not recognise the kind of event. Choose one:")
    if field == "attendance":
        return t._("How many people took part? Reply with a number, e.g. 120 or 一百二十.")
    return t._("Reply with the missing value.")


def _date_range(draft: EventDraft, t: Texts) -> str:
    if draft.start_date is None:
        return DASH
    start = show_date(draft.start_date, t)
    if draft.end_date and draft.end_date != draft.start_date:
        return escape(f"{start} – {show_date(draft.end_date, t)}")
    return escape(start)


def problem_reply(problems: list[Problem], t: Texts, *, saved_nothing: bool = True) -> str:
    """Why the message was refused: one line per refused fragment."""
    reasons = {
        ProblemCode.DATE_IN_FUTURE: t._("«{fragment}» is in the future; log an event after it has happened."),
        ProblemCode.DATE_TOO_OLD: t._("«{fragment}» is before {limit}; check the year."),
        ProblemCode.DATE_INVALID: t._("«{fragment}» is not a real date."),
        ProblemCode.DATE_RANGE_REVERSED: t._("«{fragment}»: the end date is before the start date."),
        ProblemCode.COUNT_NEGATIVE: t._("«{fragment}»: a count cannot be negative."),
        ProblemCode.COUNT_TOO_LARGE: t._("«{fragment}» is over {limit}; check the number."),
        ProblemCode.COUNT_NOT_A_NUMBER: t._("«{fragment}»: please give a number, e.g. 120 or 一百二十."),
        ProblemCode.TEXT_TOO_LONG: t._("The message is too long: at most {limit} characters for one event."),
        ProblemCode.TEXT_EMPTY: t._("The message is empty."),
    }
    lines = [bold(t._("Nothing was saved."))] if saved_nothing else []
    for problem in problems:
        fragment = problem.fragment if len(problem.fragment) <= 60 else problem.fragment[:57] + "…"
        lines.append(
            "• " + escape(reasons[problem.code].format(fragment=fragment, limit=problem.limit or ""))
        )
    return "\n".join(lines)


def _count(value: int | None, approximate: bool) -> Count | None:
    return None if value is None else Count(value=value, approximate=approximate)


def my_events(lines: list[EventLine], *, t: Texts) -> str:
    """The member's latest events, one line each."""
    if not lines:
        return escape(t._("You have not logged any events yet. Send /log followed by what happened."))
    statuses = {
        EventStatus.SUBMITTED: t._("submitted"),
        EventStatus.APPROVED: t._("approved"),
        EventStatus.RETURNED: t._("returned"),
    }
    out = [bold(t._("Your latest events"))]
    for line in lines:
        kind = line.kind_name_en if t.language == "en" else line.kind_name_zh
        people = show_count(_count(line.attendance, line.attendance_approx), t)
        details = t._("{people} people · {materials} handouts · {status}").format(
            people=people, materials=line.material_total, status=statuses[line.status]
        )
        heading = f"{show_date(line.start_date, t)} · {kind} · {line.area_name}"
        title = f" · {line.title}" if line.title not in (line.kind_name_zh, line.kind_name_en) else ""
        out.append(f"<b>#{line.id}</b> {escape(heading + title)}\n    {escape(details)}")
    return "\n".join(out)
