"""Which Telegram updates have had their effect: a redelivered `update_id` is a no-op.

Telegram (and a load balancer retrying on another replica) delivers an update again whenever it got no
2xx, so the webhook answers only after the update is processed, and this table makes the second delivery
harmless. Two safeguards:

- Before processing, `handled_already` asks the table: an update whose effect was committed is answered
  at once and not processed again (the usual case: a replica died between its commit and its 2xx).
- While an update is processed (`processing(update_id)` set by the webhook), the first transaction that
  writes anything also inserts the update's row, in the same transaction. A second delivery processed at
  the same time elsewhere then fails on that row's key and is rolled back whole: `UpdateAlreadyHandled`.

The claim is the first writing transaction: a handler that commits twice for one update (few do) can be
cut between its two commits, and the redelivery then keeps the first part only. Rows older than
`KEEP_FOR` are forgotten (Telegram keeps an update for 24 hours, and its ids may restart after a week).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, Column, delete, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, Session
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.columns import timestamp_field, utcnow

KEEP_FOR = timedelta(hours=48)
_WROTE = "pufa_wrote"
_CLAIMING = "pufa_claiming"


class HandledUpdate(SQLModel, table=True):
    """A Telegram update whose effect is committed."""

    __tablename__ = "handled_update"

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    handled_at: datetime = timestamp_field(index=True)


class UpdateAlreadyHandled(Exception):
    """Another delivery of this update committed its effect first; this one's transaction is undone."""


@dataclass
class UpdateMark:
    """The update being processed in this task, and whether its row is committed."""

    update_id: int
    recorded: bool = False
    error: BaseException | None = None  # what the handler raised, as the error handlers saw it


_current: ContextVar[UpdateMark | None] = ContextVar("pufa_update", default=None)


@contextmanager
def processing(update_id: int) -> Iterator[UpdateMark]:
    """Mark the code run inside (and the tasks it starts) as processing `update_id`."""
    mark = UpdateMark(update_id)
    token = _current.set(mark)
    try:
        yield mark
    finally:
        _current.reset(token)


def current_update() -> UpdateMark | None:
    return _current.get()


async def handled_already(*, session: AsyncSession, update_id: int) -> bool:
    found = await session.exec(select(HandledUpdate.update_id).where(HandledUpdate.update_id == update_id))
    return found.first() is not None


async def mark_handled(*, session: AsyncSession, update_id: int, now: datetime) -> None:
    """Record an update that wrote nothing (or whose row is there already)."""
    await session.exec(_insert_row(session.sync_session, update_id, now))


async def forget_handled_updates(*, session: AsyncSession, before: datetime) -> int:
    result = await session.exec(delete(HandledUpdate).where(col(HandledUpdate.handled_at) < before))
    return int(result.rowcount or 0)


def _insert_row(session: Session, update_id: int, now: datetime) -> Any:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = HandledUpdate.__table__  # type: ignore[attr-defined]
    return (
        insert(table)
        .values(update_id=update_id, handled_at=now)
        .on_conflict_do_nothing()
        .returning(table.c.update_id)
    )


def _note_write(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


def _note_flush(session: Session, _context: object) -> None:
    session.info[_WROTE] = True


def _claim(session: Session) -> None:
    mark = _current.get()
    # before_commit comes before the last flush, so pending ORM changes count as writes too.
    wrote = session.info.pop(_WROTE, False) or session.new or session.dirty or session.deleted
    if mark is None or mark.recorded or not wrote:
        return
    if session.execute(_insert_row(session, mark.update_id, utcnow())).first() is None:
        raise UpdateAlreadyHandled(f"update {mark.update_id} was handled by another delivery")
    session.info[_CLAIMING] = True


def _committed(session: Session) -> None:
    mark = _current.get()
    session.info.pop(_WROTE, None)
    if session.info.pop(_CLAIMING, False) and mark is not None:
        mark.recorded = True


def _rolled_back(session: Session, _previous: object) -> None:
    session.info.pop(_CLAIMING, None)
    session.info.pop(_WROTE, None)


def install_claims() -> None:
    """Listen to every session's writes and commits (once per process); inert outside `processing`."""
    target = AsyncSession.sync_session_class
    if event.contains(target, "before_commit", _claim):
        return
    event.listen(target, "do_orm_execute", _note_write)
    event.listen(target, "after_flush", _note_flush)
    event.listen(target, "before_commit", _claim)
    event.listen(target, "after_commit", _committed)
    event.listen(target, "after_soft_rollback", _rolled_back)
