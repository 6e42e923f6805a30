"""The bot refuses to start on a configuration that cannot work: one line naming the key, exit code 2."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy.engine import make_url

from bot.cli import main
from bot.config import Settings
from bot.preflight import check_start_up
from bot.standin import FakeTelegram
from models.reporting.report import load_template
from tests.databases import POSTGRES_URL

GOOD_TOKEN = "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0"
CLOSED_PORT = "127.0.0.1:9"  # discard: nothing listens there
CHECKOUT = Path(__file__).resolve().parents[1]


def start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], **env: str
) -> str:
    """Run `pufa-bot run` in tmp_path with `env`; it must stop with exit code 2. Its stderr, stripped."""
    monkeypatch.chdir(tmp_path)
    for key in ("TELEGRAM_BOT_TOKEN", "DATABASE_URL", "REPORT_TEMPLATE", "PORT", "TELEGRAM_API_BASE_URL"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert main(["run"]) == 2
    return capsys.readouterr().err.strip()


def run_in_a_fresh_process(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "DATABASE_URL")}
    environment["PYTHONPATH"] = str(CHECKOUT)  # this checkout's code, whatever the venv has installed
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        input="",
        capture_output=True,
        text=True,
        env=environment | env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )


def test_port_abc_stops_the_bot_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    result = run_in_a_fresh_process(tmp_path, PORT="abc")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "configuration error: PORT: Input should be a valid integer, unable to parse string as an integer"
    ]


def test_a_dot_env_that_is_not_utf8_stops_the_bot_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes("TIMEZONE=Asia/Shanghai\n# 普法台账\n".encode("gbk"))
    result = run_in_a_fresh_process(tmp_path)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("configuration error: .env: not UTF-8 text (byte 26: invalid continuation byte)")


def test_an_unreachable_bot_api_stops_the_bot_when_a_token_is_set(tmp_path: Path) -> None:
    result = run_in_a_fresh_process(
        tmp_path,
        TELEGRAM_BOT_TOKEN=GOOD_TOKEN,
        TELEGRAM_API_BASE_URL=f"http://{CLOSED_PORT}",
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/pufa.sqlite3",
    )
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"configuration error: TELEGRAM_API_BASE_URL: cannot reach http://{CLOSED_PORT}")


async def test_the_bot_api_check_asks_getme_and_passes_when_it_answers(tmp_path: Path) -> None:
    api = FakeTelegram()
    settings = Settings(
        _env_file=None,
        telegram_bot_token=GOOD_TOKEN,
        database_url=f"sqlite+aiosqlite:///{tmp_path}/p.sqlite3",
    )
    assert await check_start_up(settings, telegram=True, request=api.request()) == []
    assert [call.method for call in api.calls] == ["getMe"]


def test_a_text_file_as_the_sqlite_database_stops_the_bot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("这不是数据库\n" * 200, "utf-8")
    error = start(tmp_path, monkeypatch, capsys, DATABASE_URL=f"sqlite+aiosqlite:///{notes}")
    assert error == f"configuration error: DATABASE_URL: {notes}: file is not a database"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("garbage", "use sqlite+aiosqlite:///path or postgresql+asyncpg://user@host/db"),
        ("sqlite+aiosqlite://pufa.sqlite3", "a SQLite URL names a file after three slashes"),
        ("postgresql+asyncpg://postgres@localhost:port/pufa", "not a database URL"),
    ],
)
def test_a_database_url_that_is_no_database_url_stops_the_bot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str, reason: str
) -> None:
    error = start(tmp_path, monkeypatch, capsys, DATABASE_URL=url)
    assert error.startswith("configuration error: DATABASE_URL: ")
    assert reason in error
    assert "\n" not in error


def test_an_unwritable_sqlite_folder_or_file_stops_the_bot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "data").write_text("a file where the folder should be")
    error = start(tmp_path, monkeypatch, capsys, DATABASE_URL="sqlite+aiosqlite:///data/pufa.sqlite3")
    assert error == "configuration error: DATABASE_URL: data is a file, not a folder"
    ledger = tmp_path / "ledger.sqlite3"
    sqlite3.connect(ledger).close()
    # Opened read-only, as SQLite opens a file it may not write (root may write any file it owns).
    read_only = f"sqlite+aiosqlite:///file:{ledger}?mode=ro&uri=true"
    error = start(tmp_path, monkeypatch, capsys, DATABASE_URL=read_only)
    assert error == f"configuration error: DATABASE_URL: {ledger}: attempt to write a readonly database"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in any folder")
def test_a_folder_without_write_permission_stops_the_bot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    error = start(tmp_path, monkeypatch, capsys, DATABASE_URL=f"sqlite+aiosqlite:///{locked}/pufa.sqlite3")
    assert error.startswith(f"configuration error: DATABASE_URL: cannot write in {locked}")


def test_an_unreachable_database_server_stops_the_bot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"postgresql+asyncpg://postgres@{CLOSED_PORT}/pufa"
    error = start(tmp_path, monkeypatch, capsys, DATABASE_URL=url)
    assert error.startswith(f"configuration error: DATABASE_URL: cannot connect to {url}: ")


@pytest.mark.postgres
def test_a_database_that_does_not_exist_stops_the_bot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = make_url(POSTGRES_URL).set(database="pufa_no_such_database").render_as_string(hide_password=False)
    error = start(tmp_path, monkeypatch, capsys, DATABASE_URL=url)
    assert error == 'configuration error: DATABASE_URL: database "pufa_no_such_database" does not exist'


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ("{% if study %}\n{{ period }}\n", "line 2: Unexpected end of template"),
        (
            "{{ period }}{{ district_name }}\n",
            "uses what the report does not have: 'district_name' is undefined",
        ),
        ("{% for k in study %}{{ k.nam }}{% endfor %}\n", "has no attribute 'nam'"),
        ("{{ period + 1 }}\n", "TypeError"),
    ],
)
def test_a_report_template_with_a_mistake_stops_the_bot(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    template: str,
    reason: str,
) -> None:
    path = tmp_path / "report.j2"
    path.write_text(template, "utf-8")
    error = start(tmp_path, monkeypatch, capsys, REPORT_TEMPLATE=str(path))
    assert error.startswith(f"configuration error: REPORT_TEMPLATE: Value error, {path}: ")
    assert reason in error
    assert "\n" not in error


def test_a_report_template_that_does_not_exist_stops_the_bot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    error = start(tmp_path, monkeypatch, capsys, REPORT_TEMPLATE=str(tmp_path / "missing.j2"))
    assert error.startswith(
        "configuration error: REPORT_TEMPLATE: Value error, REPORT_TEMPLATE names no readable"
    )


def test_the_shipped_report_template_and_an_office_copy_of_it_pass(tmp_path: Path) -> None:
    copy = tmp_path / "report.j2"
    copy.write_text(load_template(), "utf-8")
    with pytest.raises(ValidationError):
        Settings(_env_file=None, report_template=str(tmp_path / "missing.j2"))
    assert Settings(_env_file=None, report_template=str(copy)).report_template == str(copy)
