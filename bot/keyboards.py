"""Inline keyboards; callback data is "<feature>:<action>:<id>[:<arg>]", well under Telegram's 64 bytes."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Texts
from models.catalog import Catalog
from models.log_drafts import LogDraft

KIND_COLUMNS = 2


def draft_keyboard(row: LogDraft, *, catalog: Catalog, t: Texts) -> InlineKeyboardMarkup:
    """✅/❌ when the draft is complete; the kinds to choose from when the kind is missing."""
    cancel = InlineKeyboardButton("❌ " + t._("Cancel"), callback_data=f"log:cancel:{row.id}")
    if row.awaiting == "kind":
        buttons = [
            InlineKeyboardButton(kind.name(t.language), callback_data=f"log:kind:{row.id}:{kind.code}")
            for kind in catalog.kinds
        ]
        rows = [buttons[i : i + KIND_COLUMNS] for i in range(0, len(buttons), KIND_COLUMNS)]
        return InlineKeyboardMarkup([*rows, [cancel]])
    if row.awaiting:
        return InlineKeyboardMarkup([[cancel]])
    save = InlineKeyboardButton("✅ " + t._("Save"), callback_data=f"log:save:{row.id}")
    return InlineKeyboardMarkup([[save, cancel]])
