"""/digest in a group: on, time, off, now; only coordinators; the schedule follows each change."""

from __future__ import annotations

from sqlmodel import select

from models.organisation.members import Role
from models.scheduling.digests import DigestDelivery, DigestSubscription
from tests.factories import make_member
from tests.harness import BotUnderTest


async def test_a_coordinator_sets_up_changes_and_stops_a_groups_digest(tg: BotUnderTest) -> None:
    coordinator = tg.api.user("协调员")
    async with tg.sessions.begin() as session:
        await make_member(session, telegram_user_id=coordinator.id, full_name="协调员", role=Role.COORDINATOR)
    group = tg.api.group("领导群")
    [empty] = await tg.send(coordinator, "/digest", chat=group)
    assert empty.shown_text.startswith("本聊天未订阅每周简报。")
    [on] = await tg.send(coordinator, "/digest on", chat=group)
    assert on.shown_text == "本聊天将于每周一 09:00收到全区的每周简报。"
    [moved] = await tg.send(coordinator, "/digest time 周五 16:30", chat=group)
    assert moved.shown_text == "简报改为每周五 16:30推送。"
    [bad] = await tg.send(coordinator, "/digest time 周八", chat=group)
    assert bad.shown_text.startswith("请这样写星期和时间")
    [shown] = await tg.send(coordinator, "/digest", chat=group)
    assert "时间：每周五 16:30（Asia/Shanghai）" in shown.shown_text
    assert tg.app.job_queue is not None
    [job] = [j for j in tg.app.job_queue.jobs() if j.name and j.name.startswith("weekly_digest:")]
    assert str(job.job.trigger) == "cron[day_of_week='fri', hour='16', minute='30', second='0']"
    [off] = await tg.send(coordinator, "/digest off", chat=group)
    assert off.shown_text == "本群已停止接收每周简报。"
    assert not [j for j in tg.app.job_queue.jobs() if j.name and j.name.startswith("weekly_digest:")]
    async with tg.sessions() as session:
        subscription = (await session.exec(select(DigestSubscription))).one()
    assert (subscription.active, subscription.weekday, subscription.minute) == (False, 4, 990)


async def test_workers_cannot_subscribe_a_chat(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    [refused] = await tg.send(worker, "/digest on")
    assert refused.shown_text == "只有协调员才能设置每周简报。"


async def test_digest_now_is_a_preview_and_not_the_delivery(tg: BotUnderTest) -> None:
    coordinator = tg.api.user("Coordinator", language_code="en")
    async with tg.sessions.begin() as session:
        await make_member(
            session, telegram_user_id=coordinator.id, full_name="Coordinator", role=Role.COORDINATOR
        )
    await tg.send(coordinator, "/digest on")
    text, chart = await tg.send(coordinator, "/digest now")
    assert text.shown_text.splitlines()[:2] == [
        "📰 Weekly digest",
        "Preview: the scheduled digest is posted on its own.",
    ]
    assert chart.photo
    async with tg.sessions() as session:
        assert list(await session.exec(select(DigestDelivery))) == []
