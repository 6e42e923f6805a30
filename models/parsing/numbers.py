"""Find the counts in a message, of people, consultations and handouts: 120人, 一百二十, 300余份, 约200."""

from __future__ import annotations

import re
import unicodedata

import cn2an

from models.catalog import MaterialEntry
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

# Consultations: 咨询15人次, 解答咨询20人次, 15 consultations. Each has a `count` group, most a `vague` one.
CONSULTATIONS = (
    re.compile(rf"(?:法律)?咨询\s*:?\s*(?:(?P<count>{COUNT})|(?P<vague>{VAGUE}))\s*(?:人次|次|(?![人\d]))"),
    re.compile(rf"(?P<count>{COUNT})\s*人?次\s*的?(?:法律)?咨询"),
    re.compile(rf"\b(?:consultations?|enquiries|inquiries)\s*[:=]?\s*(?P<count>{COUNT})", re.IGNORECASE),
    re.compile(rf"(?P<count>{COUNT})\s*(?:legal\s+)?(?:consultations?|enquiries|inquiries)\b", re.IGNORECASE),
)
# Who a count of 名 can be about: 120名群众; also the audience tags the parser knows.
AUDIENCE_WORDS = "人大代表|企业职工|青少年|老年人|居民|村民|群众|职工|妇女|学生|老人"
_PERSONS = rf"(?:人(?!次|民)|名(?=\s*(?:{AUDIENCE_WORDS}))|\b(?:people|persons|attendees|participants)\b)"
# Attendance: 120人, 参加人数120, 群众200余人 (the 群众 stays for the audience), attendance 45.
ATTENDANCE = (
    re.compile(
        rf"(?:参与|参加|到场|出席|受众)?人数\s*[:=]?\s*(?:(?P<count>{COUNT})|(?P<vague>{VAGUE}))\s*(?:人(?!次))?"
    ),
    re.compile(
        rf"(?:(?:参与|参加|到场|出席|覆盖|吸引|受众|共计|共有|共)\s*)?"
        rf"(?:(?P<count>{COUNT})|(?P<vague>{VAGUE}))\s*{_PERSONS}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:attendance|attendence|attendees|participants|turnout)\s*[:=]?\s*(?P<count>{COUNT})",
        re.IGNORECASE,
    ),
)

CHINESE_UNITS = frozenset("份册本张套")
_HANDOUT = r"(?:(?:发放|派发|分发|赠送)\s*)?"
_UNIT = r"(?:份|册|本|张|套|\bcop(?:y|ies)\b|\bpcs\b)"
_QUOTE = r"[《“\"「](?P<title>[^《》“”\"「」\n]{1,60})[》”\"」]"
# 《劳动合同法》宣传单 is the handout 劳动合同法宣传单, not the law itself.
_FORM = r"(?P<form>宣传单|宣传册|宣传页|宣传折页|折页|传单|手册|小册子|口袋书|读本|单行本)?"
# How many of a title: x100, 300余份, 三百份, or a bare number ending the phrase.
_AMOUNT = (
    rf"\s*(?:[x×*]\s*)?(?:(?P<count>{COUNT})|(?P<vague>{VAGUE}))\s*(?:(?P<unit>{_UNIT})|(?=[\s,;:)。、]|$))"
)
# Handouts with a quoted title: 《民法典手册》300份, "Leaflet" x100, 300份《宪法》, 100 copies of "X".
QUOTED_MATERIALS = (
    re.compile(rf"{_HANDOUT}{_QUOTE}{_FORM}{_AMOUNT}", re.IGNORECASE),
    re.compile(rf"{_HANDOUT}(?P<count>{COUNT})\s*(?P<unit>{_UNIT})\s*(?:of\s+)?{_QUOTE}", re.IGNORECASE),
)
# Handouts of any title after 发放: 发放普法手册200份.
HANDED_OUT = re.compile(
    rf"(?:发放|派发|分发|赠送)\s*(?P<title>[^\s\d,;:。、《》“”\"]{{1,20}}?)\s*"
    rf"(?:(?P<count>{COUNT})|(?P<vague>{VAGUE}))\s*(?P<unit>{_UNIT})"
)

_ANSWER = re.compile(
    rf"(?:(?P<count>{COUNT})|{VAGUE})\s*(?:人次|人|名|份|册|本|次|\b(?:people|persons|attendees)\b)?",
    re.IGNORECASE,
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
    if number[0] in "百千万":  # 近百人, 上千份: the leading 一 goes unsaid
        number = "一" + number
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


def parse_count(text: str) -> Count | Problem:
    """Read a message that only answers "how many?" (120, 一百二十人, 约200), or say why it is refused."""
    written = unicodedata.normalize("NFKC", text).strip()
    answer = _ANSWER.fullmatch(written)
    count = read_count(answer["count"]) if answer and answer["count"] else None
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


def material_patterns(materials: dict[str, MaterialEntry]) -> tuple[re.Pattern[str], ...]:
    """Match catalogue titles written without quotes, when a count comes with them."""
    if not materials:
        return ()
    names = "|".join(re.escape(a) for a in sorted(materials, key=len, reverse=True))
    title = rf"(?<![A-Za-z])(?P<title>{names})(?![A-Za-z])"
    return (
        re.compile(rf"{_HANDOUT}{title}{_FORM}{_AMOUNT}", re.IGNORECASE),
        re.compile(
            rf"{_HANDOUT}(?P<count>{COUNT})\s*(?:(?P<unit>{_UNIT})\s*(?:of\s+)?|\s(?=[A-Za-z])){title}",
            re.IGNORECASE,
        ),
    )
