"""/areas for admins: the tree, and add / rename / move / retire by name (or #id)."""

from __future__ import annotations

from html import escape

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import CommandHandler

from bot.i18n import Texts
from bot.members import identify
from bot.private import reply_privately
from bot.state import Context
from models.organisation.area_tree import MAX_NAME, all_areas, find_area, move_area, retire_area
from models.organisation.areas import Area, add_area, ensure_root_area
from models.organisation.permissions import Action


def usage_lines(t: Texts) -> list[str]:
    """How to use /areas, in the member's language (the words after /areas stay as typed: add, in …)."""
    return [
        t._("/areas add NAME [in PARENT]"),
        t._("/areas rename NAME NEW-NAME"),
        t._("/areas move NAME in PARENT"),
        t._("/areas retire NAME"),
    ]


async def manage_areas(update: Update, context: Context) -> None:
    user = update.effective_user
    if user is None:
        return
    state = context.bot_data
    words = context.args or []
    async with state.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=state)
        t = speaker.t
        if not speaker.can(Action.MANAGE_AREAS):
            refusal = speaker.refusal(t._("Only admins manage the area tree."))
            await reply_privately(update, context, t, escape(refusal))
            return
        reply = await _act(session, t, words)
        if reply is None:
            areas = await all_areas(session=session)
            top = min((a.path.count("/") for a in areas), default=0)
            tree = [
                "　" * (a.path.count("/") - top)
                + f"{a.name} #{a.id}"
                + (" " + t._("(retired)") if a.retired else "")
                for a in areas
            ]
            reply = "\n".join([*tree, "", *usage_lines(t)])
        state.forget_catalog()  # the parser knows areas by name
    await reply_privately(update, context, t, escape(reply))


async def _act(session: AsyncSession, t: Texts, words: list[str]) -> str | None:
    """Do the sub-command; the reply, or None to show the tree."""
    if not words:
        return None
    verb, rest = words[0], words[1:]
    if verb == "add" and rest:
        name = rest[0]
        parent_ref = rest[2] if len(rest) >= 3 and rest[1] == "in" else None
        parent = await _one(session, parent_ref) if parent_ref else await ensure_root_area(session=session)
        if not isinstance(parent, Area):
            return parent or t._("No such area: {name}").format(name=parent_ref)
        if len(name) > MAX_NAME:
            return t._("An area's name has at most {n} characters.").format(n=MAX_NAME)
        added = await add_area(session=session, name=name, parent=parent)
        return t._("Added {name} (#{id}).").format(name=added.name, id=added.id)
    if verb == "rename" and len(rest) == 2:
        renamed = await _one(session, rest[0])
        if not isinstance(renamed, Area):
            return renamed or t._("No such area: {name}").format(name=rest[0])
        renamed.name = rest[1][:MAX_NAME]
        return t._("Renamed to {name}.").format(name=renamed.name)
    if verb == "move" and len(rest) == 3 and rest[1] == "in":
        moved, under = await _one(session, rest[0]), await _one(session, rest[2])
        if not isinstance(moved, Area) or not isinstance(under, Area):
            return t._("Name each area once, e.g. #12 when two have the same name.")
        if not await move_area(session=session, area=moved, parent=under):
            return t._("An area cannot move under itself.")
        return t._("Moved {name} under {parent}.").format(name=moved.name, parent=under.name)
    if verb == "retire" and len(rest) == 1:
        retired = await _one(session, rest[0])
        if not isinstance(retired, Area):
            return retired or t._("No such area: {name}").format(name=rest[0])
        if retired.parent_id is None:
            return t._("The district itself cannot be retired.")
        kept = await retire_area(session=session, area=retired)
        kept_text = t.n_(
            "Retired {name}; its {n} event is kept.", "Retired {name}; its {n} events are kept.", kept
        )
        return kept_text.format(name=retired.name, n=kept)
    return t._("I did not understand. Use:") + "\n" + "\n".join(usage_lines(t))


async def _one(session: AsyncSession, ref: str) -> Area | str:
    """The one area `ref` names, or "" when none does, or the candidates when several do."""
    found = await find_area(session=session, ref=ref)
    if len(found) > 1:
        return "; ".join(f"{a.name} #{a.id}" for a in found)
    return found[0] if found else ""


HANDLERS = [CommandHandler("areas", manage_areas)]
