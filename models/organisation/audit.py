"""The audit log of membership: who changed whose role, area or status, when, from what to what."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.columns import timestamp_field


class AuditEntry(SQLModel, table=True):
    """One membership change; `actor_id` None means the configuration (ADMIN_USER_IDS)."""

    id: int | None = Field(default=None, primary_key=True)
    actor_id: int | None = Field(default=None, foreign_key="member.id")
    member_id: int = Field(foreign_key="member.id", index=True)
    action: str = Field(max_length=32)  # joined, role, area, status
    before: Any = Field(default=None, sa_type=JSON, nullable=True)
    after: Any = Field(default=None, sa_type=JSON, nullable=True)
    at: datetime = timestamp_field()


def record(
    session: AsyncSession,
    *,
    actor_id: int | None,
    member_id: int,
    action: str,
    before: Any,
    after: Any,
    now: datetime,
) -> None:
    """Add an entry to the caller's transaction."""
    session.add(
        AuditEntry(actor_id=actor_id, member_id=member_id, action=action, before=before, after=after, at=now)
    )


async def audit_of(*, session: AsyncSession, member_id: int) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.member_id == member_id).order_by(col(AuditEntry.id))
    return list(await session.exec(query))
