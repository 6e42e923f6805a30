"""/help lists what this member may do: logging for everyone, the figures and management for coordinators."""

from __future__ import annotations

from models.organisation.members import Role
from tests.harness import BotUnderTest


async def test_help_shows_each_member_the_commands_of_their_role(tg: BotUnderTest) -> None:
    worker = await tg.worker("王芳")
    coordinator = await tg.worker("协调员", role=Role.COORDINATOR, area="城东街道")
    [for_worker] = await tg.send(worker, "/help")
    [for_coordinator] = await tg.send(coordinator, "/help")
    everyone = ("/log", "/my", "/summary", "/remind", "/lang", "/help")  # a worker's /summary: their own
    figures = ("/report", "/export", "/chart", "/digest", "/pending", "/materials")
    assert all(command in for_worker.shown_text for command in everyone)
    assert not any(command in for_worker.shown_text for command in figures)
    assert all(command in for_coordinator.shown_text for command in (*everyone, *figures))


async def test_help_is_grouped_by_what_it_is_for_with_one_example_each(tg: BotUnderTest) -> None:
    worker = await tg.worker("王芳")
    admin = await tg.admin()
    [for_worker] = await tg.send(worker, "/help")
    [for_admin] = await tg.send(admin, "/help")
    assert [line for line in for_worker.shown_text.splitlines() if line in ("记录", "查看", "管理")] == [
        "记录",
        "查看",
    ]
    assert [line for line in for_admin.shown_text.splitlines() if line in ("记录", "查看", "管理")] == [
        "记录",
        "查看",
        "管理",
    ]
    assert "/summary 上月 幸福社区" in for_admin.shown_text
    assert "/areas — 辖区管理" in for_admin.shown_text
    assert "/log 法律大集 3月8日" in for_worker.shown_text
