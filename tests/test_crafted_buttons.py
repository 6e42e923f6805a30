"""Hand-made callback data: each button family reads only what its buttons carry; the rest expires."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import col, func, select

from bot import buttons
from bot.standin.model import FakeMessage, FakeUser
from models.events.log_drafts import LogDraft
from models.events.records import Event, Revision
from models.organisation.areas import Area
from models.organisation.audit import AuditEntry
from models.organisation.invites import Invite
from models.organisation.members import Member, Role
from tests.harness import BotUnderTest
from tests.test_organisation import district, member

EXPIRED = "这个按钮已失效"
FAMILIES = (
    buttons.DRAFT,
    buttons.EVENT,
    buttons.MEMBER,
    buttons.INVITE,
    buttons.SUMMARY,
    buttons.NUDGE,
)


@pytest.mark.parametrize(
    "data",
    [
        "d:1:save",
        "d:12:skip:place",
        "d:1:go:start_date",
        "d:1:kind:law_fair",
        "d:1:date:20220620",
        "d:1:area:5",
        "d:1:mat:3",
        "e:7:open",
        "e:7:f:attendance",
        "e:7:unapprove",
        "m:3:open",
        "m:3:role:coordinator",
        "m:3:area:5",
        "m:3:in:5",
        "i:r:worker",
        "i:d:worker:5",
        "i:a:coordinator:5",
        "s:repa:m2022030120220331:1",
        "r:log",
    ],
)
def test_every_kind_of_button_the_bot_draws_fits_exactly_one_schema(data: str) -> None:
    assert [family(data) for family in FAMILIES].count(True) == 1


@pytest.mark.parametrize(
    "data",
    [
        "m:3:in:abc",
        "m:3:area:4x",
        "m:12345678901234567890:open",
        "m:3:open\n",  # "$" in a pattern would let a trailing newline through
        "m:3:role:king",
        "m:3:areas:1",
        "m:٣:open",  # an Arabic-Indic digit: \d would take it
        "m:3:frobnicate",
        "d:1:save:now",
        "d:1:skip",
        "d:1:skip:nowhere",
        "d:1:area:",
        "e:7:f:photos",
        "e:7:delete",
        "e:0000000001:open",
        "i:r:worker:5",
        "i:d:worker",
        "i:a:admin:",
        "s:sum:m2022030120220331:1:x",
        "s:csv:m2022030120220331:1",
        "r:log2",
        "log:save:1",
    ],
)
def test_data_no_button_carries_fits_no_schema(data: str) -> None:
    assert not any(family(data) for family in FAMILIES)


async def _snapshot(tg: BotUnderTest) -> tuple[Any, ...]:
    """What a press could change: members, the audit log, invites, events and their history, drafts."""
    async with tg.sessions() as s:
        members = [
            (m.id, m.role, m.area_id, m.status) for m in await s.exec(select(Member).order_by(col(Member.id)))
        ]
        counts = [
            (await s.exec(select(func.count()).select_from(table))).one()
            for table in (AuditEntry, Invite, Event, Revision)
        ]
        drafts = [(d.id, d.status, d.payload) for d in await s.exec(select(LogDraft))]
    return members, counts, drafts


async def _press_as(tg: BotUnderTest, user: FakeUser, message: FakeMessage, data: str) -> str | None:
    """Press the message's first button with `data` instead of its own; what the bot answered."""
    update = tg.api.callback_update(user, message, 1)
    update["callback_query"]["data"] = data
    assert await tg.driver.deliver(update) == []
    return tg.answer_to(update)


async def test_crafted_member_buttons_expire_and_change_nothing(tg: BotUnderTest) -> None:
    areas = await district(tg)
    coordinator = await member(tg, "协调员", Role.COORDINATOR, areas["城东街道"])
    await member(tg, "王芳", Role.WORKER, areas["幸福社区"])
    [listing] = await tg.send(coordinator, "/members")
    [card] = await tg.press(coordinator, "王芳 · 幸福社区", message=listing)
    target = (await tg.member_of(tg.api.user("王芳"))).id
    before = await _snapshot(tg)
    for data in (
        f"m:{target}:in:abc",
        f"m:{target}:area:4x",
        f"m:{target}:area:{areas['城东街道'].id}x",
        f"m:{target}0000000000000:open",
        f"m:{target}:role:king",
        f"m:{target}:off:now",
        f"m:{target}:area:999999",  # well formed, but no such area
    ):
        assert await _press_as(tg, coordinator, card, data) == EXPIRED, data
    assert await _snapshot(tg) == before


async def test_crafted_event_draft_and_summary_buttons_expire_and_change_nothing(tg: BotUnderTest) -> None:
    worker = await tg.worker(role=Role.COORDINATOR)
    [card] = await tg.send(worker, "/log 法律大集 昨天 100人")
    await tg.press(worker, "✅ 保存", message=card)
    [listing] = await tg.send(worker, "/my")
    [draft] = await tg.send(worker, "/log")
    [summary] = await tg.send(worker, "/summary")
    before = await _snapshot(tg)
    for message, data in (
        (listing, "e:1:f:photos"),
        (listing, "e:1:delete"),
        (listing, "e:1:delok:yes"),
        (draft, "d:2:kind:law fair"),
        (draft, "d:2:date:2022-06-19"),
        (summary, "s:sum:y0001010100011231:1"),
        (summary, "s:sum:m2022130120221231:1"),
        (summary, "s:xls:m2022060120220630:1:x"),
    ):
        assert await _press_as(tg, worker, message, data) == EXPIRED, data
    assert tg.api.files_sent == []
    assert await _snapshot(tg) == before


async def test_a_draft_date_button_for_year_one_is_not_a_choice(tg: BotUnderTest) -> None:
    worker = await tg.worker()
    await tg.send(worker, "/log")
    [dates] = await tg.press(worker, "法律大集")
    before = await _snapshot(tg)
    assert await _press_as(tg, worker, dates, "d:1:date:00010101") == "这个选项已不可用。"
    assert await _press_as(tg, worker, dates, "d:1:date:20220101") == "这个选项已不可用。"
    assert await _snapshot(tg) == before


async def test_a_retired_area_is_never_where_a_member_moves_or_an_invite_leads(tg: BotUnderTest) -> None:
    areas = await district(tg)
    coordinator = await member(tg, "协调员", Role.COORDINATOR, areas["城东街道"])
    await member(tg, "王芳", Role.WORKER, areas["城东街道"])
    admin = await tg.admin()
    await tg.send(admin, "/areas retire 幸福社区")
    retired = areas["幸福社区"].id
    [listing] = await tg.send(coordinator, "/members")
    [card] = await tg.press(coordinator, "王芳 · 城东街道", message=listing)
    target = (await tg.member_of(tg.api.user("王芳"))).id
    [invite] = await tg.send(coordinator, "/invite")
    before = await _snapshot(tg)
    assert await _press_as(tg, coordinator, card, f"m:{target}:area:{retired}") == "您无权做这个修改。"
    assert (
        await _press_as(tg, coordinator, invite, f"i:a:worker:{retired}")
        == "您无权以该身份邀请人加入该辖区。"
    )
    assert await _press_as(tg, coordinator, invite, f"i:d:worker:{retired}") == "您无权以该身份邀请人。"
    [picker] = await tg.press(coordinator, "调整辖区", message=card)
    assert "幸福社区" not in " ".join(picker.button_labels)
    opening = tg.api.callback_update(coordinator, picker, 1)
    opening["callback_query"]["data"] = f"m:{target}:in:{retired}"  # the level of a retired area...
    [shown] = await tg.driver.deliver(opening)
    assert "✅ 幸福社区" not in shown.button_labels  # ...offers no button into it: the member's card instead
    assert "调整辖区" in shown.button_labels
    assert await _snapshot(tg) == before
    async with tg.sessions() as s:
        assert (await s.get(Area, retired)) is not None
