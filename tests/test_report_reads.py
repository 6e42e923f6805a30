"""The report read along indexes and rollups says what it said when it read the events themselves.

A small synthetic ledger (tests/benchmarks/synthetic.py) given themes, theme days, study topics and titles
and counts said roughly, with the caps lowered so that they cut: the facts of the report today equal those of
the report as it was (tests/benchmarks/report_from_events.py), for districts, streets and communities, years,
quarters, months and ranges, all events or the approved only.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlmodel import select

from models.db import create_engine, session_maker
from models.organisation.areas import Area
from models.parsing.periods import Period, PeriodKind
from models.reporting import partner_work, report_reads
from models.reporting.basis import Basis
from models.reporting.report import draft_report_section, facts_from_summary
from models.reporting.rollup_check import check_rollups, rebuild_rollups
from models.reporting.summaries import summarize_period
from tests.benchmarks import report_from_events
from tests.benchmarks.report_from_events import facts_from_events
from tests.benchmarks.synthetic import generate

# Every ninth event a study session: a third keep their topic, a third name two, a third only a title
# (some the form's own name).
VARIED = [
    "UPDATE event SET kind_id = {first_study}, topics = '[\"习近平法治思想\"]' WHERE id % 9 = 0",
    'UPDATE event SET topics = \'["民法典", "宪法"]\' WHERE kind_id IN ({study}) AND id % 3 = 1',
    "UPDATE event SET topics = '[]', title = CASE WHEN id % 2 = 0 THEN '宪法学习会' ELSE title END"
    " WHERE kind_id IN ({study}) AND id % 3 = 2",
    # From mid-2020 on, other laws: the first 15 sessions of a range from 2019 never get to them.
    'UPDATE event SET topics = \'["监察法", "保密法", "国家安全法"]\''
    " WHERE kind_id IN ({study}) AND start_date >= '2020-06-01'",
    # Every fourth event gets a theme, a theme with days among them; some events two.
    "INSERT INTO eventtheme (event_id, theme_id) SELECT id, 1 + id % 24 FROM event WHERE id % 4 = 0",
    "INSERT INTO eventtheme (event_id, theme_id) SELECT id, 3 FROM event WHERE id % 7 = 0 AND id % 4 <> 0",
    "UPDATE event SET partners = '[\"其他\"]' WHERE id % 11 = 0",
    "UPDATE event SET attendance_qualifier = 'more' WHERE id % 97 = 0",
    "UPDATE event SET attendance = NULL WHERE id % 13 = 0",
]
PERIODS = [
    Period(PeriodKind.YEAR, date(2022, 1, 1), date(2022, 12, 31)),
    Period(PeriodKind.QUARTER, date(2021, 4, 1), date(2021, 6, 30)),
    Period(PeriodKind.MONTH, date(2020, 3, 1), date(2020, 3, 31)),
    Period(PeriodKind.RANGE, date(2019, 11, 20), date(2021, 2, 3)),
]


@pytest.fixture
async def ledger(database_url: str) -> str:
    await generate(database_url, events=6000, seed=12)
    engine = create_engine(database_url)
    async with engine.begin() as connection:
        found = await connection.execute(text("SELECT id FROM eventkind WHERE report_group = 'study'"))
        study = [kind_id for (kind_id,) in found]
        for statement in VARIED:
            await connection.execute(
                text(statement.format(study=", ".join(map(str, study)), first_study=min(study)))
            )
        await rebuild_rollups(connection)  # the themes went in around the write paths
        assert await check_rollups(connection) == []
    await engine.dispose()
    return database_url


async def test_the_report_says_what_the_events_said(ledger: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Caps that cut in a ledger this small (the district's year has 600 events): the best 25 partnered
    # events, the first 15 study sessions.
    monkeypatch.setattr(partner_work, "CANDIDATES", 25)
    monkeypatch.setattr(report_reads, "STUDIED", 15)
    monkeypatch.setattr(report_from_events, "STUDIED", 15)
    engine = create_engine(ledger)
    told = cut = 0
    async with session_maker(engine)() as session:
        areas = (await session.exec(select(Area).where(Area.id.in_([1, 2, 30])))).all()  # type: ignore[union-attr]
        for area in areas:
            for period in PERIODS:
                for basis in Basis:
                    summary = await summarize_period(session=session, period=period, area=area, basis=basis)
                    today = await facts_from_summary(session=session, summary=summary, area=area)
                    before = await facts_from_events(session=session, summary=summary, area=area)
                    assert today == before, (area.name, period, basis)
                    assert draft_report_section(today).text == draft_report_section(before).text
                    told += bool(today.partner_work) and any(k.topics for k in today.study)
                    cut += today.study_events > 15 and sum(w.events for w in today.partner_work) > 0
    await engine.dispose()
    assert told >= 12  # half of them had work with partners and study topics to tell
    assert cut >= 4  # and where there were more study sessions than the first 15, partner work too
