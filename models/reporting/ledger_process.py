"""The 台账 written by a process of its own: `python -m models.reporting.ledger_process`, a job on stdin.

A decade's ledger is seconds of pure-Python work. In a thread of the bot's process it holds the
interpreter lock that every other member's /log needs, and its memory adds to the bot's. The bot builds
a job instead (models/reporting/export.py: the ledger query compiled for the database, its parameters,
the areas' names, the heading) and runs this module on it in a child process, which reads the rows with
the database's own driver — sqlite3 or asyncpg: no SQLAlchemy and no pydantic, so it starts in a fifth
of a second and stays small — writes the workbook to the file the job names, and prints the totals as
JSON. Its rows are the same columns the in-process export reads (LedgerRow), so the file is the same.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypedDict

from models.reporting.ledger_sheets import LedgerBook, LedgerHeading, LedgerTotals

BATCH = 2000  # rows fetched at a time
SQLITE_BUSY_SECONDS = 5.0  # as long as the bot's own connections wait for a writer's lock
# The project's root, so that the child imports this very code (a worktree, an editable install).
PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


class LedgerJob(TypedDict):
    backend: str  # "sqlite" or "postgresql"
    address: str  # the SQLite file, or a libpq connection string
    sql: str
    parameters: list[Any]
    dates: list[int]  # which parameters are dates, sent as ISO text
    names: list[tuple[int, str, str]]  # every area: id, name, path
    heading: dict[str, str]  # LedgerHeading's fields, the date as ISO text


@dataclass(frozen=True)
class LedgerExport:
    content: bytes
    totals: LedgerTotals

    @property
    def events(self) -> int:
        """Events on the 台账 sheet and the 退回活动 sheet."""
        return self.totals.events + self.totals.returned

    @property
    def material_lines(self) -> int:
        return self.totals.material_lines


class LedgerProcessFailed(RuntimeError):
    """The writer process ended with an error; its message ends with the child's own traceback."""


def write_ledger_apart(job: LedgerJob) -> LedgerExport:
    """Run the writer process on `job` and read back what it wrote. Blocks: call it from a worker thread
    (the render pool's, which also bounds how many run at once)."""
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [PACKAGE_ROOT, os.environ.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory(prefix="pufa-ledger-") as folder:
        output = Path(folder, "ledger.xlsx")
        done = subprocess.run(
            [sys.executable, "-m", "models.reporting.ledger_process", str(output)],
            input=json.dumps(job).encode(),
            capture_output=True,
            env=environment,
            check=False,
        )
        if done.returncode != 0:
            raise LedgerProcessFailed(
                f"exit {done.returncode}: {done.stderr.decode(errors='replace')[-3000:]}"
            )
        return LedgerExport(content=output.read_bytes(), totals=LedgerTotals(**json.loads(done.stdout)))


async def write_ledger(job: LedgerJob, output: Path) -> LedgerTotals:
    """In the child: the job's rows, read a batch at a time, into the workbook at `output`."""
    said = job["heading"]
    heading = LedgerHeading(
        said["title"], said["unit"], said["filled_by"], date.fromisoformat(said["filled_on"])
    )
    names = {area_id: (name, path) for area_id, name, path in job["names"]}
    with output.open("wb") as file:
        book = LedgerBook(file, heading=heading, names=names)
        async for batch in _batches(job):
            for row in batch:
                book.add(row)
        return book.close()


async def _batches(job: LedgerJob) -> AsyncIterator[list[Any]]:
    dates = set(job["dates"])
    if job["backend"] == "sqlite":
        # Dates as SQLAlchemy binds them for SQLite: ISO text, compared as text.
        connection = sqlite3.connect(job["address"], timeout=SQLITE_BUSY_SECONDS)
        try:
            cursor = connection.execute(job["sql"], job["parameters"])
            while batch := cursor.fetchmany(BATCH):
                yield batch
        finally:
            connection.close()
        return
    import asyncpg

    parameters = [date.fromisoformat(v) if n in dates else v for n, v in enumerate(job["parameters"])]
    server = await asyncpg.connect(job["address"])
    try:
        async with server.transaction(readonly=True):
            cursor = await server.cursor(job["sql"], *parameters)
            while batch := await cursor.fetch(BATCH):
                yield batch
    finally:
        await server.close()


# The writer yields to the bot when the cores are busy: a decade's ledger takes a core for seconds, and the
# other users' /log replies must not queue behind it. On an idle core niceness changes nothing.
WRITER_NICENESS = 10


def main() -> None:
    if hasattr(os, "nice"):
        os.nice(WRITER_NICENESS)
    job: LedgerJob = json.load(sys.stdin)
    totals = asyncio.run(write_ledger(job, Path(sys.argv[1])))
    json.dump(asdict(totals), sys.stdout)


if __name__ == "__main__":
    main()
