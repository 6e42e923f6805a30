"""The guided /log: which step comes next, and how a typed answer fills a step. Pure functions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import wraps
from typing import Any

from models.catalog.entries import Catalog
from models.events.drafts import (
    MAX_MATERIAL_TITLE,
    Count,
    EventDraft,
    MaterialLine,
    Problem,
    ProblemCode,
    length_problems,
    total_problems,
)
from models.parsing import parse_event_text
from models.parsing.numbers import parse_count
from models.parsing.partners import trim_name

MAX_FAILURES = 3  # wrong answers in a row before the bot offers to cancel
MAX_ANSWER_LENGTH = 1000  # an answer to one question; a whole message may be longer


class Step(StrEnum):
    """The steps of the guided flow, in order; each is named after the draft field it fills."""

    KIND = "kind"
    DATE = "start_date"
    PLACE = "place"
    ATTENDANCE = "attendance"
    CONSULTATIONS = "consultations"
    MATERIALS = "materials"
    PARTNERS = "partners"
    PHOTOS = "photos"
    TITLE = "title"  # these two are changed from the card's ✏️, never asked in turn
    NOTE = "note"


STEPS = tuple(step for step in Step if step not in (Step.TITLE, Step.NOTE))  # the guided /log, in order
EDITABLE = (*(step for step in STEPS if step != Step.PHOTOS), Step.TITLE, Step.NOTE)  # ✏️ offers these
REQUIRED = (Step.KIND, Step.DATE, Step.ATTENDANCE)
OPTIONAL = frozenset(Step) - frozenset(REQUIRED)
_LIST_SPLIT = re.compile(r"\s*(?:[、,，;；/]|\s和\s|\sand\s)\s*|\s+", re.IGNORECASE)


def is_filled(draft: EventDraft, step: Step) -> bool:
    """Whether the draft has a value for the step (photos are counted outside the draft)."""
    if step == Step.PLACE:
        return draft.place is not None
    if step == Step.PHOTOS:
        return False
    value = getattr(draft, step.value)
    return bool(value) if isinstance(value, list) else value is not None


def next_step(draft: EventDraft, after: Step | None, *, guided: bool) -> Step | None:
    """The step to ask next, or None for the confirmation card.

    Guided, the steps after `after` that are still empty, in order; from a one-message log, only the
    required fields still missing.
    """
    if guided:
        later = STEPS if after is None else STEPS[STEPS.index(after) + 1 :]
        return next((step for step in later if not is_filled(draft, step)), None)
    return next((step for step in REQUIRED if not is_filled(draft, step)), None)


def previous_step(step: Step) -> Step | None:
    if step not in STEPS:
        return None
    index = STEPS.index(step)
    return STEPS[index - 1] if index > 0 else None


@dataclass
class StepAnswer:
    """What a typed answer did: the new draft, or the problems; and a material title waiting for its count."""

    draft: EventDraft
    problems: list[Problem] = field(default_factory=list)
    material_title: str | None = None
    unknown: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _within_bounds(fill: Callable[..., StepAnswer]) -> Callable[..., StepAnswer]:
    """Refuse an answer whose texts are longer than the ledger keeps, instead of filling the draft."""

    @wraps(fill)
    def checked(draft: EventDraft, *args: Any, **kwargs: Any) -> StepAnswer:
        answer = fill(draft, *args, **kwargs)
        if answer.material_title is not None and len(answer.material_title) > MAX_MATERIAL_TITLE:
            fragment, limit = answer.material_title[:30] + "…", str(MAX_MATERIAL_TITLE)
            return StepAnswer(
                draft, problems=[Problem(code=ProblemCode.FIELD_TOO_LONG, fragment=fragment, limit=limit)]
            )
        if answer.ok and (problems := length_problems(answer.draft) + total_problems(answer.draft)):
            return StepAnswer(draft, problems=problems)
        return answer

    return checked


@_within_bounds
def answer_step(
    draft: EventDraft,
    step: Step,
    text: str,
    *,
    today: date,
    catalog: Catalog,
    material_title: str | None = None,
    replace: bool = False,
) -> StepAnswer:
    """Fill `step` from a typed answer; a whole log line typed at any step fills what it can.

    `replace` (editing a saved event): a material line or partner list given replaces the old one
    instead of adding to it.
    """
    text = text.replace("\x00", " ")  # a space, as in a whole message: PostgreSQL keeps no NUL in a text
    if len(text) > MAX_ANSWER_LENGTH:
        too_long = Problem(code=ProblemCode.TEXT_TOO_LONG, fragment=text[:20], limit=str(MAX_ANSWER_LENGTH))
        return StepAnswer(draft, problems=[too_long])
    if not text.strip():
        return StepAnswer(draft, problems=[Problem(code=ProblemCode.TEXT_EMPTY, fragment="")])
    if step in (Step.ATTENDANCE, Step.CONSULTATIONS) or (step == Step.MATERIALS and material_title):
        count = parse_count(text)
        if isinstance(count, Count):
            if step == Step.MATERIALS and material_title:
                return StepAnswer(_with_material(draft, material_title, count, catalog, replace=replace))
            return StepAnswer(draft.model_copy(update={step.value: count}))
        if _bare_number_attempt(text):
            return StepAnswer(draft, problems=[count])
    if step == Step.MATERIALS and not material_title and (fewer := _without_line(draft, text)) is not None:
        return StepAnswer(fewer)
    if step in (Step.TITLE, Step.NOTE):  # kept as typed, full-width punctuation and all
        return StepAnswer(draft.model_copy(update={step.value: text.strip()}))
    if step == Step.PARTNERS and (names := partner_list(text)):
        kept = [] if replace else draft.partners
        return StepAnswer(
            draft.model_copy(update={"partners": [*kept, *(n for n in names if n not in kept)]})
        )
    parsed = parse_event_text(text, today=today, catalog=catalog)
    if parsed.problems:
        return StepAnswer(draft, problems=parsed.problems)
    if draft.kind is not None and step != Step.KIND:
        # Once chosen, the form changes only at its own step: a place typed later (社区教育学院) must not
        # turn a lecture into a school visit.
        parsed.draft.kind = None
    merged = merge_drafts(draft, parsed.draft, replace=replace)
    if is_filled(merged, step) and not (step == Step.MATERIALS and not parsed.draft.materials):
        return StepAnswer(merged, unknown=parsed.unknown)
    written = unicodedata.normalize("NFKC", text).strip()
    if step == Step.PLACE and parsed.unknown:
        return StepAnswer(merged.model_copy(update={"place": written}))
    if step == Step.PARTNERS and parsed.unknown:
        partners = [p for p in _LIST_SPLIT.split(written) if p]
        kept = [] if replace else merged.partners
        return StepAnswer(merged.model_copy(update={"partners": [*kept, *partners]}))
    if step == Step.MATERIALS and parsed.unknown:
        return StepAnswer(merged, material_title=written.strip("《》\"'“”「」 "))
    if merged != draft:  # it understood something else; the step itself is still open
        return StepAnswer(merged, unknown=parsed.unknown)
    return StepAnswer(
        draft, problems=[Problem(code=ProblemCode.ANSWER_NOT_UNDERSTOOD, fragment=written[:60])]
    )


# 删除《宣传单》, 去掉宣传单, 《宣传单》0份: a material line taken off, not a title to add.
_REMOVE = re.compile(r"(?:删除|删去|删掉|去掉|不要|remove|delete)\s*(?P<title>.+)", re.IGNORECASE)
_ZERO = re.compile(r"(?P<title>.+?)\s*(?:0|零)\s*[^\d\s]{0,2}")


def _without_line(draft: EventDraft, text: str) -> EventDraft | None:
    """The draft without the material line the answer takes off, or None when it takes none off."""
    written = unicodedata.normalize("NFKC", text).strip()
    found = _REMOVE.fullmatch(written) or _ZERO.fullmatch(written)
    if found is None:
        return None
    title = found["title"].strip().strip("《》\"'“”「」 ")
    kept = [m for m in draft.materials if title not in (m.title, m.canonical)]
    if len(kept) == len(draft.materials):
        return None
    return draft.model_copy(update={"materials": kept})


def partner_list(text: str) -> list[str]:
    """An answer to "which units?" that is only names: 城东派出所、社区教育学院 (no counts, no dates)."""
    written = unicodedata.normalize("NFKC", text).strip()
    if not written or re.search(r"\d", written) or len(written) > 300:
        return []
    names = [trim_name(n) for n in _LIST_SPLIT.split(written) if n]
    return names if all(names) else []


def _bare_number_attempt(text: str) -> bool:
    """An answer that is only a (wrong) number, like -5 or 很多, rather than a whole log line."""
    return len(text.split()) == 1


def _with_material(
    draft: EventDraft, title: str, count: Count, catalog: Catalog, *, replace: bool = False
) -> EventDraft:
    entry = next((m for m in catalog.materials if title in (m.title, *m.aliases)), None)
    line = MaterialLine(
        title=entry.title if entry else title,
        quantity=count.value,
        qualifier=count.qualifier,
        unit=entry.unit if entry else "份",
        canonical=entry.title if entry else None,
    )
    return merge_drafts(draft, EventDraft(materials=[line]), replace=replace)


def merge_drafts(base: EventDraft, new: EventDraft, *, replace: bool = False) -> EventDraft:
    """`base` with every field `new` gives; material lines of the same title add up and partners are kept,
    unless `replace`: then a title's new quantity and a new partner list take the old ones' place."""
    update: dict[str, object] = {
        name: value
        for name, value in new
        if value is not None and not isinstance(value, list) and name != "note"
    }
    if new.start_date is not None and new.end_date is None:
        update["end_date"] = new.start_date
    materials = {line.title: line for line in base.materials}
    for line in new.materials:
        if line.title in materials and not replace:
            old = materials[line.title]
            qualifier = old.qualifier if old.approximate else line.qualifier
            line = old.model_copy(update={"quantity": old.quantity + line.quantity, "qualifier": qualifier})
        materials[line.title] = line
    update["materials"] = list(materials.values())
    for name in ("themes", "partners", "audience", "topics"):
        kept: list[str] = [] if replace and getattr(new, name) else getattr(base, name)
        update[name] = kept + [item for item in getattr(new, name) if item not in kept]
    return base.model_copy(update=update)
