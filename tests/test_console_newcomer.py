"""A console a newcomer can trust: identities and message ids survive a restart, the log stays in its file,
files keep their names, albums and invite links work, and :press takes the exact label first."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

from bot.config import Settings
from bot.console import run_console
from bot.console_state import file_path
from bot.standin.model import FakeChat, SentFile

JUNE_2022 = datetime(2022, 6, 20, 2, 0, tzinfo=UTC)
LINK = re.compile(r"https://t\.me/pufa_bot\?start=[A-Za-z0-9_-]+")


def _console(tmp_path: Path, *lines: str) -> str:
    settings = Settings(
        _env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path}/c.sqlite3", flood_burst=100
    )
    out = io.StringIO()
    script = io.StringIO("\n".join(lines) + "\n")
    assert (
        run_console(settings, source=script, out=out, clock=lambda: JUNE_2022, files=tmp_path / "files") == 0
    )
    return out.getvalue()


def test_a_restarted_console_keeps_everyones_id_and_its_message_ids_go_on(tmp_path: Path) -> None:
    first = _console(
        tmp_path, "/start", ":as 王芳", ":as 李四", ":as 我", "/log 法律大集 昨天 100人", ":press 保存"
    )
    assert "(now typing as 王芳, user id 7000001)" in first
    assert "已保存，活动编号 #1。" in first
    # The next run meets 李四 first: 王芳 must keep her id, and a new /log must not pass for an old one.
    second = _console(tmp_path, ":as 李四", ":as 王芳", ":as 我", "/log 法律大集 昨天 80人", ":press 保存")
    assert "(now typing as 李四, user id 7000002)" in second
    assert "(now typing as 王芳, user id 7000001)" in second
    assert "已保存，活动编号 #2。" in second
    assert "欢迎" not in second  # 我 is no newcomer any more


def test_the_log_goes_to_its_file_and_only_the_conversation_to_the_screen(tmp_path: Path) -> None:
    text = _console(tmp_path, "/start")
    assert "INFO" not in text
    assert "欢迎您，我。您是全区的管理员。" in text  # the first /start welcomes
    log = (tmp_path / "files" / "bot.log").read_text("utf-8")
    assert "INFO" in log


def test_press_takes_the_exact_label_before_one_that_starts_with_it(tmp_path: Path) -> None:
    lines = ["/start", *(f"/log 法律大集 昨天 {100 + n}人\n:press 保存" for n in range(10)), "/my"]
    text = _console(tmp_path, *"\n".join(lines).split("\n"), ":press #1", "/my", ":press #10")
    assert "[1] #10 6/19 法律大集" in text  # /my lists the newest first: "#10 …" before "#1 …"
    assert text.split("我> :press #1\n", 1)[1].startswith("🤖 活动 #1 · 已提交")
    assert text.split("我> :press #10\n", 1)[1].startswith("🤖 活动 #10 · 已提交")


def test_files_keep_their_name_and_extension_and_never_overwrite(tmp_path: Path) -> None:
    chat = FakeChat(id=1, type="private", first_name="我")
    ledger = SentFile(filename="台账-全区-20220601-20220630.xlsx", content=b"PK", chat=chat, kind="document")
    chart = SentFile(filename=None, content=b"\x89PNG\r\n", chat=chat, kind="photo")
    first = file_path(ledger, 1, tmp_path)
    first.write_bytes(b"x")
    assert file_path(ledger, 2, tmp_path).name == "台账-全区-20220601-20220630-2.xlsx"
    assert file_path(chart, 3, tmp_path).name == "photo-3.png"


def test_an_album_with_a_caption_is_one_event_with_all_its_photos(tmp_path: Path) -> None:
    for name in ("a.jpg", "b.jpg"):
        (tmp_path / name).write_bytes(b"\xff\xd8\xff\xe0 fake jpeg")
    text = _console(
        tmp_path, "/start", f":album {tmp_path}/a.jpg {tmp_path}/b.jpg 法律大集 昨天 120人", ":press 保存"
    )
    assert "照片：2张" in text  # one card for the album, redrawn as its photos arrive
    assert "已保存，活动编号 #1。" in text
    assert "#2" not in text


def test_a_printed_invite_link_opens_when_pasted_or_with_open(tmp_path: Path) -> None:
    text = _console(
        tmp_path,
        "/start",
        "/invite",
        ":press 工作人员",
        ":press 全区",
        "/invite",
        ":press 工作人员",
        ":press 全区",
    )
    first, second = LINK.findall(text)
    joined = _console(tmp_path, ":as 王芳", first, ":as 张强", f":open {second}", ":open nonsense")
    assert "欢迎您，王芳。您已成为全区的工作人员。" in joined
    assert "欢迎您，张强。您已成为全区的工作人员。" in joined
    assert "(that is not an invite link" in joined
