"""The stand-in's Bot API methods that send, edit and delete messages and answer button presses."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from bot.standin.html import ParsedText
from bot.standin.limits import (
    CALLBACK_ANSWER_LIMIT,
    CAPTION_LIMIT,
    TEXT_LIMIT,
    UPLOAD_LIMIT,
    check_reply_markup,
    parse_text,
)
from bot.standin.model import (
    ApiError,
    CallbackAnswer,
    FakeChat,
    FakeMessage,
    JSONDict,
    SentFile,
    StoredFile,
    bad_request,
)
from bot.standin.spec import Upload
from bot.standin.state import BotWorld

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)


@dataclass(frozen=True)
class Call:
    """The parameters of one validated request, and the multipart files its attach:// URIs name."""

    params: JSONDict
    attachments: Mapping[str, Upload] = field(default_factory=dict)

    def get(self, name: str) -> object:
        """Return a parameter, or None when it was not sent."""
        return self.params.get(name)

    def text(self, name: str) -> str | None:
        """Return a String parameter."""
        value = self.params.get(name)
        return value if isinstance(value, str) else None


Method = Callable[[BotWorld, Call], object]


def send_message(world: BotWorld, call: Call) -> object:
    """Post a text message."""
    chat = world.writable_chat(call.get("chat_id"))
    parsed = _text(call, "text")
    return _post(world, chat, call, text=parsed.text, entities=parsed.entities, raw_text=call.text("text"))


def send_photo(world: BotWorld, call: Call) -> object:
    """Post a photo, uploaded or named by file_id."""
    chat = world.writable_chat(call.get("chat_id"))
    caption = _caption(call)
    stored = _media_file(world, call.get("photo"), call, kind="photos")
    sent = _post(world, chat, call, photo=world.photo_sizes(stored), **caption)
    world.sent_files.append(
        SentFile(filename=stored.filename, content=stored.content, chat=chat, kind="photo")
    )
    return sent


def send_document(world: BotWorld, call: Call) -> object:
    """Post a document, uploaded or named by file_id."""
    chat = world.writable_chat(call.get("chat_id"))
    caption = _caption(call)
    stored = _media_file(world, call.get("document"), call, kind="documents")
    sent = _post(world, chat, call, document=_document_json(stored), **caption)
    world.sent_files.append(
        SentFile(filename=stored.filename, content=stored.content, chat=chat, kind="document")
    )
    return sent


def send_media_group(world: BotWorld, call: Call) -> object:
    """Post an album of photos or documents; each item becomes one message."""
    chat = world.writable_chat(call.get("chat_id"))
    media = call.get("media")
    assert isinstance(media, list)  # the spec check made sure
    if not 2 <= len(media) <= 10:
        raise bad_request("media must include 2-10 items")
    # Check every item before posting any, because Telegram sends an album whole or not at all.
    prepared = []
    for item in media:
        kind = item["type"]
        if kind not in ("photo", "document"):
            raise bad_request(f"method not implemented by the stand-in (album item of type {kind})")
        stored = _media_file(world, item["media"], call, kind=f"{kind}s")
        content = (
            {"photo": world.photo_sizes(stored)} if kind == "photo" else {"document": _document_json(stored)}
        )
        prepared.append((kind, stored, {**content, **_caption(Call(params=item))}))
    group_id = f"album-{world.next_id()}"
    sent = []
    for kind, stored, content in prepared:
        sent.append(_post(world, chat, call, media_group_id=group_id, **content))
        world.sent_files.append(
            SentFile(filename=stored.filename, content=stored.content, chat=chat, kind=kind)
        )
    return sent


def send_chat_action(world: BotWorld, call: Call) -> object:
    """Accept a typing indicator for a chat the bot may write to."""
    world.writable_chat(call.get("chat_id"))
    return True


def edit_message_text(world: BotWorld, call: Call) -> object:
    """Replace the text (and keyboard) of a bot message."""
    message = _message_to_edit(world, call)
    if message.text is None:
        raise bad_request("there is no text in the message to edit")
    parsed = _text(call, "text")
    keyboard = _inline_keyboard(call)
    if (parsed.text, parsed.entities, keyboard) == (message.text, message.entities, message.reply_markup):
        raise bad_request(NOT_MODIFIED)
    message.text, message.entities, message.raw_text = parsed.text, parsed.entities, call.text("text")
    return _edited(world, message, keyboard)


def edit_message_caption(world: BotWorld, call: Call) -> object:
    """Replace the caption (and keyboard) of a bot photo or document."""
    message = _message_to_edit(world, call)
    if message.photo is None and message.document is None:
        raise bad_request("there is no caption in the message to edit")
    caption = _caption(call)
    new_caption, new_entities = caption.get("caption"), caption.get("caption_entities", [])
    keyboard = _inline_keyboard(call)
    if (new_caption, new_entities, keyboard) == (
        message.caption,
        message.caption_entities,
        message.reply_markup,
    ):
        raise bad_request(NOT_MODIFIED)
    message.caption, message.caption_entities = new_caption, new_entities
    message.raw_text = call.text("caption")
    return _edited(world, message, keyboard)


def edit_message_reply_markup(world: BotWorld, call: Call) -> object:
    """Replace or remove the inline keyboard of a bot message."""
    message = _message_to_edit(world, call)
    keyboard = _inline_keyboard(call)
    if keyboard == message.reply_markup:
        raise bad_request(NOT_MODIFIED)
    return _edited(world, message, keyboard)


def delete_message(world: BotWorld, call: Call) -> object:
    """Delete a message of a chat."""
    chat = world.writable_chat(call.get("chat_id"))
    message = world.find_message(chat, call.get("message_id"))
    if message is None:
        raise bad_request("message to delete not found")
    message.deleted = True
    return True


def answer_callback_query(world: BotWorld, call: Call) -> object:
    """Answer a button press once, as Telegram allows."""
    query_id = call.text("callback_query_id") or ""
    if query_id not in world.callback_queries or world.callback_queries[query_id] is not None:
        raise bad_request("query is too old and response timeout expired or query id is invalid")
    text = call.text("text")
    if text is not None and len(text) > CALLBACK_ANSWER_LIMIT:
        raise bad_request("MESSAGE_TOO_LONG")
    world.callback_queries[query_id] = CallbackAnswer(query_id, text, call.get("show_alert") is True)
    return True


def _text(call: Call, name: str) -> ParsedText:
    return parse_text(
        call.text(name) or "",
        call.get("parse_mode"),
        call.get("entities"),
        limit=TEXT_LIMIT,
        too_long="message is too long",
        empty="message text is empty",
    )


def _caption(call: Call) -> JSONDict:
    """Parse the caption parameter into message fields (none when there is no caption)."""
    raw = call.text("caption")
    if not raw:
        return {}
    parsed = parse_text(
        raw,
        call.get("parse_mode"),
        call.get("caption_entities"),
        limit=CAPTION_LIMIT,
        too_long="message caption is too long",
        empty=None,
    )
    return {"caption": parsed.text, "caption_entities": parsed.entities, "raw_text": raw}


def _inline_keyboard(call: Call) -> JSONDict | None:
    """Return the inline keyboard a request attaches, after Telegram's checks."""
    markup = call.get("reply_markup")
    check_reply_markup(markup)
    return markup if isinstance(markup, dict) and "inline_keyboard" in markup else None


def _post(world: BotWorld, chat: FakeChat, call: Call, **content: object) -> JSONDict:
    keyboard = _inline_keyboard(call)
    markup = call.get("reply_markup")
    if isinstance(markup, dict) and "keyboard" in markup:
        world.reply_keyboards[chat.id] = markup
    elif isinstance(markup, dict) and markup.get("remove_keyboard"):
        world.reply_keyboards.pop(chat.id, None)
    reply_to = _replied_message(world, chat, call.get("reply_parameters"))
    message = world.add_message(chat, world.bot, reply_markup=keyboard, reply_to=reply_to, **content)
    return message.to_json()


def _replied_message(world: BotWorld, chat: FakeChat, parameters: object) -> FakeMessage | None:
    if not isinstance(parameters, dict):
        return None
    other_chat = parameters.get("chat_id")
    target = world.known_chat(other_chat) if other_chat is not None else chat
    found = world.find_message(target, parameters.get("message_id")) if target else None
    if found is None and not parameters.get("allow_sending_without_reply"):
        raise bad_request("message to be replied not found")
    return found


def _message_to_edit(world: BotWorld, call: Call) -> FakeMessage:
    if call.get("inline_message_id") is not None:
        raise bad_request("method not implemented by the stand-in (inline messages)")
    chat = world.writable_chat(call.get("chat_id"))
    message = world.find_message(chat, call.get("message_id"))
    if message is None:
        raise bad_request("message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return message


def _edited(world: BotWorld, message: FakeMessage, keyboard: JSONDict | None) -> JSONDict:
    message.reply_markup = keyboard
    message.edit_date = world.now()
    world.touched.append(message)
    return message.to_json()


def _media_file(world: BotWorld, value: object, call: Call, *, kind: str) -> StoredFile:
    """Resolve an InputFile-or-String parameter: an upload, an attach:// part, a file_id or a URL."""
    if isinstance(value, str) and value.startswith("attach://"):
        attached = call.attachments.get(value.removeprefix("attach://"))
        if attached is None:
            raise bad_request(f"file {value} not found in the request")
        value = attached
    if isinstance(value, Upload):
        if not value.content:
            raise bad_request("file must be non-empty")
        if len(value.content) > UPLOAD_LIMIT:
            raise ApiError(413, "Request Entity Too Large")
        return world.store_file(value.content, kind=kind, filename=value.filename, mime_type=value.mimetype)
    if isinstance(value, str) and value in world.files:
        return world.files[value]
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        # The stand-in cannot fetch the Internet; the file exists, with no bytes.
        return world.store_file(b"", kind=kind, filename=value.rsplit("/", 1)[-1], mime_type=None)
    raise bad_request("wrong file identifier/HTTP URL specified")


def _document_json(stored: StoredFile) -> JSONDict:
    data: JSONDict = {**stored.to_json(), "file_name": stored.filename, "mime_type": stored.mime_type}
    data.pop("file_path")
    return {key: value for key, value in data.items() if value is not None}


MESSAGING_METHODS: dict[str, Method] = {
    "sendMessage": send_message,
    "sendPhoto": send_photo,
    "sendDocument": send_document,
    "sendMediaGroup": send_media_group,
    "sendChatAction": send_chat_action,
    "editMessageText": edit_message_text,
    "editMessageCaption": edit_message_caption,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "answerCallbackQuery": answer_callback_query,
}
