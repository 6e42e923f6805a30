"""/pending: what waits for a coordinator's approval in their subtree; tap one to decide on it."""

from __future__ import annotations

from html import escape

from babel.dates import format_date
from telegram import Update
from telegram.ext import CommandHandler

from bot.cards import bold
from bot.keyboards import my_events_keyboard
from bot.members import identify
from bot.private import reply_privately
from bot.state import Context
from models.approvals import pending_events
from models.permissions import Action, Target


async def show_pending(update: Update, context: Context) -> None:
    user = update.effective_user
    if user is None:
        return
    state = context.bot_data
    async with state.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=state)
        t, actor = speaker.t, speaker.actor
        if actor is None or not speaker.can(Action.APPROVE, Target(area_path=actor.area_path)):
            await reply_privately(
                update, context, t, escape(t._("Only coordinators and admins approve events."))
            )
            return
        rows, total = await pending_events(session=session, area_path=actor.area_path)
    if not rows:
        await reply_privately(update, context, t, escape(t._("Nothing waits for approval.")))
        return
    locale = "zh_CN" if t.language == "zh" else "en"
    lines = [bold(t._("Waiting for approval: {n}").format(n=total))]
    buttons = []
    for event, kind, area in rows:
        day = format_date(event.start_date, "M/d", locale=locale)
        lines.append(escape(f"#{event.id} {day} · {kind} · {area} · {event.title}"))
        buttons.append((event.id or 0, f"#{event.id} {day} {area}"))
    await reply_privately(update, context, t, "\n".join(lines), my_events_keyboard(buttons))


HANDLERS = [CommandHandler("pending", show_pending)]
