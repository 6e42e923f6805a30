"""/lang zh|en: the member's own choice of language, stored."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import CommandHandler

from bot.i18n import LANGUAGES, Texts
from bot.members import identify
from bot.state import Context


async def set_language(update: Update, context: Context) -> None:
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    state = context.bot_data
    choice = (context.args or [""])[0].lower()
    async with state.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=state)
        if choice not in LANGUAGES:
            await message.reply_text(escape(speaker.t._("Use /lang zh for Chinese or /lang en for English.")))
            return
        if speaker.member is not None:
            speaker.member.language = choice
    t = Texts(choice)
    await message.reply_text(escape(t._("I will answer you in English from now on.")))


HANDLERS = [CommandHandler("lang", set_language)]
