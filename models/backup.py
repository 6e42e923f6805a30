"""Back the whole database up to one file, and restore such a file into an empty database.

Three formats, told apart by their first bytes when restoring:

- SQLite: a copy made with SQLite's online backup API (consistent while the bot runs); restored the same way.
- PostgreSQL: `pg_dump --format=custom` when pg_dump is installed; restored with `pg_restore`.
- logical (either database, or `logical=True`): gzip'd JSON lines, one per row of every table, restored by
  migrating the empty database to head and inserting the rows. It also moves a ledger from SQLite to
  PostgreSQL. Values JSON cannot hold are tagged: {"$dt": iso}, {"$d": …}, {"$t": …}, {"$b": base64}.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import json
import os
import shutil
import sqlite3
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, Table, delete, inspect, select, text
from sqlalchemy.engine import URL, Connection, make_url

from models.db import create_engine, sqlite_path
from models.migrate import schema_head, upgrade_to_head
from models.schema import metadata

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
GZIP_MAGIC = b"\x1f\x8b"
LOGICAL_HEADER = "pufa-backup"


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason for the operator."""


async def backup(database_url: str, path: Path, *, logical: bool = False) -> str:
    """Write the database to `path`; return the format used (sqlite, pg_dump or logical)."""
    url = make_url(database_url)
    partial = path.with_name(path.name + ".partial")
    if not logical and url.get_backend_name() == "sqlite":
        await asyncio.to_thread(_sqlite_copy, _sqlite_file(url), partial)
        kind = "sqlite"
    elif not logical and shutil.which("pg_dump"):
        await _run("pg_dump", "--format=custom", "--no-owner", f"--file={partial}", url=url)
        kind = "pg_dump"
    else:
        await _logical_dump(database_url, partial)
        kind = "logical"
    partial.replace(path)  # a file named `path` is always a whole backup
    return kind


async def restore(database_url: str, path: Path) -> str:
    """Load the backup at `path` into the empty database at `database_url`; return its format."""
    with path.open("rb") as file:
        head = file.read(16)
    url = make_url(database_url)
    await _refuse_unless_empty(database_url)
    if head.startswith(SQLITE_MAGIC):
        if url.get_backend_name() != "sqlite":
            raise BackupError("a SQLite backup restores into SQLite; make a logical backup to move it")
        await asyncio.to_thread(_sqlite_copy, path, _sqlite_file(url))
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        if url.get_backend_name() != "postgresql" or not shutil.which("pg_restore"):
            raise BackupError("a pg_dump backup needs PostgreSQL and pg_restore")
        await _run("pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", str(path), url=url)
        return "pg_dump"
    if head.startswith(GZIP_MAGIC):
        await _logical_load(database_url, path)
        return "logical"
    raise BackupError(f"{path} is not a pufa-bot backup (neither SQLite, pg_dump nor logical)")


def _sqlite_file(url: URL) -> Path:
    path = sqlite_path(url)
    if path is None:
        raise BackupError("an in-memory SQLite database has nothing to back up")
    return path


def _sqlite_copy(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


async def _run(program: str, *args: str, url: URL) -> None:
    """Run pg_dump or pg_restore on the database at `url`; the password goes in the environment."""
    env = {**os.environ, "PGPASSWORD": url.password or ""} if url.password else dict(os.environ)
    dsn = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    process = await asyncio.create_subprocess_exec(
        program, *args, f"--dbname={dsn}", env=env, stderr=asyncio.subprocess.PIPE
    )
    _, errors = await process.communicate()
    if process.returncode != 0:
        raise BackupError(f"{program} failed: {errors.decode(errors='replace').strip()[-500:]}")


async def _refuse_unless_empty(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    finally:
        await engine.dispose()
    if tables:
        raise BackupError(
            f"the database already has {len(tables)} tables; restore only into a new, empty database"
        )


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, time):
        return {"$t": value.isoformat()}
    if isinstance(value, bytes):
        return {"$b": base64.b64encode(value).decode()}
    if isinstance(value, Decimal):
        return str(value)
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        [(tag, raw)] = value.items()
        readers = {
            "$dt": datetime.fromisoformat,
            "$d": date.fromisoformat,
            "$t": time.fromisoformat,
            "$b": base64.b64decode,
        }
        if tag in readers:
            return readers[tag](raw)
    return value


def _tables() -> list[Table]:
    return list(metadata.sorted_tables)  # parents before children


async def _logical_dump(database_url: str, path: Path) -> None:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            version = (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalar()
            lines = [json.dumps({LOGICAL_HEADER: 1, "revision": version})]
            for table in _tables():
                rows = await connection.execute(select(table).order_by(*table.primary_key.columns))
                for row in rows.mappings():
                    record = {k: _encode(v) for k, v in row.items()}
                    lines.append(json.dumps({"table": table.name, "row": record}, ensure_ascii=False))
    finally:
        await engine.dispose()
    with gzip.open(path, "wt", encoding="utf-8") as file:
        file.writelines(line + "\n" for line in lines)


async def _logical_load(database_url: str, path: Path) -> None:
    with gzip.open(path, "rt", encoding="utf-8") as file:
        header = json.loads(file.readline())
        if LOGICAL_HEADER not in header:
            raise BackupError(f"{path} is gzip'd but not a pufa-bot logical backup")
        if header["revision"] != schema_head():
            raise BackupError(
                f"the backup's schema is {header['revision']}, this pufa-bot's is {schema_head()}: "
                "restore it with the version that made it, then upgrade"
            )
        rows: dict[str, list[dict[str, Any]]] = {}
        for line in file:
            entry = json.loads(line)
            rows.setdefault(entry["table"], []).append({k: _decode(v) for k, v in entry["row"].items()})
    engine = create_engine(database_url)
    try:
        await upgrade_to_head(engine)
        async with engine.begin() as connection:
            await connection.run_sync(_replace_rows, rows)
    finally:
        await engine.dispose()


def _replace_rows(connection: Connection, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Empty every table (the migrations seed some), insert the backup's rows, move the id sequences on."""
    tables = _tables()
    for table in reversed(tables):
        connection.execute(delete(table))
    for table in tables:
        if rows.get(table.name):
            connection.execute(table.insert(), rows[table.name])
    if connection.dialect.name == "postgresql":
        reflected = MetaData()
        reflected.reflect(connection)
        for table in reflected.sorted_tables:
            for column in table.primary_key.columns:
                sequence = connection.execute(
                    text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": column.name}
                ).scalar()
                if sequence:
                    top = f'SELECT coalesce(max("{column.name}"), 0) + 1 FROM "{table.name}"'
                    connection.execute(text(f"SELECT setval(:s, ({top}), false)"), {"s": sequence})
