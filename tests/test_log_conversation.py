"""A worker logs events through the real Application and the Bot API stand-in, in Chinese and English."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from bot.standin.model import FakeMessage
from models.catalog.tables import EventKind, Material
from models.events.log_drafts import LogDraft
from models.events.records import Event, EventMaterial
from models.organisation.areas import Area
from tests.harness import BotUnderTest


async def stored_events(tg: BotUnderTest) -> list[dict[str, object]]:
    """Every event as the database holds it, with its kind, area and material lines."""
    async with tg.sessions() as session:
        rows = (
            await session.exec(
                select(Event, EventKind.code, Area.name)
                .join(EventKind, col(EventKind.id) == Event.kind_id)
                .join(Area, col(Area.id) == Event.area_id)
                .order_by(col(Event.id))
            )
        ).all()
        result = []
        for event, kind, area in rows:
            lines = (
                await session.exec(
                    select(Material.title, EventMaterial.quantity, EventMaterial.approximate)
                    .join(Material, col(Material.id) == EventMaterial.material_id)
                    .where(EventMaterial.event_id == event.id)
                    .order_by(col(Material.title))
                )
            ).all()
            result.append(
                {
                    "kind": kind,
                    "date": event.start_date,
                    "area": area,
                    "place": event.place,
                    "attendance": event.attendance,
                    "consultations": event.consultations,
                    "materials": [tuple(line) for line in lines],
                    "partners": event.partners,
                }
            )
    return result


async def count_rows(tg: BotUnderTest, table: type) -> int:
    async with tg.sessions() as session:
        return (await session.exec(select(func.count()).select_from(table))).one()


def text_of(messages: list[FakeMessage]) -> str:
    return "\n".join(m.shown_text for m in messages)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "/log 法律大集 3月8日 幸福社区 120人 《民法典手册》300份 《人民调解法》50份 联合城东派出所",
            {
                "kind": "law_fair",
                "date": date(2022, 3, 8),
                "area": "幸福社区",
                "place": None,
                "attendance": 120,
                "consultations": None,
                "materials": [("《人民调解法》", 50, False), ("《民法典手册》", 300, False)],
                "partners": ["城东派出所"],
            },
        ),
        (
            "/log 反诈宣讲 昨天 阳光社区 参与八十人 发放宣传单200份 咨询15人次",
            {
                "kind": "lecture",
                "date": date(2022, 6, 19),
                "area": "幸福社区",  # the worker's own area: 阳光社区 is not an area here, so it is the place
                "place": "阳光社区",
                "attendance": 80,
                "consultations": 15,
                "materials": [("宣传单", 200, False)],  # as written; it groups under 普法宣传单
                "partners": [],
            },
        ),
        (
            '/log enterprise visit 2022-06-15 attendance 45 "Labour Contract Law leaflet" x100 '
            "partner: HR bureau",
            {
                "kind": "enterprise",
                "date": date(2022, 6, 15),
                "area": "幸福社区",
                "place": None,
                "attendance": 45,
                "consultations": None,
                "materials": [("Labour Contract Law leaflet", 100, False)],
                "partners": ["HR bureau"],
            },
        ),
        (
            "/log 法律大集　３月８日　幸福社区　１２０余人　《民法典手册》３００余份",
            {
                "kind": "law_fair",
                "date": date(2022, 3, 8),
                "area": "幸福社区",
                "place": None,
                "attendance": 120,
                "consultations": None,
                "materials": [("《民法典手册》", 300, True)],
                "partners": [],
            },
        ),
    ],
)
async def test_a_worker_logs_an_event_in_one_message_and_one_tap(
    tg: BotUnderTest, line: str, expected: dict[str, object]
) -> None:
    worker = await tg.worker()
    card = text_of(await tg.send(worker, line))
    assert "请核对活动信息" in card
    assert await stored_events(tg) == []  # nothing is stored before ✅
    saved = text_of(await tg.press(worker, "✅ 保存"))
    assert "已保存，活动编号 #" in saved
    assert await stored_events(tg) == [expected]


async def test_the_card_lists_every_field_and_marks_the_defaults(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    [card] = await tg.send(worker, "/log 法律大集 120人 《民法典手册》300余份 联合城东派出所")
    text = card.shown_text
    for expected in (
        "形式：法律大集",
        "日期：2022年6月20日（默认）",
        "辖区：幸福社区（默认）",
        "参与人数：120",
        "咨询人次：—",
        "《民法典手册》300余份",
        "联合单位：城东派出所",
    ):
        assert expected in text
    assert card.button_labels[:3] == ["✅ 保存", "✏️ 修改", "❌ 取消"]


async def test_a_missing_attendance_is_asked_for_and_typed_in(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    [card] = await tg.send(worker, "/log 普法讲座 昨天 《宪法读本》30册")
    assert "参与人数是多少？" in card.shown_text
    assert card.button_labels == ["❌ 取消"]
    [refusal] = await tg.send(worker, "很多")
    assert "请写具体数字" in refusal.shown_text
    [card] = await tg.send(worker, "八十多")
    assert "参与人数：80余" in card.shown_text
    await tg.press(worker, "✅ 保存")
    [event] = await stored_events(tg)
    assert (event["kind"], event["attendance"]) == ("lecture", 80)


async def test_an_unknown_kind_is_named_and_chosen_with_a_button(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    [card] = await tg.send(worker, "/log 篮球友谊赛 昨天 60人")
    assert "活动是以什么形式开展的？" in card.shown_text
    assert "篮球友谊赛" in card.shown_text  # what it did not understand is shown, not dropped
    assert await count_rows(tg, Event) == 0
    [card] = await tg.press(worker, "法治讲座")
    assert "形式：法治讲座" in card.shown_text
    await tg.press(worker, "✅ 保存")
    [event] = await stored_events(tg)
    assert (event["kind"], event["attendance"]) == ("lecture", 60)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("/log 法律大集 2022年7月1日 100人", "是将来的日期"),
        ("/log 法律大集 明天 100人", "是将来的日期"),
        ("/log 法律大集 昨天 -5人", "数量不能为负数"),
        ("/log 法律大集 昨天 2000000人", "超过 1000000"),
        ("/log 法律大集 昨天 100人 《民法典手册》5000000份", "超过 1000000"),
        ("/log 法律大集 2月30日 100人", "不是有效日期"),
        ("/log 法律大集 " + "很长的内容" * 1000, "内容太长"),
    ],
)
async def test_bad_input_is_refused_with_the_reason_and_nothing_is_saved(
    tg: BotUnderTest, line: str, reason: str
) -> None:
    worker = await tg.worker()
    [reply] = await tg.send(worker, line)
    assert "没有保存" in reply.shown_text
    assert reason in reply.shown_text
    assert reply.buttons == []
    assert (await count_rows(tg, Event), await count_rows(tg, LogDraft)) == (0, 0)


async def test_a_stranger_cannot_log(tg: BotUnderTest) -> None:
    stranger = tg.api.user("陌生人")
    [reply] = await tg.send(stranger, "/log 法律大集 昨天 100人")
    assert "只有成员才能登记活动" in reply.shown_text
    assert (await count_rows(tg, Event), await count_rows(tg, LogDraft)) == (0, 0)


async def test_pressing_save_twice_stores_one_event(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    [card] = await tg.send(worker, "/log 法律大集 昨天 100人")
    # A double tap: both presses leave the phone before the card loses its buttons.
    first, second = (tg.api.callback_update(worker, card, "✅ 保存") for _ in range(2))
    await tg.driver.deliver(first)
    await tg.driver.deliver(second)
    assert [answer.text for answer in tg.api.callback_answers[-2:]] == [
        "已保存，活动编号 #1。",
        "已经保存过了。",
    ]
    assert await count_rows(tg, Event) == 1


async def test_save_pressed_by_someone_else_changes_nothing(tg: BotUnderTest) -> None:
    owner = await tg.worker("王芳")
    other = await tg.worker("李强", area="阳光社区")
    group = tg.api.group("幸福社区工作群")
    [card] = await tg.send(owner, "/log 法律大集 昨天 100人", chat=group)
    assert await tg.press(other, "✅ 保存", message=card) == []
    assert tg.api.callback_answers[-1].text == "这是别人的卡片，没有做任何改动。"
    assert await count_rows(tg, Event) == 0
    await tg.press(owner, "✅ 保存", message=card)
    assert await count_rows(tg, Event) == 1


async def test_the_same_update_delivered_twice_stores_one_event(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    log_update = tg.api.text_update(worker, "/log 法律大集 昨天 100人 《民法典手册》300份")
    first = await tg.driver.deliver(log_update)
    assert await tg.driver.deliver(log_update) == []  # no second card
    save_update = tg.api.callback_update(worker, first[0], "✅ 保存")
    await tg.driver.deliver(save_update)
    await tg.driver.deliver(save_update)
    # The redelivered press carries a query id Telegram has seen answered; the bot shrugs that off.
    tg.expected_refusals.append(
        (
            "answerCallbackQuery",
            "Bad Request: query is too old and response timeout expired or query id is invalid",
        )
    )
    assert (
        await count_rows(tg, Event),
        await count_rows(tg, EventMaterial),
        await count_rows(tg, LogDraft),
    ) == (
        1,
        1,
        1,
    )


async def test_cancel_saves_nothing_and_the_card_says_so(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    await tg.send(worker, "/log 法律大集 昨天 100人")
    [card] = await tg.press(worker, "❌ 取消")
    assert "已取消" in card.shown_text
    assert card.buttons == []
    assert await count_rows(tg, Event) == 0


async def test_my_lists_the_latest_events(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    for line in ("/log 法律大集 3月8日 120人 《民法典手册》300份", "/log 反诈宣讲 昨天 80人 宣传单200份"):
        await tg.send(worker, line)
        await tg.press(worker, "✅ 保存")
    [listing] = await tg.send(worker, "/my")
    text = listing.shown_text
    assert text.index("法治讲座") < text.index("法律大集")  # newest first
    assert "2022年6月19日 · 法治讲座 · 幸福社区" in text
    assert "120人 · 资料300份 · 已提交" in text


async def test_an_english_speaking_worker_gets_english(tg: BotUnderTest) -> None:
    worker = await tg.worker("Alice", language_code="en")
    [card] = await tg.send(worker, "/log law fair yesterday attendance 45")
    assert "Please check this event" in card.shown_text
    assert "Form: law fair" in card.shown_text
    assert card.button_labels[:3] == ["✅ Save", "✏️ Change", "❌ Cancel"]
    [saved] = await tg.press(worker, "✅ Save")
    assert "Saved as event #" in saved.shown_text


async def test_start_makes_the_configured_admin_and_turns_strangers_away(tg: BotUnderTest) -> None:
    admin = tg.api.user("管理员", user_id=9_000_001)
    [welcome] = await tg.send(admin, "/start")
    assert "您是全区的管理员" in welcome.shown_text
    stranger = tg.api.user("陌生人")
    [reply] = await tg.send(stranger, "/start")
    assert "邀请链接" in reply.shown_text
    [again] = await tg.send(admin, "/start")
    assert "欢迎回来" in again.shown_text


async def test_the_command_menu_is_registered_in_both_languages(tg: BotUnderTest) -> None:
    menus = {
        call.params.get("language_code"): [c["description"] for c in call.params["commands"]]
        for call in tg.api.calls
        if call.method == "setMyCommands"
    }
    assert menus[None][0] == "登记一次普法活动"
    assert menus["zh"][0] == "登记一次普法活动"
    assert menus["en"][0] == "log an event"
