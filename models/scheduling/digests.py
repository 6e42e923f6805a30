"""Digest subscriptions and deliveries: who gets the weekly digest, when, and proof of each week posted.

Exactly once rests on one row per (subscription, week), claimed part by part as each message goes on the
wire: see models/scheduling/claims.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import String, UniqueConstraint, update
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.columns import UTCDateTime, telegram_id_field, timestamp_field
from models.parsing.periods import Period, PeriodKind, unit_containing

DEFAULT_WEEKDAY = 0  # Monday, as date.weekday() counts
DEFAULT_MINUTE = 9 * 60  # 09:00 local


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # nobody holds it: never tried, or released after a failure
    CLAIMED = "claimed"
    SENT = "sent"


class DigestSubscription(SQLModel, table=True):
    """A chat that gets the weekly digest of an area at a weekday and time of its zone."""

    __table_args__ = (UniqueConstraint("chat_id", name="uq_digestsubscription_chat_id"),)

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = telegram_id_field()
    area_id: int = Field(foreign_key="area.id", index=True)
    weekday: int = DEFAULT_WEEKDAY  # 0 = Monday … 6 = Sunday (Python's count, not PTB's)
    minute: int = DEFAULT_MINUTE  # minutes after local midnight
    timezone: str = Field(max_length=64)
    language: str = Field(max_length=8)
    active: bool = True
    active_since: datetime = timestamp_field()  # weeks due before this are not owed (no catch-up of them)
    created_by: int | None = Field(default=None, foreign_key="member.id")
    stopped_reason: str | None = Field(default=None, max_length=256)  # why it was switched off, if it was
    updated_at: datetime = timestamp_field()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def at(self) -> time:
        return time(self.minute // 60, self.minute % 60)


class DigestDelivery(SQLModel, table=True):
    """One subscription's digest of one ISO week: claimed, then sent; the proof that it was posted."""

    __table_args__ = (
        UniqueConstraint("subscription_id", "week_start", name="uq_digestdelivery_subscription_week"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(foreign_key="digestsubscription.id", index=True)
    week_start: date  # the Monday of the week it covers
    status: DeliveryStatus = Field(default=DeliveryStatus.PENDING, sa_type=String(16))
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # or last renewed
    parts_sent: int = 0  # the text, then the chart: a retry sends only what is missing
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=256)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


# --- when a digest is due: pure functions of the subscription's weekday, time and zone ------------------


def fire_time(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The instant `at` o'clock on `day` in `zone`; a time skipped by a DST change moves forward an hour."""
    local = datetime.combine(day, at, tzinfo=zone)
    return local.astimezone(ZoneInfo("UTC")).astimezone(zone)


def next_fire(after: datetime, *, weekday: int, at: time, zone: ZoneInfo) -> datetime:
    """The first digest time strictly after `after`, in the subscription's zone."""
    day = after.astimezone(zone).date()
    day += timedelta(days=(weekday - day.weekday()) % 7)
    while (fired := fire_time(day, at, zone)) <= after:
        day += timedelta(days=7)
    return fired


def fires_between(
    start: datetime, end: datetime, *, weekday: int, at: time, zone: ZoneInfo
) -> Iterator[datetime]:
    """Every digest time in (start, end], oldest first."""
    fired = next_fire(start, weekday=weekday, at=at, zone=zone)
    while fired <= end:
        yield fired
        fired = next_fire(fired, weekday=weekday, at=at, zone=zone)


def covered_week(fired: datetime) -> Period:
    """The ISO week a digest posted at `fired` (local) covers: the whole week before the one it is in."""
    return unit_containing(PeriodKind.WEEK, fired.date()).previous()


def due_weeks(subscription: DigestSubscription, *, now: datetime) -> list[Period]:
    """The weeks whose digest time has come since the subscription was (re)started, oldest first."""
    fires = fires_between(
        subscription.active_since,
        now,
        weekday=subscription.weekday,
        at=subscription.at,
        zone=subscription.zone,
    )
    return [covered_week(fired) for fired in fires]


# --- subscriptions ---------------------------------------------------------------------------------------


async def subscription_of_chat(*, session: AsyncSession, chat_id: int) -> DigestSubscription | None:
    return (
        await session.exec(select(DigestSubscription).where(DigestSubscription.chat_id == chat_id))
    ).first()


async def subscribe(
    *,
    session: AsyncSession,
    chat_id: int,
    area_id: int,
    member_id: int,
    language: str,
    timezone: str,
    now: datetime,
) -> DigestSubscription:
    """Subscribe the chat to an area's digest, or switch its subscription back on with the new area."""
    subscription = await subscription_of_chat(session=session, chat_id=chat_id)
    if subscription is None:
        subscription = DigestSubscription(
            chat_id=chat_id, area_id=area_id, timezone=timezone, language=language
        )
        subscription.created_by = member_id
    elif not subscription.active:
        subscription.active_since = now  # the weeks it was off are not owed
    subscription.area_id, subscription.language = area_id, language
    subscription.active, subscription.stopped_reason, subscription.updated_at = True, None, now
    if subscription.id is None:
        subscription.active_since = now
    session.add(subscription)
    await session.flush()
    return subscription


async def set_digest_time(
    *, session: AsyncSession, subscription: DigestSubscription, weekday: int, minute: int, now: datetime
) -> None:
    subscription.weekday, subscription.minute, subscription.updated_at = weekday, minute, now
    session.add(subscription)


async def stop_subscription(
    *, session: AsyncSession, subscription_id: int, reason: str, now: datetime
) -> None:
    """Switch a subscription off, saying why (the coordinator's /digest off, or Telegram's refusal)."""
    await session.exec(
        update(DigestSubscription)
        .where(col(DigestSubscription.id) == subscription_id)
        .values(active=False, stopped_reason=reason[:256], updated_at=now)
    )


async def move_subscription(*, session: AsyncSession, subscription_id: int, chat_id: int) -> None:
    """A group became a supergroup: Telegram gave it a new id."""
    await session.exec(
        update(DigestSubscription)
        .where(col(DigestSubscription.id) == subscription_id)
        .values(chat_id=chat_id)
    )


async def active_subscriptions(*, session: AsyncSession) -> list[DigestSubscription]:
    query = select(DigestSubscription).where(DigestSubscription.active == True)  # noqa: E712
    return list(await session.exec(query.order_by(col(DigestSubscription.id))))


async def sent_weeks(*, session: AsyncSession, subscription_ids: list[int]) -> set[tuple[int, date]]:
    """(subscription, week) pairs already posted, for a batch of subscriptions."""
    rows = await session.exec(
        select(col(DigestDelivery.subscription_id), col(DigestDelivery.week_start)).where(
            col(DigestDelivery.subscription_id).in_(subscription_ids),
            DigestDelivery.status == DeliveryStatus.SENT,
        )
    )
    return set(rows)


# --- what the digest lists -------------------------------------------------------------------------------


# --- what one digest says ---------------------------------------------------------------------------------
