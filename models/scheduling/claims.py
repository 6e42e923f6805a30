"""Claims on a digest delivery, taken one message (part) at a time, as it goes on the wire.

A delivery row (one per subscription and ISO week) says how many parts were sent (the text, then the
chart) and who, if anyone, is sending the next one. A sender claims the row just before a part's request
leaves — after the rate limiter has let it through — with one conditional UPDATE that only one writer can
win, on SQLite and PostgreSQL alike; records the part right after Telegram answers, which also gives the
claim back; and marks the row sent after the last part. While a claim is held its owner renews it
(a heartbeat); a claim not renewed for `lease` belongs to a sender presumed dead and is taken over.

So a crash leaves unrecorded only the parts whose requests were on the wire at that moment. Each of those
is the one ambiguity no Bot API removes: Telegram may have accepted the message and the answer been lost
(the process died, or the connection dropped, before it was read). Telegram offers no idempotency key and
no way to ask "did you post this?", so whoever takes the claim over sends that part again: at most one
duplicate message per request in flight at the crash, never a lost digest.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.scheduling.digests import DeliveryStatus, DigestDelivery
from models.upsert import insert_or_nothing

CLAIM_LEASE = timedelta(seconds=15)  # the default of DIGEST_CLAIM_LEASE_SECONDS


async def claim_delivery(
    *,
    session: AsyncSession,
    subscription_id: int,
    week_start: date,
    owner: str,
    now: datetime,
    lease: timedelta = CLAIM_LEASE,
) -> DigestDelivery | None:
    """Claim a week's next part for `owner`; None when it was sent or another sender holds a live claim.

    The row is created if missing (ON CONFLICT DO NOTHING), then taken by one conditional UPDATE: of two
    senders racing, the database lets exactly one update match. A claim `owner` already holds is renewed.
    The caller compares `parts_sent` with the part it means to send. Commit before sending.
    """
    await insert_or_nothing(
        session=session,
        table=DigestDelivery,
        values={
            "subscription_id": subscription_id,
            "week_start": week_start,
            "status": DeliveryStatus.PENDING,
        },
    )
    taken = await session.exec(
        update(DigestDelivery)
        .where(
            col(DigestDelivery.subscription_id) == subscription_id,
            col(DigestDelivery.week_start) == week_start,
            col(DigestDelivery.status) != DeliveryStatus.SENT,
            or_(
                col(DigestDelivery.status) == DeliveryStatus.PENDING,
                col(DigestDelivery.claimed_by) == owner,
                col(DigestDelivery.claimed_at) <= now - lease,
            ),
        )
        .values(
            status=DeliveryStatus.CLAIMED,
            claimed_by=owner,
            claimed_at=now,
            attempts=DigestDelivery.attempts + 1,
        )
    )
    if taken.rowcount != 1:
        return None
    return await delivery_of(session=session, subscription_id=subscription_id, week_start=week_start)


async def delivery_of(
    *, session: AsyncSession, subscription_id: int, week_start: date
) -> DigestDelivery | None:
    query = select(DigestDelivery).where(
        DigestDelivery.subscription_id == subscription_id, DigestDelivery.week_start == week_start
    )
    return (await session.exec(query.execution_options(populate_existing=True))).first()


async def renew_claims(
    *, session: AsyncSession, owner: str, delivery_ids: Collection[int], now: datetime
) -> None:
    """The heartbeat: `owner` is alive and still sending these."""
    if not delivery_ids:
        return
    await session.exec(
        update(DigestDelivery)
        .where(
            col(DigestDelivery.id).in_(delivery_ids),
            col(DigestDelivery.claimed_by) == owner,
            col(DigestDelivery.status) == DeliveryStatus.CLAIMED,
        )
        .values(claimed_at=now)
    )


async def record_part_sent(*, session: AsyncSession, delivery_id: int, owner: str, parts: int) -> None:
    """Telegram accepted part `parts`: record it (whoever holds the claim now), give `owner`'s claim back."""
    await session.exec(
        update(DigestDelivery)
        .where(col(DigestDelivery.id) == delivery_id, col(DigestDelivery.parts_sent) < parts)
        .values(parts_sent=parts)
    )
    await release_claim(session=session, delivery_id=delivery_id, owner=owner)


async def release_claim(*, session: AsyncSession, delivery_id: int, owner: str) -> None:
    """Give `owner`'s claim back without an error: the next part is claimed when it goes on the wire."""
    await session.exec(
        update(DigestDelivery)
        .where(
            col(DigestDelivery.id) == delivery_id,
            col(DigestDelivery.claimed_by) == owner,
            col(DigestDelivery.status) == DeliveryStatus.CLAIMED,
        )
        .values(status=DeliveryStatus.PENDING, claimed_by=None, claimed_at=None)
    )


async def mark_sent(*, session: AsyncSession, delivery_id: int, parts: int, now: datetime) -> None:
    """Telegram accepted the last part: the week is posted, whoever holds the claim now."""
    await session.exec(
        update(DigestDelivery)
        .where(col(DigestDelivery.id) == delivery_id, col(DigestDelivery.status) != DeliveryStatus.SENT)
        .values(status=DeliveryStatus.SENT, parts_sent=parts, sent_at=now, last_error=None)
    )


async def release_delivery(*, session: AsyncSession, delivery_id: int, owner: str, error: str) -> None:
    """Give a claimed week back after a failure, so a later run (or start) posts it; never marks it sent."""
    await session.exec(
        update(DigestDelivery)
        .where(col(DigestDelivery.id) == delivery_id, col(DigestDelivery.claimed_by) == owner)
        .values(status=DeliveryStatus.PENDING, claimed_by=None, claimed_at=None, last_error=error[:256])
    )
