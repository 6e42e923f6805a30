"""Members, areas, invitations and approvals through the real bot, in private and group chats."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from bot.cli import main
from bot.standin.model import FakeMessage, FakeUser
from models.events.records import Event, Revision
from models.organisation.area_tree import import_areas
from models.organisation.areas import Area
from models.organisation.audit import AuditEntry
from models.organisation.invites import Invite
from models.organisation.members import Member, MemberStatus, Role
from models.organisation.permissions import Target, can
from tests.harness import BotUnderTest
from tests.test_permissions import COMMANDS

LINK = re.compile(r"https://t\.me/pufa_bot\?start=([A-Za-z0-9_-]+)")
PROBES = {
    "log": "/log 法律大集 昨天 10人",
    "my": "/my",
    "pending": "/pending",
    "invite": "/invite",
    "members": "/members",
    "areas": "/areas",
    "summary": "/summary 本月 城东街道",  # an area's figures; a worker's bare /summary shows their own
    "report": "/report",
    "export": "/export",
    "chart": "/chart",
}
REFUSALS = ("只有", "您无权", "邀请链接", "成员资格已停用", "没有名为")


async def district(tg: BotUnderTest) -> dict[str, Area]:
    """城东街道/幸福社区 and 城西街道/阳光社区 under the root."""
    from models.organisation.area_tree import AreaRow

    async with tg.sessions.begin() as session:
        rows = [AreaRow(1, ("城东街道", "幸福社区")), AreaRow(2, ("城西街道", "阳光社区"))]
        await import_areas(session=session, rows=rows)
        areas = {a.name: a for a in await session.exec(select(Area))}
    tg.app.bot_data.forget_catalog()
    return areas


async def member(
    tg: BotUnderTest, name: str, role: Role, area: Area, status: MemberStatus = MemberStatus.ACTIVE
) -> FakeUser:
    user = tg.api.user(name)
    async with tg.sessions.begin() as session:
        assert area.id is not None
        session.add(
            Member(telegram_user_id=user.id, full_name=name, role=role, area_id=area.id, status=status)
        )
    await tg.send(user, "/help")  # opens the private chat
    return user


async def invite_link(tg: BotUnderTest, inviter: FakeUser, role_label: str, area_name: str) -> str:
    """Walk /invite's buttons (the area buttons are indented by depth) and return the link's code."""
    await tg.send(inviter, "/invite")
    [areas_card] = await tg.press(inviter, role_label)
    label = next(label for label in areas_card.button_labels if label.removeprefix("✅ ") == area_name)
    [card] = await tg.press(inviter, label, message=areas_card)
    found = LINK.search(card.shown_text)
    assert found, card.shown_text
    return found.group(1)


async def test_commands_answer_as_the_rules_say(tg: BotUnderTest) -> None:
    areas = await district(tg)
    admin = await tg.admin()
    people = {
        "admin": (admin, None),
        "coordinator": (await member(tg, "协调员", Role.COORDINATOR, areas["城东街道"]), areas["城东街道"]),
        "worker": (await member(tg, "工作人员", Role.WORKER, areas["城东街道"]), areas["城东街道"]),
        "disabled": (
            await member(tg, "停用者", Role.COORDINATOR, areas["城东街道"], MemberStatus.DISABLED),
            None,
        ),
        "stranger": (tg.api.user("陌生人"), None),
    }
    from tests.test_permissions import ACTORS

    for command, text in PROBES.items():
        action = COMMANDS[command]
        assert action is not None
        for who, (user, _area) in people.items():
            replies = await tg.send(user, text)
            refused = any(marker in m.shown_text for m in replies for marker in REFUSALS)
            actor = ACTORS[who]
            allowed = can(actor, action, Target(area_path=actor.area_path)) if actor else False
            assert refused is not allowed, (command, who, [m.shown_text for m in replies])
            for message in replies:  # close what a probe opened, so the next probe starts clean
                if "❌ 取消" in message.button_labels:
                    await tg.press(user, "❌ 取消", message=message)


async def test_an_invite_works_once_and_never_lies_in_the_database(tg: BotUnderTest) -> None:
    areas = await district(tg)
    coordinator = await member(tg, "协调员", Role.COORDINATOR, areas["城东街道"])
    code = await invite_link(tg, coordinator, "工作人员", "幸福社区")
    newcomer = tg.api.user("新人")
    [welcome] = await tg.send(newcomer, f"/start {code}")
    assert "您已成为幸福社区的工作人员" in welcome.shown_text
    [again] = await tg.send(tg.api.user("又一人"), f"/start {code}")
    assert "已被使用" in again.shown_text
    [unknown] = await tg.send(tg.api.user("乱输"), "/start AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
    assert "无效" in unknown.shown_text
    async with tg.sessions() as session:
        invites = list(await session.exec(select(Invite)))
        joined = (await session.exec(select(Member).where(Member.full_name == "新人"))).one()
        audit = list(await session.exec(select(AuditEntry).where(AuditEntry.member_id == joined.id)))
    assert all(code not in (i.code_hash, str(i)) for i in invites)
    assert (joined.role, joined.area_id) == (Role.WORKER, areas["幸福社区"].id)
    assert [(a.action, a.actor_id) for a in audit] == [("joined", invites[0].created_by)]


async def test_expired_too_high_and_out_of_subtree_invites_are_refused(tg: BotUnderTest) -> None:
    areas = await district(tg)
    coordinator = await member(tg, "协调员", Role.COORDINATOR, areas["城东街道"])
    await tg.send(coordinator, "/invite")
    [choices] = [tg.api.last_bot_message(coordinator, with_buttons=True)]
    assert choices is not None
    assert choices.button_labels == ["工作人员", "协调员"]  # never admin
    [areas_card] = await tg.press(coordinator, "工作人员")
    assert "阳光社区" not in " ".join(areas_card.button_labels)  # never outside the subtree
    code = await invite_link(tg, coordinator, "协调员", "城东街道")
    # Meanwhile the coordinator is made a worker: the code may no longer make a coordinator.
    async with tg.sessions.begin() as session:
        row = (await session.exec(select(Member).where(Member.full_name == "协调员"))).one()
        row.role = Role.WORKER
    [refusal] = await tg.send(tg.api.user("新人"), f"/start {code}")
    assert "邀请人已无权" in refusal.shown_text
    async with tg.sessions.begin() as session:
        row.role = Role.COORDINATOR
        session.add(row)
    late = await invite_link(tg, coordinator, "工作人员", "幸福社区")
    tg.clock.advance(timedelta(days=7, seconds=1))
    [expired] = await tg.send(tg.api.user("迟到"), f"/start {late}")
    assert "已过期" in expired.shown_text
    async with tg.sessions() as session:
        names = set(await session.exec(select(Member.full_name)))
    assert {"新人", "迟到"}.isdisjoint(names)


async def test_in_a_group_strangers_get_nothing_and_personal_answers_go_private(tg: BotUnderTest) -> None:
    areas = await district(tg)
    worker = await member(tg, "王芳", Role.WORKER, areas["幸福社区"])
    group = tg.api.group("城东普法群")
    [card] = await tg.send(worker, "/log 法律大集 昨天 100人", chat=group)
    stranger = tg.api.user("陌生人")
    assert await tg.send(stranger, "/log 法律大集 昨天 100人", chat=group) == []
    assert await tg.send(stranger, "/summary", chat=group) == []
    press = tg.api.callback_update(stranger, card, "✅ 保存")
    assert await tg.driver.deliver(press) == []
    assert tg.answer_to(press) == "只有成员才能操作。"
    replies = await tg.send(worker, "/my", chat=group)
    where = {m.chat.id for m in replies}
    assert where == {group.id, worker.id}
    [in_group] = [m for m in replies if m.chat.id == group.id]
    assert in_group.shown_text == "已在私聊中回复您。"
    async with tg.sessions() as session:
        assert list(await session.exec(select(Event))) == []


async def test_approve_return_lock_unapprove_and_edit_each_in_the_history(tg: BotUnderTest) -> None:
    areas = await district(tg)
    worker = await member(tg, "王芳", Role.WORKER, areas["幸福社区"])
    coordinator = await member(tg, "协调员", Role.COORDINATOR, areas["城东街道"])
    await tg.send(worker, "/log 法律大集 昨天 100人")
    await tg.press(worker, "✅ 保存")
    [pending] = await tg.send(coordinator, "/pending")
    assert "待审核：1" in pending.shown_text
    [card] = await tg.press(coordinator, 1, message=pending)
    assert card.button_labels[-2:] == ["✅ 通过", "↩ 退回"]
    [prompt] = await tg.press(coordinator, "↩ 退回", message=card)
    assert "退回的原因" in prompt.shown_text
    replies = await tg.send(coordinator, "照片缺失，请补充")
    [told] = [m for m in replies if m.chat.id == worker.id]
    assert "被退回：照片缺失，请补充" in told.shown_text
    [empty] = await tg.send(coordinator, "/pending")
    assert "没有待审核的活动" in empty.shown_text
    replies = await tg.press(coordinator, "✅ 通过", message=card)  # a returned event may still be approved
    [approved] = [m for m in replies if m.chat.id == coordinator.id]
    assert any("已通过审核" in m.shown_text for m in replies if m.chat.id == worker.id)
    assert "已通过" in approved.shown_text
    assert "✏️ 修改" not in approved.button_labels
    worker_card = await _own_event_card(tg, worker)
    assert "✏️ 修改" not in worker_card.button_labels  # locked
    edit = tg.api.callback_update(worker, worker_card, "📜 历史")
    edit["callback_query"]["data"] = "e:1:edit"  # the button of a card drawn before the approval
    assert await tg.driver.deliver(edit) == []
    assert "已通过并锁定" in (tg.answer_to(edit) or "")
    replies = await tg.press(coordinator, "撤销通过 #1", message=approved)
    [unlocked] = [m for m in replies if m.chat.id == coordinator.id]
    assert "已提交" in unlocked.shown_text
    worker_card = await _own_event_card(tg, worker)
    await tg.press(worker, "✏️ 修改", message=worker_card)
    await tg.press(worker, "参与人数", message=worker_card)
    await tg.send(worker, "120")
    await tg.press(worker, "✅ 保存修改")
    async with tg.sessions() as session:
        history = [
            (r.field, r.before, r.after)
            for r in await session.exec(select(Revision).order_by(col(Revision.id)))
        ]
    assert history[1:] == [
        ("status", "submitted", "returned"),
        ("return_reason", None, "照片缺失，请补充"),
        ("status", "returned", "approved"),
        ("status", "approved", "submitted"),
        ("attendance", {"value": 100, "qualifier": "exact"}, {"value": 120, "qualifier": "exact"}),
    ]


async def _own_event_card(tg: BotUnderTest, user: FakeUser) -> FakeMessage:
    """The card of the user's latest event, opened from /my."""
    [listing] = await tg.send(user, "/my")
    [card] = await tg.press(user, 1, message=listing)
    return card


def test_importing_a_300_area_file_twice_yields_300_areas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        f"街道{s:02d},社区{s:02d}-{c:02d}" for s in range(20) for c in range(14)
    ]  # 20 streets + 280 communities
    path = tmp_path / "areas.csv"
    path.write_text("\n".join(lines), "utf-8")
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/areas.sqlite3")
    monkeypatch.chdir(tmp_path)
    assert main(["areas", "import", str(path)]) == 0
    assert "280 rows read, 300 new areas" in capsys.readouterr().out
    assert main(["areas", "import", str(path)]) == 0
    assert "280 rows read, 0 new areas" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("街道99,社区A\n街道99,,社区B\n", "utf-8")
    assert main(["areas", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2: an empty name inside the path" in err
    assert "nothing was imported" in err
    yaml_file = tmp_path / "areas.yaml"
    yaml_file.write_text("街道00:\n  - 社区00-00\n  - 新社区\n", "utf-8")
    assert main(["areas", "import", str(yaml_file)]) == 0
    assert "1 new areas" in capsys.readouterr().out


async def test_a_coordinator_changes_a_members_role_and_disables_them_with_an_audit_trail(
    tg: BotUnderTest,
) -> None:
    areas = await district(tg)
    coordinator = await member(tg, "协调员", Role.COORDINATOR, areas["城东街道"])
    worker = await member(tg, "王芳", Role.WORKER, areas["幸福社区"])
    await member(tg, "西边人", Role.WORKER, areas["阳光社区"])
    await tg.send(worker, "/log 法律大集 昨天 100人")
    await tg.press(worker, "✅ 保存")
    [listing] = await tg.send(coordinator, "/members")
    assert "王芳 — 工作人员 · 幸福社区" in listing.shown_text
    assert "西边人" not in listing.shown_text  # another street's member
    [card] = await tg.press(coordinator, "王芳 · 幸福社区", message=listing)
    assert "设为管理员" not in card.button_labels  # not above the coordinator's own role
    [card] = await tg.press(coordinator, "设为协调员", message=card)
    assert "身份：协调员" in card.shown_text
    [card] = await tg.press(coordinator, "调整辖区", message=card)
    assert "阳光社区" not in card.button_labels
    [card] = await tg.press(coordinator, "✅ 城东街道", message=card)
    assert "辖区：城东街道" in card.shown_text
    replies = await tg.press(coordinator, "停用", message=card)
    assert any(m.chat.id == worker.id and "已停用" in m.shown_text for m in replies)
    [refusal] = await tg.send(worker, "/log 法律大集 昨天 50人")
    assert refusal.shown_text == "您的成员资格已停用，请联系协调员恢复。"
    async with tg.sessions() as session:
        target = (await session.exec(select(Member).where(Member.full_name == "王芳"))).one()
        trail = [
            (a.action, a.before, a.after)
            for a in await session.exec(
                select(AuditEntry).where(AuditEntry.member_id == target.id).order_by(col(AuditEntry.id))
            )
        ]
        events = list(await session.exec(select(Event)))
    assert trail == [
        ("role", "worker", "coordinator"),
        ("area", areas["幸福社区"].id, areas["城东街道"].id),
        ("status", "active", "disabled"),
    ]
    assert len(events) == 1  # a disabled member's events stay


async def test_admins_manage_the_area_tree_in_the_bot(tg: BotUnderTest) -> None:
    areas = await district(tg)
    admin = await tg.admin()
    [reply] = await tg.send(admin, "/areas add 新华社区 in 城东街道")
    assert "已添加 新华社区" in reply.shown_text
    [reply] = await tg.send(admin, "/areas rename 新华社区 新华村")
    assert "已改名为 新华村" in reply.shown_text
    [reply] = await tg.send(admin, "/areas move 新华村 in 城西街道")
    assert "已把 新华村 移到 城西街道 下" in reply.shown_text
    [reply] = await tg.send(admin, "/areas move 城西街道 in 新华村")
    assert "不能移到自己下面" in reply.shown_text
    [reply] = await tg.send(admin, "/areas retire 幸福社区")
    assert "已撤销 幸福社区" in reply.shown_text
    [tree] = await tg.send(admin, "/areas")
    assert f"幸福社区 #{areas['幸福社区'].id} （已撤销）" in tree.shown_text
    worker = await member(tg, "王芳", Role.WORKER, areas["城东街道"])
    [refusal] = await tg.send(worker, "/areas add 私自 in 城东街道")
    assert "只有管理员" in refusal.shown_text
    async with tg.sessions() as session:
        village = (await session.exec(select(Area).where(Area.name == "新华村"))).one()
    assert village.path.startswith(areas["城西街道"].path)


async def test_a_tree_of_300_areas_is_sent_in_messages_telegram_accepts(tg: BotUnderTest) -> None:
    from models.organisation.area_tree import AreaRow

    async with tg.sessions.begin() as session:
        rows = [
            AreaRow(n, (f"第{s:02d}街道", f"第{s:02d}街道第{c:02d}社区"))
            for n, (s, c) in enumerate(((s, c) for s in range(20) for c in range(14)), 1)
        ]
        assert await import_areas(session=session, rows=rows) == 300
    admin = await tg.admin()
    replies = await tg.send(admin, "/areas")
    assert len(replies) > 1
    assert all(len(m.shown_text) <= 4096 for m in replies)
    shown = "\n".join(m.shown_text for m in replies)
    assert shown.count("社区 #") == 280
    assert "/areas retire 名称" in replies[-1].shown_text


async def test_invites_reach_every_area_of_a_large_tree_by_walking_down(tg: BotUnderTest) -> None:
    from models.organisation.area_tree import AreaRow

    async with tg.sessions.begin() as session:
        rows = [
            AreaRow(n, (f"街道{s:02d}", f"街道{s:02d}社区{c:02d}"))
            for n, (s, c) in enumerate(((s, c) for s in range(60) for c in range(5)), 1)
        ]
        await import_areas(session=session, rows=rows)
    admin = await tg.admin()
    await tg.send(admin, "/invite")
    [level] = await tg.press(admin, "工作人员")
    assert level.button_labels[0] == "✅ 全区"
    assert "街道59 ›" in level.button_labels
    [level] = await tg.press(admin, "街道59 ›", message=level)
    assert level.button_labels[:2] == ["✅ 街道59", "街道59社区00"]
    assert level.button_labels[-1] == "↩ 返回"
    [card] = await tg.press(admin, "街道59社区04", message=level)
    code = LINK.search(card.shown_text)
    assert code is not None
    [welcome] = await tg.send(tg.api.user("新人"), f"/start {code.group(1)}")
    assert "您已成为街道59社区04的工作人员" in welcome.shown_text
