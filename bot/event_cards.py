"""Saved events rendered as Telegram HTML: the /my list, an event's card, its history."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from babel.dates import format_datetime

from bot.cards import DASH, bold, event_fields, field_names, show_count, show_date
from bot.i18n import Texts
from models.catalog.entries import Catalog
from models.events.changes import MATERIAL_PREFIX, HistoryLine
from models.events.drafts import Count, EventDraft
from models.events.listing import EventLine
from models.events.log_flow import Step
from models.events.records import EventStatus


def status_names(t: Texts) -> dict[EventStatus, str]:
    return {
        EventStatus.SUBMITTED: t._("submitted"),
        EventStatus.APPROVED: t._("approved"),
        EventStatus.RETURNED: t._("returned"),
    }


def my_events(lines: list[EventLine], *, t: Texts) -> str:
    """The member's latest events, two lines each."""
    if not lines:
        return escape(t._("You have not logged any events yet. Send /log followed by what happened."))
    out = [bold(t._("Your latest events"))]
    for line in lines:
        kind = line.kind_name(t.language)
        attendance = (
            None
            if line.attendance is None
            else Count(value=line.attendance, qualifier=line.attendance_qualifier)
        )
        details = t._("{people} people · {materials} handouts · {status}").format(
            people=show_count(attendance, t),
            materials=line.material_total,
            status=status_names(t)[line.status],
        )
        heading = f"{show_date(line.start_date, t)} · {kind} · {line.area_name}"
        title = f" · {line.title}" if line.title not in (line.kind_name_zh, line.kind_name_en) else ""
        out.append(f"<b>#{line.id}</b> {escape(heading + title)}\n    {escape(details)}")
        if line.note:
            note = line.note if len(line.note) <= 60 else line.note[:59] + "…"
            out.append("    " + escape(t._("Note: {note}").format(note=note)))
    out.append(escape(t._("Tap an event to change it, delete it or see its history.")))
    return "\n".join(out)


def event_card(
    event_id: int,
    status: EventStatus,
    draft: EventDraft,
    *,
    catalog: Catalog,
    t: Texts,
    photos: int,
    closing: str | None = None,
) -> str:
    heading = t._("Event #{id} · {status}").format(id=event_id, status=status_names(t)[status])
    fields = event_fields(draft, catalog=catalog, t=t, defaulted=set(), photos=photos, show_note=True)
    lines = [bold(heading), *fields]
    if closing:
        lines += ["", escape(closing)]
    return "\n".join(lines)


def history_text(event_id: int, lines: list[HistoryLine], *, catalog: Catalog, t: Texts, zone: Any) -> str:
    """Every revision: when, who, which field, before → after."""
    out = [bold(t._("History of event #{id}").format(id=event_id))]
    locale = "zh_CN" if t.language == "zh" else "en"
    for line in lines:
        when = format_datetime(line.at.astimezone(zone), "yyyy-MM-dd HH:mm", locale=locale)
        out.append(f"{escape(when)} {escape(line.who)} · {_change(line, catalog, t)}")
    return "\n".join(out)


def _change(line: HistoryLine, catalog: Catalog, t: Texts) -> str:
    if line.field == "*":
        return escape(t._("logged the event"))
    if line.field == "deleted":
        return escape(t._("deleted the event"))
    if line.field == "photos":
        return escape(t._("photos: {before} → {after}").format(before=line.before, after=line.after))
    if line.field.startswith(MATERIAL_PREFIX):
        label = line.field.removeprefix(MATERIAL_PREFIX)
    else:
        label = _label(line.field, t)
    before, after = _value(line.field, line.before, catalog, t), _value(line.field, line.after, catalog, t)
    return t._("{label}: {value}").format(label=escape(label), value=escape(f"{before} → {after}"))


def _label(field: str, t: Texts) -> str:
    names = {step.value: name for step, name in field_names(t).items()}
    names |= {"title": t._("Title"), "end_date": t._("End date"), "area_id": t._("Area")}
    names |= {"audience": t._("Audience"), "topics": t._("Topics"), "themes": t._("Themes")}
    names |= {"staff": t._("Staff"), "households": t._("Households visited"), "note": t._("Note")}
    return names.get(field, field)


def _value(field: str, value: Any, catalog: Catalog, t: Texts) -> str:
    if value is None or value == []:
        return DASH
    if field == Step.KIND.value:
        kind = catalog.find_kind(value)
        return kind.name(t.language) if kind else str(value)
    if field in ("start_date", "end_date"):
        return show_date(date.fromisoformat(value), t)
    if field == "area_id":
        return next((a.name for a in catalog.areas if a.id == value), str(value))
    if isinstance(value, dict) and "value" in value:
        return show_count(Count(**value), t)
    if isinstance(value, dict) and "quantity" in value:
        count = Count(value=value["quantity"], qualifier=value.get("qualifier") or "exact")
        if "qualifier" not in value:  # a revision from before qualifiers
            count = Count(value=value["quantity"], approximate=value["approximate"])
        return show_count(count, t) + str(value.get("unit") or "")
    if field == "themes" and isinstance(value, list):
        return "、".join(t_.name(t.language) if (t_ := catalog.find_theme(c)) else str(c) for c in value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)
