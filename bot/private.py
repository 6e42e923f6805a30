"""Answers that are personal go to the member's private chat, never to a group."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, Forbidden

from bot.i18n import Texts
from bot.replies import split_lines
from bot.state import Context


async def reply_privately(
    update: Update, context: Context, t: Texts, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Reply in a private chat as usual; from a group, send it to the member privately instead."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return None
    *first, last = split_lines(text)  # a long list goes out in several messages, the buttons on the last
    chat_id = message.chat_id if message.chat.type == "private" else user.id
    try:
        for chunk in first:
            await context.bot.send_message(chat_id, chunk)
        sent = await context.bot.send_message(chat_id, last, reply_markup=markup)
    except (Forbidden, BadRequest):
        if message.chat.type == "private":
            raise
        # They never opened a private chat with the bot.
        await message.reply_text(escape(t._("Please open a private chat with me and send /start first.")))
        return None
    if message.chat.type != "private":
        await message.reply_text(escape(t._("I have answered you in our private chat.")))
    return sent


async def tell_member(
    context: Context, telegram_user_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> bool:
    """A notice to a member (an approval, a return); False when Telegram will not deliver it."""
    try:
        await context.bot.send_message(telegram_user_id, text, reply_markup=markup)
    except (Forbidden, BadRequest):
        return False
    return True
