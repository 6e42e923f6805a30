"""Logging an event by message: /log with text, /log alone (guided), typed answers, and edits of /log."""

from __future__ import annotations

from html import escape

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import CommandHandler, MessageHandler, filters

from bot.cards import problem_reply
from bot.draft_corrections import keep_which
from bot.draft_view import draft_view, member_catalog
from bot.handlers.approvals import take_return_reason
from bot.members import Speaker, identify
from bot.replies import edit_or_send
from bot.state import Context
from models.events.draft_steps import take_answer
from models.events.drafts import EventDraft, Problem
from models.events.log_drafts import (
    CAMPAIGN,
    DraftMode,
    DraftStatus,
    LogDraft,
    answered_already,
    awaiting_draft,
    draft_for_message,
    open_log_draft,
    remember_card,
)
from models.events.log_flow import answer_step, next_step
from models.events.log_text import LogText, read_log_text
from models.events.open_drafts import other_open_draft
from models.organisation.members import Member

EXAMPLE = "<code>/log 法律大集 3月8日 幸福社区 120人 《民法典手册》300份</code>"


def text_after_command(text: str) -> str:
    """What follows /log (or /log@bot) in a message; the whole text when it is not a command."""
    if not text.startswith("/"):
        return text
    parts = text.split(maxsplit=1)
    return parts[1] if len(parts) > 1 else ""


async def log_command(update: Update, context: Context) -> None:
    """/log with text: parse it into a draft and show its card; /log alone: the guided flow."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or message.text is None:
        return
    if update.edited_message is not None:
        await revise_log(update, context)
        return
    await start_log(
        message, user_id=user.id, context=context, text=text_after_command(message.text), speaker=None
    )


async def start_log(
    message: Message, *, user_id: int, context: Context, text: str, speaker: Speaker | None
) -> None:
    """Open a draft for the message (guided when the text is empty) and show it."""
    state = context.bot_data
    async with state.sessions.begin() as session:
        if speaker is None:
            assert message.from_user is not None
            speaker = await identify(session=session, user=message.from_user, state=state)
        t, member = speaker.t, speaker.active
        if member is None:
            refusal = t._("Only members can log events. Ask your coordinator for an invite link.")
            await message.reply_text(escape(speaker.refusal(refusal)))
            return
        catalog = await member_catalog(session=session, state=state, member=member)
        guided = not text.strip()
        if guided:
            read: LogText | list[Problem] = LogText(EventDraft(area_id=member.area_id), ["area_id"], [])
        else:
            read = read_log_text(text, today=state.today(), catalog=catalog, area_id=member.area_id)
        if not isinstance(read, LogText):
            await message.reply_text(problem_reply(read, t))
            return
        row, created = await open_log_draft(
            session=session,
            member=member,
            chat_id=message.chat_id,
            source_message_id=message.message_id,
            draft=read.draft,
            defaulted=read.defaulted,
            unknown=read.unknown,
            now=state.now(),
            mode=DraftMode.GUIDED if guided else DraftMode.MESSAGE,
            awaiting=CAMPAIGN if read.campaign_total else "first",
        )
        if not created and row.card_message_id is not None:
            return  # the same message delivered again: its card is already there
        view = await draft_view(
            session=session, state=state, row=row, member=member, t=t, photos=0 if created else None
        )
        # Sent inside the transaction, so the draft and the id of its card are stored together: if the
        # send fails nothing is kept, and a second delivery of the message waits here and then finds both.
        text, markup = view.text, view.markup
        assert member.id is not None and row.id is not None
        other = await other_open_draft(
            session=session, member_id=member.id, chat_id=message.chat_id, excluding=row.id, now=state.now()
        )
        if other is not None and markup is not None:  # nothing open is dropped without asking
            question, buttons = keep_which(other, row, t)
            text, markup = text + "\n\n" + question, InlineKeyboardMarkup([*markup.inline_keyboard, *buttons])
        card = await message.reply_text(text, reply_markup=markup)
        await remember_card(session=session, row=row, message_id=card.message_id)


async def revise_log(update: Update, context: Context) -> None:
    """An edited /log message: read it again and update its open draft's card."""
    user, message = update.effective_user, update.edited_message
    if user is None or message is None or message.text is None:
        return
    state = context.bot_data
    async with state.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=state)
        t, member = speaker.t, speaker.active
        row = await draft_for_message(session=session, chat_id=message.chat_id, message_id=message.message_id)
        if member is None or row is None or row.member_id != member.id or row.mode != DraftMode.MESSAGE:
            return
        if row.status != DraftStatus.OPEN:
            await message.reply_text(
                escape(t._("This event is already saved or cancelled; change it from /my instead."))
            )
            return
        catalog = await member_catalog(session=session, state=state, member=member)
        read = read_log_text(
            text_after_command(message.text), today=state.today(), catalog=catalog, area_id=member.area_id
        )
        if not isinstance(read, LogText):
            await message.reply_text(problem_reply(read, t, saved_nothing=False))
            return
        row.draft, row.defaulted, row.unknown, row.failures = read.draft, read.defaulted, read.unknown, 0
        step = next_step(read.draft, None, guided=False)
        row.awaiting = CAMPAIGN if read.campaign_total else step.value if step else None
        view = await draft_view(session=session, state=state, row=row, member=member, t=t)
        card_id = row.card_message_id
    await edit_or_send(context.bot, message, card_id, view.text, view.markup)


async def plain_text(update: Update, context: Context) -> None:
    """Text that is not a command: the answer to the step the bot asked, or (in private) a new log."""
    user, message = update.effective_user, update.message
    if user is None or message is None or message.text is None:
        return
    state = context.bot_data
    private = message.chat.type == "private"
    async with state.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=state)
        member = speaker.active
        row = None
        if member is not None and member.id is not None:
            if await answered_already(
                session=session, member_id=member.id, chat_id=message.chat_id, message_id=message.message_id
            ):
                return  # this message was an answer already: the same update, delivered again
            row = await awaiting_draft(
                session=session, member=member, chat_id=message.chat_id, now=state.now()
            )
        # In a group, only a reply to the bot's question is an answer: the rest is the group's own talk.
        replied = message.reply_to_message.message_id if message.reply_to_message else None
        if row is not None and (private or (replied is not None and replied == row.card_message_id)):
            assert member is not None
            row.last_answer_id = message.message_id
            if row.mode == DraftMode.RETURN:
                await take_return_reason(message, row=row, speaker=speaker, context=context, session=session)
            else:
                await answer_draft(
                    message, row=row, member=member, speaker=speaker, context=context, session=session
                )
            return
    if private:
        await start_log(message, user_id=user.id, context=context, text=message.text, speaker=speaker)


async def answer_draft(
    message: Message,
    *,
    row: LogDraft,
    member: Member,
    speaker: Speaker,
    context: Context,
    session: AsyncSession,
) -> None:
    """Fill the awaited step from the typed text; re-ask with the reason when it does not fit."""
    state, t = context.bot_data, speaker.t
    step = row.step
    assert step is not None and message.text is not None
    catalog = await member_catalog(session=session, state=state, member=member)
    answer = answer_step(
        row.draft,
        step,
        message.text,
        today=state.today(),
        catalog=catalog,
        material_title=row.material_title,
        replace=row.mode == DraftMode.EDIT or row.return_to_card,  # a fix from the card replaces
    )
    take_answer(row, step, answer)
    view = await draft_view(session=session, state=state, row=row, member=member, t=t)
    prefix = "" if answer.ok else problem_reply(answer.problems, t, saved_nothing=False) + "\n\n"
    card = await message.reply_text(prefix + view.text, reply_markup=view.markup)
    row.card_message_id = card.message_id


HANDLERS = [
    CommandHandler("log", log_command),
    # New messages only: an edited answer must not count twice; edited /log is handled above.
    MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, plain_text),
]
