"""/log alone walks a worker through every step; the draft lives in the database, not in the process."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import select

from models.events.records import Event
from tests.harness import BotUnderTest, running_bot
from tests.test_log_conversation import count_rows, stored_events


async def test_a_worker_completes_the_guided_flow_by_buttons_alone(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    [prompt] = await tg.send(worker, "/log")
    assert "第1步，共8步" in prompt.shown_text
    assert "活动是以什么形式开展的？" in prompt.shown_text
    [prompt] = await tg.press(worker, "法律大集")
    assert "第2步" in prompt.shown_text
    assert prompt.button_labels[:3] == ["今天", "昨天", "前天"]
    [prompt] = await tg.press(worker, "昨天")
    assert "活动在哪里？" in prompt.shown_text
    [prompt] = await tg.press(worker, "幸福社区")
    assert "参与人数是多少？" in prompt.shown_text
    assert "⏭ 跳过" not in prompt.button_labels  # attendance is required
    await tg.send(worker, "一百二十")
    [prompt] = await tg.press(worker, "⏭ 跳过")  # consultations
    assert "发放了哪些资料？" in prompt.shown_text
    [prompt] = await tg.press(worker, "民法典手册")
    assert "「民法典手册」发放了多少？" in prompt.shown_text
    [prompt] = await tg.send(worker, "300")
    assert "民法典手册300册" in prompt.shown_text
    [prompt] = await tg.press(worker, "✅ 完成")  # materials
    assert "与哪些单位联合开展？" in prompt.shown_text
    [prompt] = await tg.press(worker, "⏭ 跳过")  # partners
    assert "请发送活动照片" in prompt.shown_text
    [card] = await tg.press(worker, "✅ 完成")  # photos
    assert card.button_labels[:3] == ["✅ 保存", "✏️ 修改", "❌ 取消"]
    await tg.press(worker, "✅ 保存")
    assert await stored_events(tg) == [
        {
            "kind": "law_fair",
            "date": date(2022, 6, 19),
            "area": "幸福社区",
            "place": None,
            "attendance": 120,
            "consultations": None,
            "materials": [("民法典手册", 300, False)],
            "partners": [],
        }
    ]


async def test_a_worker_mixes_typing_and_buttons(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    await tg.send(worker, "/log")
    # A whole log line at the first step fills kind, date, attendance and a material at once.
    [prompt] = await tg.send(worker, "反诈宣讲 上周五 八十多人 《反诈宣传单》200份")
    assert "活动在哪里？" in prompt.shown_text
    await tg.send(worker, "阳光小区广场")
    [prompt] = await tg.send(worker, "15")  # consultations; the materials step is filled already
    assert "与哪些单位联合开展？" in prompt.shown_text
    await tg.send(worker, "城东派出所、社区教育学院")
    [card] = await tg.press(worker, "✅ 完成")  # photos
    await tg.press(worker, "✏️ 修改")
    [prompt] = await tg.press(worker, "发放资料")
    assert "发放了哪些资料？" in prompt.shown_text
    await tg.send(worker, "宪法读本")
    await tg.send(worker, "三十")
    [card] = await tg.press(worker, "✅ 完成")
    assert "宪法读本30册" in card.shown_text
    await tg.press(worker, "✅ 保存")
    [event] = await stored_events(tg)
    assert event == {
        "kind": "lecture",
        "date": date(2022, 6, 17),
        "area": "幸福社区",
        "place": "阳光小区广场",
        "attendance": 80,
        "consultations": 15,
        "materials": [("《反诈宣传单》", 200, False), ("宪法读本", 30, False)],
        "partners": ["城东派出所", "社区教育学院"],
    }


async def test_back_returns_to_the_previous_step_and_edit_jumps_to_one(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    await tg.send(worker, "/log")
    await tg.press(worker, "法律大集")
    [prompt] = await tg.press(worker, "↩ 返回")
    assert "活动是以什么形式开展的？" in prompt.shown_text
    await tg.press(worker, "法治讲座")
    await tg.press(worker, "今天")
    await tg.press(worker, "⏭ 跳过")
    await tg.send(worker, "50")
    for button in ("⏭ 跳过", "⏭ 跳过", "⏭ 跳过", "✅ 完成"):  # consultations, materials, partners, photos
        await tg.press(worker, button)
    [chooser] = await tg.press(worker, "✏️ 修改")
    assert "参与人数" in chooser.button_labels
    [prompt] = await tg.press(worker, "参与人数")
    assert "参与人数是多少？" in prompt.shown_text
    [card] = await tg.send(worker, "60")
    assert "参与人数：60" in card.shown_text
    assert card.button_labels[:3] == ["✅ 保存", "✏️ 修改", "❌ 取消"]  # straight back to the card
    await tg.press(worker, "✅ 保存")
    [event] = await stored_events(tg)
    assert (event["kind"], event["attendance"]) == ("lecture", 60)


async def test_the_flow_survives_a_restart_between_two_steps(database_url: str) -> None:
    async with running_bot(database_url) as first:
        worker = await first.worker()
        await first.send(worker, "/log")
        [before_restart] = await first.press(worker, "法律大集")
    # A new process on the same database and the same Telegram, with the old card still on screen.
    async with running_bot(database_url, api=first.api, clock=first.clock) as second:
        [prompt] = await second.driver.press(worker, "昨天", message=before_restart)
        assert "活动在哪里？" in prompt.shown_text
        await second.send(worker, "社区广场")
        await second.send(worker, "40")
        for button in ("⏭ 跳过", "⏭ 跳过", "⏭ 跳过", "✅ 完成"):  # consultations, materials, partners, photos
            await second.driver.press(worker, button)
        await second.driver.press(worker, "✅ 保存")
        async with second.sessions() as session:
            assert (await session.exec(select(func.count()).select_from(Event))).one() == 1


async def test_an_expired_draft_and_a_stale_button_are_answered_cleanly(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    [prompt] = await tg.send(worker, "/log")
    # A second tap on the kind buttons, sent before the card changed: it changes nothing and says why.
    stale = tg.api.callback_update(worker, prompt, "法治讲座")
    await tg.press(worker, "法律大集", message=prompt)
    assert await tg.driver.deliver(stale) == []
    assert tg.answer_to(stale) == "这张卡片已过时，请使用最新的卡片。"
    assert "形式：法律大集" in prompt.shown_text
    tg.clock.advance(timedelta(days=3, minutes=1))
    assert await tg.press(worker, "昨天") == []
    assert tg.api.callback_answers[-1].text == "草稿已过期，请重新发送 /log。"
    assert await count_rows(tg, Event) == 0


async def test_a_button_from_an_older_bot_version_says_the_button_expired(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    [card] = await tg.send(worker, "/log 法律大集 昨天 100人")
    old = tg.api.callback_update(worker, card, 1)
    old["callback_query"]["data"] = "log:save:1"  # the format of the first release
    assert await tg.driver.deliver(old) == []
    assert tg.api.callback_answers[-1].text == "这个按钮已失效"
    assert await count_rows(tg, Event) == 0


async def test_wrong_answers_are_re_asked_and_three_offer_to_cancel(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    await tg.send(worker, "/log")
    [reply] = await tg.send(worker, "篮球比赛")
    assert "无法把「篮球比赛」作为回答" in reply.shown_text
    assert "活动是以什么形式开展的？" in reply.shown_text
    await tg.press(worker, "法律大集")
    [reply] = await tg.send(worker, "明天")
    assert "是将来的日期" in reply.shown_text
    await tg.press(worker, "昨天")
    await tg.press(worker, "⏭ 跳过")
    replies = [await tg.send(worker, answer) for answer in ("很多", "-5", "5000000")]
    assert "请写具体数字" in replies[0][0].shown_text
    assert "数量不能为负数" in replies[1][0].shown_text
    assert "超过 1000000" in replies[2][0].shown_text
    assert "已经连续三次没能识别您的回答" in replies[2][0].shown_text
    assert replies[2][0].button_labels == ["❌ 取消", "↩ 再试一次"]
    [prompt] = await tg.press(worker, "↩ 再试一次")
    assert "参与人数是多少？" in prompt.shown_text
    [reply] = await tg.send(worker, "人" * 5000)
    assert "内容太长" in reply.shown_text
    [done] = await tg.press(worker, "❌ 取消")
    assert "已取消" in done.shown_text
    assert await count_rows(tg, Event) == 0


async def test_the_same_answer_delivered_twice_counts_once(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    await tg.send(worker, "/log")
    await tg.press(worker, "法律大集")
    await tg.press(worker, "昨天")
    await tg.press(worker, "⏭ 跳过")
    answer = tg.api.text_update(worker, "120")
    await tg.driver.deliver(answer)
    assert await tg.driver.deliver(answer) == []  # not taken as the consultations too
    [prompt] = await tg.send(worker, "7")
    async with tg.sessions() as session:
        from models.events.log_drafts import LogDraft

        row = (await session.exec(select(LogDraft))).one()
    assert (row.draft.attendance.value, row.draft.consultations.value) == (120, 7)  # type: ignore[union-attr]
    assert "发放了哪些资料？" in prompt.shown_text


# Chinese that an English reply may still contain: examples of what to type, and the worker's own words.
_EXAMPLES = re.compile(r"一百二十|3月8日|上周五|《民法典手册》300份|城东派出所、社区教育学院|阳光小区")


async def test_an_english_speaking_worker_sees_english_through_the_whole_flow(tg: BotUnderTest) -> None:
    worker = await tg.worker("Alice", language_code="en", area="Sunshine")
    shown = [*await tg.send(worker, "/log")]
    shown += await tg.press(worker, "law fair")
    shown += await tg.press(worker, "Yesterday")
    shown += await tg.send(worker, "阳光小区")
    shown += await tg.send(worker, "45")
    shown += await tg.press(worker, "⏭ Skip")
    shown += await tg.press(worker, "✅ Done")
    shown += await tg.press(worker, "⏭ Skip")
    shown += await tg.press(worker, "✅ Done")
    shown += await tg.press(worker, "✅ Save")
    assert "Saved as event #1." in shown[-1].shown_text
    for message in shown:
        text = _EXAMPLES.sub("", message.shown_text + " ".join(message.button_labels))
        assert not re.search(r"[\u4e00-\u9fff]", text), text


async def test_lang_switches_and_is_remembered(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    [reply] = await tg.send(worker, "/lang en")
    assert reply.shown_text == "I will answer you in English from now on."
    [card] = await tg.send(worker, "/log 法律大集 昨天 100人")
    assert "Please check this event" in card.shown_text
    [reply] = await tg.send(worker, "/lang zh")
    assert reply.shown_text == "以后我会用中文回复您。"
    [reply] = await tg.send(worker, "/lang fr")
    assert "/lang en" in reply.shown_text
