"""The command menu follows the member's role, in both languages, and is set again when it changes."""

from __future__ import annotations

from telegram import BotCommandScopeChat

from bot.standin.model import FakeUser
from models.organisation.members import Role
from tests.harness import BotUnderTest, running_bot
from tests.test_organisation import district, invite_link, member


async def _menu(tg: BotUnderTest, user: FakeUser | None, language: str = "") -> list[str]:
    scope = BotCommandScopeChat(chat_id=user.id) if user else None
    commands = await tg.app.bot.get_my_commands(scope=scope, language_code=language or None)
    return [c.command for c in commands]


async def test_workers_get_the_default_menu_and_coordinators_their_own_in_both_languages(
    tg: BotUnderTest,
) -> None:
    areas = await district(tg)
    coordinator = await member(tg, "李协调", Role.COORDINATOR, areas["城东街道"])
    for language in ("", "zh", "en"):
        default = await _menu(tg, None, language)
        assert default == ["log", "my", "summary", "remind", "lang", "help"]
    code = await invite_link(tg, coordinator, "协调员", "幸福社区")
    newcomer = tg.api.user("赵社区")
    await tg.send(newcomer, f"/start {code}")
    for language in ("", "zh", "en"):
        own = await _menu(tg, newcomer, language)
        assert {"pending", "invite", "members", "report", "export", "digest"} <= set(own)
        assert "areas" not in own
    english = await tg.app.bot.get_my_commands(
        scope=BotCommandScopeChat(chat_id=newcomer.id), language_code="en"
    )
    chinese = await tg.app.bot.get_my_commands(
        scope=BotCommandScopeChat(chat_id=newcomer.id), language_code="zh"
    )
    assert english[3].description == "events waiting for your approval"
    assert chinese[3].description == "待我审核的活动"
    admin = await tg.admin()
    assert "areas" in await _menu(tg, admin, "zh")


async def test_a_role_change_sets_the_menu_again_and_a_restart_keeps_it(
    tg: BotUnderTest, database_url: str
) -> None:
    areas = await district(tg)
    coordinator = await member(tg, "李协调", Role.COORDINATOR, areas["城东街道"])
    worker = await member(tg, "王芳", Role.WORKER, areas["幸福社区"])
    assert await _menu(tg, worker, "zh") == []  # the default menu applies
    [listing] = await tg.send(coordinator, "/members")
    [card] = await tg.press(coordinator, "王芳 · 幸福社区", message=listing)
    [card] = await tg.press(coordinator, "设为协调员", message=card)
    assert "pending" in await _menu(tg, worker, "zh")
    await tg.press(coordinator, "停用", message=card)
    assert await _menu(tg, worker, "zh") == []
    await tg.app.bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=coordinator.id), language_code="zh")
    async with running_bot(database_url, api=tg.api, clock=tg.clock) as again:
        assert "pending" in await _menu(again, coordinator, "zh")  # start-up sets every coordinator's menu
