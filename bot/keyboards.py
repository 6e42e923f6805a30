"""Inline keyboards. Callback data is "d:<draft>:<verb>[:<arg>]" or "e:<event>:<verb>[:<arg>]", at most
about 40 bytes, and never trusted: every press is read against its family's schema (bot/buttons.py) and
checked again against the database."""

from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_date
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.cards import field_names
from bot.i18n import Texts
from models.catalog.entries import AreaEntry, Catalog
from models.events.log_drafts import DraftMode, LogDraft
from models.events.log_flow import EDITABLE, MAX_FAILURES, OPTIONAL, STEPS, Step, previous_step

COLUMNS = 2
COMMON_MATERIALS = 6  # the catalogue's first materials get buttons; others are typed
AREA_BUTTONS = 8
EARLIER_DAYS = range(3, 7)


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def _rows(buttons: list[InlineKeyboardButton], columns: int = COLUMNS) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + columns] for i in range(0, len(buttons), columns)]


def draft_keyboard(
    row: LogDraft, *, catalog: Catalog, t: Texts, today: date, areas: tuple[AreaEntry, ...]
) -> InlineKeyboardMarkup:
    """The buttons under a draft: the choices of its step and 跳过/返回/取消, or ✅/✏️/❌ on the card."""
    d = f"d:{row.id}"
    cancel = _button("❌ " + t._("Cancel"), f"{d}:cancel")
    step = row.step
    if row.failures >= MAX_FAILURES:
        return InlineKeyboardMarkup([[cancel, _button("↩ " + t._("Try again"), f"{d}:keep")]])
    if step is None:
        save_label = t._("Save changes") if row.mode == DraftMode.EDIT else t._("Save")
        return InlineKeyboardMarkup(
            [[_button("✅ " + save_label, f"{d}:save"), _button("✏️ " + t._("Change"), f"{d}:edit"), cancel]]
        )
    rows = _step_choices(row, step, d=d, catalog=catalog, t=t, today=today, areas=areas)
    navigation = []
    if step in OPTIONAL and not row.material_title:
        navigation.append(_button("⏭ " + t._("Skip"), f"{d}:skip:{step.value}"))
    if row.mode == DraftMode.GUIDED and previous_step(step) is not None:
        navigation.append(_button("↩ " + t._("Back"), f"{d}:back:{step.value}"))
    navigation.append(cancel)
    return InlineKeyboardMarkup([*rows, navigation])


def _step_choices(
    row: LogDraft,
    step: Step,
    *,
    d: str,
    catalog: Catalog,
    t: Texts,
    today: date,
    areas: tuple[AreaEntry, ...],
) -> list[list[InlineKeyboardButton]]:
    locale = "zh_CN" if t.language == "zh" else "en"
    if step == Step.KIND:
        kinds = [_button(k.name(t.language), f"{d}:kind:{k.code}") for k in catalog.kinds]
        return _rows(kinds)
    if step == Step.DATE:
        recent = [(t._("Today"), today), (t._("Yesterday"), today - timedelta(days=1))]
        recent.append((t._("The day before"), today - timedelta(days=2)))
        earlier = [
            (format_date(day, "EEE M/d", locale=locale), day)
            for day in (today - timedelta(days=n) for n in EARLIER_DAYS)
        ]
        return [
            [_button(label, f"{d}:date:{day:%Y%m%d}") for label, day in recent],
            [_button(label, f"{d}:date:{day:%Y%m%d}") for label, day in earlier],
        ]
    if step == Step.PLACE:
        return _rows([_button(a.name, f"{d}:area:{a.id}") for a in areas[:AREA_BUTTONS]])
    if step == Step.MATERIALS and not row.material_title:
        common = [_button(m.title, f"{d}:mat:{m.id}") for m in catalog.materials[:COMMON_MATERIALS] if m.id]
        return [*_rows(common), [_button("✅ " + t._("Done"), f"{d}:done:{step.value}")]]
    if step == Step.PHOTOS:
        return [[_button("✅ " + t._("Done"), f"{d}:done:{step.value}")]]
    return []


def field_chooser(row: LogDraft, *, t: Texts) -> InlineKeyboardMarkup:
    """✏️ on the card: which field to change."""
    names = field_names(t)
    steps = (*STEPS, Step.TITLE, Step.NOTE)  # before saving, photos are one of the fields too
    buttons = [_button(names[step], f"d:{row.id}:go:{step.value}") for step in steps]
    return InlineKeyboardMarkup([*_rows(buttons, 4), [_button("↩ " + t._("Back"), f"d:{row.id}:card")]])


def my_events_keyboard(event_ids: list[tuple[int, str]]) -> InlineKeyboardMarkup:
    """One button per listed event, labelled "#12 3/8 法律大集"."""
    return InlineKeyboardMarkup(
        _rows([_button(label, f"e:{event_id}:open") for event_id, label in event_ids])
    )


def event_keyboard(
    event_id: int, *, photos: int, t: Texts, changeable: bool, decisions: tuple[str, ...] = ()
) -> InlineKeyboardMarkup:
    """The saved event's buttons; change buttons only while it is not approved, decisions for coordinators."""
    e = f"e:{event_id}"
    rows = []
    if changeable:
        rows.append([_button("✏️ " + t._("Change"), f"{e}:edit"), _button("🗑 " + t._("Delete"), f"{e}:del")])
    rows.append([_button("📜 " + t._("History"), f"{e}:hist")])
    if changeable:
        rows[-1].append(_button("➕ " + t._("Add photos"), f"{e}:addph"))
    # The 活动记录表 (bot/handlers/records.py), with the photos when there are some; decisions stay last.
    record = _button("📄 " + t._("Record sheet"), f"rec:{event_id}")
    if photos:
        rows.append([_button("📷 " + t._("Photos ({n})").format(n=photos), f"{e}:photos"), record])
    else:
        rows.append([record])
    labels = {
        "approve": "✅ " + t._("Approve"),
        "return": "↩ " + t._("Return"),
        "unapprove": t._("Un-approve"),
    }
    if decisions:
        rows.append([_button(labels[d], f"{e}:{d}") for d in decisions])
    return InlineKeyboardMarkup(rows)


def event_field_chooser(event_id: int, *, t: Texts) -> InlineKeyboardMarkup:
    names = field_names(t)
    buttons = [_button(names[step], f"e:{event_id}:f:{step.value}") for step in EDITABLE]
    return InlineKeyboardMarkup([*_rows(buttons, 4), [_button("↩ " + t._("Back"), f"e:{event_id}:card")]])


def delete_keyboard(event_id: int, *, t: Texts) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button("🗑 " + t._("Yes, delete it"), f"e:{event_id}:delok"),
                _button("↩ " + t._("Back"), f"e:{event_id}:card"),
            ]
        ]
    )
