"""The report's sentence on work with partners, grouped: by theme day, theme or form, a few examples each.

A year of a whole district has thousands of partnered events; the report names a few kinds of work, each
with the areas and partner units that did most of it, every partner once (幸福社区联合城东派出所、区人社局
开展反电信网络诈骗主题法治讲座活动3场), never 其他.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import exists, union_all
from sqlalchemy import select as select_columns
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from models.catalog.entries import ReportGroup
from models.catalog.tables import EventKind, Theme
from models.events.records import HAS_PARTNERS, Event, EventTheme
from models.organisation.areas import Area
from models.reporting.scope import fetch_rows
from models.reporting.wording import ReportWords, as_written

CANDIDATES = 400  # the best-attended partnered or theme-day events a grouping looks at
GROUPS = 4  # kinds of work named
AREAS_NAMED = 2
PARTNERS_NAMED = 3
NOT_A_PARTNER = {"其他", "其它", "其他单位", "other"}


@dataclass(frozen=True)
class PartnerWork:
    """One kind of work with partners: who did it, with whom, what, how often."""

    areas: tuple[str, ...]
    more_areas: bool  # more areas did it than are named: the template writes 等
    partners: tuple[str, ...]
    more_partners: bool
    activity: str  # “三八”国际妇女节普法主题宣传活动, 反电信网络诈骗主题法治讲座活动
    events: int
    same_areas_as_before: bool = False  # the template may drop the repeated subject


@dataclass
class _Group:
    first_day: date
    activity: str
    events: int = 0
    areas: Counter[str] = field(default_factory=Counter)
    partners: Counter[str] = field(default_factory=Counter)


async def partner_work(
    *,
    session: AsyncSession,
    counted: list[object],
    words: ReportWords,
    themes: dict[str, Theme],
    kinds: list[EventKind],
    themes_in_period: set[str],
) -> tuple[PartnerWork, ...]:
    """The outreach events with partner units or on a theme day, grouped into a few kinds of work.

    `themes_in_period`: the codes of the themes that the period's counted events have (the summary's).
    """
    outreach = [
        k.id for k in kinds if k.report_group == ReportGroup.OUTREACH and k.code not in words.practice_forms
    ]
    with_days = [t.id for code, t in themes.items() if t.days and code in themes_in_period]
    rows = await _candidates(session=session, counted=counted, outreach=outreach, day_themes=with_days)
    code_of = {k.id: k.code for k in kinds}
    return group_work(
        [
            (event_id, day, partners, area, code_of[kind_id])
            for event_id, day, partners, area, kind_id in rows
        ],
        # No theme in the period, none on its events: no need to look.
        await themes_of(session=session, ids=[row[0] for row in rows]) if themes_in_period else {},
        words=words,
        themes=themes,
        kinds={k.code: k for k in kinds},
    )


async def _candidates(
    *, session: AsyncSession, counted: list[object], outreach: list[int | None], day_themes: list[int | None]
) -> list[tuple[Any, ...]]:
    """The CANDIDATES best-attended outreach events with partners or with a theme that has days.

    The best partnered ones are ranked in ix_event_partnered alone (a fifth of the period's events, say,
    and never the rows themselves); those with such a theme only when the period's events have one.
    """
    order = (col(Event.attendance).desc().nulls_last(), col(Event.id))
    # kind_id + 0: no term for ix_event_kind_day, in which every form looks rare to SQLite's planner.
    ranked = select_columns(col(Event.id)).where(*counted, (col(Event.kind_id) + 0).in_(outreach))  # type: ignore[arg-type]
    best = [ranked.where(HAS_PARTNERS).order_by(*order).limit(CANDIDATES).subquery()]
    if day_themes:
        on_theme_day = exists().where(
            col(EventTheme.event_id) == Event.id, col(EventTheme.theme_id).in_(day_themes)
        )
        best.append(ranked.where(on_theme_day).order_by(*order).limit(CANDIDATES).subquery())
    return await fetch_rows(
        session,
        select_columns(
            col(Event.id), col(Event.start_date), col(Event.partners), col(Area.name), col(Event.kind_id)
        )
        .join(Area, col(Area.id) == Event.area_id)
        .where(col(Event.id).in_(union_all(*(select_columns(ids) for ids in best))))
        .order_by(*order)
        .limit(CANDIDATES),
    )


async def themes_of(*, session: AsyncSession, ids: list[int]) -> dict[int, list[str]]:
    """The theme codes of each of these events, in the catalogue's order."""
    event_themes: dict[int, list[str]] = {}
    if ids:
        theme_rows = await fetch_rows(
            session,
            select_columns(col(EventTheme.event_id), col(Theme.code))
            .join(Theme, col(Theme.id) == EventTheme.theme_id)
            .where(col(EventTheme.event_id).in_(ids))
            .order_by(col(Theme.sort_order)),
        )
        for event_id, code in theme_rows:
            event_themes.setdefault(event_id, []).append(code)
    return event_themes


def group_work(
    rows: list[tuple[Any, ...]],
    event_themes: dict[int, list[str]],
    *,
    words: ReportWords,
    themes: dict[str, Theme],
    kinds: dict[str, EventKind],
) -> tuple[PartnerWork, ...]:
    """Group the candidate events (id, day, partners, area name, form code), best attended first."""
    groups: dict[str, _Group] = {}
    for event_id, day, partners, area_name, kind_code in rows:
        codes = event_themes.get(event_id, [])
        named = [p for p in partners or () if p.strip() and p.strip() not in NOT_A_PARTNER]
        key, activity = _kind_of_work(codes, day, kind_code, words=words, themes=themes, kinds=kinds)
        if key is None or (not named and not key.startswith("day:")):
            continue  # a partner called 其他 and nothing else: nothing to name
        group = groups.setdefault(key, _Group(day, activity))
        group.first_day = min(group.first_day, day)
        group.events += 1
        group.areas[area_name] += 1
        group.partners.update(dict.fromkeys(named, 1))
    # The kinds of work that most events were part of; told in the order they began in the period.
    chosen = sorted(groups.values(), key=lambda g: (-g.events, g.first_day))[:GROUPS]
    told: list[PartnerWork] = []
    for group in sorted(chosen, key=lambda g: g.first_day):
        areas = tuple(name for name, _n in group.areas.most_common(AREAS_NAMED))
        partners = tuple(name for name, _n in group.partners.most_common(PARTNERS_NAMED))
        told.append(
            PartnerWork(
                areas=areas,
                more_areas=len(group.areas) > len(areas),
                partners=partners,
                more_partners=len(group.partners) > len(partners),
                activity=group.activity,
                events=group.events,
                same_areas_as_before=bool(told) and told[-1].areas == areas,
            )
        )
    return tuple(told)


def _kind_of_work(
    codes: list[str],
    day: date,
    kind_code: str,
    *,
    words: ReportWords,
    themes: dict[str, Theme],
    kinds: dict[str, EventKind],
) -> tuple[str | None, str]:
    """The group an event falls in and the activity's name: the theme day, else the theme, else the form."""
    theme_day = words.theme_day(codes, day)
    if theme_day is not None:
        return f"day:{theme_day.name}", words.phrase("theme_day_work", day=theme_day.name)
    kind = kinds.get(kind_code)
    form = kind.name_zh if kind is not None and kind_code != "other" else None
    if form is not None and kind_code in words.campaign_forms:
        form = f"“{form}”"
    theme = next((themes[c] for c in codes if c in themes), None)
    if theme is not None:
        topic = as_written(theme.name_zh, laws=theme.laws)
        work = words.phrase("theme_work", theme=topic, form=form or words.phrase("any_form"))
        return f"theme:{theme.code}:{kind_code}", work
    if form is None:
        return None, ""
    return f"form:{kind_code}", words.phrase("form_work", form=form)
