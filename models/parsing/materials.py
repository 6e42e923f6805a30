"""Read a message's material lines into the draft, each as written, with its category and its count."""

from __future__ import annotations

import re
from functools import lru_cache

from models.catalog.entries import Catalog, MaterialEntry
from models.events.drafts import MAX_COUNT, Count, MaterialLine, Problem, ProblemCode
from models.parsing import handouts as h
from models.parsing.gates import gated
from models.parsing.numbers import COUNT
from models.parsing.state import MessageState
from models.parsing.tries import compiled


class MaterialReader:
    def __init__(self, parse: MessageState, catalog: Catalog) -> None:
        self.parse = parse
        self.catalog = catalog
        self.by_alias = catalog.materials_by_alias
        self.known = catalog.materials_by_alias.keys()
        self.has_breakdown = h.BREAKDOWN.search(parse.rest) is not None

    def read(self) -> None:
        parse = self.parse
        for pattern in h.QUOTED:
            parse.cut([f.span() for f in list(pattern.finditer(parse.rest)) if self.quoted(f)])
        if "各" in parse.rest:  # the pattern is costly on long texts; most messages have no 各
            parse.cut([f.span() for f in list(h.EACH.finditer(parse.rest)) if self.each(f)])
        self.catalogue_titles()
        for found in list(h.COUNT_FIRST.finditer(parse.rest)):
            if not found["verb"] and (
                not found["title"].strip()
                or re.search(r"\s", found[0][found.start("count") - found.start() :])
                or _after_title(parse.rest, found.start("count"))
            ):
                continue  # 资料420余份 毛巾110余条: without a verb a count belongs to the title before it
            count = parse.count(found)
            if count is not None:
                self.add(parse.restore(found["title"]), count, found["unit"], found["verb"])
            parse.cut([found.span()])
        for found in list(h.AMOUNT.finditer(parse.rest)):
            title = h.title_before(parse.rest, found.start(), self.known)
            if title is None:
                continue
            start, written, verb = title
            count = parse.count(found, parse.rest[start : found.end()])
            if count is not None and not self.is_total_before_breakdown(found):
                self.add(parse.restore(written), count, found["unit"], verb)
            parse.cut([(start, found.end())])

    def is_total_before_breakdown(self, found: re.Match[str]) -> bool:
        # 资料300份，其中《宪法》50份: the breakdown's lines are kept and the total dropped, or the same
        # handouts would count twice.
        return self.has_breakdown and h.BREAKDOWN_FOLLOWS.match(self.parse.rest, found.end()) is not None

    def quoted(self, found: re.Match[str]) -> bool:
        count = self.parse.count(found)
        if count is not None:
            self.add(self.parse.restore(found["title"].strip()), count, found["unit"], None)
        return True

    def catalogue_titles(self) -> None:
        """Catalogue titles with a bare count: 法律援助联系卡50, leaflets x200, 200 leaflets."""
        for pattern in _title_patterns(self.catalog.material_aliases):
            for found in list(pattern.finditer(self.parse.rest)):
                count = self.parse.count(found)
                if count is not None:
                    self.add(found["title"], count, None, None)
                self.parse.cut([found.span()])

    def each(self, found: re.Match[str]) -> bool:
        """《宪法》、《民法典》各100本: each title in the list gets the count."""
        titles = [t.strip() for t in h.EACH_SPLIT.split(found["titles"]) if t.strip()]
        trimmed = [h.trim_title(t) for t in titles]
        if len(titles) < 2 or not all(t and h.title_before(t, len(t), self.known) for t, _ in trimmed):
            return False
        count = self.parse.count(found)
        if count is not None:
            verb = trimmed[0][1] or h.verb_before(self.parse.rest, found.start())
            for title, _ in trimmed:
                self.add(self.parse.restore(title), count, found["unit"], verb)
        return True

    def add(self, title: str, count: Count, unit: str | None, verb: str | None) -> None:
        title = title.strip()[:200]
        entry = self.entry(title)
        category = h.category_of(title, verb)
        unit = _unit(unit)
        lines = self.parse.draft.materials
        same = next((x for x in lines if (x.title, x.unit, x.category) == (title, unit, category)), None)
        if same is None:
            lines.append(
                MaterialLine(
                    title=title,
                    quantity=count.value,
                    qualifier=count.qualifier,
                    unit=unit,
                    category=category,
                    canonical=entry.title if entry else None,
                )
            )
        elif same.quantity + count.value > MAX_COUNT:  # a title given twice adds up, bounded like one count
            too_large = Problem(code=ProblemCode.COUNT_TOO_LARGE, fragment=title, limit=str(MAX_COUNT))
            self.parse.problems.append(too_large)
            lines.remove(same)
        else:
            same.quantity += count.value
            if count.approximate and not same.approximate:
                same.qualifier = count.qualifier

    def entry(self, title: str) -> MaterialEntry | None:
        """The catalogue entry a title groups under: itself, a known title in its 《》, or one inside it."""
        bare = title.replace("《", "").replace("》", "").casefold()
        if bare in self.by_alias:
            return self.by_alias[bare]
        inside = re.findall(r"《([^《》]+)》", title)
        for book in inside:
            # 《民法典》宣传手册 groups under 民法典手册: the book with the title's noun, or the book alone
            for candidate in (book + bare[-2:], book + bare[-3:], book):
                if candidate.casefold() in self.by_alias:
                    return self.by_alias[candidate.casefold()]
        for alias in self.catalog.material_aliases_longest_first:
            if (len(alias) >= 3 and alias in bare) or (len(alias) == 2 and bare.startswith(alias)):
                return self.by_alias[alias]
        return None


def _after_title(text: str, start: int) -> bool:
    return start > 0 and re.match(r"[\u4e00-\u9fff\ue000-\uf8ff]", text[start - 1]) is not None


def _unit(written: str | None) -> str:
    """The unit as written; 份 when none was, or an English one (copies, pcs)."""
    return written if written and not written.isascii() else "份"


@lru_cache(maxsize=16)
def _title_patterns(aliases: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """A catalogue title then a count with no unit (the count ends the phrase), or x200; in English also
    the count first (200 leaflets). Compiled once per catalogue."""
    if not aliases:
        return ()
    names = compiled(aliases, re.IGNORECASE).pattern
    english = compiled(tuple(a for a in aliases if a.isascii()), re.IGNORECASE).pattern
    return (
        gated(
            rf"(?<![A-Za-z\u4e00-\u9fff])(?P<title>{names})(?![A-Za-z])\s*(?:[x×*:]\s*)?(?P<count>{COUNT})"
            rf"(?!\s*(?:people|ppl|人|名|位|[\u4e00-\u9fff]))",
            re.IGNORECASE,
        ),
        gated(
            rf"(?<![\d.])(?P<count>{COUNT})\s*(?:(?:copies|pcs)\s+of\s+)?(?<![A-Za-z])(?P<title>{english})(?![A-Za-z])",
            re.IGNORECASE,
        ),
    )
