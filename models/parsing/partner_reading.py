"""The partner units of a message, kept on the draft: the reading half of models/parsing/partners.py."""

from __future__ import annotations

import re

from models.catalog.entries import AreaEntry, Catalog
from models.parsing import partners as p
from models.parsing.state import BLANK as _BLANK
from models.parsing.state import MessageState

_FULL_WIDTH_PARENS = str.maketrans("()", "（）")
_JOINS_AFTER = "[^\u4e00-\u9fff]|[所局院会委队站心部室区村园办庭科联]"
# After a space, 和 starts a name (和平市场监管所) unless the name is followed by 一起 (和怀仁司法所一起).
_TOGETHER = re.compile(r"\s*(?:一起|一同|共同)")


class PartnerReading(MessageState):
    """A message being read, with the catalogue whose areas are the reporter's own (never partners)."""

    catalog: Catalog

    def partners(self, areas: list[AreaEntry]) -> None:
        names = {a.name for a in self.catalog.areas}
        # A name listed right after a verb starts where it says (联合同善社工中心); one found by its unit
        # word alone may have picked up the word before it (和县妇联).
        # The units a message starts with are trimmed like those found by their unit word (联合XX所搞…).
        listed = dict.fromkeys(p.listed_units(self.rest), True)
        unit_first = [*p.subject_units(self.rest, names), *p.strong_units(self.rest)]
        found = dict.fromkeys(unit_first, False) | listed
        spans = []
        for (start, end, joined), after_verb in sorted(found.items()):
            for written in p.split_joined(joined):
                self.add_partner(start, end, written, names, listed=after_verb)
            spans.append((start, end))
        for start, end, english in p.english_partners(self.rest):
            self.draft.partners += [n for n in english if n not in self.draft.partners]
            spans.append((start, end))
        self.cut(spans)

    def add_partner(self, start: int, end: int, written: str, names: set[str], *, listed: bool) -> None:
        """Keep a unit's name unless it is the reporter's own (an area, 我们…, 龙翔街道妇联) or known."""
        name = p.trim_name(self.restore(written), listed=listed and self.rest.startswith(written, start))
        at = self.rest.find(written, start, end)
        at = at + len(written) - len(name) if at >= 0 else start
        # 4·15和嘉定派出所, 区检察院和区法院: a 和 after no word or after a unit joins; 和平法院 is a name
        spaced = at > 0 and self.rest[at - 1].isspace() and not _TOGETHER.match(self.rest, at + len(name))
        if name[:1] in "和及与" and at > 0 and re.match(_JOINS_AFTER, self.rest[at - 1]) and not spaced:
            name, at = name[1:], at + 1
        before = self.rest[max(0, at - 2) : at]
        own_unit = before.endswith(_BLANK) and p.is_bare_unit(name)  # the blanked area's own 妇联
        own_unit = own_unit or name in p.GENERIC_BODIES  # 联合派出所、社区居民一起: a bare 社区 is no unit
        if len(name) < 2 or own_unit or name in names or p.is_self(name, before):
            return
        name = name.translate(
            _FULL_WIDTH_PARENS
        )  # NFKC made （彭州） ASCII; a Chinese name has them full width
        if any(name in known for known in self.draft.partners):
            return
        self.draft.partners = [known for known in self.draft.partners if known not in name] + [name]
