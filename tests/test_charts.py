"""The charts a coordinator can hand to a leader: each shortcoming issue 10 found is a test here."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING

from bot.chart_styles import FORM_LOOKS, TOL_MUTED, form_look
from bot.chart_titles import chart_title, date_range, weeks_title
from bot.charts import draw_weekly_chart, render_weekly_chart
from bot.i18n import Texts
from models.catalog.entries import shipped_catalog
from models.db import SessionMaker
from models.parsing.periods import Period, PeriodKind
from models.reporting.weekly import KindSeries, WeeklySeries, weekly_series
from tests.report_data import seed_district
from tests.test_summaries import YEAR_2022

if TYPE_CHECKING:
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.figure import Figure

ZH = Texts("zh")
Q1_2022 = Period(PeriodKind.QUARTER, date(2022, 1, 1), date(2022, 3, 31))
WEEKS = tuple(date(2022, 1, 3) + timedelta(weeks=n) for n in range(4))


def series(*kinds: tuple[str, tuple[int, ...]]) -> WeeklySeries:
    """Four weeks of the given forms: (code, events per week); ten people per event."""
    names = {k.code: k for k in shipped_catalog().kinds}
    return WeeklySeries(
        period=Period(PeriodKind.RANGE, WEEKS[0], WEEKS[-1] + timedelta(days=6)),
        weeks=WEEKS,
        kinds=tuple(
            KindSeries(code, names[code].name_zh, names[code].name_en, events, tuple(10 * n for n in events))
            for code, events in kinds
        ),
    )


def drawn(figure: Figure) -> RendererAgg:
    """Lay the figure out as savefig does; the renderer measures what was drawn."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)
    canvas.draw()  # type: ignore[no-untyped-call]
    renderer: RendererAgg = canvas.get_renderer()  # type: ignore[no-untyped-call]
    return renderer


def colours_by_label(s: WeeklySeries) -> dict[str, tuple[str, str]]:
    from matplotlib.colors import to_hex
    from matplotlib.patches import Patch

    figure = draw_weekly_chart(s, t=ZH, title="全区")
    [legend] = figure.legends
    return {
        text.get_text(): (to_hex(handle.get_facecolor()), handle.get_hatch() or "")
        for text, handle in zip(legend.get_texts(), legend.legend_handles, strict=True)
        if isinstance(handle, Patch)
    }


def test_a_chart_of_one_or_two_events_has_whole_number_ticks_only() -> None:
    figure = draw_weekly_chart(series(("law_fair", (1, 0, 0, 0))), t=ZH, title="全区")
    drawn(figure)
    for axes in figure.axes:
        ticks = [tick for tick in axes.get_yticks() if axes.get_ylim()[0] <= tick <= axes.get_ylim()[1]]
        assert len(ticks) >= 2
        assert all(float(tick).is_integer() for tick in ticks), ticks


def test_the_legend_sits_beside_the_plots_and_covers_no_bar() -> None:
    s = series(*((k, (30, 20, 10, 5)) for k in ("law_fair", "lecture", "desk", "community", "school")))
    figure = draw_weekly_chart(s, t=ZH, title="全区")
    renderer = drawn(figure)
    [legend] = figure.legends
    box = legend.get_window_extent(renderer)
    for axes in figure.axes:
        assert not box.overlaps(axes.get_window_extent(renderer))
    assert box.x1 <= figure.bbox.x1  # and it is not cut off


async def test_a_year_is_drawn_in_months_and_a_quarter_in_weeks(sessions: SessionMaker) -> None:
    async with sessions.begin() as session:
        district = await seed_district(session)
        year = await weekly_series(session=session, period=YEAR_2022, area=district.root)
        quarter = await weekly_series(session=session, period=Q1_2022, area=district.root)
    assert year.monthly
    assert year.weeks == tuple(date(2022, m, 1) for m in range(1, 13))
    by_month = {k.code: k.events for k in year.kinds}
    assert by_month["law_fair"] == (0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0)  # 12 March
    assert by_month["study_group"] == (0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0)
    assert not quarter.monthly
    assert len(quarter.weeks) == 14  # 2021-12-27 … 2022-03-28
    figure = draw_weekly_chart(year, t=ZH, title="全区 · 2022年")
    assert [t.get_text() for t in figure.axes[1].get_xticklabels()] == [f"{m}月" for m in range(1, 13)]
    assert figure.axes[0].get_title(loc="left") == "每月活动次数"


def test_a_form_has_the_same_colour_on_every_chart() -> None:
    first = colours_by_label(series(("law_fair", (5, 5, 5, 5)), ("lecture", (1, 0, 0, 0))))
    second = colours_by_label(
        series(("lecture", (9, 9, 9, 9)), ("desk", (3, 3, 3, 3)), ("law_fair", (1, 0, 0, 0)))
    )
    assert first["法律大集"] == second["法律大集"]
    assert first["法治讲座"] == second["法治讲座"]
    assert len(set(second.values())) == 3


def test_every_shipped_form_has_its_own_colour_blind_safe_look() -> None:
    codes = [k.code for k in shipped_catalog().kinds if k.code != "other"]
    looks = [form_look(code) for code in codes]
    assert set(codes) <= FORM_LOOKS.keys()
    assert len(set(looks)) == len(codes)  # no two forms alike
    assert {look.colour for look in looks} <= set(TOL_MUTED)  # Paul Tol's colour-blind-safe "muted"
    assert form_look("a_form_added_later") == form_look("a_form_added_later")


def test_the_digest_chart_title_says_the_week_in_plain_words() -> None:
    week = Period(PeriodKind.WEEK, date(2026, 11, 23), date(2026, 11, 29))
    assert weeks_title("全区", week, 11, ZH) == "全区 · 2026年11月23日—29日及此前十一周"
    assert weeks_title("Whole district", week, 11, Texts("en")) == (
        "Whole district · Nov 23\u2009–\u200929, 2026 and the 11 weeks before"  # Babel's thin spaces
    )
    assert date_range(date(2026, 11, 30), date(2026, 12, 6), ZH) == "2026年11月30日—12月6日"
    assert date_range(date(2026, 12, 28), date(2027, 1, 3), ZH) == "2026年12月28日—2027年1月3日"
    assert chart_title("全区", Q1_2022, ZH) == "全区 · 2022年第1季度"


def test_twenty_years_are_labelled_by_year_without_crowding() -> None:
    months = tuple(date(2003 + n // 12, n % 12 + 1, 1) for n in range(240))
    long = WeeklySeries(
        period=Period(PeriodKind.RANGE, months[0], date(2022, 12, 31)),
        weeks=months,
        kinds=(KindSeries("law_fair", "法律大集", "law fair", (1,) * 240, (10,) * 240),),
        monthly=True,
    )
    figure = draw_weekly_chart(long, t=ZH, title="全区")
    renderer = drawn(figure)
    labels = figure.axes[1].get_xticklabels()
    assert [label.get_text() for label in labels] == [str(year) for year in range(2003, 2023, 2)]
    boxes = [label.get_window_extent(renderer) for label in labels]
    assert not any(a.overlaps(b) for a, b in pairwise(boxes))


def test_a_chart_drawn_on_the_reused_figure_is_the_picture_a_figure_of_its_own_makes() -> None:
    """render_weekly_chart keeps one figure per thread: nothing of the chart before may show."""
    from io import BytesIO

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    many = series(*((k, (30, 20, 10, 5)) for k in ("law_fair", "lecture", "desk", "online", "quiz")))
    one = series(("village", (0, 2, 0, 1)))
    nothing = series()
    for s, title in ((many, "全区"), (one, "幸福社区"), (nothing, "安宁社区"), (many, "全区")):
        canvas = FigureCanvasAgg(draw_weekly_chart(s, t=ZH, title=title))
        canvas.draw()  # type: ignore[no-untyped-call]
        own = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).convert("RGB")  # type: ignore[no-untyped-call]
        reused = Image.open(BytesIO(render_weekly_chart(s, t=ZH, title=title)))
        assert reused.tobytes() == own.tobytes(), title
