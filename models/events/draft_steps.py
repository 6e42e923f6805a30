"""Moving a draft through its steps: answers, 跳过/返回, ✏️ jumps, button choices, cancelling."""

from __future__ import annotations

import zlib
from datetime import date

from models.events.drafts import MaterialLine
from models.events.log_drafts import DraftMode, DraftStatus, LogDraft
from models.events.log_flow import STEPS, Step, StepAnswer, next_step, previous_step


def take_answer(row: LogDraft, step: Step, answer: StepAnswer) -> None:
    """Apply a typed answer to the step: a wrong one counts as a failure, a right one moves on."""
    if not answer.ok:
        row.failures += 1
        return
    row.failures = 0
    row.draft = answer.draft
    row.material_title = answer.material_title
    if step == Step.MATERIALS and row.mode != DraftMode.EDIT:
        return  # several lines: the worker adds more until 完成
    move_on(row, step)


def move_on(row: LogDraft, step: Step) -> None:
    """The step is answered or skipped: ask the next one, or show the card."""
    row.failures, row.material_title = 0, None
    if row.return_to_card or row.mode == DraftMode.EDIT:
        row.return_to_card = False
        after = next_step(row.draft, None, guided=False)  # a required field may still be missing
    else:
        after = next_step(row.draft, step, guided=row.mode == DraftMode.GUIDED)
    row.awaiting = after.value if after else None


def go_back(row: LogDraft) -> None:
    """Return to the step before the current one (from the card: the last step)."""
    current = row.step
    before = previous_step(current) if current else STEPS[-1]
    row.failures, row.material_title, row.return_to_card = 0, None, False
    row.awaiting = (before or current or STEPS[0]).value


def go_to(row: LogDraft, step: Step) -> None:
    """Ask one step again, from the card's ✏️; the card comes back after it."""
    row.awaiting, row.return_to_card, row.failures, row.material_title = step.value, True, 0, None


def set_field(row: LogDraft, step: Step, value: object) -> None:
    """A button's answer (a kind, a date, an area, a material title) for the step."""
    draft = row.draft
    if step == Step.KIND:
        draft.kind = str(value)
    elif step == Step.DATE:
        assert isinstance(value, date)
        draft.start_date = draft.end_date = value
        row.defaulted = [f for f in row.defaulted if f != "start_date"]
    elif step == Step.PLACE:
        draft.area_id = int(str(value))
        row.defaulted = [f for f in row.defaulted if f != "area_id"]
    row.draft = draft
    if step == Step.MATERIALS:
        row.material_title = str(value)  # the quantity is typed next
        return
    move_on(row, step)


def cancel_draft(row: LogDraft) -> None:
    row.status = DraftStatus.CANCELLED
    row.awaiting = None


def material_key(line: MaterialLine) -> str:
    """Eight hex digits that tell a material line from another: a 🗑 names the line it was drawn for."""
    return f"{zlib.crc32(f'{line.title}|{line.quantity}|{line.unit}|{line.category}'.encode()):08x}"


def remove_material(row: LogDraft, index: int, key: str) -> bool:
    """🗑 on a material line of the card; False when that line is no longer at that place (removed
    already, by this press delivered twice or by an older card)."""
    draft = row.draft
    if not 0 <= index < len(draft.materials) or material_key(draft.materials[index]) != key:
        return False
    del draft.materials[index]
    row.draft = draft
    return True


def step_up(row: LogDraft) -> None:
    """取消 on a sub-question: a handout's quantity goes back to the materials, a field opened from the
    card goes back to the card (or to a required field still missing)."""
    if row.material_title:
        row.material_title, row.failures = None, 0
        return
    row.return_to_card, row.failures = False, 0
    after = next_step(row.draft, None, guided=False)
    row.awaiting = after.value if after else None


def mark_campaign(row: LogDraft) -> None:
    """The worker chose to log a campaign's total as one event: marked so, then the usual card."""
    draft = row.draft
    draft.campaign = True
    row.draft = draft
    after = next_step(draft, None, guided=False)
    row.awaiting = after.value if after else None
