"""Domain results rendered as Telegram HTML: the draft card and its step questions, refusals, lists."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from html import escape

from babel.dates import format_date

from bot.i18n import Texts
from models.catalog.entries import Catalog
from models.events.drafts import (
    Count,
    EventDraft,
    MaterialCategory,
    MaterialLine,
    Problem,
    ProblemCode,
    Qualifier,
)
from models.events.log_drafts import DraftMode, LogDraft
from models.events.log_flow import EDITABLE, MAX_FAILURES, STEPS, Step

DASH = "—"
MAX_MATERIALS_SHOWN = 40  # a card lists this many material lines; all are kept and counted
MAX_UNKNOWN_SHOWN = 300  # characters of not-understood text on a card; the card must stay under 4096


def bold(text: str) -> str:
    return f"<b>{escape(text)}</b>"


def show_date(value: date, t: Texts) -> str:
    return _long_date(value, t.language)


@lru_cache(maxsize=4096)  # every card shows a date; Babel looks its locale up again on each call
def _long_date(value: date, language: str) -> str:
    return format_date(value, format="long", locale="zh_CN" if language == "zh" else "en")


def show_count(count: Count | None, t: Texts) -> str:
    """A count the way it was said: 300, 300余 (more than), 约300 (about), 近300 (nearly)."""
    if count is None:
        return DASH
    said = {
        Qualifier.EXACT: "{n}",
        Qualifier.MORE: t._("{n}+"),
        Qualifier.ABOUT: t._("about {n}"),
        Qualifier.NEARLY: t._("nearly {n}"),
    }
    return said[count.qualifier].format(n=count.value)


def show_material(line: MaterialLine, t: Texts) -> str:
    """A material line as written: its title, count and unit (the title's 《》 only where written)."""
    quantity = show_count(line.count(), t)
    if t.language == "en":
        return t._("{title} × {quantity}").format(title=line.title, quantity=quantity)
    return f"{line.title}{quantity}{line.unit}"


def field_names(t: Texts) -> dict[Step, str]:
    return {
        Step.KIND: t._("Form"),
        Step.DATE: t._("Date"),
        Step.PLACE: t._("Place"),
        Step.ATTENDANCE: t._("Attendance"),
        Step.CONSULTATIONS: t._("Consultations"),
        Step.MATERIALS: t._("Materials handed out"),
        Step.PARTNERS: t._("Partner units"),
        Step.PHOTOS: t._("Photos"),
        Step.TITLE: t._("Title"),
        Step.NOTE: t._("Note"),
    }


def material_labels(t: Texts) -> dict[MaterialCategory, str]:
    return {
        MaterialCategory.HANDOUT: t._("Materials handed out"),
        MaterialCategory.GIVEAWAY: t._("Giveaways"),
        MaterialCategory.DISPLAY: t._("Publicity on show"),
    }


def theme_names(draft: EventDraft, catalog: Catalog, language: str) -> list[str]:
    names = []
    for code in draft.themes:
        theme = catalog.find_theme(code)
        names.append(theme.name(language) if theme else code)
    return names


def event_fields(
    draft: EventDraft,
    *,
    catalog: Catalog,
    t: Texts,
    defaulted: set[str],
    photos: int,
    show_note: bool = False,
) -> list[str]:
    """Every field of an event or draft, one line each; defaults marked."""
    areas = {a.id: a.name for a in catalog.areas}
    kind = catalog.find_kind(draft.kind)
    lines: list[str] = []

    def add(label: str, value: str, field: str = "") -> None:
        if field in defaulted:
            value = t._("{value} <i>(default)</i>").format(value=value)
        lines.append(t._("{label}: {value}").format(label=escape(label), value=value))

    add(t._("Form"), escape(kind.name(t.language)) if kind else escape(draft.kind or DASH))
    add(t._("Themes"), escape("、".join(theme_names(draft, catalog, t.language))) or DASH)
    # A default title (the form's name, with its first theme) reads in the member's language.
    default_zh = catalog.default_title(draft.kind, draft.themes)
    is_default = draft.title in (None, default_zh) or (kind is not None and draft.title == kind.name_zh)
    title = catalog.default_title(draft.kind, draft.themes, t.language) if is_default else draft.title
    add(t._("Title"), escape(title) if title else DASH, "" if draft.title or not kind else "title")
    add(t._("Date"), _date_range(draft, t), "start_date")
    add(t._("Place"), escape(draft.place) if draft.place else DASH)
    add(t._("Area"), escape(areas.get(draft.area_id or 0, DASH)), "area_id")
    add(t._("Attendance"), show_count(draft.attendance, t))
    add(t._("Consultations"), show_count(draft.consultations, t))
    if draft.staff:
        add(t._("Staff"), show_count(draft.staff, t))
    if draft.households:
        add(t._("Households visited"), show_count(draft.households, t))
    shown = 0
    for category, label in material_labels(t).items():
        in_category = [m for m in draft.materials if m.category == category]
        if not in_category and category != MaterialCategory.HANDOUT:
            continue
        add(label, "" if in_category else DASH)
        for line in in_category[: max(0, MAX_MATERIALS_SHOWN - shown)]:
            lines.append("  · " + escape(show_material(line, t)))
        shown += len(in_category)
    if len(draft.materials) > MAX_MATERIALS_SHOWN:
        lines.append(
            "  · " + escape(t._("and {n} more").format(n=len(draft.materials) - MAX_MATERIALS_SHOWN))
        )
    add(t._("Partner units"), escape("、".join(draft.partners)) if draft.partners else DASH)
    if draft.campaign:  # one row standing for several events, as the worker chose
        add(t._("Campaign"), escape(t._("a total over several events, logged as one")))
    if draft.audience:
        add(t._("Audience"), escape("、".join(draft.audience)))
    if draft.topics:
        add(t._("Topics"), escape("、".join(f"《{topic}》" for topic in draft.topics)))
    if show_note and draft.note:
        note = draft.note if len(draft.note) <= MAX_UNKNOWN_SHOWN else draft.note[:MAX_UNKNOWN_SHOWN] + "…"
        add(t._("Note"), escape(note))
    if photos:
        add(t._("Photos"), escape(t.n_("{n} photo", "{n} photos", photos).format(n=photos)))
    return lines


def draft_card(
    row: LogDraft,
    *,
    catalog: Catalog,
    t: Texts,
    photos: int = 0,
    closing: str | None = None,
    before: EventDraft | None = None,
) -> str:
    """The draft as the worker sees it: its fields, then the question of its step, or a closing line."""
    draft = row.draft
    if row.mode == DraftMode.EDIT:
        heading = t._("Change event #{id}").format(id=row.event_id)
    elif row.mode == DraftMode.GUIDED and row.step in STEPS:
        heading = t._("Log an event — step {n} of {total}").format(
            n=STEPS.index(row.step) + 1, total=len(STEPS)
        )
    else:
        heading = t._("Please check this event")
    lines = [bold(heading)]
    if row.mode == DraftMode.EDIT and before is not None and row.step is None:
        lines += changes_list(before, draft, catalog=catalog, t=t)
    elif row.mode != DraftMode.EDIT:  # an edit's question is asked on its own, under the event's card
        defaulted = set(row.defaulted) | ({"title"} if draft.title is None else set())
        lines += event_fields(draft, catalog=catalog, t=t, defaulted=defaulted, photos=photos)
    if row.unknown:
        unknown = " / ".join(row.unknown)
        unknown = unknown if len(unknown) <= MAX_UNKNOWN_SHOWN else unknown[:MAX_UNKNOWN_SHOWN] + "…"
        lines.append(
            t._("{label}: {value}").format(
                label=escape(t._("Not understood (kept as the note)")), value=escape(unknown)
            )
        )
    if closing is not None:
        lines += ["", escape(closing)]
    elif row.step is not None:
        lines += ["", bold(step_question(row, t))]
        if row.failures >= MAX_FAILURES:
            lines.append(
                escape(t._("That is three answers I could not use. Cancel this event, or try again?"))
            )
    return "\n".join(lines)


def step_question(row: LogDraft, t: Texts) -> str:
    step = row.step
    if step == Step.KIND:
        return t._("How was the event held? Choose a form, or type it.")
    if step == Step.DATE:
        return t._("When was it? Choose a day, or type a date such as 3月8日 or 上周五.")
    if step == Step.PLACE:
        return t._("Where was it? Choose an area, or type the place.")
    if step == Step.ATTENDANCE:
        return t._("How many people took part? Reply with a number, e.g. 120 or 一百二十.")
    if step == Step.CONSULTATIONS:
        return t._("How many consultations were given? Reply with a number, or skip.")
    if step == Step.MATERIALS and row.material_title:
        return t._("How many of «{title}» were handed out? Reply with a number.").format(
            title=row.material_title
        )
    if step == Step.MATERIALS:
        return t._(
            "Which materials were handed out? Choose one or type a title, e.g. 《民法典手册》300份. "
            "Press Done when the list is complete."
        )
    if step == Step.PARTNERS:
        return t._("Which units did you work with? Type them, e.g. 城东派出所、社区教育学院, or skip.")
    if step == Step.TITLE:
        return t._("What is the event called? Type its title.")
    if step == Step.NOTE:
        return t._("Type the note to keep with the event (it replaces the note it has).")
    return t._("Send photos of the event now, as many as you like, then press Done.")


def changes_list(before: EventDraft, after: EventDraft, *, catalog: Catalog, t: Texts) -> list[str]:
    """The fields an edit changes, before → after."""
    names = field_names(t)
    lines = []
    for step in EDITABLE:
        old, new = field_text(before, step, catalog, t), field_text(after, step, catalog, t)
        if old != new:
            lines.append(t._("{label}: {value}").format(label=escape(names[step]), value=f"{old} → {new}"))
    return lines or [escape(t._("Nothing is changed yet."))]


def field_text(draft: EventDraft, step: Step, catalog: Catalog, t: Texts) -> str:
    if step == Step.KIND:
        kind = catalog.find_kind(draft.kind)
        themes = "、".join(theme_names(draft, catalog, t.language))
        return escape(" · ".join(x for x in (kind.name(t.language) if kind else DASH, themes) if x))
    if step == Step.DATE:
        return _date_range(draft, t)
    if step == Step.PLACE:
        areas = {a.id: a.name for a in catalog.areas}
        return escape(" · ".join(p for p in (draft.place, areas.get(draft.area_id or 0)) if p) or DASH)
    if step in (Step.ATTENDANCE, Step.CONSULTATIONS):
        return show_count(getattr(draft, step.value), t)
    if step == Step.MATERIALS:
        return escape("、".join(show_material(m, t) for m in draft.materials)) or DASH
    if step in (Step.TITLE, Step.NOTE):
        return escape(getattr(draft, step.value) or DASH)
    return escape("、".join(draft.partners)) or DASH


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
        ProblemCode.ANSWER_NOT_UNDERSTOOD: t._("I could not use «{fragment}» as the answer."),
        ProblemCode.DATE_AMBIGUOUS: t._(
            "«{fragment}» is a second, different date; write the event's date once."
        ),
        ProblemCode.ATTENDANCE_AMBIGUOUS: t._(
            "The message gives different head counts ({fragment}); write how many people took part once."
        ),
        ProblemCode.CONSULTATIONS_AMBIGUOUS: t._(
            "The message gives different consultation counts ({fragment}); write the number once."
        ),
        ProblemCode.CAMPAIGN_TOTAL: t._(
            "«{fragment}» reads like a total over several events; log each event on its own, "
            "or write the campaign's dates (e.g. 3月1日至3月7日) to log it as one."
        ),
        ProblemCode.DATE_WEEK_WITHOUT_DAY: t._("«{fragment}»: which day? Write it, e.g. 上周五 or 11月20日."),
        ProblemCode.FIELD_TOO_LONG: t._("«{fragment}» is too long: at most {limit} characters."),
    }
    lines = [bold(t._("Nothing was saved."))] if saved_nothing else []
    for problem in problems:
        fragment = problem.fragment if len(problem.fragment) <= 60 else problem.fragment[:57] + "…"
        reason = reasons.get(problem.code, t._("«{fragment}» cannot be accepted."))
        lines.append("• " + escape(reason.format(fragment=fragment, limit=problem.limit or "")))
    return "\n".join(lines)
