"""/chart's PNG: events and people reached per week (per month from half a year on), stacked by form.

matplotlib is imported when a chart is drawn, not when the bot starts. The Chinese font comes from the
noto-cjk-sans-otc package (Noto Sans CJK, installed by pip with the bot), so no glyph is drawn as a box
and nothing is downloaded at run time.

Drawing is most of /chart's time and the digest draws one per area, so: the bars of one axes are one
PolyCollection, two if some forms are hatched (not a Rectangle per bar, nor a collection per form), the
margins are fixed (no layout engine measuring text), each thread (or drawing process) keeps its figure
and canvas and only changes what differs from one chart to the next (the axes, ticks and locators are
built once; the renderer, and with it matplotlib's cache of text sizes, lives on), and the PNG is encoded
as RGB and compressed lightly. Each form has one look on every chart
(bot/chart_styles.py); the legend sits to the right of the plots, never over a bar; the counts' axes
have whole-number ticks only.
"""

from __future__ import annotations

import threading
from functools import cache
from importlib import resources
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.dates import format_date, format_skeleton

from bot.chart_styles import OTHER_LOOK, Look, form_look
from bot.i18n import Texts
from models.reporting.weekly import WeeklySeries

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FONT_PACKAGE = "noto_cjk_sans_otc"
FONT_FILE = "NotoSansCJK-Regular.ttc"
FONT_FAMILY = "Noto Sans CJK SC"  # the Simplified Chinese face of the collection
MAX_KINDS = 10  # beyond this many forms the smallest are folded into "other forms"
SIZE_INCHES = (10.0, 7.0)
DPI = 100
MAX_TICKS = 14  # bar labels on the x axis; a longer series labels every n-th bar
# Fixed margins (fractions of the figure): the right quarter holds the legend.
MARGINS = {"left": 0.08, "right": 0.77, "top": 0.90, "bottom": 0.09, "hspace": 0.28}


def font_path() -> Path:
    return Path(str(resources.files(FONT_PACKAGE).joinpath(FONT_FILE)))


@cache
def _register_font() -> str:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(font_path()))
    matplotlib.rcParams["font.family"] = FONT_FAMILY
    matplotlib.rcParams["hatch.linewidth"] = 1.5
    return FONT_FAMILY


Stack = tuple[str, Look, tuple[int, ...], tuple[int, ...]]  # name, look, events, people per bar


_reused = threading.local()  # each thread's figure, drawn again and again


def render_weekly_chart(series: WeeklySeries, *, t: Texts, title: str) -> bytes:
    """Two stacked bar charts, events and people reached per bar; returns the PNG's bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    if getattr(_reused, "canvas", None) is None:
        _reused.canvas = FigureCanvasAgg(_blank_figure())
    canvas: FigureCanvasAgg = _reused.canvas
    changing = _fill(canvas.figure, series, t=t, title=title)
    _draw_over_frame(canvas, changing, frame=(series.weeks, series.monthly, t.language))
    # The chart is opaque: RGB encodes in half the time of matplotlib's RGBA, and a light zlib level
    # costs a few KB on flat colours and saves several ms.
    pixels = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
    image = Image.frombuffer("RGBA", canvas.get_width_height(), pixels).convert("RGB")
    buffer = BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def _draw_over_frame(canvas: Any, changing: list[Any], *, frame: object) -> None:
    """Draw the figure; what every chart with the same bars and language shares (the frames, headings
    and the x axis: the digest's thousand charts) is drawn once, then copied in (matplotlib's blitting),
    and only `changing` is drawn on it, in the order the figure draws it."""
    for artist in changing:
        artist.set_animated(True)  # left out of canvas.draw()
    if getattr(_reused, "frame", None) != frame:
        canvas.draw()
        _reused.frame, _reused.frame_pixels = frame, canvas.copy_from_bbox(canvas.figure.bbox)
    else:
        canvas.restore_region(_reused.frame_pixels)
    renderer = canvas.get_renderer()
    for artist in changing:
        artist.draw(renderer)


def draw_weekly_chart(series: WeeklySeries, *, t: Texts, title: str) -> Figure:
    """The chart as a matplotlib Figure of its own, not yet drawn."""
    figure = _blank_figure()
    _fill(figure, series, t=t, title=title)
    return figure


def _blank_figure() -> Figure:
    """The figure, its two axes and what every chart's axes share."""
    _register_font()
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=SIZE_INCHES, dpi=DPI)
    figure.subplots_adjust(**MARGINS)
    for axes in figure.subplots(2, 1):
        axes.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True, min_n_ticks=1))
        axes.grid(axis="y", alpha=0.3)
        axes.set_axisbelow(True)
    figure.axes[0].set_xticks([])  # the two plots share their bars; only the lower one names them
    return figure


def _fill(figure: Figure, series: WeeklySeries, *, t: Texts, title: str) -> list[Any]:
    """Draw `series` on a blank figure, or on one that showed another chart (what that drew goes);
    return what differs between charts of the same bars, in the order the figure draws it."""
    from matplotlib.patches import Patch

    stacks = _stacks(series, t)
    events_axes, people_axes = figure.axes
    count = len(series.weeks)
    headings = _headings(series, t)
    for axes, layers, heading in (
        (events_axes, [(look, events) for _n, look, events, _p in stacks], headings[0]),
        (people_axes, [(look, people) for _n, look, _e, people in stacks], headings[1]),
    ):
        for drawn in [*axes.collections, *axes.texts]:
            drawn.remove()
        _draw_stacks(axes, layers, count)
        axes.set_title(heading, loc="left", fontsize="medium", y=1.0, pad=6)  # fixed: not measured
        axes.set_xlim(-0.6, count - 0.4)
    people_axes.set_xticks(*_ticks(series, t))
    people_axes.set_xlabel(t._("Month") if series.monthly else t._("Week starting"))
    for legend in list(figure.legends):
        legend.remove()
    if stacks:
        # Listed top to bottom as the bars stack, so the legend reads like the tallest bar.
        handles = [
            Patch(facecolor=look.colour, hatch=look.hatch, edgecolor="white", label=name)
            for name, look, _events, _people in reversed(stacks)
        ]
        figure.legend(handles=handles, loc="upper left", bbox_to_anchor=(MARGINS["right"] + 0.015, 0.9))
    else:
        events_axes.text(0.5, 0.5, t._("Nothing logged"), ha="center", transform=events_axes.transAxes)
    suptitle = figure.suptitle(title, x=MARGINS["left"], ha="left", fontsize="large")
    # By z-order: the y axis (its ticks, labels and grid), the bars, the frame over them, the texts.
    changing = [
        part
        for axes in figure.axes
        for part in (axes.yaxis, *axes.collections, *axes.spines.values(), *axes.texts)
    ]
    return [*changing, suptitle, *figure.legends]


def _draw_stacks(axes: Any, layers: list[tuple[Look, tuple[int, ...]]], count: int) -> None:
    """Each layer's bars on top of the layers before it, the bars of a hatch as one collection (a bar
    never overlaps another, so their order within a collection does not show); the y axis starts at 0."""
    import numpy as np
    from matplotlib.collections import PolyCollection

    left = np.arange(count) - 0.4
    bottom = np.zeros(count)
    by_hatch: dict[str, tuple[list[Any], list[str]]] = {}
    for look, values in layers:
        height = np.asarray(values, dtype=float)
        shown = height > 0
        if shown.any():
            x0, x1 = left[shown], left[shown] + 0.8
            y0, y1 = bottom[shown], bottom[shown] + height[shown]
            boxes = np.stack([np.column_stack(c) for c in ((x0, y0), (x0, y1), (x1, y1), (x1, y0))], axis=1)
            polygons, colours = by_hatch.setdefault(look.hatch, ([], []))
            polygons.extend(boxes)
            colours.extend([look.colour] * len(boxes))
        bottom += height
    for hatch, (polygons, colours) in by_hatch.items():
        bars = PolyCollection(
            polygons, facecolors=colours, edgecolors="white", linewidths=0.5, hatch=hatch or None
        )
        axes.add_collection(bars, autolim=False)
    axes.set_ylim(0, max(1.0, float(bottom.max(initial=0)) * 1.05))


def _headings(series: WeeklySeries, t: Texts) -> tuple[str, str]:
    if series.monthly:
        return t._("Events per month"), t._("People reached per month")
    return t._("Events per week"), t._("People reached per week")


def _ticks(series: WeeklySeries, t: Texts) -> tuple[list[int], list[str]]:
    """Where the x axis is labelled: every n-th bar, or over several years each January (every n-th)."""
    labels = _bar_labels(series, t)
    if series.monthly and len(series.weeks) > 24:
        januaries = [n for n, month in enumerate(series.weeks) if month.month == 1]
        step = -(-len(januaries) // MAX_TICKS)
        picked = januaries[::step]
        return picked, [str(series.weeks[n].year) for n in picked]
    step = -(-len(labels) // MAX_TICKS)
    return list(range(0, len(labels), step)), labels[::step]


def _bar_labels(series: WeeklySeries, t: Texts) -> list[str]:
    locale = "zh_CN" if t.language == "zh" else "en"
    if not series.monthly:
        return [format_date(week, "M/d", locale=locale) for week in series.weeks]
    one_year = len({month.year for month in series.weeks}) == 1
    skeleton = "MMM" if one_year else "yMMM"
    return [format_skeleton(skeleton, month, locale=locale) for month in series.weeks]


def _stacks(series: WeeklySeries, t: Texts) -> list[Stack]:
    """The forms, most events first, each in its own look; the smallest folded into "other forms"."""
    stacks: list[Stack] = [
        (k.name(t.language), form_look(k.code), k.events, k.attendance) for k in series.kinds
    ]
    if len(stacks) <= MAX_KINDS:
        return stacks
    rest = stacks[MAX_KINDS - 1 :]
    events = tuple(sum(values) for values in zip(*(s[2] for s in rest), strict=True))
    people = tuple(sum(values) for values in zip(*(s[3] for s in rest), strict=True))
    return [*stacks[: MAX_KINDS - 1], (t._("Other forms"), OTHER_LOOK, events, people)]


def chart_labels(series: WeeklySeries, *, t: Texts, title: str) -> list[str]:
    """Every text the chart draws, for checking that the font has its glyphs."""
    return [
        title,
        *_headings(series, t),
        t._("Month") if series.monthly else t._("Week starting"),
        t._("Other forms"),
        t._("Nothing logged"),
        *_bar_labels(series, t),
        *(k.name(t.language) for k in series.kinds),
    ]
