"""/start and /help."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import CommandHandler

from bot.i18n import Texts
from bot.members import identify
from bot.state import Context
from models.members import StartOutcome, start_member


async def start(update: Update, context: Context) -> None:
    """Greet members; make the configured admins members; tell everyone else how to join."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    state = context.bot_data
    async with state.sessions.begin() as session:
        outcome, _member = await start_member(
            session=session,
            telegram_user_id=user.id,
            full_name=user.full_name,
            username=user.username,
            admin_user_ids=state.settings.admin_user_ids,
        )
        speaker = await identify(session=session, user=user, state=state)
    t = speaker.t
    replies = {
        StartOutcome.WELCOME_ADMIN: t._("Welcome, {name}. You are an admin of the whole district."),
        StartOutcome.WELCOME_BACK: t._("Welcome back, {name}."),
        StartOutcome.DISABLED: t._("Your membership is disabled. Ask your coordinator to enable it again."),
        StartOutcome.NEEDS_INVITE: t._(
            "Hello {name}. This bot keeps the district's legal-education ledger. "
            "To join, open the invite link your coordinator sends you."
        ),
    }
    text = escape(replies[outcome].format(name=user.first_name))
    if outcome in (StartOutcome.WELCOME_ADMIN, StartOutcome.WELCOME_BACK):
        text += "\n\n" + help_text(t)
    await message.reply_text(text)


async def show_help(update: Update, context: Context) -> None:
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    async with context.bot_data.sessions() as session:
        speaker = await identify(session=session, user=user, state=context.bot_data)
    await message.reply_text(help_text(speaker.t))


def help_text(t: Texts) -> str:
    return "\n".join(
        [
            "<b>" + escape(t._("Log an outreach event in one message:")) + "</b>",
            "<code>/log 法律大集 3月8日 幸福社区 120人 《民法典手册》300份 联合城东派出所</code>",
            escape(t._("I show what I understood; tap ✅ to save it.")),
            "",
            "/log — " + escape(t._("log an event")),
            "/my — " + escape(t._("your latest events")),
            "/help — " + escape(t._("this help")),
        ]
    )


HANDLERS = [CommandHandler("start", start), CommandHandler("help", show_help)]
