"""Who may do what, from one table: every action × worker/coordinator/admin/disabled/stranger × area."""

from __future__ import annotations

import pytest
from telegram.ext import CommandHandler

from bot.application import build_application
from bot.config import Settings
from models.organisation.members import MemberStatus, Role
from models.organisation.permissions import Action, Actor, Target, can

# The tree: 全区 /1/ → 城东街道 /1/2/ → 幸福社区 /1/2/3/; 城西街道 /1/4/ → 阳光社区 /1/4/5/.
# Workers and coordinators stand in 城东街道; the admin at the root.
AREAS = {"own": "/1/2/", "below": "/1/2/3/", "other": "/1/4/5/", "parent": "/1/"}
ACTORS = {
    "worker": Actor(member_id=10, role=Role.WORKER, status=MemberStatus.ACTIVE, area_path="/1/2/"),
    "coordinator": Actor(member_id=11, role=Role.COORDINATOR, status=MemberStatus.ACTIVE, area_path="/1/2/"),
    "admin": Actor(member_id=12, role=Role.ADMIN, status=MemberStatus.ACTIVE, area_path="/1/"),
    "disabled": Actor(member_id=13, role=Role.COORDINATOR, status=MemberStatus.DISABLED, area_path="/1/2/"),
    "stranger": None,
}
OTHER_REPORTER = 99

# action → {actor → the areas (of AREAS) where it is allowed}. The table is the specification.
RULES: dict[Action, dict[str, set[str]]] = {
    Action.LOG: {"worker": {"own", "below"}, "coordinator": {"own", "below"}, "admin": set(AREAS)},
    Action.VIEW_EVENT: {"coordinator": {"own", "below"}, "admin": set(AREAS)},
    Action.CHANGE_EVENT: {"coordinator": {"own", "below"}, "admin": set(AREAS)},
    Action.APPROVE: {"coordinator": {"own", "below"}, "admin": set(AREAS)},
    Action.VIEW_AREA: {"coordinator": {"own", "below"}, "admin": set(AREAS)},
    Action.INVITE: {"coordinator": {"own", "below"}, "admin": set(AREAS)},
    Action.MANAGE_MEMBER: {"coordinator": {"own", "below"}, "admin": set(AREAS)},
    Action.MANAGE_AREAS: {"admin": set(AREAS)},
}

# Every command the bot answers, with the action it needs (None: anyone may, strangers included).
COMMANDS: dict[str, Action | None] = {
    "start": None,
    "help": None,
    "lang": None,
    "log": Action.LOG,
    "my": Action.LOG,
    "pending": Action.APPROVE,
    "materials": Action.APPROVE,
    "invite": Action.INVITE,
    "members": Action.MANAGE_MEMBER,
    "areas": Action.MANAGE_AREAS,
    "catalog": Action.MANAGE_AREAS,  # the forms and themes are the district's, like its area tree
    "reportnames": Action.MANAGE_AREAS,
    "summary": Action.VIEW_AREA,
    "report": Action.VIEW_AREA,
    "export": Action.VIEW_AREA,
    "chart": Action.VIEW_AREA,
    "digest": Action.VIEW_AREA,
    "remind": None,
}
# Every button prefix, with the actions its presses need.
BUTTONS: dict[str, set[Action]] = {
    "d": {Action.LOG},  # a draft: its owner only (checked on the draft row)
    "e": {Action.VIEW_EVENT, Action.CHANGE_EVENT, Action.APPROVE},
    "i": {Action.INVITE},
    "m": {Action.MANAGE_MEMBER},
    "r": {Action.LOG},  # the nudge's button: opens the guided /log, which checks membership
    "s": {Action.VIEW_AREA},
    "c": {Action.APPROVE},  # take a material title into the catalogue
    "rec": {Action.VIEW_EVENT},  # 📄 an event's 活动记录表 (bot/handlers/records.py)
}

CASES = [
    pytest.param(
        action,
        actor,
        area,
        actor in RULES[action] and area in RULES[action][actor],
        id=f"{action}-{actor}-{area}",
    )
    for action in Action
    for actor in ACTORS
    for area in AREAS
]


def test_every_action_has_a_row() -> None:
    assert set(RULES) == set(Action)


@pytest.mark.parametrize(("action", "actor", "area", "allowed"), CASES)
def test_the_matrix(action: Action, actor: str, area: str, allowed: bool) -> None:
    target = Target(area_path=AREAS[area], reporter_id=OTHER_REPORTER)
    assert can(ACTORS[actor], action, target) is allowed


@pytest.mark.parametrize("actor", ["worker", "coordinator", "admin"])
def test_everyone_sees_and_changes_their_own_events_wherever_they_are(actor: str) -> None:
    who = ACTORS[actor]
    assert who is not None
    own = Target(area_path="/1/4/5/", reporter_id=who.member_id)
    assert can(who, Action.VIEW_EVENT, own)
    assert can(who, Action.CHANGE_EVENT, own)
    assert not can(ACTORS["disabled"], Action.VIEW_EVENT, Target(area_path="/1/2/", reporter_id=13))


@pytest.mark.parametrize(
    ("actor", "role", "allowed"),
    [
        ("coordinator", Role.WORKER, True),
        ("coordinator", Role.COORDINATOR, True),
        ("coordinator", Role.ADMIN, False),
        ("worker", Role.WORKER, False),
        ("admin", Role.ADMIN, True),
    ],
)
def test_nobody_invites_or_manages_above_their_own_role(actor: str, role: Role, allowed: bool) -> None:
    for action in (Action.INVITE, Action.MANAGE_MEMBER):
        assert can(ACTORS[actor], action, Target(area_path="/1/2/3/", role=role)) is allowed


def test_every_command_and_button_of_the_bot_has_a_rule() -> None:
    application = build_application(Settings(_env_file=None))
    commands = {
        command
        for handlers in application.handlers.values()
        for handler in handlers
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }
    assert commands <= set(COMMANDS), f"commands without a rule: {commands - set(COMMANDS)}"
    patterns = {
        handler.pattern.pattern  # type: ignore[attr-defined]
        for handlers in application.handlers.values()
        for handler in handlers
        if getattr(handler, "pattern", None) is not None
    }
    prefixes = {pattern.removeprefix("^").split(":")[0] for pattern in patterns}
    assert prefixes <= set(BUTTONS), f"buttons without a rule: {prefixes - set(BUTTONS)}"
