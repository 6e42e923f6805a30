"""Random change sequences through the real write paths, for the test that rollups equal a recount.

Each change is one transaction, as a user action is: log an event, edit one, delete one, approve, return
or un-approve one, move an area under another street, retire or bring back a form, accept a new title.
`python -m tests.rollup_replay [DATABASE_URL] [--changes 10000]` runs the long one (`make bench`), by
default on a throwaway SQLite and then a throwaway PostgreSQL database.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.curation import accept_title
from models.catalog.tables import EventKind, Material, Theme, sync_shipped_catalog
from models.db import SessionMaker, create_engine, session_maker
from models.events.approvals import Decision, can_decide, decide
from models.events.changes import apply_edit, delete_event, event_draft
from models.events.drafts import Count, EventDraft, MaterialCategory, MaterialLine, Qualifier
from models.events.records import Event, EventStatus, create_event
from models.migrate import upgrade_to_head
from models.organisation.area_tree import move_area
from models.organisation.areas import Area, add_area, ensure_root_area
from models.organisation.members import Member, Role
from models.reporting.rollup_check import Mismatch, check_rollups
from tests.databases import temporary_database

NOW = datetime(2023, 2, 1, 8, 0, tzinfo=UTC)
FIRST_DAY = date(2021, 12, 20)  # across a year's end and several months' ends
DAYS = 60
EDITED = {"kind", "themes", "start_date", "area_id", "attendance", "consultations", "materials"}
TITLES = ("民法典手册", "《民法典》", "反诈宣传单", "防诈折页", "宪法读本", "横幅", "法治礼包", "新写的资料")


@dataclass
class Replay:
    sessions: SessionMaker
    rng: random.Random
    member_id: int = 0
    streets: list[int] = field(default_factory=list)
    communities: list[int] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    done: dict[str, int] = field(default_factory=dict)


async def prepare(sessions: SessionMaker, seed: int) -> Replay:
    """A root, three streets with two communities each, a coordinator at the root."""
    replay = Replay(sessions=sessions, rng=random.Random(seed))
    async with sessions.begin() as session:
        await sync_shipped_catalog(session=session)
        root = await ensure_root_area(session=session)
        for s in range(3):
            street = await add_area(session=session, name=f"街道{s}", parent=root)
            replay.streets.append(street.id or 0)
            for c in range(2):
                community = await add_area(session=session, name=f"社区{s}{c}", parent=street)
                replay.communities.append(community.id or 0)
        member = Member(
            telegram_user_id=900_001, full_name="王芳", role=Role.COORDINATOR, area_id=root.id or 0
        )
        session.add(member)
        await session.flush()
        replay.member_id = member.id or 0
        replay.kinds = list(await session.exec(select(EventKind.code).order_by(col(EventKind.id))))
        replay.themes = list(await session.exec(select(Theme.code).order_by(col(Theme.id))))
    return replay


def _count(rng: random.Random) -> Count | None:
    if rng.random() < 0.2:
        return None
    return Count(value=rng.randint(0, 500), qualifier=rng.choice(list(Qualifier)))


def _draft(replay: Replay, kinds: list[str]) -> EventDraft:
    rng = replay.rng
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    lines = [
        MaterialLine(
            title=title,
            quantity=rng.randint(1, 300),
            unit=rng.choice(("份", "册", "张")),
            category=rng.choice(list(MaterialCategory)),
            canonical="民法典" if "民法典" in title and rng.random() < 0.5 else None,
        )
        for title in rng.sample(TITLES, rng.randint(0, 3))
    ]
    return EventDraft(
        kind=rng.choice(kinds),
        themes=rng.sample(replay.themes, rng.randint(0, 2)),
        start_date=day,
        end_date=day + timedelta(days=rng.choice((0, 0, 2))),
        area_id=rng.choice([*replay.communities, *replay.streets]),
        attendance=_count(rng),
        consultations=_count(rng),
        materials=lines,
    )


async def _some_event(session: AsyncSession, rng: random.Random) -> Event | None:
    ids = list(await session.exec(select(Event.id).where(Event.deleted == False)))  # noqa: E712
    return await session.get(Event, rng.choice(ids), with_for_update=True) if ids else None


async def change(replay: Replay) -> str:
    """One random change in its own transaction; its name."""
    rng = replay.rng
    what = rng.choices(
        ("log", "edit", "delete", "decide", "move", "retire", "accept"), (30, 25, 6, 25, 3, 3, 3)
    )[0]
    async with replay.sessions.begin() as session:
        member = await session.get(Member, replay.member_id)
        assert member is not None
        active = list(await session.exec(select(EventKind.code).where(EventKind.active == True)))  # noqa: E712
        event = None if what in ("log", "move", "retire", "accept") else await _some_event(session, rng)
        if what == "log" or (event is None and what in ("edit", "delete", "decide")):
            what = "log"
            await create_event(session=session, draft=_draft(replay, active), reporter=member, now=NOW)
        elif what == "edit" and event is not None and event.status != EventStatus.APPROVED:
            after = (await event_draft(session=session, event=event)).model_copy()
            fresh = _draft(replay, active)
            for name in rng.sample(sorted(EventDraft.model_fields), rng.randint(1, 4)):
                if name in (
                    "kind",
                    "themes",
                    "start_date",
                    "area_id",
                    "attendance",
                    "consultations",
                    "materials",
                ):
                    setattr(after, name, getattr(fresh, name))
            after.end_date = after.start_date
            await apply_edit(session=session, event=event, after=after, member=member, now=NOW)
        elif what == "delete" and event is not None:
            await delete_event(session=session, event=event, member=member, now=NOW)
        elif what == "decide" and event is not None:
            decision = rng.choice([d for d in Decision if can_decide(event, d)] or [Decision.APPROVE])
            await decide(session=session, event=event, decision=decision, by=member, now=NOW, reason="缺照片")
        elif what == "move":
            moved = await session.get(Area, rng.choice(replay.communities + replay.streets[1:]))
            parent = await session.get(Area, rng.choice(replay.streets + replay.communities))
            assert moved is not None
            assert parent is not None
            await move_area(session=session, area=moved, parent=parent)
        elif what == "retire":
            kind = (
                await session.exec(select(EventKind).where(EventKind.code == rng.choice(replay.kinds)))
            ).one()
            kind.active = not kind.active if len(active) > 3 or not kind.active else True
        elif what == "accept":
            new = list(await session.exec(select(Material.id).where(Material.accepted == False)))  # noqa: E712
            if new:
                await accept_title(session=session, material_id=rng.choice(new) or 0)
    replay.done[what] = replay.done.get(what, 0) + 1
    return what


async def mismatches(sessions: SessionMaker) -> list[Mismatch]:
    async with sessions.begin() as session:
        return await check_rollups(await session.connection())


async def replay_changes(sessions: SessionMaker, *, changes: int, seed: int, check_every: int) -> Replay:
    """`changes` random changes; the rollups are compared with a recount now and then."""
    replay = await prepare(sessions, seed)
    for n in range(1, changes + 1):
        await change(replay)
        if n % check_every == 0 or n == changes:
            found = await mismatches(sessions)
            assert not found, f"after change {n} ({replay.done}): {found}"
    return replay


async def _main(database_url: str | None, changes: int, seed: int) -> None:
    """On the database given, or on a throwaway SQLite and a throwaway PostgreSQL database."""
    if database_url is not None:
        await _replay_on(database_url, changes, seed)
        return
    for backend in ("sqlite", "postgres"):
        with tempfile.TemporaryDirectory() as folder:
            async with temporary_database(backend, folder) as url:
                await _replay_on(url, changes, seed)


async def _replay_on(database_url: str, changes: int, seed: int) -> None:
    engine = create_engine(database_url)
    await upgrade_to_head(engine)
    started = time.perf_counter()
    replay = await replay_changes(session_maker(engine), changes=changes, seed=seed, check_every=1000)
    await engine.dispose()
    took = time.perf_counter() - started
    backend = database_url.split(":")[0]
    print(f"{backend}: {changes} changes {replay.done}, rollups equal a recount ({took:.0f} s)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url", nargs="?", help="default: a throwaway SQLite, then PostgreSQL")
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=12)
    arguments = parser.parse_args()
    asyncio.run(_main(arguments.database_url, arguments.changes, arguments.seed))


if __name__ == "__main__":
    main()
