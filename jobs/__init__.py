"""Scheduled work, registered on PTB's JobQueue at start-up.

No job is scheduled yet: the weekly digest and the reminders come with their own issue. `JOBS` names
the jobs the offline console's `:run` can start by hand; it is empty until then.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.state import PufaApplication


JobCallback = Callable[[Any], Awaitable[None]]
JOBS: dict[str, JobCallback] = {}


def register_jobs(application: PufaApplication) -> None:
    """Put every scheduled job on the application's JobQueue (none yet, see above)."""
