"""The first transaction that writes for an update also records it; a second delivery's write is undone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, func, select

from models.db import SessionMaker
from models.intake import (
    KEEP_FOR,
    HandledUpdate,
    UpdateAlreadyHandled,
    forget_handled_updates,
    handled_already,
    install_claims,
    mark_handled,
    processing,
)
from models.organisation.areas import Area


async def area_names(sessions: SessionMaker) -> list[str]:
    async with sessions() as session:
        return list((await session.exec(select(Area.name).order_by(col(Area.id)))).all())


async def handled(sessions: SessionMaker) -> int:
    async with sessions() as session:
        return (await session.exec(select(func.count()).select_from(HandledUpdate))).one()


async def fail_after_writing(sessions: SessionMaker) -> None:
    async with sessions.begin() as session:
        session.add(Area(name="失败"))
        await session.flush()
        raise RuntimeError("the handler failed")


async def test_a_second_delivery_of_an_update_is_rolled_back_whole(sessions: SessionMaker) -> None:
    install_claims()
    with processing(77) as first:
        async with sessions.begin() as session:
            session.add(Area(name="第一次"))
        assert first.recorded
    with processing(77) as second:
        with pytest.raises(UpdateAlreadyHandled):
            async with sessions.begin() as session:
                session.add(Area(name="第二次"))
        assert not second.recorded
    assert await area_names(sessions) == ["第一次"]


async def test_reading_claims_nothing_and_a_failed_write_claims_nothing(sessions: SessionMaker) -> None:
    install_claims()
    with processing(78) as mark:
        async with sessions.begin() as session:
            await session.exec(select(Area))
        assert not mark.recorded
        with pytest.raises(RuntimeError):
            await fail_after_writing(sessions)
        assert not mark.recorded
        assert await handled(sessions) == 0
        async with sessions.begin() as session:  # the retry's write is the claim
            session.add(Area(name="重试"))
        assert mark.recorded
        async with sessions.begin() as session:  # a second write of the same delivery is no claim
            session.add(Area(name="第二步"))
    assert await area_names(sessions) == ["重试", "第二步"]
    assert await handled(sessions) == 1


async def test_outside_an_update_nothing_is_recorded(sessions: SessionMaker) -> None:
    install_claims()
    async with sessions.begin() as session:
        session.add(Area(name="任务"))
    assert await handled(sessions) == 0


async def test_handled_updates_are_forgotten_after_two_days(sessions: SessionMaker) -> None:
    now = datetime(2026, 11, 30, tzinfo=UTC)
    async with sessions.begin() as session:
        await mark_handled(session=session, update_id=1, now=now - KEEP_FOR - timedelta(minutes=1))
        await mark_handled(session=session, update_id=2, now=now - KEEP_FOR + timedelta(minutes=1))
        await mark_handled(session=session, update_id=2, now=now)  # again: no error, no second row
    async with sessions.begin() as session:
        assert await forget_handled_updates(session=session, before=now - KEEP_FOR) == 1
    async with sessions() as session:
        assert not await handled_already(session=session, update_id=1)
        assert await handled_already(session=session, update_id=2)
