"""/summary, /report, /export, /chart and the buttons under a summary card ("s:<verb>:<period>:<area>")."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import buttons
from bot.chart_titles import chart_title
from bot.charts import render_weekly_chart
from bot.documents import report_docx
from bot.filenames import document_name
from bot.handlers.ledger_files import send_ledger
from bot.handlers.log import text_after_command
from bot.handlers.records import send_record_zip
from bot.i18n import Texts
from bot.members import identify
from bot.own_summary import own_summary_card
from bot.render_pool import RenderBusy
from bot.replies import answer_press
from bot.state import AppState, Context
from bot.summary_cards import (
    basis_line,
    basis_words,
    period_label,
    period_problem,
    report_messages,
    summary_card,
)
from models.events.own_figures import own_figures
from models.organisation.areas import Area
from models.organisation.permissions import Action
from models.parsing.periods import Period, PeriodKind, PeriodRequest, bound_problem, read_period_request
from models.reporting.basis import Basis, read_basis
from models.reporting.report import (
    ReportBlock,
    ReportDraft,
    draft_report_section,
    facts_from_summary,
    load_template,
    period_label_zh,
)
from models.reporting.scope import area_by_id_in_scope, area_in_scope
from models.reporting.summaries import summarize_period
from models.reporting.weekly import weekly_series

DEFAULT_PERIOD = {
    "sum": PeriodKind.WEEK,
    "rep": PeriodKind.YEAR,
    "xls": PeriodKind.MONTH,
    "png": PeriodKind.QUARTER,
}


@dataclass(frozen=True)
class Ask:
    """One request: what, for which period and area, and how to answer."""

    verb: str
    period: Period
    area: Area
    t: Texts
    approx: bool = False
    by: str = ""  # who asks: the ledger's 填表人
    basis: Basis = Basis.SUBMITTED


async def command(update: Update, context: Context) -> None:
    """/summary, /report, /export or /chart with "[period] [area] [约数]"."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or message.text is None:
        return
    verb = {"summary": "sum", "report": "rep", "export": "xls", "chart": "png"}[_command_name(message.text)]
    state = context.bot_data
    async with state.sessions() as session:
        speaker = await identify(session=session, user=user, state=state)
        t, member = speaker.t, speaker.active
        if member is None:
            refusal = t._("Only members can see summaries. Ask your coordinator for an invite link.")
            await message.reply_text(escape(speaker.refusal(refusal)))
            return
        basis, words = read_basis(text_after_command(message.text))
        request = read_period_request(words, today=state.today(), default=DEFAULT_PERIOD[verb])
        if not isinstance(request, PeriodRequest):
            await message.reply_text(period_problem(request, t))
            return
        if verb == "sum" and not request.area_name and not speaker.can_in_own_area(Action.VIEW_AREA):
            assert member.id is not None  # a worker's /summary: their own figures
            figures = await own_figures(session=session, reporter_id=member.id, period=request.period)
            home = await session.get(Area, member.area_id) if state.settings.workers_see_area else None
            text = own_summary_card(figures, request.period, t=t, area_shown=home is not None)
            if home is not None:  # the office lets workers see their area's figures too (no buttons)
                area_summary = await summarize_period(session=session, period=request.period, area=home)
                text += "\n\n" + summary_card(area_summary, t=t)
            await message.reply_text(text)
            return
        area = await area_in_scope(session=session, member=member, name=request.area_name)
        if area is None:
            refusal = (
                t._("There is no area called {name} in your part of the district.").format(
                    name=request.area_name
                )
                if request.area_name
                else t._("You cannot see this area's figures.")
            )
            await message.reply_text(escape(refusal))
            return
        ask = Ask(verb, request.period, area, t, request.approx, by=member.full_name, basis=basis)
        await _answer(session, state, message, ask, edit=None)


def _command_name(text: str) -> str:
    return text.split(maxsplit=1)[0].lstrip("/").split("@")[0].lower()


async def press(update: Update, context: Context) -> None:
    """A button under a summary card; the area is checked against the member's subtree again."""
    query, user = update.callback_query, update.effective_user
    pressed = buttons.SUMMARY.read(query.data) if query else None
    if query is None or user is None or pressed is None or not isinstance(query.message, Message):
        return  # the handler's pattern is the schema; a message too old to edit has nothing to show
    verb, period = pressed["verb"], Period.from_code(pressed["period"])
    state = context.bot_data
    async with state.sessions() as session:
        speaker = await identify(session=session, user=user, state=state)
        t, member = speaker.t, speaker.active
        if period is None:  # no such day, or outside the years the bot covers: no button of ours
            await answer_press(query, buttons.expired_button(t))
            return
        area = (
            await area_by_id_in_scope(session=session, member=member, area_id=int(pressed["area"]))
            if member
            else None
        )
        if member is None or area is None:
            refusal = t._("You cannot see this area's figures.")
            await answer_press(query, speaker.refusal(refusal) if member is None else refusal, alert=True)
            return
        await answer_press(query)
        ask = Ask(verb.removesuffix("a"), period, area, t, approx=verb == "repa", by=member.full_name)
        await _answer(session, state, query.message, ask, edit=query.message if verb == "sum" else None)


async def _answer(
    session: AsyncSession, state: AppState, message: Message, ask: Ask, *, edit: Message | None
) -> None:
    if ask.verb == "sum":
        summary = await summarize_period(session=session, period=ask.period, area=ask.area, basis=ask.basis)
        text, markup = summary_card(summary, t=ask.t), summary_keyboard(ask.period, ask.area, t=ask.t)
        if edit is not None:
            await edit.edit_text(text, reply_markup=markup)
        else:
            await message.reply_text(text, reply_markup=markup)
    elif ask.verb == "rep":
        try:
            await _send_report(session, state, message, ask)
        except RenderBusy as busy:
            await _say_busy(message, ask.t, busy)
    elif ask.verb == "rec":
        try:
            await send_record_zip(
                session, state, message.get_bot(), message, period=ask.period, area=ask.area, t=ask.t
            )
        except RenderBusy as busy:
            await _say_busy(message, ask.t, busy)
    elif ask.verb == "xls":
        try:
            await send_ledger(
                session, state, message, period=ask.period, area=ask.area, filled_by=ask.by, t=ask.t
            )
        except RenderBusy as busy:
            await _say_busy(message, ask.t, busy)
    else:
        series = await weekly_series(session=session, period=ask.period, area=ask.area, basis=ask.basis)
        title = chart_title(ask.area.name, ask.period, ask.t)
        try:
            png = await state.renders.run(render_weekly_chart, series, t=ask.t, title=title)
        except RenderBusy as busy:
            await _say_busy(message, ask.t, busy)
            return
        caption = escape(title + "\n" + basis_words(series.basis, series.pending_events, ask.t))
        await message.reply_photo(png, caption=caption, filename=_filename("图表", ask, "png"))


async def _say_busy(message: Message, t: Texts, busy: RenderBusy) -> None:
    text = t._("I am busy drawing charts and documents for others. Please try again in {seconds} s.")
    await message.reply_text(escape(text.format(seconds=busy.retry_after)))


async def _send_report(session: AsyncSession, state: AppState, message: Message, ask: Ask) -> None:
    summary = await summarize_period(session=session, period=ask.period, area=ask.area, basis=ask.basis)
    facts = await facts_from_summary(session=session, summary=summary, area=ask.area)
    draft = draft_report_section(
        facts, approx=ask.approx, template=load_template(state.settings.report_template)
    )
    # What the figures count, as the last line of the messages and of the .docx (issue 10: every
    # document says its basis). The office deletes the line before it hands the section in.
    basis = ReportBlock(level=0, text="（" + basis_line(summary, ask.t).rstrip("。.") + "）")
    draft = ReportDraft(blocks=(*draft.blocks, basis))
    for text in report_messages(draft):
        await message.reply_text(text)
    title = ask.t._("{area}{period} legal study and outreach").format(
        area=ask.area.name, period=period_label_zh(ask.period)
    )
    docx = await state.renders.run(report_docx, draft, title=title)
    await message.reply_document(docx, filename=_filename("报告", ask, "docx"))


def _title(ask: Ask) -> str:
    return ask.t._("{area} · {period}").format(area=ask.area.name, period=period_label(ask.period, ask.t))


def _filename(what: str, ask: Ask, extension: str) -> str:
    """The area's name is member text: only a sanitised label of it, never a path, goes into the name."""
    variant = "约数" if ask.approx else ""  # the exact and the rounded report are two files
    return document_name(
        what, ask.area.name, ask.period, extension, fallback=f"area{ask.area.id}", variant=variant
    )


def summary_keyboard(period: Period, area: Area, *, t: Texts) -> InlineKeyboardMarkup:
    """◀ previous · next ▶ period, then the report, the export and the chart of the same period."""

    def button(label: str, verb: str, of: Period) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=f"s:{verb}:{of.code()}:{area.id}")

    # At the edge of the years the bot covers there is no period to step to.
    steps = [
        button(label, "sum", of)
        for label, of in (("◀ " + t._("Previous"), period.step_back()), (t._("Next") + " ▶", period.next()))
        if bound_problem(of) is None
    ]
    return InlineKeyboardMarkup(
        [
            *([steps] if steps else []),
            [
                button("📝 " + t._("Report"), "rep", period),
                button("📝 " + t._("Report, rounded"), "repa", period),
            ],
            [button("📊 " + t._("Excel ledger"), "xls", period), button("📈 " + t._("Chart"), "png", period)],
        ]
    )


HANDLERS = [
    CommandHandler(["summary", "report", "export", "chart"], command),
    CallbackQueryHandler(press, pattern=buttons.SUMMARY),
]
