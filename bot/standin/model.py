"""Users, chats, messages and records of the stand-in, with the Bot API JSON shape of each."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

JSONDict = dict[str, Any]
ChatType = Literal["private", "group", "supergroup"]


class ApiError(Exception):
    """A refusal the stand-in answers with a non-2xx status, like the Bot API does."""

    def __init__(self, status: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def body(self) -> JSONDict:
        """Render the error as the Bot API's JSON answer."""
        body: JSONDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(detail: str) -> ApiError:
    """Build the 400 answer Telegram gives for `detail`."""
    return ApiError(400, f"Bad Request: {detail}")


@dataclass(frozen=True)
class FakeUser:
    """A Telegram user (or the bot itself)."""

    id: int
    first_name: str
    language_code: str | None = None
    is_bot: bool = False
    username: str | None = None

    def to_json(self) -> JSONDict:
        """Render as a Bot API User."""
        data: JSONDict = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass(frozen=True)
class FakeChat:
    """A private chat with a user, or a group the bot is in."""

    id: int
    type: ChatType
    title: str | None = None
    first_name: str | None = None

    def to_json(self) -> JSONDict:
        """Render as a Bot API Chat."""
        data: JSONDict = {"id": self.id, "type": self.type}
        if self.title is not None:
            data["title"] = self.title
        if self.first_name is not None:
            data["first_name"] = self.first_name
        return data

    @property
    def is_group(self) -> bool:
        """Say whether this is a group or supergroup."""
        return self.type != "private"


@dataclass
class StoredFile:
    """A file a user or the bot sent, downloadable through getFile."""

    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    filename: str | None = None
    mime_type: str | None = None

    def to_json(self) -> JSONDict:
        """Render as a Bot API File (the answer of getFile)."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
            "file_path": self.file_path,
        }


@dataclass
class FakeMessage:
    """A message in a chat as it stands now; the stand-in updates it in place on edits and deletion."""

    chat: FakeChat
    message_id: int
    sender: FakeUser
    date: int
    text: str | None = None
    entities: list[JSONDict] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[JSONDict] = field(default_factory=list)
    raw_text: str | None = None  # the text or caption as the bot sent it, HTML tags included
    reply_markup: JSONDict | None = None
    photo: list[JSONDict] | None = None
    document: JSONDict | None = None
    media_group_id: str | None = None
    reply_to: FakeMessage | None = None
    edit_date: int | None = None
    deleted: bool = False

    @property
    def from_bot(self) -> bool:
        """Say whether the bot sent this message."""
        return self.sender.is_bot

    @property
    def shown_text(self) -> str:
        """Return what the user reads: the text, else the caption, else an empty string."""
        return self.text if self.text is not None else (self.caption or "")

    @property
    def buttons(self) -> list[JSONDict]:
        """List the inline keyboard buttons, row after row."""
        if not self.reply_markup:
            return []
        return [button for row in self.reply_markup.get("inline_keyboard", []) for button in row]

    @property
    def button_labels(self) -> list[str]:
        """List the labels of the inline keyboard buttons, row after row."""
        return [str(button["text"]) for button in self.buttons]

    def button(self, which: int | str) -> JSONDict:
        """Find a button by 1-based position across all rows, or by its exact label."""
        buttons = self.buttons
        if isinstance(which, int):
            if not 1 <= which <= len(buttons):
                raise LookupError(f"message {self.message_id} has {len(buttons)} buttons, no button {which}")
            return buttons[which - 1]
        for button in buttons:
            if button["text"] == which:
                return button
        raise LookupError(f"message {self.message_id} has no button {which!r}; it has {self.button_labels}")

    def to_json(self) -> JSONDict:
        """Render as a Bot API Message."""
        data: JSONDict = {
            "message_id": self.message_id,
            "date": self.date,
            "chat": self.chat.to_json(),
            "from": self.sender.to_json(),
        }
        optional: JSONDict = {
            "text": self.text,
            "entities": self.entities or None,
            "caption": self.caption,
            "caption_entities": self.caption_entities or None,
            "reply_markup": self.reply_markup,
            "photo": self.photo,
            "document": self.document,
            "media_group_id": self.media_group_id,
            "edit_date": self.edit_date,
        }
        data.update({key: value for key, value in optional.items() if value is not None})
        if self.reply_to is not None:
            # Telegram nests the replied-to message only one level deep.
            nested = self.reply_to.to_json()
            nested.pop("reply_to_message", None)
            data["reply_to_message"] = nested
        return data


@dataclass(frozen=True)
class ApiCall:
    """One request the bot made, what the stand-in answered, and the messages it sent or edited."""

    method: str
    params: JSONDict
    status: int
    description: str | None = None
    messages: tuple[FakeMessage, ...] = ()


@dataclass(frozen=True)
class SentFile:
    """A photo or document the bot sent."""

    filename: str | None
    content: bytes
    chat: FakeChat
    kind: Literal["photo", "document"]


@dataclass(frozen=True)
class CallbackAnswer:
    """The bot's answerCallbackQuery for one button press."""

    query_id: str
    text: str | None
    show_alert: bool
