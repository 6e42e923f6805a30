"""/reportnames for admins: the names an area's report uses (unit, Party committee, study group, meeting).

/reportnames                        the names of the admin's own area
/reportnames 城东街道                 the names of another area (or #12)
/reportnames [城东街道] 中心组 街道党工委理论学习中心组    set one; "-" clears it
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import CommandHandler

from bot.i18n import Texts
from bot.members import Speaker, identify
from bot.private import reply_privately
from bot.state import Context
from models.organisation.area_tree import find_area
from models.organisation.areas import Area
from models.organisation.permissions import Action, Target
from models.reporting.report_names import MAX_NAME, NameField, ReportNames, report_names, set_report_name

# What an admin may call each name, in either language.
FIELD_WORDS = {
    "单位": NameField.UNIT,
    "unit": NameField.UNIT,
    "党委": NameField.COMMITTEE,
    "committee": NameField.COMMITTEE,
    "中心组": NameField.STUDY_GROUP,
    "study_group": NameField.STUDY_GROUP,
    "会议": NameField.MEETING,
    "meeting": NameField.MEETING,
}
CLEAR = "-"


async def manage_report_names(update: Update, context: Context) -> None:
    user = update.effective_user
    if user is None:
        return
    state = context.bot_data
    words = list(context.args or [])
    async with state.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=state)
        t = speaker.t
        if speaker.active is None or not speaker.can(Action.MANAGE_AREAS):
            refusal = speaker.refusal(t._("Only admins set the names the report uses."))
            await reply_privately(update, context, t, escape(refusal))
            return
        reply = await _act(session, speaker, words, now_of=state.now)
    await reply_privately(update, context, t, reply)


async def _act(
    session: AsyncSession, speaker: Speaker, words: list[str], *, now_of: Callable[[], datetime]
) -> str:
    """Show or set; the reply as Telegram HTML."""
    t, member = speaker.t, speaker.active
    assert member is not None
    area: Area | None = await session.get(Area, member.area_id)
    if words and words[0].lower() not in FIELD_WORDS:
        found = await find_area(session=session, ref=words.pop(0))
        if len(found) != 1:
            return escape(t._("Name one area, e.g. #12 when two have the same name."))
        area = found[0]
    if area is None or area.id is None or not speaker.can(Action.MANAGE_AREAS, Target(area_path=area.path)):
        return escape(t._("You cannot see this area's figures."))
    if not words:
        return _card(area, await report_names(session=session, area_id=area.id), t)
    field = FIELD_WORDS.get(words[0].lower())
    value = " ".join(words[1:]).strip()
    if field is None or not value:
        return _card(area, await report_names(session=session, area_id=area.id), t)
    if len(value) > MAX_NAME:
        return escape(t._("A name has at most {n} characters.").format(n=MAX_NAME))
    names = await set_report_name(
        session=session,
        area_id=area.id,
        field=field,
        value=None if value == CLEAR else value,
        member_id=member.id,
        now=now_of(),
    )
    return escape(t._("Saved.")) + "\n\n" + _card(area, names, t)


def _card(area: Area, names: ReportNames, t: Texts) -> str:
    unset = t._("(not set)")
    lines = [
        "<b>" + escape(t._("The names {area}'s report uses").format(area=area.name)) + "</b>",
        escape(t._("Unit: {name}").format(name=names.unit or unset)),
        escape(t._("Party committee: {name}").format(name=names.committee or unset)),
        escape(t._("Study group: {name}").format(name=names.study_group or unset)),
        escape(t._("Meeting that studies law first: {name}").format(name=names.meeting or unset)),
        "",
        escape(t._("Set one (a dash clears it):")),
        "<code>/reportnames 城东街道 党委 街道党工委</code>",
        "<code>/reportnames 中心组 区委理论学习中心组</code>",
        "<code>/reportnames 会议 区委常委会会议</code>",
        "<code>/reportnames 单位 -</code>",
    ]
    return "\n".join(lines)


HANDLERS = [CommandHandler("reportnames", manage_report_names)]
