"""Every handler, registered in one readable list."""

from __future__ import annotations

from bot.handlers import (
    approvals,
    areas,
    catalog,
    digest,
    draft_buttons,
    errors,
    events,
    gate,
    invite,
    language,
    log,
    materials,
    members,
    photos,
    records,
    report_names,
    reports,
    start,
)
from bot.outages import ride_out_outages
from bot.state import PufaApplication


def register_handlers(application: PufaApplication) -> None:
    # Group -1 runs first for every update: in group chats it stops everything from non-members.
    application.add_handler(gate.GATE, group=-1)
    # One group, so the first matching handler wins. Commands come first; log's plain-text handler then
    # takes any other text (an answer to a step, or a log in a private chat); the catch-all button
    # handler comes last and tells presses of buttons no handler knows that their card has expired.
    # Each runs again while the database is briefly away (the gate waits for it in its own way).
    application.add_handlers(
        [
            ride_out_outages(handler)
            for handler in (
                *start.HANDLERS,
                *language.HANDLERS,
                *invite.HANDLERS,
                *members.HANDLERS,
                *areas.HANDLERS,
                *catalog.HANDLERS,
                *approvals.HANDLERS,
                *materials.HANDLERS,
                *events.HANDLERS,
                *reports.HANDLERS,
                *report_names.HANDLERS,
                *records.HANDLERS,
                *digest.HANDLERS,
                *log.HANDLERS,
                *photos.HANDLERS,
                *draft_buttons.HANDLERS,
                draft_buttons.FALLBACK,
            )
        ]
    )
    application.add_error_handler(errors.report_error)
