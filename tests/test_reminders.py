"""Friday's nudge to workers with nothing logged, /remind off, and the publicity calendar's heads-ups."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.standin.model import FakeUser
from jobs.reminders import send_heads_ups, send_nudges
from models.events.log_drafts import LogDraft
from models.organisation.members import Role
from models.scheduling.reminders import read_calendar, shipped_calendar, upcoming_occasions
from tests.factories import make_member
from tests.harness import BotUnderTest

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI).astimezone(UTC)


def nudges_to(tg: BotUnderTest, user: FakeUser) -> list[str]:
    return [
        m.shown_text for m in tg.api.messages_in(user) if m.from_bot and "本周还没有登记活动" in m.shown_text
    ]


async def test_only_workers_with_nothing_logged_are_nudged_once_on_friday_afternoon(tg: BotUnderTest) -> None:
    quiet = await tg.worker("王芳")
    busy = await tg.worker("李明", area="阳光社区")
    opted_out = await tg.worker("赵强", area="和平社区")
    await tg.send(busy, "/log 法律大集 今天 30人")  # Monday 20 June
    await tg.press(busy, 1)
    [off] = await tg.send(opted_out, "/remind off")
    assert off.shown_text == "提醒已关闭。发送 /remind on 可重新开启。"
    tg.clock.now = local(2022, 6, 24, 15, 59)
    assert await send_nudges(tg.app) == 0
    tg.clock.now = local(2022, 6, 24, 16, 0)
    assert await send_nudges(tg.app) == 1
    assert await send_nudges(tg.app) == 0  # once a week
    assert len(nudges_to(tg, quiet)) == 1
    assert nudges_to(tg, busy) == []
    assert nudges_to(tg, opted_out) == []
    # The nudge's button opens the guided /log.
    [card] = await tg.press(quiet, "📝 登记活动")
    assert card.buttons
    async with tg.sessions() as session:
        member = await tg.member_of(quiet)
        assert (
            await session.exec(select(LogDraft).where(LogDraft.member_id == member.id))
        ).first() is not None


async def test_a_worker_who_blocked_the_bot_is_not_retried(tg: BotUnderTest) -> None:
    quiet = await tg.worker("王芳")
    tg.api.block(quiet)
    tg.expected_refusals.append(("sendMessage", "Forbidden: bot was blocked by the user"))
    tg.clock.now = local(2022, 6, 24, 16, 0)
    assert await send_nudges(tg.app) == 0
    assert await send_nudges(tg.app) == 0


async def test_coordinators_get_one_heads_up_a_week_before_a_publicity_date(tg: BotUnderTest) -> None:
    coordinator = tg.api.user("协调员")
    async with tg.sessions.begin() as session:
        await make_member(session, telegram_user_id=coordinator.id, full_name="协调员", role=Role.COORDINATOR)
    await tg.send(coordinator, "/help")
    worker = await tg.worker()
    tg.clock.now = local(2022, 3, 1, 9, 0)
    assert await send_heads_ups(tg.app) == 1
    tg.clock.now = local(2022, 3, 2, 9, 0)
    assert await send_heads_ups(tg.app) == 0  # 三八 was announced already; 3·15 is 13 days away
    [heads_up] = [m.shown_text for m in tg.api.messages_in(coordinator) if m.shown_text.startswith("📅")]
    assert (
        heads_up == "📅 还有7天就是三八国际妇女节（2022年3月8日）。请提前安排宣传活动，活动后用 /log 登记。"
    )
    assert not [m for m in tg.api.messages_in(worker) if m.shown_text.startswith("📅")]


def test_the_calendar_is_data_and_dates_that_move_are_listed_per_year() -> None:
    calendar = shipped_calendar()
    keys = {o.key for o in calendar}
    assert {"womens_day", "consumer_rights_day", "national_security_day", "civil_code_month"} <= keys
    assert {"anti_drug_day", "constitution_day", "constitution_week"} <= keys
    week = next(o for o in calendar if o.key == "cybersecurity_week")
    assert week.date_in(2022) == date(2022, 9, 5)
    assert week.date_in(2023) == date(2023, 9, 11)
    assert week.date_in(2030) is None
    moved = read_calendar(
        '[[occasion]]\nkey = "x"\nname_zh = "x"\nname_en = "x"\nmonth = 12\nday = 1\n'
        '[occasion.dates]\n2024 = "2024-12-02"\n'
    )
    assert moved[0].date_in(2024) == date(2024, 12, 2)
    assert moved[0].date_in(2025) == date(2025, 12, 1)
    upcoming = upcoming_occasions(calendar, today=date(2022, 11, 27))
    assert [(o.key, d) for o, d in upcoming] == [
        ("constitution_week", date(2022, 12, 1)),
        ("constitution_day", date(2022, 12, 4)),
    ]


async def test_a_worker_whose_telegram_is_english_is_nudged_in_english(tg: BotUnderTest) -> None:
    alice = await tg.worker("Alice", language_code="en-GB")  # never used /lang
    tg.clock.now = local(2022, 6, 24, 16, 0)
    assert await send_nudges(tg.app) == 1
    [nudge] = [m for m in tg.api.messages_in(alice) if m.from_bot and m.buttons]
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in nudge.shown_text + "".join(nudge.button_labels))
