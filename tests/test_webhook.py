"""The webhook answers only after an update's effect is committed, once per update_id, and refuses junk."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlmodel import func, select

from bot.webhook import SECRET_HEADER
from models.events.log_drafts import LogDraft
from models.intake import HandledUpdate
from tests.harness import BotUnderTest, running_bot
from tests.webhook_client import PATH, SECRET, serving

LOG = "/log 法律大集 昨天 幸福社区 120人 《民法典手册》300份"


async def drafts(tg: BotUnderTest) -> int:
    async with tg.sessions() as session:
        return (await session.exec(select(func.count()).select_from(LogDraft))).one()


def replies(tg: BotUnderTest, chat_id: int) -> int:
    return sum(
        1
        for call in tg.api.calls
        if call.method == "sendMessage" and call.status == 200 and int(call.params["chat_id"]) == chat_id
    )


async def test_a_log_message_is_answered_200_once_its_draft_is_committed(tg: BotUnderTest) -> None:
    worker = await tg.worker("王芳")
    async with serving(tg) as hook:
        answer = await hook.post(tg.api.text_update(worker, LOG))
        assert answer.status_code == 200
        assert answer.json() == {"ok": True, "duplicate": False}
        assert await drafts(tg) == 1  # committed before the 200, not after
    card = tg.api.last_bot_message(tg.api.chat_of(worker), with_buttons=True)
    assert card is not None
    assert "法律大集" in card.shown_text


async def test_a_redelivered_update_has_no_second_effect_not_even_a_second_reply(tg: BotUnderTest) -> None:
    worker = await tg.worker("王芳")
    update = tg.api.text_update(worker, LOG)
    async with serving(tg) as hook:
        assert (await hook.post(update)).status_code == 200
        before = replies(tg, worker.id)
        again = await hook.post(update)
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert replies(tg, worker.id) == before
    assert await drafts(tg) == 1


async def test_an_update_redelivered_after_the_replica_died_before_answering_has_one_effect(
    database_url: str,
) -> None:
    """The first replica commits and dies before its 2xx; Telegram sends the update to the next one."""
    async with running_bot(database_url) as first:
        worker = await first.worker("王芳")
        update = first.api.text_update(worker, LOG)
        async with serving(first) as hook:
            assert (await hook.post(update)).status_code == 200
        api, clock = first.api, first.clock
    async with running_bot(database_url, api=api, clock=clock) as second, serving(second) as hook:
        before = replies(second, worker.id)
        again = await hook.post(update)
        assert (again.status_code, again.json()["duplicate"]) == (200, True)
        assert replies(second, worker.id) == before
        assert await drafts(second) == 1


async def test_a_read_only_update_is_recorded_too(tg: BotUnderTest) -> None:
    worker = await tg.worker("王芳")
    update = tg.api.text_update(worker, "/help")
    async with serving(tg) as hook:
        assert (await hook.post(update)).status_code == 200
        assert (await hook.post(update)).json()["duplicate"] is True
    async with tg.sessions() as session:
        assert await session.get(HandledUpdate, update["update_id"]) is not None


@pytest.mark.parametrize(
    ("body", "content_type", "status", "reason"),
    [
        (b'{"update_id": 1, "message": ', "application/json", 400, "not JSON"),
        ('{"update_id": 1, "text": "法"}'.encode("gbk"), "application/json", 400, "not UTF-8"),
        (b'["update_id", 1]', "application/json", 400, "not an update"),
        (b'{"update_id": "1"}', "application/json", 400, "not an update"),
        (b'{"update_id": 1}', "text/plain", 415, "application/json"),
    ],
)
async def test_a_malformed_body_is_refused_with_its_reason(
    tg: BotUnderTest, body: bytes, content_type: str, status: int, reason: str
) -> None:
    async with serving(tg) as hook:
        headers = {"Content-Type": content_type, SECRET_HEADER: SECRET}
        answer = await hook.client.post(hook.url + PATH, content=body, headers=headers)
    assert answer.status_code == status
    assert reason in answer.json()["reason"]


async def test_json_with_a_charset_is_accepted(tg: BotUnderTest) -> None:
    worker = await tg.worker("王芳")
    async with serving(tg) as hook:
        answer = await hook.post(
            tg.api.text_update(worker, "/help"), **{"Content-Type": "application/json; charset=utf-8"}
        )
    assert answer.status_code == 200


async def test_the_secret_is_checked_before_a_byte_of_a_90_mb_body_is_read(tg: BotUnderTest) -> None:
    async with serving(tg) as hook:
        wrong = await hook.raw(
            f"POST {PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"{SECRET_HEADER}: not-the-secret\r\nContent-Length: {90 * 1024 * 1024}\r\n\r\n".encode(),
            wait=3,
        )
        missing = await hook.post({"update_id": 5}, secret="")
    assert wrong.startswith(b"HTTP/1.1 403")  # answered without waiting for the body
    assert missing.status_code == 403
    async with tg.sessions() as session:
        assert await session.get(HandledUpdate, 5) is None


async def test_a_body_over_one_megabyte_is_refused_before_it_is_read(tg: BotUnderTest) -> None:
    async with serving(tg) as hook:
        declared = await hook.raw(
            f"POST {PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"{SECRET_HEADER}: {SECRET}\r\nContent-Length: {2 * 1024 * 1024}\r\n\r\n".encode(),
            wait=3,
        )
        big = json.dumps({"update_id": 9, "padding": "x" * (1024 * 1024)}).encode()

        # Without a Content-Length the body is chunked, and the server cuts it off at the limit.
        async def chunks() -> AsyncIterator[bytes]:
            for start in range(0, len(big), 65536):
                yield big[start : start + 65536]

        try:
            chunked = (
                await hook.client.post(
                    hook.url + PATH,
                    content=chunks(),
                    headers={"Content-Type": "application/json", SECRET_HEADER: SECRET},
                )
            ).status_code
        except httpx.TransportError:  # the server may close the connection instead of answering
            chunked = 0
    assert declared.startswith(b"HTTP/1.1 413")
    assert chunked in (0, 400)  # tornado answers 400 and closes, or just closes
    async with tg.sessions() as session:
        assert await session.get(HandledUpdate, 9) is None
