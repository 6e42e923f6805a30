"""What the offline console keeps between runs (who is who, the ids handed out), its log, its files."""

from __future__ import annotations

import json
import logging
import sys
import zipfile
from io import BytesIO
from pathlib import Path
from typing import TextIO

from bot.filenames import safe_file_name
from bot.standin import FakeTelegram
from bot.standin.model import SentFile

FILES_DIR = Path("data/console")
LOG_NAME = "bot.log"


def state_path(database_url: str) -> Path:
    """Beside the console's SQLite file (the two belong together), else in the console's folder."""
    if database_url.startswith("sqlite") and ":///" in database_url:
        database = Path(database_url.split(":///", 1)[1].split("?", 1)[0])
        if database.name and database.name != ":memory:":
            return database.with_name(database.name + ".console.json")
    return FILES_DIR / "console-state.json"


def load_identities(api: FakeTelegram, path: Path) -> bool:
    """Give every name the id it had in the last run; False when there was no last run."""
    try:
        saved = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return False
    except (OSError, ValueError):
        return False  # unreadable: start afresh rather than not at all
    api.world.resume(saved)
    return True


def save_identities(api: FakeTelegram, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(api.world.snapshot(), ensure_ascii=False, indent=1), "utf-8")
    except OSError as error:
        print(f"(cannot keep the console's identities in {path}: {error.strerror})", file=sys.stderr)


def log_to_file(out: TextIO, folder: Path = FILES_DIR) -> Path | None:
    """Everything to data/console/bot.log; warnings and errors also on screen, marked, between the replies.
    None when the folder cannot be written: the log stays where it was, and the start-up checks say why."""
    path = folder / LOG_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        to_file = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    to_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    on_screen = logging.StreamHandler(out)
    on_screen.setLevel(logging.WARNING)
    on_screen.setFormatter(logging.Formatter("⚠️ (%(levelname)s %(name)s: %(message)s)"))
    root.addHandler(to_file)
    root.addHandler(on_screen)
    root.setLevel(logging.INFO)
    return path


def file_path(sent: SentFile, number: int, folder: Path = FILES_DIR) -> Path:
    """Where a file the bot sent is written: its own name and extension (else one read from its bytes),
    never over an earlier file (台账.xlsx, 台账-2.xlsx, 台账-3.xlsx)."""
    name = safe_file_name(sent.filename, fallback=f"{sent.kind}-{number}")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, _sniffed_extension(sent.content)
    path = folder / f"{stem}.{extension}"
    copy = 2
    while path.exists():
        path = folder / f"{stem}-{copy}.{extension}"
        copy += 1
    return path


def _sniffed_extension(content: bytes) -> str:
    if content.startswith(b"\x89PNG"):
        return "png"
    if content.startswith(b"\xff\xd8"):
        return "jpg"
    if content.startswith(b"%PDF"):
        return "pdf"
    if content.startswith(b"PK"):
        try:
            names = zipfile.ZipFile(BytesIO(content)).namelist()
        except zipfile.BadZipFile:
            return "zip"
        return (
            "docx"
            if any(n.startswith("word/") for n in names)
            else "xlsx"
            if any(n.startswith("xl/") for n in names)
            else "zip"
        )
    return "bin"
