"""How the report writes things: titles in 《》 only when they are titles, theme days in quotes, numbers.

The house rules of the real report (../shared/seed): 发放《民法典手册》《人民调解法》 but 发放宣传单;
“三八”国际妇女节普法主题宣传活动; a count as it was said (300余份) or, on request, rounded (3700余份).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources

from models.events.drafts import Qualifier

# A handout named after what it is, not what it says, is no title: 宣传单, 宣传资料, 折页, 海报 …
GENERIC_HANDOUTS = (
    "宣传单",
    "宣传资料",
    "资料",
    "传单",
    "折页",
    "宣传页",
    "单页",
    "海报",
    "明白纸",
    "宣传品",
)
# What a law, a regulation or a book's name ends with.
TITLE_ENDINGS = (
    "法",
    "法典",
    "条例",
    "规定",
    "办法",
    "决定",
    "纲要",
    "手册",
    "读本",
    "汇编",
    "问答",
    "指南",
    "规划",
)


def bare(text: str) -> str:
    """The words without the 《》 a worker may have put round them."""
    return text.strip().removeprefix("《").removesuffix("》").strip()


def is_title(text: str, *, laws: Iterable[str] = ()) -> bool:
    """Whether a report writes the words in 《》: a law or book by name, never a generic handout."""
    words = bare(text)
    if not words or words.endswith(GENERIC_HANDOUTS):
        return False
    return words in set(laws) or words.endswith(TITLE_ENDINGS) or text.strip().startswith("《")


def as_written(text: str, *, laws: Iterable[str] = ()) -> str:
    """《民法典》 for a title, 宣传单 for a handout, 习近平法治思想 for a topic."""
    words = bare(text)
    return f"《{words}》" if is_title(text, laws=laws) else words


def qualifier_of_sum(qualifiers: Iterable[Qualifier]) -> Qualifier:
    """How a total of counts is said: 余 if some were "more than", 近 if some "nearly", else 约 if mixed."""
    said = set(qualifiers) - {Qualifier.EXACT}
    if not said:
        return Qualifier.EXACT
    if len(said) == 1:
        return said.pop()
    return Qualifier.ABOUT


@dataclass(frozen=True)
class Total:
    """A sum of counts and how it is said; the template writes it with the `n` filter."""

    value: int
    qualifier: Qualifier = Qualifier.EXACT


def count_text(count: Total | int, *, rounded: bool = False) -> str:
    """300, 300余, 约300, 近300; rounded: two figures then 余 (3750 → 3700余), 约 when said roughly."""
    total = count if isinstance(count, Total) else Total(count)
    n, qualifier = total.value, total.qualifier
    if rounded and n >= 100:
        factor = 10 ** (len(str(n)) - 2)
        if qualifier in (Qualifier.ABOUT, Qualifier.NEARLY):
            return f"约{(n + factor // 2) // factor * factor}"
        down = n // factor * factor
        return f"{down}余" if down != n or qualifier == Qualifier.MORE else str(n)
    return {
        Qualifier.EXACT: str(n),
        Qualifier.MORE: f"{n}余",
        Qualifier.ABOUT: f"约{n}",
        Qualifier.NEARLY: f"近{n}",
    }[qualifier]


@dataclass(frozen=True)
class ThemeDay:
    """A day or campaign named after a theme, as the report writes it: “三八”国际妇女节, “宪法宣传周”."""

    theme: str
    name: str
    first: tuple[int, int]  # (month, day) the campaign's events start
    last: tuple[int, int]

    def covers(self, day: date) -> bool:
        return self.first <= (day.month, day.day) <= self.last


@dataclass(frozen=True)
class ReportWords:
    """models/reporting/templates/report_words.toml: quoted campaign forms, practice forms, theme days."""

    campaign_forms: frozenset[str]
    practice_forms: frozenset[str]
    days: tuple[ThemeDay, ...]  # the shortest first
    phrases: dict[str, str]

    def phrase(self, name: str, **fields: str) -> str:
        """One of the file's [phrases], filled in: phrase("form_work", form="送法进企业") → 送法进企业活动."""
        return self.phrases[name].format(**fields)

    def theme_day(self, themes: Iterable[str], day: date) -> ThemeDay | None:
        """The theme day an event of these themes on this day belongs to, if any."""
        codes = set(themes)
        return next((d for d in self.days if d.theme in codes and d.covers(day)), None)


@cache
def report_words() -> ReportWords:
    text = resources.files("models.reporting").joinpath("templates/report_words.toml").read_text("utf-8")
    data = tomllib.loads(text)
    days = []
    for entry in data["day"]:
        first = date(2001, *map(int, entry["first"].split("-")))
        last = date(2001, *map(int, entry.get("last", entry["first"]).split("-")))
        days.append(ThemeDay(entry["theme"], entry["name"], (first.month, first.day), (last.month, last.day)))
    return ReportWords(
        campaign_forms=frozenset(data.get("campaign_forms", ())),
        practice_forms=frozenset(data.get("practice_forms", ())),
        days=tuple(sorted(days, key=_length)),
        phrases=dict(data["phrases"]),
    )


def _length(day: ThemeDay) -> timedelta:
    return date(2001, *day.last) - date(2001, *day.first)
