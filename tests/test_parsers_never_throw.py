"""Whatever a user types, every parser of typed text answers with a value or the problems: it never raises.

Each entry point runs twice: with a fixed seed (the same examples on every run, so a failure reproduces) and
with fresh random examples (new ground each CI run; a failure prints the blob to reproduce it).
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.handlers.log import text_after_command
from models.catalog.entries import AreaEntry, shipped_catalog
from models.events.drafts import (
    MAX_COUNT,
    MAX_MATERIAL_TITLE,
    MAX_NOTE,
    MAX_PARTNER,
    MAX_PLACE,
    MAX_TITLE,
    MAX_UNIT,
    Count,
    EventDraft,
    MaterialLine,
    Problem,
    ProblemCode,
)
from models.events.log_flow import Step, answer_step
from models.events.log_text import LogText, read_log_text
from models.parsing import parse_event_text
from models.parsing.numbers import parse_count
from models.parsing.periods import (
    Period,
    PeriodProblem,
    PeriodRequest,
    bound_problem,
    parse_period,
    read_period_request,
)
from models.scheduling.digest_times import parse_digest_time
from tests.typed_text import DIGEST_TIME_PIECES, MESSAGE_PIECES, PERIOD_PIECES, typed

TODAY = date(2022, 3, 10)  # a Thursday
CATALOG = shipped_catalog(
    (
        AreaEntry(id=1, name="城东街道", path="/1/"),
        AreaEntry(id=7, name="幸福社区", path="/1/7/"),
        AreaEntry(id=8, name="李家村", path="/1/8/"),
    )
)
# Examples per pass; with both passes 2,000 per entry point a run, the whole file in ~40 s on 2 cores.
EXAMPLES = 1000
_SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
FIXED_SEED = settings(
    max_examples=EXAMPLES, derandomize=True, database=None, deadline=None, suppress_health_check=_SLOW_IS_FINE
)
RANDOM = settings(max_examples=EXAMPLES, deadline=None, print_blob=True, suppress_health_check=_SLOW_IS_FINE)
PASSES = pytest.mark.parametrize(
    "run", [pytest.param(FIXED_SEED, id="fixed-seed"), pytest.param(RANDOM, id="random")]
)
STARTING_DRAFTS = (
    EventDraft(),  # /log alone: the first question
    EventDraft(area_id=7),
    EventDraft(  # half-way through, a material line already given
        kind="law_fair",
        start_date=date(2022, 3, 8),
        end_date=date(2022, 3, 8),
        area_id=7,
        attendance=Count(value=120),
        materials=[MaterialLine(title="《民法典手册》", quantity=300, canonical="民法典手册")],
        partners=["城东派出所"],
    ),
)
MATERIAL_TITLES = st.one_of(st.sampled_from(("《民法典手册》", "宣传册", "环保袋")), st.text(max_size=200))


def texts_of(draft: EventDraft) -> list[tuple[str | None, int]]:
    """The draft's texts, each with its column's bound (models/drafts.py)."""
    return [
        (draft.title, MAX_TITLE),
        (draft.place, MAX_PLACE),
        (draft.note, MAX_NOTE),
        *((line.title, MAX_MATERIAL_TITLE) for line in draft.materials),
        *((line.unit, MAX_UNIT) for line in draft.materials),
        *((partner, MAX_PARTNER) for partner in draft.partners),
        *((topic, MAX_PARTNER) for topic in draft.topics),
    ]


def within_the_schema(draft: EventDraft) -> bool:
    """Every text fits its column, and holds no NUL (PostgreSQL refuses one in text)."""
    texts = texts_of(draft)
    return all(text is None or (len(text) <= limit and "\x00" not in text) for text, limit in texts)


def counts_in_range(draft: EventDraft) -> bool:
    counts = [draft.attendance, draft.consultations, draft.staff, draft.households]
    counts += [line.count() for line in draft.materials]
    return all(0 <= count.value <= MAX_COUNT for count in counts if count is not None)


def only_named_problems(problems: list[Problem]) -> bool:
    return all(isinstance(problem.fragment, str) for problem in problems)


# -- the properties, one per entry point


def a_log_message_is_read_or_refused(text: str) -> None:
    result = parse_event_text(text, today=TODAY, catalog=CATALOG)

    assert only_named_problems(result.problems)
    if not any(problem.code == ProblemCode.FIELD_TOO_LONG for problem in result.problems):
        assert within_the_schema(result.draft), result.draft
    assert counts_in_range(result.draft), result.draft
    assert parse_event_text(text, today=TODAY, catalog=CATALOG) == result
    # The /log handler's path: the same refusals, or the draft with the defaults filled in.
    read = read_log_text(text, today=TODAY, catalog=CATALOG, area_id=7)
    if result.problems and all(p.code == ProblemCode.CAMPAIGN_TOTAL for p in result.problems):
        assert isinstance(read, LogText)  # asked (one campaign, or cancel), not refused
        assert read.campaign_total == result.problems[0].fragment
    elif result.problems:
        assert read == result.problems
    else:
        assert isinstance(read, LogText)


def a_count_is_read_or_refused(text: str) -> None:
    count = parse_count(text)

    if isinstance(count, Count):
        assert 0 <= count.value <= MAX_COUNT
    else:
        assert count.code.startswith("count_")
        assert isinstance(count.fragment, str)
    assert parse_count(text) == count


def an_answer_fills_its_step_or_is_refused(
    draft: EventDraft, step: Step, text: str, material_title: str | None, replace: bool
) -> None:
    before = draft.model_copy(deep=True)
    title = material_title if step == Step.MATERIALS else None  # only that step waits for a title's count
    taken = answer_step(
        draft, step, text, today=TODAY, catalog=CATALOG, material_title=title, replace=replace
    )

    assert draft == before, "the answer changed the draft it was given"
    assert only_named_problems(taken.problems)
    if taken.ok:
        assert within_the_schema(taken.draft), taken.draft
        assert counts_in_range(taken.draft), taken.draft
        assert taken.material_title is None or len(taken.material_title) <= MAX_MATERIAL_TITLE
    else:
        assert taken.draft == draft, "a refused answer changed the draft"
    assert (
        answer_step(draft, step, text, today=TODAY, catalog=CATALOG, material_title=title, replace=replace)
        == taken
    )


def a_period_is_read_or_refused(text: str) -> None:
    period = parse_period(text, today=TODAY)

    if isinstance(period, Period):
        assert period.start <= period.end
        assert bound_problem(period) is None
        assert period.previous().end < period.start  # the summary card's ◀ and ▶
        assert period.next().start > period.end
    else:
        assert isinstance(period, PeriodProblem)
    assert parse_period(text, today=TODAY) == period


def a_summary_request_is_read_or_refused(text: str) -> None:
    """What follows /summary, /report, /export or /chart, as the handler reads it."""
    request = read_period_request(text_after_command(f"/summary {text}"), today=TODAY)

    if isinstance(request, PeriodRequest):
        assert bound_problem(request.period) is None
        assert request.area_name is None or isinstance(request.area_name, str)
    else:
        assert isinstance(request, PeriodProblem)
    assert read_period_request(text_after_command(f"/summary {text}"), today=TODAY) == request


def a_digest_time_is_read_or_refused(text: str) -> None:
    when = parse_digest_time(text)

    if when is not None:
        weekday, minute = when
        assert 0 <= weekday <= 6
        assert 0 <= minute < 24 * 60
    assert parse_digest_time(text) == when


# -- the fuzz tests: a fixed-seed pass and a random pass per entry point


@PASSES
def test_any_log_message_is_read_or_refused(run: settings) -> None:
    run(given(typed(MESSAGE_PIECES))(a_log_message_is_read_or_refused))()


@PASSES
def test_any_answer_to_how_many_is_read_or_refused(run: settings) -> None:
    run(given(typed(MESSAGE_PIECES, max_pieces=6))(a_count_is_read_or_refused))()


@PASSES
def test_any_answer_at_any_step_fills_it_or_is_refused(run: settings) -> None:
    answers = given(
        draft=st.sampled_from(STARTING_DRAFTS),
        step=st.sampled_from(Step),
        text=typed(MESSAGE_PIECES),
        material_title=st.none() | MATERIAL_TITLES,
        replace=st.booleans(),
    )
    run(answers(an_answer_fills_its_step_or_is_refused))()


@PASSES
def test_any_period_is_read_or_refused(run: settings) -> None:
    run(given(typed(PERIOD_PIECES, max_pieces=8))(a_period_is_read_or_refused))()


@PASSES
def test_any_summary_request_is_read_or_refused(run: settings) -> None:
    run(given(typed(PERIOD_PIECES, max_pieces=12))(a_summary_request_is_read_or_refused))()


@PASSES
def test_any_digest_time_is_read_or_refused(run: settings) -> None:
    run(given(typed(DIGEST_TIME_PIECES, max_pieces=6))(a_digest_time_is_read_or_refused))()


# -- inputs that broke a parser before, each through the entry points that read it


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("周五（星期五）", date(2022, 3, 4)),
        ("周一 周一", date(2022, 3, 7)),
        ("Friday 周五", date(2022, 3, 4)),
    ],
)
def test_a_weekday_written_twice_is_one_date(text: str, day: date) -> None:
    """IndexError before: the second mention of the same weekday was looked up past the end of a list."""
    result = parse_event_text(text, today=TODAY, catalog=CATALOG)
    assert result.problems == []
    assert (result.draft.start_date, result.draft.end_date) == (day, day)

    answered = answer_step(EventDraft(), Step.DATE, text, today=TODAY, catalog=CATALOG)
    assert answered.ok
    assert answered.draft.start_date == day

    assert parse_digest_time(f"{text} 16:30") is None  # the digest takes one weekday, written once


@pytest.mark.parametrize("text", ["一万十五人", "一百十〇人"])
def test_a_malformed_chinese_numeral_is_not_a_number(text: str) -> None:
    """KeyError from cn2an before."""
    not_a_number = Problem(code=ProblemCode.COUNT_NOT_A_NUMBER, fragment=text)
    assert parse_count(text) == not_a_number

    result = parse_event_text(f"法律大集 昨天 {text}", today=TODAY, catalog=CATALOG)
    assert result.problems == [not_a_number]
    assert result.draft.attendance is None

    answered = answer_step(EventDraft(), Step.ATTENDANCE, text, today=TODAY, catalog=CATALOG)
    assert answered.problems == [not_a_number]


@pytest.mark.parametrize("digits", ["1" * 400 + "万", "1" * 309 + "万", "1" * 400 + ".5", "1" * 400])
def test_a_number_longer_than_a_float_is_refused_or_kept_as_written(digits: str) -> None:
    """OverflowError before: 1…1万 (309 digits and more) went through a float on the way to an int."""
    refusals = {ProblemCode.COUNT_NOT_A_NUMBER, ProblemCode.COUNT_TOO_LARGE}  # either says what is wrong
    count = parse_count(digits + "人")
    assert isinstance(count, Problem)
    assert count.code in refusals
    assert count.fragment
    assert digits.startswith(count.fragment)  # the answer as typed, cut at 100 characters

    answered = answer_step(EventDraft(), Step.ATTENDANCE, digits + "人", today=TODAY, catalog=CATALOG)
    assert [problem.code for problem in answered.problems] in ([code] for code in refusals)

    # In a whole message no count is that long: it is not read as one, and nothing of it is lost.
    result = parse_event_text(f"法律大集 昨天 {digits}人", today=TODAY, catalog=CATALOG)
    assert result.draft.attendance is None
    assert result.unknown == [digits + "人"]


@pytest.mark.parametrize("text", ["0001", "9999", "0001-Q1", "9999年3月", "0001-01-01..2022-01-01"])
def test_a_year_the_bot_does_not_cover_is_out_of_range(text: str) -> None:
    """/summary 0001: a year no date can be made of, refused before one is."""
    assert parse_period(text, today=TODAY) == PeriodProblem.OUT_OF_RANGE
    request = read_period_request(text_after_command(f"/summary {text}"), today=TODAY)
    assert request == PeriodProblem.OUT_OF_RANGE


@pytest.mark.parametrize("text", ["0\ue000", "在\ue000广场 法律大集", "法律大集 《民法典》 \ue001手册"])
def test_a_private_use_character_is_not_taken_for_a_book_title(text: str) -> None:
    """IndexError before (found by the fuzz above): the parser marks 《book》 titles with these characters."""
    result = parse_event_text(text, today=TODAY, catalog=CATALOG)

    assert result.problems == []
    assert not any("\ue000" <= c <= "\uf8ff" for c in result.model_dump_json()), result
    assert result.draft.topics.count("民法典") <= 1


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("法律大集 昨天 100人 民警900000名 律师900000名", "律师900000名"),
        ("入户走访 昨天 入户900000户 走访900000户", "900000户"),
        ("法律大集 昨天 发放《民法典》900000份、《民法典》900000份", "《民法典》"),  # named by its title
    ],
)
def test_counts_that_add_up_past_the_limit_are_refused(text: str, fragment: str) -> None:
    """Found while writing the fuzz: each count was bounded, their sum was not (1,800,000 staff kept)."""
    result = parse_event_text(text, today=TODAY, catalog=CATALOG)

    assert [(p.code, p.fragment) for p in result.problems] == [(ProblemCode.COUNT_TOO_LARGE, fragment)]
    assert counts_in_range(result.draft), result.draft


@pytest.mark.parametrize(("text", "title"), [("《民法典手册》900000份", None), ("900000", "《民法典手册》")])
def test_a_material_line_that_adds_up_past_the_limit_is_refused(text: str, title: str | None) -> None:
    """The guided /log adds a title's lines up across answers: their sum is bounded like one count."""
    draft = EventDraft(
        materials=[MaterialLine(title="《民法典手册》", quantity=900_000, canonical="民法典手册")]
    )

    answered = answer_step(draft, Step.MATERIALS, text, today=TODAY, catalog=CATALOG, material_title=title)

    assert [problem.code for problem in answered.problems] == [ProblemCode.COUNT_TOO_LARGE]
    assert answered.draft == draft


@pytest.mark.parametrize(
    ("step", "text", "kept"),
    [(Step.TITLE, "民法典\x00法律大集", "民法典 法律大集"), (Step.NOTE, "冒雨\x00坚持", "冒雨 坚持")],
)
def test_a_nul_typed_in_an_answer_is_a_space(step: Step, text: str, kept: str) -> None:
    """Found by the fuzz above: a title typed with a NUL was kept, and PostgreSQL refused to save it."""
    answered = answer_step(EventDraft(), step, text, today=TODAY, catalog=CATALOG)

    assert getattr(answered.draft, step.value) == kept
    nothing = answer_step(EventDraft(), Step.PARTNERS, "\x00", today=TODAY, catalog=CATALOG)
    assert nothing.problems == [Problem(code=ProblemCode.TEXT_EMPTY, fragment="")]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("“周1;”", "周1;"),
        ("“3月8日法治讲座” 100人", "3月8日法治讲座"),
        ("“城东派出所反诈讲座” 昨天", "城东派出所反诈讲座"),
        ("“在幸福广场的法律大集”", "在幸福广场的法律大集"),
    ],
)
def test_a_quoted_title_is_kept_as_written(text: str, title: str) -> None:
    """Found by the fuzz above: what was read inside the quotes left the parser's NUL blanks in the title."""
    result = parse_event_text(text, today=TODAY, catalog=CATALOG)

    assert result.draft.title == title
