"""Which events a figure counts: approved and submitted ones by default, or approved ones only.

Returned and deleted events never count. Every summary says which basis it used and how many events
still await approval, so that a figure on paper can be told from a provisional one.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

from models.events.records import EventStatus

APPROVED_WORDS = ("已通过", "已审核", "审核通过", "approved")  # 已通过 is the status's name


class Basis(StrEnum):
    SUBMITTED = "submitted"  # approved ones and those still awaiting approval (the default)
    APPROVED = "approved"  # approved ones only

    @property
    def statuses(self) -> tuple[str, ...]:
        if self is Basis.APPROVED:
            return (EventStatus.APPROVED.value,)
        return (EventStatus.SUBMITTED.value, EventStatus.APPROVED.value)


def read_basis(text: str) -> tuple[Basis, str]:
    """Take 已审核 / approved out of a command's words: the basis it asks for, and the other words."""
    words = unicodedata.normalize("NFKC", text).split()
    kept = [w for w in words if w.lower() not in APPROVED_WORDS]
    return (Basis.APPROVED if len(kept) < len(words) else Basis.SUBMITTED), " ".join(kept)
