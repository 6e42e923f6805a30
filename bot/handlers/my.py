"""/my: the member's ten latest events."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import CommandHandler

from bot.cards import my_events
from bot.members import identify
from bot.state import Context
from models.events import recent_events


async def show_my_events(update: Update, context: Context) -> None:
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    state = context.bot_data
    async with state.sessions() as session:
        speaker = await identify(session=session, user=user, state=state)
        t, member = speaker.t, speaker.active
        if member is None or member.id is None:
            await message.reply_text(
                escape(t._("Only members have events. Ask your coordinator for an invite link."))
            )
            return
        lines = await recent_events(session=session, reporter_id=member.id, limit=10)
    await message.reply_text(my_events(lines, t=t))


HANDLERS = [CommandHandler("my", show_my_events)]
