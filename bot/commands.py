"""The Telegram command menu by role and language: the default scope for workers (and strangers), and
each coordinator's and admin's private chat their own, refreshed when their role changes."""

from __future__ import annotations

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import BadRequest, Forbidden

from bot.i18n import LANGUAGES, Texts
from bot.state import PufaApplication
from models.organisation.members import Role, menu_holders


def command_menu(t: Texts, role: Role = Role.WORKER) -> list[BotCommand]:
    """The commands this role may use, the daily ones first."""
    menu = [
        BotCommand("log", t._("log an event")),
        BotCommand("my", t._("your latest events")),
        BotCommand("summary", t._("this week at a glance")),
    ]
    if role in (Role.COORDINATOR, Role.ADMIN):
        menu += [
            BotCommand("pending", t._("events waiting for your approval")),
            BotCommand("report", t._("the drafted report section")),
            BotCommand("export", t._("the ledger as Excel")),
            BotCommand("chart", t._("events per week as a chart")),
            BotCommand("digest", t._("the weekly digest of this chat")),
            BotCommand("invite", t._("invite someone to join")),
            BotCommand("members", t._("the members of your area")),
            BotCommand("materials", t._("new material titles to take into the catalogue")),
        ]
    if role == Role.ADMIN:
        menu.append(BotCommand("areas", t._("the area tree")))
    menu += [
        BotCommand("remind", t._("reminders on or off")),
        BotCommand("lang", t._("Chinese or English")),
        BotCommand("help", t._("this help")),
    ]
    return menu


async def set_member_menu(bot: Bot, telegram_user_id: int, role: Role | None, default_language: str) -> None:
    """A coordinator's or admin's private chat gets their menu; anyone else's falls back to the default."""
    scope = BotCommandScopeChat(chat_id=telegram_user_id)
    try:
        if role in (Role.COORDINATOR, Role.ADMIN):
            await bot.set_my_commands(command_menu(Texts(default_language), role), scope=scope)
            for language in LANGUAGES:
                menu = command_menu(Texts(language), role)
                await bot.set_my_commands(menu, scope=scope, language_code=language)
        else:
            await bot.delete_my_commands(scope=scope)
            for language in LANGUAGES:
                await bot.delete_my_commands(scope=scope, language_code=language)
    except (BadRequest, Forbidden):
        pass  # a chat the bot cannot reach (never opened): its menu is set when the member writes


async def register_commands(application: PufaApplication, default_language: str) -> None:
    """The workers' menu as the default, in the district's language and per language; then each
    coordinator's and admin's own."""
    bot = application.bot
    await bot.set_my_commands(command_menu(Texts(default_language)))
    for language in LANGUAGES:
        await bot.set_my_commands(command_menu(Texts(language)), language_code=language)
    async with application.bot_data.sessions() as session:
        holders = await menu_holders(session=session)
    for telegram_user_id, role in holders:
        await set_member_menu(bot, telegram_user_id, role, default_language)
