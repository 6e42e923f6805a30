"""Process one update from the webhook to its committed effect before answering: at-least-once intake.

The webhook (bot/webhook.py) answers 2xx only after `take_update` returns DONE or DUPLICATE, so an update
accepted by a replica that dies before answering is delivered again, and models/intake.py makes that
second delivery a no-op. RETRY (answered 503) asks Telegram or the load balancer to deliver it again.
"""

from __future__ import annotations

import logging
import time
from enum import Enum

from telegram import Update

from bot.metrics import DUPLICATES, UPDATE_ERRORS, UPDATE_SECONDS, UPDATES
from bot.state import Context, PufaApplication
from models.db import is_transient_database_error
from models.intake import (
    UpdateAlreadyHandled,
    current_update,
    handled_already,
    mark_handled,
    processing,
)

log = logging.getLogger(__name__)


class Outcome(Enum):
    DONE = "done"
    DUPLICATE = "duplicate"  # handled before (or at the same time) by another delivery
    RETRY = "retry"  # the database failed: nothing was committed, deliver it again


def update_type(update: Update) -> str:
    return next((kind for kind in Update.ALL_TYPES if getattr(update, kind, None) is not None), "other")


async def take_update(application: PufaApplication, update: Update) -> Outcome:
    """Process `update` through the update processor (users' order, flood guard) unless handled before."""
    state = application.bot_data
    started = time.perf_counter()
    try:
        async with state.sessions() as session:
            if await handled_already(session=session, update_id=update.update_id):
                DUPLICATES.inc()
                return Outcome.DUPLICATE
        with processing(update.update_id) as mark:
            await application.update_processor.process_update(update, application.process_update(update))
        if isinstance(mark.error, UpdateAlreadyHandled):
            DUPLICATES.inc()
            return Outcome.DUPLICATE
        if mark.error is not None and is_transient_database_error(mark.error):
            return Outcome.RETRY
        if not mark.recorded:  # it wrote nothing (or its claim did not commit): record it now
            async with state.sessions.begin() as session:
                await mark_handled(session=session, update_id=update.update_id, now=state.now())
    except Exception as error:
        if not is_transient_database_error(error):
            raise
        log.warning("update %s not taken, the database failed: %s", update.update_id, error)
        return Outcome.RETRY
    UPDATES.labels(update_type(update)).inc()
    UPDATE_SECONDS.observe(time.perf_counter() - started)
    return Outcome.DONE


async def note_handler_error(update: object, context: Context) -> None:
    """An error handler: tell `take_update` what the update's handler raised."""
    mark = current_update()
    if mark is not None and context.error is not None:
        mark.error = context.error
        if not isinstance(context.error, UpdateAlreadyHandled):
            UPDATE_ERRORS.inc()
