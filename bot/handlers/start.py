"""/start (with or without an invite code) and /help."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import CommandHandler

from bot.i18n import Texts
from bot.members import Speaker, identify
from bot.state import Context
from models.organisation.areas import Area
from models.organisation.invites import InviteProblem, redeem_invite
from models.organisation.members import Role, StartOutcome, start_member


async def start(update: Update, context: Context) -> None:
    """Greet members; let an invite code make a member; make the configured admins members."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    state = context.bot_data
    code = (context.args or [""])[0]
    async with state.sessions.begin() as session:
        outcome, problem = None, None
        if code:
            redeemed = await redeem_invite(
                session=session,
                code=code,
                telegram_user_id=user.id,
                full_name=user.full_name,
                username=user.username,
                now=state.now(),
            )
            problem = redeemed.problem
        if not code or problem in (InviteProblem.ALREADY_MEMBER, InviteProblem.DISABLED):
            outcome, _member = await start_member(
                session=session,
                telegram_user_id=user.id,
                full_name=user.full_name,
                username=user.username,
                admin_user_ids=state.settings.admin_user_ids,
                now=state.now(),
            )
        speaker = await identify(session=session, user=user, state=state)
        home = await session.get(Area, speaker.member.area_id) if speaker.member else None
    t = speaker.t
    if code and problem is None and speaker.member is not None:
        joined = t._("Welcome, {name}. You have joined as {role} of {area}.").format(
            name=user.first_name, role=role_name(speaker.member.role, t), area=home.name if home else ""
        )
        await message.reply_text(escape(joined) + "\n\n" + help_text(speaker))
        return
    if problem in (
        InviteProblem.UNKNOWN,
        InviteProblem.USED,
        InviteProblem.EXPIRED,
        InviteProblem.NOT_ALLOWED,
    ):
        refusals = {
            InviteProblem.UNKNOWN: t._("This invite link is not valid. Ask your coordinator for a new one."),
            InviteProblem.USED: t._(
                "This invite link has been used already. Ask your coordinator for a new one."
            ),
            InviteProblem.EXPIRED: t._("This invite link has expired. Ask your coordinator for a new one."),
            InviteProblem.NOT_ALLOWED: t._(
                "The person who sent this invite may no longer invite you there. Ask your coordinator."
            ),
        }
        await message.reply_text(escape(refusals[problem]))
        return
    replies = {
        StartOutcome.WELCOME_ADMIN: t._("Welcome, {name}. You are an admin of the whole district."),
        StartOutcome.WELCOME_BACK: t._("Welcome back, {name}."),
        StartOutcome.DISABLED: t._("Your membership is disabled. Ask your coordinator to enable it again."),
        StartOutcome.NEEDS_INVITE: t._(
            "Hello {name}. This bot keeps the district's legal-education ledger. "
            "To join, open the invite link your coordinator sends you."
        ),
    }
    assert outcome is not None
    text = escape(replies[outcome].format(name=user.first_name))
    if outcome in (StartOutcome.WELCOME_ADMIN, StartOutcome.WELCOME_BACK):
        text += "\n\n" + help_text(speaker)
    await message.reply_text(text)


def role_name(role: Role, t: Texts) -> str:
    return {Role.WORKER: t._("worker"), Role.COORDINATOR: t._("coordinator"), Role.ADMIN: t._("admin")}[role]


async def show_help(update: Update, context: Context) -> None:
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    async with context.bot_data.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=context.bot_data)
    await message.reply_text(help_text(speaker))


def help_text(speaker: Speaker) -> str:
    """What this member can do: logging for everyone, the coordinators' and admins' commands for them."""
    t = speaker.t
    lines = [
        "<b>" + escape(t._("Log an outreach event in one message:")) + "</b>",
        "<code>/log 法律大集 3月8日 幸福社区 120人 《民法典手册》300份 联合城东派出所</code>",
        escape(t._("I show what I understood; tap ✅ to save it.")),
        "",
        "/log — " + escape(t._("log an event")),
        "/my — " + escape(t._("your latest events")),
        "/remind — " + escape(t._("reminders on or off")),
        "/lang — " + escape(t._("Chinese or English")),
        "/help — " + escape(t._("this help")),
    ]
    role = speaker.actor.role if speaker.actor else None
    if role in (Role.COORDINATOR, Role.ADMIN):
        lines += [
            "",
            "/summary — " + escape(t._("this week at a glance")),
            "/report — " + escape(t._("the drafted report section")),
            "/export — " + escape(t._("the ledger as Excel")),
            "/chart — " + escape(t._("events per week as a chart")),
            "/digest — " + escape(t._("the weekly digest of this chat")),
            "/pending — " + escape(t._("events waiting for your approval")),
            "/invite — " + escape(t._("invite someone to join")),
            "/members — " + escape(t._("the members of your area")),
            "/materials — " + escape(t._("new material titles to take into the catalogue")),
        ]
    if role == Role.ADMIN:
        lines.append("/areas — " + escape(t._("the area tree")))
        lines.append("/catalog — " + escape(t._("the forms and themes, and new words for them")))
        lines.append("/reportnames — " + escape(t._("the names the report uses for an area")))
    return "\n".join(lines)


HANDLERS = [CommandHandler("start", start), CommandHandler("help", show_help)]
