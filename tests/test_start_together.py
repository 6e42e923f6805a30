"""Replicas started together on an empty PostgreSQL database all come up: migrations wait their turn."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from models.db import create_engine
from tests.databases import temporary_database

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parent.parent
TOGETHER = 4
# What a replica does first at start-up, without `pufa-bot run`'s other checks blurring the race.
MIGRATE = (
    "import asyncio\n"
    "from models.db import create_engine\n"
    "from models.migrate import upgrade_to_head\n"
    "asyncio.run(upgrade_to_head(create_engine({url!r})))\n"
)


async def test_four_migrations_started_at_once_on_an_empty_database_all_succeed(tmp_path: Path) -> None:
    async with temporary_database("postgres", str(tmp_path)) as database_url:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        runs = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                MIGRATE.format(url=database_url),
                cwd=tmp_path,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            for _ in range(TOGETHER)
        ]
        outputs = [(await run.communicate())[0].decode() for run in runs]
        engine = create_engine(database_url)
        async with engine.connect() as connection:
            versions = (await connection.execute(text("SELECT version_num FROM alembic_version"))).all()
        await engine.dispose()
    assert [run.returncode for run in runs] == [0] * TOGETHER, outputs
    assert len(versions) == 1
