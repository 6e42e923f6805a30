"""Corrections in one tap on a draft's card: 🗑 per material line, a button per field, 取消 one step back."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.cards import bold, field_names, field_text, show_material
from bot.i18n import Texts
from models.catalog.entries import Catalog
from models.events.draft_steps import material_key
from models.events.log_drafts import DraftMode, LogDraft
from models.events.log_flow import EDITABLE, is_filled

MAX_MATERIAL_BUTTONS = 8  # a card with more lines than this is corrected through 发放资料
FIELD_COLUMNS = 4
CORRECTABLE = (DraftMode.MESSAGE, DraftMode.GUIDED, DraftMode.ALBUM)


def correction_rows(row: LogDraft, t: Texts) -> list[list[InlineKeyboardButton]]:
    """Under a new event's card: 🗑 for each material line, then one button per field."""
    if row.mode not in CORRECTABLE or row.id is None:
        return []
    d = f"d:{row.id}"
    rows = [
        [
            InlineKeyboardButton(
                "🗑 " + show_material(line, t)[:40], callback_data=f"{d}:rm:{index}-{material_key(line)}"
            )
        ]
        for index, line in enumerate(row.draft.materials[:MAX_MATERIAL_BUTTONS])
    ]
    names = field_names(t)
    fields = [InlineKeyboardButton(names[step], callback_data=f"{d}:go:{step.value}") for step in EDITABLE]
    rows += [fields[i : i + FIELD_COLUMNS] for i in range(0, len(fields), FIELD_COLUMNS)]
    return rows


def sub_question_cancel(row: LogDraft) -> str | None:
    """取消 on a question opened from the card (or on a handout's quantity) goes one step back, not
    away with the whole log: the callback data for it, or None where 取消 cancels the log."""
    if row.step is None or row.mode not in CORRECTABLE:
        return None
    if row.material_title or row.return_to_card:
        return f"d:{row.id}:up:{row.step.value}"
    return None


def current_value(row: LogDraft, *, catalog: Catalog, t: Texts) -> str | None:
    """The field's value now, under the question a field's button opened, so the worker sees what
    they are changing."""
    step = row.step
    draft = row.draft
    if step is None or step not in EDITABLE or not (row.return_to_card or row.mode == DraftMode.EDIT):
        return None
    if row.material_title or not is_filled(draft, step):
        return None
    return escape(t._("Now: {value}")).format(value=field_text(draft, step, catalog, t))


def duplicate_question(row: LogDraft, event_id: int, t: Texts) -> tuple[str, InlineKeyboardMarkup]:
    """The event looks like one the member saved this week: ask before saving it again."""
    d = f"d:{row.id}"
    question = t._("This is the same as event #{id} you saved in the last 7 days. Save it again?")
    keyboard = [
        [
            InlineKeyboardButton("✅ " + t._("Save anyway"), callback_data=f"{d}:dupok"),
            InlineKeyboardButton("❌ " + t._("Cancel"), callback_data=f"{d}:cancel"),
        ]
    ]
    return bold(question.format(id=event_id)), InlineKeyboardMarkup(keyboard)


def campaign_question(row: LogDraft, t: Texts) -> tuple[str, InlineKeyboardMarkup]:
    """A total over several events was read: log it as one campaign, or cancel."""
    question = t._(
        "This reads like a total over several events. Log it as one campaign (one event, marked as a "
        "campaign), or cancel and log each event on its own?"
    )
    keyboard = [
        [
            InlineKeyboardButton("📋 " + t._("Log as one campaign"), callback_data=f"d:{row.id}:camp"),
            InlineKeyboardButton("❌ " + t._("Cancel"), callback_data=f"d:{row.id}:cancel"),
        ]
    ]
    return bold(question), InlineKeyboardMarkup(keyboard)


def keep_which(other: LogDraft, row: LogDraft, t: Texts) -> tuple[str, list[list[InlineKeyboardButton]]]:
    """A new log while another draft is open: say so, and offer to drop it or to go back to it."""
    question = t._("You have another event not yet saved (draft {n}). Keep this one or go back to it?")
    d = f"d:{row.id}"
    buttons = [
        [
            InlineKeyboardButton(t._("Keep this, drop the other"), callback_data=f"{d}:drop:{other.id}"),
            InlineKeyboardButton(t._("Back to the other"), callback_data=f"{d}:prev:{other.id}"),
        ]
    ]
    return bold(question.format(n=other.id)), buttons
