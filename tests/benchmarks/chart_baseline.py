"""The chart renderer as it was before issue 12 item 5 (main at 0db5f23), kept only to time against.

The benchmark (tests/benchmarks/charts.py) draws the same series with this copy and with bot/charts.py
in the same run, so the ratio is measured on the same machine at the same moment.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from io import BytesIO
from pathlib import Path

from babel.dates import format_date

from bot.i18n import Texts
from models.reporting.weekly import WeeklySeries

FONT_PACKAGE = "noto_cjk_sans_otc"
FONT_FILE = "NotoSansCJK-Regular.ttc"
FONT_FAMILY = "Noto Sans CJK SC"  # the Simplified Chinese face of the collection
MAX_KINDS = 8  # more kinds than colours anyone can tell apart are drawn as "other"
SIZE_INCHES = (10.0, 7.0)
DPI = 100


def font_path() -> Path:
    return Path(str(resources.files(FONT_PACKAGE).joinpath(FONT_FILE)))


@cache
def _register_font() -> str:
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(font_path()))
    return FONT_FAMILY


def render_weekly_chart_before(series: WeeklySeries, *, t: Texts, title: str) -> bytes:
    """Two stacked bar charts, events and people reached per week; returns the PNG's bytes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    family = _register_font()
    locale = "zh_CN" if t.language == "zh" else "en"
    labels = [format_date(week, "M/d", locale=locale) for week in series.weeks]
    kinds = _fold_small_kinds(series, t)
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    events_axes, people_axes = figure.subplots(2, 1, sharex=True)
    positions = list(range(len(labels)))
    for axes, index, heading in (
        (events_axes, 0, t._("Events per week")),
        (people_axes, 1, t._("People reached per week")),
    ):
        bottom = [0] * len(labels)
        for name, values in ((name, pair[index]) for name, pair in kinds):
            axes.bar(positions, values, bottom=bottom, label=name, width=0.8)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        axes.set_title(heading, fontfamily=family)
        axes.grid(axis="y", alpha=0.3)
    step = max(1, len(labels) // 13)
    people_axes.set_xticks(positions[::step], labels[::step], fontfamily=family)
    people_axes.set_xlabel(t._("Week starting"), fontfamily=family)
    if kinds:
        events_axes.legend(prop={"family": family}, fontsize="small", ncols=2)
    else:
        events_axes.text(0.5, 0.5, t._("Nothing logged"), ha="center", fontfamily=family)
    figure.suptitle(title, fontfamily=family)
    buffer = BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _fold_small_kinds(series: WeeklySeries, t: Texts) -> list[tuple[str, tuple[tuple[int, ...], ...]]]:
    kinds: list[tuple[str, tuple[tuple[int, ...], ...]]] = [
        (k.name(t.language), (k.events, k.attendance)) for k in series.kinds
    ]
    if len(kinds) <= MAX_KINDS:
        return kinds
    rest = kinds[MAX_KINDS - 1 :]
    folded = tuple(
        tuple(sum(values) for values in zip(*(pair[i] for _n, pair in rest), strict=True)) for i in (0, 1)
    )
    return [*kinds[: MAX_KINDS - 1], (t._("Other kinds"), folded)]
