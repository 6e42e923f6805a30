"""/my and the saved event's card: ✏️ change a field, 🗑 delete, 📜 history, 📷 photos, ➕ add photos."""

from __future__ import annotations

from html import escape

from babel.dates import format_date
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputMediaPhoto, Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import buttons
from bot.draft_view import draft_view, member_catalog
from bot.event_cards import event_card, history_text, my_events
from bot.handlers.approvals import decide_on_event
from bot.handlers.draft_buttons import draft_problem
from bot.handlers.pending import next_pending
from bot.i18n import Texts
from bot.keyboards import delete_keyboard, event_field_chooser, event_keyboard, my_events_keyboard
from bot.members import Speaker, identify
from bot.private import reply_privately, tell_member
from bot.replies import answer_press, edit_pressed, split_lines
from bot.state import AppState, Context
from models.events.approvals import Decision, can_decide
from models.events.changes import EventProblem, delete_event, event_draft, event_for, event_history
from models.events.edit_drafts import open_event_draft
from models.events.listing import recent_events
from models.events.log_drafts import DraftMode, DraftProblem, remember_card
from models.events.log_flow import Step
from models.events.photos import EventPhoto, event_photos, photo_count
from models.events.records import Event, EventStatus
from models.organisation.areas import Area
from models.organisation.members import Member
from models.organisation.permissions import Action, Target

MEDIA_GROUP_SIZE = 10  # Telegram sends at most ten photos in one album
CHANGE_VERBS = ("edit", "f", "del", "delok", "addph")
DECISION_VERBS = {d.value: d for d in Decision}


async def show_my_events(update: Update, context: Context) -> None:
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    state = context.bot_data
    async with state.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=state)
        t, member = speaker.t, speaker.active
        if member is None or member.id is None:
            refusal = t._("Only members have events. Ask your coordinator for an invite link.")
            await reply_privately(update, context, t, escape(speaker.refusal(refusal)))
            return
        lines = await recent_events(session=session, reporter_id=member.id, limit=10)
    locale = "zh_CN" if t.language == "zh" else "en"
    buttons = [
        (
            line.id,
            f"#{line.id} {format_date(line.start_date, 'M/d', locale=locale)} {line.kind_name(t.language)}",
        )
        for line in lines
    ]
    keyboard = my_events_keyboard(buttons) if lines else None
    await reply_privately(update, context, t, my_events(lines, t=t), keyboard)


async def press_event(update: Update, context: Context) -> None:
    """A button on a saved event's card (or on the /my list)."""
    query, user = update.callback_query, update.effective_user
    press = buttons.EVENT.read(query.data) if query else None
    if query is None or user is None or press is None or not isinstance(query.message, Message):
        return  # the handler's pattern is the schema; a message too old to edit has nothing to show
    event_id, verb, arg = int(press["id"]), press["verb"], press["arg"]
    state = context.bot_data
    photos: list[EventPhoto] = []
    text, markup = "", None
    async with state.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=state)
        t, member = speaker.t, speaker.active
        if member is None:
            await answer_press(query, speaker.refusal(t._("Only members can do this.")), alert=True)
            return
        to_change = verb in CHANGE_VERBS
        access = await event_for(session=session, event_id=event_id, actor=speaker.actor, to_change=to_change)
        if access.problem is not None or access.event is None:
            await answer_press(query, _event_problem(access.problem, t), alert=True)
            return
        event = access.event
        news = None
        if verb in DECISION_VERBS:
            decided = await decide_on_event(
                session, state, query.message, event, speaker, DECISION_VERBS[verb], update.update_id
            )
            if decided.refusal is not None or not decided.redraw:
                await answer_press(query, decided.refusal, alert=decided.refusal is not None)
                return
            verb, news = "card", decided.news
            if DECISION_VERBS[press["verb"]] == Decision.APPROVE:
                verb = "next"  # a queue is being cleared: the next event waiting takes the card's place
        if verb in ("f", "addph"):
            step = Step(arg) if verb == "f" else Step.PHOTOS
            await _open_change(
                session, state, query.message, event, member, t, step=step, update_id=update.update_id
            )
            if verb == "addph":
                await answer_press(query)
                return
            verb = "card"  # and the event's card gets its own buttons back, instead of the field list
        if verb == "hist":
            catalog = await member_catalog(session=session, state=state, member=member)
            lines = await event_history(session=session, event_id=event_id)
            text = history_text(event_id, lines, catalog=catalog, t=t, zone=state.settings.tz)
        elif verb == "photos":
            photos = await event_photos(session=session, event_id=event_id)
        elif verb == "next":
            following, markup = await next_pending(session, state, speaker)
            done = t._("Event #{id} approved.").format(id=event_id)
            text = "✅ " + escape(done) + "\n\n" + following
            markup = with_undo(markup, event_id, t)
        else:
            text, markup = await _card_view(session, state, event, speaker, verb=verb)
    await answer_press(query)
    if news is not None:
        await tell_member(context, *news)
    if verb == "photos":
        await _send_photos(query.message, photos, event_id=event_id, t=speaker.t)
    elif verb in ("hist", "open"):
        *first, last = split_lines(text)  # a much-edited event's history can pass Telegram's limit
        for chunk in first:
            await query.message.reply_text(chunk)
        await query.message.reply_text(last, reply_markup=markup)
    else:
        await edit_pressed(query, text, markup)


async def _card_view(
    session: AsyncSession, state: AppState, event: Event, speaker: Speaker, *, verb: str
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The event's card after the press: its buttons, ✏️'s field list, 🗑's confirmation, or deleted."""
    assert event.id is not None
    t, member = speaker.t, speaker.active
    assert member is not None
    closing = None
    if verb == "delok":
        await delete_event(session=session, event=event, member=member, now=state.now())
        closing = "🗑 " + t._("Deleted. It no longer counts anywhere; its history is kept.")
    text, photo_total = await _card(session, state, event, member, t, closing=closing)
    if verb == "delok":
        return text, None
    if verb == "edit":
        return text, event_field_chooser(event.id, t=t)
    if verb == "del":
        return text, delete_keyboard(event.id, t=t)
    area = await session.get(Area, event.area_id)
    target = Target(area_path=area.path if area else None, reporter_id=event.reporter_id)
    changeable = event.status != EventStatus.APPROVED and speaker.can(Action.CHANGE_EVENT, target)
    decisions = (
        tuple(d.value for d in Decision if can_decide(event, d))
        if speaker.can(Action.APPROVE, target)
        else ()
    )
    return text, event_keyboard(event.id, photos=photo_total, t=t, changeable=changeable, decisions=decisions)


async def _send_photos(message: Message, photos: list[EventPhoto], *, event_id: int, t: Texts) -> None:
    """The event's photos, in albums of ten; the first of each says whose they are."""
    total = len(photos)
    caption = escape(
        t.n_("Event #{id}: {n} photo", "Event #{id}: {n} photos", total).format(id=event_id, n=total)
    )
    for start in range(0, total, MEDIA_GROUP_SIZE):
        chunk = photos[start : start + MEDIA_GROUP_SIZE]
        if len(chunk) == 1:
            await message.reply_photo(chunk[0].file_id, caption=caption)
        else:
            media = [
                InputMediaPhoto(p.file_id, caption=caption if n == 0 else None) for n, p in enumerate(chunk)
            ]
            await message.reply_media_group(media)


async def _card(
    session: AsyncSession,
    state: AppState,
    event: Event,
    member: Member,
    t: Texts,
    *,
    closing: str | None = None,
) -> tuple[str, int]:
    assert event.id is not None
    catalog = await member_catalog(session=session, state=state, member=member)
    draft = await event_draft(session=session, event=event)
    photos = await photo_count(session=session, event_id=event.id)
    card = event_card(event.id, event.status, draft, catalog=catalog, t=t, photos=photos, closing=closing)
    if event.status == EventStatus.RETURNED and event.status_note:  # what to correct, on the card itself
        card += "\n" + escape(t._("Returned because: {reason}").format(reason=event.status_note))
    return card, photos


async def _open_change(
    session: AsyncSession,
    state: AppState,
    message: Message,
    event: Event,
    member: Member,
    t: Texts,
    *,
    step: Step,
    update_id: int,
) -> None:
    """A draft of the event that asks one field (EDIT) or photos (ATTACH), sent as a new card."""
    mode = DraftMode.ATTACH if step == Step.PHOTOS else DraftMode.EDIT
    row, created = await open_event_draft(
        session=session,
        member=member,
        chat_id=message.chat_id,
        update_id=update_id,
        event=event,
        mode=mode,
        awaiting=step,
        now=state.now(),
    )
    if not created:
        return
    view = await draft_view(session=session, state=state, row=row, member=member, t=t)
    card = await message.reply_text(view.text, reply_markup=view.markup)
    await remember_card(session=session, row=row, message_id=card.message_id)


def with_undo(markup: InlineKeyboardMarkup | None, event_id: int, t: Texts) -> InlineKeyboardMarkup:
    """The next event's buttons, and one to take back the approval just given."""
    label = t._("Un-approve") + f" #{event_id}"
    undo = InlineKeyboardButton(label, callback_data=f"e:{event_id}:unapprove")
    return InlineKeyboardMarkup([*(markup.inline_keyboard if markup else ()), [undo]])


def _event_problem(problem: EventProblem | None, t: Texts) -> str:
    if problem == EventProblem.LOCKED:
        return draft_problem(DraftProblem.LOCKED, t)
    if problem == EventProblem.NOT_YOURS:
        return t._("This event is outside what you may see or change.")
    return t._("This event no longer exists.")


HANDLERS = [
    CommandHandler("my", show_my_events),
    CallbackQueryHandler(press_event, pattern=buttons.EVENT),
]
