"""Callback data: one schema per family of buttons, and a press read only when the whole data fits it.

Telegram hands back whatever a client puts in callback data, up to 64 bytes. Each family's handler is
registered with its schema as the pattern, so data that does not fit any schema (a 20-digit id, "4x" for
an area, a verb no button carries) reaches only the catch-all, which says the button has expired and
changes nothing. Ids are ASCII digits, at most nine (`\\d` would take any script's digits, and ten digits
can pass the database's integer).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.digest_cards import LOG_BUTTON
from bot.i18n import Texts
from models.events.approvals import Decision
from models.events.log_flow import Step
from models.organisation.members import Role

ID = r"[0-9]{1,9}"
STEP = "|".join(step.value for step in Step)
ROLE = "|".join(role.value for role in Role)


class Buttons:
    """The schema of one family: a regex the whole callback data must match (`fullmatch`)."""

    def __init__(self, pattern: str) -> None:
        self.regex = re.compile(pattern)

    @property
    def pattern(self) -> str:
        """The regex's source, as a compiled regex names it: the family's prefix comes first."""
        return self.regex.pattern

    def __call__(self, data: object) -> bool:
        """As a CallbackQueryHandler pattern: only data of this family reaches the family's handler."""
        return isinstance(data, str) and self.regex.fullmatch(data) is not None

    def read(self, data: str | None) -> re.Match[str] | None:
        return self.regex.fullmatch(data) if data is not None else None


def verbs(prefix: str, arguments: Mapping[str, str | None]) -> Buttons:
    """The family "<prefix>:<id>:<verb>[:<argument>]", where each verb has the regex of its argument
    (None: the verb takes none). Read as groups "id", "verb" and "arg"."""
    allowed = "|".join(
        verb + (f":(?:{argument})" if argument else "") for verb, argument in arguments.items()
    )
    return Buttons(rf"{prefix}:(?P<id>{ID}):(?=(?:{allowed})\Z)(?P<verb>[a-z]+)(?::(?P<arg>[^:]+))?")


# The guided /log and a draft's card (bot/keyboards.py).
DRAFT = verbs(
    "d",
    {
        **dict.fromkeys(("cancel", "keep", "save", "edit", "card")),
        **dict.fromkeys(("skip", "back", "done", "go"), STEP),
        "kind": r"[A-Za-z0-9_]{1,32}",  # an event kind's code
        "date": r"[0-9]{8}",  # YYYYMMDD
        "area": ID,
        "mat": ID,
    },
)
# A saved event's card and the /my and /pending lists (bot/keyboards.py).
EVENT = verbs(
    "e",
    {
        **dict.fromkeys(("open", "card", "edit", "del", "delok", "hist", "photos", "addph")),
        **dict.fromkeys(d.value for d in Decision),
        "f": "|".join(step.value for step in Step if step != Step.PHOTOS),
    },
)
# /members: a member's card, their role, status and the area picker (bot/handlers/members.py).
MEMBER = verbs("m", {**dict.fromkeys(("open", "areas", "on", "off")), "role": ROLE, "area": ID, "in": ID})
# /invite: "r" the role, "d" down the area tree, "a" the area chosen (bot/handlers/invite.py).
INVITE = Buttons(
    rf"i:(?=(?:r:(?:{ROLE})|[da]:(?:{ROLE}):{ID})\Z)(?P<step>[rda]):(?P<role>[a-z]+)(?::(?P<area>{ID}))?"
)
# Under a summary card: the verb, the period's code, the area (bot/handlers/reports.py).
SUMMARY = Buttons(rf"s:(?P<verb>sum|rep|repa|xls|png|rec):(?P<period>[wmqyr][0-9]{{16}}):(?P<area>{ID})")
# The Friday nudge's 📝 button.
# 📄 on a saved event's card: its 活动记录表 (bot/handlers/records.py).
RECORD = Buttons(rf"rec:(?P<id>{ID})")
NUDGE = Buttons(re.escape(LOG_BUTTON))
# /materials: take a worker's new material title into the catalogue (bot/handlers/materials.py).
CATALOG = verbs("c", {"ok": None})


def expired_button(t: Texts) -> str:
    """The answer to a press no schema reads: a button of an older bot, or data no button carries."""
    return t._("This button has expired")
