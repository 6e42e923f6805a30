"""Corrections pressed on a draft: 🗑 a material line, 取消 one step back, which draft to keep, a campaign."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.draft_outcome import Outcome
from bot.i18n import Texts
from bot.state import AppState
from models.events.draft_steps import cancel_draft, mark_campaign, remove_material, step_up
from models.events.log_drafts import CAMPAIGN, LogDraft
from models.events.open_drafts import own_open_draft
from models.organisation.members import Member

FIX_VERBS = ("rm", "up", "camp", "drop", "prev")


async def correct(
    session: AsyncSession, state: AppState, row: LogDraft, member: Member, t: Texts, *, verb: str, arg: str
) -> Outcome:
    """Do what the correction button says; a button of an older card changes nothing."""
    stale = Outcome(notice=t._("This card is out of date; use the latest one."), redraw=False)
    if verb == "rm":
        index, key = arg.split("-")
        if row.step is not None or not remove_material(row, int(index), key):
            return stale
        return Outcome(notice=t._("Removed."))
    if verb == "up":
        if row.step is None or row.step.value != arg:
            return stale
        step_up(row)
        return Outcome()
    if verb == "camp":
        if row.awaiting != CAMPAIGN:
            return stale
        mark_campaign(row)
        return Outcome()
    assert member.id is not None
    other = await own_open_draft(session=session, member_id=member.id, draft_id=int(arg), now=state.now())
    if other is None or other.id == row.id:
        return Outcome(notice=t._("That draft is already closed."), redraw=False)
    if verb == "drop":  # keep this one
        cancel_draft(other)
        return Outcome(notice=t._("The earlier draft was dropped."))
    cancel_draft(row)  # "prev": back to the earlier one, shown in this message
    return Outcome(notice=t._("This draft was dropped; here is the earlier one."), show=other)
