"""Riding out a database that is briefly away: run the update's work again, then say so plainly."""

from __future__ import annotations

import asyncio
import copy
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import Update
from telegram.ext import BaseHandler

from bot.i18n import Texts
from bot.members import texts_without_member
from bot.replies import answer_briefly
from bot.state import Context
from models.db import is_transient_database_error

log = logging.getLogger(__name__)

T = TypeVar("T")
FIRST_PAUSE = 0.2  # seconds; doubled after each failed try, up to LONGEST_PAUSE
LONGEST_PAUSE = 2.0


class DatabaseUnavailable(Exception):
    """The database kept failing for the whole retry budget."""


async def retry_while_unavailable(work: Callable[[], Awaitable[T]], *, seconds: float) -> T:
    """Run `work` until it succeeds, pausing longer each time, while the database fails transiently.

    `work` is a whole unit of work that opens its own transaction, so a failed try left nothing behind
    (its transaction was rolled back) and the next one starts afresh.
    """
    deadline = time.monotonic() + seconds
    pause = FIRST_PAUSE
    while True:
        try:
            return await work()
        except Exception as error:
            if not is_transient_database_error(error):
                raise
            if time.monotonic() + pause > deadline:
                raise DatabaseUnavailable(str(error)) from error
            log.warning("the database is unavailable (%s); trying again in %.1f s", error, pause)
        await asyncio.sleep(pause)
        pause = min(pause * 2, LONGEST_PAUSE)


def unavailable_text(update: Update, t: Texts) -> str:
    """Nothing of the message (or the press) was saved, and the user should simply send it again."""
    if update.callback_query is not None:
        return t._("The database is unavailable for the moment; this was not saved. Please try again later.")
    return t._(
        "The database is unavailable for the moment; this message was not saved. Please send it again later."
    )


AnyHandler = BaseHandler[Update, Context, Any]


def ride_out_outages(handler: AnyHandler) -> AnyHandler:
    """A copy of the handler (the module's own is shared by every Application built) whose callback runs
    again while the database is briefly away, and then tells the user plainly that nothing was saved."""
    callback = handler.callback

    async def retrying(update: Update, context: Context) -> Any:
        try:
            return await retry_while_unavailable(
                lambda: callback(update, context), seconds=context.bot_data.settings.database_retry_seconds
            )
        except DatabaseUnavailable as error:
            log.error("update %s dropped: the database is unavailable (%s)", update.update_id, error)
            await answer_briefly(
                update, context.bot, unavailable_text(update, texts_without_member(update, context))
            )
            return None

    retried = copy.copy(handler)
    retried.callback = retrying
    return retried
