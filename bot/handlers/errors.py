"""The error handler: log the whole story, tell the user one short line."""

from __future__ import annotations

import logging
from html import escape

from telegram import Update
from telegram.error import TelegramError

from bot.i18n import Texts, pick_language
from bot.state import Context

log = logging.getLogger(__name__)


async def report_error(update: object, context: Context) -> None:
    log.error("update %s failed", getattr(update, "update_id", update), exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    user = update.effective_user
    t = Texts(
        pick_language(
            stored=None,
            telegram_code=user.language_code if user else None,
            default=context.bot_data.settings.default_language,
        )
    )
    text = t._("Sorry, something went wrong on our side. Please try again in a minute.")
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        else:
            await context.bot.send_message(update.effective_chat.id, escape(text))
    except TelegramError:
        log.warning("could not tell the user about the error", exc_info=True)
