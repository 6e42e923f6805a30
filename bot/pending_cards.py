"""The /pending list and the "next one" after a decision, rendered as Telegram HTML."""

from __future__ import annotations

import re
from html import escape

from babel.dates import format_date
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.cards import bold, show_count
from bot.i18n import Texts
from models.events.approvals import PendingRow
from models.events.drafts import Count

# A row of the list starts with its event's id; ✅ 全部通过 approves exactly the rows its message shows.
ROW_ID = re.compile(r"^#([0-9]{1,9}) ", re.MULTILINE)


def pending_row(row: PendingRow, t: Texts) -> str:
    """#12 6/19 · 王芳 · 法律大集 · 幸福社区 · 120人"""
    event = row.event
    locale = "zh_CN" if t.language == "zh" else "en"
    day = format_date(event.start_date, "M/d", locale=locale)
    kind = row.kind.name_en if t.language == "en" else row.kind.name_zh
    people = (
        t._("no head count")
        if event.attendance is None
        else t.n_("{people} person", "{people} people", event.attendance).format(
            people=show_count(Count(value=event.attendance, qualifier=event.attendance_qualifier), t)
        )
    )
    where = (
        row.area
        if not event.place
        else event.place
        if row.area in event.place
        else f"{row.area} {event.place}"
    )
    line = escape(f"#{event.id} {day} · {row.reporter} · {kind} · {where} · {people}")
    if event.note:  # what the parser did not place, so the coordinator reads it before approving
        note = event.note if len(event.note) <= 60 else event.note[:59] + "…"
        line += "\n    " + escape(t._("Note: {note}").format(note=note))
    return line


def pending_list(rows: list[PendingRow], total: int, t: Texts) -> tuple[str, InlineKeyboardMarkup | None]:
    """The list, one button per row to open it, and ✅ 全部通过 for the rows shown."""
    if not rows:
        return escape(t._("Nothing waits for approval.")), None
    heading = t._("Waiting for approval: {n}").format(n=total)
    if total > len(rows):
        heading += " " + t._("(the oldest {shown} shown)").format(shown=len(rows))
    lines = [bold(heading), *(pending_row(row, t) for row in rows)]
    opens = [
        InlineKeyboardButton(f"#{row.event.id} {row.reporter[:10]}", callback_data=f"e:{row.event.id}:open")
        for row in rows
    ]
    keyboard = [opens[i : i + 2] for i in range(0, len(opens), 2)]
    approve_all = t.n_("Approve all ({n})", "Approve all ({n})", len(rows)).format(n=len(rows))
    keyboard.append([InlineKeyboardButton("✅ " + approve_all, callback_data=f"p:{len(rows)}:all")])
    return "\n".join(lines), InlineKeyboardMarkup(keyboard)


def confirm_all(text: str, count: int, t: Texts) -> tuple[str, InlineKeyboardMarkup]:
    """The list again, asking before approving every row of it."""
    question = t.n_("Approve the {n} event above?", "Approve all {n} events above?", count).format(n=count)
    keyboard = [
        [
            InlineKeyboardButton("✅ " + t._("Yes, approve them"), callback_data=f"p:{count}:allok"),
            InlineKeyboardButton("↩ " + t._("Back"), callback_data=f"p:{count}:list"),
        ]
    ]
    return text + "\n\n" + bold(question), InlineKeyboardMarkup(keyboard)


def shown_ids(text: str) -> list[int]:
    """The event ids a list message shows, from its own text."""
    return [int(found) for found in ROW_ID.findall(text)]
