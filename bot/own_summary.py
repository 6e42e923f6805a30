"""A worker's /summary: their own figures for the period."""

from __future__ import annotations

from html import escape

from bot.cards import bold
from bot.i18n import Texts
from bot.summary_cards import period_label
from models.events.own_figures import OwnFigures
from models.parsing.periods import Period


def own_summary_card(figures: OwnFigures, period: Period, *, t: Texts, area_shown: bool = False) -> str:
    heading = t._("Your figures · {period}").format(period=period_label(period, t))
    out = [bold(heading), ""]
    for label, value in (
        (t._("Events"), figures.events),
        (t._("People reached"), figures.attendance),
        (t._("Consultations"), figures.consultations),
        (t._("Materials handed out"), figures.materials),
    ):
        out.append(escape(t._("{label}: {value}").format(label=label, value=value)))
    if figures.events == 0:
        out += ["", escape(t._("Nothing was logged in this period."))]
    for zh, en, events in figures.by_form:
        out.append("  " + escape(f"{en if t.language == 'en' else zh} {events}"))
    if not area_shown:
        out += ["", escape(t._("Your area's figures are for its coordinators; ask them for /summary."))]
    return "\n".join(out)
