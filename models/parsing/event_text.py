"""Turn one free-form log message into an EventDraft, the words left over, and the refusals.

Fields are taken in an order where earlier ones cannot eat later ones: dates, then the people counts
(consultations, staff, households), places and partner units, the material lines, the audience count,
and last the form and theme words. Each taken span is blanked (same length, so every position stays
valid); what is left at the end is kept as the event's note. Book titles 《…》 are masked first, so
nothing inside one is ever read as a date or a count.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from models.catalog.entries import AreaEntry, Catalog
from models.events.drafts import (
    MAX_NOTE,
    Count,
    EventDraft,
    ParseResult,
    Problem,
    ProblemCode,
    Qualifier,
    length_problems,
)
from models.parsing import measures as m
from models.parsing.dates import read_dates
from models.parsing.forms import find_form, find_themes, form_from_places
from models.parsing.gates import gated
from models.parsing.leftovers import SPLIT, strip_fillers
from models.parsing.materials import MaterialReader
from models.parsing.numbers import count_problem, may_hold_count, read_count
from models.parsing.partner_reading import PartnerReading
from models.parsing.places import ENGLISH_PLACES, NAME_RUN, cut_at_stop, is_place, longest_place, venues
from models.parsing.state import BLANK as _BLANK
from models.parsing.tries import compiled

# The parser's own marks: NUL blanks a taken span, a private-use character stands for a 《book》. The same
# characters typed by a user mean nothing to the reader of the ledger, and would be taken for the marks.
_MARKS = re.compile("[\x00\ue000-\uf8ff]")
_COMMAND = re.compile(r"^\s*/log(?:@[A-Za-z0-9_]+)?(?![A-Za-z0-9_])", re.IGNORECASE)
_TITLE = re.compile(r"[“\"「](?P<title>[^“”\"「」\n]{1,60})[”\"」]")
_WEEK_ONLY = gated(r"(?:上个?|本|这个?)(?:周|星期|礼拜)(?![一二三四五六日天1-7])|\blast\s+week\b", re.I)
_AUDIENCE = re.compile(f"({m.AUDIENCE_WORDS})")
_AUDIENCE_NAMES = {"群众": "居民", "村民": "居民", "老人": "老年人", "职工": "企业职工", "员工": "企业职工"}
_STUDY_AUDIENCE = re.compile(r"干部$")
_FOR_THEM = re.compile(r"[给为向对]\s*$")
_AUDIENCE_AND = re.compile(f"(?:{m.AUDIENCE_WORDS})[和及、][\u4e00-\u9fff]{{0,2}}$")  # 师生和镇村干部
_AUDIENCE_AFTER = re.compile(f"职工|群众|家属|居民|[和及、](?:{m.AUDIENCE_WORDS})")  # 村社干部和村民代表
_QUOTES = " '\"“”「」"
_ONLY_BOOKS = re.compile("[\ue000-\uf8ff]+")
MAX_LENGTH = 4096  # Telegram's longest message


def parse_event_text(
    text: str, *, today: date, catalog: Catalog, max_length: int = MAX_LENGTH
) -> ParseResult:
    """Read a log message into a draft, listing what could not be placed and what was refused."""
    if len(text) > max_length:  # checked first too, so a huge message is never normalised
        return _refused(ProblemCode.TEXT_TOO_LONG, text[:20], limit=str(max_length))
    normalised = unicodedata.normalize("NFKC", text)
    if len(normalised) > max_length:  # NFKC can lengthen: one ﷺ becomes 18 characters
        return _refused(ProblemCode.TEXT_TOO_LONG, text[:20], limit=str(max_length))
    normalised = _COMMAND.sub("", _MARKS.sub(" ", normalised), count=1).strip()
    if not normalised:
        return _refused(ProblemCode.TEXT_EMPTY, "")
    parse = _Parse(normalised, today=today, catalog=catalog)
    problems = sorted(parse.problems, key=lambda q: normalised.find(q.fragment))  # in the order written
    problems += length_problems(parse.draft)
    return ParseResult(draft=parse.draft, unknown=parse.unknown, problems=problems)


def _refused(code: ProblemCode, fragment: str, limit: str | None = None) -> ParseResult:
    return ParseResult(draft=EventDraft(), problems=[Problem(code=code, fragment=fragment, limit=limit)])


class _Parse(PartnerReading):
    """One message taken apart, field by field."""

    def __init__(self, text: str, *, today: date, catalog: Catalog) -> None:
        super().__init__(text)
        self.catalog = catalog
        self.venue: str | None = None  # the place with the area it is in, when the message wrote both
        early, _ = find_form(self.rest, catalog.kinds)
        self.study = early is not None and early.report_group == "study"
        counted = may_hold_count(self.rest)
        self.dates(today)
        self.campaign()
        if counted:
            self.take_counts()
        areas = self.areas()
        self.places()
        self.partners(areas)
        self.cut_areas(areas)
        if counted:
            MaterialReader(self, catalog).read()
            self.counts(m.ATTENDANCE, "attendance", ProblemCode.ATTENDANCE_AMBIGUOUS, skip_parts=True)
        # The form from what is left: a form word inside a material title (知识问答 leaflets) is not the form;
        # one inside the event's quoted title (“法治文化进乡村”文艺演出) is.
        form, form_spans = find_form(self.rest, catalog.kinds)
        self.take(_TITLE, self.title)
        self.cut(form_spans)
        themes, theme_spans = find_themes(self.masked, catalog.themes, self.books)
        self.draft.themes = themes
        self.cut(theme_spans)
        for pattern in ENGLISH_PLACES:
            self.take(pattern, self.english_place)
        self.leftovers(areas)
        if form is None:
            # From the venue only: an area's name alone says where, not how (阳光社区 禁毒宣传 asks).
            form = form_from_places([self.venue or self.draft.place or ""], catalog.kinds)
        self.draft.kind = form.code if form else None
        self.draft.topics = [b for b in self.books if not self._is_material_title(b)]
        self.draft.note = " ".join(self.unknown)[:MAX_NOTE] or None

    # -- the fields

    def campaign(self) -> None:
        """全镇共开展40场, 3天6场, 先后到各镇: a total over many events, even over a run of days."""
        for found in m.CAMPAIGN.finditer(self.rest):
            written = found["count"] or found["count2"] or found["count3"] or found["count4"]
            count = read_count(written) if written else Count(value=2)  # 截至目前: a running total
            if count is not None and count.value >= 2:
                self.problems.append(
                    Problem(code=ProblemCode.CAMPAIGN_TOTAL, fragment=self.fragment(found[0]))
                )
                return  # its words stay: 开展讲座10场 still names the form

    def dates(self, today: date) -> None:
        reading = read_dates(self.rest, today=today)
        if reading.problem:
            self.problems.append(reading.problem)
        else:
            self.draft.start_date, self.draft.end_date = reading.first, reading.last
        self.cut(reading.spans)
        if self.draft.start_date is None and not reading.problem and (week := _WEEK_ONLY.search(self.rest)):
            self.problems.append(Problem(code=ProblemCode.DATE_WEEK_WITHOUT_DAY, fragment=week[0]))
            self.cut([week.span()])

    def take_counts(self) -> None:
        self.counts(m.CONSULTATIONS, "consultations", ProblemCode.CONSULTATIONS_AMBIGUOUS)
        for pattern in m.STAFF:
            self.take(pattern, self.staff)
        for pattern in m.HOUSEHOLDS:
            self.take(pattern, lambda found: self.add_to("households", found))

    def counts(
        self,
        patterns: tuple[re.Pattern[str], ...],
        name: str,
        ambiguous: ProblemCode,
        *,
        skip_parts: bool = False,
    ) -> None:
        """One measure's count; a second, different one is not guessed between: the bot asks."""
        seen: list[Count] = []
        for pattern in patterns:
            spans = []
            for found in pattern.finditer(self.rest):
                if skip_parts and m.PART_BEFORE.search(self.rest, max(0, found.start() - 12), found.start()):
                    continue
                spans.append(found.span())
                if len(seen) == 2:
                    continue  # two different counts already ask; the others are cut out unread
                count = self.count(found)
                if count is not None and all(c.value != count.value for c in seen):
                    seen.append(count)
            self.cut(spans)
        current = getattr(self.draft, name)
        values = {c.value for c in seen} | ({current.value} if current else set())
        if len(values) > 1:
            self.problems.append(Problem(code=ambiguous, fragment=" / ".join(str(v) for v in sorted(values))))
            setattr(self.draft, name, None)
        elif seen and current is None:
            setattr(self.draft, name, seen[0])

    def staff(self, found: re.Match[str]) -> bool:
        if self.study and _STUDY_AUDIENCE.search(found["who"]):
            return False  # at a study session the cadres are the ones studying
        if _AUDIENCE_AFTER.match(self.rest, found.end("who")):
            return False  # 60多名干部职工: cadres and workers, the audience
        if _AUDIENCE_AND.search(self.rest, max(0, found.start() - 8), found.start()):
            return False  # 村民和村干部三十余人: the cadres are part of the audience
        if _FOR_THEM.search(self.rest, max(0, found.start() - 2), found.start()):
            return False  # 给100多名镇村干部讲: the ones the talk was for
        return self.add_to("staff", found)

    def add_to(self, name: str, found: re.Match[str]) -> bool:
        """Add the count to a measure that sums (民警3名、律师2名 are five staff); a sum is bounded too."""
        count = self.count(found)
        if count is not None:
            current: Count | None = getattr(self.draft, name)
            if current is not None:
                qualifier = current.qualifier if current.qualifier != Qualifier.EXACT else count.qualifier
                count = Count(value=current.value + count.value, qualifier=qualifier)
                if problem := count_problem(count, self.fragment(found[0])):  # the count that tipped it over
                    self.problems.append(problem)
                    count = None
            setattr(self.draft, name, count)
        return True

    def areas(self) -> list[AreaEntry]:
        """The areas of the member's subtree the message names; the first is the event's area."""
        named = []
        for area in sorted(self.catalog.areas, key=lambda a: len(a.name), reverse=True):
            if area.name and area.name in self.rest:
                named.append(area)
        named.sort(key=lambda a: self.rest.find(a.name))
        if named:
            self.draft.area_id = named[0].id
        return named

    def places(self) -> None:
        """Venues after 在/到/走进 (在和谐广场: before partners, so no 和 splits a place name)."""
        area_names = compiled(tuple(sorted(a.name for a in self.catalog.areas if a.name)))
        for start, end, place in venues(self.rest):
            _, spans = find_form(self.rest[start:end], self.catalog.kinds)
            if any(at < end - start - len(place) for at, _ in spans):
                continue  # 走进企业: a form word from the verb on, not a venue (在前进村商贸城 is one)
            if area_names.match(self.rest, start):
                continue  # 来龙镇…: the "verb" is an area name's first character
            if self.draft.place is None and not any(place == a.name for a in self.catalog.areas):
                self.draft.place = self.restore(place)
            self.cut([(end - len(place), end)])

    def cut_areas(self, areas: list[AreaEntry]) -> None:
        """An area's name with a place after it is the place (李家村文化广场); then the names are taken."""
        for area in areas:
            for found in re.finditer(re.escape(area.name), self.rest):
                run = NAME_RUN.match(self.rest, found.start(), found.start() + 30)
                place = longest_place(cut_at_stop(run[0], len(area.name))) if run else None
                if place and place != area.name and self.draft.place is None:
                    # The area is the event's area; the place is the venue beyond it (李家村|文化广场).
                    self.draft.place = self.restore(place[len(area.name) :])
                    self.venue = place  # 幸福社区文化广场 still says the form: 进社区
                    self.cut([(found.start(), found.start() + len(place))])
                else:
                    self.cut([found.span()])

    def title(self, found: re.Match[str]) -> bool:
        if self.draft.title is not None or not re.search(r"[^\d\s\-/.:\x00]", found["title"]):
            return False  # a second title, or a quoted date, is left for the others
        # As written: a date, count or name inside the quotes was taken already, and left blanks in `rest`.
        self.draft.title = self.restore(self.masked[found.start("title") : found.end("title")].strip())
        return True

    def english_place(self, found: re.Match[str]) -> bool:
        if self.draft.place is not None:
            return False
        self.draft.place = found["place"]
        return True

    def leftovers(self, areas: list[AreaEntry]) -> None:
        area_names = sorted((a.name for a in areas), key=len, reverse=True)
        for token in SPLIT.split(self.rest.replace(_BLANK, " ")):
            if _ONLY_BOOKS.fullmatch(token):
                continue  # book titles that are no material's are the event's topics
            token = strip_fillers(self.restore(token).strip(_QUOTES))
            if not token:
                continue
            if is_place(token) and self.draft.place is None and token not in area_names:
                self.draft.place = token
            elif _AUDIENCE.search(token) and len(token) <= 8:
                self.add_audience(token)
            else:
                self.unknown.append(token)

    def add_audience(self, word: str) -> None:
        """File an audience word under its tag."""
        for found in _AUDIENCE.finditer(word):
            if (name := _AUDIENCE_NAMES.get(found[0], found[0])) not in self.draft.audience:
                self.draft.audience.append(name)
