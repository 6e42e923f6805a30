"""One user never stalls another: users run concurrently, each user's updates in order, floods turned away."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest
from telegram import Update
from telegram.ext import TypeHandler

from bot.standin.model import FakeUser
from bot.update_order import UserOrder
from models.events.log_drafts import LogDraft
from models.events.records import Event
from tests.harness import BotUnderTest
from tests.test_log_conversation import count_rows

SLOW_DOWN = "您发消息太快了，最后几条我没有处理。请稍等片刻，再逐条重新发送。"
SLOW_DOWN_EN = "You are sending messages faster than I can read them"
TOAST = "点得太快了，请稍等片刻再试。"
CARD = "请核对活动信息"


def hold_up(tg: BotUnderTest, user: FakeUser, text: str) -> asyncio.Event:
    """Make `user`'s message `text` wait, before any handler, until the returned event is set."""
    release = asyncio.Event()

    async def wait_for_release(update: Update, _context: Any) -> None:
        message = update.effective_message
        if update.effective_user and update.effective_user.id == user.id and message and message.text == text:
            await release.wait()

    tg.app.add_handler(TypeHandler(Update, wait_for_release), group=-2)
    return release


def texts_in(tg: BotUnderTest, user: FakeUser) -> list[str]:
    return [m.shown_text for m in tg.api.messages_in(user) if m.from_bot]


async def test_a_slow_update_of_one_user_does_not_delay_another_user(tg: BotUnderTest) -> None:
    slow, quick = await tg.worker("王芳"), await tg.worker("李明", area="阳光社区")
    release = hold_up(tg, slow, "/my")
    held = asyncio.create_task(tg.send(slow, "/my"))
    await asyncio.sleep(0.05)
    # Under one-at-a-time processing this would wait for the held /my, which waits for us: a timeout.
    [card] = await asyncio.wait_for(tg.send(quick, "/log 法律大集 昨天 100人"), timeout=5)
    assert CARD in card.shown_text
    assert not held.done()
    release.set()
    await asyncio.wait_for(held, timeout=5)
    assert len(texts_in(tg, slow)) == 2  # the answer to /help, then to /my


async def test_a_users_second_message_waits_for_their_first(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    release = hold_up(tg, worker, "/my")
    held = asyncio.create_task(tg.send(worker, "/my"))
    await asyncio.sleep(0.05)
    second = asyncio.create_task(tg.send(worker, "/log 法律大集 昨天 100人"))
    await asyncio.sleep(0.2)
    assert not second.done()  # the /log waits its turn behind the held /my
    assert len(texts_in(tg, worker)) == 1
    release.set()
    await asyncio.wait_for(asyncio.gather(held, second), timeout=5)
    answer_to_my, card = texts_in(tg, worker)[1:]
    assert CARD not in answer_to_my
    assert CARD in card


async def test_each_users_updates_are_handled_in_the_order_sent_while_users_interleave(
    tg: BotUnderTest,
) -> None:
    first, second = await tg.worker("王芳"), await tg.worker("李明", area="阳光社区")
    handled: list[tuple[int, int]] = []

    async def record_with_jitter(update: Update, _context: Any) -> None:
        assert update.effective_user is not None
        await asyncio.sleep(random.uniform(0, 0.02))
        handled.append((update.effective_user.id, update.update_id))

    tg.app.add_handler(TypeHandler(Update, record_with_jitter), group=-2)
    updates = [tg.api.text_update(user, "/help") for _ in range(15) for user in (first, second)]
    await tg.driver.deliver_together(updates)
    for user in (first, second):
        sent = [u["update_id"] for u in updates if u["message"]["from"]["id"] == user.id]
        assert [update_id for user_id, update_id in handled if user_id == user.id] == sent
    users_in_handling_order = [user_id for user_id, _ in handled]
    assert users_in_handling_order != sorted(users_in_handling_order)  # the two users took turns
    processor = tg.app.update_processor
    assert isinstance(processor, UserOrder)
    assert processor.keys_in_flight == 0  # no lock is left behind


async def test_a_flood_of_a_hundred_logs_gets_one_slow_down_reply_and_at_most_a_burst_handled(
    tg: BotUnderTest,
) -> None:
    flooder, bystander = await tg.worker("王芳"), await tg.worker("李明", area="阳光社区")
    flood = [tg.api.text_update(flooder, f"/log 法律大集 昨天 {n + 1}人") for n in range(100)]
    await tg.driver.deliver_together([*flood, tg.api.text_update(bystander, "/log 讲座 昨天 30人")])
    replies = texts_in(tg, flooder)[1:]  # after the answer to the worker's /help
    cards = [t for t in replies if CARD in t]
    assert replies.count(SLOW_DOWN) == 1
    assert 1 <= len(cards) <= 20
    assert len(replies) == len(cards) + 1
    # Nothing half done: a draft for each card, no draft and no event for the dropped messages.
    assert await count_rows(tg, LogDraft) == len(cards) + 1  # and the bystander's
    assert await count_rows(tg, Event) == 0
    assert any(CARD in t for t in texts_in(tg, bystander))


async def test_the_slow_down_reply_speaks_the_users_telegram_language(tg: BotUnderTest) -> None:
    worker = await tg.worker("Li", language_code="en")
    await tg.driver.deliver_together([tg.api.text_update(worker, "/help") for _ in range(25)])
    slow_downs = [t for t in texts_in(tg, worker) if t.startswith(SLOW_DOWN_EN)]
    assert len(slow_downs) == 1


@pytest.mark.settings(flood_burst=5)
async def test_a_flood_of_button_presses_gets_one_toast_and_no_message(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    [card] = await tg.send(worker, "/log 法律大集 昨天 100人")
    messages_before = len(tg.api.messages_in(worker))
    presses = [tg.api.callback_update(worker, card, "✅ 保存") for _ in range(30)]
    await tg.driver.deliver_together(presses)
    toasts = [a.text for a in tg.api.callback_answers if a.text == TOAST]
    assert toasts == [TOAST]
    assert all(m.shown_text != SLOW_DOWN for m in tg.api.messages_in(worker)[messages_before:])
    assert await count_rows(tg, Event) == 1


@pytest.mark.settings(flood_burst=3)
async def test_admins_are_not_exempt_from_the_flood_guard(tg: BotUnderTest) -> None:
    admin = await tg.admin()
    await tg.driver.deliver_together([tg.api.text_update(admin, "/help") for _ in range(10)])
    assert texts_in(tg, admin).count(SLOW_DOWN) == 1


async def test_the_same_update_delivered_twice_at_once_stores_one_draft(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    log_update = tg.api.text_update(worker, "/log 法律大集 昨天 100人 《民法典手册》300份")
    await tg.driver.deliver_together([log_update, log_update])
    [card] = [m for m in tg.api.messages_in(worker) if m.from_bot and CARD in m.shown_text]
    assert await count_rows(tg, LogDraft) == 1
    save = tg.api.callback_update(worker, card, "✅ 保存")
    await tg.driver.deliver_together([save, save])
    # The redelivered press carries a query id Telegram has seen answered; the bot shrugs that off.
    tg.expected_refusals.append(
        (
            "answerCallbackQuery",
            "Bad Request: query is too old and response timeout expired or query id is invalid",
        )
    )
    assert await count_rows(tg, Event) == 1
