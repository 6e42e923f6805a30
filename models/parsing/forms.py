"""Decide an event's form (how it was held) and themes (what law or topic it was about)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from models.catalog import KindEntry, ThemeEntry

# 3·15, 4·15, 12·4: a theme day written the way campaigns write it (3.15 and 3月15日 are plain dates).
THEME_DAY = re.compile(r"(?<![\d.])(?P<month>1[0-2]|0?[1-9])\s*[·・•]\s*(?P<day>[12]\d|3[01]|0?[1-9])(?!\d)")
_CN_THEME_DAYS = {"三八": "03-08", "三一五": "03-15", "四一五": "04-15", "六二六": "06-26", "一二四": "12-04"}


@lru_cache(maxsize=32)
def _alias_pattern(aliases: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of every alias, longest first, so the longest one written wins at each place."""
    ordered = sorted(set(aliases), key=len, reverse=True)
    return re.compile("|".join(_alias(a) for a in ordered), re.IGNORECASE)


def _alias(alias: str) -> str:
    escaped = re.escape(alias)
    return rf"(?<![A-Za-z]){escaped}(?![A-Za-z])" if alias[:1].isascii() else escaped


def form_aliases(kinds: Iterable[KindEntry]) -> tuple[dict[str, KindEntry], re.Pattern[str] | None]:
    by_alias = {a.casefold(): k for k in kinds for a in (k.name_zh, k.name_en, *k.aliases)}
    return by_alias, _alias_pattern(tuple(by_alias)) if by_alias else None


def find_form(text: str, kinds: tuple[KindEntry, ...]) -> tuple[KindEntry | None, list[tuple[int, int]]]:
    """The form the text names (the lowest rank when it names several) and the spans of every form word."""
    by_alias, pattern = form_aliases(kinds)
    if pattern is None:
        return None, []
    found = [(by_alias[m[0].casefold()], m.span()) for m in pattern.finditer(text)]
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


def find_themes(
    text: str,
    themes: tuple[ThemeEntry, ...],
    books: list[str] = (),  # type: ignore[assignment]
) -> tuple[list[str], list[tuple[int, int]]]:
    """Every theme named by a word, a law's title or a theme day, in the order written, and the spans
    of the words outside book titles (book titles stand in `text` as one masked character each)."""
    by_alias = {a.casefold(): t for t in themes for a in (t.name_zh, *t.aliases, *t.laws)}
    if not by_alias:
        return [], []
    pattern = _alias_pattern(tuple(by_alias))
    found: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []
    for match in pattern.finditer(text):
        found.append((match.start(), by_alias[match[0].casefold()].code))
        spans.append(match.span())
    for at, char in enumerate(text):
        if "\ue000" <= char <= "\uf8ff" and (index := ord(char) - 0xE000) < len(books):
            found += [(at, by_alias[b[0].casefold()].code) for b in pattern.finditer(books[index])]
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
