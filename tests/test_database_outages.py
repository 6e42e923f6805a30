"""When the database is locked, restarting or gone, users are answered plainly and nothing is half-saved."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import asyncpg
import pytest
from sqlalchemy import func
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

import models.db
import models.sqlite_on_loop
from bot.outages import retry_while_unavailable
from models.db import is_transient_database_error
from models.events.log_drafts import DraftStatus, LogDraft
from models.events.records import Event, EventMaterial
from tests.harness import BotUnderTest, running_bot

UNAVAILABLE = "数据库暂时不可用，这条消息没有保存，请稍后重发。"
PRESS_UNAVAILABLE = "数据库暂时不可用，这次操作没有保存，请稍后再试。"
LOG = "/log 法律大集 昨天 幸福社区 120人 《民法典手册》300份 《人民调解法》50份"
WRITES = ("INSERT", "UPDATE", "DELETE")


def _transient_error(engine: AsyncEngine) -> Exception:
    """What the driver raises when the server is away: SQLite's lock, PostgreSQL starting up (57P03)."""
    dbapi: Any = engine.dialect.dbapi
    if engine.dialect.name == "sqlite":
        error: Exception = dbapi.OperationalError("database is locked")
    else:
        reason = "the database system is starting up"
        error = dbapi.Error(reason, asyncpg.exceptions.CannotConnectNowError(reason))
    return error


@contextmanager
def outage(
    tg: BotUnderTest, monkeypatch: pytest.MonkeyPatch, fails: Callable[[str], bool] = lambda _s: True
) -> Iterator[None]:
    """Every statement `fails` picks raises the backend's transient error, through SQLAlchemy as usual."""
    dialect = tg.app.bot_data.engine.dialect
    error = _transient_error(tg.app.bot_data.engine)

    def guarded(original: Callable[..., Any]) -> Callable[..., Any]:
        def run(cursor: Any, statement: str, *args: Any) -> Any:
            if fails(statement):
                raise error
            return original(cursor, statement, *args)

        return run

    with monkeypatch.context() as patch:
        for name in ("do_execute", "do_execute_no_params", "do_executemany"):
            patch.setattr(dialect, name, guarded(getattr(dialect, name)))
        yield


def after_the_first_write() -> Callable[[str], bool]:
    """Let the unit of work's first write through, then fail every later one: a crash half-way."""
    writes = 0

    def fails(statement: str) -> bool:
        nonlocal writes
        if not statement.lstrip().upper().startswith(WRITES):
            return False
        writes += 1
        return writes > 1

    return fails


async def count(tg: BotUnderTest, table: type) -> int:
    async with tg.sessions() as session:
        return (await session.exec(select(func.count()).select_from(table))).one()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_an_sqlite_write_lock_held_by_another_process_for_15_s_does_not_drop_the_log(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Scaled down: the lock is held 2.5 s against a 0.5 s busy timeout, as 15 s is against the 5 s one;
    # each statement gives up on the lock several times and the handler's retries carry the /log through.
    monkeypatch.setattr(models.sqlite_on_loop, "BUSY_TIMEOUT_SECONDS", 0.5)
    async with running_bot(database_url) as tg:
        worker = await tg.worker()
        path = make_url(database_url).database
        assert path is not None
        locked = threading.Event()

        def hold_the_write_lock() -> None:
            other = sqlite3.connect(path, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE member SET full_name = full_name")
            locked.set()
            time.sleep(2.5)
            other.execute("COMMIT")
            other.close()

        holder = threading.Thread(target=hold_the_write_lock)
        holder.start()
        locked.wait()
        started = time.monotonic()
        [card] = await tg.send(worker, LOG)
        waited = time.monotonic() - started
        holder.join()
        assert waited > 2.0  # it really waited the lock out
        assert card.shown_text.startswith("请核对活动信息")
        await tg.press(worker, "✅ 保存", message=card)
        assert await count(tg, Event) == 1
        assert await count(tg, EventMaterial) == 2


async def test_during_a_database_outage_a_message_is_answered_plainly_and_nothing_is_half_saved(
    tg: BotUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker = await tg.worker()
    monkeypatch.setattr(tg.app.bot_data.settings, "database_retry_seconds", 0.5)
    with outage(tg, monkeypatch):
        replies = await tg.send(worker, LOG)
    assert [m.shown_text for m in replies] == [UNAVAILABLE]  # not the generic "something went wrong"
    assert await count(tg, LogDraft) == 0

    [card] = await tg.send(worker, LOG)  # sent again once the database is back
    press = tg.api.callback_update(worker, card, "✅ 保存")
    with outage(tg, monkeypatch, after_the_first_write()):
        await tg.driver.deliver(press)
    assert tg.answer_to(press) == PRESS_UNAVAILABLE
    assert (await count(tg, Event), await count(tg, EventMaterial)) == (0, 0)
    async with tg.sessions() as session:
        assert (await session.exec(select(LogDraft.status))).one() == DraftStatus.OPEN

    saved = await tg.press(worker, "✅ 保存", message=card)
    assert "已保存" in saved[0].shown_text
    assert (await count(tg, Event), await count(tg, EventMaterial)) == (1, 2)


async def test_a_blip_shorter_than_the_retry_budget_goes_unnoticed(
    tg: BotUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker = await tg.worker()
    [card] = await tg.send(worker, LOG)
    blips = iter([True, True, True])  # the first three writes of the save fail, then the server is back
    with outage(tg, monkeypatch, lambda s: s.lstrip().upper().startswith(WRITES) and next(blips, False)):
        saved = await tg.press(worker, "✅ 保存", message=card)
    assert "已保存" in saved[0].shown_text
    assert (await count(tg, Event), await count(tg, EventMaterial)) == (1, 2)


async def test_strangers_in_a_group_get_no_reply_when_the_member_check_cannot_run(
    tg: BotUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker = await tg.worker()
    group = tg.api.group("幸福社区工作群")
    [card] = await tg.send(worker, "/log 法律大集 昨天 100人", chat=group)
    stranger = tg.api.user("陌生人")
    monkeypatch.setattr(tg.app.bot_data.settings, "database_retry_seconds", 0.3)
    calls = len(tg.api.calls)
    with outage(tg, monkeypatch):
        for user in (stranger, worker):
            assert await tg.send(user, "今天的活动照片稍后发", chat=group) == []
            assert await tg.send(user, "/summary", chat=group) == []
        press = tg.api.callback_update(stranger, card, "✅ 保存")
        assert await tg.driver.deliver(press) == []
    # Nothing was sent to the group; the press alone was answered, in a pop-up only the presser sees.
    assert [c.method for c in tg.api.calls[calls:]] == ["answerCallbackQuery"]
    assert tg.answer_to(press) == PRESS_UNAVAILABLE
    assert await count(tg, Event) == 0


async def test_only_errors_that_pass_by_themselves_are_retried() -> None:
    tries = 0

    async def broken() -> None:
        nonlocal tries
        tries += 1
        raise OperationalError("SELECT 1", {}, sqlite3.OperationalError("no such table: event"))

    with pytest.raises(OperationalError):
        await retry_while_unavailable(broken, seconds=5)
    assert tries == 1
    locked = OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))
    assert is_transient_database_error(locked)
    assert is_transient_database_error(ConnectionRefusedError(111, "Connect call failed"))
    assert not is_transient_database_error(ValueError("bad date"))
