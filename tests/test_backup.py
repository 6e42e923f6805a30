"""`pufa-bot backup FILE` then `restore FILE` into an empty database gives back every row of every table."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from bot.cli import main
from models.backup import BackupError, backup, restore
from models.db import create_engine
from models.schema import metadata
from tests.databases import temporary_database
from tests.factories import make_member
from tests.harness import running_bot

LOG = "/log 法律大集 昨天 幸福社区 120人 《民法典手册》300份 联合城东派出所"


async def every_row(database_url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            found = {
                table.name: sorted(tuple(row) for row in await connection.execute(select(table)))
                for table in metadata.sorted_tables
            }
            found["alembic_version"] = list(await connection.execute(text("SELECT * FROM alembic_version")))
    finally:
        await engine.dispose()
    return found


async def a_used_ledger(database_url: str) -> None:
    async with running_bot(database_url) as tg:
        worker = await tg.worker("王芳")
        await tg.send(worker, LOG)
        await tg.press(worker, "✅ 保存")
        await tg.send(worker, "/log 反诈宣讲 今天 阳光社区 参与八十人")  # a draft left open


@pytest.mark.parametrize("logical", [False, True], ids=["native", "logical"])
async def test_a_backup_restored_into_an_empty_database_has_every_row(
    database_url: str, tmp_path: Path, logical: bool
) -> None:
    await a_used_ledger(database_url)
    before = await every_row(database_url)
    assert before["event"]
    assert before["logdraft"]
    assert before["eventmaterial"]
    path = tmp_path / "ledger.backup"
    sqlite = database_url.startswith("sqlite")
    kind = await backup(database_url, path, logical=logical)
    assert kind == ("logical" if logical else "sqlite" if sqlite else "pg_dump")
    (tmp_path / "restored").mkdir()
    async with temporary_database("sqlite" if sqlite else "postgres", str(tmp_path / "restored")) as target:
        assert await restore(target, path) == kind
        after = await every_row(target)
        with pytest.raises(BackupError, match="empty database"):
            await restore(target, path)
        async with running_bot(target) as tg:  # the restored ledger works, and new ids do not collide
            worker = tg.api.user("李明", user_id=7_654_321)  # a fresh stand-in would reuse the old ids
            async with tg.sessions.begin() as session:
                await make_member(session, area_name="新社区", telegram_user_id=worker.id, full_name="李明")
            await tg.send(worker, LOG)
            await tg.press(worker, "✅ 保存")
    assert after == before


async def test_a_logical_backup_moves_a_sqlite_ledger_to_postgresql(tmp_path: Path) -> None:
    source = f"sqlite+aiosqlite:///{tmp_path}/office.sqlite3"
    await a_used_ledger(source)
    await backup(source, tmp_path / "move.jsonl.gz", logical=True)
    async with temporary_database("postgres", str(tmp_path)) as target:
        await restore(target, tmp_path / "move.jsonl.gz")
        moved = await every_row(target)
    assert moved == await every_row(source)


def test_the_command_line_backs_up_and_restores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/live.sqlite3")
    asyncio.run(a_used_ledger(f"sqlite+aiosqlite:///{tmp_path}/live.sqlite3"))
    assert main(["backup", str(tmp_path / "nightly.sqlite3")]) == 0
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/new/restored.sqlite3")
    assert main(["restore", str(tmp_path / "nightly.sqlite3")]) == 0
    assert main(["restore", str(tmp_path / "nightly.sqlite3")]) == 1  # not into a database with rows
    (tmp_path / "notes.txt").write_text("不是备份")
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/other.sqlite3")
    assert main(["restore", str(tmp_path / "notes.txt")]) == 1
    live = asyncio.run(every_row(f"sqlite+aiosqlite:///{tmp_path}/live.sqlite3"))
    assert asyncio.run(every_row(f"sqlite+aiosqlite:///{tmp_path}/new/restored.sqlite3")) == live
