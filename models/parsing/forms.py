"""Decide an event's form (how it was held) and themes (what law or topic it was about)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from models.catalog.entries import KindEntry, ThemeEntry
from models.parsing.tries import compiled

# 3·15, 4·15, 12·4: a theme day written the way campaigns write it (3.15 and 3月15日 are plain dates).
THEME_DAY = re.compile(r"(?<![\d.])(?P<month>1[0-2]|0?[1-9])\s*[·・•]\s*(?P<day>[12]\d|3[01]|0?[1-9])(?!\d)")
_BOOK_MARK = re.compile("[\ue000-\uf8ff]")
_CN_THEME_DAYS = {"三八": "03-08", "三一五": "03-15", "四一五": "04-15", "六二六": "06-26", "一二四": "12-04"}


def _alias_pattern(aliases: tuple[str, ...]) -> re.Pattern[str]:
    """One trie regex of every alias (casefolded), so the longest one written wins at each place."""
    return compiled(aliases, re.IGNORECASE)


def _aliases_in(text: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """The aliases written in `text`; an English one only as a whole word (law fair, not lawfair)."""
    for found in pattern.finditer(text):
        if found[0][:1].isascii():
            before, after = text[found.start() - 1 : found.start()], text[found.end() : found.end() + 1]
            if _is_letter(before) or _is_letter(after):
                continue
        yield found


def _is_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


@lru_cache(maxsize=32)
def form_aliases(kinds: tuple[KindEntry, ...]) -> tuple[dict[str, KindEntry], re.Pattern[str] | None]:
    by_alias = {a.casefold(): k for k in kinds for a in (k.name_zh, k.name_en, *k.aliases)}
    return by_alias, _alias_pattern(tuple(by_alias)) if by_alias else None


def find_form(text: str, kinds: tuple[KindEntry, ...]) -> tuple[KindEntry | None, list[tuple[int, int]]]:
    """The form the text names (the lowest rank when it names several) and the spans of every form word."""
    by_alias, pattern = form_aliases(kinds)
    if pattern is None:
        return None, []
    found = [(by_alias[m[0].casefold()], m.span()) for m in _aliases_in(text, pattern)]
    if not found:
        return None, []
    order = {k.code: i for i, k in enumerate(kinds)}  # equal ranks: the catalogue's order decides
    best = min(found, key=lambda item: (item[0].rank, order[item[0].code]))[0]
    return best, [span for _, span in found]


def form_from_places(places: Iterable[str], kinds: tuple[KindEntry, ...]) -> KindEntry | None:
    """A form implied by where it was held (学校 → 进校园, 李家村 → 进乡村), most specific word first."""
    words = [(w, k) for k in kinds for w in k.place_words]
    for place in places:
        # The place's head noun decides: 第四小学建设项目工地 is a building site, not a school.
        found = [(place.rfind(w) + len(w), len(w), k) for w, k in words if w in place]
        if found:
            return max(found, key=lambda item: (item[0], item[1]))[2]
    return None


@lru_cache(maxsize=32)
def _theme_aliases(themes: tuple[ThemeEntry, ...]) -> tuple[dict[str, ThemeEntry], re.Pattern[str] | None]:
    by_alias = {a.casefold(): t for t in themes for a in (t.name_zh, *t.aliases, *t.laws)}
    return by_alias, _alias_pattern(tuple(by_alias)) if by_alias else None


def find_themes(
    text: str,
    themes: tuple[ThemeEntry, ...],
    books: Sequence[str] = (),
) -> tuple[list[str], list[tuple[int, int]]]:
    """Every theme named by a word, a law's title or a theme day, in the order written, and the spans
    of the words outside book titles (book titles stand in `text` as one masked character each)."""
    by_alias, pattern = _theme_aliases(themes)
    if pattern is None:
        return [], []
    found: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []
    for match in _aliases_in(text, pattern):
        found.append((match.start(), by_alias[match[0].casefold()].code))
        spans.append(match.span())
    for book in _BOOK_MARK.finditer(text):
        if (index := ord(book[0]) - 0xE000) < len(books):
            found += [(book.start(), by_alias[b[0].casefold()].code) for b in pattern.finditer(books[index])]
    by_day = {d: t.code for t in themes for d in t.days}
    for day in THEME_DAY.finditer(text):
        key = f"{int(day['month']):02d}-{int(day['day']):02d}"
        if key in by_day:
            found.append((day.start(), by_day[key]))
    for written, key in _CN_THEME_DAYS.items():
        if (at := text.find(written)) >= 0 and key in by_day:
            found.append((at, by_day[key]))
    codes: list[str] = []
    for _, code in sorted(found):
        if code not in codes:
            codes.append(code)
    return codes, spans
