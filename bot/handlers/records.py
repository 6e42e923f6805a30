"""活动记录表: 📄 on an event's card sends its sheet; 📎 under /export sends a period's sheets and photos.

The photos are fetched from Telegram by file id; the files are written in the render pool. A period
larger than one upload is said with its size first, then sent in parts that each fit.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from html import escape

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Bot, Message, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler

from bot import buttons
from bot.filenames import document_name
from bot.i18n import Texts
from bot.members import identify
from bot.record_files import PHOTOS_SHOWN, TELEGRAM_LIMIT_MB, FetchedSheet, record_docx, record_zip_parts
from bot.render_pool import RenderBusy
from bot.replies import answer_press
from bot.state import AppState, Context
from models.events.changes import EventProblem, event_for
from models.organisation.areas import Area
from models.parsing.periods import Period
from models.reporting.record_sheets import RecordSheet, event_record, period_records

MB = 1_000_000


async def press_record(update: Update, context: Context) -> None:
    """📄 on an event's card: the event's 活动记录表 with up to six photos."""
    query, user = update.callback_query, update.effective_user
    press = buttons.RECORD.read(query.data) if query else None
    if query is None or user is None or press is None or not isinstance(query.message, Message):
        return
    state, event_id = context.bot_data, int(press["id"])
    async with state.sessions() as session:
        speaker = await identify(session=session, user=user, state=state)
        t = speaker.t
        if speaker.active is None:
            await answer_press(query, speaker.refusal(t._("Only members can do this.")), alert=True)
            return
        access = await event_for(session=session, event_id=event_id, actor=speaker.actor)
        sheet = await event_record(session=session, event_id=event_id) if access.problem is None else None
    if sheet is None:
        await answer_press(query, event_problem(access.problem, t), alert=True)
        return
    await answer_press(query)
    fetched = await _fetched(context.bot, sheet, limit=PHOTOS_SHOWN)
    try:
        docx = await state.renders.run(record_docx, fetched)
    except RenderBusy as busy:
        await say_busy(query.message, t, busy)
        return
    await query.message.reply_document(docx, filename=f"活动记录表-{event_id}.docx")


async def send_record_zip(
    session: AsyncSession,
    state: AppState,
    bot: Bot,
    message: Message,
    *,
    period: Period,
    area: Area,
    t: Texts,
) -> None:
    """The period's record sheets and photos as .zip parts; the size is said first when it needs parts."""

    await session.commit()  # no write lock held through the long read (see bot/handlers/ledger_files.py)

    async def fetched() -> AsyncIterator[list[FetchedSheet]]:
        async for batch in period_records(session=session, period=period, area=area):
            for sheet in batch:  # one event at a time: the writer is a few events' photos behind at most
                yield [await _fetched(bot, sheet)]

    parts = await state.renders.run_fed(record_zip_parts, fetched())
    if not parts:
        await message.reply_text(escape(t._("No events in this period, so no record sheets.")))
        return
    events, photos = sum(p.events for p in parts), sum(p.photos for p in parts)
    if len(parts) > 1:
        size = sum(p.size for p in parts)
        text = t._(
            "The record sheets of {n} events with {photos} photos come to {size} MB, more than Telegram "
            "takes in one file ({limit} MB); I send them in {parts} parts."
        ).format(n=events, photos=photos, size=round(size / MB), limit=TELEGRAM_LIMIT_MB, parts=len(parts))
        await message.reply_text(escape(text))
    try:
        for number, part in enumerate(parts, start=1):
            variant = f"{number}of{len(parts)}" if len(parts) > 1 else ""
            fallback = f"area{area.id}"
            name = document_name("活动记录表", area.name, period, "zip", fallback=fallback, variant=variant)
            caption = t._("Record sheets, part {part} of {parts}: events {n}, photos {photos}").format(
                part=number, parts=len(parts), n=part.events, photos=part.photos
            )
            content = part.read()
            part.file.close()
            await message.reply_document(content, filename=name, caption=escape(caption))
    finally:
        for part in parts:
            part.file.close()  # the temporary files go, even when a send failed


async def _fetched(bot: Bot, sheet: RecordSheet, *, limit: int | None = None) -> FetchedSheet:
    """The sheet with its photos, fetched at the same time."""
    photos = await asyncio.gather(*(_photo(bot, p.file_id) for p in sheet.photos[:limit]))
    return FetchedSheet(sheet, list(photos))


async def _photo(bot: Bot, file_id: str) -> bytes | None:
    """A photo's bytes from Telegram; None when it cannot be had (the sheet says so in its place)."""
    try:
        return bytes(await (await bot.get_file(file_id)).download_as_bytearray())
    except TelegramError:
        return None


def event_problem(problem: EventProblem | None, t: Texts) -> str:
    if problem == EventProblem.NOT_YOURS:
        return t._("This event is outside what you may see or change.")
    return t._("This event no longer exists.")


async def say_busy(message: Message, t: Texts, busy: RenderBusy) -> None:
    text = t._("I am busy drawing charts and documents for others. Please try again in {seconds} s.")
    await message.reply_text(escape(text.format(seconds=busy.retry_after)))


HANDLERS = [CallbackQueryHandler(press_record, pattern=buttons.RECORD)]
