"""Turn one free-form log message into an EventDraft, the fragments left over, and the refusals."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial

from models.catalog import AreaEntry, Catalog, KindEntry
from models.drafts import Count, EventDraft, MaterialLine, ParseResult, Problem, ProblemCode
from models.parsing.dates import cut_out, read_dates
from models.parsing.handouts import (
    BREAKDOWN,
    BREAKDOWN_FOLLOWS,
    CHINESE_UNITS,
    GENERIC_MATERIALS,
    HANDED_OUT,
    QUOTED_MATERIALS,
    each_patterns,
    material_patterns,
)
from models.parsing.leftovers import ENGLISH_PLACES, PLACE, SPLIT, strip_fillers
from models.parsing.numbers import ATTENDANCE, AUDIENCE_WORDS, CONSULTATIONS, STAFF, count_problem, read_count

# An extracted span is replaced by a line break, so the words either side of it never join into one.
_CUT = "\n"
_COMMAND = re.compile(r"^\s*/log(?:@[A-Za-z0-9_]+)?(?![A-Za-z0-9_])", re.IGNORECASE)

_TITLE = re.compile(r"[“\"「](?P<title>[^“”\"「」\n]{1,60})[”\"」]")
_BOOK = re.compile(r"《(?P<title>[^《》\n]{1,40})》")

_AUDIENCE = re.compile(f"({AUDIENCE_WORDS})")
_AUDIENCE_NAMES = {"群众": "居民", "村民": "居民", "老人": "老年人", "职工": "企业职工"}
# 和大家一起, 与孩子们一同: the people the event was for, not a partner organisation.
_NOT_PARTNERS = re.compile(rf"(?:{AUDIENCE_WORDS}|大家|孩子们?|小朋友们?|同学们?|家长们?|师生|市民)们?")
# 群众200人，其中老年人50人 and 3场 每场50人: a part of the head count, not the head count.
_PART = re.compile(r"(?:其中[^\d,;。\n]{0,8}|每[场次天期班日]?)\s*$")

_NAMES = r"[^\s,.;:!?。《》“”\"]+"
_PARTNERS = (
    # not the 同 of 一同, 共同, 同学, 同事 or 同时
    re.compile(
        rf"(?<![参一共协会])(?:与|和|同(?![学事志时样意步]))\s*(?P<names>{_NAMES}?)\s*(?:共同|一起|一同|联合)"
    ),
    re.compile(rf"(?:联合|会同|携手|协同|联同|协办单位|合作单位|合作方)\s*:?\s*(?P<names>{_NAMES})"),
    re.compile(r"\bpartners?\s*[:=]\s*(?P<names>[^\n;|]+)", re.IGNORECASE),
    re.compile(r"\b(?:together\s+with|jointly\s+with|with)\s+(?P<names>[A-Za-z][^\n;,]*)", re.IGNORECASE),
)
# Where a partner's name ends when no punctuation says so: 联合城东派出所开展…, partner: HR bureau at …
_PARTNER_END = r"共同|一起|一同|开展|举办|组织|进行|走进|深入|来到|前往|在|\s+(?:at|in|on)\s+"
_PARTNER_SPLIT = re.compile(r"\s*(?:[、和及与/,]|\band\b)\s*", re.IGNORECASE)

_QUOTES = " '\"“”「」"


def parse_event_text(text: str, *, today: date, catalog: Catalog, max_length: int = 1000) -> ParseResult:
    """Read a log message into a draft, listing what could not be placed and what was refused."""
    if len(text) > max_length:  # checked first too, so a huge message is never normalised
        return _refused(ProblemCode.TEXT_TOO_LONG, text[:20], limit=str(max_length))
    normalised = unicodedata.normalize("NFKC", text)
    if len(normalised) > max_length:  # NFKC can lengthen: one ﷺ becomes 18 characters
        return _refused(ProblemCode.TEXT_TOO_LONG, text[:20], limit=str(max_length))
    normalised = _COMMAND.sub("", normalised, count=1).strip()
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
        self.has_breakdown = BREAKDOWN.search(text) is not None
        self.attendance_seen = self.attendance_ambiguous = False
        # 《》 and quoted handouts go first, so 《民法典手册》 can never be read as the kind 民法典宣讲.
        for pattern, item in each_patterns(self.materials):
            self.take((pattern,), partial(self.materials_each, item=item))
        self.take(QUOTED_MATERIALS, self.material)
        self.take((_TITLE,), self.title)
        self.dates()
        self.take(material_patterns(self.materials), self.material)
        self.take((HANDED_OUT, GENERIC_MATERIALS), self.material)
        # Counts before the kind, so 咨询15人次 never makes the kind 法律咨询; staff before the audience.
        self.take(CONSULTATIONS, self.consultations)
        self.take(STAFF, self.staff)
        self.take(ATTENDANCE, self.attendance)
        if self.attendance_ambiguous:
            self.draft.attendance = None
        self.take(_PARTNERS, self.partners)
        self.kind(catalog.kinds)
        self.take((_BOOK,), self.topic)
        self.take(ENGLISH_PLACES, self.english_place)
        areas = sorted(catalog.areas, key=lambda a: len(a.name), reverse=True)
        for token in SPLIT.split(self.rest):
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
        # When 其中 breaks a total down (资料300份，其中《宪法》50份), the breakdown's lines are kept and
        # the total dropped: keeping both counts the same handouts twice, and the remainder has no title.
        if self.has_breakdown and BREAKDOWN_FOLLOWS.match(match.string, match.end()):
            return _CUT
        self.add_material(match["title"], match.groupdict().get("form"), count, match["unit"])
        return _CUT

    def materials_each(self, match: re.Match[str], item: re.Pattern[str]) -> str | None:
        """Give each title in the list the count after 各."""
        count = self.count(match)
        if count is not None:
            for title in item.finditer(match["titles"]):
                self.add_material(title["title"], title.groupdict().get("form"), count, match["unit"])
        return _CUT

    def add_material(
        self, title_written: str, form: str | None, count: Count, unit_written: str | None
    ) -> None:
        bare = title_written.strip()
        written = bare + (form or "")
        # 《消法》折页 is not a catalogue title, but 消法 is: count it under the law it explains
        entry = self.materials.get(written.casefold()) or self.materials.get(bare.casefold())
        unit = unit_written if unit_written in CHINESE_UNITS else "份"
        title, unit = (entry.title, entry.unit) if entry else (written, unit)
        same = next((line for line in self.draft.materials if line.title == title), None)
        if same is None:
            line = MaterialLine(title=title, quantity=count.value, unit=unit, known=entry is not None)
            line.approximate = count.approximate
            self.draft.materials.append(line)
        else:
            same.quantity += count.value
            same.approximate = same.approximate or count.approximate

    def title(self, match: re.Match[str]) -> str | None:
        if self.draft.title is not None or not re.search(r"[^\d\s\-/.:]", match["title"]):
            return None  # a second title, or a quoted date, is left for the others
        self.draft.title = match["title"].strip()
        return _CUT

    def dates(self) -> None:
        reading = read_dates(self.rest, today=self.today)
        if reading.problem:
            self.problems.append(reading.problem)
        else:
            self.draft.start_date, self.draft.end_date = reading.first, reading.last
        self.rest = cut_out(self.rest, reading.spans)

    def consultations(self, match: re.Match[str]) -> str | None:
        if self.draft.consultations is not None:
            return None  # a second count is not added silently; it shows up as unknown
        self.draft.consultations = self.count(match)
        return _CUT

    def staff(self, match: re.Match[str]) -> str | None:
        self.unknown.append(match[0].strip())  # shown back to the worker, never stored as the audience
        return _CUT

    def attendance(self, match: re.Match[str]) -> str | None:
        if _PART.search(match.string, 0, match.start()):
            return None
        if not self.attendance_seen:
            self.attendance_seen = True
            self.draft.attendance = self.count(match)
            return _CUT
        count = self.count(match)
        if (
            count is not None
            and self.draft.attendance is not None
            and count.value != self.draft.attendance.value
        ):
            # 100人 … 200人: which is the audience cannot be told, so neither is guessed
            self.problems.append(Problem(code=ProblemCode.ATTENDANCE_AMBIGUOUS, fragment=match[0].strip()))
            self.attendance_ambiguous = True
        return _CUT

    def partners(self, match: re.Match[str]) -> str | None:
        aliases = "|".join(re.escape(a) for k in self.catalog.kinds for a in (k.name_zh, *k.aliases))
        names = match["names"]
        end = re.search(f"{_PARTNER_END}|{aliases}" if aliases else _PARTNER_END, names, re.IGNORECASE)
        if end is not None and end.start() == 0:
            return None
        kept = names[: end.start()] if end else names
        for name in _PARTNER_SPLIT.split(kept.strip(_QUOTES)):
            if _NOT_PARTNERS.fullmatch(name):
                self.add_audience(name)
            elif name and name not in self.draft.partners:
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
        token = strip_fillers(token.strip(_QUOTES))
        if not token:
            return
        area = next((a for a in areas if token.startswith(a.name)), None)
        if area is not None and self.draft.area_id is None:
            self.draft.area_id = area.id
            if token == area.name:
                return
            if not PLACE.search(token[len(area.name) :]):  # 幸福社区居民: the rest is not a place
                self.place_token(token[len(area.name) :], areas)
                return
        if PLACE.search(token) and self.draft.place is None:
            self.draft.place = token
        elif with_audience and _AUDIENCE.search(token):
            for i, piece in enumerate(_AUDIENCE.split(token)):
                if i % 2 == 0:
                    self.place_token(piece, areas, with_audience=False)
                else:
                    self.add_audience(piece)
        else:
            self.unknown.append(token)

    def add_audience(self, word: str) -> None:
        """File an audience word under its tag; 大家 and 孩子们 name no audience the report counts."""
        found = _AUDIENCE.search(word)
        if found and (name := _AUDIENCE_NAMES.get(found[0], found[0])) not in self.draft.audience:
            self.draft.audience.append(name)


def _alias_length(alias_and_kind: tuple[str, KindEntry]) -> int:
    return -len(alias_and_kind[0])  # longest first


def _or(replacement: str | None, kept: str) -> str:
    return kept if replacement is None else replacement
