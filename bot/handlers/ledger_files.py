"""The ledger (.xlsx) and the period's record sheets (.zip) sent under /export, made in the render pool."""

from __future__ import annotations

from html import escape

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.filenames import document_name
from bot.i18n import Texts
from bot.state import AppState
from models.organisation.areas import Area
from models.parsing.periods import Period
from models.reporting.export import export_ledger_apart, ledger_heading


async def send_ledger(
    session: AsyncSession,
    state: AppState,
    message: Message,
    *,
    period: Period,
    area: Area,
    filled_by: str,
    t: Texts,
) -> None:
    """Have the 台账 written by a process of its own (one of the render pool's places waits for it) and
    send it, with what it counts in the caption.

    RenderBusy (the pool's queue is full) reaches the caller, which says how long to wait.
    """
    # End the transaction that recorded the member's visit before the long read: on SQLite a write
    # transaction held for the export would lock every other member's /log out until it ends (and the
    # writer process reads what is committed).
    await session.commit()
    heading = ledger_heading(area=area, period=period, unit=None, filled_by=filled_by, today=state.today())
    ledger = await export_ledger_apart(
        session=session,
        database_url=state.settings.database_url,
        period=period,
        area=area,
        heading=heading,
        run=state.renders.run,
    )
    totals = ledger.totals
    lines = [t.n_("{n} event", "{n} events", totals.events).format(n=totals.events)]
    if totals.awaiting:
        lines.append(t._("{n} of them awaiting approval").format(n=totals.awaiting))
    if totals.returned:
        lines.append(t._("{n} returned, listed on the sheet “退回活动”").format(n=totals.returned))
    caption = "\n".join(lines)
    name = document_name("台账", area.name, period, "xlsx", fallback=f"area{area.id}")
    records = InlineKeyboardButton(
        "📎 " + t._("Record sheets with photos"), callback_data=f"s:rec:{period.code()}:{area.id}"
    )
    await message.reply_document(
        ledger.content,
        filename=name,
        caption=escape(caption),
        reply_markup=InlineKeyboardMarkup([[records]]),
    )
