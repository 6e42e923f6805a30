"""Each shortcoming of the report's wording that issue 10 found, as a test on a year of its own (2023)."""

from __future__ import annotations

from datetime import date

import pytest

from models.db import SessionMaker
from models.events.approvals import Decision, decide
from models.events.drafts import Count, Qualifier
from models.events.records import EventStatus
from models.parsing.periods import Period, PeriodKind
from models.reporting.report import draft_report_section, report_facts
from models.reporting.wording import Total, as_written, count_text, is_title
from tests.report_data import NOW, District, line, log, seed_district

YEAR_2023 = Period(PeriodKind.YEAR, date(2023, 1, 1), date(2023, 12, 31))


async def drafted(sessions: SessionMaker, *events: dict[str, object]) -> str:
    """The 2023 report of the whole district after logging `events` (each a dict of EventDraft fields)."""
    async with sessions.begin() as session:
        district: District = await seed_district(session)
        for fields in events:
            area = getattr(district, str(fields.pop("area", "happy")))
            status = fields.pop("status", None)
            event = await log(session, district, area, **fields)
            if isinstance(status, EventStatus):  # through the write path, which keeps the rollups
                decision = Decision.RETURN if status == EventStatus.RETURNED else Decision.APPROVE
                await decide(session=session, event=event, decision=decision, by=district.worker, now=NOW)
    async with sessions() as session:
        facts = await report_facts(session=session, period=YEAR_2023, area=district.root)
    return draft_report_section(facts).text


async def test_study_topics_that_are_laws_get_book_marks_and_others_none(sessions: SessionMaker) -> None:
    text = await drafted(
        sessions,
        {"kind": "study_group", "start_date": date(2023, 3, 1), "topics": ["民法典", "习近平法治思想"]},
    )
    assert "围绕《民法典》、习近平法治思想等内容集中学习1次" in text


async def test_generic_handouts_get_no_book_marks(sessions: SessionMaker) -> None:
    text = await drafted(
        sessions,
        {
            "kind": "law_fair",
            "start_date": date(2023, 4, 2),
            "materials": [line("普法宣传单", 800), line("宣传资料", 300), line("宪法读本", 50, "册")],
        },
    )
    assert "向群众发放《宪法读本》等普法资料1150份" in text
    assert "《普法宣传单》" not in text
    assert "《宣传资料》" not in text


async def test_other_is_never_named_in_the_report(sessions: SessionMaker) -> None:
    text = await drafted(
        sessions,
        {"kind": "other", "start_date": date(2023, 5, 6), "attendance": 30, "partners": ["其他"]},
        {"kind": "lecture", "start_date": date(2023, 5, 7), "attendance": 40, "partners": ["其他", "司法所"]},
    )
    assert "其他" not in text
    assert "组织开展法治讲座1次等，共开展普法宣传活动2场次" in text
    assert "幸福社区联合司法所开展法治讲座活动" in text


async def test_a_theme_day_keeps_its_theme_in_quotes(sessions: SessionMaker) -> None:
    text = await drafted(
        sessions,
        {"kind": "desk", "themes": ["women_rights"], "start_date": date(2023, 3, 8), "area": "peace"},
        {
            "kind": "lecture",
            "themes": ["constitution"],
            "start_date": date(2023, 12, 2),
            "partners": ["区法院"],
        },
    )
    assert "和平社区开展“三八”国际妇女节普法主题宣传活动" in text
    assert "幸福社区联合区法院开展“宪法宣传周”普法主题宣传活动" in text
    assert "主题宣传日活动" not in text


async def test_partners_are_grouped_by_theme_each_named_once(sessions: SessionMaker) -> None:
    events: list[dict[str, object]] = [
        {
            "kind": "lecture",
            "themes": ["anti_fraud"],
            "start_date": date(2023, 6, day),
            "attendance": 50,
            "partners": ["城东派出所", "区检察院"] if day % 2 else ["区检察院", "城东派出所"],
            "area": "happy" if day % 3 else "sunny",
        }
        for day in range(1, 13)
    ]
    events += [
        {"kind": kind, "start_date": date(2023, 7, n + 1), "partners": [f"单位{n}"]}
        for n, kind in enumerate(("school", "village", "quiz", "online", "community", "performance"))
    ]
    text = await drafted(sessions, *events)
    sentence = text[text.index("大力推动") : text.index("进一步提升")]
    assert "幸福社区、阳光社区联合城东派出所、区检察院开展反电信网络诈骗主题法治讲座活动12场" in sentence
    assert sentence.count("区检察院") == 1
    assert sentence.count("开展") == 4  # a few kinds of work, not eighteen clauses


async def test_the_roles_are_run_in_lead_sentences(sessions: SessionMaker) -> None:
    text = await drafted(
        sessions,
        {"kind": "study_group", "start_date": date(2023, 3, 1), "topics": ["习近平法治思想"]},
        {"kind": "law_fair", "start_date": date(2023, 3, 2), "attendance": 100},
        {"kind": "case_explain", "start_date": date(2023, 3, 3), "attendance": 30},
    )
    paragraphs = text.splitlines()[1:]
    assert [p[: p.index("。") + 1] for p in paragraphs] == [
        "当好法治学习的组织者。",
        "当好法治学习的推动者。",
        "当好法治建设的实践者。",
    ]
    assert "组织开展以案释法1次" in paragraphs[2]
    assert "以案释法" not in paragraphs[1]  # practice is told once, as practice


async def test_counts_said_with_a_qualifier_keep_it_in_the_total(sessions: SessionMaker) -> None:
    text = await drafted(
        sessions,
        {
            "kind": "law_fair",
            "start_date": date(2023, 3, 2),
            "attendance": Count(value=300, qualifier=Qualifier.MORE),
            "materials": [line("民法典手册", 500, "册")],
        },
        {"kind": "law_fair", "start_date": date(2023, 3, 9), "attendance": 120},
    )
    assert "覆盖群众420余人次" in text
    assert "普法资料500份" in text


@pytest.mark.parametrize(
    ("words", "written"),
    [
        ("民法典", "《民法典》"),
        ("《人民调解法》", "《人民调解法》"),
        ("民法典手册", "《民法典手册》"),
        ("《坚持走中国特色社会主义法治道路》", "《坚持走中国特色社会主义法治道路》"),
        ("习近平法治思想", "习近平法治思想"),
        ("普法宣传单", "普法宣传单"),
        ("《宣传资料》", "宣传资料"),
        ("防范电信诈骗宣传单", "防范电信诈骗宣传单"),
    ],
)
def test_book_marks_go_round_titles_only(words: str, written: str) -> None:
    assert as_written(words) == written
    assert is_title(words) is written.startswith("《")


@pytest.mark.parametrize(
    ("total", "exact", "rounded"),
    [
        (Total(4750), "4750", "4700余"),
        (Total(3700), "3700", "3700"),
        (Total(300, Qualifier.MORE), "300余", "300余"),
        (Total(3750, Qualifier.ABOUT), "约3750", "约3800"),
        (Total(98, Qualifier.NEARLY), "近98", "近98"),
        (Total(45), "45", "45"),
    ],
)
def test_numbers_are_exact_or_said_as_the_counts_were(total: Total, exact: str, rounded: str) -> None:
    assert count_text(total) == exact
    assert count_text(total, rounded=True) == rounded


async def test_a_rough_count_of_an_event_that_does_not_count_leaves_the_total_exact(
    sessions: SessionMaker,
) -> None:
    rough = Count(value=300, qualifier=Qualifier.MORE)
    text = await drafted(
        sessions,
        {"kind": "law_fair", "start_date": date(2023, 3, 2), "attendance": 120, "consultations": 15},
        {"kind": "law_fair", "start_date": date(2022, 3, 2), "attendance": rough},  # another year
        {
            "kind": "desk",
            "start_date": date(2023, 3, 3),
            "consultations": rough,
            "status": EventStatus.RETURNED,
        },
    )
    assert "覆盖群众120人次，现场解答法律咨询15人次" in text
