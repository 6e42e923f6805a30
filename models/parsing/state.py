"""The state of one message being read: what is left of it, the draft so far, and the problems.

Each taken span is blanked (same length, so every position stays valid). Book titles 《…》 are masked to
one private-use character each, so nothing inside one is read as a date or a count; `restore` puts them
back wherever text is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from models.events.drafts import Count, EventDraft, Problem, ProblemCode
from models.parsing.numbers import count_problem, read_count

BLANK = "\x00"
_BOOK = re.compile(r"《(?P<title>[^《》\n]{1,60})》")
_BOOK_MARK = re.compile("[\ue000-\uf8ff]")
_MAX_BOOKS = 6000  # private-use characters to mask them with


class MessageState:
    """What is left of a message, the draft so far, the problems and the words not understood."""

    def __init__(self, text: str) -> None:
        self.draft = EventDraft()
        self.problems: list[Problem] = []
        self.unknown: list[str] = []
        self.books: list[str] = []
        self.rest = _BOOK.sub(self._mask_book, text)
        self.masked = self.rest

    def _mask_book(self, match: re.Match[str]) -> str:
        if len(self.books) >= _MAX_BOOKS:
            return match[0]
        self.books.append(match["title"])
        return chr(0xE000 + len(self.books) - 1)

    def restore(self, text: str) -> str:
        return _BOOK_MARK.sub(lambda c: f"《{self.books[ord(c[0]) - 0xE000]}》", text)

    def _is_material_title(self, book: str) -> bool:
        return any(f"《{book}》" in line.title for line in self.draft.materials)

    def cut(self, spans: Iterable[tuple[int, int]]) -> None:
        """Blank the spans in one pass (a thousand matches must not copy the text a thousand times)."""
        parts: list[str] = []
        done = 0
        for start, end in sorted(spans):
            start = max(start, done)
            if end <= start:
                continue
            parts += (self.rest[done:start], BLANK * (end - start))
            done = end
        if parts:
            self.rest = "".join(parts) + self.rest[done:]

    def take(self, pattern: re.Pattern[str], place: Callable[[re.Match[str]], bool]) -> None:
        """Blank every match that `place` accepts (returns True); the others stay for later fields."""
        self.cut([found.span() for found in list(pattern.finditer(self.rest)) if place(found)])

    def fragment(self, written: str) -> str:
        """What the worker wrote, for a problem: the blanks taken out, the book titles put back."""
        return self.restore(written.replace(BLANK, "").strip())

    def count(self, match: re.Match[str], written: str | None = None) -> Count | None:
        """Read the match's count, or record why it is refused (naming `written`, or the match)."""
        groups = match.groupdict()
        fragment = self.fragment(written or match[0])
        count = None if groups.get("vague") else read_count(match["count"], groups.get("post"))
        problem = (
            Problem(code=ProblemCode.COUNT_NOT_A_NUMBER, fragment=fragment)
            if count is None
            else count_problem(count, fragment)
        )
        if problem is None:
            return count
        self.problems.append(problem)
        return None
