"""Events (活动), their material lines and their revisions; creating and listing them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Index, String, UniqueConstraint, bindparam, insert, text
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.entries import themed_title
from models.catalog.tables import EventKind, Theme
from models.columns import json_list_field, telegram_id_field, timestamp_field
from models.events.drafts import Count, EventDraft, MaterialCategory, Qualifier
from models.events.material_lines import material_ids, merged_materials
from models.events.vocabulary import EventStatus as EventStatus  # defined apart; imported from here too
from models.organisation.areas import Area
from models.organisation.members import Member
from models.reporting.rollup_tables import EventFacts, update_rollups

SAID_ROUGHLY = text("(attendance_qualifier != 'exact' OR consultations_qualifier != 'exact')")
LINE_SAID_ROUGHLY = text("qualifier != 'exact'")
# Named partner units (JSON compares differently on SQLite and PostgreSQL, so as text); literal SQL, so
# that both planners see the partial index's own predicate in a query.
HAS_PARTNERS = text("CAST(partners AS VARCHAR) != '[]' AND CAST(partners AS VARCHAR) != 'null'")


class EventBase(SQLModel):
    """The fields a worker reports."""

    title: str = Field(max_length=200)
    start_date: date = Field(index=True)
    end_date: date
    place: str | None = Field(default=None, max_length=200)
    attendance: int | None = None
    attendance_approx: bool = False  # kept with the qualifier: True unless the count was exact
    attendance_qualifier: Qualifier = Field(default=Qualifier.EXACT, sa_type=String(8))
    consultations: int | None = None
    consultations_approx: bool = False
    consultations_qualifier: Qualifier = Field(default=Qualifier.EXACT, sa_type=String(8))
    staff: int | None = None  # 工作人员, 民警, 律师 … who ran it
    staff_qualifier: Qualifier = Field(default=Qualifier.EXACT, sa_type=String(8))
    households: int | None = None  # 户 visited
    households_qualifier: Qualifier = Field(default=Qualifier.EXACT, sa_type=String(8))
    partners: list[str] = json_list_field()
    audience: list[str] = json_list_field()
    topics: list[str] = json_list_field()
    note: str | None = Field(default=None, max_length=2000)
    campaign: bool = False  # one row for a campaign's total over several events (全镇共开展40场)


class Event(EventBase, table=True):
    """A logged event; deletion is a flag, and every change is a Revision."""

    # Covers the summaries' grouped queries (a date range, not deleted, by status, area and kind, summing
    # attendance and consultations), so a year's summary reads the index instead of the table.
    __table_args__ = (
        Index(
            "ix_event_summary",
            "start_date",
            "deleted",
            "status",
            "area_id",
            "kind_id",
            "attendance",
            "consultations",
        ),
        # "Who logged nothing this week": one look-up per worker instead of a scan of the period.
        Index("ix_event_reporter_day", "reporter_id", "start_date"),
        # An area's events of a week (the digest's list) without reading the district's week.
        Index("ix_event_area_day", "area_id", "start_date"),
        # The few events with a count said as 余/约/近: the report says its totals the same way.
        Index(
            "ix_event_said_roughly", "start_date", sqlite_where=SAID_ROUGHLY, postgresql_where=SAID_ROUGHLY
        ),
        # The report's study topics: the few study sessions of a period, one form at a time, in date order.
        Index("ix_event_kind_day", "kind_id", "start_date"),
        # The report's work with partners: the period's partnered events (a fifth, say) and what ranks and
        # filters them, without the rest of the period's events.
        Index(
            "ix_event_partnered",
            "start_date",
            "deleted",
            "status",
            "area_id",
            "kind_id",
            "attendance",
            "id",  # PostgreSQL's index-only scan needs it; SQLite's index has it anyway
            sqlite_where=HAS_PARTNERS,
            postgresql_where=HAS_PARTNERS,
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind_id: int = Field(foreign_key="eventkind.id")  # indexed by ix_event_kind_day
    area_id: int = Field(foreign_key="area.id")  # indexed with the day: ix_event_area_day
    reporter_id: int = Field(foreign_key="member.id", index=True)
    status: EventStatus = Field(default=EventStatus.SUBMITTED, sa_type=String(16))
    status_note: str | None = Field(default=None, max_length=500)  # why it was returned
    deleted: bool = False
    # The draft it was saved from: unique, so a second ✅ (or a redelivered update) cannot save it twice.
    draft_id: int | None = Field(default=None, foreign_key="logdraft.id", unique=True)
    source_chat_id: int | None = telegram_id_field(default=None)
    source_message_id: int | None = None
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class EventMaterial(SQLModel, table=True):
    """One material line of an event: the title as written (a Material row), a quantity, a unit and what
    was done with it."""

    __table_args__ = (
        UniqueConstraint("event_id", "material_id"),
        Index(
            "ix_eventmaterial_said_roughly",
            "event_id",
            sqlite_where=LINE_SAID_ROUGHLY,
            postgresql_where=LINE_SAID_ROUGHLY,
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    material_id: int = Field(foreign_key="material.id", index=True)
    quantity: int
    approximate: bool = False  # kept with the qualifier: True unless the count was exact
    qualifier: Qualifier = Field(default=Qualifier.EXACT, sa_type=String(8))
    unit: str | None = Field(default=None, max_length=8)  # as written; None: the material's own unit
    category: MaterialCategory = Field(default=MaterialCategory.HANDOUT, sa_type=String(16))


class EventTheme(SQLModel, table=True):
    """A theme of an event."""

    event_id: int = Field(foreign_key="event.id", primary_key=True)
    theme_id: int = Field(foreign_key="theme.id", primary_key=True, index=True)


class Revision(SQLModel, table=True):
    """One change to an event: who, when, which field, before → after."""

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True)
    member_id: int = Field(foreign_key="member.id")
    field: str = Field(max_length=32)  # "*" for the whole event at creation
    before: Any = Field(default=None, sa_type=JSON, nullable=True)
    after: Any = Field(default=None, sa_type=JSON, nullable=True)
    at: datetime = timestamp_field()


class MissingKind(LookupError):
    """The draft names a kind the catalogue no longer has."""


# The statements of every ✅, built once. The form and the area's path come in one statement: the path is
# what the rollups add up along.
_AREA_PATH = select(Area.path).where(Area.id == bindparam("area_id")).scalar_subquery()
_KIND_AND_PATH = select(EventKind.id, EventKind.name_zh, _AREA_PATH).where(
    EventKind.code == bindparam("kind"), col(EventKind.active).is_(True)
)
_THEMES = select(Theme.code, Theme.id, Theme.name_zh).where(
    col(Theme.code).in_(bindparam("codes", expanding=True))
)
_INSERT_LINES = insert(EventMaterial.__table__)  # type: ignore[attr-defined]
_EVENT_COLUMNS = tuple(c.name for c in Event.__table__.columns if c.name != "id")  # type: ignore[attr-defined]
_INSERT_EVENT = insert(Event.__table__).returning(Event.__table__.c.id)  # type: ignore[attr-defined]
_INSERT_REVISION = insert(Revision.__table__)  # type: ignore[attr-defined]
_INSERT_THEMES = insert(EventTheme.__table__)  # type: ignore[attr-defined]


async def create_event(
    *,
    session: AsyncSession,
    draft: EventDraft,
    reporter: Member,
    now: datetime,
    draft_id: int | None = None,
    source_chat_id: int | None = None,
    source_message_id: int | None = None,
) -> Event:
    """Write a complete draft as an event with its material lines and its first revision."""
    if draft.kind is None or draft.start_date is None or draft.area_id is None or reporter.id is None:
        raise ValueError("only a complete draft of a saved member becomes an event")
    found = (
        await session.exec(_KIND_AND_PATH, params={"kind": draft.kind, "area_id": draft.area_id})
    ).first()
    if found is None or found[0] is None:
        raise MissingKind(draft.kind)
    kind_id, kind_name, area_path = found
    themes: dict[str, tuple[int, str]] = {}  # code → (id, Chinese name)
    if draft.themes:
        rows = await session.exec(_THEMES, params={"codes": list(draft.themes)})
        themes = {code: (theme_id or 0, name) for code, theme_id, name in rows}
    theme_ids = tuple(sorted({themes[c][0] for c in draft.themes if c in themes}))
    first_theme = next((themes[c][1] for c in draft.themes if c in themes), None)
    event = Event(
        kind_id=kind_id,
        title=draft.title or (themed_title(kind_name, first_theme) if first_theme else kind_name),
        start_date=draft.start_date,
        end_date=draft.end_date or draft.start_date,
        place=draft.place,
        area_id=draft.area_id,
        **count_columns(draft),
        partners=list(draft.partners),
        audience=list(draft.audience),
        topics=list(draft.topics),
        note=draft.note,
        campaign=draft.campaign,
        reporter_id=reporter.id,
        draft_id=draft_id,
        source_chat_id=source_chat_id,
        source_message_id=source_message_id,
        created_at=now,
        updated_at=now,
    )
    # Plain inserts, one statement per table (the ORM's unit of work cost more than the statements). The
    # event is then attached to the session as it was inserted, without reading it back.
    connection = await session.connection()
    values = {name: getattr(event, name) for name in _EVENT_COLUMNS}
    event.id = (await connection.execute(_INSERT_EVENT, values)).scalar_one()
    make_transient_to_detached(event)
    session.add(event)
    revision = {"event_id": event.id, "member_id": reporter.id, "field": "*", "before": None, "at": now}
    await connection.execute(_INSERT_REVISION, revision | {"after": draft.model_dump(mode="json")})
    ids = await material_ids(session=session, draft=draft)
    lines = merged_materials(draft)
    if lines:
        await connection.execute(
            _INSERT_LINES,
            [
                {
                    "event_id": event.id,
                    "material_id": ids[line.title],
                    "quantity": line.quantity,
                    "approximate": line.approximate,
                    "qualifier": line.qualifier,
                    "unit": line.unit,
                    "category": line.category,
                }
                for line in lines
            ],
        )
    if theme_ids:
        await connection.execute(
            _INSERT_THEMES, [{"event_id": event.id, "theme_id": theme_id} for theme_id in theme_ids]
        )
    facts = EventFacts(
        day=event.start_date,
        area_path=area_path or f"/{event.area_id}/",
        kind_id=kind_id,
        status=str(event.status),
        attendance=event.attendance or 0,
        consultations=event.consultations or 0,
        themes=theme_ids,
        materials=tuple((ids[x.title], x.unit or "", str(x.category), x.quantity) for x in lines),
    )
    await update_rollups(session=session, before=None, after=facts)
    return event


COUNTS = ("attendance", "consultations", "staff", "households")


def count_columns(draft: EventDraft) -> dict[str, Any]:
    """The event's count columns from the draft: value, qualifier and the approximate flag."""
    columns: dict[str, Any] = {}
    for name in COUNTS:
        count: Count | None = getattr(draft, name)
        columns[name] = count.value if count else None
        columns[f"{name}_qualifier"] = count.qualifier if count else Qualifier.EXACT
        if name in ("attendance", "consultations"):
            columns[f"{name}_approx"] = bool(count and count.approximate)
    return columns


def event_count(event: Event, name: str) -> Count | None:
    value: int | None = getattr(event, name)
    return None if value is None else Count(value=value, qualifier=getattr(event, f"{name}_qualifier"))
