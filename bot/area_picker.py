"""A keyboard that walks down the area tree one level at a time: choose this area, or open a child."""

from __future__ import annotations

from collections.abc import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Texts
from models.organisation.areas import Area

MAX_CHILDREN = 60  # a 街道 rarely has more 社区; more would not fit Telegram's keyboard comfortably


def area_picker(
    area: Area,
    children: list[tuple[Area, bool]],
    *,
    t: Texts,
    choose: Callable[[int], str],
    open_level: Callable[[int], str],
    up: str | None,
) -> InlineKeyboardMarkup:
    """✅ the area shown; a child with children opens its level (›), a leaf is chosen at once."""
    assert area.id is not None
    rows = [[InlineKeyboardButton("✅ " + area.name, callback_data=choose(area.id))]]
    buttons = [
        InlineKeyboardButton(
            f"{child.name} ›" if has_children else child.name,
            callback_data=open_level(child.id) if has_children else choose(child.id),  # type: ignore[arg-type]
        )
        for child, has_children in children[:MAX_CHILDREN]
    ]
    rows += [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    if up is not None:
        rows.append([InlineKeyboardButton("↩ " + t._("Back"), callback_data=up)])
    return InlineKeyboardMarkup(rows)
