"""Per-field accuracy of the message parser on the field-report corpus (tests/data/CORPUS.md).

python -m tests.accuracy            # the table, and the share of lines read fully right
python -m tests.accuracy --misses   # every line read wrong, field by field
python -m tests.accuracy --holdout  # the same on tests/data/holdout: reports the parser was not built on
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from models.catalog.entries import AreaEntry, Catalog, shipped_catalog
from models.events.drafts import Count, EventDraft, ParseResult, ProblemCode
from models.parsing import parse_event_text

DATA = Path(__file__).parent / "data"
TODAY = date(2026, 11, 30)
# The fields that make a line "fully right"; the others are measured and printed.
CORE = ("form", "themes", "date", "attendance", "consultations", "materials", "partners", "asks")
EXTRA = ("staff", "households", "place")
_ASKS = {
    ProblemCode.ATTENDANCE_AMBIGUOUS: "attendance",
    ProblemCode.CONSULTATIONS_AMBIGUOUS: "consultations",
    ProblemCode.CAMPAIGN_TOTAL: "campaign",
    ProblemCode.DATE_WEEK_WITHOUT_DAY: "date",
    ProblemCode.DATE_AMBIGUOUS: "date",
}


@dataclass(frozen=True)
class Line:
    source: str
    text: str
    expected: dict[str, Any]
    today: date
    file: str


@dataclass
class Score:
    lines: int = 0
    fully_right: int = 0
    right: dict[str, int] = field(default_factory=dict)
    misses: list[tuple[Line, dict[str, tuple[Any, Any]]]] = field(default_factory=list)

    def share(self, name: str) -> float:
        return self.right.get(name, 0) / self.lines if self.lines else 0.0

    @property
    def fully_right_share(self) -> float:
        return self.fully_right / self.lines if self.lines else 0.0


def corpus(folder: Path = DATA) -> Iterator[tuple[Line, Catalog]]:
    """Every corpus line, with the catalogue its file's area tree gives."""
    for path in sorted(folder.glob("field_reports_*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        areas = tuple(
            AreaEntry(id=i, name=name, path=f"/0/{i}/")
            for i, name in enumerate(data.get("areas", []), start=1)
        )
        catalog = shipped_catalog(areas=(AreaEntry(id=0, name="全区", path="/0/"), *areas))
        for entry in data["lines"]:
            today = date.fromisoformat(entry["today"]) if "today" in entry else TODAY
            yield Line(entry["source"], entry["text"], entry, today, path.name), catalog


def reading(result: ParseResult) -> dict[str, Any]:
    """The parse in the corpus's terms."""
    draft: EventDraft = result.draft
    return {
        "form": draft.kind or "",
        "themes": sorted(draft.themes),
        "date": (
            draft.start_date.isoformat() if draft.start_date else "",
            draft.end_date.isoformat() if draft.end_date and draft.end_date != draft.start_date else "",
        ),
        "attendance": _count(draft.attendance),
        "consultations": _count(draft.consultations),
        "staff": _count(draft.staff),
        "households": _count(draft.households),
        "materials": sorted((m.title, _count(m.count()), m.unit, m.category.value) for m in draft.materials),
        "partners": sorted(draft.partners),
        "place": draft.place or "",
        "asks": sorted({_ASKS[p.code] for p in result.problems if p.code in _ASKS} | _asks_form(draft)),
    }


def expected(line: Line) -> dict[str, Any]:
    e = line.expected
    return {
        "form": e.get("form", ""),
        "themes": sorted(e.get("themes", [])),
        "date": (e.get("date", ""), e.get("end_date", "") if e.get("end_date") != e.get("date") else ""),
        "attendance": e.get("attendance", ""),
        "consultations": e.get("consultations", ""),
        "staff": e.get("staff", ""),
        "households": e.get("households", ""),
        "materials": sorted(
            (m["title"], m["count"], m.get("unit", "份"), m.get("category", "handout"))
            for m in e.get("materials", [])
        ),
        "partners": sorted(e.get("partners", [])),
        "place": e.get("place", ""),
        "asks": sorted(e.get("asks", [])),
    }


def _asks_form(draft: EventDraft) -> set[str]:
    return set() if draft.kind else {"form"}


def _count(count: Count | None) -> str:
    if count is None:
        return ""
    return str(count.value) if count.qualifier == "exact" else f"{count.value} {count.qualifier.value}"


def score(folder: Path = DATA) -> Score:
    result = Score()
    for line, catalog in corpus(folder):
        got = reading(parse_event_text(line.text, today=line.today, catalog=catalog))
        want = expected(line)
        result.lines += 1
        wrong = {}
        for name in (*CORE, *EXTRA):
            if got[name] == want[name]:
                result.right[name] = result.right.get(name, 0) + 1
            else:
                wrong[name] = (want[name], got[name])
        if not any(name in wrong for name in CORE):
            result.fully_right += 1
        else:
            result.misses.append((line, wrong))
    return result


def table(result: Score) -> str:
    rows = [f"{'field':<14} {'right':>6} {'of':>5} {'share':>7}"]
    for name in (*CORE, *EXTRA):
        rows.append(f"{name:<14} {result.right.get(name, 0):>6} {result.lines:>5} {result.share(name):>7.1%}")
    rows.append(
        f"{'fully right':<14} {result.fully_right:>6} {result.lines:>5} {result.fully_right_share:>7.1%}"
    )
    return "\n".join(rows)


def main(argv: list[str]) -> None:
    folder = next((a.split("=", 1)[1] for a in argv if a.startswith("--folder=")), None)
    result = score(DATA / "holdout" if "--holdout" in argv else DATA / folder if folder else DATA)
    if "--misses" in argv:
        for line, wrong in result.misses:
            print(f"\n{line.file}: {line.text}")
            for name, (want, got) in wrong.items():
                print(f"  {name}: expected {want!r}, read {got!r}")
    print(table(result))


if __name__ == "__main__":
    main(sys.argv[1:])
