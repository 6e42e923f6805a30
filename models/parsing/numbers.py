"""Read counts as written, with how they were said: 120人, 一百二十, 约200, 300余份, 近20人, 40人左右."""

from __future__ import annotations

import functools
import re
import unicodedata

import cn2an

from models.events.drafts import MAX_COUNT, Count, Problem, ProblemCode, Qualifier

CN_NUMERALS = "零〇一二两三四五六七八九十百千万"
# Longer words first: 将近 before 近, 超过 before 超.
_MORE_BEFORE = r"超过|超出|多于|逾|超|\b(?:over|more\s+than)\b"
_ABOUT_BEFORE = r"大约|大概|约计|约|\b(?:about|around|approx\.?|approximately)\b|~"
_NEARLY_BEFORE = r"将近|接近|近|\b(?:nearly|almost)\b"
_MORE_AFTER = r"余|多|\+"
# Said after the unit: 200人以上, 40人左右, 50人上下.
POST_QUALIFIER = r"(?P<post>以上|左右|上下|许)?"

_BEFORE = f"(?:{_MORE_BEFORE}|{_ABOUT_BEFORE}|{_NEARLY_BEFORE})"
# The digits run is bounded so a crafted 10,000-digit number costs nothing; longer ones are refused.
# The runs are possessive and a Chinese numeral never starts inside another run of numerals: a message
# of 4,096 numerals is then tried once per run, not twelve times at every position.
_NUMBER = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d{{1,40}}+(?:\.\d{{1,6}}+)?[万千]?"
    rf"|(?<![{CN_NUMERALS}])[{CN_NUMERALS}]{{1,12}}+)"
)

# A count as written, for embedding in the extractors' patterns; read the matched text back with read_count.
# The lookbehinds keep it from starting inside 2022-06-15 or 1,200; the lookahead keeps a backtracking match
# from stopping halfway through a number.
COUNT = (
    rf"(?:{_BEFORE}\s*)?(?<![\d./\-])(?<!\d,)(?:-|负)?\s*{_NUMBER}"
    rf"(?![\d{CN_NUMERALS}]|[.,]\d)(?:\s*(?:{_MORE_AFTER}))?"
)

# Words standing where a number should be: 很多人, 若干份, many people.
VAGUE = (
    r"(?:很多|许多|好多|不少|若干|大量|众多|一些|数十|数百|数千|上百|上千|几十|几百|几千|无数"
    r"|\b(?:many|lots\s+of|a\s+lot\s+of|several|some|numerous)\b)"
)

# Every count, head count and material line needs a number or a vague word. A message with neither (a
# long run of plain words) skips those passes: `re` tries their optional lead words at every position.
_AMOUNT_ANYWHERE = re.compile(rf"\d|[{CN_NUMERALS}]|{VAGUE}", re.IGNORECASE)


def may_hold_count(text: str) -> bool:
    return _AMOUNT_ANYWHERE.search(text) is not None


_PARTS = re.compile(
    rf"(?P<before>{_BEFORE})?\s*(?P<sign>-|负)?\s*(?P<number>[\d,.{CN_NUMERALS}]+?)\s*"
    rf"(?P<after>{_MORE_AFTER})?",
    re.IGNORECASE,
)
_ANSWER = re.compile(
    rf"(?:(?P<count>{COUNT})|{VAGUE})\s*(?:人次|人|名|位|份|册|本|次|\b(?:people|persons|attendees)\b)?"
    rf"\s*{POST_QUALIFIER}",
    re.IGNORECASE,
)
_TOO_MANY_DIGITS = 10  # more digits than any count can have: refused as too large, never converted


_NEARLY = re.compile(_NEARLY_BEFORE)
_ABOUT = re.compile(f"{_ABOUT_BEFORE}|左右|上下|许")


def qualifier_of(before: str | None, after: str | None, post: str | None = None) -> Qualifier:
    """How a count was said, from the words before it, right after it and after its unit."""
    for word in (before, after, post):
        if not word:
            continue
        word = word.lower()
        if _NEARLY.fullmatch(word):
            return Qualifier.NEARLY
        if _ABOUT.fullmatch(word):
            return Qualifier.ABOUT
        return Qualifier.MORE
    return Qualifier.EXACT


def read_count(written: str, post: str | None = None) -> Count | None:
    """Read a count matched by COUNT (and the qualifier after its unit); None when not a whole number."""
    parts = _PARTS.fullmatch(written.strip())
    if parts is None:
        return None
    number = parts["number"].replace(",", "")
    qualifier = qualifier_of(parts["before"], parts["after"], post)
    if number.isascii() and number.isdigit():
        if len(number) > _TOO_MANY_DIGITS:
            return Count(value=MAX_COUNT + 1, qualifier=qualifier)
        value = int(number)
    else:
        value_or_none = _convert(number)
        if value_or_none is None:
            return None
        value = value_or_none
    if parts["sign"]:
        value = -value
    return Count(value=value, qualifier=qualifier)


@functools.lru_cache(maxsize=1024)  # cn2an checks its input at length; a message repeats its numbers
def _convert(number: str) -> int | None:
    """Read 一百二十, 1.5万 or 近百's 百; None for what is not a whole number (3.5, 一万十五)."""
    if number[0] in "百千万":  # 近百人, 上千份: the leading 一 goes unsaid
        number = "一" + number
    if len(number) > 16:
        return MAX_COUNT + 1
    try:
        converted = cn2an.cn2an(number, "smart")
    except Exception:  # cn2an raises ValueError, KeyError or IndexError on malformed numerals
        return None
    try:
        value = int(converted)
    except (OverflowError, ValueError):
        return MAX_COUNT + 1
    return value if float(converted) == value else None  # 3.5人 is not a count


def parse_count(text: str) -> Count | Problem:
    """Read a message that only answers "how many?" (120, 一百二十人, 约200), or say why it is refused."""
    written = unicodedata.normalize("NFKC", text).strip()[:100]
    answer = _ANSWER.fullmatch(written)
    count = read_count(answer["count"], answer["post"]) if answer and answer["count"] else None
    if count is None:
        return Problem(code=ProblemCode.COUNT_NOT_A_NUMBER, fragment=written)
    return count_problem(count, written) or count


def count_problem(count: Count, fragment: str) -> Problem | None:
    """Say why a count cannot be accepted, or None when it can."""
    if count.value < 0:
        return Problem(code=ProblemCode.COUNT_NEGATIVE, fragment=fragment)
    if count.value > MAX_COUNT:
        return Problem(code=ProblemCode.COUNT_TOO_LARGE, fragment=fragment, limit=str(MAX_COUNT))
    return None
