"""Changing saved events: edits field by field, soft deletion, and the history that records both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.tables import EventKind, Material
from models.events.drafts import Count, EventDraft, MaterialLine
from models.events.event_themes import event_themes, set_themes
from models.events.material_lines import material_ids, merged_materials
from models.events.records import (
    COUNTS,
    Event,
    EventMaterial,
    EventStatus,
    MissingKind,
    Revision,
    count_columns,
    event_count,
)
from models.events.rollups import event_facts
from models.organisation.areas import Area
from models.organisation.members import Member
from models.organisation.permissions import Action, Actor, Target, can
from models.reporting.rollup_tables import update_rollups

# The event fields a worker edits, as EventDraft names them; each change is one revision row.
EDITABLE = (
    "kind",
    "title",
    "start_date",
    "end_date",
    "place",
    "area_id",
    "attendance",
    "consultations",
    "staff",
    "households",
    "note",
)
LISTS = ("themes", "partners", "audience", "topics")
MATERIAL_PREFIX = "material:"


class EventProblem(StrEnum):
    NOT_FOUND = "not_found"
    NOT_YOURS = "not_yours"
    LOCKED = "locked"  # approved: un-approve it first


@dataclass(frozen=True)
class EventAccess:
    event: Event | None
    problem: EventProblem | None = None


async def event_for(
    *, session: AsyncSession, event_id: int, actor: Actor | None, to_change: bool = False
) -> EventAccess:
    """An event the actor may see (or change: then not approved, which locks it), not deleted."""
    event = await session.get(Event, event_id, with_for_update=to_change)
    if event is None or event.deleted:
        return EventAccess(None, EventProblem.NOT_FOUND)
    area = await session.get(Area, event.area_id)
    target = Target(area_path=area.path if area else None, reporter_id=event.reporter_id)
    if not can(actor, Action.CHANGE_EVENT if to_change else Action.VIEW_EVENT, target):
        return EventAccess(None, EventProblem.NOT_YOURS)
    if to_change and event.status == EventStatus.APPROVED:
        return EventAccess(event, EventProblem.LOCKED)
    return EventAccess(event)


async def event_draft(*, session: AsyncSession, event: Event) -> EventDraft:
    """The event as a draft, the form edits are made in."""
    kind = await session.get(EventKind, event.kind_id)
    assert kind is not None
    canonical = aliased(Material)
    lines = await session.exec(
        select(Material, EventMaterial, canonical.title)
        .join(EventMaterial, col(EventMaterial.material_id) == Material.id)
        .outerjoin(canonical, col(canonical.id) == Material.canonical_id)
        .where(EventMaterial.event_id == event.id)
        .order_by(col(EventMaterial.id))
    )
    assert event.id is not None
    return EventDraft(
        kind=kind.code,
        themes=await event_themes(session=session, event_id=event.id),
        title=event.title,
        start_date=event.start_date,
        end_date=event.end_date,
        place=event.place,
        area_id=event.area_id,
        campaign=event.campaign,
        **{name: event_count(event, name) for name in COUNTS},
        materials=[
            MaterialLine(
                title=m.title,
                quantity=line.quantity,
                qualifier=line.qualifier,
                unit=line.unit or m.unit,
                category=line.category,
                canonical=canonical_title or (m.title if m.accepted else None),
            )
            for m, line, canonical_title in lines
        ],
        partners=list(event.partners),
        audience=list(event.audience),
        topics=list(event.topics),
        note=event.note,
    )


def _json(value: Any) -> Any:
    if isinstance(value, Count):
        return value.model_dump()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def changes(before: EventDraft, after: EventDraft) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for every field that differs; material lines by title."""
    found = [
        (name, _json(getattr(before, name)), _json(getattr(after, name)))
        for name in (*EDITABLE, *LISTS)
        if getattr(before, name) != getattr(after, name)
    ]
    old = {m.title: m for m in before.materials}
    new = {m.title: m for m in after.materials}
    for title in [*old, *(t for t in new if t not in old)]:
        was, now = old.get(title), new.get(title)
        if was is None or now is None or _line(was) != _line(now):
            found.append((MATERIAL_PREFIX + title, _line(was), _line(now)))
    return found


def _line(line: MaterialLine | None) -> dict[str, Any] | None:
    if line is None:
        return None
    return {
        "quantity": line.quantity,
        "approximate": line.approximate,
        "qualifier": line.qualifier.value,
        "unit": line.unit,
        "category": line.category.value,
    }


async def apply_edit(
    *, session: AsyncSession, event: Event, after: EventDraft, member: Member, now: datetime
) -> list[Revision]:
    """Write the edited draft to the event, one revision per changed field, in the caller's transaction."""
    assert event.id is not None and member.id is not None
    before = await event_draft(session=session, event=event)
    found = changes(before, after)
    if not found:
        return []
    counted_before = await event_facts(session=session, event=event)
    if after.kind != before.kind:
        kind = (await session.exec(select(EventKind).where(EventKind.code == after.kind))).first()
        if kind is None or kind.id is None:
            raise MissingKind(after.kind)
        event.kind_id = kind.id
    event.title = after.title or event.title
    event.start_date = after.start_date or event.start_date
    event.end_date = after.end_date or event.start_date
    event.place, event.area_id = after.place, after.area_id or event.area_id
    for column, value in count_columns(after).items():
        setattr(event, column, value)
    event.note = after.note
    event.partners, event.audience, event.topics = (
        list(after.partners),
        list(after.audience),
        list(after.topics),
    )
    event.updated_at = now
    if any(name.startswith(MATERIAL_PREFIX) for name, _, _ in found):
        await _replace_materials(session=session, event_id=event.id, draft=after)
    if after.themes != before.themes:
        await set_themes(session=session, event_id=event.id, codes=after.themes)
    revisions = [
        Revision(event_id=event.id, member_id=member.id, field=name, before=old, after=new, at=now)
        for name, old, new in found
    ]
    if event.status == EventStatus.RETURNED:  # corrected after it was returned: it waits for approval again
        revisions.append(
            Revision(
                event_id=event.id,
                member_id=member.id,
                field="status",
                before=event.status,
                after=EventStatus.SUBMITTED,
                at=now,
            )
        )
        event.status = EventStatus.SUBMITTED
    session.add_all(revisions)
    await session.flush()
    await update_rollups(
        session=session, before=counted_before, after=await event_facts(session=session, event=event)
    )
    return revisions


async def _replace_materials(*, session: AsyncSession, event_id: int, draft: EventDraft) -> None:
    ids = await material_ids(session=session, draft=draft)
    current = {
        stored.material_id: stored
        for stored in await session.exec(select(EventMaterial).where(EventMaterial.event_id == event_id))
    }
    wanted = {ids[line.title]: line for line in merged_materials(draft)}
    for material_id, stored in current.items():
        if material_id not in wanted:
            await session.delete(stored)
    for material_id, line in wanted.items():
        row = current.get(material_id)
        if row is None:
            session.add(
                EventMaterial(
                    event_id=event_id,
                    material_id=material_id,
                    quantity=line.quantity,
                    approximate=line.approximate,
                    qualifier=line.qualifier,
                    unit=line.unit,
                    category=line.category,
                )
            )
        else:
            row.quantity, row.approximate, row.qualifier = line.quantity, line.approximate, line.qualifier
            row.unit, row.category = line.unit, line.category


async def delete_event(*, session: AsyncSession, event: Event, member: Member, now: datetime) -> None:
    """Hide the event from every list and count; the row and its history stay."""
    assert event.id is not None and member.id is not None
    await update_rollups(session=session, before=await event_facts(session=session, event=event), after=None)
    event.deleted, event.updated_at = True, now
    session.add(
        Revision(event_id=event.id, member_id=member.id, field="deleted", before=False, after=True, at=now)
    )
    await session.flush()


async def record_photos_added(
    *, session: AsyncSession, event: Event, member: Member, before: int, after: int, now: datetime
) -> None:
    assert event.id is not None and member.id is not None
    session.add(
        Revision(event_id=event.id, member_id=member.id, field="photos", before=before, after=after, at=now)
    )
    event.updated_at = now
    await session.flush()


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    who: str
    field: str
    before: Any
    after: Any


async def event_history(*, session: AsyncSession, event_id: int) -> list[HistoryLine]:
    """Every revision of the event, oldest first, with who made it."""
    rows = await session.exec(
        select(Revision, Member.full_name)
        .join(Member, col(Member.id) == Revision.member_id)
        .where(Revision.event_id == event_id)
        .order_by(col(Revision.at), col(Revision.id))
    )
    return [HistoryLine(at=r.at, who=name, field=r.field, before=r.before, after=r.after) for r, name in rows]
