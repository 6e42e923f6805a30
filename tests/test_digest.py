"""The weekly digest through the real bot: on time, the right week, exactly once, through restarts and errors.

The clock is the harness's: tests move it and call the jobs' functions directly instead of waiting for
APScheduler.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, select
from telegram.error import NetworkError

import bot.rate_limit
from bot.standin import FakeTelegram
from bot.standin.model import FakeChat, FakeMessage, FakeUser, JSONDict
from bot.standin.spec import Upload
from jobs.digest import post_owed_digests
from models.organisation.members import Role
from models.scheduling.claims import claim_delivery
from models.scheduling.digests import DeliveryStatus, DigestDelivery, DigestSubscription
from tests.factories import make_member
from tests.harness import BotUnderTest, Clock, running_bot

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI).astimezone(UTC)


async def no_sleep(_seconds: float) -> None:
    """The jobs' back-off, without waiting."""


async def newsroom(tg: BotUnderTest) -> tuple[FakeUser, FakeChat]:
    """Events of Sun 12, Mon 13, Sun 19 and Mon 20 June 2022; a leaders' group subscribed on Fri 17 June."""
    tg.clock.now = local(2022, 6, 21, 10)
    worker = await tg.worker()
    for line in ("6月12日 10人", "6月13日 120人 《民法典手册》300份", "6月19日 80人", "6月20日 5人"):
        await tg.send(worker, f"/log 法律大集 {line}")
        await tg.press(worker, 1)  # ✅ 保存
    coordinator = tg.api.user("协调员")
    async with tg.sessions.begin() as session:
        await make_member(session, telegram_user_id=coordinator.id, full_name="协调员", role=Role.COORDINATOR)
    group = tg.api.group("领导群")
    tg.clock.now = local(2022, 6, 17, 12)
    [reply] = await tg.send(coordinator, "/digest on", chat=group)
    assert reply.shown_text == "本聊天将于每周一 09:00收到全区的每周简报。"
    return coordinator, group


def digests_in(tg: BotUnderTest, group: FakeChat) -> list[FakeMessage]:
    return [m for m in tg.api.messages_in(group) if m.from_bot and m.shown_text.startswith("📰 每周简报")]


async def test_the_digest_comes_at_monday_nine_and_covers_the_previous_iso_week(tg: BotUnderTest) -> None:
    _coordinator, group = await newsroom(tg)
    tg.clock.now = local(2022, 6, 20, 8, 59)
    assert await post_owed_digests(tg.app) == 0
    tg.clock.now = local(2022, 6, 20, 9, 0)
    assert await post_owed_digests(tg.app) == 1
    [digest] = digests_in(tg, group)
    text = digest.shown_text
    assert "全区 · 2022年6月13日 – 2022年6月19日" in text
    assert "6月13日 幸福社区 · 法律大集 · 120人 · 《民法典手册》300份" in text
    assert "6月19日 幸福社区 · 法律大集 · 80人" in text
    assert "6月12日" not in text
    assert "6月20日" not in text
    assert "年度累计（2022年1月1日 – 2022年6月19日）" in text
    assert "活动3场，覆盖210人次" in text
    chart = tg.api.messages_in(group)[-1]
    assert chart.photo
    assert chart.shown_text == "全区 · 2022年6月13日—19日及此前十一周"  # the chart shows twelve weeks in all


async def test_the_digest_is_posted_once_when_the_job_runs_twice(tg: BotUnderTest) -> None:
    _coordinator, group = await newsroom(tg)
    tg.clock.now = local(2022, 6, 20, 9, 0)
    assert await post_owed_digests(tg.app) == 1
    tg.clock.advance(timedelta(minutes=1))
    assert await post_owed_digests(tg.app) == 0
    assert len(digests_in(tg, group)) == 1


async def test_two_applications_on_one_database_post_one_digest(tg: BotUnderTest, database_url: str) -> None:
    _coordinator, group = await newsroom(tg)
    tg.clock.now = local(2022, 6, 20, 9, 0)
    async with running_bot(database_url, api=tg.api, clock=tg.clock) as other:
        posted = await asyncio.gather(post_owed_digests(tg.app), post_owed_digests(other.app))
    assert sorted(posted) == [0, 1]
    assert len(digests_in(tg, group)) == 1


async def test_a_claim_left_by_a_process_that_died_is_taken_over_after_its_lease(tg: BotUnderTest) -> None:
    _coordinator, group = await newsroom(tg)
    tg.clock.now = local(2022, 6, 20, 9, 0)
    async with tg.sessions.begin() as session:
        subscription = (await session.exec(select(DigestSubscription))).one()
        assert subscription.id is not None
        claim = await claim_delivery(
            session=session,
            subscription_id=subscription.id,
            week_start=date(2022, 6, 13),
            owner="a process that crashed before sending",
            now=tg.clock.now,
        )
        assert claim is not None
    # The bot restarts five seconds later: the claim is still live, so nothing is sent twice by two senders.
    tg.clock.advance(timedelta(seconds=5))
    assert await post_owed_digests(tg.app, sleep=no_sleep) == 0
    # Nobody renews it: once the lease (15 s by default) has passed, it is taken over.
    tg.clock.advance(tg.app.bot_data.settings.digest_claim_lease)
    assert await post_owed_digests(tg.app, sleep=no_sleep) == 1
    assert len(digests_in(tg, group)) == 1


async def test_three_missed_weeks_are_caught_up_one_digest_each_oldest_first(database_url: str) -> None:
    clock = Clock()
    async with running_bot(database_url, clock=clock) as tg:
        _coordinator, group = await newsroom(tg)
        api = tg.api
    # The bot is down from Friday 17 June until Sunday 10 July: three Mondays pass.
    clock.now = local(2022, 7, 10, 15, 0)
    async with running_bot(database_url, api=api, clock=clock) as restarted:
        assert await post_owed_digests(restarted.app) == 3
        weeks = [m.shown_text.splitlines()[2] for m in digests_in(restarted, group)]
        assert await post_owed_digests(restarted.app) == 0
    assert weeks == [
        "全区 · 2022年6月13日 – 2022年6月19日",
        "全区 · 2022年6月20日 – 2022年6月26日",
        "全区 · 2022年6月27日 – 2022年7月3日",
    ]


async def test_a_group_that_removed_the_bot_is_unsubscribed_with_the_reason(tg: BotUnderTest) -> None:
    _coordinator, group = await newsroom(tg)
    tg.api.remove_bot(group)
    tg.expected_refusals.append(("sendMessage", "Forbidden: bot was kicked from the supergroup chat"))
    tg.clock.now = local(2022, 6, 20, 9, 0)
    assert await post_owed_digests(tg.app) == 0
    async with tg.sessions() as session:
        subscription = (await session.exec(select(DigestSubscription))).one()
        [delivery] = await session.exec(select(DigestDelivery))
    assert not subscription.active
    assert subscription.stopped_reason == "Forbidden: bot was kicked from the supergroup chat"
    assert delivery.status == DeliveryStatus.PENDING  # never marked sent
    assert await post_owed_digests(tg.app) == 0  # and not tried again


class FlakyTelegram(FakeTelegram):
    """The stand-in, failing the next requests of a method as a test asks: a 429, or a network error."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.failures: list[tuple[str, int | Exception]] = []

    async def handle(self, method: str, params: JSONDict, uploads: dict[str, Upload]) -> tuple[int, JSONDict]:  # type: ignore[override]
        if self.failures and self.failures[0][0] == method:
            _method, failure = self.failures.pop(0)
            if isinstance(failure, Exception):
                raise failure
            return 429, {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 3",
                "parameters": {"retry_after": failure},
            }
        return await super().handle(method, params, uploads)


@pytest.fixture
async def flaky(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[BotUnderTest, FlakyTelegram]]:
    clock = Clock()
    api = FlakyTelegram(wall_clock=clock.timestamp)
    waited: list[float] = []

    async def clock_sleep(seconds: float) -> None:  # the rate limiter's wait, on the test's clock
        waited.append(seconds)
        clock.advance(timedelta(seconds=seconds))

    monkeypatch.setattr(bot.rate_limit, "asyncio", SimpleNamespace(Lock=asyncio.Lock, sleep=clock_sleep))
    async with running_bot(database_url, api=api, clock=clock) as tg:
        yield tg, api
        assert tg.api.refused == []


async def test_a_retry_after_is_waited_out_and_the_digest_posted_once(
    flaky: tuple[BotUnderTest, FlakyTelegram],
) -> None:
    tg, api = flaky
    _coordinator, group = await newsroom(tg)
    tg.clock.now = local(2022, 6, 20, 9, 0)
    api.failures = [("sendMessage", 3)]
    assert await post_owed_digests(tg.app, sleep=no_sleep) == 1
    assert len(digests_in(tg, group)) == 1
    assert tg.clock.now >= local(2022, 6, 20, 9, 0, 3)  # it waited the three seconds Telegram asked for


async def test_network_errors_are_retried_now_and_at_the_next_run(
    flaky: tuple[BotUnderTest, FlakyTelegram],
) -> None:
    tg, api = flaky
    _coordinator, group = await newsroom(tg)
    tg.clock.now = local(2022, 6, 20, 9, 0)
    api.failures = [("sendMessage", NetworkError("Connection reset by peer"))]
    assert await post_owed_digests(tg.app, sleep=no_sleep) == 1  # retried with back-off
    assert len(digests_in(tg, group)) == 1
    # A longer outage: the text went out, then the chart failed four times; the week is given back.
    tg.clock.now = local(2022, 6, 27, 9, 0)
    api.failures = [("sendPhoto", NetworkError("Network is unreachable"))] * 4
    assert await post_owed_digests(tg.app, sleep=no_sleep) == 0
    async with tg.sessions() as session:
        [_first, second] = await session.exec(select(DigestDelivery).order_by(col(DigestDelivery.week_start)))
    assert (second.status, second.parts_sent, second.last_error) == ("pending", 1, "Network is unreachable")
    assert await post_owed_digests(tg.app, sleep=no_sleep) == 1  # the next run sends only the chart
    assert len(digests_in(tg, group)) == 2
    assert sum(1 for m in tg.api.messages_in(group) if m.photo) == 2
