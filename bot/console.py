"""The offline console: the real Application against the Bot API stand-in, typed at in a terminal."""

from __future__ import annotations

import asyncio
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from bot.application import build_application, on_shutdown, on_startup
from bot.config import Settings
from bot.filenames import safe_file_name
from bot.standin import FakeTelegram, StandInDriver
from bot.standin.model import FakeChat, FakeMessage, FakeUser, SentFile
from bot.state import PufaApplication
from models.organisation.members import start_member

CONSOLE_ADMIN_ID = 8_000_001
FILES_DIR = Path("data/console")
VERBS = ":press N|LABEL · :as NAME · :chat NAME|private · :photo PATH [caption] · :run JOB · :quit"


def run_console(
    settings: Settings,
    *,
    source: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    clock: Callable[[], datetime] | None = None,
) -> int:
    """Read lines until :quit or the end of input; return the exit status."""
    return asyncio.run(play(settings, source=source, out=out, clock=clock))


@dataclass
class Console:
    """Who is typing, where, and the bot they talk to."""

    api: FakeTelegram
    app: PufaApplication
    driver: StandInDriver
    out: TextIO
    user: FakeUser
    chat: FakeChat | None = None  # None: the current user's private chat
    files_written: int = field(default=0)

    def show(self, messages: list[FakeMessage]) -> None:
        for message in messages:
            where = f" [{message.chat.title}]" if message.chat.title else ""
            print(f"🤖{where} {message.shown_text}", file=self.out)
            if message.buttons:
                labels = "  ".join(f"[{n}] {label}" for n, label in enumerate(message.button_labels, 1))
                print(f"   {labels}", file=self.out)
        for sent in self.api.files_sent[self.files_written :]:
            self.files_written += 1
            self.save(sent)
        self.out.flush()

    def save(self, sent: SentFile) -> None:
        """Write a file the bot sent into FILES_DIR, under a name that cannot lead out of it."""
        path = FILES_DIR / safe_file_name(sent.filename, fallback=f"{sent.kind}-{self.files_written}")
        try:
            FILES_DIR.mkdir(parents=True, exist_ok=True)
            path.write_bytes(sent.content)
        except OSError as error:  # a full disk or a read-only folder: say so and keep reading input
            print(f"(cannot write {path}: {error.strerror})", file=self.out)
            return
        print(f"📎 {path}", file=self.out)

    async def handle(self, line: str) -> bool:
        """Act on one line; False ends the session."""
        if not line.startswith(":"):
            self.show(await self.driver.send(self.user, line, chat=self.chat))
            return True
        verb, _, rest = line[1:].partition(" ")
        rest = rest.strip()
        if verb in ("quit", "q", "exit"):
            return False
        if verb == "press" and rest:
            await self.press(rest)
        elif verb == "as" and rest:
            self.user = self.api.user(rest)
            print(f"(now typing as {rest}, user id {self.user.id})", file=self.out)
        elif verb == "chat" and rest:
            self.chat = None if rest == "private" else self.api.group(rest)
            print(f"(now in {'the private chat' if self.chat is None else rest})", file=self.out)
        elif verb == "photo" and rest:
            await self.photo(rest)
        elif verb == "run":
            await self.run_job(rest)
        else:
            print(f"(unknown verb; the verbs are {VERBS})", file=self.out)
        return True

    async def press(self, which: str) -> None:
        where = self.chat or self.api.chat_of(self.user)
        message = self.api.last_bot_message(where, with_buttons=True)
        if message is None:
            print("(no message with buttons here)", file=self.out)
            return
        labels = message.button_labels
        # A number, the whole label, or a part of it: "保存" presses "✅ 保存".
        if which.isdigit():
            matches = [int(which)] if 1 <= int(which) <= len(labels) else []
        else:
            matches = [n for n, label in enumerate(labels, 1) if which in label]
        if not matches:
            print(f"(no button {which!r}; the buttons are {labels})", file=self.out)
            return
        self.show(await self.driver.press(self.user, matches[0], message=message))

    async def photo(self, arguments: str) -> None:
        path, *caption = shlex.split(arguments)
        try:
            data = await asyncio.to_thread(Path(path).read_bytes)
        except OSError as error:
            print(f"(cannot read {path}: {error.strerror})", file=self.out)
            return
        text = " ".join(caption) or None
        self.show(await self.driver.send_photo(self.user, caption=text, chat=self.chat, data=data))

    async def run_job(self, name: str) -> None:
        assert self.app.job_queue is not None
        jobs = {job.name: job for job in self.app.job_queue.jobs()}
        if name not in jobs:
            listed = ", ".join(sorted(str(n) for n in jobs)) or "none yet"
            print(f"(scheduled jobs: {listed})", file=self.out)
            return
        calls_before = len(self.api.calls)
        await jobs[name].run(self.app)
        self.show([m for call in self.api.calls[calls_before:] for m in call.messages])


async def play(
    settings: Settings, *, source: TextIO, out: TextIO, clock: Callable[[], datetime] | None = None
) -> int:
    """Start the bot on the stand-in, feed it the lines of `source`, stop it cleanly."""
    settings = settings.model_copy(update={"admin_user_ids": [*settings.admin_user_ids, CONSOLE_ADMIN_ID]})
    api = FakeTelegram()
    application = build_application(
        settings, request=api.request(), get_updates_request=api.request(), clock=clock
    )
    await application.initialize()
    await on_startup(application)
    await application.start()
    async with application.bot_data.sessions.begin() as session:  # the console's first user is an admin
        await start_member(
            session=session,
            telegram_user_id=CONSOLE_ADMIN_ID,
            full_name="我",
            username=None,
            admin_user_ids=settings.admin_user_ids,
            now=application.bot_data.now(),
        )
    console = Console(
        api=api,
        app=application,
        driver=StandInDriver(api, application, raise_handler_errors=False),
        out=out,
        user=api.user("我", user_id=CONSOLE_ADMIN_ID),
    )
    interactive = source.isatty()
    print(f"pufa-bot offline console — you are 我, an admin. Verbs: {VERBS}", file=out, flush=True)
    try:
        while True:
            if interactive:
                print(f"{console.user.first_name}> ", end="", file=out, flush=True)
            line = await asyncio.to_thread(source.readline)
            if not line:
                break
            line = line.strip()
            if not line:
                continue
            if not interactive:
                print(f"{console.user.first_name}> {line}", file=out)
            if not await console.handle(line):
                break
    finally:
        await application.stop()
        await application.shutdown()
        await on_shutdown(application)
    return 0
