"""Answers that are personal go to the member's private chat, never to a group."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, Forbidden

from bot.i18n import Texts
from bot.state import Context


async def reply_privately(
    update: Update, context: Context, t: Texts, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Reply in a private chat as usual; from a group, send it to the member privately instead."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return None
    if message.chat.type == "private":
        return await message.reply_text(text, reply_markup=markup)
    try:
        sent = await context.bot.send_message(user.id, text, reply_markup=markup)
    except (Forbidden, BadRequest):  # they never opened a private chat with the bot
        await message.reply_text(escape(t._("Please open a private chat with me and send /start first.")))
        return None
    await message.reply_text(escape(t._("I have answered you in our private chat.")))
    return sent


async def tell_member(context: Context, telegram_user_id: int, text: str) -> bool:
    """A notice to a member (an approval, a return); False when Telegram will not deliver it."""
    try:
        await context.bot.send_message(telegram_user_id, text)
    except (Forbidden, BadRequest):
        return False
    return True
