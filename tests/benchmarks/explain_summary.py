"""The plan of every statement a summary runs, on SQLite or PostgreSQL, with its time.

    python -m tests.benchmarks.explain_summary DATABASE_URL [--period 2022|2022-12-19..2022-12-25]

Each statement summarize_period sends is caught as it goes out, then run again under EXPLAIN QUERY PLAN
(SQLite) or EXPLAIN (ANALYZE, BUFFERS) (PostgreSQL). A line with SCAN of a big table (not USING INDEX) or
a Seq Scan on event is a plan to look at.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import date
from typing import Any

from sqlalchemy import event, text
from sqlmodel import select

from models.db import create_engine, session_maker
from models.organisation.areas import Area
from models.parsing.periods import Period, parse_period
from models.reporting.summaries import summarize_period


async def explain(database_url: str, period: Period) -> None:
    engine = create_engine(database_url)
    caught: list[tuple[str, Any]] = []

    def catch(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            caught.append((statement, parameters))

    sessions = session_maker(engine)
    async with sessions() as session:
        root = (await session.exec(select(Area).where(Area.parent_id == None))).one()  # noqa: E711
        await summarize_period(session=session, period=period, area=root)  # warm
        event.listen(engine.sync_engine, "before_cursor_execute", catch)
        started = time.perf_counter()
        await summarize_period(session=session, period=period, area=root)
        took = time.perf_counter() - started
        event.remove(engine.sync_engine, "before_cursor_execute", catch)
    print(f"summary of {period.start}..{period.end}: {took * 1000:.1f} ms, {len(caught)} statements")
    postgres = engine.dialect.name == "postgresql"
    async with engine.connect() as connection:
        raw = (await connection.get_raw_connection()).driver_connection
        assert raw is not None
        for statement, parameters in caught:
            print("\n" + " ".join(statement.split())[:300])
            if postgres:
                rows = await raw.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", *parameters)
                print("\n".join("    " + r[0] for r in rows))
            else:
                cursor = await raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
                print("\n".join(f"    {r[3]}" for r in await cursor.fetchall()))
        await connection.execute(text("SELECT 1"))
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--period", default="2022")
    arguments = parser.parse_args()
    period = parse_period(arguments.period, today=date(2022, 12, 31))
    assert isinstance(period, Period), period
    asyncio.run(explain(arguments.database_url, period))


if __name__ == "__main__":
    main()
