"""Rollups stay equal to a recount: after random changes, after migration 0013, and when tampered with."""

from __future__ import annotations

import asyncio
import os
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select

from bot.cli import main
from models.catalog.tables import sync_shipped_catalog
from models.db import SessionMaker, create_engine, session_maker
from models.events.approvals import Decision, decide
from models.events.records import Event, EventStatus
from models.migrate import alembic_config
from models.organisation.areas import Area
from models.organisation.members import Member
from models.parsing.periods import Period, PeriodKind
from models.reporting.rollup_check import Mismatch, check_rollups, rebuild_rollups
from models.reporting.rollup_reads import spans
from models.reporting.rollup_tables import Grain, KindRollup
from models.reporting.summaries import summarize_period
from tests.report_data import NOW, seed_district
from tests.rollup_replay import mismatches, replay_changes

# The regular suite replays a few hundred changes; `make bench` (tests.rollup_replay) replays 10,000.
CHANGES = int(os.environ.get("PUFA_ROLLUP_CHANGES", "250"))
YEAR_2022 = Period(PeriodKind.YEAR, date(2022, 1, 1), date(2022, 12, 31))


async def test_rollups_equal_a_recount_after_random_changes(sessions: SessionMaker) -> None:
    replay = await replay_changes(sessions, changes=CHANGES, seed=12, check_every=25)
    # Every kind of change happened, several times.
    assert set(replay.done) == {"log", "edit", "delete", "decide", "move", "retire", "accept"}
    assert min(replay.done.values()) >= 3


async def test_a_rollup_that_drifted_is_found_and_a_rebuild_puts_it_right(sessions: SessionMaker) -> None:
    async with sessions.begin() as session:
        district = await seed_district(session)
        truth = await summarize_period(session=session, period=YEAR_2022, area=district.root)
        row = (
            await session.exec(
                select(KindRollup)
                .where(KindRollup.area_id == district.root.id, KindRollup.grain == "y")
                .where(KindRollup.bucket == date(2022, 1, 1), KindRollup.status == "submitted")
            )
        ).first()
        assert row is not None
        row.events += 1
    assert await mismatches(sessions) == [Mismatch("rollup_kind", missing=1, extra=1)]
    async with sessions.begin() as session:
        root = await session.get(Area, district.root.id)
        assert root is not None
        drifted = await summarize_period(session=session, period=YEAR_2022, area=root)
        assert drifted.current.events == truth.current.events + 1  # the summary really reads the rollups
        await rebuild_rollups(await session.connection())
    assert await mismatches(sessions) == []
    async with sessions.begin() as session:
        assert await summarize_period(session=session, period=YEAR_2022, area=root) == truth


async def _migrate(engine: AsyncEngine, revision: str, *, down: bool = False) -> None:
    step = command.downgrade if down else command.upgrade
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: step(alembic_config(sync), revision))


async def test_migration_0013_builds_the_rollups_from_the_events_already_saved(engine: AsyncEngine) -> None:
    sessions = session_maker(engine)
    async with sessions.begin() as session:
        district = await seed_district(session)
        truth = await summarize_period(session=session, period=YEAR_2022, area=district.root)
    await _migrate(engine, "0012_event_campaign", down=True)  # the database before 0013: no rollups
    async with engine.begin() as connection:
        tables = await connection.run_sync(lambda sync: sa.inspect(sync).get_table_names())
        assert not [t for t in tables if t.startswith("rollup_")]
    await _migrate(engine, "head")
    assert await mismatches(sessions) == []
    async with sessions.begin() as session:
        root = (await session.exec(select(Area).where(col(Area.parent_id).is_(None)))).one()
        again = await summarize_period(session=session, period=YEAR_2022, area=root)
    assert again == truth
    assert (again.current.events, again.current.attendance) == (11, 690)


def test_a_period_is_read_as_whole_years_months_and_weeks_then_days() -> None:
    assert spans(date(2022, 1, 1), date(2022, 12, 31)) == [(Grain.YEAR, date(2022, 1, 1), date(2022, 1, 1))]
    assert spans(date(2022, 3, 5), date(2023, 2, 10)) == [
        (Grain.DAY, date(2022, 3, 5), date(2022, 3, 6)),
        (Grain.WEEK, date(2022, 3, 7), date(2022, 3, 21)),
        (Grain.DAY, date(2022, 3, 28), date(2022, 3, 31)),  # not a week across April 1st: April is whole
        (Grain.MONTH, date(2022, 4, 1), date(2023, 1, 1)),
        (Grain.DAY, date(2023, 2, 1), date(2023, 2, 10)),
    ]
    week = spans(date(2022, 11, 28), date(2022, 12, 4))  # across a month's end, a week is one row
    assert week == [(Grain.WEEK, date(2022, 11, 28), date(2022, 11, 28))]
    assert spans(date(2022, 3, 5), date(2022, 4, 30), Grain.WEEK)[-1] == (
        Grain.DAY,
        date(2022, 4, 25),
        date(2022, 4, 30),
    )


def test_the_buckets_read_cover_every_day_of_a_range_once() -> None:
    for first, last in [(date(2021, 12, 27), date(2023, 3, 3)), (date(2022, 2, 28), date(2022, 3, 6))]:
        days: list[date] = []
        for grain, a, b in spans(first, last):
            bucket = a
            while bucket <= b:
                end = {
                    Grain.DAY: bucket + timedelta(days=1),
                    Grain.WEEK: bucket + timedelta(days=7),
                    Grain.MONTH: date(bucket.year + bucket.month // 12, bucket.month % 12 + 1, 1),
                    Grain.YEAR: date(bucket.year + 1, 1, 1),
                }[grain]
                days += [bucket + timedelta(days=n) for n in range((end - bucket).days)]
                bucket = end
        assert days == [first + timedelta(days=n) for n in range((last - first).days + 1)]


async def test_check_runs_on_a_fresh_database(database_url: str) -> None:
    engine = create_engine(database_url)
    await _migrate(engine, "head")
    async with engine.begin() as connection:
        assert await check_rollups(connection) == []
    await engine.dispose()


async def _seed_and_drift(url: str, *, drift: bool) -> None:
    engine = create_engine(url)
    await _migrate(engine, "head")
    sessions = session_maker(engine)
    if not drift:
        async with sessions.begin() as session:
            await sync_shipped_catalog(session=session)
            await seed_district(session)
    else:
        async with engine.begin() as connection:
            await connection.execute(sa.text("UPDATE rollup_material SET quantity = quantity + 7"))
    await engine.dispose()


def test_an_operator_checks_and_rebuilds_the_rollups_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/ledger.sqlite3"
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("DATABASE_URL", url)
    asyncio.run(_seed_and_drift(url, drift=False))
    assert main(["rollups", "check"]) == 0
    assert capsys.readouterr().out.strip() == "rollups equal to a recount"
    asyncio.run(_seed_and_drift(url, drift=True))
    assert main(["rollups", "check"]) == 1
    assert "rollup_material: " in capsys.readouterr().err
    assert main(["rollups", "rebuild"]) == 0
    assert main(["rollups", "check"]) == 0


@pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
async def test_two_coordinators_approving_one_event_at_once_move_its_figures_once(
    sessions: SessionMaker,
) -> None:
    async with sessions.begin() as session:
        district = await seed_district(session)
        event_id = (await session.exec(select(Event.id).where(Event.status == EventStatus.SUBMITTED))).first()

    async def approve() -> bool:
        async with sessions.begin() as session:
            event, member = await session.get(Event, event_id), await session.get(Member, district.worker.id)
            assert event is not None
            assert member is not None
            done = await decide(session=session, event=event, decision=Decision.APPROVE, by=member, now=NOW)
            await asyncio.sleep(0.2)  # the other press arrives while this one is not yet committed
            return done

    assert sorted(await asyncio.gather(approve(), approve())) == [False, True]
    assert await mismatches(sessions) == []
