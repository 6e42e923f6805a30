"""A token bucket per user: FLOOD_BURST messages and button presses at once, then FLOOD_REFILL_PER_SECOND.

A member who floods gets one polite reply (a toast, for a button press) and the rest of the flood is
dropped as it arrives, before any handler or database work, so nothing is half done. Admins count too.

The buckets live in this process's memory, not in the database: after a restart everyone starts full, and
each replica behind a load balancer counts only the updates it receives. That is enough to keep one user
from stalling the bot; it is no record of anyone's use.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from telegram import Update
from telegram.error import TelegramError

from bot.i18n import Texts, pick_language
from bot.update_order import TurnAway

log = logging.getLogger(__name__)

SWEEP_FROM = 1024  # buckets kept before the first sweep for full ones


class Verdict(enum.Enum):
    ADMIT = "admit"
    WARN = "warn"  # the first update of a flood that is dropped: its sender is told, once
    DROP = "drop"


@dataclass
class _Bucket:
    tokens: float
    at: float
    warned: bool = False


class TokenBuckets:
    """One bucket per key; a full bucket is the same as none, so full ones are swept away."""

    def __init__(
        self, burst: int, refill_per_second: float, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.burst, self.refill_per_second, self.clock = burst, refill_per_second, clock
        self._buckets: dict[int, _Bucket] = {}
        self._sweep_at = SWEEP_FROM

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, key: int) -> Verdict:
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(tokens=float(self.burst), at=now)
            self._sweep(now)
        self._refill(bucket, now)
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return Verdict.ADMIT
        if bucket.warned:
            return Verdict.DROP
        bucket.warned = True
        return Verdict.WARN

    def _refill(self, bucket: _Bucket, now: float) -> None:
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.at) * self.refill_per_second)
        bucket.at = now
        if bucket.tokens >= self.burst:
            bucket.warned = False  # the flood is over once the bucket is full again

    def _sweep(self, now: float) -> None:
        # Amortised: a sweep runs only when the number of buckets has doubled since the last one.
        if len(self._buckets) < self._sweep_at:
            return
        for key, bucket in list(self._buckets.items()):
            self._refill(bucket, now)
            if bucket.tokens >= self.burst:
                del self._buckets[key]
        self._sweep_at = max(SWEEP_FROM, 2 * len(self._buckets))


class FloodGuard:
    """The update processor's admission: messages and button presses of users, by their bucket."""

    def __init__(self, buckets: TokenBuckets, *, default_language: str) -> None:
        self.buckets = buckets
        self.default_language = default_language

    def refuse(self, update: object) -> TurnAway | None:
        if not isinstance(update, Update) or update.effective_user is None:
            return None
        if update.message is None and update.edited_message is None and update.callback_query is None:
            return None  # the bot joining or leaving a chat, and the like, are not the user's flood
        verdict = self.buckets.take(update.effective_user.id)
        if verdict is Verdict.ADMIT:
            return None
        if verdict is Verdict.DROP:
            return _drop
        return lambda: self._ask_to_slow_down(update)

    async def _ask_to_slow_down(self, update: Update) -> None:
        user = update.effective_user
        code = user.language_code if user is not None else None
        # Telegram's language, not the member's /lang: reading that would be database work for a flood.
        t = Texts(pick_language(stored=None, telegram_code=code, default=self.default_language))
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(t._("Too many taps at once. Please wait a moment."))
            elif update.effective_message is not None:
                await update.effective_message.reply_text(
                    t._(
                        "You are sending messages faster than I can read them, so I skipped the last "
                        "ones. Please wait a moment, then send them again one at a time."
                    )
                )
        except TelegramError as error:
            log.warning("could not ask user %s to slow down: %s", user.id if user else None, error)


async def _drop() -> None:
    """The rest of a flood: no reply, no work."""
