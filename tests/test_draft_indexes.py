"""A member's draft look-ups read a few rows, however many drafts the member saved before.

Drafts are kept once saved. Every text a member sends asks whether it was an answer already and which open
draft waits for one, and every /log asks for another open draft: with an index on member_id alone, each
read all of the member's drafts. The work is counted by the database itself: SQLite's virtual-machine
steps (a progress handler on the connection), PostgreSQL's rows read in this transaction
(pg_stat_xact_user_tables).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, text
from sqlmodel.ext.asyncio.session import AsyncSession

from models.db import SessionMaker
from models.events.log_drafts import DraftMode, DraftStatus, LogDraft, answered_already, awaiting_draft
from models.events.log_flow import Step
from models.events.open_drafts import other_open_draft
from models.organisation.members import Member
from tests.factories import make_member

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
CHAT = 7000001
SAVED = 2000


@dataclass
class Work:
    amount: int = 0


@asynccontextmanager
async def counted(session: AsyncSession) -> AsyncIterator[Work]:
    """What the database did inside the block: SQLite's VM steps, or PostgreSQL's rows read."""
    connection = await session.connection()
    work = Work()
    if connection.dialect.name == "sqlite":
        raw = (await connection.get_raw_connection()).driver_connection._conn  # type: ignore[union-attr]

        def step() -> int:
            work.amount += 1
            return 0

        raw.set_progress_handler(step, 1)
        try:
            yield work
        finally:
            raw.set_progress_handler(None, 1)
        return
    read = text(
        "SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) "
        "FROM pg_stat_xact_user_tables WHERE relname = 'logdraft'"
    )
    before = (await session.exec(read)).one()[0]  # type: ignore[call-overload]
    yield work
    work.amount = (await session.exec(read)).one()[0] - before  # type: ignore[call-overload]


async def a_member_with_saved_drafts(sessions: SessionMaker) -> int:
    async with sessions.begin() as session:
        member = await make_member(session, area_name="幸福社区")
        assert member.id is not None
        common = {"member_id": member.id, "chat_id": CHAT, "payload": {}, "defaulted": [], "unknown": []}
        common |= {"mode": DraftMode.MESSAGE, "failures": 0, "return_to_card": False, "created_at": NOW}
        saved = [
            common
            | {"source_message_id": n, "status": DraftStatus.SAVED, "last_answer_id": n, "card_message_id": n}
            for n in range(1, SAVED + 1)
        ]
        waiting = common | {
            "source_message_id": SAVED + 1,
            "status": DraftStatus.OPEN,
            "card_message_id": SAVED + 2,
        }
        waiting |= {"awaiting": Step.ATTENDANCE.value, "expires_at": NOW + timedelta(days=3)}
        table = LogDraft.__table__  # type: ignore[attr-defined]
        connection = await session.connection()
        await connection.execute(insert(table), [s | {"expires_at": NOW} for s in saved])
        await connection.execute(insert(table), [waiting])
    async with sessions.begin() as session:
        await session.exec(text("ANALYZE logdraft"))  # type: ignore[call-overload]
        return member.id


async def test_a_members_draft_look_ups_read_a_few_rows_after_two_thousand_saved_drafts(
    sessions: SessionMaker,
) -> None:
    member_id = await a_member_with_saved_drafts(sessions)
    async with sessions.begin() as session:
        member = await session.get(Member, member_id)
        assert member is not None
        open_id = (await session.exec(text("SELECT max(id) FROM logdraft"))).one()[0]  # type: ignore[call-overload]
        backend = (await session.connection()).dialect.name
        async with counted(session) as work:
            new_message = SAVED + 10
            already = await answered_already(
                session=session, member_id=member_id, chat_id=CHAT, message_id=new_message
            )
            waiting = await awaiting_draft(session=session, member=member, chat_id=CHAT, now=NOW)
            other = await other_open_draft(
                session=session, member_id=member_id, chat_id=CHAT, excluding=0, now=NOW
            )
        assert already is False
        assert (waiting.id if waiting else None, other.id if other else None) == (open_id, open_id)
        assert await answered_already(session=session, member_id=member_id, chat_id=CHAT, message_id=5)
    # With logdraft(member_id) alone: 28,143 SQLite steps and 6,003 PostgreSQL rows (every saved draft,
    # once per look-up); with the two indexes, 138 steps and 2 rows.
    limit = 2_000 if backend == "sqlite" else 20
    assert work.amount < limit, work.amount
