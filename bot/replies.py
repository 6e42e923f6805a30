"""Sending and editing that shrugs off what Telegram says when a card is already as we want it."""

from __future__ import annotations

import logging
from html import escape

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, TelegramError

log = logging.getLogger(__name__)


async def answer_press(query: CallbackQuery, text: str | None = None, *, alert: bool = False) -> None:
    """Answer a button press; a redelivered press's query was answered already, which is fine."""
    try:
        await query.answer(text, show_alert=alert)
    except BadRequest as error:
        if "query is too old" not in error.message.lower():
            raise


async def edit_pressed(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Show `text` in the message whose button was pressed."""
    if not isinstance(query.message, Message):
        return  # too old for Telegram to hand back; the press itself has been answered
    try:
        await query.message.edit_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in error.message.lower():
            raise


async def edit_or_send(
    bot: Bot, message: Message, card_id: int | None, text: str, markup: InlineKeyboardMarkup | None
) -> int:
    """Update the card in place when there is one, else reply with a new card; return its message id."""
    if card_id is not None:
        try:
            await bot.edit_message_text(
                text, chat_id=message.chat_id, message_id=card_id, reply_markup=markup
            )
        except BadRequest as error:
            if "not modified" in error.message.lower():
                return card_id
            if "not found" not in error.message.lower():
                raise
        else:
            return card_id
    sent = await message.reply_text(text, reply_markup=markup)
    return sent.message_id


async def answer_briefly(update: Update, bot: Bot, text: str) -> None:
    """A pop-up for a button press, else a message in the chat; what Telegram refuses is only logged."""
    if update.effective_chat is None:
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        else:
            await bot.send_message(update.effective_chat.id, escape(text))
    except TelegramError:
        log.warning("could not tell the user %r", text, exc_info=True)


MESSAGE_LIMIT = 4000  # Telegram's is 4096 characters of visible text; keep a margin for what we add


def split_lines(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Cut a long reply into messages at line ends (each of our lines closes its own HTML tags)."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:  # a single overlong line: cut it, it is plain text in practice
            chunks, current = [*chunks, *([current] if current else []), line[:limit]], ""
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            candidate = line
        current = candidate
    return [*chunks, current] if current or not chunks else chunks
