"""Rollups: the events' figures pre-added per area, per day/week/month/year, form, theme, material, status.

Every event adds to one row per (area on its way up the tree, grain, bucket) in each table, so a district's
year is one row per form and status instead of a hundred thousand events. They are kept exact in the
transaction of each write (models/events/rollups.py) and equal a recount (models/reporting/rollup_check.py).

A row's key holds only what an event row holds (ids, its date, its status), never a name or a catalogue
grouping: retiring a form or grouping a material under another title changes no rollup.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from typing import Any

from sqlalchemy import BigInteger, String
from sqlmodel import Field, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from models.upsert import dialect_of, insert_for


class Grain(StrEnum):
    DAY = "d"
    WEEK = "w"  # Monday to Sunday: the default /summary, the digest and the chart's bars read one row
    MONTH = "m"
    YEAR = "y"


class KindRollup(SQLModel, table=True):
    """Events, people reached and consultations of one form and status in one area's subtree and bucket."""

    __tablename__ = "rollup_kind"

    area_id: int = Field(primary_key=True)  # the event's area or any area above it
    grain: str = Field(primary_key=True, sa_type=String(1))
    bucket: date = Field(primary_key=True)  # the day, or the first day of its month or year
    kind_id: int = Field(primary_key=True)
    status: str = Field(primary_key=True, sa_type=String(16))
    events: int = Field(default=0, sa_type=BigInteger)
    attendance: int = Field(default=0, sa_type=BigInteger)
    consultations: int = Field(default=0, sa_type=BigInteger)


class ThemeRollup(SQLModel, table=True):
    """Events and people reached under one theme (an event counts under each of its themes)."""

    __tablename__ = "rollup_theme"

    area_id: int = Field(primary_key=True)
    grain: str = Field(primary_key=True, sa_type=String(1))
    bucket: date = Field(primary_key=True)
    theme_id: int = Field(primary_key=True)
    status: str = Field(primary_key=True, sa_type=String(16))
    events: int = Field(default=0, sa_type=BigInteger)
    attendance: int = Field(default=0, sa_type=BigInteger)


class MaterialRollup(SQLModel, table=True):
    """Quantity and material lines of one title as written, with the unit as written ("" for none)."""

    __tablename__ = "rollup_material"

    area_id: int = Field(primary_key=True)
    grain: str = Field(primary_key=True, sa_type=String(1))
    bucket: date = Field(primary_key=True)
    material_id: int = Field(primary_key=True)
    unit: str = Field(primary_key=True, sa_type=String(8))
    category: str = Field(primary_key=True, sa_type=String(16))
    status: str = Field(primary_key=True, sa_type=String(16))
    quantity: int = Field(default=0, sa_type=BigInteger)
    lines: int = Field(default=0, sa_type=BigInteger)


ROLLUPS: tuple[type[SQLModel], ...] = (KindRollup, ThemeRollup, MaterialRollup)
VALUES = {KindRollup: ("events", "attendance", "consultations"), ThemeRollup: ("events", "attendance")}
VALUES[MaterialRollup] = ("quantity", "lines")


@cache
def key_columns(table: type[SQLModel]) -> tuple[str, ...]:
    return tuple(c.name for c in table.__table__.primary_key.columns)  # type: ignore[attr-defined]


def buckets(day: date) -> Iterator[tuple[Grain, date]]:
    yield Grain.DAY, day
    yield Grain.WEEK, day - timedelta(days=day.weekday())
    yield Grain.MONTH, day.replace(day=1)
    yield Grain.YEAR, date(day.year, 1, 1)


def ancestors(path: str) -> list[int]:
    """The area ids on the way down to the area at `path` ("/1/5/9/" → 1, 5, 9)."""
    return [int(part) for part in path.strip("/").split("/") if part]


@dataclass(frozen=True)
class EventFacts:
    """What of one counted (not deleted) event the rollups add up."""

    day: date
    area_path: str
    kind_id: int
    status: str
    attendance: int
    consultations: int
    themes: tuple[int, ...] = ()
    materials: tuple[tuple[int, str, str, int], ...] = ()  # material id, unit as written, category, qty


Key = tuple[object, ...]
Deltas = dict[type[SQLModel], dict[Key, list[int]]]


def add_facts(deltas: Deltas, facts: EventFacts | None, sign: int) -> None:
    """Add (sign 1) or take away (sign -1) one event's part of every rollup."""
    if facts is None:
        return
    kinds, themes, materials = (deltas.setdefault(table, {}) for table in ROLLUPS)
    status = facts.status
    counts = (sign, sign * facts.attendance, sign * facts.consultations)
    quantities = [
        (material_id, unit, category, sign * quantity)
        for material_id, unit, category, quantity in facts.materials
    ]
    places = [
        (area_id, grain.value, bucket)
        for area_id in ancestors(facts.area_path)
        for grain, bucket in buckets(facts.day)
    ]
    for place in places:
        _add(kinds, (*place, facts.kind_id, status), counts)
        for theme_id in facts.themes:
            _add(themes, (*place, theme_id, status), counts[:2])
        for material_id, unit, category, quantity in quantities:
            _add(materials, (*place, material_id, unit, category, status), (quantity, sign))


def _add(rows: dict[Key, list[int]], key: Key, values: tuple[int, ...]) -> None:
    row = rows.get(key)
    if row is None:
        rows[key] = list(values)
    else:
        for i, value in enumerate(values):
            row[i] += value


def changed(deltas: Deltas) -> Iterator[tuple[type[SQLModel], list[dict[str, object]]]]:
    """The rows each table must add, in key order (so that concurrent writers lock rows in one order).

    A key's parts have one type per position (ids, grain, date, unit, category, status), so keys sort as
    they are."""
    for table in ROLLUPS:
        rows = deltas.get(table, {})
        names = (*key_columns(table), *VALUES[table])
        out = [dict(zip(names, (*key, *row), strict=True)) for key, row in sorted(rows.items()) if any(row)]
        if out:
            yield table, out


async def update_rollups(
    *, session: AsyncSession, before: EventFacts | None, after: EventFacts | None
) -> None:
    """Take `before` away and add `after`: one INSERT … ON CONFLICT DO UPDATE per rollup table that
    changes, so concurrent writers add up instead of overwriting each other."""
    if before == after:
        return
    deltas: Deltas = {}
    add_facts(deltas, before, -1)
    add_facts(deltas, after, 1)
    await apply_deltas(session=session, deltas=deltas)


async def apply_deltas(*, session: AsyncSession, deltas: Deltas) -> None:
    dialect = dialect_of(session)
    for table, rows in changed(deltas):
        connection = await session.connection()
        await connection.execute(_adding(table, dialect), rows)


@cache
def _adding(table: type[SQLModel], dialect: str) -> Any:
    """INSERT … ON CONFLICT DO UPDATE adding to the row: built once per table, since every write runs it."""
    table_ = table.__table__  # type: ignore[attr-defined]
    statement = insert_for(dialect)(table_)
    return statement.on_conflict_do_update(
        index_elements=list(key_columns(table)),
        set_={name: table_.c[name] + statement.excluded[name] for name in VALUES[table]},
    )
