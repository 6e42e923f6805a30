"""Reminders: the Friday nudge to workers with nothing logged, and heads-ups from the publicity calendar.

Each reminder is sent at most once: a Notice row per (kind, member, key) is inserted before sending, and
only the sender whose insert went in sends. A nudge lost to a network error is given back (the row is
removed) so the next run tries again; a member who blocked the bot keeps the row and is not retried.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path

from sqlalchemy import UniqueConstraint, delete
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.columns import timestamp_field
from models.events.records import Event
from models.organisation.members import Member, MemberStatus, Role
from models.parsing.periods import Period
from models.upsert import insert_or_nothing

HEADS_UP_DAYS = 7


class Notice(SQLModel, table=True):
    """A reminder sent to a member: a nudge for a week ("2022-06-20"), a heads-up for an occasion's date."""

    __table_args__ = (UniqueConstraint("kind", "member_id", "key", name="uq_notice_kind_member_key"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)  # "nudge" or "heads_up"
    member_id: int = Field(foreign_key="member.id", index=True)
    key: str = Field(max_length=64)
    sent_at: datetime = timestamp_field()


class ReminderOptOut(SQLModel, table=True):
    """A member who said /remind off: no nudges, no heads-ups."""

    member_id: int = Field(foreign_key="member.id", primary_key=True)
    since: datetime = timestamp_field()


# --- the calendar ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Occasion:
    key: str
    name_zh: str
    name_en: str
    month: int | None = None
    day: int | None = None
    dates: tuple[tuple[int, date], ...] = ()  # per-year dates of an occasion that moves

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_zh

    def date_in(self, year: int) -> date | None:
        """Its date in `year`: the year's own date when listed, else month and day, else none that year."""
        listed = dict(self.dates)
        if year in listed:
            return listed[year]
        if self.month is None or self.day is None:
            return None
        return date(year, self.month, self.day)


def read_calendar(text: str) -> tuple[Occasion, ...]:
    """Occasions from the TOML text of a calendar file (models/scheduling/data/publicity_calendar.toml)."""
    occasions = []
    for entry in tomllib.loads(text).get("occasion", []):
        dates = tuple(
            sorted((int(year), date.fromisoformat(day)) for year, day in entry.get("dates", {}).items())
        )
        occasions.append(
            Occasion(
                key=entry["key"],
                name_zh=entry["name_zh"],
                name_en=entry["name_en"],
                month=entry.get("month"),
                day=entry.get("day"),
                dates=dates,
            )
        )
    return tuple(occasions)


@cache
def shipped_calendar(path: Path | None = None) -> tuple[Occasion, ...]:
    if path is not None:
        return read_calendar(path.read_text(encoding="utf-8"))
    shipped = resources.files("models.scheduling").joinpath("data/publicity_calendar.toml")
    return read_calendar(shipped.read_text(encoding="utf-8"))


def upcoming_occasions(
    calendar: tuple[Occasion, ...], *, today: date, within: int = HEADS_UP_DAYS
) -> list[tuple[Occasion, date]]:
    """Occasions from tomorrow to `within` days ahead: a heads-up is due (or overdue, after downtime)."""
    found = []
    for occasion in calendar:
        for year in (today.year, today.year + 1):
            day = occasion.date_in(year)
            if day is not None and 0 < (day - today).days <= within:
                found.append((occasion, day))
    return sorted(found, key=lambda pair: (pair[1], pair[0].key))


# --- who is reminded --------------------------------------------------------------------------------------


def _not_opted_out() -> object:
    return ~select(ReminderOptOut.member_id).where(ReminderOptOut.member_id == Member.id).exists()


def _not_noticed(kind: str, key: str) -> object:
    return (
        ~select(Notice.id)
        .where(Notice.member_id == Member.id, Notice.kind == kind, Notice.key == key)
        .exists()
    )


async def members_to_nudge(*, session: AsyncSession, week: Period, week_began: datetime) -> list[Member]:
    """Active workers, reminders on, not yet nudged, with nothing dated this week or logged since it began."""
    logged = (
        select(Event.id)
        .where(
            Event.reporter_id == Member.id,
            col(Event.deleted) == False,  # noqa: E712
            (col(Event.start_date) >= week.start) | (col(Event.created_at) >= week_began),
        )
        .exists()
    )
    query = select(Member).where(
        Member.status == MemberStatus.ACTIVE,
        Member.role == Role.WORKER,
        ~logged,
        _not_opted_out(),  # type: ignore[arg-type]
        _not_noticed("nudge", week.start.isoformat()),  # type: ignore[arg-type]
    )
    return list(await session.exec(query.order_by(col(Member.id))))


async def coordinators_to_tell(*, session: AsyncSession, key: str) -> list[Member]:
    """Active coordinators and admins, reminders on, not yet told about the occasion `key`."""
    query = select(Member).where(
        Member.status == MemberStatus.ACTIVE,
        col(Member.role).in_([Role.COORDINATOR, Role.ADMIN]),
        _not_opted_out(),  # type: ignore[arg-type]
        _not_noticed("heads_up", key),  # type: ignore[arg-type]
    )
    return list(await session.exec(query.order_by(col(Member.id))))


async def claim_notice(*, session: AsyncSession, kind: str, member_id: int, key: str, now: datetime) -> bool:
    """True when this caller is the one to send it (its row went in)."""
    values = {"kind": kind, "member_id": member_id, "key": key, "sent_at": now}
    return await insert_or_nothing(session=session, table=Notice, values=values) is not None


async def give_back_notice(*, session: AsyncSession, kind: str, member_id: int, key: str) -> None:
    """Sending failed for a reason that may pass: let the next run try again."""
    await session.exec(
        delete(Notice).where(
            col(Notice.kind) == kind, col(Notice.member_id) == member_id, col(Notice.key) == key
        )
    )


async def set_reminders(*, session: AsyncSession, member_id: int, on: bool, now: datetime) -> None:
    await session.exec(delete(ReminderOptOut).where(col(ReminderOptOut.member_id) == member_id))
    if not on:
        session.add(ReminderOptOut(member_id=member_id, since=now))


async def reminders_on(*, session: AsyncSession, member_id: int) -> bool:
    return await session.get(ReminderOptOut, member_id) is None
