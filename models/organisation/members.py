"""Members: Telegram users with a role, an area, a language and a status."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, bindparam
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.columns import telegram_id_field, timestamp_field
from models.organisation.areas import Area, ensure_root_area
from models.organisation.audit import AuditEntry


class Role(StrEnum):
    WORKER = "worker"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


class MemberStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    DISABLED = "disabled"


class MemberBase(SQLModel):
    """Who the member is on Telegram."""

    telegram_user_id: int = telegram_id_field(unique=True, index=True)
    full_name: str = Field(max_length=256)  # Telegram allows 64 + 64; leave room
    username: str | None = Field(default=None, max_length=64)


class Member(MemberBase, table=True):
    """A member of the ledger, with their role in an area."""

    id: int | None = Field(default=None, primary_key=True)
    role: Role = Field(default=Role.WORKER, sa_type=String(16))
    area_id: int = Field(foreign_key="area.id", index=True)
    language: str | None = Field(default=None, max_length=8)  # None: follow Telegram's language
    # Telegram's language of the member's app, as last seen, for messages the bot starts (nudges, news).
    telegram_language: str | None = Field(default=None, max_length=16)
    status: MemberStatus = Field(default=MemberStatus.ACTIVE, sa_type=String(16))
    created_at: datetime = timestamp_field()
    last_seen_at: datetime = timestamp_field()

    @property
    def is_active(self) -> bool:
        return self.status == MemberStatus.ACTIVE


class StartOutcome(StrEnum):
    WELCOME_ADMIN = "welcome_admin"  # just became an admin from ADMIN_USER_IDS
    WELCOME_BACK = "welcome_back"
    DISABLED = "disabled"
    NEEDS_INVITE = "needs_invite"


async def member_by_telegram_id(*, session: AsyncSession, telegram_user_id: int) -> Member | None:
    return (await session.exec(select(Member).where(Member.telegram_user_id == telegram_user_id))).first()


# Built once: this runs for every update, and building the statement cost as much as running it.
_MEMBER_WITH_AREA_PATH = (
    select(Member, Area.path)
    .join(Area, col(Area.id) == Member.area_id)
    .where(Member.telegram_user_id == bindparam("telegram_user_id"))
)


async def member_with_area_path(*, session: AsyncSession, telegram_user_id: int) -> tuple[Member, str] | None:
    """The member and their area's path, in one query."""
    params = {"telegram_user_id": telegram_user_id}
    row = (await session.exec(_MEMBER_WITH_AREA_PATH, params=params)).first()
    return (row[0], row[1]) if row else None


async def start_member(
    *,
    session: AsyncSession,
    telegram_user_id: int,
    full_name: str,
    username: str | None,
    admin_user_ids: Collection[int],
    now: datetime,
) -> tuple[StartOutcome, Member | None]:
    """Handle /start without an invite: configured admins join the root area, others are told to get one."""
    member = await member_by_telegram_id(session=session, telegram_user_id=telegram_user_id)
    if member is not None:
        if not member.is_active:
            return StartOutcome.DISABLED, member
        member.full_name, member.username, member.last_seen_at = full_name[:256], username, now
        if telegram_user_id in admin_user_ids and member.role != Role.ADMIN:
            assert member.id is not None
            session.add(
                AuditEntry(member_id=member.id, action="role", before=member.role, after=Role.ADMIN, at=now)
            )
            member.role = Role.ADMIN
        return StartOutcome.WELCOME_BACK, member
    if telegram_user_id not in admin_user_ids:
        return StartOutcome.NEEDS_INVITE, None
    root = await ensure_root_area(session=session)
    assert root.id is not None
    member = Member(
        telegram_user_id=telegram_user_id,
        full_name=full_name[:256],
        username=username,
        role=Role.ADMIN,
        area_id=root.id,
        created_at=now,
        last_seen_at=now,
    )
    session.add(member)
    await session.flush()
    assert member.id is not None
    session.add(  # the audit log of membership; actor None: the configuration made them admin
        AuditEntry(
            member_id=member.id, action="joined", after={"role": Role.ADMIN, "area_id": root.id}, at=now
        )
    )
    return StartOutcome.WELCOME_ADMIN, member


async def menu_holders(*, session: AsyncSession) -> list[tuple[int, Role]]:
    """Active coordinators and admins, whose private chats get a command menu of their own."""
    query = select(Member.telegram_user_id, Member.role).where(
        col(Member.status) == MemberStatus.ACTIVE, col(Member.role).in_([Role.COORDINATOR, Role.ADMIN])
    )
    return [(telegram_user_id, Role(role)) for telegram_user_id, role in await session.exec(query)]
