"""What the fake Telegram knows: users, chats, messages, files, callback queries and pending updates."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.standin.model import (
    ApiError,
    CallbackAnswer,
    ChatType,
    FakeChat,
    FakeMessage,
    FakeUser,
    JSONDict,
    SentFile,
    StoredFile,
    bad_request,
)

_FIRST_USER_ID = 7_000_001
_FIRST_GROUP_NUMBER = 4_000_001


@dataclass
class BotWorld:
    """The mutable state behind the stand-in; the method implementations read and change it."""

    bot: FakeUser
    wall_clock: Callable[[], float]
    users: dict[str, FakeUser] = field(default_factory=dict)
    chats: dict[int, FakeChat] = field(default_factory=dict)
    open_private_chats: set[int] = field(default_factory=set)
    blocked: set[int] = field(default_factory=set)
    removed_from: set[int] = field(default_factory=set)
    admins: dict[int, set[int]] = field(default_factory=dict)
    messages: dict[int, list[FakeMessage]] = field(default_factory=dict)
    files: dict[str, StoredFile] = field(default_factory=dict)
    sent_files: list[SentFile] = field(default_factory=list)
    reply_keyboards: dict[int, JSONDict] = field(default_factory=dict)
    callback_queries: dict[str, CallbackAnswer | None] = field(default_factory=dict)
    commands: dict[str, list[JSONDict]] = field(default_factory=dict)
    webhook_url: str = ""
    pending_updates: list[JSONDict] = field(default_factory=list)
    update_arrived: asyncio.Event = field(default_factory=asyncio.Event)
    touched: list[FakeMessage] = field(default_factory=list)
    # Message ids a chat used before a restart (the console keeps them): new ones continue after them.
    message_id_floor: dict[int, int] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _user_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(_FIRST_USER_ID))
    _group_numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(_FIRST_GROUP_NUMBER))

    def snapshot(self) -> JSONDict:
        """What a later run needs to go on as the same Telegram: who is who, the ids handed out so far."""
        following = self.next_id()
        self._ids = itertools.count(following)  # taken back: the snapshot hands out nothing
        return {
            "users": {name: user.id for name, user in self.users.items()},
            "groups": {chat.title: chat.id for chat in self.chats.values() if chat.is_group},
            "next_id": following,
            "last_message_ids": {
                str(chat_id): self.message_id_floor.get(chat_id, 0) + len(history)
                for chat_id, history in self.messages.items()
            },
        }

    def resume(self, saved: JSONDict, *, language_code: str | None = "zh-hans") -> None:
        """Go on from a snapshot: the same ids for the same names, update and message ids that continue."""
        for name, user_id in dict(saved.get("users", {})).items():
            self.user(str(name), language_code=language_code, user_id=int(user_id))
            self.open_private_chats.add(int(user_id))  # they wrote to the bot in an earlier run
        for title, chat_id in dict(saved.get("groups", {})).items():
            self.chats[int(chat_id)] = FakeChat(id=int(chat_id), type="supergroup", title=str(title))
        self._ids = itertools.count(int(saved.get("next_id", 1)))
        ids = [u.id for u in self.users.values()] + [_FIRST_USER_ID - 1]
        self._user_ids = itertools.count(max(ids) + 1)
        groups = [-c.id - 1_000_000_000_000 for c in self.chats.values() if c.is_group]
        self._group_numbers = itertools.count(max([*groups, _FIRST_GROUP_NUMBER - 1]) + 1)
        floors = dict(saved.get("last_message_ids", {}))
        self.message_id_floor = {int(chat_id): int(last) for chat_id, last in floors.items()}

    def next_id(self) -> int:
        """Hand out a fresh number for update ids, file ids and callback query ids."""
        return next(self._ids)

    def now(self) -> int:
        """Return the Unix time used as message date."""
        return int(self.wall_clock())

    def user(self, name: str, *, language_code: str | None, user_id: int | None) -> FakeUser:
        """Return the user called `name`, creating them on first mention."""
        existing = self.users.get(name)
        if existing is not None:
            return existing
        new = FakeUser(
            id=user_id if user_id is not None else next(self._user_ids),
            first_name=name,
            language_code=language_code,
        )
        self.users[name] = new
        self.chats[new.id] = FakeChat(id=new.id, type="private", first_name=name)
        return new

    def group(self, title: str, *, chat_type: ChatType) -> FakeChat:
        """Return the group called `title`, creating it (with the bot in it) on first mention."""
        for chat in self.chats.values():
            if chat.is_group and chat.title == title:
                return chat
        number = next(self._group_numbers)
        chat_id = -(1_000_000_000_000 + number) if chat_type == "supergroup" else -number
        chat = FakeChat(id=chat_id, type=chat_type, title=title)
        self.chats[chat_id] = chat
        return chat

    def user_by_id(self, user_id: int) -> FakeUser | None:
        """Find a user by id, the bot included."""
        if user_id == self.bot.id:
            return self.bot
        return next((u for u in self.users.values() if u.id == user_id), None)

    def known_chat(self, chat_id: object) -> FakeChat | None:
        """Find the chat a chat_id parameter names, without judging whether the bot may write there."""
        if isinstance(chat_id, str):
            try:
                chat_id = int(chat_id)
            except ValueError:
                return None  # @usernames: the stand-in's chats have none
        return self.chats.get(chat_id) if isinstance(chat_id, int) else None

    def writable_chat(self, chat_id: object) -> FakeChat:
        """Find the chat the bot writes to, or refuse the way Telegram does."""
        chat = self.known_chat(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        if chat.type == "private":
            if chat.id in self.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            if chat.id not in self.open_private_chats:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        elif chat.id in self.removed_from:
            raise ApiError(403, f"Forbidden: bot was kicked from the {chat.type} chat")
        return chat

    def add_message(self, chat: FakeChat, sender: FakeUser, **content: object) -> FakeMessage:
        """Append a message to `chat` with the next message id of that chat."""
        history = self.messages.setdefault(chat.id, [])
        message = FakeMessage(
            chat=chat,
            message_id=self.message_id_floor.get(chat.id, 0) + len(history) + 1,
            sender=sender,
            date=self.now(),
            **content,  # type: ignore[arg-type]
        )
        history.append(message)
        if sender.is_bot:
            self.touched.append(message)
        elif chat.type == "private":
            self.open_private_chats.add(chat.id)
        return message

    def find_message(self, chat: FakeChat, message_id: object) -> FakeMessage | None:
        """Find a message of `chat` that was not deleted."""
        if not isinstance(message_id, int):
            return None
        history = self.messages.get(chat.id, [])
        index = message_id - self.message_id_floor.get(chat.id, 0) - 1
        if not 0 <= index < len(history) or history[index].deleted:
            return None
        return history[index]

    def store_file(
        self, content: bytes, *, kind: str, filename: str | None, mime_type: str | None
    ) -> StoredFile:
        """Keep file bytes so that getFile and the file download can return them."""
        number = self.next_id()
        suffix = f"_{filename}" if filename else ".jpg" if kind == "photos" else ""
        stored = StoredFile(
            file_id=f"{kind}-file-{number}",
            file_unique_id=f"u{number}",
            file_path=f"{kind}/file_{number}{suffix}",
            content=content,
            filename=filename,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        return stored

    def file_by_path(self, path: str) -> StoredFile | None:
        """Find a stored file by the file_path getFile gave out."""
        return next((f for f in self.files.values() if f.file_path == path), None)

    def photo_sizes(self, stored: StoredFile) -> list[JSONDict]:
        """Describe a stored photo as the PhotoSize list Telegram sends, smallest first."""
        thumbnail = {**stored.to_json(), "width": 90, "height": 67}
        thumbnail.pop("file_path")
        full = {**thumbnail, "width": 1280, "height": 960}
        return [thumbnail, full]

    def enqueue(self, update: JSONDict) -> None:
        """Queue an update for getUpdates and wake a waiting long poll."""
        self.pending_updates.append(update)
        self.update_arrived.set()
