"""The offline console: the README's piped script stores the event and /my lists it."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.config import Settings
from bot.console import run_console

README_SCRIPT = "/start\n/log 法律大集 3月8日 幸福社区 120人 《民法典手册》300份\n:press 1\n/my\n"
JUNE_2022 = datetime(2022, 6, 20, 2, 0, tzinfo=UTC)


def test_the_readme_script_stores_the_event_and_my_lists_it(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path}/c.sqlite3")
    out = io.StringIO()
    assert (
        run_console(
            settings, source=io.StringIO(README_SCRIPT), out=out, clock=lambda: JUNE_2022, files=tmp_path
        )
        == 0
    )
    text = out.getvalue()
    assert "[1] ✅ 保存  [2] ✏️ 修改  [3] ❌ 取消" in text
    assert "已保存，活动编号 #1。" in text
    assert "#1 2022年3月8日 · 法律大集 · 全区" in text
    assert "120人 · 资料300份 · 已提交" in text


def test_the_console_starts_from_make_run_without_a_token(tmp_path: Path) -> None:
    # The real entry point, on today's date: "昨天" is a valid date whatever day the suite runs.
    script = README_SCRIPT.replace("3月8日", "昨天")
    environment = os.environ | {
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/console.sqlite3",
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),  # this checkout, whatever the venv installed
    }
    environment.pop("TELEGRAM_BOT_TOKEN", None)
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        input=script,
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,  # no .env here, and data/console lands in tmp_path
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "TELEGRAM_BOT_TOKEN is not set: starting the offline console instead." in out
    assert "欢迎您，我。您是全区的管理员。" in out  # a new console's first /start welcomes
    assert "欢迎回来" not in out
    assert "已保存，活动编号 #1。" in out
    assert "120人 · 资料300份 · 已提交" in out


def test_verbs_switch_users_and_chats_and_report_mistakes(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path}/c.sqlite3")
    script = "\n".join(
        [
            ":press 1",  # nothing to press yet
            ":as 陌生人",
            "/log 法律大集 昨天 100人",
            ":chat 幸福社区工作群",
            "/help",  # a stranger in a group gets nothing
            ":as 我",
            "/help",
            ":chat private",
            "/log 法律大集 昨天 100人",
            ":press 保存",
            ":press 9",
            ":photo /nonexistent.jpg 法律大集",
            ":run weekly_digest",  # no subscription: posts nothing
            ":run no_such_job",
            ":bogus",
            ":quit",
            "/my",  # after :quit: never read
        ]
    )
    out = io.StringIO()
    assert run_console(settings, source=io.StringIO(script + "\n"), out=out, files=tmp_path) == 0
    text = out.getvalue()
    assert "(no message with buttons here)" in text
    assert "(now typing as 陌生人" in text
    assert "只有成员才能登记活动" in text
    assert text.count("🤖 [幸福社区工作群]") == 1
    assert "已保存，活动编号 #1。" in text
    assert "(cannot read /nonexistent.jpg" in text
    assert "weekly_digest, weekly_nudges)" in text  # the jobs :run lists
    assert "(unknown verb" in text
    assert "您最近登记的活动" not in text
