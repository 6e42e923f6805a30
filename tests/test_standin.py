"""The Bot API stand-in answers like Telegram and refuses what Telegram would refuse."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    InputMediaPhoto,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from bot.standin import IMPLEMENTED_METHODS, FakeTelegram, StandInDriver, load_spec, replies_text
from bot.standin.html import EntityParseError, parse_html

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


class FakeClock:
    """A monotonic clock that only moves when the test says so."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("同意", callback_data="vote:yes")],
            [InlineKeyboardButton("反对", callback_data="vote:no")],
        ]
    )
    assert update.effective_message is not None
    await update.effective_message.reply_text("<b>是否</b>开展普法活动？", reply_markup=keyboard)


async def record_vote(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    await query.answer("已记录")
    await query.edit_message_text(f"你选择了：{query.data.removeprefix('vote:')}")


async def echo_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    photo_file = await update.message.photo[-1].get_file()
    content = await photo_file.download_as_bytearray()
    await update.message.reply_document(InputFile(bytes(content), filename="回执.jpg"), caption="已收到")


async def too_long(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text("长" * 4097)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def api(clock: FakeClock) -> FakeTelegram:
    return FakeTelegram(clock=clock)


@pytest.fixture
async def application(api: FakeTelegram) -> AsyncIterator[AnyApplication]:
    application = (
        ApplicationBuilder()
        .token("123:ABC")
        .request(api.request())
        .get_updates_request(api.request())
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .build()
    )
    application.add_handler(CommandHandler("vote", ask))
    application.add_handler(CommandHandler("long", too_long))
    application.add_handler(CallbackQueryHandler(record_vote, pattern="^vote:"))
    application.add_handler(MessageHandler(filters.PHOTO, echo_photo))
    await application.initialize()
    yield application
    await application.shutdown()


@pytest.fixture
def driver(api: FakeTelegram, application: AnyApplication) -> StandInDriver:
    return StandInDriver(api, application)


@pytest.fixture
def bot(application: AnyApplication) -> Bot:
    bot: Bot = application.bot
    return bot


async def test_a_user_answers_a_question_with_a_button(api: FakeTelegram, driver: StandInDriver) -> None:
    alice = api.user("Alice")

    asked = await driver.send(alice, "/vote")
    assert replies_text(asked) == ["是否开展普法活动？"]
    assert asked[0].button_labels == ["同意", "反对"]

    answered = await driver.press(alice, "反对")
    assert replies_text(answered) == ["你选择了：no"]
    assert answered[0].buttons == []  # an edit without reply_markup removes the keyboard
    assert [a.text for a in api.callback_answers] == ["已记录"]
    assert [m.shown_text for m in api.messages_in(alice)] == ["/vote", "你选择了：no"]


async def test_a_command_addressed_to_the_bot_in_a_group_gets_a_quoted_reply(
    api: FakeTelegram, driver: StandInDriver
) -> None:
    alice, street = api.user("Alice"), api.group("街道普法群")

    replies = await driver.send(alice, "/vote@pufa_bot", chat=street)

    assert replies_text(replies) == ["是否开展普法活动？"]
    assert replies[0].reply_to is not None
    assert replies[0].reply_to.text == "/vote@pufa_bot"
    assert street.id < 0


async def test_the_bot_downloads_a_users_photo_and_sends_a_document(
    api: FakeTelegram, driver: StandInDriver
) -> None:
    alice = api.user("Alice")

    replies = await driver.send_photo(alice, data=b"jpeg bytes")

    assert replies_text(replies) == ["已收到"]
    [sent] = api.files_sent
    assert (sent.filename, sent.content, sent.chat.id, sent.kind) == (
        "回执.jpg",
        b"jpeg bytes",
        alice.id,
        "document",
    )


async def test_an_update_delivered_twice_is_processed_twice(api: FakeTelegram, driver: StandInDriver) -> None:
    update = api.text_update(api.user("Alice"), "/vote")

    first, second = await driver.deliver(update), await driver.deliver(update)

    assert len(first) == len(second) == 1
    assert first[0].message_id != second[0].message_id


async def test_the_driver_raises_what_reached_the_error_handler(
    api: FakeTelegram, driver: StandInDriver
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await driver.send(api.user("Alice"), "/long")


async def test_get_updates_returns_queued_updates_until_confirmed(api: FakeTelegram, bot: Bot) -> None:
    alice = api.user("Alice")
    api.enqueue(api.text_update(alice, "一"))
    api.enqueue(api.text_update(alice, "二"))

    updates = await bot.get_updates(timeout=0)
    assert [u.message.text for u in updates if u.message] == ["一", "二"]

    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()


async def test_an_unknown_parameter_is_refused(api: FakeTelegram, bot: Bot) -> None:
    api.user("Alice")  # the chat exists; the parameter is what is wrong
    with pytest.raises(BadRequest, match=r"(?i)unknown parameter bogus"):
        await bot._post("sendMessage", {"chat_id": 1, "text": "x", "bogus": 1})
    assert [(c.method, c.status) for c in api.refused] == [("sendMessage", 400)]


async def test_a_missing_required_parameter_is_refused(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)parameter text is required"):
        await bot._post("sendMessage", {"chat_id": 1})


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"chat_id": 1, "text": 5}, r"(?i)parameter text: expected String"),
        ({"chat_id": True, "text": "x"}, "parameter chat_id"),
        (
            {"chat_id": 1, "text": "x", "reply_markup": {"inline_keyboard": [[{"txt": "a"}]]}},
            "unknown field txt",
        ),
        ({"chat_id": 1, "text": "x", "entities": {"type": "bold"}}, r"(?i)expected Array of MessageEntity"),
    ],
)
async def test_a_value_of_the_wrong_type_is_refused(
    bot: Bot, params: dict[str, object], problem: str
) -> None:
    with pytest.raises(BadRequest, match=problem):
        await bot._post("sendMessage", params)


async def test_methods_outside_the_spec_and_outside_the_stand_in_are_refused(bot: Bot) -> None:
    with pytest.raises(InvalidToken, match=r"(?i)Not Found"):
        await bot._post("sendTelegram", {})
    with pytest.raises(BadRequest, match=r"(?i)method not implemented by the stand-in"):
        await bot.send_dice(chat_id=1)


async def test_text_length_counts_what_the_user_sees(api: FakeTelegram, bot: Bot) -> None:
    alice = api.user("Alice")
    api.text_update(alice, "/start")

    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(alice.id, "字" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(alice.id, "<b> </b>")

    markup = "<b>" + "字" * 4090 + "</b>&lt;&amp;&gt;&quot;"
    assert len(markup) > 4096
    sent = await bot.send_message(alice.id, markup)
    assert sent.text is not None
    assert len(sent.text) == 4094


async def test_a_caption_over_1024_characters_is_refused(api: FakeTelegram, bot: Bot) -> None:
    alice = api.user("Alice")
    api.text_update(alice, "/start")
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await bot.send_photo(alice.id, photo=b"jpeg", caption="长" * 1025)


@pytest.mark.parametrize(
    "markup",
    [
        "<b>没闭合",
        "1 < 2",
        "A&B",
        "<blink>闪</blink>",
        "<b><i>交错</b></i>",
        '<span class="x">x</span>',
        "</b>",
    ],
)
async def test_malformed_html_is_refused(api: FakeTelegram, bot: Bot, markup: str) -> None:
    alice = api.user("Alice")
    api.text_update(alice, "/start")
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(alice.id, markup)


def test_telegram_html_becomes_text_and_entities() -> None:
    parsed = parse_html('<a href="https://example.org">法</a> <pre><code class="language-py">x</code></pre>')
    assert parsed.text == "法 x"
    assert parsed.entities == [
        {"type": "text_link", "offset": 0, "length": 1, "url": "https://example.org"},
        {"type": "pre", "offset": 2, "length": 1, "language": "py"},
    ]
    with pytest.raises(EntityParseError):
        parse_html("<br>")


async def test_callback_data_is_limited_to_64_bytes_not_characters(api: FakeTelegram, bot: Bot) -> None:
    alice = api.user("Alice")
    api.text_update(alice, "/start")
    data = "普法" * 11  # 22 characters, 66 bytes
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("选", callback_data=data)]])

    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(alice.id, "请选择", reply_markup=keyboard)

    fits = InlineKeyboardMarkup([[InlineKeyboardButton("选", callback_data="普法" * 10 + "abcd")]])
    await bot.send_message(alice.id, "请选择", reply_markup=fits)


async def test_a_button_needs_a_label(api: FakeTelegram, bot: Bot) -> None:
    alice = api.user("Alice")
    api.text_update(alice, "/start")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("", callback_data="x")]])
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_TEXT_INVALID"):
        await bot.send_message(alice.id, "请选择", reply_markup=keyboard)


async def test_a_callback_query_is_answered_once_and_only_when_issued(
    api: FakeTelegram, driver: StandInDriver, bot: Bot
) -> None:
    alice = api.user("Alice")
    await driver.send(alice, "/vote")
    await driver.press(alice, 1)
    [answer] = api.callback_answers

    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(answer.query_id)
    with pytest.raises(BadRequest, match=r"(?i)query id is invalid"):
        await bot.answer_callback_query("never-issued")


async def test_pressing_a_button_that_does_not_exist_fails_in_the_test(
    api: FakeTelegram, driver: StandInDriver
) -> None:
    alice = api.user("Alice")
    await driver.send(alice, "/vote")
    with pytest.raises(LookupError, match=r"(?i)no button '弃权'"):
        await driver.press(alice, "弃权")
    with pytest.raises(LookupError, match=r"(?i)no button 3"):
        await driver.press(alice, 3)


async def test_edits_must_change_something_and_target_an_existing_message(
    api: FakeTelegram, bot: Bot
) -> None:
    alice = api.user("Alice")
    api.text_update(alice, "/start")
    sent = await bot.send_message(alice.id, "<b>同一</b>内容")

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("<b>同一</b>内容", chat_id=alice.id, message_id=sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_reply_markup(chat_id=alice.id, message_id=sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("新", chat_id=alice.id, message_id=99)

    await bot.edit_message_text("<i>同一</i>内容", chat_id=alice.id, message_id=sent.message_id)
    await bot.delete_message(alice.id, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(alice.id, sent.message_id)
    assert [m.text for m in api.messages_in(alice)] == ["/start"]


async def test_users_who_blocked_the_bot_and_groups_that_removed_it_are_refused(
    api: FakeTelegram, bot: Bot
) -> None:
    alice, bob, street = api.user("Alice"), api.user("Bob"), api.group("街道普法群")
    api.text_update(alice, "/start")
    api.block(alice)
    api.remove_bot(street)

    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await bot.send_message(alice.id, "提醒")
    with pytest.raises(Forbidden, match=r"(?i)bot was kicked from the supergroup chat"):
        await bot.send_message(street.id, "提醒")
    with pytest.raises(Forbidden, match=r"(?i)can't initiate conversation"):
        await bot.send_message(bob.id, "提醒")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(-42, "提醒")


# PTB warns that RetryAfter.retry_after will become a timedelta; that is PTB's business, not this test's.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_the_31st_message_in_one_second_must_wait(
    api: FakeTelegram, bot: Bot, clock: FakeClock
) -> None:
    users = [api.user(f"用户{i}") for i in range(31)]
    for user in users:
        api.text_update(user, "/start")
    for user in users[:30]:
        await bot.send_message(user.id, "通知")

    with pytest.raises(RetryAfter):
        await bot.send_message(users[30].id, "通知")
    assert api.refused[-1].description == "Too Many Requests: retry after 1"
    assert api.flood_refusals == 1

    clock.advance(1)
    await bot.send_message(users[30].id, "通知")


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_the_21st_message_into_one_group_in_a_minute_must_wait(
    api: FakeTelegram, bot: Bot, clock: FakeClock
) -> None:
    street = api.group("街道普法群")
    for _ in range(20):
        await bot.send_message(street.id, "通知")
        clock.advance(1)

    with pytest.raises(RetryAfter):
        await bot.send_message(street.id, "通知")
    # The first message, sent at t=0, leaves the 60-second window at t=60.
    assert api.refused[-1].description == "Too Many Requests: retry after 40"

    clock.advance(40)
    await bot.send_message(street.id, "通知")
    assert api.flood_refusals == 1


async def test_answering_button_presses_does_not_count_against_the_flood_limit(
    api: FakeTelegram, driver: StandInDriver, bot: Bot
) -> None:
    alice = api.user("Alice")
    await driver.send(alice, "/vote")
    for _ in range(29):
        await bot.send_message(alice.id, "通知")
    update = api.callback_update(alice, api.messages_in(alice)[1], "同意")
    await bot.answer_callback_query(update["callback_query"]["id"])
    assert api.flood_refusals == 0


def test_every_method_the_stand_in_implements_is_a_bot_api_method_ptb_knows() -> None:
    spec = load_spec()
    assert spec.version == "Bot API 10.1"
    for name in IMPLEMENTED_METHODS:
        assert name in spec.methods, name
        assert callable(getattr(Bot, name, None)), f"PTB's Bot has no {name}"


async def test_the_bot_sends_an_album_and_resends_a_photo_by_file_id(api: FakeTelegram, bot: Bot) -> None:
    alice = api.user("Alice")
    api.text_update(alice, "/start")

    album = await bot.send_media_group(
        alice.id, [InputMediaPhoto(b"one", caption="<b>一</b>"), InputMediaPhoto(b"two")]
    )
    again = await bot.send_photo(alice.id, album[0].photo[-1].file_id, caption="再发")

    assert album[0].media_group_id == album[1].media_group_id
    assert [(f.content, f.kind) for f in api.files_sent] == [
        (b"one", "photo"),
        (b"two", "photo"),
        (b"one", "photo"),
    ]
    assert [m.shown_text for m in api.messages_in(alice)[1:]] == ["一", "", "再发"]
    assert again.photo[-1].file_id == album[0].photo[-1].file_id


async def test_commands_and_chat_members_are_remembered(api: FakeTelegram, bot: Bot) -> None:
    alice, street = api.user("Alice"), api.group("街道普法群")
    api.make_admin(street, alice)

    await bot.set_my_commands([BotCommand("log", "记录活动")], scope=BotCommandScopeAllGroupChats())
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("Log", "记录活动")])

    assert [c.command for c in await bot.get_my_commands(scope=BotCommandScopeAllGroupChats())] == ["log"]
    assert await bot.get_my_commands() == ()
    assert (await bot.get_chat_member(street.id, alice.id)).status == "administrator"
    assert (await bot.get_chat(street.id)).title == "街道普法群"
