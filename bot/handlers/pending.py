"""/pending: the queue waiting for this coordinator, ✅ 全部通过, and the next event after a decision."""

from __future__ import annotations

from html import escape

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import buttons
from bot.cards import bold
from bot.draft_view import member_catalog
from bot.event_cards import event_card
from bot.keyboards import event_keyboard
from bot.members import Speaker, identify, member_texts
from bot.pending_cards import confirm_all, pending_list, shown_ids
from bot.private import reply_privately, tell_member
from bot.replies import answer_press, edit_pressed
from bot.state import AppState, Context
from models.events.approvals import Decision, approve_shown, pending_events
from models.events.changes import event_draft
from models.events.photos import photo_count
from models.events.records import Event
from models.organisation.members import Member
from models.organisation.permissions import Action


async def show_pending(update: Update, context: Context) -> None:
    user = update.effective_user
    if user is None:
        return
    state = context.bot_data
    async with state.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=state)
        t, actor = speaker.t, speaker.actor
        if actor is None or not speaker.can_in_own_area(Action.APPROVE):
            refusal = speaker.refusal(t._("Only coordinators and admins approve events."))
            await reply_privately(update, context, t, escape(refusal))
            return
        rows, total = await pending_events(session=session, actor=actor)
    text, markup = pending_list(rows, total, t)
    await reply_privately(update, context, t, text, markup)


async def press_pending(update: Update, context: Context) -> None:
    """✅ 全部通过 asks first; 确认 approves the rows the list shows and then shows what still waits."""
    query, user = update.callback_query, update.effective_user
    press = buttons.PENDING.read(query.data) if query else None
    if query is None or user is None or press is None or not isinstance(query.message, Message):
        return
    count, verb = int(press["id"]), press["verb"]
    state, text = context.bot_data, query.message.text or ""
    ids = shown_ids(text)
    news: list[tuple[int, str]] = []
    async with state.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=state)
        t, actor, member = speaker.t, speaker.actor, speaker.active
        if actor is None or member is None or not speaker.can_in_own_area(Action.APPROVE):
            await answer_press(query, speaker.refusal(t._("Only coordinators and admins approve events.")))
            return
        if len(ids) != count:
            await answer_press(query, t._("This card is out of date; use the latest one."), alert=True)
            return
        if verb == "all":
            await answer_press(query)
            await edit_pressed(query, *confirm_all(_list_html(query.message), count, t))
            return
        done: list[int] = []
        if verb == "allok":
            done = await approve_shown(
                session=session, actor=actor, member=member, event_ids=ids, now=state.now()
            )
            news = await approval_news(session, state, done)
        heading, markup = await next_pending(session, state, speaker, listing=True)
    closing = t.n_("{n} event approved.", "{n} events approved.", len(done)).format(n=len(done))
    await answer_press(query, closing if verb == "allok" else None)
    await edit_pressed(query, ("✅ " + escape(closing) + "\n\n" if verb == "allok" else "") + heading, markup)
    for telegram_user_id, notice in news:
        await tell_member(context, telegram_user_id, notice)


async def next_pending(
    session: AsyncSession, state: AppState, speaker: Speaker, *, listing: bool = False
) -> tuple[str, InlineKeyboardMarkup | None]:
    """What still waits for the speaker: the list, or (after a decision on one card) the next event's card."""
    t, actor = speaker.t, speaker.actor
    assert actor is not None
    rows, total = await pending_events(session=session, actor=actor)
    if listing or not rows:
        return pending_list(rows, total, t)
    event, member = rows[0].event, speaker.active
    assert event.id is not None and member is not None
    catalog = await member_catalog(session=session, state=state, member=member)
    draft = await event_draft(session=session, event=event)
    photos = await photo_count(session=session, event_id=event.id)
    card = event_card(event.id, event.status, draft, catalog=catalog, t=t, photos=photos)
    decisions = tuple(d.value for d in (Decision.APPROVE, Decision.RETURN))
    markup = event_keyboard(event.id, photos=photos, t=t, changeable=False, decisions=decisions)
    return bold(t._("Next, {n} waiting:").format(n=total)) + "\n" + card, markup


async def approval_news(
    session: AsyncSession, state: AppState, event_ids: list[int]
) -> list[tuple[int, str]]:
    """One notice per reporter for the events approved at once, in the reporter's language."""
    by_reporter: dict[int, list[Event]] = {}
    for event_id in event_ids:
        event = await session.get(Event, event_id)
        if event is not None:
            by_reporter.setdefault(event.reporter_id, []).append(event)
    news = []
    for reporter_id, events in by_reporter.items():
        reporter = await session.get(Member, reporter_id)
        if reporter is None:
            continue
        t = member_texts(reporter, state)
        listed = "、".join(
            f"#{e.id}（{e.title}）" if t.language == "zh" else f"#{e.id} ({e.title})" for e in events
        )
        text = t.n_("Your event {events} was approved.", "Your events {events} were approved.", len(events))
        news.append((reporter.telegram_user_id, escape(text.format(events=listed))))
    return news


def _list_html(message: Message) -> str:
    """The list as the message shows it, kept as HTML for the edit that adds the question."""
    return message.text_html if message.text else ""


HANDLERS = [
    CommandHandler("pending", show_pending),
    CallbackQueryHandler(press_pending, pattern=buttons.PENDING),
]
