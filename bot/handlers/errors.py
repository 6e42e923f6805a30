"""The error handler: log the whole story, tell the user one short line."""

from __future__ import annotations

import logging

from telegram import Update

from bot.members import texts_without_member
from bot.replies import answer_briefly
from bot.state import Context

log = logging.getLogger(__name__)


async def report_error(update: object, context: Context) -> None:
    log.error("update %s failed", getattr(update, "update_id", update), exc_info=context.error)
    if not isinstance(update, Update):
        return
    t = texts_without_member(update, context)
    await answer_briefly(
        update, context.bot, t._("Sorry, something went wrong on our side. Please try again in a minute.")
    )
