"""Corrections in one tap on a new event's card, and the asks that keep work from being lost."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from bot.standin.model import FakeMessage, FakeUser
from models.events.log_drafts import DraftStatus, LogDraft
from models.events.records import Event, EventMaterial
from tests.harness import BotUnderTest

TOO_OLD = "Bad Request: query is too old and response timeout expired or query id is invalid"
FAIR = "法律大集 昨天 120人 《民法典手册》300份 宣传单200张"


async def _events(tg: BotUnderTest) -> list[Event]:
    async with tg.sessions() as session:
        return list(await session.exec(select(Event).order_by(col(Event.id))))


async def test_a_misread_handout_line_is_removed_with_one_tap(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    [card] = await tg.send(worker, FAIR)
    assert "🗑 宣传单200张" in card.button_labels
    [after] = await tg.press(worker, "🗑 宣传单200张", message=card)
    assert after.message_id == card.message_id  # the same card, redrawn
    assert "宣传单" not in after.shown_text
    assert "《民法典手册》300份" in after.shown_text
    assert "🗑 宣传单200张" not in after.button_labels
    await tg.press(worker, "✅ 保存", message=after)
    async with tg.sessions() as session:
        lines = list(await session.exec(select(EventMaterial)))
    assert [line.quantity for line in lines] == [300]


async def test_a_delete_press_delivered_twice_removes_one_line(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    [card] = await tg.send(worker, "法律大集 昨天 120人 宣传单200张 《民法典手册》300份 《反诈手册》50份")
    first_line = next(label for label in card.button_labels if label.startswith("🗑 "))
    press = tg.api.callback_update(worker, card, first_line)
    await tg.driver.deliver(press)
    assert await tg.driver.deliver(press) == []  # the same update again changes nothing
    tg.expected_refusals.append(("answerCallbackQuery", TOO_OLD))  # its query was answered the first time
    assert sum(label.startswith("🗑 ") for label in card.button_labels) == 2


async def test_a_field_button_on_the_card_opens_its_question_with_the_current_value(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    [card] = await tg.send(worker, FAIR)
    [asking] = await tg.press(worker, "参与人数", message=card)
    assert asking.shown_text.endswith("请直接回复数字，如 120 或 一百二十。\n现在：120")
    [fixed] = await tg.send(worker, "约150")
    assert "参与人数：约150" in fixed.shown_text
    assert fixed.button_labels[:3] == ["✅ 保存", "✏️ 修改", "❌ 取消"]  # back on the card


async def test_cancel_on_a_sub_question_goes_back_one_step_not_away_with_the_log(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    [card] = await tg.send(worker, FAIR)
    [asking] = await tg.press(worker, "地点", message=card)
    [back] = await tg.press(worker, "❌ 取消", message=asking)
    assert back.button_labels[:3] == ["✅ 保存", "✏️ 修改", "❌ 取消"]  # the card, the log still open
    [materials] = await tg.press(worker, "发放资料", message=back)
    [quantity] = await tg.press(worker, materials.button_labels[0], message=materials)  # a catalogue title
    assert quantity.shown_text.endswith("」发放了多少？请回复数字。")
    [one_back] = await tg.press(worker, "❌ 取消", message=quantity)
    assert "完成" in " ".join(one_back.button_labels)  # the list of materials again, not the end
    async with tg.sessions() as session:
        [row] = list(await session.exec(select(LogDraft)))
    assert row.status == DraftStatus.OPEN


async def test_a_new_log_while_a_draft_is_open_asks_which_to_keep(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    [first] = await tg.send(worker, FAIR)
    [second] = await tg.send(worker, "法治讲座 反诈 昨天 80人")
    assert "您还有一条未保存的记录" in second.shown_text
    [back] = await tg.press(worker, "回到那一条", message=second)
    assert "《民法典手册》300份" in back.shown_text  # the first draft, in the message of the second
    [third] = await tg.send(worker, "以案释法 禁毒 昨天 60人")
    [kept] = await tg.press(worker, "保留这条，放弃那条", message=third)
    assert "您还有一条未保存的记录" not in kept.shown_text
    async with tg.sessions() as session:
        statuses = [r.status for r in await session.exec(select(LogDraft).order_by(col(LogDraft.id)))]
    assert statuses == [DraftStatus.CANCELLED, DraftStatus.CANCELLED, DraftStatus.OPEN]
    assert first.message_id != third.message_id


async def test_an_identical_event_saved_in_the_last_seven_days_asks_before_saving(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    await tg.send(worker, FAIR)
    await tg.press(worker, "✅ 保存")
    tg.clock.advance(timedelta(hours=2))
    [again] = await tg.send(worker, FAIR)
    [asked] = await tg.press(worker, "✅ 保存", message=again)
    assert asked.shown_text.endswith("这条与您 7 天内保存的活动 #1 相同。仍要再保存一次吗？")
    assert asked.button_labels == ["✅ 仍然保存", "❌ 取消"]
    assert len(await _events(tg)) == 1
    await tg.press(worker, "✅ 仍然保存", message=asked)
    assert len(await _events(tg)) == 2
    tg.clock.advance(timedelta(days=8))
    [later] = await tg.send(worker, "法律大集 2022年6月19日 120人 《民法典手册》300份 宣传单200张")
    [saved] = await tg.press(worker, "✅ 保存", message=later)  # a week on, no longer asked
    assert "已保存，活动编号 #3" in saved.shown_text


async def test_a_campaign_total_offers_to_log_one_campaign_or_cancel(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    [asked] = await tg.send(worker, "本月全镇共开展法治讲座12场 参与群众1500人 昨天")
    assert "多场活动的合计" in asked.shown_text
    assert asked.button_labels == ["📋 作为一次集中活动记录", "❌ 取消"]
    [typed] = await tg.send(worker, "法治讲座 反诈 昨天 80人")  # typing meanwhile is a new log, not an answer
    assert "请核对活动信息" in typed.shown_text
    [card] = await tg.press(worker, "📋 作为一次集中活动记录", message=asked)
    assert "集中活动：多场活动合计，记为一条" in card.shown_text
    await tg.press(worker, "✅ 保存", message=card)
    [cancelled_ask] = await tg.send(worker, "今年以来共开展法律大集5场 参与800人 昨天")
    [cancelled] = await tg.press(worker, "❌ 取消", message=cancelled_ask)
    assert "已取消" in cancelled.shown_text
    [campaign] = list(await _events(tg))
    assert campaign.campaign
    assert campaign.attendance == 1500


async def test_a_message_needing_two_fixes_costs_five_interactions(tg: BotUnderTest) -> None:
    """A handout line misread and the consultations missed: send, 🗑, 咨询人次, type, 保存 = 5."""
    worker = await tg.worker()
    interactions = 1
    [card] = await tg.send(worker, FAIR)
    interactions += 1
    [card] = await tg.press(worker, "🗑 宣传单200张", message=card)
    interactions += 1
    await tg.press(worker, "咨询人次", message=card)
    interactions += 1
    [card] = await tg.send(worker, "35")
    interactions += 1
    [saved] = await tg.press(worker, "✅ 保存", message=card)
    assert interactions <= 5
    assert "已保存" in saved.shown_text
    [event] = await _events(tg)
    assert event.consultations == 35


async def test_a_handout_line_is_taken_off_by_typing_its_deletion_or_a_zero(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    [card] = await tg.send(worker, FAIR)
    await tg.press(worker, "发放资料", message=card)
    [fewer] = await tg.send(worker, "删除宣传单")
    assert "宣传单" not in fewer.shown_text.split("发放资料")[1].split("联合单位")[0]
    [none] = await tg.send(worker, "《民法典手册》0份")
    assert "  · 《民法典手册》300份" not in none.shown_text
    assert "发放资料：—" in none.shown_text


async def test_a_quantity_fixed_from_the_card_replaces_the_line_instead_of_adding(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    [card] = await tg.send(worker, FAIR)
    await tg.press(worker, "发放资料", message=card)
    [fixed] = await tg.send(worker, "《民法典手册》200份")
    assert "《民法典手册》200份" in fixed.shown_text
    assert "500" not in fixed.shown_text


async def _saved_card(tg: BotUnderTest, worker: FakeUser) -> FakeMessage:
    await tg.send(worker, FAIR)
    await tg.press(worker, "✅ 保存")
    [listing] = await tg.send(worker, "/my")
    [card] = await tg.press(worker, 1, message=listing)
    return card


async def test_changing_a_saved_field_asks_one_short_question_and_no_change_says_so(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    card = await _saved_card(tg, worker)
    await tg.press(worker, "✏️ 修改", message=card)
    prompt, _card_again = await tg.press(worker, "参与人数", message=card)
    assert prompt.shown_text.splitlines() == [
        "修改活动 #1",
        "",
        "参与人数是多少？请直接回复数字，如 120 或 一百二十。",
        "现在：120",
    ]
    [same] = await tg.send(worker, "120")
    [done] = await tg.press(worker, "✅ 保存修改", message=same)
    assert done.shown_text.endswith("没有任何修改，活动 #1 保持原样。")


async def test_typing_a_new_log_while_an_edit_awaits_saving_asks_which_to_keep(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    card = await _saved_card(tg, worker)
    await tg.press(worker, "✏️ 修改", message=card)
    await tg.press(worker, "参与人数", message=card)
    await tg.send(worker, "150")  # the edit waits on its card for ✅
    [new] = await tg.send(worker, "法治讲座 反诈 昨天 80人")
    assert "您还有一条未保存的记录" in new.shown_text
    [back] = await tg.press(worker, "回到那一条", message=new)
    assert "参与人数：120 → 150" in back.shown_text
