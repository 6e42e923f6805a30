"""The error handler: log the whole story, tell the user one short line."""

from __future__ import annotations

import logging

from telegram import Update

from bot.members import texts_without_member
from bot.replies import answer_briefly
from bot.state import Context
from models.intake import UpdateAlreadyHandled

log = logging.getLogger(__name__)


async def report_error(update: object, context: Context) -> None:
    if isinstance(context.error, UpdateAlreadyHandled):
        return  # another delivery of the same update had its effect; this one's was undone
    log.error("update %s failed", getattr(update, "update_id", update), exc_info=context.error)
    if not isinstance(update, Update):
        return
    t = texts_without_member(update, context)
    await answer_briefly(
        update, context.bot, t._("Sorry, something went wrong on our side. Please try again in a minute.")
    )
