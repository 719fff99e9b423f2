"""One figure theme for the whole book, a legible source line, gap-aware annual lines, fan charts.

Sizes are chosen for a phone: a figure :data:`FIGURE_WIDTH` inches wide is shown
:data:`PHONE_COLUMN_PX` pixels wide in a 390 px phone's column, where a font of ``s`` points
measures ``s * PHONE_COLUMN_PX / (72 * FIGURE_WIDTH)`` pixels whatever the dpi
(:func:`phone_px`): the theme's tick labels (:data:`TICK_FONT_SIZE`) then read at 9 px or more
and legends (:data:`LEGEND_FONT_SIZE`) at 8 px or more. Keep figures at most that wide (stack
panels rather than set them side by side) and put legends off the data (:func:`legend_below`).
Figures are drawn at :data:`FIGURE_DPI` (sharp in the HTML book); the source line under a figure
is :data:`SOURCE_FONT_SIZE` points and wraps inside the figure's width. Chinese labels render
when Debian's ``fonts-noto-cjk`` is installed: :func:`set_theme` then adds :data:`CJK_FONT` after
DejaVu Sans as a fallback for the glyphs DejaVu lacks, and leaves it out (silently) otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.ticker import Formatter, MaxNLocator
from matplotlib.transforms import offset_copy

from ecommod import validate
from ecommod.language import output_languages, output_metadata, t, translate

#: Colours in the order series appear; colour-blind safe.
PALETTE = "colorblind"
#: Resolution of figures shown and saved (dots per inch).
FIGURE_DPI = 150
#: Widest figure (inches): the width at which the font sizes below stay readable on a phone.
FIGURE_WIDTH = 6.4
#: Default figure size (inches): :data:`FIGURE_WIDTH` wide.
FIGURE_SIZE = (FIGURE_WIDTH, 4.0)
#: Width (CSS pixels) of a figure in the text column of a 390 px phone.
PHONE_COLUMN_PX = 358
#: Font sizes (points): tick labels, axis labels, titles, legends.
TICK_FONT_SIZE = 12
LABEL_FONT_SIZE = 12.5
TITLE_FONT_SIZE = 13
LEGEND_FONT_SIZE = 11
#: Size of the source line under a figure (points): 8.5 px on a phone, 22 px at 150 dpi.
SOURCE_FONT_SIZE = 11
#: Main font: Latin letters, digits and symbols.
MAIN_FONT = "DejaVu Sans"
#: Fallback for Chinese characters, used when installed (Debian package fonts-noto-cjk).
CJK_FONT = "Noto Sans CJK SC"
#: File name stem of :data:`CJK_FONT` among the system fonts (a TrueType collection in Debian).
CJK_FONT_FILE = "NotoSansCJK"
#: Room between the source line and the figure's edges (fraction of the figure's width/height).
SOURCE_MARGIN = 0.01
#: Gap between the axes' labels and a legend placed below them (points).
LEGEND_GAP = 6


def phone_px(points: float, figure_width: float = FIGURE_WIDTH) -> float:
    """Height in CSS pixels of a ``points`` font in a figure ``figure_width`` inches wide shown
    :data:`PHONE_COLUMN_PX` pixels wide (independent of the dpi)."""
    validate.positive("points", points)
    validate.positive("figure_width", figure_width)
    return points * PHONE_COLUMN_PX / (72 * figure_width)


def font_available(family: str, file_stem: str) -> bool:
    """True if matplotlib can draw with ``family``, registering it if installed after its cache.

    matplotlib lists the system fonts once and caches the list, so a font installed later is
    unknown to it; such a font is found by its file name stem and added. Nothing is logged when
    the font is absent.
    """
    from matplotlib import font_manager

    validate.text("family", family)
    validate.text("file_stem", file_stem)

    def known() -> bool:
        return any(entry.name == family for entry in font_manager.fontManager.ttflist)

    if known():
        return True
    for path in font_manager.findSystemFonts():
        if file_stem in path.rsplit("/", 1)[-1]:
            font_manager.fontManager.addfont(path)
    return known()


def font_families() -> list[str]:
    """The theme's font list: :data:`MAIN_FONT`, then :data:`CJK_FONT` where it is installed."""
    if font_available(CJK_FONT, CJK_FONT_FILE):
        return [MAIN_FONT, CJK_FONT]
    return [MAIN_FONT]


def set_theme() -> None:
    """Apply the book's seaborn theme (call once at the top of a chapter)."""
    sns.set_theme(
        context="notebook",
        style="whitegrid",
        palette=PALETTE,
        rc={
            # A list of concrete families: matplotlib falls back glyph by glyph along it.
            "font.family": font_families(),
            "figure.figsize": FIGURE_SIZE,
            "figure.dpi": FIGURE_DPI,
            "savefig.dpi": FIGURE_DPI,
            "font.size": LABEL_FONT_SIZE,
            "axes.labelsize": LABEL_FONT_SIZE,
            "axes.titlesize": TITLE_FONT_SIZE,
            "figure.titlesize": TITLE_FONT_SIZE,
            "axes.titleweight": "bold",
            "xtick.labelsize": TICK_FONT_SIZE,
            "ytick.labelsize": TICK_FONT_SIZE,
            "legend.fontsize": LEGEND_FONT_SIZE,
            "legend.title_fontsize": LEGEND_FONT_SIZE,
            "axes.spines.top": False,
            "axes.spines.right": False,
            # Fixed metadata keeps saved figures byte-identical between runs.
            "svg.hashsalt": "ecommod",
        },
    )


def _wrap_to_width(text: str, fits) -> list[str]:
    """Greedy line breaking at spaces; a word longer than a line (Chinese) breaks anywhere."""
    lines: list[str] = []
    current = ""
    for token in re.findall(r"\S+", text):
        candidate = f"{current} {token}" if current else token
        if fits(candidate):
            current = candidate
            continue
        if fits(token):
            lines.append(current)
            current = token
            continue
        current = f"{current} " if current else ""
        for character in token:
            if current.strip() and not fits(current + character):
                lines.append(current.rstrip())
                current = ""
            current += character
    if current:
        lines.append(current)
    return lines


def _fit_titles(fig: plt.Figure, renderer) -> bool:
    """Wrap each axes title that reaches past the figure's edges (a saved image would otherwise
    widen, shrinking all its text on a phone); True if any was wrapped."""
    width = fig.bbox.width
    wrapped = False
    for title in (ax.title for ax in fig.axes):
        text = title.get_text()
        _remember_text(title)
        box = title.get_window_extent(renderer)
        if not text or (box.x0 >= 0 and box.x1 <= width):
            continue
        centre = (box.x0 + box.x1) / 2
        room = 2 * min(centre, width - centre) * (1 - 2 * SOURCE_MARGIN)

        def fits(line: str, title=title, room=room) -> bool:
            title.set_text(line)
            return title.get_window_extent(renderer).width <= room

        title.set_text("\n".join(_wrap_to_width(text.replace("\n", " "), fits)))
        wrapped = True
    return wrapped


def add_source(fig: plt.Figure, text: str) -> plt.Text:
    """Write ``Source: text`` under the figure, wrapped to its width, and make room for it.

    Call it after drawing, as the last layout step (it runs ``tight_layout`` above the line). An
    axes title wider than the figure is wrapped onto more lines, so the saved image keeps the
    figure's width and its text the size the theme chose. Returns the text artist.
    """
    validate.instance("fig", fig, plt.Figure, "a matplotlib Figure")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"text must name the source of the figure's data, got {text!r}")
    label = fig.text(
        SOURCE_MARGIN,
        SOURCE_MARGIN,
        "",
        ha="left",
        va="bottom",
        fontsize=SOURCE_FONT_SIZE,
        color="0.3",
    )
    label.ecommod_source = text
    fig.ecommod_source_label = label
    _lay_out_source(fig, label, SOURCE_PREFIX + text)
    return label


#: What the source line under a figure starts with (its Chinese twin: "资料来源：").
SOURCE_PREFIX = t("Source: ", "资料来源：")


def _lay_out_source(fig: plt.Figure, label: plt.Text, text: str) -> None:
    """Wrap the source line ``text`` to the figure's width, tighten the layout above it and wrap
    any title that reaches past the figure's edges."""
    renderer = fig.canvas.get_renderer()
    max_width = fig.bbox.width * (1 - 2 * SOURCE_MARGIN)

    def fits(line: str) -> bool:
        label.set_text(line)
        return label.get_window_extent(renderer).width <= max_width

    label.set_text("\n".join(_wrap_to_width(text, fits)))
    label_top = label.get_window_extent(renderer).y1 / fig.bbox.height
    _fit_titles(fig, renderer)
    fig.tight_layout(rect=(0, label_top + SOURCE_MARGIN, 1, 1))
    if _fit_titles(fig, renderer):  # the layout moved an axes: wrap again where needed
        fig.tight_layout(rect=(0, label_top + SOURCE_MARGIN, 1, 1))


def _remember_text(artist: Text) -> str:
    """The text ``artist`` was given in English, kept before it is wrapped or translated."""
    if not hasattr(artist, "ecommod_english"):
        artist.ecommod_english = artist.get_text()
    return artist.ecommod_english


def _translated_label(text: str, language: str) -> str:
    """A figure's text in ``language``; math (``$…$``) reads the same in both."""
    return text if text.startswith("$") and text.endswith("$") else translate(text, language)


class _TranslatedTicks(Formatter):
    """Tick labels of ``english`` (any formatter: categories, fixed labels, numbers) in
    ``language``; numbers and math read the same in both."""

    def __init__(self, english: Formatter, language: str) -> None:
        self.english, self.language = english, language

    def _translated(self, label: str) -> str:
        return _translated_label(label, self.language)

    def set_axis(self, axis) -> None:
        super().set_axis(axis)
        self.english.set_axis(axis)

    def set_locs(self, locs) -> None:
        self.english.set_locs(locs)

    def __call__(self, x, pos=None) -> str:
        return self._translated(self.english(x, pos))

    def format_ticks(self, values) -> list[str]:
        return [self._translated(label) for label in self.english.format_ticks(values)]

    def get_offset(self) -> str:
        return self._translated(self.english.get_offset())


def _set_language(fig: plt.Figure, language: str) -> None:
    """Every text of ``fig`` in ``language`` (ecommod/language.py): titles, axis labels, legends,
    annotations, category tick labels and the source line, wrapped and laid out again. A figure
    already in ``language`` (a new figure is in English) is left as drawn."""
    if getattr(fig, "ecommod_language", "en") == language:
        return
    fig.ecommod_language = language
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            formatter = axis.get_major_formatter()
            english = getattr(formatter, "english", formatter)
            axis.set_major_formatter(
                english if language == "en" else _TranslatedTicks(english, language)
            )
    source = getattr(fig, "ecommod_source_label", None)
    for artist in fig.findobj(Text):
        if artist is source or not artist.get_text() and not hasattr(artist, "ecommod_english"):
            continue
        artist.set_text(_translated_label(_remember_text(artist), language))
    if source is not None:
        prefix = translate(SOURCE_PREFIX, language)
        _lay_out_source(fig, source, prefix + translate(source.ecommod_source, language))
    else:
        _fit_titles(fig, fig.canvas.get_renderer())


def show(fig: plt.Figure | None = None) -> None:
    """Show ``fig`` (default: the current figure) in each output language of this kernel, then
    close it. Use it instead of ``plt.show()``: every text of the figure is translated
    (:func:`ecommod.language.translate`), so one without a Chinese twin is an error naming it."""
    from IPython.display import display

    fig = plt.gcf() if fig is None else fig
    validate.instance("fig", fig, plt.Figure, "a matplotlib Figure")
    try:
        for language in output_languages():
            _set_language(fig, language)  # here, so that a missing twin stops the cell
            display(fig, metadata=output_metadata(language))
    finally:
        plt.close(fig)


def legend_below(
    ax: Axes,
    handles: Sequence | None = None,
    labels: Sequence[str] | None = None,
    *,
    title: str | None = None,
) -> Legend:
    """A legend under ``ax``, below its tick and axis labels, so it covers no data.

    ``handles``/``labels`` default to the labelled artists of ``ax`` (pass those of several
    panels to give a stacked figure one legend under its last panel). Entries are set side by
    side in as many columns as fit inside the figure's edges (one per row if none fit). The
    legend is anchored in points below the axes' labels, so it stays clear of them when the
    layout is tightened later (:func:`add_source`, ``tight_layout``); the inline backend and
    ``savefig(bbox_inches="tight")`` keep it in the image. Returns the legend.
    """
    validate.instance("ax", ax, Axes, "matplotlib Axes")
    if handles is None and labels is None:
        handles, labels = ax.get_legend_handles_labels()
    elif handles is None or labels is None or len(handles) != len(labels):
        raise ValueError(
            "handles and labels must be given together and be as many, got "
            f"{None if handles is None else len(handles)} handles and "
            f"{None if labels is None else len(labels)} labels"
        )
    if not handles:
        raise ValueError("ax has no labelled artist for a legend (pass label=... when drawing)")
    if title is not None:
        validate.text("title", title)
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    labelled = ax.get_tightbbox(renderer)  # the axes with its tick labels and axis labels
    below_points = (ax.get_window_extent(renderer).y0 - labelled.y0) * 72 / fig.dpi + LEGEND_GAP
    anchor = offset_copy(ax.transAxes, fig=fig, y=-below_points, units="points")
    columns = len(handles)
    while True:
        legend = ax.legend(
            handles,
            labels,
            loc="upper center",
            bbox_to_anchor=(0.5, 0),
            bbox_transform=anchor,
            ncols=columns,
            frameon=False,
            title=title,
        )
        box = legend.get_window_extent(renderer)
        if columns == 1 or (box.x0 >= 0 and box.x1 <= fig.bbox.width):
            return legend
        legend.remove()
        columns -= 1


def _annual_values(series: pd.Series, name: str) -> pd.Series:
    """``series`` on every year from its first to its last observation (NaN where missing)."""
    if not isinstance(series, pd.Series):
        raise TypeError(f"{name} must be a pandas Series indexed by year, got {type(series)}")
    if not pd.api.types.is_integer_dtype(series.index) or series.index.has_duplicates:
        raise ValueError(
            f"{name} must be indexed by unique integer years, got {list(series.index)[:5]}"
        )
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        raise ValueError(f"{name} must hold numbers, got dtype {series.dtype}")
    if np.isinf(series.to_numpy(dtype=float)).any():
        raise ValueError(f"{name} must be finite where present, got {series.tolist()}")
    observed = series.dropna()
    if observed.empty:
        raise ValueError(f"{name} has no observed value to draw")
    years = pd.RangeIndex(int(observed.index.min()), int(observed.index.max()) + 1, name="year")
    return series.astype(float).reindex(years)


def annual_line(ax: Axes, series: pd.Series, fmt: str = "o-", **plot_kwargs) -> list[Line2D]:
    """Plot an annual series whose line breaks at missing years instead of joining across them.

    The series is reindexed to every year between its first and last observation, so a missing
    year is NaN in the drawn data. Keep a marker in ``fmt`` so that a year with no neighbours
    still shows. Years on the x axis are whole numbers.
    """
    validate.instance("ax", ax, Axes, "matplotlib Axes")
    validate.text("fmt", fmt, allow_empty=True)
    values = _annual_values(series, "series")
    lines = ax.plot(values.index.to_numpy(), values.to_numpy(), fmt, **plot_kwargs)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return lines


def _interval_levels(outlook: pd.DataFrame) -> list[str]:
    """Labels ("80", "95") of the bands present as ``lower_<p>``/``upper_<p>`` pairs."""
    lowers = {c[len("lower_") :] for c in outlook.columns if str(c).startswith("lower_")}
    uppers = {c[len("upper_") :] for c in outlook.columns if str(c).startswith("upper_")}
    if "forecast" not in outlook.columns or not lowers or lowers != uppers:
        raise ValueError(
            "outlook must have a 'forecast' column and matching lower_<p>/upper_<p> columns "
            f"(as returned by ecommod.stats.forecast), got {list(outlook.columns)}"
        )
    return sorted(lowers, key=float, reverse=True)


#: The labels a fan chart writes itself (each with its Chinese twin).
YEAR_LABEL = t("year", "年份")
OBSERVED_LABEL = t("observed", "观测值")
FORECAST_LABEL = t("forecast", "预测")


def fan_chart(
    ax: Axes,
    history: pd.Series,
    outlook: pd.DataFrame,
    *,
    ylabel: str,
    xlabel: str = YEAR_LABEL,
    history_label: str = OBSERVED_LABEL,
    forecast_label: str | None = None,
    history_color: str = "C1",
    forecast_color: str = "C0",
) -> Axes:
    """History, forecast and its prediction bands (widest palest) on ``ax``, legend below it.

    ``history`` is an annual Series, ``outlook`` a table from :func:`ecommod.stats.forecast`, both
    in the unit named in ``ylabel`` (e.g. "trillion yuan"). The forecast line and bands start at
    the last observed year when the forecast follows it directly. ``forecast_label`` defaults to
    "forecast: <model>" from ``outlook.attrs``.
    """
    validate.instance("ax", ax, Axes, "matplotlib Axes")
    if not isinstance(ylabel, str) or not ylabel.strip():
        raise ValueError(f"ylabel must name the quantity and its unit, got {ylabel!r}")
    for name, value in (
        ("xlabel", xlabel),
        ("history_label", history_label),
        ("history_color", history_color),
        ("forecast_color", forecast_color),
        ("forecast_label", "forecast" if forecast_label is None else forecast_label),
    ):
        validate.text(name, value, allow_empty=name == "xlabel")
    validate.instance("outlook", outlook, pd.DataFrame, "a table from ecommod.stats.forecast")
    levels = _interval_levels(outlook)
    band_years = _annual_values(outlook["forecast"], "outlook['forecast']").index
    observed = _annual_values(history, "history").dropna()
    bands = outlook.reindex(band_years)
    last_year = int(observed.index[-1])
    if band_years[0] == last_year + 1:  # join the fan to the last observation
        anchor = pd.DataFrame(observed.iloc[-1], index=[last_year], columns=bands.columns)
        bands = pd.concat([anchor, bands])
    if forecast_label is None:
        model = outlook.attrs.get("model")
        forecast_label = (
            t("forecast: {model}", "预测：{model}", model=model) if model else FORECAST_LABEL
        )

    annual_line(ax, history, "o-", color=history_color, label=history_label)
    for alpha, level in zip(np.linspace(0.15, 0.35, len(levels)), levels, strict=True):
        ax.fill_between(
            bands.index.to_numpy(),
            bands[f"lower_{level}"].to_numpy(dtype=float),
            bands[f"upper_{level}"].to_numpy(dtype=float),
            color=forecast_color,
            alpha=float(alpha),
            linewidth=0,
            label=t("{level}% prediction interval", "{level}% 预测区间", level=level),
        )
    ax.plot(
        bands.index.to_numpy(),
        bands["forecast"].to_numpy(dtype=float),
        "--",
        color=forecast_color,
        label=forecast_label,
    )
    ax.plot(
        outlook.index.to_numpy(),
        outlook["forecast"].to_numpy(dtype=float),
        "o",
        color=forecast_color,
    )
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    legend_below(ax)
    return ax
