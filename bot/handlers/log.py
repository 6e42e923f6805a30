"""/log: one message → a confirmation card → ✅ saves the event; missing fields are asked for."""

from __future__ import annotations

from html import escape

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.cards import draft_card, problem_reply
from bot.i18n import Texts
from bot.keyboards import draft_keyboard
from bot.members import identify
from bot.state import Context
from models.drafts import Count
from models.events import Event
from models.log_drafts import (
    DraftProblem,
    awaiting_draft,
    cancel_draft,
    fill_draft,
    open_draft_for,
    open_log_draft,
    remember_card,
    save_draft,
    with_defaults,
)
from models.parsing import parse_event_text
from models.parsing.numbers import parse_count


async def log_event(update: Update, context: Context) -> None:
    """Parse the text after /log into a draft and show its card."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or message.text is None:
        return
    state = context.bot_data
    text = _after_command(message.text)
    async with state.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=state)
        t, member = speaker.t, speaker.active
        if member is None:
            await message.reply_text(
                escape(t._("Only members can log events. Ask your coordinator for an invite link."))
            )
            return
        if not text.strip():
            await message.reply_text(escape(t._("Write what happened after /log, for example:")) + _EXAMPLE)
            return
        catalog = await state.catalog(session=session)
        result = parse_event_text(text, today=state.today(), catalog=catalog)
        if result.problems:
            await message.reply_text(problem_reply(result.problems, t))
            return
        draft, defaulted = with_defaults(result.draft, today=state.today(), area_id=member.area_id)
        if result.unknown and not draft.note:
            draft.note = " ".join(result.unknown)
        row, created = await open_log_draft(
            session=session,
            member=member,
            chat_id=message.chat_id,
            source_message_id=message.message_id,
            draft=draft,
            defaulted=defaulted,
            unknown=result.unknown,
            now=state.now(),
        )
    if not created and row.card_message_id is not None:
        return  # the same message delivered again: its card is already there
    card = await message.reply_text(
        draft_card(row, catalog=catalog, t=t), reply_markup=draft_keyboard(row, catalog=catalog, t=t)
    )
    assert row.id is not None
    async with state.sessions.begin() as session:
        await remember_card(session=session, draft_id=row.id, message_id=card.message_id)


_EXAMPLE = "\n<code>/log 法律大集 3月8日 幸福社区 120人 《民法典手册》300份</code>"


def _after_command(text: str) -> str:
    parts = text.split(maxsplit=1)
    return parts[1] if len(parts) > 1 and parts[0].startswith("/") else ("" if text.startswith("/") else text)


async def answer_field(update: Update, context: Context) -> None:
    """A plain text reply fills the field the bot asked for (attendance)."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or message.text is None:
        return
    state = context.bot_data
    async with state.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=state)
        t, member = speaker.t, speaker.active
        if member is None:
            return
        row = await awaiting_draft(session=session, member=member, chat_id=message.chat_id, now=state.now())
        if row is None or row.awaiting != "attendance":
            return
        answer = parse_count(message.text)
        if isinstance(answer, Count):
            fill_draft(row, attendance=answer)
            catalog = await state.catalog(session=session)
            reply, markup = draft_card(row, catalog=catalog, t=t), draft_keyboard(row, catalog=catalog, t=t)
    if not isinstance(answer, Count):
        await message.reply_text(problem_reply([answer], t, saved_nothing=False))
        return
    await message.reply_text(reply, reply_markup=markup)


async def press_draft_button(update: Update, context: Context) -> None:
    """✅ saves, ❌ cancels, a kind button fills the kind; each checks again whose draft it is."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None or query.data is None:
        return
    _feature, action, draft_id, *arg = query.data.split(":")
    state = context.bot_data
    markup: InlineKeyboardMarkup | None = None
    async with state.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=state)
        t, member = speaker.t, speaker.active
        if member is None:
            await _answer(query, t._("Only members can do this."), show_alert=True)
            return
        access = await open_draft_for(session=session, draft_id=int(draft_id), member=member, now=state.now())
        if access.problem is not None or access.draft is None:
            await _answer(query, _draft_problem(access.problem, t), show_alert=True)
            return
        row = access.draft
        catalog = await state.catalog(session=session)
        if action == "save":
            saved = await save_draft(session=session, row=row, member=member)
            if not isinstance(saved, Event):
                await _answer(query, _draft_problem(saved, t), show_alert=True)
                return
            notice = t._("Saved as event #{id}.").format(id=saved.id)
            card = draft_card(row, catalog=catalog, t=t, closing="✅ " + notice)
        elif action == "cancel":
            cancel_draft(row)
            notice = t._("Cancelled; nothing was saved.")
            card = draft_card(row, catalog=catalog, t=t, closing="❌ " + notice)
        elif action == "kind" and arg and arg[0] in {k.code for k in catalog.kinds}:
            fill_draft(row, kind=arg[0])
            notice = ""
            card, markup = draft_card(row, catalog=catalog, t=t), draft_keyboard(row, catalog=catalog, t=t)
        else:
            await _answer(query, t._("This card has expired."), show_alert=True)
            return
    await _answer(query, notice or None)
    await _edit_card(query, card, markup)


async def _answer(query: CallbackQuery, text: str | None = None, *, show_alert: bool = False) -> None:
    try:
        await query.answer(text, show_alert=show_alert)
    except BadRequest as error:
        # A redelivered press carries a query that was answered already, or has timed out.
        if "query is too old" not in error.message.lower():
            raise


async def _edit_card(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    if not isinstance(query.message, Message):
        return  # too old for Telegram to hand back; the press itself has been answered
    try:
        await query.message.edit_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in error.message:
            raise


def _draft_problem(problem: DraftProblem | None, t: Texts) -> str:
    return {
        DraftProblem.NOT_FOUND: t._("This card has expired."),
        DraftProblem.NOT_YOURS: t._("This card belongs to someone else; nothing was changed."),
        DraftProblem.EXPIRED: t._("This draft expired; send /log again."),
        DraftProblem.ALREADY_SAVED: t._("Already saved."),
        DraftProblem.CANCELLED: t._("This draft was cancelled; send /log again."),
        DraftProblem.INCOMPLETE: t._("Some required fields are still missing."),
        DraftProblem.KIND_GONE: t._("That kind of event is no longer in the catalogue; send /log again."),
        None: t._("This card has expired."),
    }[problem]


HANDLERS = [
    CommandHandler("log", log_event),
    CallbackQueryHandler(press_draft_button, pattern=r"^log:(save|cancel|kind):\d+(:[a-z_]+)?$"),
    MessageHandler(filters.TEXT & ~filters.COMMAND, answer_field),
]
