"""What a log message or a guided /log has gathered so far, before it becomes an Event."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field, model_validator

# Defined apart (the ledger's writer process needs them without pydantic); imported from here as before.
from models.events.vocabulary import MaterialCategory as MaterialCategory
from models.events.vocabulary import Qualifier as Qualifier

# Counts above this are refused: no outreach event in a district reaches a million people or handouts.
MAX_COUNT = 1_000_000
# The schema's bounds, checked before the database sees a draft (PostgreSQL refuses what SQLite keeps).
MAX_TITLE = 200
MAX_PLACE = 200
MAX_MATERIAL_TITLE = 128
MAX_UNIT = 8
MAX_PARTNER = 100
MAX_NOTE = 2000


def qualifier_from_approximate(data: Any) -> Any:
    """Drafts saved before qualifiers said only `approximate`, which was shown as 余: more than."""
    if isinstance(data, dict) and "approximate" in data:
        data = dict(data)
        approximate = data.pop("approximate")
        data.setdefault("qualifier", Qualifier.MORE if approximate else Qualifier.EXACT)
    return data


class Count(BaseModel):
    """A number as the worker wrote it: "300余份" is 300, said as "more than"."""

    value: int
    qualifier: Qualifier = Qualifier.EXACT

    @model_validator(mode="before")
    @classmethod
    def _from_approximate(cls, data: Any) -> Any:
        return qualifier_from_approximate(data)

    @property
    def approximate(self) -> bool:
        return self.qualifier != Qualifier.EXACT


class MaterialLine(BaseModel):
    """One material line, as the worker wrote it: title, count, unit, and what was done with it."""

    title: str  # as written, 《》 only where the worker wrote them
    quantity: int
    qualifier: Qualifier = Qualifier.EXACT
    unit: str = "份"
    category: MaterialCategory = MaterialCategory.HANDOUT
    canonical: str | None = None  # the catalogue title it groups under in reports, when one matched

    @model_validator(mode="before")
    @classmethod
    def _from_approximate(cls, data: Any) -> Any:
        data = qualifier_from_approximate(data)
        if isinstance(data, dict) and data.get("known") and "canonical" not in data:
            data = {**data, "canonical": data["title"]}  # saved before titles were kept as written
        return data

    @property
    def approximate(self) -> bool:
        return self.qualifier != Qualifier.EXACT

    @property
    def known(self) -> bool:
        return self.canonical is not None

    def count(self) -> Count:
        return Count(value=self.quantity, qualifier=self.qualifier)


class EventDraft(BaseModel):
    """The fields of an event as far as they are known; None means not given."""

    kind: str | None = None  # the form (形式): EventKind.code, how the event was held
    themes: list[str] = Field(default_factory=list)  # Theme.code: what law or topic it was about
    title: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    place: str | None = None
    area_id: int | None = None
    attendance: Count | None = None
    consultations: Count | None = None
    staff: Count | None = None  # 工作人员, 民警, 律师 … sent to run it: not the audience
    households: Count | None = None  # 户 visited
    materials: list[MaterialLine] = Field(default_factory=list)
    partners: list[str] = Field(default_factory=list)
    audience: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    note: str | None = None
    campaign: bool = False  # a total over several events (全镇共开展40场) the worker chose to log as one


class ProblemCode(StrEnum):
    """Why a fragment of a message was refused."""

    DATE_IN_FUTURE = "date_in_future"
    DATE_TOO_OLD = "date_too_old"
    DATE_INVALID = "date_invalid"  # 2月30日, 13月1日
    DATE_RANGE_REVERSED = "date_range_reversed"
    DATE_AMBIGUOUS = (
        "date_ambiguous"  # two dates that disagree (6月1日 … 6月18日), or a year apart from the date
    )
    COUNT_NEGATIVE = "count_negative"
    COUNT_TOO_LARGE = "count_too_large"
    COUNT_NOT_A_NUMBER = "count_not_a_number"  # 很多人, 若干份
    ATTENDANCE_AMBIGUOUS = "attendance_ambiguous"  # two different head counts: 100人 … 200人
    CONSULTATIONS_AMBIGUOUS = "consultations_ambiguous"  # two different consultation counts
    CAMPAIGN_TOTAL = "campaign_total"  # 全镇共开展40场: a total over many events, not one event
    DATE_WEEK_WITHOUT_DAY = "date_week_without_day"  # 上周, with no day to pin it down
    FIELD_TOO_LONG = "field_too_long"  # longer than the ledger keeps: a place, a title, a partner
    TEXT_TOO_LONG = "text_too_long"
    TEXT_EMPTY = "text_empty"
    ANSWER_NOT_UNDERSTOOD = "answer_not_understood"  # a guided step's answer that fills nothing


class Problem(BaseModel):
    """A fragment that was understood but cannot be accepted, and why."""

    code: ProblemCode
    fragment: str
    limit: str | None = None  # what the bound was, e.g. the max count or the earliest date, for the reply


def length_problems(draft: EventDraft) -> list[Problem]:
    """Every text longer than the ledger keeps: refused before saving, the same on both databases."""
    texts = [
        (draft.title, MAX_TITLE),
        (draft.place, MAX_PLACE),
        *((line.title, MAX_MATERIAL_TITLE) for line in draft.materials),
        *((line.unit, MAX_UNIT) for line in draft.materials),
        *((partner, MAX_PARTNER) for partner in draft.partners),
        *((topic, MAX_PARTNER) for topic in draft.topics),
    ]
    return [
        Problem(code=ProblemCode.FIELD_TOO_LONG, fragment=text[:30] + "…", limit=str(limit))
        for text, limit in texts
        if text is not None and len(text) > limit
    ]


def total_problems(draft: EventDraft) -> list[Problem]:
    """Every count past MAX_COUNT that answers added up (a material line given twice), named by its title."""
    measures = (draft.attendance, draft.consultations, draft.staff, draft.households)
    counts = [(line.title, line.quantity) for line in draft.materials]
    counts += [(str(count.value), count.value) for count in measures if count is not None]
    return [
        Problem(code=ProblemCode.COUNT_TOO_LARGE, fragment=fragment, limit=str(MAX_COUNT))
        for fragment, value in counts
        if value > MAX_COUNT
    ]


class ParseResult(BaseModel):
    """The draft, the fragments the parser could not place, and the refusals."""

    draft: EventDraft
    unknown: list[str] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems
