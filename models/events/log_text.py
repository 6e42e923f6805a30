"""A log message read into a draft: the defaults filled in (today, the member's area) and marked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.catalog.entries import Catalog
from models.events.drafts import EventDraft, Problem, ProblemCode
from models.events.log_drafts import MAX_NOTE
from models.parsing import parse_event_text


def with_defaults(draft: EventDraft, *, today: date, area_id: int) -> tuple[EventDraft, list[str]]:
    """Fill date (today) and area (the member's own) when the message gave none; say which were filled."""
    filled: dict[str, object] = {}
    if draft.start_date is None:
        filled |= {"start_date": today, "end_date": today}
    if draft.area_id is None:
        filled["area_id"] = area_id
    defaulted: list[str] = [name for name in ("start_date", "area_id") if name in filled]
    # A shallow copy: only these plain fields change, and the parser's draft is not used again.
    return draft.model_copy(update=filled), defaulted


@dataclass(frozen=True)
class LogText:
    """A log message read for a draft: the draft with its defaults, and what was not understood."""

    draft: EventDraft
    defaulted: list[str]
    unknown: list[str]
    campaign_total: str | None = None  # 全镇共开展40场: what to ask about before anything else


def _only_campaign(problems: list[Problem]) -> str | None:
    """The campaign total's words when it is the one thing refused: the worker is asked, not refused."""
    if problems and all(p.code == ProblemCode.CAMPAIGN_TOTAL for p in problems):
        return problems[0].fragment
    return None


def read_log_text(text: str, *, today: date, catalog: Catalog, area_id: int) -> LogText | list[Problem]:
    """Parse a log text and fill the defaults; what the parser could not place becomes the note."""
    result = parse_event_text(text, today=today, catalog=catalog)
    campaign_total = _only_campaign(result.problems)
    if result.problems and campaign_total is None:
        return result.problems
    draft, defaulted = with_defaults(result.draft, today=today, area_id=area_id)
    draft.note = " ".join(result.unknown)[:MAX_NOTE] or None
    return LogText(draft, defaulted, result.unknown, campaign_total)
