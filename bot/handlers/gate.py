"""In group chats the bot answers members only; this runs before every other handler."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, TypeHandler

from bot.members import identify
from bot.replies import answer_press
from bot.state import Context


async def members_only_in_groups(update: Update, context: Context) -> None:
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or chat.type == "private":
        return
    async with context.bot_data.sessions() as session:
        speaker = await identify(session=session, user=user, state=context.bot_data)
    if speaker.active is not None:
        return
    if update.callback_query is not None:
        refusal = speaker.refusal(speaker.t._("Only members can do this."))
        await answer_press(update.callback_query, refusal, alert=True)
    raise ApplicationHandlerStop  # nothing useful for strangers in a group


GATE = TypeHandler(Update, members_only_in_groups)
