"""The offline console: the real Application against the Bot API stand-in, typed at in a terminal."""

from __future__ import annotations

import asyncio
import logging
import re
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from bot.application import build_application, on_shutdown, on_startup
from bot.config import Settings
from bot.console_state import FILES_DIR, file_path, load_identities, log_to_file, save_identities, state_path
from bot.standin import FakeTelegram, StandInDriver
from bot.standin.model import FakeChat, FakeMessage, FakeUser, SentFile
from bot.state import PufaApplication

CONSOLE_ADMIN_ID = 8_000_001
STARTUP_JOBS_SECONDS = 1.0  # the jobs due at start-up post within this, before the first prompt
VERBS = (
    ":press N|LABEL · :as NAME · :chat NAME|private · :photo PATH [caption] · :album PATH… [caption] · "
    ":open LINK · :run JOB · :quit"
)
# An invite link as the bot prints it: pasted as a line, it opens like a tap on it in Telegram.
INVITE_LINK = re.compile(r"https://t\.me/[A-Za-z0-9_]+\?start=([A-Za-z0-9_-]{1,64})")
PICTURE = re.compile(r".+\.(?:jpe?g|png|gif|webp|bmp|heic)", re.IGNORECASE)


def run_console(
    settings: Settings,
    *,
    source: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    clock: Callable[[], datetime] | None = None,
    files: Path = FILES_DIR,
) -> int:
    """Read lines until :quit or the end of input; return the exit status."""
    return asyncio.run(play(settings, source=source, out=out, clock=clock, files=files))


@dataclass
class Console:
    """Who is typing, where, and the bot they talk to."""

    api: FakeTelegram
    app: PufaApplication
    driver: StandInDriver
    out: TextIO
    user: FakeUser
    chat: FakeChat | None = None  # None: the current user's private chat
    files: Path = FILES_DIR
    files_written: int = field(default=0)
    calls_seen: int = 0  # the stand-in's calls shown so far: any later ones before a line are scheduled
    admin_started: bool = True  # False until the console's admin has sent /start on a new database

    def show(self, messages: list[FakeMessage], *, label: str = "") -> None:
        for message in messages:
            where = f" [{message.chat.title}]" if message.chat.title else ""
            if message.chat.id != (self.chat or self.user).id and not message.chat.title:
                where = f" (→ {message.chat.first_name})"  # to another user, e.g. a coordinator's news
            print(f"🤖{label}{where} {message.shown_text}", file=self.out)
            if message.buttons:
                labels = "  ".join(f"[{n}] {label}" for n, label in enumerate(message.button_labels, 1))
                print(f"   {labels}", file=self.out)
        for sent in self.api.files_sent[self.files_written :]:
            self.files_written += 1
            self.save(sent)
        self.calls_seen = len(self.api.calls)
        self.out.flush()

    def show_scheduled(self) -> None:
        """What the bot sent on its own since the last line (a digest, a nudge), labelled as such."""
        calls = self.api.calls[self.calls_seen :]
        if calls:
            self.show([m for call in calls for m in call.messages], label=" ⏰ (scheduled)")

    def save(self, sent: SentFile) -> None:
        """Write a file the bot sent into the console's folder: its own name and extension, never over
        another file, and a name that cannot lead out of the folder."""
        path = file_path(sent, self.files_written, self.files)
        try:
            self.files.mkdir(parents=True, exist_ok=True)
            path.write_bytes(sent.content)
        except OSError as error:  # a full disk or a read-only folder: say so and keep reading input
            print(f"(cannot write {path}: {error.strerror})", file=self.out)
            return
        print(f"📎 {path}", file=self.out)

    async def handle(self, line: str) -> bool:
        """Act on one line; False ends the session."""
        self.show_scheduled()
        if not self.admin_started and self.user.id == CONSOLE_ADMIN_ID:
            self.admin_started = True  # a new console's admin is welcomed, whatever they type first
            if not line.startswith("/start"):
                self.show(await self.driver.send(self.user, "/start", chat=self.chat))
        if (link := INVITE_LINK.fullmatch(line)) or (line.startswith(":open ") and not line[6:].strip()):
            line = f"/start {link.group(1)}" if link else line
        if not line.startswith(":"):
            self.show(await self.driver.send(self.user, line, chat=self.chat))
            return True
        verb, _, rest = line[1:].partition(" ")
        rest = rest.strip()
        if verb in ("quit", "q", "exit"):
            return False
        if verb == "open":
            found = INVITE_LINK.fullmatch(rest)
            if found is None:
                print("(that is not an invite link: https://t.me/<bot>?start=<code>)", file=self.out)
            else:
                self.show(await self.driver.send(self.user, f"/start {found.group(1)}"))
        elif verb == "album" and rest:
            await self.album(rest)
        elif verb == "press" and rest:
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
        # A number, the whole label, else a word of a label, else a part of one: "保存" presses "✅ 保存";
        # "#1" presses "#1 王芳" and never "#16 王芳".
        if which.isdigit():
            matches = [int(which)] if 1 <= int(which) <= len(labels) else []
        else:
            numbered = list(enumerate(labels, 1))
            exact = [n for n, label in numbered if label == which]
            words = [
                n for n, label in numbered if which in label.split()
            ]  # "#1" in "#1 王芳", not "#16 王芳"
            loose = [n for n, label in numbered if which in label] if not which.startswith("#") else []
            matches = exact or words or loose
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

    async def album(self, arguments: str) -> None:
        """:album a.jpg b.jpg 法律大集 昨天 120人 — the pictures as one album, the rest its caption."""
        words = shlex.split(arguments)
        paths = [w for w in words if PICTURE.fullmatch(w)]
        caption = " ".join(w for w in words if w not in paths) or None
        pictures = []
        for path in paths:
            try:
                pictures.append(await asyncio.to_thread(Path(path).read_bytes))
            except OSError as error:
                print(f"(cannot read {path}: {error.strerror})", file=self.out)
                return
        if not pictures:
            print("(no pictures given: :album a.jpg b.jpg [caption])", file=self.out)
            return
        group = f"album-{self.api.world.next_id()}"
        shown: list[FakeMessage] = []
        for number, data in enumerate(pictures):
            text = caption if number == 0 else None
            sent = await self.driver.send_photo(
                self.user, caption=text, chat=self.chat, media_group_id=group, data=data
            )
            shown += sent
        self.show(shown)

    async def run_job(self, name: str) -> None:
        assert self.app.job_queue is not None
        jobs = {job.name: job for job in self.app.job_queue.jobs()}
        if name not in jobs:
            listed = ", ".join(sorted(str(n) for n in jobs)) or "none yet"
            print(f"(scheduled jobs: {listed})", file=self.out)
            return
        calls_before = len(self.api.calls)
        await jobs[name].run(self.app)
        self.show(
            [m for call in self.api.calls[calls_before:] for m in call.messages], label=" ⏰ (scheduled)"
        )


async def play(
    settings: Settings,
    *,
    source: TextIO,
    out: TextIO,
    clock: Callable[[], datetime] | None = None,
    files: Path = FILES_DIR,
) -> int:
    """Start the bot on the stand-in, feed it the lines of `source`, stop it cleanly."""
    settings = settings.model_copy(update={"admin_user_ids": [*settings.admin_user_ids, CONSOLE_ADMIN_ID]})
    api = FakeTelegram()
    identities = state_path(settings.database_url)
    resumed = load_identities(api, identities)  # the same names get the same ids as last time
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    log = log_to_file(out, files)
    application = build_application(
        settings, request=api.request(), get_updates_request=api.request(), clock=clock
    )
    await application.initialize()
    await on_startup(application)
    await application.start()
    console = Console(
        api=api,
        app=application,
        driver=StandInDriver(api, application, raise_handler_errors=False),
        out=out,
        user=api.user("我", user_id=CONSOLE_ADMIN_ID),
        files=files,
        admin_started=resumed,
    )
    console.calls_seen = len(api.calls)  # the start-up's own calls (the command menus) are no messages
    await asyncio.sleep(STARTUP_JOBS_SECONDS)  # what start-up jobs post (a heads-up) comes before the prompt
    interactive = source.isatty()
    print(f"pufa-bot offline console — you are 我, an admin. Verbs: {VERBS}", file=out)
    where = f"the bot's log: {log}; " if log else ""
    print(f"({where}files the bot sends go to {files}/)", file=out, flush=True)
    console.show_scheduled()
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
            save_identities(api, identities)
    finally:
        save_identities(api, identities)
        await application.stop()
        await application.shutdown()
        await on_shutdown(application)
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
        for handler in handlers:
            root.addHandler(handler)
        root.setLevel(level)
    return 0
