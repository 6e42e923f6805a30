"""An admin's changes to the forms and themes: a new word for one, a new theme or form, a word taken back.

Every word names one form or theme at most, so the parser never has to choose between two owners. The
shipped words come back with every start (they are the shipped file's), so only an admin's own words can be
taken back; the shipped ones are changed in the file.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.entries import ReportGroup, shipped_catalog
from models.catalog.tables import EventKind, Theme

MAX_WORD = 32
MIN_WORD = 2
# A custom form ranks after the specific places (进校园 …) and before the general ones (讲座, 咨询, 走访),
# so a message naming it and 讲座 is counted under the office's own form.
CUSTOM_FORM_RANK = 35
_NOT_A_WORD = re.compile(r"[\s《》“”\"'<>]|^[\d\W_]+$")

Entry = EventKind | Theme


class Refusal(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    NOT_A_WORD = "not_a_word"
    NOT_FOUND = "not_found"
    BOTH = "both"  # the name is a form's and a theme's
    TAKEN = "taken"  # the word already names a form or theme
    SHIPPED = "shipped"  # a shipped word cannot be taken back here
    IS_NAME = "is_name"  # an entry's own name is not an alias to take back


@dataclass(frozen=True)
class Outcome:
    """What was done (refusal None) or why not; `name` the form or theme concerned, `word` the word."""

    refusal: Refusal | None
    word: str
    name: str | None = None
    is_theme: bool = False
    took_back: bool = False


def word_refusal(word: str) -> Refusal | None:
    if len(word) < MIN_WORD:
        return Refusal.TOO_SHORT
    if len(word) > MAX_WORD:
        return Refusal.TOO_LONG
    if _NOT_A_WORD.search(word):
        return Refusal.NOT_A_WORD
    return None


def _words(entry: Entry) -> list[str]:
    return [entry.name_zh, entry.name_en, entry.code, *entry.aliases]


async def _entries(session: AsyncSession) -> list[Entry]:
    kinds = await session.exec(select(EventKind).where(col(EventKind.active)).with_for_update())
    themes = await session.exec(select(Theme).where(col(Theme.active)).with_for_update())
    return [*kinds, *themes]


def _named(entries: list[Entry], word: str) -> list[Entry]:
    folded = word.casefold()
    return [e for e in entries if any(w.casefold() == folded for w in _words(e))]


def _outcome(
    refusal: Refusal | None, word: str, entry: Entry | None = None, *, took_back: bool = False
) -> Outcome:
    name = entry.name_zh if entry is not None else None
    return Outcome(refusal, word, name, isinstance(entry, Theme), took_back)


async def add_alias(*, session: AsyncSession, name: str, word: str) -> Outcome:
    """Let `word` name the form or theme called `name` in later messages."""
    if refusal := word_refusal(word):
        return _outcome(refusal, word)
    entries = await _entries(session)
    owners = _named(entries, name)
    if not owners:
        return _outcome(Refusal.NOT_FOUND, name)
    if len(owners) > 1:
        return _outcome(Refusal.BOTH, name)
    if taken := _named(entries, word):
        return _outcome(Refusal.TAKEN, word, taken[0])
    owner = owners[0]
    owner.aliases = [*owner.aliases, word]
    session.add(owner)
    return _outcome(None, word, owner)


async def remove_alias(*, session: AsyncSession, word: str) -> Outcome:
    """Take back a word an admin added; a shipped word or an entry's own name stays."""
    entries = await _entries(session)
    owners = _named(entries, word)
    if not owners:
        return _outcome(Refusal.NOT_FOUND, word)
    owner = owners[0]
    folded = word.casefold()
    alias = next((a for a in owner.aliases if a.casefold() == folded), None)
    if alias is None or folded in (owner.name_zh.casefold(), owner.name_en.casefold(), owner.code):
        return _outcome(Refusal.IS_NAME, word, owner)
    shipped = shipped_catalog()
    shipped_aliases = [e.aliases for e in shipped.kinds if e.code == owner.code]
    shipped_aliases += [e.aliases for e in shipped.themes if e.code == owner.code]
    shipped_words = {a.casefold() for aliases in shipped_aliases for a in aliases}
    if folded in shipped_words:
        return _outcome(Refusal.SHIPPED, word, owner)
    owner.aliases = [a for a in owner.aliases if a != alias]
    session.add(owner)
    return _outcome(None, alias, owner, took_back=True)


async def add_entry(*, session: AsyncSession, name: str, aliases: list[str], theme: bool) -> Outcome:
    """A new theme (or outreach form) called `name`, recognised by its name and `aliases`."""
    for word in (name, *aliases):
        if refusal := word_refusal(word):
            return _outcome(refusal, word)
    entries = await _entries(session)
    for word in (name, *aliases):
        if taken := _named(entries, word):
            return _outcome(Refusal.TAKEN, word, taken[0])
    table: type[Entry] = Theme if theme else EventKind
    last = (await session.exec(select(func.max(table.sort_order)))).one() or 0
    code = f"own_{uuid.uuid4().hex[:12]}"  # codes are for the shipped file; an admin's entry needs none
    entry: Entry
    if theme:
        entry = Theme(code=code, name_zh=name, name_en=name, aliases=list(aliases), sort_order=last + 1)
    else:
        entry = EventKind(
            code=code,
            name_zh=name,
            name_en=name,
            report_group=ReportGroup.OUTREACH,
            aliases=list(aliases),
            rank=CUSTOM_FORM_RANK,
            sort_order=last + 1,
        )
    session.add(entry)
    return _outcome(None, name, entry)


async def catalog_listing(*, session: AsyncSession) -> tuple[list[EventKind], list[Theme]]:
    kinds = await session.exec(
        select(EventKind).where(col(EventKind.active)).order_by(col(EventKind.sort_order))
    )
    themes = await session.exec(select(Theme).where(col(Theme.active)).order_by(col(Theme.sort_order)))
    return list(kinds), list(themes)
