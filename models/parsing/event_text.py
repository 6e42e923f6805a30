"""Turn one free-form log message into an EventDraft, the fragments left over, and the refusals."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date

from models.catalog import AreaEntry, Catalog, KindEntry
from models.drafts import Count, EventDraft, MaterialLine, ParseResult, Problem, ProblemCode
from models.parsing.dates import find_dates
from models.parsing.numbers import (
    ATTENDANCE,
    AUDIENCE_WORDS,
    CHINESE_UNITS,
    CONSULTATIONS,
    HANDED_OUT,
    QUOTED_MATERIALS,
    count_problem,
    material_patterns,
    read_count,
)

# An extracted span is replaced by a line break, so the words either side of it never join into one.
_CUT = "\n"
_COMMAND = re.compile(r"^\s*/log(?:@[A-Za-z0-9_]+)?(?![A-Za-z0-9_])", re.IGNORECASE)

_TITLE = re.compile(r"[“\"「](?P<title>[^“”\"「」\n]{1,60})[”\"」]")
_BOOK = re.compile(r"《(?P<title>[^《》\n]{1,40})》")

_AUDIENCE = re.compile(f"({AUDIENCE_WORDS})")
_AUDIENCE_NAMES = {"群众": "居民", "村民": "居民", "老人": "老年人", "职工": "企业职工"}

_NAMES = r"[^\s,.;:!?。《》“”\"]+"
_PARTNERS = (
    re.compile(rf"(?<!参)(?:与|和|同)\s*(?P<names>{_NAMES}?)\s*(?:共同|一起|一同|联合)"),
    re.compile(rf"(?:联合|会同|携手|协同|联同|协办单位|合作单位|合作方)\s*:?\s*(?P<names>{_NAMES})"),
    re.compile(r"\bpartners?\s*[:=]\s*(?P<names>[^\n;|]+)", re.IGNORECASE),
    re.compile(r"\b(?:together\s+with|jointly\s+with|with)\s+(?P<names>[A-Za-z][^\n;,]*)", re.IGNORECASE),
)
# Where a partner's name ends when no punctuation says so: 联合城东派出所开展…, partner: HR bureau at …
_PARTNER_END = r"共同|一起|一同|开展|举办|组织|进行|走进|深入|来到|前往|在|\s+(?:at|in|on)\s+"
_PARTNER_SPLIT = re.compile(r"\s*(?:[、和及与/,]|\band\b)\s*", re.IGNORECASE)

_PLACE = re.compile(
    r".(?:社区|村|街道|广场|公园|学校|小学|中学|大学|公司|企业|中心|礼堂|会议室|大厦|市场|超市|医院)$"
)
_PLACE_WORDS = (
    r"(?i:community|village|square|park|school|college|university|company|cent(?:re|er)|hall|market|hospital"
    r"|street|plaza)"
)
# at the town hall, or a capitalised name: Xingfu Community Centre
_ENGLISH_PLACES = (
    re.compile(rf"\b(?i:at|in)\s+(?i:the\s+)?(?P<place>[A-Za-z][A-Za-z' -]*\b{_PLACE_WORDS})\b"),
    re.compile(rf"\b(?P<place>(?:[A-Z][A-Za-z'-]*\s+)+{_PLACE_WORDS}(?:\s+{_PLACE_WORDS})*)\b"),
)
_SPLIT = re.compile(r"[\s,.;:!?()\[\]。、|]+")
# Words that say nothing a field could hold; stripped from the ends of leftovers, or dropped when alone.
_FILLER_PREFIX = re.compile(
    r"^(?:开展|举办|组织|进行|在|发放|派发|分发|走进|来到|前往|深入|参与|参加|解答|接受|提供|接待|现场|联合|共同"
    r"|一起|上午|下午|晚上|当天)+"
)
_FILLER_SUFFIX = re.compile(r"(?:开展|举办|进行|宣传活动|普法活动|活动|普法宣传|法治宣传|了|的|共同|一起)+$")
_FILLER_WORD = re.compile(
    r"于|共|宣传|普法|学习|at|in|on|the|a|an|and|of|held|we|for|to|was|were|event|with|partners?",
    re.IGNORECASE,
)
_QUOTES = " '\"“”「」"


def parse_event_text(text: str, *, today: date, catalog: Catalog, max_length: int = 1000) -> ParseResult:
    """Read a log message into a draft, listing what could not be placed and what was refused."""
    if len(text) > max_length:
        return _refused(ProblemCode.TEXT_TOO_LONG, text[:20], limit=str(max_length))
    normalised = _COMMAND.sub("", unicodedata.normalize("NFKC", text), count=1).strip()
    if not normalised:
        return _refused(ProblemCode.TEXT_EMPTY, "")
    parse = _Parse(normalised, today=today, catalog=catalog)
    problems = sorted(parse.problems, key=lambda p: normalised.find(p.fragment))  # in the order written
    return ParseResult(draft=parse.draft, unknown=parse.unknown, problems=problems)


def _refused(code: ProblemCode, fragment: str, limit: str | None = None) -> ParseResult:
    return ParseResult(draft=EventDraft(), problems=[Problem(code=code, fragment=fragment, limit=limit)])


class _Parse:
    """One message taken apart, field by field, in an order where earlier fields cannot eat later ones."""

    def __init__(self, text: str, *, today: date, catalog: Catalog) -> None:
        self.rest, self.today, self.catalog = text, today, catalog
        self.draft = EventDraft()
        self.problems: list[Problem] = []
        self.unknown: list[str] = []
        self.materials = {a.casefold(): m for m in catalog.materials for a in (m.title, *m.aliases)}
        # 《》 and quoted handouts go first, so 《民法典手册》 can never be read as the kind 民法典宣讲.
        self.take(QUOTED_MATERIALS, self.material)
        self.take((_TITLE,), self.title)
        self.dates()
        self.take(material_patterns(self.materials), self.material)
        self.take((HANDED_OUT,), self.material)
        # Counts before the kind, so 咨询15人次 never makes the kind 法律咨询.
        self.take(CONSULTATIONS, self.consultations)
        self.take(ATTENDANCE, self.attendance)
        self.take(_PARTNERS, self.partners)
        self.kind(catalog.kinds)
        self.take((_BOOK,), self.topic)
        self.take(_ENGLISH_PLACES, self.english_place)
        areas = sorted(catalog.areas, key=lambda a: len(a.name), reverse=True)
        for token in _SPLIT.split(self.rest):
            self.place_token(token, areas)

    def take(self, patterns: Iterable[re.Pattern[str]], place: Callable[[re.Match[str]], str | None]) -> None:
        """Replace every match that `place` accepts by what it returns; None leaves the match for later."""
        for pattern in patterns:
            self.rest = pattern.sub(lambda m: _or(place(m), m[0]), self.rest)

    def count(self, match: re.Match[str]) -> Count | None:
        """Read the match's count, or record why it is refused and return None."""
        fragment = match[0].strip()
        count = None if match.groupdict().get("vague") else read_count(match["count"])
        if count is None:
            problem: Problem | None = Problem(code=ProblemCode.COUNT_NOT_A_NUMBER, fragment=fragment)
        else:
            problem = count_problem(count, fragment)
        if problem is None:
            return count
        self.problems.append(problem)
        return None

    def material(self, match: re.Match[str]) -> str | None:
        count = self.count(match)
        if count is None:
            return _CUT
        bare = match["title"].strip()
        written = bare + (match.groupdict().get("form") or "")
        # 《消法》折页 is not a catalogue title, but 消法 is: count it under the law it explains
        entry = self.materials.get(written.casefold()) or self.materials.get(bare.casefold())
        unit = match["unit"] if match["unit"] in CHINESE_UNITS else "份"
        title, unit = (entry.title, entry.unit) if entry else (written, unit)
        same = next((line for line in self.draft.materials if line.title == title), None)
        if same is None:
            line = MaterialLine(title=title, quantity=count.value, unit=unit, known=entry is not None)
            line.approximate = count.approximate
            self.draft.materials.append(line)
        else:
            same.quantity += count.value
            same.approximate = same.approximate or count.approximate
        return _CUT

    def title(self, match: re.Match[str]) -> str | None:
        if self.draft.title is not None or not re.search(r"[^\d\s\-/.:]", match["title"]):
            return None  # a second title, or a quoted date, is left for the others
        self.draft.title = match["title"].strip()
        return _CUT

    def dates(self) -> None:
        span = find_dates(self.rest, today=self.today)
        if span is None:
            return
        if span.problem:
            self.problems.append(span.problem)
        else:
            self.draft.start_date, self.draft.end_date = span.first, span.last
        self.rest = self.rest[: span.start] + _CUT + self.rest[span.end :]

    def consultations(self, match: re.Match[str]) -> str | None:
        if self.draft.consultations is not None:
            return None  # a second count is not added silently; it shows up as unknown
        self.draft.consultations = self.count(match)
        return _CUT

    def attendance(self, match: re.Match[str]) -> str | None:
        if self.draft.attendance is not None:
            return None
        self.draft.attendance = self.count(match)
        return _CUT

    def partners(self, match: re.Match[str]) -> str | None:
        aliases = "|".join(re.escape(a) for k in self.catalog.kinds for a in (k.name_zh, *k.aliases))
        names = match["names"]
        end = re.search(f"{_PARTNER_END}|{aliases}" if aliases else _PARTNER_END, names, re.IGNORECASE)
        if end is not None and end.start() == 0:
            return None
        kept = names[: end.start()] if end else names
        for name in _PARTNER_SPLIT.split(kept.strip(_QUOTES)):
            if name and name not in self.draft.partners:
                self.draft.partners.append(name)
        return _CUT + names[len(kept) :]  # what followed the names is still to be read

    def kind(self, kinds: tuple[KindEntry, ...]) -> None:
        """Take the longest kind alias in the text; a message naming no kind is left for the bot to ask."""
        aliases = sorted(
            ((a, k) for k in kinds for a in (k.name_zh, k.name_en, *k.aliases)), key=_alias_length
        )
        for alias, entry in aliases:
            found = re.search(rf"(?<![A-Za-z]){re.escape(alias)}(?![A-Za-z])", self.rest, re.IGNORECASE)
            if found:
                self.draft.kind = entry.code
                self.rest = self.rest[: found.start()] + _CUT + self.rest[found.end() :]
                return

    def topic(self, match: re.Match[str]) -> str | None:
        if match["title"] not in self.draft.topics:
            self.draft.topics.append(match["title"])
        return _CUT

    def english_place(self, match: re.Match[str]) -> str | None:
        if self.draft.place is not None:
            return None
        self.draft.place = match["place"]
        return _CUT

    def place_token(self, token: str, areas: list[AreaEntry], *, with_audience: bool = True) -> None:
        """Place a leftover word as area, place or audience, or list it as unknown."""
        token = _strip_fillers(token.strip(_QUOTES))
        if not token:
            return
        area = next((a for a in areas if token.startswith(a.name)), None)
        if area is not None and self.draft.area_id is None:
            self.draft.area_id = area.id
            if token == area.name:
                return
            if not _PLACE.search(token[len(area.name) :]):  # 幸福社区居民: the rest is not a place
                self.place_token(token[len(area.name) :], areas)
                return
        if _PLACE.search(token) and self.draft.place is None:
            self.draft.place = token
        elif with_audience and _AUDIENCE.search(token):
            for i, piece in enumerate(_AUDIENCE.split(token)):
                if i % 2 == 0:
                    self.place_token(piece, areas, with_audience=False)
                elif (name := _AUDIENCE_NAMES.get(piece, piece)) not in self.draft.audience:
                    self.draft.audience.append(name)
        else:
            self.unknown.append(token)


def _alias_length(alias_and_kind: tuple[str, KindEntry]) -> int:
    return -len(alias_and_kind[0])  # longest first


def _strip_fillers(token: str) -> str:
    """Strip filler words from both ends of a leftover; a filler alone leaves nothing."""
    token = _FILLER_SUFFIX.sub("", _FILLER_PREFIX.sub("", token))
    return "" if _FILLER_WORD.fullmatch(token) else token


def _or(replacement: str | None, kept: str) -> str:
    return kept if replacement is None else replacement
