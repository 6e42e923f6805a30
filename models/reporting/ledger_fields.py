"""What one event puts in the ledger's cells: the query's row, its material lines, its days and lists."""

from __future__ import annotations

import json
from datetime import date
from typing import NamedTuple

from models.events.vocabulary import Qualifier
from models.reporting.ledger_cells import Counted
from models.reporting.ledger_layout import QUALIFIER_WORDS


class LedgerRow(NamedTuple):
    """A row of the ledger query (models/reporting/export.py selects these columns in this order): an
    event's columns, the same on each of its rows, then one of its material lines (or none)."""

    id: int
    start_date: date | str  # a date, or the ISO text SQLite holds when read without SQLAlchemy
    end_date: date | str | None
    area_id: int
    title: str
    place: str | None
    partners: str | None  # the JSON lists as their text: decoded once an event, not once a row
    audience: str | None
    topics: str | None
    note: str | None
    attendance: int | None
    attendance_qualifier: str | None
    consultations: int | None
    consultations_qualifier: str | None
    status: str
    status_note: str | None
    kind: str
    reporter: str
    photos: int
    themes: str | None
    material: str | None
    unit: str | None
    quantity: int | None
    qualifier: str | None
    category: str | None
    grouped: str | None
    grouped_unit: str | None


class LedgerLine(NamedTuple):
    title: str
    unit: str
    quantity: int
    qualifier: str  # a Qualifier's value
    category: str  # a MaterialCategory's value
    grouped: str  # the catalogue name it groups under, or the title as written
    grouped_unit: str

    def written(self) -> str:
        """300余份 is written after the number, 约300份 and 近300份 before it."""
        word = QUALIFIER_WORDS[self.qualifier]
        count = f"{self.quantity}{word}" if self.qualifier == Qualifier.MORE else f"{word}{self.quantity}"
        return f"{self.title}{count}{self.unit}"


def days_written(start: date, end: date | None) -> str:
    """2026-11-03, or 2026-11-03至11-05 for a campaign of several days."""
    if end is None or end == start:
        return start.isoformat()
    if end.year == start.year:
        return f"{start.isoformat()}至{end.month:02d}-{end.day:02d}"
    return f"{start.isoformat()}至{end.isoformat()}"


def day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def texts(listed: str | list[str] | None) -> list[str]:
    """A JSON list of texts, as the database holds it ("[]" for most events' partners)."""
    if not listed or listed == "[]":
        return []
    if isinstance(listed, list):
        return listed
    return json.loads(listed) or []


def counted(value: int | None, qualifier: str | None) -> Counted | None:
    return None if value is None else Counted(value, qualifier)


def content(topics: list[str], note: str | None) -> str:
    """活动内容/备注: the topics studied, then the note."""
    return "；".join(part for part in [*topics, note] if part)
