"""Periods far outside the ledger's years are refused with the bound, typed or pressed, and cost nothing."""

from __future__ import annotations

import pytest

from models.organisation.members import Role
from tests.harness import BotUnderTest

OUT_OF_RANGE = "台账只涵盖2000年至2100年，请选择这一范围内的期间。"


@pytest.mark.parametrize("command", ["/summary 0001", "/summary 9999", "/chart 1800-01-01..2026-11-29"])
async def test_a_period_outside_the_ledgers_years_is_refused_with_the_bound(
    tg: BotUnderTest, command: str
) -> None:
    coordinator = await tg.worker(role=Role.COORDINATOR)
    [reply] = await tg.send(coordinator, command)
    assert reply.shown_text == OUT_OF_RANGE
    assert tg.api.files_sent == []


async def test_a_period_longer_than_twenty_years_is_refused_in_english_too(tg: BotUnderTest) -> None:
    coordinator = await tg.worker("Alice", language_code="en", role=Role.COORDINATOR)
    [reply] = await tg.send(coordinator, "/export 2000-01-01..2030-12-31")
    assert reply.shown_text == "A period can be at most 20 years long; choose a shorter one."
    [reply] = await tg.send(coordinator, "/report 1999")
    assert reply.shown_text == "The ledger covers the years 2000 to 2100; choose a period within them."


async def test_the_first_and_last_years_have_no_step_beyond_them(tg: BotUnderTest) -> None:
    coordinator = await tg.worker(role=Role.COORDINATOR)
    [first] = await tg.send(coordinator, "/summary 2000")
    assert first.button_labels[0] == "下一期 ▶"
    assert "◀ 上一期" not in first.button_labels
    [last] = await tg.send(coordinator, "/summary 2100")
    assert last.button_labels[0] == "◀ 上一期"
    assert "下一期 ▶" not in last.button_labels


@pytest.mark.parametrize("code", ["y0001010100011231", "y9999010199991231", "r1800010120261129"])
async def test_a_crafted_summary_button_for_year_one_shows_nothing(tg: BotUnderTest, code: str) -> None:
    coordinator = await tg.worker(role=Role.COORDINATOR)
    [card] = await tg.send(coordinator, "/summary")
    area_id = (await tg.member_of(coordinator)).area_id
    press = tg.api.callback_update(coordinator, card, "◀ 上一期")
    press["callback_query"]["data"] = f"s:sum:{code}:{area_id}"
    assert await tg.driver.deliver(press) == []
    assert tg.answer_to(press) == "这个按钮已失效"  # no button of ours carries such a period
    assert tg.api.files_sent == []
