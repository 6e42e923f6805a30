"""Synthetic ledgers for the benchmarks: N events over ten years across 500 areas (or more), bulk-loaded.

The schema comes from the migrations and the catalogue from the shipped file, as the bot has them; the
rows go in by executemany (SQLite) or COPY (PostgreSQL), because a million ORM inserts would take an
hour. The data is deterministic for a given seed.

    python -m tests.benchmarks.synthetic sqlite+aiosqlite:///data/bench.sqlite3 --events 1000000 --areas 1000

With the default 500 areas a given seed gives the same ledger as ever, so cached copies stay valid.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg
from sqlalchemy import text
from sqlalchemy.engine import make_url

from models.catalog.tables import sync_shipped_catalog
from models.db import create_engine, session_maker
from models.migrate import upgrade_to_head
from models.reporting.rollup_check import rebuild_rollups

FIRST_DAY = date(2013, 1, 1)
DAYS = (date(2022, 12, 31) - FIRST_DAY).days + 1  # ten years
STREETS = 20
AREAS = 500  # the root, 20 streets and 479 communities (by default)
# How often each form is logged; study sessions are rare, law fairs and talks common.
KIND_WEIGHTS = {
    "law_fair": 14,
    "enterprise": 10,
    "community": 12,
    "lecture": 26,
    "school": 8,
    "village": 6,
    "desk": 12,
    "home_visit": 4,
    "performance": 2,
    "quiz": 2,
    "study_group": 1,
    "pre_meeting_study": 1,
    "other": 2,
}
PARTNERS = ("城东派出所", "社区教育学院", "区人社局", "区司法局", "街道人大工委", "区妇联", "律师事务所")
AUDIENCES = ("居民", "企业职工", "妇女", "学生", "老年人", "人大代表")
NOW = datetime(2023, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Generated:
    events: int
    material_lines: int
    seconds: float
    rollup_seconds: float = 0.0  # building the rollups from the loaded events, as migration 0013 does


def _areas(count: int = AREAS) -> list[tuple[int, int | None, str, str]]:
    """(id, parent_id, name, path): 全区, then 20 streets, then `count` - 21 communities spread over them."""
    rows: list[tuple[int, int | None, str, str]] = [(1, None, "全区", "/1/")]
    for street in range(STREETS):
        area_id = 2 + street
        rows.append((area_id, 1, f"第{street + 1}街道", f"/1/{area_id}/"))
    for n in range(count - 1 - STREETS):
        area_id = 2 + STREETS + n
        parent = 2 + n % STREETS
        rows.append((area_id, parent, f"社区{n + 1:03d}", f"/1/{parent}/{area_id}/"))
    return rows


def _events(
    count: int, *, kinds: dict[str, int], materials: list[int], communities: list[int], seed: int
) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
    """(event row, its material rows); ids are given here so that material lines can name them."""
    rng = random.Random(seed)
    codes = list(KIND_WEIGHTS)
    weights = list(KIND_WEIGHTS.values())
    material_weights = [1.0 / (i + 1) for i in range(len(materials))]  # a few titles dominate
    line_id = 0
    for event_id in range(1, count + 1):
        code = rng.choices(codes, weights)[0]
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        area_id = rng.choice(communities)
        study = code in ("study_group", "pre_meeting_study")
        attendance = rng.randint(10, 400) if rng.random() > 0.05 else None
        consultations = rng.randint(0, 60) if not study and rng.random() > 0.3 else None
        partners = rng.sample(PARTNERS, rng.randint(1, 2)) if rng.random() < 0.2 else []
        roll = rng.random()
        status = "returned" if roll < 0.03 else "approved" if roll < 0.5 else "submitted"
        event = (
            event_id,
            code,
            area_id,
            area_id,  # the reporter is the community's worker, whose member id equals the area id
            day,
            attendance,
            consultations,
            json.dumps(partners, ensure_ascii=False),
            json.dumps(rng.sample(AUDIENCES, 1), ensure_ascii=False),
            json.dumps(["习近平法治思想"] if study else [], ensure_ascii=False),
            status,
            rng.random() < 0.01,
        )
        lines = []
        if not study:
            for material_id in set(rng.choices(materials, material_weights, k=rng.choice((0, 1, 1, 2, 3)))):
                line_id += 1
                lines.append((line_id, event_id, material_id, rng.choice((50, 100, 200, 300, 500)), False))
        yield event, lines


EVENT_COLUMNS = (
    "id",
    "kind_id",
    "area_id",
    "reporter_id",
    "title",
    "start_date",
    "end_date",
    "place",
    "attendance",
    "attendance_approx",
    "consultations",
    "consultations_approx",
    "partners",
    "audience",
    "topics",
    "note",
    "status",
    "deleted",
    "created_at",
    "updated_at",
)


def _event_record(event: tuple[Any, ...], kind_ids: dict[str, int], names: dict[str, str]) -> tuple[Any, ...]:
    event_id, code, area_id, reporter_id, day, attendance, consultations, partners, audience, topics = event[
        :10
    ]
    status, deleted = event[10:]
    return (
        event_id,
        kind_ids[code],
        area_id,
        reporter_id,
        names[code],
        day,
        day,
        None,
        attendance,
        False,
        consultations,
        False,
        partners,
        audience,
        topics,
        None,
        status,
        deleted,
        NOW,
        NOW,
    )


async def generate(database_url: str, *, events: int, seed: int = 2022, areas: int = AREAS) -> Generated:
    """Create the schema and catalogue, then bulk-load the areas, one worker per area, and the events."""
    started = time.perf_counter()
    engine = create_engine(database_url)
    await upgrade_to_head(engine)
    async with session_maker(engine).begin() as session:
        await sync_shipped_catalog(session=session)
    await engine.dispose()
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        assert url.database is not None
        lines = _load_sqlite(url.database, events=events, seed=seed, areas=areas)
    else:
        dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        lines = await _load_postgres(dsn, events=events, seed=seed, areas=areas)
    loaded = time.perf_counter()
    engine = create_engine(database_url)
    async with engine.begin() as connection:  # rows went in around the write paths: built as 0013 does
        await rebuild_rollups(connection)
        await connection.execute(text("ANALYZE"))
    await engine.dispose()
    generated = Generated(events, lines, loaded - started, time.perf_counter() - loaded)
    if url.get_backend_name() != "sqlite":
        await _vacuum(url.set(drivername="postgresql").render_as_string(hide_password=False))
    return generated


async def _vacuum(dsn: str) -> None:
    """Mark the loaded pages all-visible, as autovacuum (on by default) does after a bulk load, so that
    index-only scans read no table pages; a server run with autovacuum off would never do it."""
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute("VACUUM (ANALYZE)")
    finally:
        await connection.close()


def _member_rows(areas: int) -> list[tuple[Any, ...]]:
    return [
        (area_id, 700_000_000 + area_id, f"工作人员{area_id:03d}", "worker", area_id, "active", NOW, NOW)
        for area_id, *_rest in _areas(areas)
    ]


MEMBER_COLUMNS = (
    "id",
    "telegram_user_id",
    "full_name",
    "role",
    "area_id",
    "status",
    "created_at",
    "last_seen_at",
)
AREA_COLUMNS = ("id", "parent_id", "name", "path", "retired", "created_at")
LINE_COLUMNS = ("id", "event_id", "material_id", "quantity", "approximate")
BATCH = 20_000


def _batches(
    count: int, *, kinds: dict[str, tuple[int, str]], materials: list[int], areas: int, seed: int
) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """The event rows (as _event_record makes them) and their material lines, BATCH events at a time."""
    kind_ids = {code: kind_id for code, (kind_id, _name) in kinds.items()}
    names = {code: name for code, (_id, name) in kinds.items()}
    communities = [a[0] for a in _areas(areas) if a[3].count("/") == 4]
    event_batch: list[tuple[Any, ...]] = []
    line_batch: list[tuple[Any, ...]] = []
    for event, lines in _events(
        count, kinds=kind_ids, materials=materials, communities=communities, seed=seed
    ):
        event_batch.append(_event_record(event, kind_ids, names))
        line_batch += lines
        if len(event_batch) >= BATCH:
            yield event_batch, line_batch
            event_batch, line_batch = [], []
    yield event_batch, line_batch


def _load_sqlite(path: str, *, events: int, seed: int, areas: int) -> int:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys=OFF")
    kinds = {
        code: (kind_id, name)
        for kind_id, code, name in connection.execute("SELECT id, code, name_zh FROM eventkind")
    }
    materials = [row[0] for row in connection.execute("SELECT id FROM material ORDER BY id")]

    def insert(table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        marks = ", ".join("?" for _ in columns)
        connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    insert("area", AREA_COLUMNS, [(*a, False, NOW.isoformat()) for a in _areas(areas)])
    insert(
        "member", MEMBER_COLUMNS, [(*m[:6], NOW.isoformat(), NOW.isoformat()) for m in _member_rows(areas)]
    )
    total_lines = 0
    for records, lines in _batches(events, kinds=kinds, materials=materials, areas=areas, seed=seed):
        rows = []
        for record in map(list, records):
            record[5], record[6] = record[5].isoformat(), record[6].isoformat()
            record[18], record[19] = NOW.isoformat(), NOW.isoformat()
            rows.append(tuple(record))
        insert("event", EVENT_COLUMNS, rows)
        insert("eventmaterial", LINE_COLUMNS, lines)
        total_lines += len(lines)
    connection.commit()
    connection.execute("ANALYZE")
    connection.close()
    return total_lines


async def _load_postgres(dsn: str, *, events: int, seed: int, areas: int) -> int:
    connection = await asyncpg.connect(dsn)
    try:
        kinds = {
            r["code"]: (r["id"], r["name_zh"])
            for r in await connection.fetch("SELECT id, code, name_zh FROM eventkind")
        }
        materials = [r["id"] for r in await connection.fetch("SELECT id FROM material ORDER BY id")]
        await connection.copy_records_to_table(
            "area", records=[(*a, False, NOW) for a in _areas(areas)], columns=AREA_COLUMNS
        )
        await connection.copy_records_to_table("member", records=_member_rows(areas), columns=MEMBER_COLUMNS)
        total_lines = 0
        for records, lines in _batches(events, kinds=kinds, materials=materials, areas=areas, seed=seed):
            await connection.copy_records_to_table("event", records=records, columns=EVENT_COLUMNS)
            await connection.copy_records_to_table("eventmaterial", records=lines, columns=LINE_COLUMNS)
            total_lines += len(lines)
        for table in ("area", "member", "event", "eventmaterial"):  # COPY leaves the id sequences behind
            await connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
    return total_lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--areas", type=int, default=AREAS, help="the root, 20 streets and communities")
    arguments = parser.parse_args()
    result = asyncio.run(
        generate(arguments.database_url, events=arguments.events, seed=arguments.seed, areas=arguments.areas)
    )
    print(
        f"{result.events} events, {result.material_lines} material lines in {result.seconds:.1f} s, "
        f"rollups built in {result.rollup_seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
