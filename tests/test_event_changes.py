"""A worker corrects a saved event: every change is one revision with before and after; deletion hides it."""

from __future__ import annotations

from sqlmodel import col, select

from bot.standin.model import FakeMessage, FakeUser
from models.events.records import Event, Revision
from tests.harness import BotUnderTest
from tests.test_log_conversation import stored_events


async def saved_event(
    tg: BotUnderTest, worker: FakeUser, line: str = "/log 法律大集 3月8日 120人 《民法典手册》300份"
) -> FakeMessage:
    """Log and save an event, then open its card from /my."""
    await tg.send(worker, line)
    await tg.press(worker, 1)  # ✅ Save, in either language
    [listing] = await tg.send(worker, "/my")
    [card] = await tg.press(worker, 1, message=listing)
    return card


async def revisions(tg: BotUnderTest) -> list[tuple[str, object, object]]:
    async with tg.sessions() as session:
        rows = await session.exec(select(Revision).order_by(col(Revision.id)))
        return [(r.field, r.before, r.after) for r in rows]


async def test_editing_attendance_and_a_material_writes_one_revision_each(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    card = await saved_event(tg, worker)
    assert "活动 #1 · 已提交" in card.shown_text
    assert card.button_labels[:2] == ["✏️ 修改", "🗑 删除"]
    await tg.press(worker, "✏️ 修改", message=card)
    prompt, _card_again = await tg.press(worker, "参与人数", message=card)
    assert "修改活动 #1" in prompt.shown_text
    [confirm] = await tg.send(worker, "150")
    assert "参与人数：120 → 150" in confirm.shown_text
    assert confirm.button_labels == ["✅ 保存修改", "✏️ 修改", "❌ 取消"]
    [done] = await tg.press(worker, "✅ 保存修改")
    assert "活动 #1 的修改已保存" in done.shown_text

    await tg.press(worker, "✏️ 修改", message=card)
    await tg.press(worker, "发放资料", message=card)
    [confirm] = await tg.send(worker, "《民法典手册》350份")
    assert "《民法典手册》300份 → 《民法典手册》350份" in confirm.shown_text
    await tg.press(worker, "✅ 保存修改")

    assert (await revisions(tg))[1:] == [
        ("attendance", {"value": 120, "qualifier": "exact"}, {"value": 150, "qualifier": "exact"}),
        (
            "material:《民法典手册》",
            {
                "quantity": 300,
                "approximate": False,
                "qualifier": "exact",
                "unit": "份",
                "category": "handout",
            },
            {
                "quantity": 350,
                "approximate": False,
                "qualifier": "exact",
                "unit": "份",
                "category": "handout",
            },
        ),
    ]
    [event] = await stored_events(tg)
    assert (event["attendance"], event["materials"]) == (150, [("《民法典手册》", 350, False)])
    [history] = await tg.press(worker, "📜 历史", message=card)
    lines = history.shown_text.splitlines()
    assert lines[0] == "活动 #1 的修改记录"
    assert lines[1].endswith("王芳 · 登记了活动")
    assert lines[2].endswith("王芳 · 参与人数：120 → 150")
    assert lines[3].endswith("王芳 · 《民法典手册》：300份 → 350份")


async def test_an_edit_that_changes_nothing_writes_no_revision(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    card = await saved_event(tg, worker)
    await tg.press(worker, "✏️ 修改", message=card)
    await tg.press(worker, "参与人数", message=card)
    [confirm] = await tg.send(worker, "120")
    assert "还没有修改任何内容" in confirm.shown_text
    await tg.press(worker, "✅ 保存修改")
    assert [field for field, _, _ in await revisions(tg)] == ["*"]


async def test_deleting_hides_the_event_but_keeps_its_history(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    card = await saved_event(tg, worker)
    [confirm] = await tg.press(worker, "🗑 删除", message=card)
    assert confirm.button_labels == ["🗑 确定删除", "↩ 返回"]
    [gone] = await tg.press(worker, "🗑 确定删除", message=card)
    assert "已删除" in gone.shown_text
    [listing] = await tg.send(worker, "/my")
    assert "您还没有登记过活动" in listing.shown_text
    assert [field for field, _, _ in await revisions(tg)] == ["*", "deleted"]
    async with tg.sessions() as session:
        assert (await session.exec(select(Event.deleted))).one() is True


async def test_a_cancelled_edit_changes_nothing(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    card = await saved_event(tg, worker)
    await tg.press(worker, "✏️ 修改", message=card)
    await tg.press(worker, "参与人数", message=card)
    await tg.send(worker, "999")
    await tg.press(worker, "❌ 取消")
    [event] = await stored_events(tg)
    assert event["attendance"] == 120
    assert len(await revisions(tg)) == 1


async def test_another_members_event_buttons_do_nothing(tg: BotUnderTest) -> None:
    owner = await tg.worker("王芳")
    card = await saved_event(tg, owner)
    other = await tg.worker("李强", area="阳光社区")
    for label in ("🗑 删除", "✏️ 修改", "📜 历史"):
        press = tg.api.callback_update(other, card, label)
        press["callback_query"]["message"]["chat"] = {"id": other.id, "type": "private", "first_name": "李强"}
        assert await tg.driver.deliver(press) == []
        assert tg.answer_to(press) == "您无权查看或修改这条活动。"
    delete_ok = tg.api.callback_update(owner, card, "🗑 删除")
    delete_ok["callback_query"]["data"] = delete_ok["callback_query"]["data"].replace(":del", ":delok")
    delete_ok["callback_query"]["from"] = {"id": other.id, "is_bot": False, "first_name": "李强"}
    assert await tg.driver.deliver(delete_ok) == []
    assert [field for field, _, _ in await revisions(tg)] == ["*"]


async def test_an_english_speaking_worker_sees_english_through_a_whole_edit(tg: BotUnderTest) -> None:
    worker = await tg.worker("Alice", language_code="en")
    card = await saved_event(tg, worker, '/log law fair yesterday attendance 45 "Civil Code handbook" x100')
    assert "Event #1 · submitted" in card.shown_text
    assert "Civil Code handbook × 100" in card.shown_text  # as written; it groups under 民法典手册
    await tg.press(worker, "✏️ Change", message=card)
    prompt, _card_again = await tg.press(worker, "Attendance", message=card)
    assert "How many people took part?" in prompt.shown_text
    [confirm] = await tg.send(worker, "50")
    assert "Attendance: 45 → 50" in confirm.shown_text
    [done] = await tg.press(worker, "✅ Save changes")
    assert "Changes to event #1 saved." in done.shown_text
