"""/digest (on [area] | off | time 周一 09:00 | now) in any chat; /remind on|off; the nudge's button."""

from __future__ import annotations

import asyncio
from html import escape

from telegram import Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import buttons
from bot.charts import render_weekly_chart
from bot.digest_cards import chart_title, digest_text, subscription_card, weekday_name
from bot.handlers.log import start_log, text_after_command
from bot.members import Speaker, identify
from bot.replies import answer_press
from bot.state import Context, PufaApplication
from jobs import schedule_digest
from models.organisation.areas import Area
from models.organisation.permissions import Action, Target
from models.parsing.periods import PeriodKind, unit_containing
from models.reporting.scope import area_in_scope
from models.reporting.weekly import weekly_series
from models.scheduling.digest_facts import chart_period, gather_digest
from models.scheduling.digest_times import parse_digest_time
from models.scheduling.digests import (
    DigestSubscription,
    set_digest_time,
    stop_subscription,
    subscribe,
    subscription_of_chat,
)
from models.scheduling.reminders import reminders_on, set_reminders

ON, OFF, TIME, NOW = (
    ("on", "开", "开启", "订阅"),
    ("off", "关", "关闭", "退订"),
    ("time", "时间"),
    ("now", "现在", "预览"),
)


async def digest_command(update: Update, context: Context) -> None:
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or message.text is None:
        return
    verb, _, rest = text_after_command(message.text).strip().partition(" ")
    verb, rest = verb.lower(), rest.strip()
    state = context.bot_data
    async with state.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=state)
        t, member = speaker.t, speaker.active
        own = await session.get(Area, member.area_id) if member else None
        if member is None or own is None or not speaker.can(Action.VIEW_AREA, Target(area_path=own.path)):
            refusal = speaker.refusal(t._("Only coordinators can set up the weekly digest."))
            await message.reply_text(escape(refusal))
            return
        subscription = await subscription_of_chat(session=session, chat_id=message.chat_id)
        subscribed_area = await session.get(Area, subscription.area_id) if subscription else None
        if (
            verb
            and verb not in ON
            and subscribed_area is not None
            and not speaker.can(Action.VIEW_AREA, Target(area_path=subscribed_area.path))
        ):
            await message.reply_text(escape(t._("This chat's digest is for an area outside yours.")))
            return
        now = state.now()
        if verb in ON:
            area = await area_in_scope(session=session, member=member, name=rest or None)
            if area is None or area.id is None:
                text = t._("There is no area called {name} in your part of the district.").format(name=rest)
                await message.reply_text(escape(text))
                return
            subscription = await subscribe(
                session=session,
                chat_id=message.chat_id,
                area_id=area.id,
                member_id=member.id or 0,
                language=t.language,
                timezone=state.settings.timezone,
                now=now,
            )
            reply = t._("This chat will get the weekly digest of {area} every {when}.").format(
                area=area.name, when=_when(subscription, speaker)
            )
        elif verb in OFF and subscription is not None:
            await stop_subscription(
                session=session, subscription_id=subscription.id or 0, reason="/digest off", now=now
            )
            subscription.active = False
            reply = t._("The weekly digest is off for this chat.")
        elif verb in TIME and subscription is not None and (when := parse_digest_time(rest)) is not None:
            await set_digest_time(
                session=session, subscription=subscription, weekday=when[0], minute=when[1], now=now
            )
            reply = t._("The digest now comes every {when}.").format(when=_when(subscription, speaker))
        elif verb in TIME and subscription is not None:
            reply = t._("Write the day and time like this: /digest time 周一 09:00 (or mon 09:00).")
        elif verb in NOW:
            await _preview(message, context, speaker, subscription.area_id if subscription else own.id)
            return
        else:
            name = subscribed_area.name if subscribed_area else None
            await message.reply_text(subscription_card(subscription, area_name=name, t=t))
            return
    schedule_digest(_application(context), subscription)
    await message.reply_text(escape(reply))


def _when(subscription: DigestSubscription, speaker: Speaker) -> str:
    t = speaker.t
    return t._("{weekday} {time}").format(
        weekday=weekday_name(subscription.weekday, t), time=f"{subscription.at:%H:%M}"
    )


def _application(context: Context) -> PufaApplication:
    return context.application  # type: ignore[return-value]


async def _preview(message: Message, context: Context, speaker: Speaker, area_id: int | None) -> None:
    """The last complete week's digest, marked as a preview; no delivery is recorded."""
    state, t = context.bot_data, speaker.t
    week = unit_containing(PeriodKind.WEEK, state.today()).previous()
    async with state.sessions() as session:
        area = await session.get(Area, area_id)
        assert area is not None
        facts = await gather_digest(session=session, week=week, area=area)
        series = await weekly_series(session=session, period=chart_period(week), area=area)
    await message.reply_text(digest_text(facts, t=t, preview=True))
    title = chart_title(facts, t=t)
    png = await asyncio.to_thread(render_weekly_chart, series, t=t, title=title)
    await message.reply_photo(png, caption=escape(title))


async def remind_command(update: Update, context: Context) -> None:
    """/remind on|off: the Friday nudge and the calendar's heads-ups, for the member themself."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    choice = (context.args or [""])[0].lower()
    state = context.bot_data
    async with state.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=state)
        t, member = speaker.t, speaker.active
        if member is None or member.id is None:
            await message.reply_text(escape(speaker.refusal(t._("Only members get reminders."))))
            return
        if choice in ON or choice in OFF:
            await set_reminders(session=session, member_id=member.id, on=choice in ON, now=state.now())
        on = await reminders_on(session=session, member_id=member.id)
    if on:
        text = t._(
            "Reminders are on: a nudge on Friday if you logged nothing that week. /remind off stops them."
        )
    else:
        text = t._("Reminders are off. /remind on brings them back.")
    await message.reply_text(escape(text))


async def log_from_nudge(update: Update, context: Context) -> None:
    """The nudge's 📝 button: the guided /log, as if they had sent /log."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    state = context.bot_data
    async with state.sessions() as session:
        speaker = await identify(session=session, user=user, state=state)
    if not isinstance(query.message, Message):
        await answer_press(query, speaker.t._("Send /log to log an event."), alert=True)
        return
    await answer_press(query)
    await start_log(query.message, user_id=user.id, context=context, text="", speaker=speaker)


HANDLERS = [
    CommandHandler("digest", digest_command),
    CommandHandler("remind", remind_command),
    CallbackQueryHandler(log_from_nudge, pattern=buttons.NUDGE),
]
