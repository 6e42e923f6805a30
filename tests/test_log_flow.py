"""The guided /log's steps: what comes next, and how typed answers fill them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from models.catalog.entries import AreaEntry, shipped_catalog
from models.events.drafts import Count, EventDraft, MaterialLine, ProblemCode
from models.events.log_flow import Step, answer_step, merge_drafts, next_step, previous_step

TODAY = date(2022, 6, 20)
CATALOG = shipped_catalog(areas=(AreaEntry(id=7, name="幸福社区"),))


def answer(step: Step, text: str, draft: EventDraft | None = None, **kwargs: Any):
    return answer_step(draft or EventDraft(), step, text, today=TODAY, catalog=CATALOG, **kwargs)


def test_guided_steps_come_in_order_and_skip_what_is_already_filled() -> None:
    empty = EventDraft()
    assert next_step(empty, None, guided=True) == Step.KIND
    assert next_step(empty, Step.KIND, guided=True) == Step.DATE
    filled = EventDraft(kind="law_fair", start_date=TODAY, attendance=Count(value=9))
    assert next_step(filled, Step.KIND, guided=True) == Step.PLACE
    assert next_step(filled, Step.PLACE, guided=True) == Step.CONSULTATIONS
    assert next_step(filled, Step.PARTNERS, guided=True) == Step.PHOTOS
    assert next_step(filled, Step.PHOTOS, guided=True) is None
    assert previous_step(Step.DATE) == Step.KIND
    assert previous_step(Step.KIND) is None


def test_a_one_message_log_asks_only_the_missing_required_fields() -> None:
    assert next_step(EventDraft(start_date=TODAY), None, guided=False) == Step.KIND
    assert (
        next_step(EventDraft(kind="law_fair", start_date=TODAY), Step.KIND, guided=False) == Step.ATTENDANCE
    )
    complete = EventDraft(kind="law_fair", start_date=TODAY, attendance=Count(value=1))
    assert next_step(complete, Step.ATTENDANCE, guided=False) is None


@pytest.mark.parametrize(
    ("step", "text", "field", "value"),
    [
        (Step.KIND, "反诈宣讲", "kind", "lecture"),
        (Step.KIND, "ｌａｗ ｆａｉｒ", "kind", "law_fair"),
        (Step.DATE, "3月8日", "start_date", date(2022, 3, 8)),
        (Step.DATE, "上周五", "start_date", date(2022, 6, 17)),
        (Step.PLACE, "幸福社区", "area_id", 7),
        (Step.PLACE, "人民广场东侧", "place", "人民广场东侧"),
        (Step.ATTENDANCE, "一百二十", "attendance", Count(value=120)),
        (Step.ATTENDANCE, "80多人", "attendance", Count(value=80, approximate=True)),
        (Step.CONSULTATIONS, "１５", "consultations", Count(value=15)),
        (Step.PARTNERS, "城东派出所、社区教育学院", "partners", ["城东派出所", "社区教育学院"]),
        (Step.PARTNERS, "联合城东派出所", "partners", ["城东派出所"]),
    ],
)
def test_a_typed_answer_fills_its_step(step: Step, text: str, field: str, value: object) -> None:
    result = answer(step, text)
    assert result.ok
    assert getattr(result.draft, field) == value


def test_a_material_is_a_title_then_a_quantity() -> None:
    first = answer(Step.MATERIALS, "民法典手册")
    assert (first.ok, first.material_title, first.draft.materials) == (True, "民法典手册", [])
    second = answer(Step.MATERIALS, "三百", first.draft, material_title="民法典手册")
    assert second.draft.materials == [MaterialLine(title="民法典手册", quantity=300, unit="册", known=True)]
    third = answer(Step.MATERIALS, "《人民调解法》50份", second.draft)
    assert [(m.title, m.quantity) for m in third.draft.materials] == [
        ("民法典手册", 300),
        ("《人民调解法》", 50),
    ]


def test_a_whole_log_line_at_any_step_fills_what_it_can() -> None:
    result = answer(Step.KIND, "法律大集 3月8日 120人 《民法典手册》300份")
    assert (result.draft.kind, result.draft.start_date, result.draft.attendance) == (
        "law_fair",
        date(2022, 3, 8),
        Count(value=120),
    )
    assert next_step(result.draft, Step.KIND, guided=True) == Step.PLACE


@pytest.mark.parametrize(
    ("step", "text", "code"),
    [
        (Step.ATTENDANCE, "很多", ProblemCode.COUNT_NOT_A_NUMBER),
        (Step.ATTENDANCE, "-5", ProblemCode.COUNT_NEGATIVE),
        (Step.ATTENDANCE, "5000000", ProblemCode.COUNT_TOO_LARGE),
        (Step.DATE, "明天", ProblemCode.DATE_IN_FUTURE),
        (Step.DATE, "随便", ProblemCode.ANSWER_NOT_UNDERSTOOD),
        (Step.KIND, "篮球比赛", ProblemCode.ANSWER_NOT_UNDERSTOOD),
        (Step.MATERIALS, "很多", ProblemCode.COUNT_NOT_A_NUMBER),
        (Step.KIND, "x" * 5000, ProblemCode.TEXT_TOO_LONG),
    ],
)
def test_a_wrong_answer_is_refused_with_its_reason(step: Step, text: str, code: ProblemCode) -> None:
    kwargs: dict[str, Any] = {"material_title": "民法典手册"} if step == Step.MATERIALS else {}
    result = answer(step, text, **kwargs)
    assert [p.code for p in result.problems] == [code]
    assert result.draft == EventDraft()


def test_merging_adds_up_the_same_material_and_keeps_partners() -> None:
    base = EventDraft(
        partners=["城东派出所"],
        materials=[MaterialLine(title="宪法读本", quantity=10, unit="册", known=True)],
    )
    new = EventDraft(
        partners=["城东派出所", "司法所"],
        materials=[MaterialLine(title="宪法读本", quantity=5, approximate=True, unit="册", known=True)],
    )
    merged = merge_drafts(base, new)
    assert merged.partners == ["城东派出所", "司法所"]
    assert merged.materials == [
        MaterialLine(title="宪法读本", quantity=15, approximate=True, unit="册", known=True)
    ]
