"""Find the counts in a message, of people and consultations: 120人, 一百二十, 约200, 咨询15人次."""

from __future__ import annotations

import re
import unicodedata

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

_ASKERS = r"(?:群众|居民|村民|市民|职工)"
# Consultations: 咨询15人次, 解答咨询20人次, 15 consultations. Each has a `count` group, most a `vague` one.
CONSULTATIONS = (
    re.compile(rf"(?:法律)?咨询\s*:?\s*(?:(?P<count>{COUNT})|(?P<vague>{VAGUE}))\s*(?:人次|次|(?![人\d]))"),
    # 现场咨询30人, 咨询群众20人, 咨询人数20: who asked counts as consultations, not as the audience. The
    # count must follow at once (法律咨询 50人 is the kind and its audience); 法律咨询 is left for the kind.
    re.compile(
        rf"(?<!法律)咨询的?{_ASKERS}?(?:人数)?[:=]?(?!\s)(?:(?P<count>{COUNT})|(?P<vague>{VAGUE}))"
        r"\s*(?:人次|人|名|位)?"
    ),
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

_STAFF = r"(?:工作人员|志愿者|干部|律师|民警|警察|法官|检察官|社工|网格员|法律顾问|调解员)"
_SENT = r"(?:出动|组织|安排|派出|抽调|动员)?"
# Who ran the event is not its audience: 出动工作人员8人, 志愿者10人参与, 3名律师.
STAFF = (
    re.compile(rf"{_SENT}{_STAFF}\s*共?\s*(?P<count>{COUNT})\s*[人名位](?!次)"),
    re.compile(rf"{_SENT}(?P<count>{COUNT})\s*[人名位]{_STAFF}"),
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
