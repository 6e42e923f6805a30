"""Migration 0007 on a database built by 0006: every saved event keeps its meaning as form × theme."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from models.catalog.tables import sync_shipped_catalog
from models.db import create_engine, session_maker
from models.events.changes import event_draft
from models.events.drafts import EventDraft, Qualifier
from models.events.log_drafts import LogDraft
from models.events.records import Event
from models.migrate import alembic_config

OLD_CATALOG = (Path(__file__).parent / "data" / "catalog_0006.toml").read_text("utf-8")  # as 0006 shipped it

NOW = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)


async def _upgrade(engine: AsyncEngine, revision: str) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), revision))


_JSON = {"aliases", "partners", "audience", "topics", "payload", "defaulted", "unknown"}


def _insert(connection: sa.Connection, table: str, **values: Any) -> int:
    """A raw row, the way the 0006 schema holds it (the models of today have other columns)."""
    columns = sa.table(
        table, sa.column("id"), *(sa.column(n, sa.JSON() if n in _JSON else None) for n in values)
    )
    return int(connection.execute(sa.insert(columns).values(**values).returning(columns.c.id)).scalar_one())


def _old_database(connection: sa.Connection) -> dict[str, int]:
    """The 0006 schema with the old shipped kinds, one member and an event of each telling kind."""
    kinds = tomllib.loads(OLD_CATALOG)["kinds"]
    ids = {}
    for order, kind in enumerate(kinds):
        aliases = kind["aliases"] + (
            ["送法入户"] if kind["code"] == "community_talk" else []
        )  # an admin's own
        ids[kind["code"]] = _insert(
            connection,
            "eventkind",
            code=kind["code"],
            name_zh=kind["name_zh"],
            name_en=kind["name_en"],
            report_group=kind["report_group"],
            aliases=aliases,
            sort_order=order,
            active=True,
        )
    area = _insert(connection, "area", name="城东街道", path="/1/", retired=False, created_at=NOW)
    member = _insert(
        connection,
        "member",
        telegram_user_id=7,
        full_name="王芳",
        role="worker",
        status="active",
        area_id=area,
        created_at=NOW,
        last_seen_at=NOW,
    )
    material = _insert(connection, "material", title="民法典手册", unit="册", aliases=["民法典手册"])
    events = {}
    for code, attendance, approx in (
        ("civil_code", 120, True),
        ("anti_fraud", 80, False),
        ("themed_day", 300, True),
        ("community_talk", 45, False),
        ("law_fair", 500, True),
    ):
        events[code] = _insert(
            connection,
            "event",
            kind_id=ids[code],
            title=code,
            start_date=date(2026, 3, 8),
            end_date=date(2026, 3, 8),
            area_id=area,
            reporter_id=member,
            status="approved",
            deleted=False,
            attendance=attendance,
            attendance_approx=approx,
            consultations=15,
            consultations_approx=True,
            partners=[],
            audience=[],
            topics=[],
            created_at=NOW,
            updated_at=NOW,
        )
    _insert(
        connection,
        "eventmaterial",
        event_id=events["civil_code"],
        material_id=material,
        quantity=300,
        approximate=True,
    )
    _insert(
        connection,
        "logdraft",
        member_id=member,
        chat_id=7,
        source_message_id=1,
        payload={"kind": "anti_fraud", "attendance": {"value": 60, "approximate": True}},
        defaulted=[],
        unknown=[],
        status="open",
        mode="message",
        failures=0,
        return_to_card=False,
        created_at=NOW,
        expires_at=NOW,
    )
    return events


async def test_every_saved_event_keeps_its_meaning_as_form_and_theme(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await _upgrade(engine, "0006")
        async with engine.begin() as connection:
            events = await connection.run_sync(_old_database)
        await _upgrade(engine, "head")
        async with session_maker(engine).begin() as session:
            await sync_shipped_catalog(session=session)
        async with session_maker(engine)() as session:
            drafts = {}
            for code, event_id in events.items():
                event = await session.get(Event, event_id)
                assert event is not None
                drafts[code] = await event_draft(session=session, event=event)
            payload = (await session.exec(select(LogDraft))).one().payload
    finally:
        await engine.dispose()

    def reading(draft: EventDraft) -> tuple[Any, ...]:
        attendance = draft.attendance
        assert attendance is not None
        return draft.kind, draft.themes, attendance.value, attendance.qualifier

    assert reading(drafts["civil_code"]) == ("lecture", ["civil_code"], 120, Qualifier.MORE)
    assert reading(drafts["anti_fraud"]) == ("lecture", ["anti_fraud"], 80, Qualifier.EXACT)
    assert reading(drafts["themed_day"]) == ("desk", [], 300, Qualifier.MORE)
    assert reading(drafts["community_talk"]) == ("community", [], 45, Qualifier.EXACT)
    assert reading(drafts["law_fair"]) == ("law_fair", [], 500, Qualifier.MORE)
    consultations = drafts["law_fair"].consultations
    assert consultations is not None
    assert consultations.qualifier == Qualifier.MORE
    [line] = drafts["civil_code"].materials
    assert (line.title, line.quantity, line.qualifier, line.unit, line.canonical) == (
        "民法典手册",
        300,
        Qualifier.MORE,
        "册",
        "民法典手册",
    )
    draft = EventDraft.model_validate(payload if isinstance(payload, dict) else json.loads(payload))
    assert (draft.kind, draft.themes) == ("lecture", ["anti_fraud"])
    assert draft.attendance is not None
    assert draft.attendance.qualifier == Qualifier.MORE
