"""/members: a coordinator's or admin's members, with buttons to change role, move area or disable."""

from __future__ import annotations

from html import escape

from babel.dates import format_date
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import buttons
from bot.area_picker import area_picker
from bot.cards import bold
from bot.commands import set_member_menu
from bot.handlers.start import role_name
from bot.i18n import Texts
from bot.members import Speaker, identify
from bot.private import reply_privately, tell_member
from bot.replies import answer_press, edit_pressed
from bot.state import AppState, Context
from models.organisation.area_tree import area_level
from models.organisation.areas import Area
from models.organisation.members import Member, MemberStatus, Role
from models.organisation.membership import change_member, members_in
from models.organisation.permissions import RANK, Action, Target

MAX_LISTED = 40


async def list_members(update: Update, context: Context) -> None:
    user = update.effective_user
    if user is None:
        return
    state = context.bot_data
    async with state.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=state)
        t, actor = speaker.t, speaker.actor
        if actor is None or not speaker.can_in_own_area(Action.MANAGE_MEMBER):
            refusal = speaker.refusal(t._("Only coordinators and admins can see the members."))
            await reply_privately(update, context, t, escape(refusal))
            return
        today = state.today()
        lines = await members_in(
            session=session, area_path=actor.area_path, month_start=today.replace(day=1), month_end=today
        )
    # `/members 幸福` narrows a long list to names or areas containing the words, so anyone can be reached.
    needle = " ".join(context.args or [])
    lines = [line for line in lines if needle in line.full_name or needle in line.area_name]
    locale = "zh_CN" if t.language == "zh" else "en"
    out = [bold(t._("Members ({n})").format(n=len(lines)))]
    for line in lines[:MAX_LISTED]:
        status = "" if line.status == MemberStatus.ACTIVE else " · " + t._("disabled")
        seen = format_date(line.last_seen_at.astimezone(state.settings.tz).date(), "M/d", locale=locale)
        details = t.n_(
            "{role} · {area} · last seen {seen} · {n} event this month",
            "{role} · {area} · last seen {seen} · {n} events this month",
            line.events_this_month,
        ).format(role=role_name(line.role, t), area=line.area_name, seen=seen, n=line.events_this_month)
        out.append(f"{escape(line.full_name)} — {escape(details + status)}")
    buttons = [
        [InlineKeyboardButton(f"{line.full_name} · {line.area_name}", callback_data=f"m:{line.id}:open")]
        for line in lines[:MAX_LISTED]
        if line.id != actor.member_id
    ]
    if len(lines) > MAX_LISTED:
        out.append(
            escape(
                t._("Only the first {n} have buttons; /members followed by a name narrows the list.").format(
                    n=MAX_LISTED
                )
            )
        )
    await reply_privately(
        update, context, t, "\n".join(out), InlineKeyboardMarkup(buttons) if buttons else None
    )


async def press_member(update: Update, context: Context) -> None:
    query, user = update.callback_query, update.effective_user
    press = buttons.MEMBER.read(query.data) if query else None
    if query is None or user is None or press is None:
        return  # not reached: the handler's pattern is the schema
    verb, arg = press["verb"], press["arg"]
    state = context.bot_data
    notice = None
    async with state.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=state)
        t, by = speaker.t, speaker.active
        member = await session.get(Member, int(press["id"]))
        if by is None or member is None or not await _may_manage(session, speaker, member):
            await answer_press(query, t._("You may not manage this member."), alert=True)
            return
        if verb in ("role", "area", "on", "off"):
            area = await session.get(Area, int(arg)) if verb == "area" else None
            if verb == "area" and area is None:
                await answer_press(query, buttons.expired_button(t))
                return
            before = (member.role, member.area_id, member.status)
            changed = await change_member(
                session=session,
                by=by,
                member=member,
                now=state.now(),
                role=Role(arg) if verb == "role" else None,
                area=area,
                status={"on": MemberStatus.ACTIVE, "off": MemberStatus.DISABLED}.get(verb),
            )
            if not changed:
                await answer_press(query, t._("You may not make that change."), alert=True)
                return
            if (member.role, member.area_id, member.status) != before:  # a stale card's press changes nothing
                notice = t._("Changed; it is in the audit log.")
        level = int(arg) if verb == "in" else (by.area_id if verb == "areas" else None)
        text, markup = await _member_card(session, state, speaker, member, area_level_id=level)
        telegram_id = member.telegram_user_id
        news = _news_for(member, verb, t) if notice else None
        menu_role = member.role if member.is_active else None
    await answer_press(query, notice)
    await edit_pressed(query, text, markup)
    if news:
        await tell_member(context, telegram_id, escape(news))
    if notice and verb in ("role", "on", "off"):  # their command menu follows the new role
        await set_member_menu(context.bot, telegram_id, menu_role, state.settings.default_language)


async def _may_manage(session: AsyncSession, speaker: Speaker, member: Member) -> bool:
    area = await session.get(Area, member.area_id)
    return area is not None and speaker.can(
        Action.MANAGE_MEMBER, Target(area_path=area.path, role=member.role)
    )


async def _member_card(
    session: AsyncSession, state: AppState, speaker: Speaker, member: Member, *, area_level_id: int | None
) -> tuple[str, InlineKeyboardMarkup]:
    t, actor = speaker.t, speaker.actor
    assert actor is not None
    area = await session.get(Area, member.area_id)
    status = t._("active") if member.is_active else t._("disabled")
    text = "\n".join(
        [
            bold(member.full_name),
            escape(t._("{label}: {value}").format(label=t._("Role"), value=role_name(member.role, t))),
            escape(t._("{label}: {value}").format(label=t._("Area"), value=area.name if area else "—")),
            escape(t._("{label}: {value}").format(label=t._("Status"), value=status)),
        ]
    )
    m = f"m:{member.id}"
    if area_level_id is not None:
        level, children = await area_level(session=session, area_id=area_level_id)
        if level is not None and not level.retired and level.path.startswith(actor.area_path):
            top = level.path == actor.area_path
            return text, area_picker(
                level,
                children,
                t=t,
                choose=lambda area_id: f"{m}:area:{area_id}",
                open_level=lambda area_id: f"{m}:in:{area_id}",
                up=f"{m}:open" if top else f"{m}:in:{level.parent_id}",
            )
    roles = [r for r in Role if r != member.role and RANK[r] <= RANK[actor.role]]
    rows = [
        [
            InlineKeyboardButton(
                t._("Make {role}").format(role=role_name(r, t)), callback_data=f"{m}:role:{r.value}"
            )
        ]
        for r in roles
    ]
    rows.append([InlineKeyboardButton(t._("Move to another area"), callback_data=f"{m}:areas")])
    toggle = ("off", t._("Disable")) if member.is_active else ("on", t._("Enable"))
    rows.append([InlineKeyboardButton(toggle[1], callback_data=f"{m}:{toggle[0]}")])
    return text, InlineKeyboardMarkup(rows)


def _news_for(member: Member, verb: str, t: Texts) -> str | None:
    """What the member is told about a change to them (in the manager's language: a short notice)."""
    if verb == "off":
        return t._("Your membership has been disabled.")
    if verb == "on":
        return t._("Your membership has been enabled again.")
    return None


HANDLERS = [
    CommandHandler("members", list_members),
    CallbackQueryHandler(press_member, pattern=buttons.MEMBER),
]
