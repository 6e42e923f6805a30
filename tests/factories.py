"""Test factories: members and drafts with sensible defaults, overridable per test."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from models.events.drafts import Count, EventDraft, MaterialLine
from models.organisation.areas import add_area, ensure_root_area
from models.organisation.members import Member, Role

_telegram_ids = count(500_001)


async def make_member(session: AsyncSession, *, area_name: str | None = None, **overrides: Any) -> Member:
    """An active worker in a new area under the root (or in the root when area_name is None)."""
    root = await ensure_root_area(session=session)
    area = await add_area(session=session, name=area_name, parent=root) if area_name else root
    assert area.id is not None
    values: dict[str, Any] = {
        "telegram_user_id": next(_telegram_ids),
        "full_name": "王芳",
        "role": Role.WORKER,
        "area_id": area.id,
    }
    member = Member(**(values | overrides))
    session.add(member)
    await session.flush()
    return member


def make_draft(**overrides: Any) -> EventDraft:
    """A complete law-fair draft like the one in the README."""
    values: dict[str, Any] = {
        "kind": "law_fair",
        "start_date": date(2022, 3, 8),
        "end_date": date(2022, 3, 8),
        "attendance": Count(value=120),
        "materials": [
            MaterialLine(title="民法典手册", quantity=300, unit="册", known=True),
            MaterialLine(title="人民调解法", quantity=50, known=True),
        ],
        "partners": ["城东派出所"],
    }
    return EventDraft(**(values | overrides))
