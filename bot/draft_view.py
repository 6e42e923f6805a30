"""A draft as shown in Telegram: its card or step question and its buttons, read from the database."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardMarkup

from bot.cards import draft_card
from bot.draft_corrections import campaign_question, current_value
from bot.i18n import Texts
from bot.keyboards import draft_keyboard, field_chooser
from bot.state import AppState
from models.catalog.entries import AreaEntry, Catalog
from models.events.changes import event_draft
from models.events.log_drafts import CAMPAIGN, DraftMode, DraftStatus, LogDraft
from models.events.photos import photo_count
from models.events.records import Event
from models.organisation.members import Member


@dataclass(frozen=True)
class DraftView:
    text: str
    markup: InlineKeyboardMarkup | None


def choosable_areas(catalog: Catalog, home_id: int) -> tuple[AreaEntry, ...]:
    """The member's own area and the areas right under it: the place step's buttons."""
    home = next((a for a in catalog.areas if a.id == home_id), None)
    if home is None:
        return ()
    depth = home.path.count("/")
    children = tuple(
        a for a in catalog.areas if a.path.startswith(home.path) and a.path.count("/") == depth + 1
    )
    return (home, *children)


async def member_catalog(*, session: AsyncSession, state: AppState, member: Member) -> Catalog:
    """The catalogue with the areas this member may log into."""
    return (await state.catalog(session=session)).within(member.area_id)


async def draft_view(
    *,
    session: AsyncSession,
    state: AppState,
    row: LogDraft,
    member: Member,
    t: Texts,
    closing: str | None = None,
    choosing_field: bool = False,
    photos: int | None = None,
) -> DraftView:
    """Render the draft's current state; `closing` ends it (no buttons), `choosing_field` shows ✏️'s list."""
    catalog = await member_catalog(session=session, state=state, member=member)
    assert row.id is not None
    if photos is None:  # else the caller knows: a draft opened just now has none
        # A saved draft's photos are its event's now; photos being attached belong to the event too.
        by_event = row.mode == DraftMode.ATTACH or row.status == DraftStatus.SAVED
        owner = {"event_id": row.event_id} if by_event else {"draft_id": row.id}
        photos = await photo_count(session=session, **owner)
    before = None
    if row.mode == DraftMode.EDIT and row.event_id is not None:
        event = await session.get(Event, row.event_id)
        before = await event_draft(session=session, event=event) if event else None
    text = draft_card(row, catalog=catalog, t=t, photos=photos, closing=closing, before=before)
    if closing is None and (now := current_value(row, catalog=catalog, t=t)) is not None:
        text += "\n" + now
    if closing is not None:
        return DraftView(text, None)
    if choosing_field:
        return DraftView(text, field_chooser(row, t=t))
    if row.awaiting == CAMPAIGN:
        question, markup = campaign_question(row, t)
        return DraftView(text + "\n\n" + question, markup)
    areas = choosable_areas(catalog, member.area_id)
    return DraftView(text, draft_keyboard(row, catalog=catalog, t=t, today=state.today(), areas=areas))
