"""/pending clears a queue: rows that say who, when, what, where and how many; ✅ 全部通过; the next one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import col, select

from models.events.records import Event, EventStatus
from models.organisation.members import Role
from tests.harness import BotUnderTest
from tests.test_organisation import district, member

TOO_OLD = "Bad Request: query is too old and response timeout expired or query id is invalid"
FAIR = "法律大集 昨天 幸福社区文化广场 120人"


async def _log(tg: BotUnderTest, user: object, text: str) -> None:
    await tg.send(user, text)  # type: ignore[arg-type]
    await tg.press(user, "✅ 保存")  # type: ignore[arg-type]


async def _statuses(tg: BotUnderTest) -> list[EventStatus]:
    async with tg.sessions() as session:
        return [e.status for e in await session.exec(select(Event).order_by(col(Event.id)))]


async def test_pending_rows_show_reporter_date_form_place_and_head_count(tg: BotUnderTest) -> None:
    areas = await district(tg)
    worker = await member(tg, "王芳", Role.WORKER, areas["幸福社区"])
    coordinator = await member(tg, "李协调", Role.COORDINATOR, areas["城东街道"])
    await _log(tg, worker, FAIR)
    await _log(tg, worker, "法治讲座 反诈 昨天 约80人")
    [pending] = await tg.send(coordinator, "/pending")
    lines = pending.shown_text.splitlines()
    assert lines[0] == "待审核：2"
    assert lines[1] == "#1 6/19 · 王芳 · 法律大集 · 幸福社区 文化广场 · 120人"  # the area, then the venue
    assert lines[2].startswith("#2 6/19 · 王芳 · ")
    assert lines[2].endswith(" · 幸福社区 · 约80人")  # no place written: the area says where
    assert pending.button_labels == ["#1 王芳", "#2 王芳", "✅ 全部通过（2）"]


@pytest.mark.settings(flood_burst=40)  # twelve logs in a row from one worker
async def test_approve_all_asks_with_the_count_then_clears_ten_events_in_two_taps(tg: BotUnderTest) -> None:
    areas = await district(tg)
    worker = await member(tg, "王芳", Role.WORKER, areas["幸福社区"])
    coordinator = await member(tg, "李协调", Role.COORDINATOR, areas["城东街道"])
    for n in range(12):
        await _log(tg, worker, f"法律大集 昨天 {100 + n}人")
    [pending] = await tg.send(coordinator, "/pending")
    assert pending.shown_text.splitlines()[0] == "待审核：12 （显示最早的 10 条）"
    [asking] = await tg.press(coordinator, "✅ 全部通过（10）", message=pending)
    assert asking.shown_text.endswith("确认通过以上 10 条活动？")
    assert await _statuses(tg) == [EventStatus.SUBMITTED] * 12  # asking changed nothing
    confirm = tg.api.callback_update(coordinator, asking, "✅ 确认通过")
    replies = await tg.driver.deliver(confirm)
    [told] = [m for m in replies if m.chat.id == worker.id]  # one notice for the ten, not ten
    assert told.shown_text.startswith("您的活动 #1（法律大集）、#2（法律大集）")
    [cleared] = [m for m in replies if m.chat.id == coordinator.id]
    assert cleared.shown_text.splitlines()[:2] == ["✅ 已通过 10 条活动。", ""]
    assert "待审核：2" in cleared.shown_text  # what still waits is shown at once
    assert await _statuses(tg) == [EventStatus.APPROVED] * 10 + [EventStatus.SUBMITTED] * 2
    await tg.driver.deliver(confirm)  # the same press delivered again approves nothing more
    tg.expected_refusals.append(("answerCallbackQuery", TOO_OLD))
    assert await _statuses(tg) == [EventStatus.APPROVED] * 10 + [EventStatus.SUBMITTED] * 2


async def test_after_a_decision_the_next_pending_event_opens(tg: BotUnderTest) -> None:
    areas = await district(tg)
    worker = await member(tg, "王芳", Role.WORKER, areas["幸福社区"])
    coordinator = await member(tg, "李协调", Role.COORDINATOR, areas["城东街道"])
    await _log(tg, worker, FAIR)
    await _log(tg, worker, "法治讲座 反诈 昨天 80人")
    await _log(tg, worker, "以案释法 禁毒 昨天 60人")
    [pending] = await tg.send(coordinator, "/pending")
    [card] = await tg.press(coordinator, "#1 王芳", message=pending)
    replies = await tg.press(coordinator, "✅ 通过", message=card)
    [following] = [m for m in replies if m.chat.id == coordinator.id]
    assert following.message_id == card.message_id  # the same card, not one more message
    assert following.shown_text.startswith("✅ 活动 #1 已通过。\n\n下一条（还有 2 条待审核）：\n活动 #2")
    assert following.button_labels[-3:] == ["✅ 通过", "↩ 退回", "撤销通过 #1"]
    await tg.press(coordinator, "↩ 退回", message=following)
    [after_reason] = [m for m in await tg.send(coordinator, "请补充照片") if m.chat.id == coordinator.id]
    returned, following_card = after_reason.shown_text.split("\n\n", 1)
    assert returned == "活动 #2 已退回，并已通知填报人。"
    assert following_card.startswith("下一条（还有 1 条待审核）：\n活动 #3")
    replies = await tg.press(coordinator, "✅ 通过", message=after_reason)
    [done] = [m for m in replies if m.chat.id == coordinator.id]
    assert done.shown_text == "✅ 活动 #3 已通过。\n\n没有待审核的活动。"
    assert await _statuses(tg) == [EventStatus.APPROVED, EventStatus.RETURNED, EventStatus.APPROVED]


async def test_a_coordinators_own_event_waits_for_the_one_above_and_an_admin_approves_their_own(
    tg: BotUnderTest,
) -> None:
    areas = await district(tg)
    street = await member(tg, "李协调", Role.COORDINATOR, areas["城东街道"])
    community = await member(tg, "赵社区", Role.COORDINATOR, areas["幸福社区"])
    admin = await tg.admin()
    await _log(tg, community, FAIR)
    [own] = await tg.send(community, "/pending")
    assert own.shown_text == "没有待审核的活动。"  # not their own
    [above] = await tg.send(street, "/pending")
    assert "#1 6/19 · 赵社区" in above.shown_text
    await _log(tg, street, "法治讲座 反诈 昨天 80人")
    [street_view] = await tg.send(street, "/pending")
    assert "#2" not in street_view.shown_text
    crafted = tg.api.callback_update(street, street_view, 1)
    crafted["callback_query"]["data"] = "e:2:approve"  # a button the street coordinator was never shown
    assert await tg.driver.deliver(crafted) == []
    assert await _statuses(tg) == [EventStatus.SUBMITTED, EventStatus.SUBMITTED]
    await _log(tg, admin, "以案释法 禁毒 昨天 城东街道 60人")
    [admin_view] = await tg.send(admin, "/pending")
    assert admin_view.shown_text.splitlines()[0] == "待审核：3"  # the admin decides their own too
    await tg.press(admin, "✅ 全部通过（3）", message=admin_view)
    await tg.press(admin, "✅ 确认通过")
    assert await _statuses(tg) == [EventStatus.APPROVED] * 3


async def test_a_returned_card_shows_the_reason_and_its_correction_is_announced(tg: BotUnderTest) -> None:
    areas = await district(tg)
    worker = await member(tg, "王芳", Role.WORKER, areas["幸福社区"])
    coordinator = await member(tg, "李协调", Role.COORDINATOR, areas["城东街道"])
    await _log(tg, worker, FAIR)
    [pending] = await tg.send(coordinator, "/pending")
    [card] = await tg.press(coordinator, 1, message=pending)
    await tg.press(coordinator, "↩ 退回", message=card)
    await tg.send(coordinator, "人数请核实")
    tg.clock.advance(timedelta(hours=1))
    [listing] = await tg.send(worker, "/my")
    [returned] = await tg.press(worker, 1, message=listing)
    assert "退回原因：人数请核实" in returned.shown_text
    await tg.press(worker, "✏️ 修改", message=returned)
    await tg.press(worker, "参与人数", message=returned)
    await tg.send(worker, "110")
    replies = await tg.press(worker, "✅ 保存修改")
    [announced] = [m for m in replies if m.chat.id == coordinator.id]
    assert announced.shown_text == "王芳 修改了被退回的活动 #1（法律大集），已重新提交，等待审核。"
    [opened] = await tg.press(coordinator, "查看 #1", message=announced)
    assert opened.button_labels[-2:] == ["✅ 通过", "↩ 退回"]
