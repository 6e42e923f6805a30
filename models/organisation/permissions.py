"""Who may do what: the one place that decides. Every command and every button asks `can`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from models.organisation.members import Member, MemberStatus, Role

RANK = {Role.WORKER: 0, Role.COORDINATOR: 1, Role.ADMIN: 2}


class Action(StrEnum):
    LOG = "log"  # log an event into the target area
    VIEW_EVENT = "view_event"  # see an event's card, history, photos
    CHANGE_EVENT = "change_event"  # edit, delete, add photos
    APPROVE = "approve"  # approve, return, un-approve
    VIEW_AREA = "view_area"  # summaries, reports, exports, charts, the pending list of an area
    INVITE = "invite"  # invite someone with the target role into the target area
    MANAGE_MEMBER = "manage_member"  # change the role or area of, or disable, a member like the target
    MANAGE_AREAS = "manage_areas"  # add, rename, move, retire, import areas; the forms and themes


@dataclass(frozen=True)
class Actor:
    """A member as permissions see them: role, status and where they stand in the area tree."""

    member_id: int
    role: Role
    status: MemberStatus
    area_path: str


@dataclass(frozen=True)
class Target:
    """What an action is about: an area (by path), an event's reporter, a role given or held."""

    area_path: str | None = None
    reporter_id: int | None = None
    role: Role | None = None


def actor_from(member: Member, area_path: str) -> Actor:
    assert member.id is not None
    return Actor(member_id=member.id, role=member.role, status=member.status, area_path=area_path)


def can(actor: Actor | None, action: Action, target: Target | None = None) -> bool:
    """Whether the actor may do the action to the target. Strangers and disabled members may do nothing."""
    if actor is None or actor.status != MemberStatus.ACTIVE:
        return False
    target = target or Target()
    in_subtree = target.area_path is not None and target.area_path.startswith(actor.area_path)
    at_most_own_role = target.role is None or RANK[target.role] <= RANK[actor.role]
    coordinator = RANK[actor.role] >= RANK[Role.COORDINATOR]
    if action == Action.LOG:
        return in_subtree
    if action in (Action.VIEW_EVENT, Action.CHANGE_EVENT):
        own = target.reporter_id is not None and target.reporter_id == actor.member_id
        return own or (coordinator and in_subtree)
    if action in (Action.APPROVE, Action.VIEW_AREA):
        return coordinator and in_subtree
    if action in (Action.INVITE, Action.MANAGE_MEMBER):
        return coordinator and in_subtree and at_most_own_role
    if action == Action.MANAGE_AREAS:
        return actor.role == Role.ADMIN
    raise ValueError(f"no rule for {action!r}")  # a new action must get a rule here
