"""/materials: the titles workers wrote that the catalogue does not know, and ✅ to take one in."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import buttons
from bot.cards import bold
from bot.i18n import Texts
from bot.members import Speaker, identify
from bot.private import reply_privately
from bot.state import Context
from models.catalog.curation import NewTitle, accept_title, new_titles
from models.organisation.areas import Area
from models.organisation.permissions import Action


def titles_text(titles: list[NewTitle], t: Texts) -> str:
    if not titles:
        return escape(t._("Every material title in your area is in the catalogue."))
    lines = [bold(t._("Titles workers wrote that the catalogue does not know yet"))]
    for item in titles:
        line = t.n_(
            "{title}: {events} event, {quantity} in all",
            "{title}: {events} events, {quantity} in all",
            item.events,
        ).format(title=item.title, events=item.events, quantity=item.quantity)
        if item.grouped_under:
            line += " " + t._("(counted under {title})").format(title=item.grouped_under)
        lines.append("• " + escape(line))
    lines.append(escape(t._("Tap a title to take it into the catalogue: later messages will recognise it.")))
    return "\n".join(lines)


def titles_keyboard(titles: list[NewTitle]) -> InlineKeyboardMarkup | None:
    if not titles:
        return None
    rows = [
        [InlineKeyboardButton("✅ " + item.title[:40], callback_data=f"c:{item.material_id}:ok")]
        for item in titles
    ]
    return InlineKeyboardMarkup(rows)


async def _titles(context: Context, speaker: Speaker) -> list[NewTitle] | None:
    """The member's area's new titles, or None when they may not curate the catalogue."""
    actor = speaker.actor
    if actor is None or not speaker.can_in_own_area(Action.APPROVE):
        return None
    async with context.bot_data.sessions() as session:
        member = speaker.active
        area = await session.get(Area, member.area_id) if member else None
        return await new_titles(session=session, area=area) if area else None


async def show_new_titles(update: Update, context: Context) -> None:
    user = update.effective_user
    if user is None:
        return
    async with context.bot_data.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=context.bot_data)
    titles = await _titles(context, speaker)
    t = speaker.t
    if titles is None:
        refusal = speaker.refusal(t._("Only coordinators and admins take titles into the catalogue."))
        await reply_privately(update, context, t, escape(refusal))
        return
    await reply_privately(update, context, t, titles_text(titles, t), titles_keyboard(titles))


async def press_accept(update: Update, context: Context) -> None:
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    found = buttons.CATALOG.read(query.data)
    assert found is not None  # the handler's pattern is the schema
    async with context.bot_data.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=context.bot_data)
        t = speaker.t
        if not speaker.can_in_own_area(Action.APPROVE):
            await query.answer(
                speaker.refusal(t._("Only coordinators and admins take titles into the catalogue."))
            )
            return
        accepted = await accept_title(session=session, material_id=int(found["id"]))
    if accepted is None:
        await query.answer(t._("That title is in the catalogue already."))
    else:
        context.bot_data.forget_catalog()
        await query.answer(t._("Taken in: {title}").format(title=accepted.title))
    titles = await _titles(context, speaker) or []
    if query.message is not None:
        await query.edit_message_text(titles_text(titles, t), reply_markup=titles_keyboard(titles))


HANDLERS = [
    CommandHandler("materials", show_new_titles),
    CallbackQueryHandler(press_accept, pattern=buttons.CATALOG),
]
