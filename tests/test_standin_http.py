"""The stand-in over HTTP: PTB's own transport talks to it as to api.telegram.org."""

from __future__ import annotations

from telegram import Bot

from bot.standin import FakeTelegram
from bot.standin.http import StandInHttpServer

TOKEN = "123456:" + "A" * 35


async def test_a_bot_sends_text_and_photos_through_the_http_stand_in() -> None:
    api = FakeTelegram()
    group = api.group("领导群")
    with StandInHttpServer(api) as server:
        base = server.url
        async with Bot(TOKEN, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot") as bot:
            assert (await bot.get_me()).username == "pufa_bot"
            text = await bot.send_message(group.id, "<b>本周</b> 123", parse_mode="HTML")
            photo = await bot.send_photo(group.id, b"\x89PNG\r\n\x1a\n" + bytes(64), caption="图")
            again = await bot.send_photo(group.id, photo.photo[-1].file_id, caption="图")
        calls = server.inspect(lambda a: [(c.method, c.status) for c in a.calls])
    assert text.text == "本周 123"
    assert again.photo[-1].file_id == photo.photo[-1].file_id
    assert calls[-3:] == [("sendMessage", 200), ("sendPhoto", 200), ("sendPhoto", 200)]
    assert {status for _method, status in calls} == {200}
