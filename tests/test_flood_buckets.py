"""The flood guard's token buckets: a burst, then the refill rate; one warning per flood; bounded memory."""

from __future__ import annotations

from bot.flood import SWEEP_FROM, TokenBuckets, Verdict


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_then_one_warning_then_silence_until_a_token_refills() -> None:
    clock = FakeMonotonic()
    buckets = TokenBuckets(3, 1.0, clock=clock)
    assert [buckets.take(7) for _ in range(6)] == [Verdict.ADMIT] * 3 + [Verdict.WARN] + [Verdict.DROP] * 2
    clock.now += 1.0
    assert [buckets.take(7), buckets.take(7)] == [Verdict.ADMIT, Verdict.DROP]  # still the same flood


def test_a_new_flood_after_the_bucket_refilled_is_warned_again() -> None:
    clock = FakeMonotonic()
    buckets = TokenBuckets(3, 1.0, clock=clock)
    assert [buckets.take(7) for _ in range(4)][-1] is Verdict.WARN
    clock.now += 3.0
    assert [buckets.take(7) for _ in range(4)] == [Verdict.ADMIT] * 3 + [Verdict.WARN]


def test_one_users_flood_leaves_another_users_bucket_full() -> None:
    buckets = TokenBuckets(2, 1.0, clock=FakeMonotonic())
    assert [buckets.take(1) for _ in range(3)][-1] is Verdict.WARN
    assert [buckets.take(2), buckets.take(2)] == [Verdict.ADMIT, Verdict.ADMIT]


def test_full_buckets_are_swept_so_memory_stays_bounded() -> None:
    clock = FakeMonotonic()
    buckets = TokenBuckets(20, 1.0, clock=clock)
    for user in range(10 * SWEEP_FROM):
        buckets.take(user)
        clock.now += 0.01  # a steady stream of different users, each writing once
    assert len(buckets) <= 2 * SWEEP_FROM
