"""The command menu, registered per language with set_my_commands at start-up."""

from __future__ import annotations

from telegram import BotCommand

from bot.i18n import LANGUAGES, Texts
from bot.state import PufaApplication


def command_menu(t: Texts) -> list[BotCommand]:
    return [
        BotCommand("log", t._("log an event")),
        BotCommand("my", t._("your latest events")),
        BotCommand("summary", t._("this week at a glance")),
        BotCommand("report", t._("the drafted report section")),
        BotCommand("export", t._("the ledger as Excel")),
        BotCommand("chart", t._("events per week as a chart")),
        BotCommand("digest", t._("the weekly digest of this chat")),
        BotCommand("remind", t._("reminders on or off")),
        BotCommand("help", t._("this help")),
    ]


async def register_commands(application: PufaApplication, default_language: str) -> None:
    """The default menu in the district's language, and one per language for users whose Telegram uses it."""
    await application.bot.set_my_commands(command_menu(Texts(default_language)))
    for language in LANGUAGES:
        await application.bot.set_my_commands(command_menu(Texts(language)), language_code=language)
