"""FakeTelegram: an in-process Bot API that checks every request against the spec and Telegram's limits."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable, Iterator, Mapping

from bot.standin.account import ACCOUNT_METHODS
from bot.standin.html import utf16_length
from bot.standin.limits import FloodControl, counts_against_flood
from bot.standin.messaging import MESSAGING_METHODS, Call, Method
from bot.standin.model import (
    ApiCall,
    ApiError,
    CallbackAnswer,
    ChatType,
    FakeChat,
    FakeMessage,
    FakeUser,
    JSONDict,
    SentFile,
    bad_request,
)
from bot.standin.request import StandInRequest
from bot.standin.spec import SpecViolation, Upload, check_parameters, drop_inapplicable_defaults, load_spec
from bot.standin.state import BotWorld

IMPLEMENTED_METHODS: dict[str, Method] = {**ACCOUNT_METHODS, **MESSAGING_METHODS}

NOT_FOUND = ApiError(404, "Not Found")


class FakeTelegram:
    """The Bot API as one bot sees it, plus the means for a test to play its users."""

    def __init__(
        self,
        *,
        bot_id: int = 1000,
        bot_username: str = "pufa_bot",
        clock: Callable[[], float] = time.monotonic,
        flood_limits: bool = True,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.spec = load_spec()
        self.bot = FakeUser(id=bot_id, first_name="普法台账", is_bot=True, username=bot_username)
        self.world = BotWorld(bot=self.bot, wall_clock=wall_clock)
        self.flood = FloodControl(clock, enabled=flood_limits)
        self.calls: list[ApiCall] = []
        self.flood_refusals = 0

    def request(self, *, read_timeout: float | None = 5.0) -> StandInRequest:
        """Make a PTB request backend bound to this server (an Application needs two)."""
        return StandInRequest(self, read_timeout=read_timeout)

    # --- answering the bot -------------------------------------------------------------------------

    async def handle(
        self, method: str, params: JSONDict, uploads: Mapping[str, Upload]
    ) -> tuple[int, JSONDict]:
        """Answer one Bot API call with (HTTP status, JSON body), recording it in `calls`."""
        params, attachments = _merge_uploads(params, uploads)
        try:
            result = await self._answer(method, params, attachments)
        except ApiError as refusal:
            if refusal.status == 429:
                self.flood_refusals += 1
            self.calls.append(ApiCall(method, params, refusal.status, refusal.description))
            return refusal.status, refusal.body()
        self.calls.append(ApiCall(method, params, 200, messages=tuple(self.world.touched)))
        return 200, {"ok": True, "result": result}

    async def _answer(self, method: str, params: JSONDict, attachments: Mapping[str, Upload]) -> object:
        method_spec = self.spec.methods.get(method)
        if method_spec is None:
            raise NOT_FOUND
        params = drop_inapplicable_defaults(method_spec, params)
        try:
            check_parameters(self.spec, method_spec, params)
        except SpecViolation as violation:
            raise bad_request(violation.description) from violation
        implementation = IMPLEMENTED_METHODS.get(method)
        if implementation is None:
            raise bad_request("method not implemented by the stand-in")
        if method == "getUpdates":
            await self._wait_for_updates(params.get("timeout"))
        counted = counts_against_flood(method)
        chat = self.world.known_chat(params.get("chat_id"))
        if counted:
            self.flood.check(chat)
        self.world.touched.clear()
        result = implementation(self.world, Call(params, attachments))
        if counted:
            self.flood.record(chat)
        return result

    async def _wait_for_updates(self, seconds: object) -> None:
        """Hold a long poll until an update is queued, as the real server does (the console relies on it)."""
        if self.world.pending_updates or not isinstance(seconds, int) or seconds <= 0:
            return
        self.world.update_arrived.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.world.update_arrived.wait(), seconds)

    def download(self, file_path: str) -> tuple[int, bytes]:
        """Serve a file download from the path getFile gave out."""
        stored = self.world.file_by_path(file_path)
        if stored is None:
            return NOT_FOUND.status, json.dumps(NOT_FOUND.body()).encode()
        return 200, stored.content

    # --- what a test looks at -----------------------------------------------------------------------

    @property
    def refused(self) -> list[ApiCall]:
        """List the calls answered with an error status."""
        return [call for call in self.calls if call.status >= 300]

    @property
    def files_sent(self) -> list[SentFile]:
        """List the photos and documents the bot sent."""
        return list(self.world.sent_files)

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        """List the bot's answers to button presses, in issue order."""
        return [answer for answer in self.world.callback_queries.values() if answer is not None]

    def messages_in(self, chat: FakeChat | FakeUser) -> list[FakeMessage]:
        """List a chat's messages (a user means their private chat) as they stand now, undeleted."""
        chat = self.chat_of(chat)
        return [m for m in self.world.messages.get(chat.id, []) if not m.deleted]

    def last_bot_message(
        self, chat: FakeChat | FakeUser, *, with_buttons: bool = False
    ) -> FakeMessage | None:
        """Return the bot's latest message in a chat, optionally the latest one with inline buttons."""
        candidates = (m for m in reversed(self.messages_in(chat)) if m.from_bot)
        return next((m for m in candidates if m.buttons or not with_buttons), None)

    def reply_keyboard(self, chat: FakeChat | FakeUser) -> list[list[str]] | None:
        """Return the labels of the reply keyboard the bot left in a chat, if any."""
        markup = self.world.reply_keyboards.get(self.chat_of(chat).id)
        if markup is None:
            return None
        return [[b if isinstance(b, str) else b["text"] for b in row] for row in markup["keyboard"]]

    # --- setting the scene --------------------------------------------------------------------------

    def user(
        self, name: str, *, language_code: str | None = "zh-hans", user_id: int | None = None
    ) -> FakeUser:
        """Return the user called `name` (the same user every time)."""
        return self.world.user(name, language_code=language_code, user_id=user_id)

    def group(self, title: str, *, chat_type: ChatType = "supergroup") -> FakeChat:
        """Return the group called `title`, with the bot in it."""
        return self.world.group(title, chat_type=chat_type)

    def chat_of(self, chat: FakeChat | FakeUser) -> FakeChat:
        """Return `chat`, or the private chat of a user."""
        return self.world.chats[chat.id] if isinstance(chat, FakeUser) else chat

    def block(self, user: FakeUser) -> None:
        """Let `user` block the bot: sending to them fails with 403 until they write again."""
        self.world.blocked.add(user.id)

    def remove_bot(self, group: FakeChat) -> None:
        """Kick the bot out of `group`: sending there fails with 403."""
        self.world.removed_from.add(group.id)

    def make_admin(self, group: FakeChat, user: FakeUser) -> None:
        """Make `user` an administrator of `group`, as getChatMember will report."""
        self.world.admins.setdefault(group.id, set()).add(user.id)

    # --- playing users ------------------------------------------------------------------------------

    def text_update(
        self, user: FakeUser, text: str, *, chat: FakeChat | None = None, reply_to: FakeMessage | None = None
    ) -> JSONDict:
        """Let `user` write `text`; a leading /command gets its bot_command entity, as Telegram adds it."""
        entities = []
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            entities.append({"type": "bot_command", "offset": 0, "length": utf16_length(command)})
        message = self._user_message(user, chat, text=text, entities=entities, reply_to=reply_to)
        return self._update(message=message.to_json())

    def photo_update(
        self,
        user: FakeUser,
        *,
        caption: str | None = None,
        media_group_id: str | None = None,
        chat: FakeChat | None = None,
        data: bytes = b"\xff\xd8\xff\xe0 fake jpeg",
    ) -> JSONDict:
        """Let `user` send a photo whose bytes the bot can fetch through getFile."""
        stored = self.world.store_file(data, kind="photos", filename=None, mime_type="image/jpeg")
        photo = self.world.photo_sizes(stored)
        message = self._user_message(user, chat, photo=photo, caption=caption, media_group_id=media_group_id)
        return self._update(message=message.to_json())

    def document_update(
        self,
        user: FakeUser,
        *,
        filename: str = "document.pdf",
        data: bytes = b"%PDF-1.4 fake",
        mime_type: str = "application/pdf",
        caption: str | None = None,
        chat: FakeChat | None = None,
    ) -> JSONDict:
        """Let `user` send a document whose bytes the bot can fetch through getFile."""
        stored = self.world.store_file(data, kind="documents", filename=filename, mime_type=mime_type)
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": filename,
            "mime_type": mime_type,
            "file_size": len(data),
        }
        message = self._user_message(user, chat, document=document, caption=caption)
        return self._update(message=message.to_json())

    def callback_update(self, user: FakeUser, message: FakeMessage, button: int | str) -> JSONDict:
        """Let `user` press an inline button (1-based position across rows, or exact label) of `message`."""
        if message.deleted:
            raise LookupError(f"message {message.message_id} was deleted; its buttons cannot be pressed")
        pressed = message.button(button)
        if "callback_data" not in pressed:
            raise LookupError(f"button {pressed['text']!r} sends no callback query (it is {sorted(pressed)})")
        query_id = f"cbq-{self.world.next_id()}"
        self.world.callback_queries[query_id] = None
        query = {
            "id": query_id,
            "from": user.to_json(),
            "chat_instance": str(message.chat.id),
            "message": message.to_json(),
            "data": pressed["callback_data"],
        }
        return self._update(callback_query=query)

    def enqueue(self, update: JSONDict) -> None:
        """Queue an update for the bot's getUpdates polling."""
        self.world.enqueue(update)

    def _user_message(self, user: FakeUser, chat: FakeChat | None, **content: object) -> FakeMessage:
        chat = chat or self.chat_of(user)
        if chat.is_group and chat.id in self.world.removed_from:
            raise LookupError(f"the bot is not in {chat.title!r} any more; it would not see this message")
        if chat.type == "private" and chat.id != user.id:
            raise LookupError(f"{user.first_name} cannot write in the private chat of {chat.first_name}")
        self.world.blocked.discard(user.id)  # writing to the bot again unblocks it
        return self.world.add_message(chat, user, **content)

    def _update(self, **payload: JSONDict) -> JSONDict:
        return {"update_id": self.world.next_id(), **payload}


def _merge_uploads(params: JSONDict, uploads: Mapping[str, Upload]) -> tuple[JSONDict, dict[str, Upload]]:
    """Treat a file part as the parameter it is named after, unless an attach:// URI refers to it."""
    referenced = set(_attach_names(params))
    merged = {**params, **{name: u for name, u in uploads.items() if name not in referenced}}
    return merged, {name: u for name, u in uploads.items() if name in referenced}


def _attach_names(value: object) -> Iterator[str]:
    if isinstance(value, str) and value.startswith("attach://"):
        yield value.removeprefix("attach://")
    elif isinstance(value, dict):
        for item in value.values():
            yield from _attach_names(item)
    elif isinstance(value, list):
        for item in value:
            yield from _attach_names(item)
