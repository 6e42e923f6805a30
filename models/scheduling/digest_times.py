"""Read the weekday and time a chat wants its digest at: 周五 16:30, fri 16:30, 16:30."""

from __future__ import annotations

import re
import unicodedata

_WEEKDAYS = {
    **{name: n for n, name in enumerate(("周一", "周二", "周三", "周四", "周五", "周六", "周日"))},
    **{
        name: n
        for n, name in enumerate(("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"))
    },
    **{name: n for n, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{
        name: n for n, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday"))
    },
    "sunday": 6,
    "周天": 6,
    "星期天": 6,
}


def parse_digest_time(text: str) -> tuple[int, int] | None:
    """Read "周一 09:00" / "mon 9:00" / "Friday 16:30" as (weekday, minutes after midnight); None if not."""
    normalized = unicodedata.normalize("NFKC", text).strip().lower()
    match = re.fullmatch(r"(\S+?)\s*(\d{1,2})[:：](\d{2})", normalized)
    if match is None or match.group(1) not in _WEEKDAYS:
        return None
    hour, minute = int(match.group(2)), int(match.group(3))
    if hour > 23 or minute > 59:
        return None
    return _WEEKDAYS[match.group(1)], hour * 60 + minute
