"""Input built to be slow or too long: read in linear time, and refused the same way on both databases."""

from __future__ import annotations

import time
from datetime import date

from sqlalchemy import func
from sqlmodel import select

from models.catalog.entries import shipped_catalog
from models.events.drafts import Count, ProblemCode
from models.events.log_drafts import LogDraft
from models.events.records import Event
from models.parsing import parse_event_text
from tests.harness import BotUnderTest

CATALOG = shipped_catalog()


def _seconds(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.thread_time()  # CPU time: other work on a shared machine does not count
        parse_event_text(text, today=date(2026, 11, 30), catalog=CATALOG)
        best = min(best, time.thread_time() - start)
    return best


def test_a_message_full_of_weekdays_is_read_in_linear_time() -> None:
    # Each weekday once checked every other date for a neighbour it confirms: four times the text took
    # sixteen times as long. A ratio, not a time, so a slow machine does not fail it.
    short, long = ("周五（星期五）" * 150)[:1000], ("周五（星期五）" * 600)[:4000]
    assert _seconds(long) < 8 * _seconds(short)


async def test_a_place_longer_than_the_ledger_keeps_is_refused_before_the_database(tg: BotUnderTest) -> None:
    # PostgreSQL refused a 201-character place only at ✅; SQLite stored it. Now both refuse it on the card.
    worker = await tg.worker()
    [reply] = await tg.send(worker, "/log 法律大集 昨天 100人 在" + "幸" * 200 + "广场")
    assert "没有保存" in reply.shown_text
    assert "太长：最多 200 个字" in reply.shown_text
    async with tg.sessions() as session:
        counts = [(await session.exec(select(func.count()).select_from(t))).one() for t in (Event, LogDraft)]
    assert counts == [0, 0]


def test_more_dates_than_one_event_has_are_asked_about_not_worked_out() -> None:
    # 30 different days: past 24 the dates are only cut out, and the worker is asked which one is meant.
    days = " ".join(f"11月{day}日" for day in range(1, 31))
    result = parse_event_text(f"/log 讲座 {days} 50人", today=date(2026, 11, 30), catalog=CATALOG)
    assert [p.code for p in result.problems] == [ProblemCode.DATE_AMBIGUOUS]
    assert result.draft.start_date is None
    assert result.draft.attendance == Count(value=50)  # no day was read as a count
    assert "11月" not in " ".join(result.unknown)
