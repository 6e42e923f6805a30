"""Drafts become events once, whole, with their material lines; redelivery and double presses do nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.tables import Material
from models.db import SessionMaker
from models.events.draft_saving import SavedEvent, save_draft
from models.events.draft_steps import set_field, take_answer
from models.events.drafts import Count, EventDraft, MaterialLine
from models.events.listing import recent_events
from models.events.log_drafts import (
    DraftProblem,
    DraftStatus,
    LogDraft,
    missing_fields,
    open_draft_for,
    open_log_draft,
)
from models.events.log_flow import Step, StepAnswer
from models.events.log_text import with_defaults
from models.events.records import Event, EventMaterial, Revision
from models.organisation.members import Member
from tests.factories import make_draft, make_member

NOW = datetime(2022, 6, 20, 2, 0, tzinfo=UTC)


async def open_draft(
    session: AsyncSession,
    member: Member,
    draft: EventDraft,
    *,
    message_id: int,
    defaulted: list[str] | None = None,
) -> tuple[LogDraft, bool]:
    """A draft as a log message in chat 1 opens it."""
    return await open_log_draft(
        session=session,
        member=member,
        chat_id=1,
        source_message_id=message_id,
        draft=draft,
        defaulted=defaulted or [],
        unknown=[],
        now=NOW,
    )


async def test_a_complete_draft_is_saved_as_one_event_with_its_materials(sessions: SessionMaker) -> None:
    async with sessions.begin() as session:
        member = await make_member(session, area_name="幸福社区")
        draft, _ = with_defaults(make_draft(), today=date(2022, 6, 20), area_id=member.area_id)
        row, created = await open_draft(session, member, draft, message_id=10)
        assert created
        saved = await save_draft(session=session, row=row, member=member, now=NOW)
        assert isinstance(saved, SavedEvent)
        assert saved.photos == 0
    async with sessions() as session:
        event = (await session.exec(select(Event))).one()
        lines = (
            await session.exec(
                select(Material.title, EventMaterial.quantity).join(Material).order_by(col(Material.title))
            )
        ).all()
        revisions = (await session.exec(select(Revision))).all()
    assert (event.title, event.start_date, event.area_id, event.attendance) == (
        "法律大集",
        date(2022, 3, 8),
        member.area_id,
        120,
    )
    assert event.partners == ["城东派出所"]
    assert sorted(lines) == [("人民调解法", 50), ("民法典手册", 300)]
    assert [r.field for r in revisions] == ["*"]


async def test_the_same_message_opens_one_draft(sessions: SessionMaker) -> None:
    async with sessions.begin() as session:
        member = await make_member(session)
        first, created_first = await open_draft(session, member, make_draft(), message_id=10)
        again, created_again = await open_draft(session, member, make_draft(), message_id=10)
    assert (created_first, created_again) == (True, False)
    assert first.id == again.id


async def test_a_second_save_is_refused_and_stores_nothing(sessions: SessionMaker) -> None:
    async with sessions.begin() as session:
        member = await make_member(session)
        draft, _ = with_defaults(make_draft(), today=date(2022, 6, 20), area_id=member.area_id)
        row, _ = await open_draft(session, member, draft, message_id=10)
        assert isinstance(await save_draft(session=session, row=row, member=member, now=NOW), SavedEvent)
    async with sessions.begin() as session:
        assert row.id is not None
        access = await open_draft_for(session=session, draft_id=row.id, member=member, now=NOW)
    assert access.problem == DraftProblem.ALREADY_SAVED
    async with sessions() as session:
        assert (await session.exec(select(func.count()).select_from(Event))).one() == 1


async def test_someone_elses_or_an_expired_draft_is_refused(sessions: SessionMaker) -> None:
    async with sessions.begin() as session:
        owner = await make_member(session)
        other = await make_member(session)
        row, _ = await open_draft(session, owner, make_draft(), message_id=10)
    assert row.id is not None
    async with sessions.begin() as session:
        assert (await open_draft_for(session=session, draft_id=row.id, member=other, now=NOW)).problem == (
            DraftProblem.NOT_YOURS
        )
        later = NOW + timedelta(days=3, seconds=1)
        assert (await open_draft_for(session=session, draft_id=row.id, member=owner, now=later)).problem == (
            DraftProblem.EXPIRED
        )
        assert (await open_draft_for(session=session, draft_id=999, member=owner, now=NOW)).problem == (
            DraftProblem.NOT_FOUND
        )


async def test_missing_fields_are_asked_in_order_and_filled(sessions: SessionMaker) -> None:
    draft = make_draft(kind=None, attendance=None)
    assert missing_fields(draft) == ["kind", "area_id", "attendance"]
    async with sessions.begin() as session:
        member = await make_member(session)
        filled, defaulted = with_defaults(draft, today=date(2022, 6, 20), area_id=member.area_id)
        assert defaulted == ["area_id"]
        row, _ = await open_draft(session, member, filled, message_id=11, defaulted=defaulted)
        assert row.awaiting == "kind"
        assert await save_draft(session=session, row=row, member=member, now=NOW) == DraftProblem.INCOMPLETE
        set_field(row, Step.KIND, "lecture")
        assert row.awaiting == "attendance"
        take_answer(
            row,
            Step.ATTENDANCE,
            StepAnswer(row.draft.model_copy(update={"attendance": Count(value=80, approximate=True)})),
        )
        assert row.awaiting is None
        saved = await save_draft(session=session, row=row, member=member, now=NOW)
        assert isinstance(saved, SavedEvent)
        assert (saved.event.attendance, saved.event.attendance_approx) == (80, True)
        assert row.status == DraftStatus.SAVED


async def test_an_unknown_material_joins_the_catalogue_once(sessions: SessionMaker) -> None:
    novel = MaterialLine(title="社区矫正法解读", quantity=40)
    async with sessions.begin() as session:
        member = await make_member(session)
        for message_id in (20, 21):
            draft, _ = with_defaults(
                make_draft(materials=[novel]), today=date(2022, 6, 20), area_id=member.area_id
            )
            row, _ = await open_draft(session, member, draft, message_id=message_id)
            assert isinstance(await save_draft(session=session, row=row, member=member, now=NOW), SavedEvent)
    async with sessions() as session:
        titles = (await session.exec(select(Material).where(Material.title == "社区矫正法解读"))).all()
        assert member.id is not None
        listed = await recent_events(session=session, reporter_id=member.id)
    assert len(titles) == 1
    assert [line.material_total for line in listed] == [40, 40]
