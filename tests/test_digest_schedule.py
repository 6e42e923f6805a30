"""When a digest is due: pure functions of weekday, time and zone, and PTB's job agreeing with them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.application import build_application
from bot.config import Settings
from jobs import schedule_digest
from jobs.leadership import JobLock
from models.scheduling.digest_times import parse_digest_time
from models.scheduling.digests import DigestSubscription, covered_week, due_weeks, next_fire

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("after", "expected_utc"),
    [
        # Clocks go forward on Sunday 27 March 2022: Monday 09:00 is 08:00 UTC before, 07:00 UTC after.
        (datetime(2022, 3, 21, 9, 0, tzinfo=BERLIN), datetime(2022, 3, 28, 7, 0, tzinfo=UTC)),
        # And back on Sunday 30 October.
        (datetime(2022, 10, 24, 9, 0, tzinfo=BERLIN), datetime(2022, 10, 31, 8, 0, tzinfo=UTC)),
        (datetime(2022, 3, 20, 23, 0, tzinfo=BERLIN), datetime(2022, 3, 21, 8, 0, tzinfo=UTC)),
    ],
)
def test_the_digest_fires_at_local_monday_nine_across_daylight_saving(
    after: datetime, expected_utc: datetime
) -> None:
    fired = next_fire(after, weekday=0, at=time(9, 0), zone=BERLIN)
    assert fired == expected_utc
    assert (fired.astimezone(BERLIN).weekday(), fired.astimezone(BERLIN).time()) == (0, time(9, 0))
    # PTB's job for the same subscription (its run_daily counts days from Sunday = 0) fires then too.
    application = build_application(Settings(_env_file=None))
    subscription = DigestSubscription(id=7, chat_id=-1, area_id=1, timezone="Europe/Berlin", language="zh")
    schedule_digest(application, subscription)
    assert application.job_queue is not None
    [job] = application.job_queue.get_jobs_by_name("weekly_digest:7")
    # APScheduler's next time may equal `now`; ours is strictly after it.
    assert job.job.trigger.get_next_fire_time(None, after + timedelta(seconds=1)) == fired


def test_a_friday_digest_fires_on_friday_in_ptb_too() -> None:
    application = build_application(Settings(_env_file=None))
    subscription = DigestSubscription(
        id=8, chat_id=-1, area_id=1, weekday=4, minute=16 * 60 + 30, timezone="Asia/Shanghai", language="zh"
    )
    schedule_digest(application, subscription)
    assert application.job_queue is not None
    [job] = application.job_queue.get_jobs_by_name("weekly_digest:8")
    after = datetime(2022, 6, 20, tzinfo=UTC)
    fired = job.job.trigger.get_next_fire_time(None, after)
    assert fired == next_fire(after, weekday=4, at=time(16, 30), zone=ZoneInfo("Asia/Shanghai"))
    assert fired.isoformat() == "2022-06-24T16:30:00+08:00"


def test_a_digest_covers_the_iso_week_before_the_one_it_is_posted_in() -> None:
    assert covered_week(datetime(2022, 6, 20, 9, tzinfo=BERLIN)).start == date(2022, 6, 13)
    assert covered_week(datetime(2022, 6, 20, 9, tzinfo=BERLIN)).end == date(2022, 6, 19)
    sunday_night = covered_week(datetime(2022, 6, 26, 23, 30, tzinfo=BERLIN))
    assert (sunday_night.start, sunday_night.end) == (date(2022, 6, 13), date(2022, 6, 19))
    new_year = covered_week(datetime(2023, 1, 2, 9, tzinfo=BERLIN))
    assert (new_year.start, new_year.end) == (date(2022, 12, 26), date(2023, 1, 1))


def test_weeks_before_the_subscription_started_are_not_owed() -> None:
    subscription = DigestSubscription(
        chat_id=-1,
        area_id=1,
        timezone="Europe/Berlin",
        language="zh",
        active_since=datetime(2022, 6, 20, 9, 30, tzinfo=BERLIN),  # just after a Monday's digest time
    )
    weeks = due_weeks(subscription, now=datetime(2022, 7, 4, 9, 0, tzinfo=BERLIN))
    assert [w.start for w in weeks] == [date(2022, 6, 20), date(2022, 6, 27)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("周一 09:00", (0, 540)),
        ("mon 9:00", (0, 540)),
        ("Friday 16:30", (4, 990)),
        ("周五16：30", (4, 990)),
        ("星期天 8:05", (6, 485)),
        ("周八 9:00", None),
        ("mon 24:00", None),
        ("mon", None),
    ],
)
def test_digest_times_are_read_in_chinese_and_english(text: str, expected: tuple[int, int] | None) -> None:
    assert parse_digest_time(text) == expected


async def test_only_one_replica_holds_the_job_lock_until_it_lets_go(engine: AsyncEngine) -> None:
    first, second = JobLock(engine), JobLock(engine)
    assert await first.held()
    assert await second.held() is (not first.shared)  # PostgreSQL: one holder; SQLite: one process anyway
    assert await first.held()  # and it keeps it
    await first.release()
    assert await second.held()
    await second.release()
