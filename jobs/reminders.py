"""Reminders: Friday's nudge to workers with nothing logged, and the publicity calendar's heads-ups."""

from __future__ import annotations

import logging
from datetime import time, timedelta

from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.digest_cards import heads_up_text, nudge_message
from bot.i18n import Texts, pick_language
from bot.state import PufaApplication
from models.organisation.members import Member
from models.parsing.periods import PeriodKind, unit_containing
from models.scheduling.digests import fire_time
from models.scheduling.reminders import (
    claim_notice,
    coordinators_to_tell,
    give_back_notice,
    members_to_nudge,
    shipped_calendar,
    upcoming_occasions,
)

log = logging.getLogger(__name__)


async def send_nudges(app: PufaApplication) -> int:
    """Nudge, once a week, every active worker with nothing logged, once this week's nudge time has come."""
    state = app.bot_data
    times = state.settings
    now, zone = state.now(), state.settings.tz
    week = unit_containing(PeriodKind.WEEK, now.astimezone(zone).date())
    if now < fire_time(week.start + timedelta(days=times.nudge_weekday), times.nudge_time, zone):
        return 0
    async with state.sessions() as session:
        members = await members_to_nudge(
            session=session, week=week, week_began=fire_time(week.start, time(0), zone)
        )
    sent = 0
    for member in members:
        text, markup = nudge_message(_texts(app, member))
        sent += await _notify(app, member, "nudge", week.start.isoformat(), text, markup)
    return sent


async def send_heads_ups(app: PufaApplication) -> int:
    """Tell coordinators, once each, about every calendar date from tomorrow to a week ahead."""
    state = app.bot_data
    today = state.today()
    sent = 0
    for occasion, day in upcoming_occasions(shipped_calendar(), today=today):
        key = f"{occasion.key}:{day.isoformat()}"
        async with state.sessions() as session:
            members = await coordinators_to_tell(session=session, key=key)
        for member in members:
            text = heads_up_text(occasion, day, today=today, t=_texts(app, member))
            sent += await _notify(app, member, "heads_up", key, text, None)
    return sent


async def _notify(
    app: PufaApplication, member: Member, kind: str, key: str, text: str, markup: InlineKeyboardMarkup | None
) -> int:
    """Send once: claim the notice, send, give it back if Telegram failed for a reason that may pass."""
    state = app.bot_data
    assert member.id is not None
    async with state.sessions.begin() as session:
        if not await claim_notice(session=session, kind=kind, member_id=member.id, key=key, now=state.now()):
            return 0
    try:
        await app.bot.send_message(member.telegram_user_id, text, reply_markup=markup)
    except (Forbidden, BadRequest) as error:  # blocked, or never opened a private chat: not retried
        log.info("no %s for member %s: %s", kind, member.id, error.message)
        return 0
    except TelegramError as error:
        log.warning("%s for member %s not sent, will retry: %s", kind, member.id, error.message)
        async with state.sessions.begin() as session:
            await give_back_notice(session=session, kind=kind, member_id=member.id, key=key)
        return 0
    return 1


def _texts(app: PufaApplication, member: Member) -> Texts:
    default = app.bot_data.settings.default_language
    return Texts(
        pick_language(stored=member.language, telegram_code=member.telegram_language, default=default)
    )
