"""A console a newcomer can trust: identities and message ids survive a restart, the log stays in its file,
files keep their names, albums and invite links work, and :press takes the exact label first."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
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


def _process(tmp_path: Path, *arguments: str, script: str = "") -> str:
    """The real `pufa-bot` entry point in its own process, in a folder of its own, on one database."""
    environment = os.environ | {
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/console.sqlite3",
        "DISTRICT_NAME": "城东区",
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),  # this checkout
    }
    environment.pop("TELEGRAM_BOT_TOKEN", None)
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", *arguments],
        input=script,
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_newcomers_first_session_in_the_console_process(tmp_path: Path) -> None:
    (tmp_path / "辖区.csv").write_bytes(
        "街道,社区\n城东区,城东街道,幸福社区\n城东街道,阳光社区\n".encode("gbk")
    )
    imported = _process(tmp_path, "areas", "import", "辖区.csv")
    assert "2 rows read, 3 new areas" in imported
    invites = _process(
        tmp_path,
        "console",
        script="\n".join(
            [
                "/start",
                "/invite",
                ":press 协调员",
                ":press 城东街道",
                ":press 城东街道",
                "/invite",
                ":press 工作人员",
                ":press 城东街道",
                ":press 幸福社区",
                "",
            ]
        ),
    )
    assert "欢迎您，我。您是全区的管理员。" in invites  # the first /start of a new console welcomes
    assert "INFO" not in invites
    coordinator_link, worker_link = LINK.findall(invites)
    logs = [
        f"{text}\n:press 保存"
        for text in ("法律大集 昨天 120人", "法治讲座 反诈 昨天 80人", "以案释法 禁毒 昨天 60人")
    ]
    session = _process(
        tmp_path,
        "console",
        script="\n".join(
            [
                ":as 李协调",
                coordinator_link,
                ":as 王芳",
                worker_link,
                *logs,
                ":as 李协调",
                "/pending",
                ":press 全部通过",
                ":press 确认通过",
                "/summary",
                "",
            ]
        ),
    )
    assert "欢迎您，李协调。您已成为城东街道的协调员。" in session
    assert "欢迎您，王芳。您已成为幸福社区的工作人员。" in session
    for number in (1, 2, 3):
        assert f"已保存，活动编号 #{number}。" in session
    assert "确认通过以上 3 条活动？" in session
    assert "✅ 已通过 3 条活动。" in session
    assert "(→ 王芳) 您的活动 #1（法律大集）、#2" in session  # the worker's news, shown as sent to her
    summary = session.split("李协调> /summary\n", 1)[1]
    assert summary.startswith("🤖 城东街道 · ")
    assert "活动次数：3" in summary
    # Restarted on the same database: everyone is who they were.
    again = _process(tmp_path, "console", script=":as 王芳\n/my\n:as 李协调\n/pending\n")
    [her_id] = re.findall(r"\(now typing as 王芳, user id (\d+)\)", session)
    assert f"(now typing as 王芳, user id {her_id})" in again
    assert "#3 " in again.split("王芳> /my\n", 1)[1]  # her three events are still hers
    assert "没有待审核的活动。" in again
    assert "欢迎" not in again
