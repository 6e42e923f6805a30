"""One look per form on every chart: a fixed colour and pattern for each form code, colour-blind safe.

The colours are Paul Tol's "muted" scheme, made to stay apart for the common kinds of colour blindness and
in greyscale print. Nine colours are not enough for the sixteen shipped forms, so the second nine repeat
them with a hatch: the pattern, not the hue, tells those apart. A form an admin adds later gets a look
from its code's hash, the same one every time; the folded "other forms" are grey.
"""

from __future__ import annotations

from dataclasses import dataclass
from zlib import crc32

TOL_MUTED = (
    "#332288",  # indigo
    "#88CCEE",  # cyan
    "#44AA99",  # teal
    "#117733",  # green
    "#999933",  # olive
    "#DDCC77",  # sand
    "#CC6677",  # rose
    "#882255",  # wine
    "#AA4499",  # purple
)
HATCHES = ("", "//")
OTHER = "#BBBBBB"  # the forms folded together on a crowded chart
OTHER_FORM = "#DDDDDD"  # the catalogue's own 其他


@dataclass(frozen=True)
class Look:
    colour: str
    hatch: str = ""


# The shipped forms, most common first, so the commonest get the plain colours.
FORM_LOOKS: dict[str, Look] = {
    code: Look(TOL_MUTED[n % len(TOL_MUTED)], HATCHES[n // len(TOL_MUTED)])
    for n, code in enumerate(
        (
            "lecture",
            "law_fair",
            "desk",
            "community",
            "enterprise",
            "school",
            "village",
            "study_group",
            "pre_meeting_study",
            "home_visit",
            "online",
            "case_explain",
            "performance",
            "quiz",
            "construction_site",
            "collective_study",
        )
    )
}
OTHER_LOOK = Look(OTHER)


def form_look(code: str | None) -> Look:
    """The look of a form on every chart; None is the folded forms' grey."""
    if code is None:
        return OTHER_LOOK
    if code == "other":
        return Look(OTHER_FORM)
    if code in FORM_LOOKS:
        return FORM_LOOKS[code]
    n = crc32(code.encode()) % (len(TOL_MUTED) * len(HATCHES))
    return Look(TOL_MUTED[n % len(TOL_MUTED)], HATCHES[n // len(TOL_MUTED)])
