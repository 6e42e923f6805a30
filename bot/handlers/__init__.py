"""Every handler, registered in one readable list."""

from __future__ import annotations

from bot.handlers import errors, log, my, start
from bot.state import PufaApplication


def register_handlers(application: PufaApplication) -> None:
    # One group: the first matching handler wins, so commands come before log's catch-all text handler,
    # which answers a question the bot asked (e.g. the attendance) and must not swallow commands.
    application.add_handlers([*start.HANDLERS, *my.HANDLERS, *log.HANDLERS])
    application.add_error_handler(errors.report_error)
