"""The rollups recounted from the events: checking them, rebuilding them, and after an area moves.

The recount is plain SQL over the event tables (the same on SQLite and PostgreSQL but for the first day
of a month or year), written against table stubs rather than the models, so that migration 0013 builds
the rollups with it the same way `pufa-bot rollups rebuild` does. The areas above each area come from
their paths into a temporary table, so that the join is on ids, not on path prefixes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from models.sqlite_on_loop import on_the_thread

_event = sa.table(
    "event",
    *(sa.column(n) for n in ("id", "area_id", "kind_id", "status", "attendance", "consultations")),
    sa.column("start_date", sa.Date()),
    sa.column("deleted", sa.Boolean()),
)
_line = sa.table(
    "eventmaterial", *(sa.column(n) for n in ("event_id", "material_id", "unit", "category", "quantity"))
)
_theme = sa.table("eventtheme", sa.column("event_id"), sa.column("theme_id"))
_area = sa.table("area", sa.column("id"), sa.column("path"))
KEYS = {
    "rollup_kind": ("kind_id", "status"),
    "rollup_theme": ("theme_id", "status"),
    "rollup_material": ("material_id", "unit", "category", "status"),
}
VALUES = {
    "rollup_kind": ("events", "attendance", "consultations"),
    "rollup_theme": ("events", "attendance"),
    "rollup_material": ("quantity", "lines"),
}
PLACE = ("area_id", "grain", "bucket")


def _rollup(name: str) -> sa.TableClause:
    return sa.table(name, *(sa.column(c) for c in (*PLACE, *KEYS[name], *VALUES[name])))


def _scope_table() -> sa.Table:
    return sa.Table(
        "rollup_scope_pairs",
        sa.MetaData(),
        sa.Column("area_id", sa.Integer, nullable=False),
        sa.Column("scope_id", sa.Integer, nullable=False),
        prefixes=["TEMPORARY"],
    )


def _bucket(grain: str, day: sa.ColumnElement[object], dialect: str) -> sa.ColumnElement[object]:
    if grain == "d":
        return day
    unit = {"w": "week", "m": "month", "y": "year"}[grain]
    if dialect == "postgresql":
        return sa.cast(sa.func.date_trunc(unit, day), sa.Date)  # a week starts on Monday
    if grain == "w":
        return sa.func.date(day, "weekday 0", "-6 days")  # the Sunday on or after it, less six days
    return sa.func.date(day, f"start of {unit}")


def _recount(name: str, scope: sa.Table, dialect: str) -> sa.Select[tuple[object, ...]]:
    """Every rollup row of table `name` for the areas in `scope`, recounted from the events."""
    status, counted = _event.c.status, sa.not_(_event.c.deleted)
    values: list[sa.ColumnElement[Any]]
    if name == "rollup_kind":
        keys: list[sa.ColumnElement[Any]] = [_event.c.kind_id, status]
        values = [
            sa.func.count(),
            sa.func.sum(sa.func.coalesce(_event.c.attendance, 0)),
            sa.func.sum(sa.func.coalesce(_event.c.consultations, 0)),
        ]
        source: sa.FromClause = _event
    elif name == "rollup_theme":
        keys = [_theme.c.theme_id, status]
        values = [sa.func.count(), sa.func.sum(sa.func.coalesce(_event.c.attendance, 0))]
        source = _event.join(_theme, _theme.c.event_id == _event.c.id)
    else:
        keys = [_line.c.material_id, sa.func.coalesce(_line.c.unit, ""), _line.c.category, status]
        values = [sa.func.sum(_line.c.quantity), sa.func.count()]
        source = _event.join(_line, _line.c.event_id == _event.c.id)
    source = source.join(scope, scope.c.area_id == _event.c.area_id)
    selects = []
    for grain in ("d", "w", "m", "y"):
        bucket = _bucket(grain, _event.c.start_date, dialect)
        selects.append(
            sa.select(scope.c.scope_id, sa.literal(grain), bucket, *keys, *values)
            .select_from(source)
            .where(counted)
            .group_by(scope.c.scope_id, bucket, *keys)
        )
    return sa.union_all(*selects).subquery().select()


def _fill_scope(connection: sa.Connection, only: Iterable[int] | None) -> sa.Table:
    """The temporary table of (area, area above it or itself), for the scope areas `only` or for all."""
    scope = _scope_table()
    scope.drop(connection, checkfirst=True)
    scope.create(connection)
    wanted = None if only is None else set(only)
    pairs = [
        {"area_id": area_id, "scope_id": int(part)}
        for area_id, path in connection.execute(sa.select(_area.c.id, _area.c.path))
        for part in str(path).strip("/").split("/")
        if part and (wanted is None or int(part) in wanted)
    ]
    if pairs:
        connection.execute(scope.insert(), pairs)
    return scope


def rebuild_rollups_sync(connection: sa.Connection, *, areas: Iterable[int] | None = None) -> None:
    """Replace the rollups of the scope areas `areas` (every area when None) with a recount."""
    only = None if areas is None else sorted(set(areas))
    if connection.dialect.name == "postgresql":
        # Writers wait until this transaction ends: one that added to a rollup row before is waited for
        # (its event is in the recount), one that adds after adds to the recount.
        connection.execute(sa.text("LOCK TABLE rollup_kind, rollup_theme, rollup_material IN EXCLUSIVE MODE"))
    scope = _fill_scope(connection, only)
    for name in KEYS:
        table = _rollup(name)
        delete = table.delete()
        if only is not None:
            delete = delete.where(table.c.area_id.in_(only))
        connection.execute(delete)
        columns = [*PLACE, *KEYS[name], *VALUES[name]]
        recount = _recount(name, scope, connection.dialect.name)
        connection.execute(table.insert().from_select(columns, recount))
    scope.drop(connection)


@dataclass(frozen=True)
class Mismatch:
    table: str
    missing: int  # rows the recount has and the rollup lacks or holds with other figures
    extra: int  # rollup rows the recount does not have


def check_rollups_sync(connection: sa.Connection) -> list[Mismatch]:
    """Compare every rollup table with a recount; rows of all zeros count as absent."""
    scope = _fill_scope(connection, None)
    found = []
    for name in KEYS:
        table = _rollup(name)
        stored = sa.select(*(table.c[c] for c in (*PLACE, *KEYS[name], *VALUES[name]))).where(
            sa.or_(*(table.c[v] != 0 for v in VALUES[name]))
        )
        recount = _recount(name, scope, connection.dialect.name)
        missing = _count(connection, sa.except_(recount, stored))
        extra = _count(connection, sa.except_(stored, recount))
        if missing or extra:
            found.append(Mismatch(name, missing, extra))
    scope.drop(connection)
    return found


def _count(connection: sa.Connection, rows: sa.CompoundSelect[tuple[object, ...]]) -> int:
    return int(connection.execute(sa.select(sa.func.count()).select_from(rows.subquery())).scalar_one())


async def rebuild_rollups(connection: AsyncConnection, *, areas: Iterable[int] | None = None) -> None:
    with on_the_thread():  # a recount of a street's events: seconds that must not hold the event loop
        await connection.run_sync(lambda sync: rebuild_rollups_sync(sync, areas=areas))


async def check_rollups(connection: AsyncConnection) -> list[Mismatch]:
    with on_the_thread():
        return await connection.run_sync(check_rollups_sync)
