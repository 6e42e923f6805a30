"""What the report reads from the events themselves, beside the summary: how its counts were said, what
the study sessions studied.

Both read few rows along small indexes: the roughly said counts (partial indexes) and the period's study
sessions (ix_event_kind_day), never every event of the period.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import cache

from sqlalchemy import exists, union_all
from sqlalchemy import select as select_columns
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.entries import ReportGroup
from models.catalog.tables import EventKind
from models.events.drafts import MaterialCategory, Qualifier
from models.events.records import LINE_SAID_ROUGHLY, SAID_ROUGHLY, Event, EventMaterial
from models.organisation.areas import Area
from models.reporting.basis import Basis
from models.reporting.scope import fetch_rows, in_subtree_by_day
from models.reporting.wording import as_written, qualifier_of_sum

TOPICS_PER_KIND = 3
STUDIED = 2000  # the study sessions whose topics are counted: the period's first, by day


def counted_events(first: date, last: date, area: Area, basis: Basis) -> list[object]:
    return [
        col(Event.start_date) >= first,
        col(Event.start_date) <= last,
        col(Event.deleted) == False,  # noqa: E712
        col(Event.status).in_(basis.statuses),  # never returned; approved only when asked
        in_subtree_by_day(area),
    ]


async def how_counts_were_said(*, session: AsyncSession, counted: list[object]) -> dict[str, Qualifier]:
    """How each total is said (余, 约, 近 or exact), from the qualifiers of the counts summed into it."""
    people = await fetch_rows(
        session,
        select_columns(col(Event.attendance_qualifier), col(Event.consultations_qualifier))
        .where(*counted)  # type: ignore[arg-type]
        .where(SAID_ROUGHLY)  # the predicate of a small partial index
        .group_by(col(Event.attendance_qualifier), col(Event.consultations_qualifier)),
    )
    # From the few roughly said lines (a partial index) to their events, not from every event of the period.
    of_a_counted_event = exists().where(col(Event.id) == EventMaterial.event_id, *counted)  # type: ignore[arg-type]
    handouts = await fetch_rows(
        session,
        select_columns(col(EventMaterial.qualifier))
        .where(LINE_SAID_ROUGHLY, col(EventMaterial.category) == MaterialCategory.HANDOUT, of_a_counted_event)
        .group_by(col(EventMaterial.qualifier)),
    )
    return {
        "attendance": qualifier_of_sum(Qualifier(a) for a, _c in people),
        "consultations": qualifier_of_sum(Qualifier(c) for _a, c in people),
        "materials": qualifier_of_sum(Qualifier(q) for (q,) in handouts),
    }


async def study_topics(
    *, session: AsyncSession, counted: list[object], laws: set[str], kinds: list[EventKind]
) -> dict[str, tuple[str, ...]]:
    """The topics most studied per study kind, as the report writes them; a title stands in for none.

    The first STUDIED events of the period by day count; each study form's are read along
    ix_event_kind_day (a few hundred a year, where the period holds a hundred thousand events) and merged.
    """
    study = {k.id: k for k in kinds if k.report_group == ReportGroup.STUDY}
    if not study:
        return {}
    firsts = [
        select_columns(
            col(Event.start_date), col(Event.id), col(Event.kind_id), col(Event.topics), col(Event.title)
        )
        .where(col(Event.kind_id) == kind_id, *counted)  # type: ignore[arg-type]
        .order_by(col(Event.start_date), col(Event.id))
        .limit(STUDIED)
        .subquery()
        for kind_id in study
    ]
    rows = await fetch_rows(session, union_all(*(select_columns(first) for first in firsts)))
    written = cache(lambda topic: as_written(topic, laws=laws))  # the same few topics, over and over
    names = {kind_id: (k.code, k.name_zh) for kind_id, k in study.items()}
    counts: dict[str, Counter[str]] = {}
    for _day, _id, kind_id, topics, title in sorted(rows, key=lambda row: (row[0], row[1]))[:STUDIED]:
        code, name = names[kind_id]
        named = topics or ([title] if title and title != name else [])
        counts.setdefault(code, Counter()).update(map(written, named))
    return {code: tuple(t for t, _n in c.most_common(TOPICS_PER_KIND)) for code, c in counts.items()}
