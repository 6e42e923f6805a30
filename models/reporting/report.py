"""Drafting section one of the annual report (一、强化理论武装，提升法治素养) from a period's ledger.

The wording lives in a Jinja2 template (models/reporting/templates/report_section.zh.j2, with the words
it takes from data in report_words.toml); an office that wants other wording copies the template and
points REPORT_TEMPLATE at the copy. This module gathers the facts the template may use (ReportFacts: the
template's header lists them) and renders it; /report sends the result as text and as a .docx.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from jinja2 import Environment, StrictUndefined, Template
from sqlalchemy import func
from sqlalchemy import select as select_columns
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.entries import ReportGroup
from models.catalog.tables import EventKind, Theme
from models.organisation.areas import Area
from models.parsing.periods import Period, PeriodKind
from models.reporting.basis import Basis
from models.reporting.partner_work import PartnerWork, partner_work
from models.reporting.report_names import ReportNames, report_names
from models.reporting.report_reads import counted_events, how_counts_were_said, study_topics
from models.reporting.rollup_reads import in_range
from models.reporting.rollup_tables import KindRollup
from models.reporting.scope import fetch_rows
from models.reporting.summaries import PeriodSummary, summarize_period
from models.reporting.wording import Total, as_written, count_text, is_title, report_words

SHIPPED_TEMPLATE = "templates/report_section.zh.j2"
THEMES_SHOWN = 3
TITLES_SHOWN = 3
FORMS_SHOWN = 5


@dataclass(frozen=True)
class StudyKind:
    code: str  # study_group, pre_meeting_study, collective_study …: the template picks the body's name
    name: str  # 中心组学法
    events: int
    topics: tuple[str, ...]  # as the report writes them: 习近平法治思想, 《中华人民共和国宪法》


@dataclass(frozen=True)
class OutreachKind:
    code: str
    name: str  # 法治讲座, or “法律大集” for a campaign form
    events: int
    attendance: Total


@dataclass(frozen=True)
class LastYear:
    """The same period a year before, outreach only: to compare like with like."""

    period: str  # "2021年"
    events: int
    attendance: int


@dataclass(frozen=True)
class ReportFacts:
    """Everything the template sees, with the variable names it uses."""

    period: str  # "2022年"
    area: str
    names: ReportNames  # the area's unit, committee, study group and meeting, or None each
    study: tuple[StudyKind, ...]
    study_events: int
    practice: tuple[OutreachKind, ...]  # 实践者: the forms report_words.toml lists as practice
    practice_events: int
    outreach: tuple[OutreachKind, ...]  # by events; 其他 is counted in outreach_events but never named
    outreach_events: int
    themes: tuple[str, ...]  # the outreach's themes as written, most events first: 《民法典》, 反电信网络诈骗
    material_titles: tuple[str, ...]  # handouts that are titles, in 《》, most handed out first
    material_total: Total  # every handout, titled or not
    attendance: Total  # outreach
    consultations: Total
    partner_work: tuple[PartnerWork, ...]
    last_year: LastYear | None = None


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


async def report_facts(
    *, session: AsyncSession, period: Period, area: Area, basis: Basis = Basis.SUBMITTED
) -> ReportFacts:
    """The facts of `area`'s subtree in `period`: the summary's figures, study topics, partner work."""
    summary = await summarize_period(session=session, period=period, area=area, basis=basis)
    return await facts_from_summary(session=session, summary=summary, area=area)


async def facts_from_summary(*, session: AsyncSession, summary: PeriodSummary, area: Area) -> ReportFacts:
    figures, period = summary.current, summary.period
    assert area.id is not None
    words = report_words()
    themes = {t.code: t for t in await session.exec(select(Theme))}
    kinds = list(await session.exec(select(EventKind)))
    laws = {law for theme in themes.values() for law in theme.laws}
    counted = counted_events(period.start, period.end, area, summary.basis)
    said = await how_counts_were_said(session=session, counted=counted)
    topics = await study_topics(session=session, counted=counted, laws=laws, kinds=kinds)
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
        partner_work=await partner_work(
            session=session,
            counted=counted,
            words=words,
            themes=themes,
            kinds=kinds,
            themes_in_period={t.code for t in figures.by_theme},
        ),
        last_year=await _last_year(
            session=session, period=period, area=area, basis=summary.basis, kinds=kinds
        ),
    )


async def _last_year(
    *, session: AsyncSession, period: Period, area: Area, basis: Basis, kinds: list[EventKind]
) -> LastYear | None:
    """The same period one year before, outreach events and people (from the rollups); None before the
    ledger began."""
    if period.kind not in (PeriodKind.YEAR, PeriodKind.QUARTER, PeriodKind.MONTH):
        return None  # a week or a range a year back is no fair comparison
    first, last = _a_year_before(period.start), _a_year_before(period.end)
    practice = report_words().practice_forms
    outreach = [k.id for k in kinds if k.report_group == ReportGroup.OUTREACH and k.code not in practice]
    [(events, people)] = await fetch_rows(
        session,
        select_columns(
            func.coalesce(func.sum(KindRollup.events), 0), func.coalesce(func.sum(KindRollup.attendance), 0)
        ).where(
            col(KindRollup.area_id) == area.id,
            in_range(KindRollup, first, last),
            col(KindRollup.status).in_(basis.statuses),
            col(KindRollup.kind_id).in_(outreach),
        ),
    )
    if not events:
        return None
    return LastYear(period_label_zh(Period(period.kind, first, last)), int(events), int(people))


def _a_year_before(day: date) -> date:
    return (
        day.replace(year=day.year - 1, day=28)
        if (day.month, day.day) == (2, 29)
        else day.replace(year=day.year - 1)
    )


def load_template(path: str | None = None) -> str:
    """The template text: the office's copy at `path`, else the shipped one."""
    if path:
        return Path(path).read_text("utf-8")
    return resources.files("models.reporting").joinpath(SHIPPED_TEMPLATE).read_text("utf-8")


@lru_cache(maxsize=8)
def _compiled(template: str, *, approx: bool) -> Template:
    """The template compiled once per text (compiling takes longer than drafting a year's report)."""
    environment = Environment(
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, autoescape=False
    )
    environment.filters["n"] = lambda count: count_text(count, rounded=approx)
    return environment.from_string(template)


def draft_report_section(
    facts: ReportFacts, *, approx: bool = False, template: str | None = None
) -> ReportDraft:
    """Render the template; lines starting with "# " or "## " are headings, other lines paragraphs."""
    rendered = _compiled(template or load_template(), approx=approx).render(
        **{f.name: getattr(facts, f.name) for f in fields(facts)}
    )
    blocks = []
    for line in rendered.splitlines():
        text = line.strip()
        if not text:
            continue
        level = len(text) - len(text.lstrip("#")) if text.startswith("#") else 0
        blocks.append(ReportBlock(level=min(level, 2), text=text.lstrip("#").strip()))
    return ReportDraft(blocks=tuple(blocks))
