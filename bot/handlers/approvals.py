"""Approvals: approving, returning (with a reason) or un-approving an event."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import ForceReply, Message

from bot.handlers.pending import next_pending
from bot.members import Speaker, member_texts
from bot.private import tell_member
from bot.state import AppState, Context
from models.events.approvals import Decision, can_decide, decide
from models.events.edit_drafts import open_event_draft
from models.events.log_drafts import REASON, RETURN_TTL, DraftMode, DraftStatus, LogDraft
from models.events.records import Event
from models.organisation.areas import Area
from models.organisation.members import Member
from models.organisation.permissions import Action, Target


async def decide_on_event(
    session: AsyncSession,
    state: AppState,
    message: Message,
    event: Event,
    speaker: Speaker,
    decision: Decision,
    update_id: int,
) -> Decided:
    """Approve or un-approve at once; for a return, ask for the reason first."""
    t, member = speaker.t, speaker.active
    assert member is not None and event.id is not None
    area = await session.get(Area, event.area_id)
    if not speaker.can(
        Action.APPROVE, Target(area_path=area.path if area else None, reporter_id=event.reporter_id)
    ):
        return Decided(refusal=t._("Only a coordinator of this event's area can decide on it."))
    if not can_decide(event, decision):
        return Decided(refusal=t._("This event's status has changed meanwhile; nothing was done."))
    if decision == Decision.RETURN:
        row, created = await open_event_draft(
            session=session,
            member=member,
            chat_id=message.chat_id,
            update_id=update_id,
            event=event,
            mode=DraftMode.RETURN,
            awaiting=None,
            now=state.now(),
        )
        row.awaiting, row.expires_at = REASON, state.now() + RETURN_TTL
        if created:
            prompt = await message.reply_text(
                escape(t._("Why is event #{id} returned? Reply with the reason.").format(id=event.id)),
                reply_markup=ForceReply(selective=True),
            )
            row.card_message_id = prompt.message_id
        return Decided(redraw=False)
    await decide(session=session, event=event, decision=decision, by=member, now=state.now())
    return Decided(news=await decision_news(session, state, event, decision))


@dataclass(frozen=True)
class Decided:
    refusal: str | None = None
    redraw: bool = True
    news: tuple[int, str] | None = None  # (telegram user id, text) for the reporter


async def decision_news(
    session: AsyncSession, state: AppState, event: Event, decision: Decision
) -> tuple[int, str] | None:
    """What the reporter is told, in their language."""
    reporter = await session.get(Member, event.reporter_id)
    if reporter is None:
        return None
    t = member_texts(reporter, state)
    texts = {
        Decision.APPROVE: t._("Your event #{id} ({title}) was approved."),
        Decision.UNAPPROVE: t._(
            "The approval of your event #{id} ({title}) was withdrawn; it can be changed again."
        ),
        Decision.RETURN: t._("Your event #{id} ({title}) was returned: {reason}. Change it from /my."),
    }
    text = texts[decision].format(id=event.id, title=event.title, reason=event.status_note or "—")
    return reporter.telegram_user_id, escape(text)


async def take_return_reason(
    message: Message, *, row: LogDraft, speaker: Speaker, context: Context, session: AsyncSession
) -> None:
    """The coordinator's reply with the reason: the event is returned and its reporter told."""
    state, t, member = context.bot_data, speaker.t, speaker.active
    assert member is not None and message.text is not None
    event = await session.get(Event, row.event_id, with_for_update=True)
    row.status, row.awaiting = DraftStatus.SAVED, None
    area = await session.get(Area, event.area_id) if event else None
    target = Target(area_path=area.path if area else None, reporter_id=event.reporter_id if event else None)
    if event is None or not can_decide(event, Decision.RETURN) or not speaker.can(Action.APPROVE, target):
        await message.reply_text(escape(t._("This event's status has changed meanwhile; nothing was done.")))
        return
    await decide(
        session=session,
        event=event,
        decision=Decision.RETURN,
        by=member,
        now=state.now(),
        reason=message.text,
    )
    news = await decision_news(session, state, event, Decision.RETURN)
    following, markup = await next_pending(session, state, speaker)
    done = escape(t._("Event #{id} was returned; its reporter has been told.").format(id=event.id))
    await message.reply_text(done + "\n\n" + following, reply_markup=markup)
    if news:
        await tell_member(context, *news)
