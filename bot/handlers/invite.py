"""/invite: a coordinator or admin picks a role and an area and gets a single-use deep link."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import buttons
from bot.area_picker import area_picker
from bot.handlers.start import role_name
from bot.i18n import Texts
from bot.members import identify
from bot.private import reply_privately
from bot.replies import answer_press, edit_pressed
from bot.state import Context
from models.organisation.area_tree import area_level
from models.organisation.areas import Area
from models.organisation.invites import INVITE_TTL, create_invite
from models.organisation.members import Role
from models.organisation.permissions import RANK, Action, Target


async def invite(update: Update, context: Context) -> None:
    user = update.effective_user
    if user is None:
        return
    async with context.bot_data.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=context.bot_data)
    t, actor = speaker.t, speaker.actor
    if actor is None or not speaker.can_in_own_area(Action.INVITE):
        refusal = speaker.refusal(t._("Only coordinators and admins can invite."))
        await reply_privately(update, context, t, escape(refusal))
        return
    roles = [role for role in Role if RANK[role] <= RANK[actor.role]]
    buttons = [
        [InlineKeyboardButton(role_name(role, t), callback_data=f"i:r:{role.value}")] for role in roles
    ]
    await reply_privately(
        update, context, t, escape(t._("Invite someone as:")), InlineKeyboardMarkup(buttons)
    )


async def press_invite(update: Update, context: Context) -> None:
    query, user = update.callback_query, update.effective_user
    press = buttons.INVITE.read(query.data) if query else None
    if query is None or user is None or press is None:
        return  # not reached: the handler's pattern is the schema
    step, role = press["step"], Role(press["role"])
    state = context.bot_data
    async with state.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=state)
        t, actor, member = speaker.t, speaker.actor, speaker.active
        if actor is None or member is None:
            await answer_press(query, speaker.refusal(t._("Only members can do this.")), alert=True)
            return
        if step in ("r", "d"):
            level_id = member.area_id if step == "r" else int(press["area"])
            area, children = await area_level(session=session, area_id=level_id)
            if (
                area is None
                or area.retired
                or not speaker.can(Action.INVITE, Target(area_path=area.path, role=role))
            ):
                await answer_press(query, t._("You may not invite anyone with that role."), alert=True)
                return
            up = f"i:d:{role.value}:{area.parent_id}" if area.id != member.area_id else None
            markup = area_picker(
                area,
                children,
                t=t,
                choose=lambda area_id: f"i:a:{role.value}:{area_id}",
                open_level=lambda area_id: f"i:d:{role.value}:{area_id}",
                up=up,
            )
            text = escape(t._("…into which area?"))
        else:
            area = await session.get(Area, int(press["area"]))
            code = (
                await create_invite(session=session, inviter=member, role=role, area=area, now=state.now())
                if area
                else None
            )
            if code is None or area is None:
                await answer_press(
                    query, t._("You may not invite anyone with that role into that area."), alert=True
                )
                return
            text, markup = _link_text(context.bot.username, code, role, area.name, t), None
    await answer_press(query)
    await edit_pressed(query, text, markup)


def _link_text(bot_username: str, code: str, role: Role, area: str, t: Texts) -> str:
    link = f"https://t.me/{bot_username}?start={code}"
    intro = t._(
        "Send this link to the person you invite. It makes them {role} of {area}; "
        "it works once, for {days} days."
    )
    return (
        escape(intro.format(role=role_name(role, t), area=area, days=INVITE_TTL.days))
        + f"\n\n<code>{escape(link)}</code>"
    )


HANDLERS = [
    CommandHandler("invite", invite),
    CallbackQueryHandler(press_invite, pattern=buttons.INVITE),
]
