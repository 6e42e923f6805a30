"""Photos: a captioned photo or album is one event with all its photos, whatever order they arrive in."""

from __future__ import annotations

import random
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import col, select

from bot.standin.model import FakeUser
from models.events.photos import EventPhoto
from models.events.records import Event
from tests.harness import BotUnderTest
from tests.test_log_conversation import count_rows

CAPTION = "法律大集 昨天 120人 《民法典手册》300份"


async def photos_by_event(tg: BotUnderTest) -> dict[int | None, int]:
    async with tg.sessions() as session:
        rows = await session.exec(
            select(EventPhoto.event_id, func.count()).group_by(col(EventPhoto.event_id))
        )
        return dict(rows.all())


def album(
    tg: BotUnderTest, worker: FakeUser, *, caption_on: int, group: str = "album-1"
) -> list[dict[str, Any]]:
    """Three photos of one album; the caption on photo number `caption_on`."""
    return [
        tg.api.photo_update(
            worker,
            caption=CAPTION if n == caption_on else None,
            media_group_id=group,
            data=f"jpeg {n}".encode(),
        )
        for n in range(3)
    ]


async def test_an_album_with_a_caption_is_one_event_with_three_photos(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    shown = []
    for update in album(tg, worker, caption_on=0):
        shown += await tg.driver.deliver(update)
    card = shown[-1]
    assert "照片：3张" in card.shown_text
    assert len({m.message_id for m in shown}) == 1  # one card, updated as the photos came in
    [saved] = await tg.press(worker, "✅ 保存", message=card)
    assert await count_rows(tg, Event) == 1
    assert await photos_by_event(tg) == {1: 3}
    assert "照片：3张" in saved.shown_text  # the saved card still says so: the photos moved to the event


async def test_the_album_is_the_same_in_any_order_and_with_a_photo_delivered_twice(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    updates = album(tg, worker, caption_on=2)
    random.Random(7).shuffle(updates)
    for update in [*updates, updates[0]]:
        await tg.driver.deliver(update)
    card = tg.api.last_bot_message(worker, with_buttons=True)
    assert card is not None
    assert "照片：3张" in card.shown_text
    assert "形式：法律大集" in card.shown_text
    await tg.press(worker, "✅ 保存", message=card)
    assert await photos_by_event(tg) == {1: 3}


async def test_photos_sent_at_the_photo_step_belong_to_the_event(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    await tg.send(worker, "/log 法律大集 昨天 100人 《民法典手册》10份 联合城东派出所")
    await tg.press(worker, "✏️ 修改")
    await tg.press(worker, "照片")
    await tg.driver.send_photo(worker, data=b"one")
    [card] = await tg.driver.send_photo(worker, data=b"two")
    assert "照片：2张" in card.shown_text
    await tg.press(worker, "✅ 完成")
    await tg.press(worker, "✅ 保存")
    assert await photos_by_event(tg) == {1: 2}


# More than the flood guard's burst of 20 updates, sent at machine speed; a person would take a minute.
@pytest.mark.settings(flood_burst=40)
async def test_photos_added_to_a_saved_event_can_be_seen_again(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    await tg.driver.send_photo(worker, caption="/log 反诈宣讲 昨天 80人", data=b"first")
    await tg.press(worker, "✅ 保存")
    [listing] = await tg.send(worker, "/my")
    [card] = await tg.press(worker, 1, message=listing)
    assert "照片：1张" in card.shown_text
    [prompt] = await tg.press(worker, "➕ 添加照片", message=card)
    assert "请发送活动照片" in prompt.shown_text
    for n in range(11):
        await tg.driver.send_photo(worker, data=f"more {n}".encode())
    [done] = await tg.press(worker, "✅ 完成", message=prompt)
    assert "照片已添加到活动 #1" in done.shown_text
    assert await photos_by_event(tg) == {1: 12}
    [card] = await tg.send(worker, "/my")
    [card] = await tg.press(worker, 1, message=card)
    sent = await tg.press(worker, "📷 照片（12）", message=card)
    assert [len(m.photo or []) > 0 for m in sent].count(True) == 12  # an album of ten, then one of two
    [history] = await tg.press(worker, "📜 历史", message=card)
    assert "照片：1 → 2" in history.shown_text
    assert "照片：11 → 12" in history.shown_text


async def test_a_photo_without_a_caption_or_a_waiting_draft_gets_a_hint(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    [hint] = await tg.driver.send_photo(worker, data=b"lonely")
    assert "请把活动内容写在照片说明里" in hint.shown_text
    assert await count_rows(tg, EventPhoto) == 0


async def test_a_caption_with_a_bad_date_saves_nothing(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    [reply] = await tg.driver.send_photo(worker, caption="法律大集 明天 100人", data=b"x")
    assert "是将来的日期" in reply.shown_text
    assert (await count_rows(tg, Event), await count_rows(tg, EventPhoto)) == (0, 0)
