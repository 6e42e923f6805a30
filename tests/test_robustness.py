"""What a review found: redeliveries, stale prompts, locked events, group photos, hand-typed ids."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import col, func, select

from bot.standin.model import FakeUser
from models.events.log_drafts import LogDraft
from models.events.photos import EventPhoto
from models.events.records import Event, EventStatus
from models.organisation.members import Member, MemberStatus, Role
from tests.harness import BotUnderTest
from tests.test_organisation import district, member


async def drafts(tg: BotUnderTest) -> list[LogDraft]:
    async with tg.sessions() as s:
        return list(await s.exec(select(LogDraft).order_by(col(LogDraft.id))))


async def saved_event_and_its_coordinator(tg: BotUnderTest) -> tuple[FakeUser, FakeUser]:
    """A worker of 幸福社区 who saved one event, and the coordinator of 城东街道 above it."""
    areas = await district(tg)
    worker = await member(tg, "王芳", Role.WORKER, areas["幸福社区"])
    coordinator = await member(tg, "协调员", Role.COORDINATOR, areas["城东街道"])
    await tg.send(worker, "/log 法律大集 昨天 100人")
    await tg.press(worker, "✅ 保存")
    return worker, coordinator


async def test_an_answer_delivered_again_after_the_last_step_opens_nothing(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    await tg.send(worker, "/log 法律大集 昨天")  # attendance missing: asked
    answer = tg.api.text_update(worker, "120")
    await tg.driver.deliver(answer)  # card now complete
    again = await tg.driver.deliver(answer)
    assert again == [], "a redelivered answer produced a reply"


async def test_a_return_reason_delivered_again_opens_nothing(tg: BotUnderTest) -> None:
    _worker, coord = await saved_event_and_its_coordinator(tg)
    [pending] = await tg.send(coord, "/pending")
    [card] = await tg.press(coord, 1, message=pending)
    await tg.press(coord, "↩ 退回", message=card)
    reason = tg.api.text_update(coord, "照片缺失 3月8日 120人 法律大集")
    await tg.driver.deliver(reason)
    again = await tg.driver.deliver(reason)
    assert again == []


async def test_a_return_prompt_left_for_hours_does_not_swallow_a_new_log(tg: BotUnderTest) -> None:
    _worker, coord = await saved_event_and_its_coordinator(tg)
    [pending] = await tg.send(coord, "/pending")
    [card] = await tg.press(coord, 1, message=pending)
    await tg.press(coord, "↩ 退回", message=card)  # ...then does something else
    tg.clock.advance(timedelta(hours=20))
    [card] = await tg.send(coord, "法律大集 昨天 城东街道 80人")  # meant as a new log
    assert "请核对活动信息" in card.shown_text
    async with tg.sessions() as s:
        e = (await s.exec(select(Event))).one()
    assert e.status != EventStatus.RETURNED, f"event returned with reason {e.status_note!r}"


async def test_a_captioned_photo_in_a_group_is_the_groups_own(tg: BotUnderTest) -> None:
    areas = await district(tg)
    worker = await member(tg, "王芳", Role.WORKER, areas["幸福社区"])
    group = tg.api.group("城东普法群")
    replies = await tg.driver.send_photo(worker, caption="今天大家辛苦了", chat=group)
    assert replies == []


async def test_photos_do_not_attach_to_an_event_approved_meanwhile(tg: BotUnderTest) -> None:
    worker, coord = await saved_event_and_its_coordinator(tg)
    [listing] = await tg.send(worker, "/my")
    [wcard] = await tg.press(worker, 1, message=listing)
    await tg.press(worker, "➕ 添加照片", message=wcard)
    [pending] = await tg.send(coord, "/pending")
    [card] = await tg.press(coord, 1, message=pending)
    await tg.press(coord, "✅ 通过", message=card)
    await tg.driver.send_photo(worker)
    async with tg.sessions() as s:
        e = (await s.exec(select(Event))).one()
        n = (await s.exec(select(func.count()).select_from(EventPhoto))).one()
    assert not (e.status == EventStatus.APPROVED and n > 0), "photo added to an approved (locked) event"


async def test_an_area_id_too_large_for_the_database_is_no_such_area(tg: BotUnderTest) -> None:
    admin = await tg.admin()
    [reply] = await tg.send(admin, "/areas add 新社区 in #99999999999999999999")
    assert "没有这个辖区" in reply.shown_text


async def test_a_superscript_digit_is_no_area_id(tg: BotUnderTest) -> None:
    admin = await tg.admin()
    [reply] = await tg.send(admin, "/areas retire #²")
    assert "没有这个辖区" in reply.shown_text


async def test_a_hand_made_button_with_a_huge_id_says_the_button_expired(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    [card] = await tg.send(worker, "/log 法律大集 昨天 100人")
    press = tg.api.callback_update(worker, card, "✅ 保存")
    press["callback_query"]["data"] = "d:99999999999999999999999:save"
    assert await tg.driver.deliver(press) == []
    assert tg.answer_to(press) == "这个按钮已失效"


# More than the flood guard's burst of 20 updates, sent at machine speed; a person would take a minute.
@pytest.mark.settings(flood_burst=40)
async def test_a_disabled_member_is_told_they_are_disabled_not_to_ask_for_an_invite(tg: BotUnderTest) -> None:
    areas = await district(tg)
    worker = await member(tg, "王芳", Role.COORDINATOR, areas["幸福社区"])
    await tg.send(worker, "/log 法律大集 昨天 100人")
    await tg.press(worker, "✅ 保存")
    [listing] = await tg.send(worker, "/my")
    async with tg.sessions.begin() as s:
        (await s.exec(select(Member).where(Member.full_name == "王芳"))).one().status = MemberStatus.DISABLED
    disabled = "您的成员资格已停用，请联系协调员恢复。"
    commands = ["/log 法律大集 昨天 100人", "/log", "法律大集 昨天 80人", "/my", "/summary", "/report"]
    commands += ["/export", "/chart", "/remind", "/digest", "/pending", "/invite", "/members", "/areas"]
    for text in commands:
        replies = await tg.send(worker, text)
        assert [m.shown_text for m in replies] == [disabled], text
    [reply] = await tg.driver.send_photo(worker, caption="法律大集 昨天 100人")
    assert reply.shown_text == disabled
    press = tg.api.callback_update(worker, listing, 1)
    assert await tg.driver.deliver(press) == []
    assert tg.answer_to(press) == disabled
    await tg.send(worker, "/lang en")
    [reply] = await tg.send(worker, "/my")
    assert reply.shown_text == "Your membership is disabled. Ask your coordinator to enable it again."
