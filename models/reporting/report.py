"""Drafting section one of the annual report (一、强化理论武装，提升法治素养) from a period's ledger.

The wording lives in a Jinja2 template (models/reporting/templates/report_section.zh.j2); an office that wants
other wording copies it and points REPORT_TEMPLATE at the copy. This module gathers the facts the
template may use and renders it; /report sends the result as text and as a .docx.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from jinja2 import Environment, StrictUndefined
from sqlalchemy import String, and_, cast, exists
from sqlalchemy import select as select_columns
from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.entries import ReportGroup
from models.catalog.tables import EventKind, Theme
from models.events.records import Event, EventStatus, EventTheme
from models.organisation.areas import Area
from models.parsing.periods import Period, PeriodKind
from models.reporting.scope import fetch_rows, in_subtree
from models.reporting.summaries import PeriodSummary, ThemeFigures, summarize_period

SHIPPED_TEMPLATE = "templates/report_section.zh.j2"
NOTABLE_EVENTS = 12  # one clause each: a year of a whole district has thousands of candidates
TOPICS_PER_KIND = 3
TITLES_SHOWN = 3


@dataclass(frozen=True)
class StudyKind:
    name: str
    events: int
    topics: tuple[str, ...]


@dataclass(frozen=True)
class OutreachKind:
    name: str
    events: int
    attendance: int


@dataclass(frozen=True)
class NotableEvent:
    area: str
    partners: tuple[str, ...]
    activity: str  # "防范电信诈骗宣传活动"


@dataclass(frozen=True)
class ReportFacts:
    """Everything the template sees, with the variable names it uses."""

    period: str  # "2022年"
    area: str
    study: tuple[StudyKind, ...]
    study_events: int
    outreach: tuple[OutreachKind, ...]
    outreach_events: int
    themes: tuple[ThemeFigures, ...]  # the outreach's themes, most events first
    material_titles: tuple[str, ...]  # by quantity, most first
    material_total: int
    attendance: int
    consultations: int
    notable: tuple[NotableEvent, ...]


@dataclass(frozen=True)
class ReportBlock:
    level: int  # 0: a paragraph; 1, 2: a heading
    text: str


@dataclass(frozen=True)
class ReportDraft:
    blocks: tuple[ReportBlock, ...]

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)


def period_label_zh(period: Period) -> str:
    """The period as the report names it: 2022年, 2022年第一季度, 2022年3月, 2022年3月1日至3月31日."""
    start, end = period.start, period.end
    if period.kind == PeriodKind.YEAR:
        return f"{start.year}年"
    if period.kind == PeriodKind.QUARTER:
        return f"{start.year}年第{'一二三四'[(start.month - 1) // 3]}季度"
    if period.kind == PeriodKind.MONTH:
        return f"{start.year}年{start.month}月"
    first = f"{start.year}年{start.month}月{start.day}日"
    if start == end:
        return first
    last = f"{end.month}月{end.day}日" if end.year == start.year else f"{end.year}年{end.month}月{end.day}日"
    return f"{first}至{last}"


def approximate(n: int) -> str:
    """The report convention for a count: two significant figures, rounded down, then 余 (3750 → 3700余)."""
    if n < 100:
        return str(n)
    factor = 10 ** (len(str(n)) - 2)
    rounded = n // factor * factor
    return str(n) if rounded == n else f"{rounded}余"


async def report_facts(*, session: AsyncSession, period: Period, area: Area) -> ReportFacts:
    """The facts of `area`'s subtree in `period`: the summary's figures, study topics, notable events."""
    summary = await summarize_period(session=session, period=period, area=area)  # plans for the dates too
    return await facts_from_summary(session=session, summary=summary, area=area)


async def facts_from_summary(*, session: AsyncSession, summary: PeriodSummary, area: Area) -> ReportFacts:
    figures, period = summary.current, summary.period
    topics = await _study_topics(session=session, period=period, area=area)
    study = tuple(
        StudyKind(name=k.name_zh, events=k.events, topics=topics.get(k.code, ()))
        for k in figures.group(ReportGroup.STUDY)
    )
    outreach = tuple(
        OutreachKind(name=k.name_zh, events=k.events, attendance=k.attendance)
        for k in figures.group(ReportGroup.OUTREACH)
    )
    return ReportFacts(
        period=period_label_zh(period),
        area=summary.area_name,
        study=study,
        study_events=sum(k.events for k in study),
        outreach=outreach,
        outreach_events=sum(k.events for k in outreach),
        themes=figures.by_theme[:TITLES_SHOWN],
        material_titles=tuple(m.shown for m in figures.materials[:TITLES_SHOWN]),
        material_total=figures.material_total,
        attendance=sum(k.attendance for k in outreach),
        consultations=sum(k.consultations for k in figures.by_kind),
        notable=await _notable_events(session=session, period=period, area=area),
    )


def _counted(period: Period, area: Area) -> list[object]:
    return [
        col(Event.start_date) >= period.start,
        col(Event.start_date) <= period.end,
        col(Event.deleted) == False,  # noqa: E712
        col(Event.status) != EventStatus.RETURNED,
        in_subtree(area),
    ]


async def _study_topics(*, session: AsyncSession, period: Period, area: Area) -> dict[str, tuple[str, ...]]:
    """The topics most studied per study kind; the title stands in where no topic was given."""
    rows = await session.exec(
        select(EventKind.code, Event.topics, Event.title, EventKind.name_zh)
        .join(EventKind, col(EventKind.id) == Event.kind_id)
        .where(*_counted(period, area), EventKind.report_group == ReportGroup.STUDY)  # type: ignore[arg-type]
        .order_by(col(Event.start_date), col(Event.id))
        .limit(2000)
    )
    counts: dict[str, Counter[str]] = {}
    for code, topics, title, kind_name in rows:
        named = topics or ([title] if title and title != kind_name else [])
        counts.setdefault(code, Counter()).update(named)
    return {code: tuple(t for t, _n in c.most_common(TOPICS_PER_KIND)) for code, c in counts.items()}


async def _notable_events(*, session: AsyncSession, period: Period, area: Area) -> tuple[NotableEvent, ...]:
    """Events with partner units or of a theme day's theme, the best attended first, told in date order."""
    # JSON columns compare differently on SQLite and PostgreSQL; their text form is the same on both.
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
            col(Event.start_date),
            col(Event.id),
            col(Event.title),
            col(Event.partners),
            col(Area.name),
            col(EventKind.name_zh),
        )
        .join(Area, col(Area.id) == Event.area_id)
        .join(EventKind, col(EventKind.id) == Event.kind_id)
        .where(*_counted(period, area), EventKind.report_group == ReportGroup.OUTREACH)  # type: ignore[arg-type]
        .where(or_(on_theme_day, has_partners))
        .order_by(col(Event.attendance).desc().nulls_last(), col(Event.id))
        .limit(NOTABLE_EVENTS),
    )
    picked = sorted(rows, key=lambda r: (r[0], r[1]))
    return tuple(
        NotableEvent(area=area_name, partners=tuple(partners or ()), activity=_activity(title or kind_name))
        for _day, _id, title, partners, area_name, kind_name in picked
    )


def _activity(title: str) -> str:
    return title if title.endswith("活动") else f"{title}活动"


def load_template(path: str | None = None) -> str:
    """The template text: the office's copy at `path`, else the shipped one."""
    if path:
        return Path(path).read_text("utf-8")
    return resources.files("models.reporting").joinpath(SHIPPED_TEMPLATE).read_text("utf-8")


def draft_report_section(
    facts: ReportFacts, *, approx: bool = False, template: str | None = None
) -> ReportDraft:
    """Render the template; lines starting with "# " or "## " are headings, other lines paragraphs."""
    environment = Environment(
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False
    )
    environment.filters["n"] = approximate if approx else str
    rendered = environment.from_string(template or load_template()).render(
        **{name: getattr(facts, name) for name in facts.__dataclass_fields__}
    )
    blocks = []
    for line in rendered.splitlines():
        text = line.strip()
        if not text:
            continue
        level = len(text) - len(text.lstrip("#")) if text.startswith("#") else 0
        blocks.append(ReportBlock(level=min(level, 2), text=text.lstrip("#").strip()))
    return ReportDraft(blocks=tuple(blocks))
