"""What a press on a draft's buttons did, for the handler to show."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from models.events.log_drafts import LogDraft


@dataclass(frozen=True)
class Outcome:
    """What a press did: a short notice, or a refusal shown as an alert with the card left alone; a
    closing line when the draft is finished; the field chooser when ✏️ was pressed."""

    notice: str | None = None
    refusal: str | None = None
    closing: str | None = None
    choosing: bool = False
    redraw: bool = True  # False: the press changed nothing, so the card stays as it is
    question: tuple[str, InlineKeyboardMarkup] | None = None  # asked under the card, with its own buttons
    show: LogDraft | None = None  # another draft to show in this message instead (which-to-keep)
    news: tuple[tuple[int, str, InlineKeyboardMarkup], ...] = ()  # notices to others, sent after the commit
    photos: int | None = None  # the card's count of photos, when the press knows it (✅ moved them)
