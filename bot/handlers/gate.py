"""In group chats the bot answers members only; this runs before every other handler."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop, TypeHandler

from bot.members import Speaker, identify, texts_without_member
from bot.outages import DatabaseUnavailable, retry_while_unavailable, unavailable_text
from bot.replies import answer_press
from bot.state import Context

log = logging.getLogger(__name__)


async def members_only_in_groups(update: Update, context: Context) -> None:
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or chat.type == "private":
        return
    state = context.bot_data

    async def look_up() -> Speaker:
        async with state.sessions() as session:
            return await identify(session=session, user=user, state=state)

    try:
        speaker = await retry_while_unavailable(look_up, seconds=state.settings.database_retry_seconds)
    except DatabaseUnavailable as error:
        # Fail closed: without the check the sender may be a stranger, and the group's own talk must not
        # draw error replies. A pop-up is seen by the presser alone.
        log.error("update %s ignored in a group: the member check failed (%s)", update.update_id, error)
        if update.callback_query is not None:
            t = texts_without_member(update, context)
            await answer_press(update.callback_query, unavailable_text(update, t), alert=True)
        raise ApplicationHandlerStop from None
    if speaker.active is not None:
        return
    if update.callback_query is not None:
        refusal = speaker.refusal(speaker.t._("Only members can do this."))
        await answer_press(update.callback_query, refusal, alert=True)
    raise ApplicationHandlerStop  # nothing useful for strangers in a group


GATE = TypeHandler(Update, members_only_in_groups)
