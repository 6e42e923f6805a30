"""Read the counts workers write: 120, 一百二十, 两千五, 1万, 1,200, 300余, 80多, 约200."""

from __future__ import annotations

import re

import cn2an

from models.drafts import MAX_COUNT, Count, Problem, ProblemCode

CN_NUMERALS = "零〇一二两三四五六七八九十百千万"
_APPROX_BEFORE = r"(?:大约|约|近|将近|超过|逾|\b(?:about|around|approx\.?|approximately|over)\b|~)"
_APPROX_AFTER = r"(?:余|多|\+)"

# A count as written, for embedding in the extractors' patterns; read the matched text back with read_count.
# The lookbehinds keep it from starting inside 2022-06-15 or 1,200; the lookahead keeps a backtracking match
# from stopping halfway through a number.
COUNT = (
    rf"(?:{_APPROX_BEFORE}\s*)?(?<![\d./\-])(?<!\d,)(?:-|负)?\s*"
    rf"(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+(?:\.\d+)?万?|[{CN_NUMERALS}]+)"
    rf"(?![\d{CN_NUMERALS}]|[.,]\d)(?:\s*{_APPROX_AFTER})?"
)

# Words standing where a number should be: 很多人, 若干份, many people.
VAGUE = (
    r"(?:很多|许多|好多|不少|若干|大量|众多|一些|数十|数百|数千|上百|上千|几十|几百|几千|无数"
    r"|\b(?:many|lots\s+of|a\s+lot\s+of|several|some|numerous)\b)"
)

_PARTS = re.compile(
    rf"(?P<before>{_APPROX_BEFORE})?\s*(?P<sign>-|负)?\s*(?P<number>[\d,.{CN_NUMERALS}]+?)\s*"
    rf"(?P<after>{_APPROX_AFTER})?",
    re.IGNORECASE,
)


def read_count(written: str) -> Count | None:
    """Read a count matched by COUNT; None when the characters do not make a whole number."""
    parts = _PARTS.fullmatch(written.strip())
    if parts is None:
        return None
    number = parts["number"].replace(",", "")
    if number.isascii() and number.isdigit():
        value = int(number)
    else:
        try:
            converted = cn2an.cn2an(number, "smart")
        except ValueError:
            return None
        if float(converted) != int(converted):
            return None  # 3.5人 is not a count
        value = int(converted)
    if parts["sign"]:
        value = -value
    return Count(value=value, approximate=bool(parts["before"] or parts["after"]))


def count_problem(count: Count, fragment: str) -> Problem | None:
    """Say why a count cannot be accepted, or None when it can."""
    if count.value < 0:
        return Problem(code=ProblemCode.COUNT_NEGATIVE, fragment=fragment)
    if count.value > MAX_COUNT:
        return Problem(code=ProblemCode.COUNT_TOO_LARGE, fragment=fragment, limit=str(MAX_COUNT))
    return None
