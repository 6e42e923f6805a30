"""/healthz, /readyz and /metrics answer as docs/deploy.md says; logs are JSON lines when asked."""

from __future__ import annotations

import io
import json
import logging

import pytest
from alembic.script import ScriptDirectory
from pydantic import ValidationError
from sqlalchemy import text

from bot.config import Settings
from bot.logs import JsonLines
from models.db import create_engine
from models.migrate import alembic_config
from tests.harness import BotUnderTest
from tests.webhook_client import serving


async def set_version(tg: BotUnderTest, version: str) -> None:
    async with tg.app.bot_data.engine.begin() as connection:
        await connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": version})


async def test_healthz_says_the_process_is_alive(tg: BotUnderTest) -> None:
    async with serving(tg) as hook:
        answer = await hook.client.get(hook.url + "/healthz")
    assert (answer.status_code, answer.json()) == (200, {"alive": True})


async def test_readyz_wants_the_schema_at_head_and_says_who_runs_the_jobs(tg: BotUnderTest) -> None:
    async with serving(tg) as hook:
        ready = await hook.client.get(hook.url + "/readyz")
        await set_version(tg, "0004")
        behind = await hook.client.get(hook.url + "/readyz")
        hook.intake.draining = True
        await set_version(tg, ScriptDirectory.from_config(alembic_config()).get_current_head() or "")
        stopping = await hook.client.get(hook.url + "/readyz")
    assert ready.status_code == 200
    assert ready.json()["ready"] is True
    assert ready.json()["database"] == "ok"
    assert ready.json()["leader"] is False or tg.app.bot_data.engine.dialect.name == "sqlite"
    assert (behind.status_code, behind.json()["schema_at_head"]) == (503, False)
    assert (stopping.status_code, stopping.json()["stopping"]) == (503, True)


async def test_readyz_is_503_with_the_reason_when_the_database_is_gone(
    tg: BotUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = create_engine("postgresql+asyncpg://nobody@127.0.0.1:9/none")  # nothing listens on port 9
    monkeypatch.setattr(tg.app.bot_data, "_engine", gone)
    async with serving(tg) as hook:
        answer = await hook.client.get(hook.url + "/readyz")
    monkeypatch.undo()
    await gone.dispose()
    assert answer.status_code == 503
    assert answer.json()["database"].startswith("unavailable")


async def test_metrics_count_updates_by_type_and_carry_the_process_memory(tg: BotUnderTest) -> None:
    worker = await tg.worker("王芳")
    async with serving(tg) as hook:
        before = await hook.client.get(hook.url + "/metrics")
        await hook.post(tg.api.text_update(worker, "/help"))
        await hook.post(tg.api.text_update(worker, "/help"), secret="wrong")
        after = await hook.client.get(hook.url + "/metrics")
    assert after.headers["content-type"].startswith("text/plain")

    def value(page: str, name: str) -> float:
        lines = [line for line in page.splitlines() if line.startswith(name + " ")]
        return float(lines[0].split()[-1]) if lines else 0.0

    message = 'pufa_updates_total{type="message"}'
    assert value(after.text, message) == value(before.text, message) + 1
    refused = 'pufa_webhook_refused_total{reason="403"}'
    assert value(after.text, refused) == value(before.text, refused) + 1
    assert value(after.text, "pufa_update_seconds_count") >= 1
    assert value(after.text, "process_resident_memory_bytes") > 10_000_000
    for name in ("pufa_jobs_leader", "pufa_telegram_429_total", "pufa_update_errors_total"):
        assert name in after.text


def test_a_log_line_is_one_json_object() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines())
    logger = logging.getLogger("pufa.test.json")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        1 / 0  # noqa: B018
    except ZeroDivisionError:
        logger.exception("派发 %s 失败", "周报")
    line = json.loads(stream.getvalue().splitlines()[0])
    assert (line["level"], line["logger"], line["message"]) == ("ERROR", "pufa.test.json", "派发 周报 失败")
    assert "ZeroDivisionError" in line["exception"]
    assert line["time"].endswith("+00:00")


def test_an_http_webhook_url_is_refused_unless_insecure_is_allowed() -> None:
    base = {"_env_file": None, "webhook_secret": "s3cret-value"}
    with pytest.raises(ValidationError, match="must start with https://"):
        Settings(**base, webhook_url="http://bot.example.org/hook")  # type: ignore[arg-type]
    allowed = Settings(**base, webhook_url="http://127.0.0.1:8080/hook", allow_insecure_webhook=True)  # type: ignore[arg-type]
    assert allowed.webhook_url == "http://127.0.0.1:8080/hook"
    assert Settings(**base, webhook_url="https://bot.example.org/hook").listen_host == "127.0.0.1"  # type: ignore[arg-type]
