"""What a log message or a guided /log has gathered so far, before it becomes an Event."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field

# Counts above this are refused: no outreach event in a district reaches a million people or handouts.
MAX_COUNT = 1_000_000


class Count(BaseModel):
    """A number as the worker wrote it: "300余份" is 300, marked approximate."""

    value: int
    approximate: bool = False


class MaterialLine(BaseModel):
    """One handout line: a title and how many were given out."""

    title: str  # the catalogue's canonical title when an alias matched, else the title as written
    quantity: int
    approximate: bool = False
    unit: str = "份"
    known: bool = False  # True when the title matched the materials catalogue


class EventDraft(BaseModel):
    """The fields of an event as far as they are known; None means not given."""

    kind: str | None = None  # EventKind.code
    title: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    place: str | None = None
    area_id: int | None = None
    attendance: Count | None = None
    consultations: Count | None = None
    materials: list[MaterialLine] = Field(default_factory=list)
    partners: list[str] = Field(default_factory=list)
    audience: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    note: str | None = None


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
    TEXT_TOO_LONG = "text_too_long"
    TEXT_EMPTY = "text_empty"
    ANSWER_NOT_UNDERSTOOD = "answer_not_understood"  # a guided step's answer that fills nothing


class Problem(BaseModel):
    """A fragment that was understood but cannot be accepted, and why."""

    code: ProblemCode
    fragment: str
    limit: str | None = None  # what the bound was, e.g. the max count or the earliest date, for the reply


class ParseResult(BaseModel):
    """The draft, the fragments the parser could not place, and the refusals."""

    draft: EventDraft
    unknown: list[str] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems
