"""Telegram's limits: message length after entity parsing, inline keyboards, and flood control."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Mapping

from bot.standin.html import EntityParseError, ParsedText, parse_html
from bot.standin.model import ApiError, FakeChat, JSONDict, bad_request

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64  # bytes, not characters
CALLBACK_ANSWER_LIMIT = 200
UPLOAD_LIMIT = 50 * 1024 * 1024  # a bot uploads at most 50 MB a file; beyond it, 413

# Telegram's documented broadcast limits: 30 messages a second overall, 20 a minute into one group.
OVERALL_PER_SECOND = 30
GROUP_PER_MINUTE = 20

# Only requests that put something in a chat count against the flood limits.
_NOT_COUNTED = frozenset({"sendChatAction", "sendMessageDraft", "sendRichMessageDraft"})


def counts_against_flood(method: str) -> bool:
    """Say whether `method` sends or edits a message, which Telegram rate-limits."""
    if method in _NOT_COUNTED:
        return False
    return method.startswith(("send", "editMessage", "copyMessage", "forwardMessage"))


def parse_text(
    raw: str, parse_mode: object, entities: object, *, limit: int, too_long: str, empty: str | None
) -> ParsedText:
    """Parse `raw` as Telegram would and refuse it when it is empty or over `limit` characters."""
    if isinstance(parse_mode, str) and parse_mode.lower() == "html":
        try:
            parsed = parse_html(raw)
        except EntityParseError as exc:
            raise bad_request(f"can't parse entities: {exc}") from exc
    else:
        # Markdown is not parsed: its raw length is an upper bound of the shown length.
        given = [dict(e) for e in entities if isinstance(e, dict)] if isinstance(entities, list) else []
        parsed = ParsedText(text=raw, entities=given)
    if empty is not None and not parsed.text.strip():
        raise bad_request(empty)
    if len(parsed.text) > limit:
        raise bad_request(too_long)
    return parsed


def check_reply_markup(markup: object) -> None:
    """Refuse inline keyboards Telegram would refuse: empty labels, missing actions, oversized data."""
    if not isinstance(markup, Mapping) or "inline_keyboard" not in markup:
        return
    for row in markup["inline_keyboard"]:
        for button in row:
            _check_inline_button(button)


def _check_inline_button(button: JSONDict) -> None:
    if not str(button.get("text", "")).strip():
        raise bad_request("BUTTON_TEXT_INVALID: inline keyboard button text must be non-empty")
    actions = set(button) - {"text", "icon_custom_emoji_id", "style"}
    if not actions:
        raise bad_request("text buttons are unallowed in the inline keyboard")
    if "callback_data" in button:
        size = len(str(button["callback_data"]).encode("utf-8"))
        if not 1 <= size <= CALLBACK_DATA_LIMIT:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button and not str(button["url"]).startswith(("http://", "https://", "tg://")):
        raise bad_request("BUTTON_URL_INVALID")


class FloodControl:
    """Sliding-window counters of sending requests, overall and per group chat."""

    def __init__(self, clock: Callable[[], float], *, enabled: bool = True) -> None:
        self._clock = clock
        self.enabled = enabled
        self._overall: deque[float] = deque()
        self._per_group: dict[int, deque[float]] = {}

    def check(self, chat: FakeChat | None) -> None:
        """Raise a 429 ApiError when one more send now would break a limit."""
        if not self.enabled:
            return
        now = self._clock()
        wait = _wait(self._overall, now, window=1.0, limit=OVERALL_PER_SECOND)
        if chat is not None and chat.is_group:
            sent = self._per_group.setdefault(chat.id, deque())
            wait = max(wait, _wait(sent, now, window=60.0, limit=GROUP_PER_MINUTE))
        if wait > 0:
            retry_after = max(1, math.ceil(wait))
            raise ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)

    def record(self, chat: FakeChat | None) -> None:
        """Count one accepted send into `chat`."""
        now = self._clock()
        self._overall.append(now)
        if chat is not None and chat.is_group:
            self._per_group.setdefault(chat.id, deque()).append(now)


def _wait(sent: deque[float], now: float, *, window: float, limit: int) -> float:
    """Forget sends older than `window` and say how long until one more fits (0 if it fits now)."""
    while sent and sent[0] <= now - window:
        sent.popleft()
    if len(sent) < limit:
        return 0.0
    return sent[len(sent) - limit] + window - now
