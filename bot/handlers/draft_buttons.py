"""Buttons under a draft: step choices, 跳过/返回/完成, ✅/✏️/❌. Every press re-checks the draft."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import escape

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler

from bot import buttons
from bot.draft_corrections import duplicate_question
from bot.draft_outcome import Outcome
from bot.draft_view import choosable_areas, draft_view, member_catalog
from bot.handlers.draft_fixes import FIX_VERBS, correct
from bot.i18n import Texts
from bot.keyboards import EARLIER_DAYS
from bot.members import identify, member_texts
from bot.private import tell_member
from bot.replies import answer_press, edit_pressed
from bot.state import AppState, Context
from models.events.approvals import coordinators_of
from models.events.changes import EventProblem, event_draft, event_for
from models.events.draft_saving import SavedEvent, save_draft
from models.events.draft_steps import cancel_draft, go_back, go_to, move_on, set_field
from models.events.duplicates import identical_recent_event
from models.events.log_drafts import (
    DraftMode,
    DraftProblem,
    DraftStatus,
    LogDraft,
    open_draft_for,
)
from models.events.log_flow import OPTIONAL, Step
from models.events.records import Event, EventStatus
from models.organisation.invites import actor_of
from models.organisation.members import Member

# The step each choice belongs to: a choice pressed on an older card than the current step is stale.
CHOICE_STEPS = {"kind": Step.KIND, "date": Step.DATE, "area": Step.PLACE, "mat": Step.MATERIALS}
STEP_VERBS = ("skip", "back", "done")
_STEP_VALUES = {step.value for step in Step}
# The oldest day a date button offers, on a card drawn up to a week ago; an older date is typed.
DATE_BUTTON_REACH = timedelta(days=max(EARLIER_DAYS) + 7)


def out_of_date(t: Texts) -> str:
    return t._("This card is out of date; use the latest one.")


async def press_draft(update: Update, context: Context) -> None:
    query, user = update.callback_query, update.effective_user
    press = buttons.DRAFT.read(query.data) if query else None
    if query is None or user is None or press is None:
        return  # not reached: the handler's pattern is the schema
    draft_id, verb, arg = int(press["id"]), press["verb"], press["arg"] or ""
    state = context.bot_data
    async with state.sessions.begin() as session:
        speaker = await identify(session=session, user=user, state=state)
        t, member = speaker.t, speaker.active
        if member is None:
            await answer_press(query, speaker.refusal(t._("Only members can do this.")), alert=True)
            return
        access = await open_draft_for(session=session, draft_id=draft_id, member=member, now=state.now())
        if access.problem is not None or access.draft is None:
            await answer_press(query, draft_problem(access.problem, t), alert=True)
            return
        row = access.draft
        outcome = await _act(session, state, row, member, t, verb=verb, arg=arg)
        if outcome.refusal is not None or not outcome.redraw:
            await answer_press(query, outcome.refusal or outcome.notice, alert=outcome.refusal is not None)
            return
        if outcome.show is not None:
            row = outcome.show
            row.card_message_id = query.message.message_id if isinstance(query.message, Message) else None
        view = await draft_view(
            session=session,
            state=state,
            row=row,
            member=member,
            t=t,
            closing=outcome.closing,
            choosing_field=outcome.choosing,
            photos=outcome.photos,
        )
    text, markup = view.text, view.markup
    if outcome.question is not None:
        text, markup = text + "\n\n" + outcome.question[0], outcome.question[1]
    await answer_press(query, outcome.notice)
    await edit_pressed(query, text, markup)
    for telegram_user_id, notice, buttons_under in outcome.news:
        await tell_member(context, telegram_user_id, notice, buttons_under)


async def _act(
    session: AsyncSession, state: AppState, row: LogDraft, member: Member, t: Texts, *, verb: str, arg: str
) -> Outcome:
    """Do what the button says."""
    step = row.step
    if verb == "cancel":
        cancel_draft(row)
        return Outcome(closing="❌ " + t._("Cancelled; nothing was saved."))
    if verb in ("save", "dupok"):
        return await _save(session, state, row, member, t, ask_duplicate=verb == "save")
    if verb in FIX_VERBS:
        return await correct(session, state, row, member, t, verb=verb, arg=arg)
    if verb == "keep":
        row.failures = 0
        return Outcome()
    if verb in ("edit", "card"):
        return (
            Outcome(choosing=verb == "edit") if step is None else Outcome(notice=out_of_date(t), redraw=False)
        )
    if verb == "go" and arg in _STEP_VALUES:
        go_to(row, Step(arg))
        return Outcome()
    if verb in STEP_VERBS or verb in CHOICE_STEPS:
        belongs = Step(arg) if verb in STEP_VERBS and arg in _STEP_VALUES else CHOICE_STEPS.get(verb)
        if step is None or belongs != step:
            return Outcome(notice=out_of_date(t), redraw=False)
        return await _step_press(session, state, row, member, t, verb=verb, arg=arg, step=step)
    return Outcome(refusal=t._("This card has expired."))


async def _step_press(
    session: AsyncSession,
    state: AppState,
    row: LogDraft,
    member: Member,
    t: Texts,
    *,
    verb: str,
    arg: str,
    step: Step,
) -> Outcome:
    if verb == "skip" and step in OPTIONAL:
        move_on(row, step)
    elif verb == "back":
        go_back(row)
    elif verb == "done" and step in (Step.MATERIALS, Step.PHOTOS):
        if row.mode == DraftMode.ATTACH:
            row.status, row.awaiting = DraftStatus.SAVED, None
            return Outcome(closing="✅ " + t._("Photos added to event #{id}.").format(id=row.event_id))
        move_on(row, step)
    elif verb in CHOICE_STEPS:
        value = await _choice(session, state, member, verb=verb, arg=arg)
        if value is None:
            return Outcome(refusal=t._("This choice is not available any more."))
        set_field(row, step, value)
    else:
        return Outcome(refusal=t._("This card has expired."))
    return Outcome()


async def _choice(
    session: AsyncSession, state: AppState, member: Member, *, verb: str, arg: str
) -> object | None:
    """The value a choice button stands for, checked against what this member may choose today."""
    catalog = await member_catalog(session=session, state=state, member=member)
    if verb == "kind":
        return arg if catalog.find_kind(arg) else None
    if verb == "date":
        try:
            day = datetime.strptime(arg, "%Y%m%d").date()
        except ValueError:
            return None
        return day if state.today() - DATE_BUTTON_REACH <= day <= state.today() else None
    if verb == "area":
        return int(arg) if any(str(a.id) == arg for a in choosable_areas(catalog, member.area_id)) else None
    return next((m.title for m in catalog.materials if str(m.id) == arg), None)


async def _save(
    session: AsyncSession, state: AppState, row: LogDraft, member: Member, t: Texts, *, ask_duplicate: bool
) -> Outcome:
    was_returned = False
    if row.mode == DraftMode.EDIT:  # the right to change the event may have gone since the edit began
        actor = await actor_of(session=session, member=member)
        access = await event_for(session=session, event_id=row.event_id or 0, actor=actor, to_change=True)
        if access.problem == EventProblem.LOCKED:
            return Outcome(refusal=draft_problem(DraftProblem.LOCKED, t))
        if access.problem is not None:
            return Outcome(refusal=t._("This event is outside what you may see or change."))
        was_returned = access.event is not None and access.event.status == EventStatus.RETURNED
        if access.event is not None and await event_draft(session=session, event=access.event) == row.draft:
            cancel_draft(row)  # nothing to save: say so, rather than "saved"
            return Outcome(
                closing=t._("Nothing was changed; event #{id} stays as it was.").format(id=row.event_id)
            )
    elif ask_duplicate and row.step is None and member.id is not None:
        same = await identical_recent_event(
            session=session, reporter_id=member.id, draft=row.draft, now=state.now()
        )
        if same is not None:
            return Outcome(question=duplicate_question(row, same, t))
    saved = await save_draft(session=session, row=row, member=member, now=state.now())
    if not isinstance(saved, SavedEvent):
        return Outcome(refusal=draft_problem(saved, t))
    event = saved.event
    if row.mode == DraftMode.EDIT:
        notice = t._("Changes to event #{id} saved.").format(id=event.id)
    else:
        notice = t._("Saved as event #{id}.").format(id=event.id)
    news = await resubmission_news(session, state, event, member) if was_returned else ()
    return Outcome(notice=notice, closing="✅ " + notice, news=news, photos=saved.photos)


async def resubmission_news(
    session: AsyncSession, state: AppState, event: Event, reporter: Member
) -> tuple[tuple[int, str, InlineKeyboardMarkup], ...]:
    """A returned event corrected and saved again: whoever decides on it hears so, with a button to it."""
    news = []
    for coordinator in await coordinators_of(session=session, event=event):
        t = member_texts(coordinator, state)
        text = t._("{name} corrected event #{id} ({title}); it waits for approval again.")
        button = InlineKeyboardButton(
            t._("Open #{id}").format(id=event.id), callback_data=f"e:{event.id}:open"
        )
        formatted = escape(text.format(name=reporter.full_name, id=event.id, title=event.title))
        news.append((coordinator.telegram_user_id, formatted, InlineKeyboardMarkup([[button]])))
    return tuple(news)


def draft_problem(problem: DraftProblem | None, t: Texts) -> str:
    return {
        DraftProblem.NOT_FOUND: t._("This card has expired."),
        DraftProblem.NOT_YOURS: t._("This card belongs to someone else; nothing was changed."),
        DraftProblem.EXPIRED: t._("This draft expired; send /log again."),
        DraftProblem.ALREADY_SAVED: t._("Already saved."),
        DraftProblem.CANCELLED: t._("This draft was cancelled; send /log again."),
        DraftProblem.INCOMPLETE: t._("Some required fields are still missing."),
        DraftProblem.KIND_GONE: t._("That kind of event is no longer in the catalogue; send /log again."),
        DraftProblem.LOCKED: t._(
            "This event is approved and locked; ask a coordinator to un-approve it first."
        ),
        None: t._("This card has expired."),
    }[problem]


async def press_expired(update: Update, context: Context) -> None:
    """Any other press (a button of an older bot, or data no button carries): a toast, and nothing done."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    async with context.bot_data.sessions() as session:
        speaker = await identify(session=session, user=user, state=context.bot_data)
    await answer_press(query, buttons.expired_button(speaker.t))


HANDLERS = [CallbackQueryHandler(press_draft, pattern=buttons.DRAFT)]
FALLBACK = CallbackQueryHandler(press_expired)
