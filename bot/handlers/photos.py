"""Photos: a captioned photo or album is an event; other photos go to the draft or event waiting for them."""

from __future__ import annotations

from html import escape

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Message, Update
from telegram.ext import MessageHandler, filters

from bot.cards import problem_reply
from bot.draft_view import draft_view, member_catalog
from bot.handlers.log import text_after_command
from bot.i18n import Texts
from bot.members import identify
from bot.replies import edit_or_send
from bot.state import AppState, Context
from models.events.changes import record_photos_added
from models.events.drafts import EventDraft
from models.events.log_drafts import (
    DraftMode,
    DraftStatus,
    LogDraft,
    album_draft,
    awaiting_draft,
    open_log_draft,
    remember_card,
)
from models.events.log_flow import Step, next_step
from models.events.log_text import LogText, read_log_text
from models.events.photos import PhotoIn, add_photo, photo_count
from models.events.records import Event, EventStatus
from models.organisation.members import Member


def photo_of(message: Message) -> PhotoIn:
    largest = message.photo[-1]  # Telegram lists the sizes smallest first
    return PhotoIn(
        file_id=largest.file_id,
        file_unique_id=largest.file_unique_id,
        width=largest.width,
        height=largest.height,
        file_size=largest.file_size,
        message_id=message.message_id,
    )


async def photo_message(update: Update, context: Context) -> None:
    user, message = update.effective_user, update.message
    if user is None or message is None or not message.photo:
        return
    state = context.bot_data
    private = message.chat.type == "private"
    replied = message.reply_to_message
    if (
        not private
        and not (message.caption or "").startswith("/log")
        and not (replied and replied.from_user and replied.from_user.is_bot)
    ):
        return  # in a group, a photo is the group's own unless it is a /log or answers the bot
    caption = text_after_command(message.caption or "").strip()
    async with state.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=state)
        t, member = speaker.t, speaker.active
        if member is None:
            if private:
                refusal = t._("Only members can log events. Ask your coordinator for an invite link.")
                await message.reply_text(escape(speaker.refusal(refusal)))
            return
        if caption:
            row = await _draft_from_caption(session, state, message, member, t, caption)
        else:
            row = await _waiting_draft(session, state, message, member)
        if row is None:
            if private and not caption:  # a refused caption has had its reply already
                hint = t._(
                    "To log an event with photos, write it in the photo's caption, or send /log first."
                )
                await message.reply_text(escape(hint))
            return
        assert row.id is not None
        if row.mode == DraftMode.ATTACH:
            added = await _attach_to_event(session, state, row, member, message)
            if row.status == DraftStatus.CANCELLED:
                locked = t._("This event is approved and locked; ask a coordinator to un-approve it first.")
                await message.reply_text(escape(locked))
                return
        else:
            added = await add_photo(session=session, photo=photo_of(message), draft_id=row.id)
        if _awaits_caption(row):
            return  # an album whose caption has not come yet: its card comes with the caption
        if not added and row.card_message_id is not None:
            return  # the same photo delivered again: the card shows it already
        view = await draft_view(session=session, state=state, row=row, member=member, t=t)
        card_id = row.card_message_id
    new_card = await edit_or_send(context.bot, message, card_id, view.text, view.markup)
    if new_card != card_id:
        async with state.sessions.begin() as session:
            await remember_card(session=session, row=row, message_id=new_card)


def _awaits_caption(row: LogDraft) -> bool:
    return row.mode == DraftMode.ALBUM and row.awaiting is None and not row.payload


async def _draft_from_caption(
    session: AsyncSession, state: AppState, message: Message, member: Member, t: Texts, caption: str
) -> LogDraft | None:
    """The caption is a log text: a new draft, or the album's draft that its other photos opened."""
    catalog = await member_catalog(session=session, state=state, member=member)
    read = read_log_text(caption, today=state.today(), catalog=catalog, area_id=member.area_id)
    if not isinstance(read, LogText):
        await message.reply_text(problem_reply(read, t))
        return None
    group = message.media_group_id
    row = await album_draft(session=session, chat_id=message.chat_id, media_group_id=group) if group else None
    if row is None:
        row, _created = await open_log_draft(
            session=session,
            member=member,
            chat_id=message.chat_id,
            source_message_id=message.message_id,
            draft=read.draft,
            defaulted=read.defaulted,
            unknown=read.unknown,
            now=state.now(),
            mode=DraftMode.ALBUM if group else DraftMode.MESSAGE,
            media_group_id=group,
        )
    elif _awaits_caption(row):
        row.draft, row.defaulted, row.unknown = read.draft, read.defaulted, read.unknown
        step = next_step(read.draft, None, guided=False)
        row.awaiting = step.value if step else None
    return row


async def _waiting_draft(
    session: AsyncSession, state: AppState, message: Message, member: Member
) -> LogDraft | None:
    """Where a photo without a caption goes: its album's draft, else a draft or event asking for photos."""
    group = message.media_group_id
    if group:
        row = await album_draft(session=session, chat_id=message.chat_id, media_group_id=group)
        if row is not None:
            return row
    waiting = await awaiting_draft(session=session, member=member, chat_id=message.chat_id, now=state.now())
    if waiting is not None and waiting.step == Step.PHOTOS:
        if group and waiting.media_group_id is None:
            waiting.media_group_id = group  # the album's next photos find it by its group
        return waiting
    if not group:
        return None
    # An album's first photo without the caption: hold its photos until the captioned one arrives.
    row, created = await open_log_draft(
        session=session,
        member=member,
        chat_id=message.chat_id,
        source_message_id=message.message_id,
        draft=EventDraft(),
        defaulted=[],
        unknown=[],
        now=state.now(),
        mode=DraftMode.ALBUM,
        awaiting=None,
        media_group_id=group,
    )
    if created:
        row.payload = {}  # no log text yet: see _awaits_caption
    return row


async def _attach_to_event(
    session: AsyncSession, state: AppState, row: LogDraft, member: Member, message: Message
) -> bool:
    event = await session.get(Event, row.event_id, with_for_update=True)
    if event is None or event.deleted or event.status == EventStatus.APPROVED:
        row.status, row.awaiting = DraftStatus.CANCELLED, None  # locked meanwhile: stop collecting
        return False
    before = await photo_count(session=session, event_id=event.id)
    if not await add_photo(session=session, photo=photo_of(message), event_id=event.id):
        return False
    await record_photos_added(
        session=session, event=event, member=member, before=before, after=before + 1, now=state.now()
    )
    return True


HANDLERS = [MessageHandler(filters.UpdateType.MESSAGE & filters.PHOTO, photo_message)]
