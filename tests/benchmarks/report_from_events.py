"""The report's facts as they were read before commit "report reads" (bfd856c): from the events themselves.

Study topics along the period's events in date order, partnered events by a scan of the period, last
year's outreach by a count of its events, and the template compiled for every draft. Kept only so that
`make bench` can time today's report against it on the same data in the same run, and so that a test can
hold the two equal; the bot never calls it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import fields

from jinja2 import Environment, StrictUndefined
from sqlalchemy import String, and_, cast, exists, func
from sqlalchemy import select as select_columns
from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.entries import ReportGroup
from models.catalog.tables import EventKind, Theme
from models.events.records import Event, EventTheme
from models.organisation.areas import Area
from models.parsing.periods import Period, PeriodKind
from models.reporting import partner_work as work
from models.reporting.basis import Basis
from models.reporting.partner_work import PartnerWork, group_work, themes_of
from models.reporting.report import (
    FORMS_SHOWN,
    THEMES_SHOWN,
    TITLES_SHOWN,
    LastYear,
    OutreachKind,
    ReportBlock,
    ReportDraft,
    ReportFacts,
    StudyKind,
    _a_year_before,
    load_template,
    period_label_zh,
)
from models.reporting.report_names import report_names
from models.reporting.report_reads import counted_events, how_counts_were_said
from models.reporting.scope import fetch_rows
from models.reporting.summaries import PeriodSummary
from models.reporting.wording import ReportWords, Total, as_written, count_text, is_title, report_words

STUDIED = 2000
TOPICS_PER_KIND = 3


async def facts_from_events(*, session: AsyncSession, summary: PeriodSummary, area: Area) -> ReportFacts:
    """models.reporting.report.facts_from_summary as it was (how counts were said is read as it still is)."""
    figures, period = summary.current, summary.period
    assert area.id is not None
    words = report_words()
    themes = {t.code: t for t in await session.exec(select(Theme))}
    laws = {law for theme in themes.values() for law in theme.laws}
    counted = counted_events(period.start, period.end, area, summary.basis)
    said = await how_counts_were_said(session=session, counted=counted)
    topics = await _study_topics(session=session, counted=counted, laws=laws)
    study = tuple(
        StudyKind(code=k.code, name=k.name_zh, events=k.events, topics=topics.get(k.code, ()))
        for k in figures.group(ReportGroup.STUDY)
    )
    outreach_kinds = figures.group(ReportGroup.OUTREACH)

    def told(codes: set[str] | frozenset[str], *, inside: bool) -> tuple[OutreachKind, ...]:
        return tuple(
            OutreachKind(
                code=k.code,
                name=f"“{k.name_zh}”" if k.code in words.campaign_forms else k.name_zh,
                events=k.events,
                attendance=Total(k.attendance, said["attendance"]),
            )
            for k in outreach_kinds
            if (k.code in codes) is inside and k.code != "other"
        )

    practice = told(words.practice_forms, inside=True)
    outreach = [k for k in outreach_kinds if k.code not in words.practice_forms]
    titled = [m for m in figures.materials if is_title(m.title, laws=laws)]
    return ReportFacts(
        period=period_label_zh(period),
        area=summary.area_name,
        names=await report_names(session=session, area_id=area.id),
        study=study,
        study_events=sum(k.events for k in study),
        practice=practice,
        practice_events=sum(k.events for k in practice),
        outreach=told(words.practice_forms, inside=False)[:FORMS_SHOWN],
        outreach_events=sum(k.events for k in outreach),
        themes=tuple(
            as_written(t.name_zh, laws=themes[t.code].laws if t.code in themes else ())
            for t in figures.by_theme[:THEMES_SHOWN]
        ),
        material_titles=tuple(as_written(m.title, laws=laws) for m in titled[:TITLES_SHOWN]),
        material_total=Total(figures.material_total, said["materials"]),
        attendance=Total(sum(k.attendance for k in outreach), said["attendance"]),
        consultations=Total(sum(k.consultations for k in figures.by_kind), said["consultations"]),
        partner_work=await _partner_work(session=session, counted=counted, words=words, themes=themes),
        last_year=await _last_year(session=session, period=period, area=area, basis=summary.basis),
    )


async def _study_topics(
    *, session: AsyncSession, counted: list[object], laws: set[str]
) -> dict[str, tuple[str, ...]]:
    rows = await session.exec(
        select(EventKind.code, Event.topics, Event.title, EventKind.name_zh)
        .join(EventKind, col(EventKind.id) == Event.kind_id)
        .where(*counted, EventKind.report_group == ReportGroup.STUDY)  # type: ignore[arg-type]
        .order_by(col(Event.start_date), col(Event.id))
        .limit(STUDIED)
    )
    counts: dict[str, Counter[str]] = {}
    for code, topics, title, kind_name in rows:
        named = topics or ([title] if title and title != kind_name else [])
        counts.setdefault(code, Counter()).update(as_written(t, laws=laws) for t in named)
    return {code: tuple(t for t, _n in c.most_common(TOPICS_PER_KIND)) for code, c in counts.items()}


async def _partner_work(
    *, session: AsyncSession, counted: list[object], words: ReportWords, themes: dict[str, Theme]
) -> tuple[PartnerWork, ...]:
    partners_text = cast(Event.partners, String)
    has_partners = and_(partners_text != "[]", partners_text != "null")
    days_text = cast(Theme.days, String)
    on_theme_day = (
        exists()
        .where(col(EventTheme.event_id) == Event.id, col(EventTheme.theme_id) == Theme.id)
        .where(days_text != "[]", days_text != "null")
    )
    rows = await fetch_rows(
        session,
        select_columns(
            col(Event.id), col(Event.start_date), col(Event.partners), col(Area.name), col(EventKind.code)
        )
        .join(Area, col(Area.id) == Event.area_id)
        .join(EventKind, col(EventKind.id) == Event.kind_id)
        .where(*counted, EventKind.report_group == ReportGroup.OUTREACH)  # type: ignore[arg-type]
        .where(col(EventKind.code).not_in(words.practice_forms))
        .where(or_(on_theme_day, has_partners))
        .order_by(col(Event.attendance).desc().nulls_last(), col(Event.id))
        .limit(work.CANDIDATES),
    )
    kinds = {k.code: k for k in await session.exec(select(EventKind))}
    event_themes = await themes_of(session=session, ids=[row[0] for row in rows])
    return group_work(rows, event_themes, words=words, themes=themes, kinds=kinds)


async def _last_year(*, session: AsyncSession, period: Period, area: Area, basis: Basis) -> LastYear | None:
    if period.kind not in (PeriodKind.YEAR, PeriodKind.QUARTER, PeriodKind.MONTH):
        return None
    first, last = _a_year_before(period.start), _a_year_before(period.end)
    [(events, people)] = await fetch_rows(
        session,
        select_columns(func.count(), func.coalesce(func.sum(Event.attendance), 0))
        .join(EventKind, col(EventKind.id) == Event.kind_id)
        .where(*counted_events(first, last, area, basis), EventKind.report_group == ReportGroup.OUTREACH)  # type: ignore[arg-type]
        .where(col(EventKind.code).not_in(report_words().practice_forms)),
    )
    if not events:
        return None
    return LastYear(period_label_zh(Period(period.kind, first, last)), int(events), int(people))


def draft_compiled_each_time(facts: ReportFacts, *, approx: bool = False) -> ReportDraft:
    """models.reporting.report.draft_report_section as it was: the template compiled for every draft."""
    environment = Environment(
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False
    )
    environment.filters["n"] = lambda count: count_text(count, rounded=approx)
    rendered = environment.from_string(load_template()).render(
        **{f.name: getattr(facts, f.name) for f in fields(facts)}
    )
    blocks = []
    for line in rendered.splitlines():
        text = line.strip()
        if text:
            level = len(text) - len(text.lstrip("#")) if text.startswith("#") else 0
            blocks.append(ReportBlock(level=min(level, 2), text=text.lstrip("#").strip()))
    return ReportDraft(blocks=tuple(blocks))
