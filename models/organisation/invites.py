"""Invitations: a random single-use code in a deep link, bound to a role and an area, stored only hashed."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import String, update
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.columns import UTCDateTime, timestamp_field
from models.organisation.areas import Area
from models.organisation.audit import record
from models.organisation.members import Member, MemberStatus, Role, member_by_telegram_id
from models.organisation.permissions import Action, Actor, Target, actor_from, can

INVITE_TTL = timedelta(days=7)
CODE_BYTES = 24  # 192 bits; token_urlsafe gives 32 characters, inside a deep link's 64 of [A-Za-z0-9_-]


class Invite(SQLModel, table=True):
    """An invitation; the code itself is never stored, only its SHA-256."""

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True)
    role: Role = Field(sa_type=String(16))
    area_id: int = Field(foreign_key="area.id")
    created_by: int = Field(foreign_key="member.id")
    created_at: datetime = timestamp_field()
    expires_at: datetime = timestamp_field()
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    used_by: int | None = Field(default=None, foreign_key="member.id")


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


async def actor_of(*, session: AsyncSession, member: Member) -> Actor:
    area = await session.get(Area, member.area_id)
    assert area is not None
    return actor_from(member, area.path)


async def create_invite(
    *, session: AsyncSession, inviter: Member, role: Role, area: Area, now: datetime
) -> str | None:
    """A new code for `role` in `area`, or None when the inviter may not invite so."""
    actor = await actor_of(session=session, member=inviter)
    if not can(actor, Action.INVITE, Target(area_path=area.path, role=role)) or area.retired:
        return None
    assert inviter.id is not None and area.id is not None
    code = secrets.token_urlsafe(CODE_BYTES)
    session.add(
        Invite(
            code_hash=hash_code(code),
            role=role,
            area_id=area.id,
            created_by=inviter.id,
            created_at=now,
            expires_at=now + INVITE_TTL,
        )
    )
    await session.flush()
    return code


class InviteProblem(StrEnum):
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    NOT_ALLOWED = "not_allowed"  # the inviter may not (any longer) invite into that area with that role
    ALREADY_MEMBER = "already_member"
    DISABLED = "disabled"


@dataclass(frozen=True)
class Redeemed:
    member: Member | None
    problem: InviteProblem | None = None


async def redeem_invite(
    *,
    session: AsyncSession,
    code: str,
    telegram_user_id: int,
    full_name: str,
    username: str | None,
    now: datetime,
) -> Redeemed:
    """/start <code>: make the user a member with the invite's role and area, once."""
    existing = await member_by_telegram_id(session=session, telegram_user_id=telegram_user_id)
    if existing is not None:
        return Redeemed(
            existing, InviteProblem.DISABLED if not existing.is_active else InviteProblem.ALREADY_MEMBER
        )
    code_hash = hash_code(code)
    # Claim the code in one statement, so two people racing for it cannot both win.
    claimed = await session.exec(
        update(Invite)
        .where(
            col(Invite.code_hash) == code_hash, col(Invite.used_at).is_(None), col(Invite.expires_at) > now
        )
        .values(used_at=now)
        .returning(col(Invite.id))
    )
    invite_id = claimed.scalar_one_or_none()
    if invite_id is None:
        invite = (await session.exec(select(Invite).where(Invite.code_hash == code_hash))).first()
        if invite is None:
            return Redeemed(None, InviteProblem.UNKNOWN)
        return Redeemed(None, InviteProblem.USED if invite.used_at else InviteProblem.EXPIRED)
    invite = await session.get(Invite, invite_id)
    inviter = await session.get(Member, invite.created_by) if invite else None
    area = await session.get(Area, invite.area_id) if invite else None
    assert invite is not None and inviter is not None and area is not None and area.id is not None
    actor = await actor_of(session=session, member=inviter)
    if area.retired or not can(actor, Action.INVITE, Target(area_path=area.path, role=invite.role)):
        return Redeemed(None, InviteProblem.NOT_ALLOWED)  # the claim stays: a code is spent once tried
    member = Member(
        telegram_user_id=telegram_user_id,
        full_name=full_name[:256],
        username=username,
        role=invite.role,
        area_id=area.id,
        status=MemberStatus.ACTIVE,
        created_at=now,
        last_seen_at=now,
    )
    session.add(member)
    await session.flush()
    assert member.id is not None
    invite.used_by = member.id
    record(
        session,
        actor_id=inviter.id,
        member_id=member.id,
        action="joined",
        before=None,
        after={"role": invite.role, "area_id": area.id},
        now=now,
    )
    return Redeemed(member)
