"""Play users against a PTB Application through the stand-in and collect what the bot showed them."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.standin.model import FakeChat, FakeMessage, FakeUser, JSONDict
from bot.standin.server import FakeTelegram

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def replies_text(messages: Iterable[FakeMessage]) -> list[str]:
    """Return what the user reads in each message: its text, else its caption."""
    return [message.shown_text for message in messages]


class StandInDriver:
    """Deliver updates to an Application one at a time and return the bot messages each one produced."""

    def __init__(
        self, api: FakeTelegram, application: AnyApplication, *, raise_handler_errors: bool = True
    ) -> None:
        self.api = api
        self.application = application
        # An exception that reaches the error handlers is a bug, so the step raises it again after the
        # handlers ran; tests of the error handler itself pass raise_handler_errors=False.
        self.raise_handler_errors = raise_handler_errors
        self.handler_errors: list[BaseException] = []
        application.add_error_handler(self._remember_error)

    async def _remember_error(self, update: object, context: Any) -> None:
        if context.error is not None:
            self.handler_errors.append(context.error)

    async def deliver(self, update: JSONDict) -> list[FakeMessage]:
        """Process a prepared update (again, if a test wants a duplicate delivery)."""
        await self.application.initialize()  # returns at once when already initialised
        first_call = len(self.api.calls)
        first_error = len(self.handler_errors)
        await self._process(Update.de_json(update, self.application.bot))
        new_errors = self.handler_errors[first_error:]
        if new_errors and self.raise_handler_errors:
            raise new_errors[0]
        return self._shown_since(first_call)

    async def deliver_together(self, updates: Iterable[JSONDict]) -> None:
        """Process updates that arrive together, as the Application's update fetcher would.

        The fetcher starts one task per update in arrival order and lets the update processor decide
        what runs concurrently; the messages are then in the stand-in's chats.
        """
        await self.application.initialize()
        first_error = len(self.handler_errors)
        parsed = [Update.de_json(update, self.application.bot) for update in updates]
        await asyncio.gather(*(asyncio.create_task(self._process(update)) for update in parsed))
        new_errors = self.handler_errors[first_error:]
        if new_errors and self.raise_handler_errors:
            raise new_errors[0]

    async def _process(self, update: Update) -> None:
        # Through the update processor, as the fetcher does: ordering and the flood guard apply.
        application = self.application
        await application.update_processor.process_update(update, application.process_update(update))

    async def send(self, user: FakeUser, text: str, *, chat: FakeChat | None = None) -> list[FakeMessage]:
        """Let `user` write `text` in `chat` (their private chat by default)."""
        return await self.deliver(self.api.text_update(user, text, chat=chat))

    async def press(
        self,
        user: FakeUser,
        button: int | str,
        *,
        message: FakeMessage | None = None,
        chat: FakeChat | None = None,
    ) -> list[FakeMessage]:
        """Let `user` press a button (1-based position or label), by default on the latest keyboard."""
        if message is None:
            where = chat or self.api.chat_of(user)
            message = self.api.last_bot_message(where, with_buttons=True)
            if message is None:
                raise LookupError(f"no bot message with inline buttons in chat {where.id}")
        return await self.deliver(self.api.callback_update(user, message, button))

    async def send_photo(
        self,
        user: FakeUser,
        *,
        caption: str | None = None,
        chat: FakeChat | None = None,
        media_group_id: str | None = None,
        data: bytes = b"\xff\xd8\xff\xe0 fake jpeg",
    ) -> list[FakeMessage]:
        """Let `user` send a photo."""
        update = self.api.photo_update(
            user, caption=caption, chat=chat, media_group_id=media_group_id, data=data
        )
        return await self.deliver(update)

    async def send_document(
        self,
        user: FakeUser,
        *,
        filename: str = "document.pdf",
        data: bytes = b"%PDF-1.4 fake",
        mime_type: str = "application/pdf",
        caption: str | None = None,
        chat: FakeChat | None = None,
    ) -> list[FakeMessage]:
        """Let `user` send a document."""
        update = self.api.document_update(
            user, filename=filename, data=data, mime_type=mime_type, caption=caption, chat=chat
        )
        return await self.deliver(update)

    async def close(self) -> None:
        """Shut the application down."""
        await self.application.shutdown()

    def _shown_since(self, first_call: int) -> list[FakeMessage]:
        """Collect the messages the bot sent or edited since call `first_call`, once each, undeleted."""
        seen: dict[int, FakeMessage] = {}
        for call in self.api.calls[first_call:]:
            for message in call.messages:
                seen.setdefault(id(message), message)
        return [message for message in seen.values() if not message.deleted]
