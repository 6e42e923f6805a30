"""One regex for a list of words, shaped as a trie, so a catalogue of hundreds of aliases costs little.

Python's `re` tries the branches of `a|b|c|…` one after another at every position of the text; with the
words' shared prefixes factored out (民法典手册|民法典读本 → 民法典(?:手册|读本)) a position that starts
no word is left after one character. Longer words win where one is the start of another, as the greedy
`?` tries the longer branch first. (The `trieregex` package does the same but is not on PyPI's mirror
here, and this is twenty lines.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_END = ""


def alternation(words: Iterable[str]) -> str:
    """A regex (without groups) that matches any of `words`, the longest at each position."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        if not word:
            continue
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _pattern(trie) or "(?!)"


def _pattern(node: dict) -> str:  # type: ignore[type-arg]
    branches = [re.escape(char) + _pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        return f"(?:{body})?" if len(branches) == 1 else body + "?"
    return body


@lru_cache(maxsize=64)
def compiled(words: tuple[str, ...], flags: int = 0) -> re.Pattern[str]:
    """The trie regex of `words`, compiled once per word list."""
    return re.compile(alternation(words), flags)


def ends_with_any(text: str, words: frozenset[str], lengths: tuple[int, ...]) -> str | None:
    """The longest of `words` that `text` ends with (lengths: the words' lengths, longest first)."""
    for length in lengths:
        if length <= len(text) and text[-length:] in words:
            return text[-length:]
    return None
