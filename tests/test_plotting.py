"""ecommod.plotting: theme, legible source line, gap-aware annual lines and the fan chart."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from ecommod import plotting, stats

LONG_SOURCE = (
    "National Bureau of Statistics of China, statistical communiqués and monthly retail releases "
    "2015-2025 as listed in data/sources.csv; levels chained on the 2024 basis with "
    "ecommod.stats.comparable_levels; forecast with ecommod.stats.forecast"
)


@pytest.fixture(autouse=True)
def themed():
    """Every test starts from the book's theme and closes its figures."""
    with matplotlib.rc_context():
        plotting.set_theme()
        yield
        plt.close("all")


def test_theme_draws_and_saves_at_150_dpi_or_more():
    assert matplotlib.rcParams["figure.dpi"] >= 150
    assert matplotlib.rcParams["savefig.dpi"] >= 150
    assert plt.figure().dpi >= 150


@pytest.mark.parametrize(
    "text", [LONG_SOURCE, "国家统计局" * 40, "NBS retail releases (data/sources.csv)"]
)
def test_source_line_is_legible_wrapped_inside_the_figure_and_clear_of_the_axes(text):
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    ax.plot([2014, 2024], [1, 2])
    ax.set(xlabel="year", ylabel="trillion yuan")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")  # no CJK font
        label = plotting.add_source(fig, text)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        source_box = label.get_window_extent(renderer)
    assert label.get_fontsize() >= 9
    assert label.get_text().startswith("Source: ")
    assert label.get_text().replace("\n", "").replace(" ", "") == f"Source:{text}".replace(" ", "")
    figure_box = fig.bbox
    assert source_box.x0 >= 0 and source_box.y0 >= 0
    assert source_box.x1 <= figure_box.x1 and source_box.y1 <= figure_box.y1
    axes_box = ax.get_tightbbox(renderer)  # axes with tick labels and axis labels
    assert axes_box.y0 >= source_box.y1
    if len(text) > 100:
        assert label.get_text().count("\n") >= 1


def test_source_line_wraps_more_on_a_narrower_figure():
    narrow, _ = plt.subplots(figsize=(4, 3))
    wide, _ = plt.subplots(figsize=(10, 3))
    narrow_lines = plotting.add_source(narrow, LONG_SOURCE).get_text().count("\n")
    wide_lines = plotting.add_source(wide, LONG_SOURCE).get_text().count("\n")
    assert narrow_lines > wide_lines


@pytest.mark.parametrize("text", ["", "   ", None])
def test_source_line_must_name_a_source(text):
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="text must name the source"):
        plotting.add_source(fig, text)


def test_annual_line_breaks_at_a_missing_year():
    series = pd.Series([1.0, 2.0, 4.0, 5.0], index=[2014, 2015, 2017, 2018])
    _, ax = plt.subplots()
    (line,) = plotting.annual_line(ax, series, label="level")
    np.testing.assert_array_equal(line.get_xdata(), [2014, 2015, 2016, 2017, 2018])
    y = np.asarray(line.get_ydata(), dtype=float)
    assert np.isnan(y[2]) and not np.isnan(np.delete(y, 2)).any()
    assert line.get_label() == "level"


def test_annual_line_keeps_nan_values_as_gaps_and_trims_the_ends():
    series = pd.Series([np.nan, 1.0, np.nan, 3.0, np.nan], index=range(2014, 2019))
    _, ax = plt.subplots()
    (line,) = plotting.annual_line(ax, series)
    np.testing.assert_array_equal(line.get_xdata(), [2015, 2016, 2017])
    assert np.isnan(np.asarray(line.get_ydata(), dtype=float)[1])


@pytest.mark.parametrize(
    ("series", "error", "message"),
    [
        (pd.Series([1.0, 2.0], index=[2014.0, 2015.0]), ValueError, "integer years"),
        (pd.Series([1.0, 2.0], index=[2014, 2014]), ValueError, "unique integer years"),
        (pd.Series([np.nan], index=[2014]), ValueError, "no observed value"),
        ([1.0, 2.0], TypeError, "pandas Series"),
    ],
)
def test_annual_line_rejects_what_is_not_an_annual_series(series, error, message):
    _, ax = plt.subplots()
    with pytest.raises(error, match=message):
        plotting.annual_line(ax, series)


@pytest.fixture
def outlook_and_history():
    years = np.arange(2014, 2025)
    history = pd.Series(100 * 1.1 ** (years - 2014) * (1 + 0.01 * np.sin(years)), index=years)
    return history, stats.forecast(history, until=2028, model="linear trend")


def test_fan_chart_draws_history_forecast_and_both_bands_with_labels(outlook_and_history):
    history, outlook = outlook_and_history
    _, ax = plt.subplots()
    plotting.fan_chart(ax, history.drop(2016), outlook, ylabel="trillion yuan")
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == [
        "observed",
        "95% prediction interval",
        "80% prediction interval",
        "forecast: linear trend",
    ]
    assert ax.get_ylabel() == "trillion yuan" and ax.get_xlabel() == "year"
    history_line = ax.get_lines()[0]
    assert np.isnan(np.asarray(history_line.get_ydata(), dtype=float)[2])  # 2016 is a gap
    forecast_line = next(line for line in ax.get_lines() if line.get_label().startswith("forecast"))
    np.testing.assert_array_equal(forecast_line.get_xdata(), np.arange(2024, 2029))
    np.testing.assert_allclose(forecast_line.get_ydata()[0], history[2024])  # joined to history
    np.testing.assert_allclose(forecast_line.get_ydata()[1:], outlook["forecast"])
    band_95, band_80 = ax.collections[:2]
    assert band_95.get_alpha() < band_80.get_alpha()  # widest band palest
    top_95 = band_95.get_paths()[0].vertices[:, 1].max()
    np.testing.assert_allclose(top_95, outlook["upper_95"].max())


def test_fan_chart_follows_the_interval_levels_of_the_outlook(outlook_and_history):
    history, _ = outlook_and_history
    outlook = stats.forecast(history, until=2026, model="linear trend", interval_levels=(0.5,))
    _, ax = plt.subplots()
    plotting.fan_chart(ax, history, outlook, ylabel="%", forecast_label="trend")
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["observed", "50% prediction interval", "trend"]


def test_fan_chart_rejects_a_missing_unit_or_an_outlook_without_bands(outlook_and_history):
    history, outlook = outlook_and_history
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="ylabel must name the quantity and its unit"):
        plotting.fan_chart(ax, history, outlook, ylabel=" ")
    with pytest.raises(ValueError, match=r"matching lower_<p>/upper_<p> columns"):
        plotting.fan_chart(ax, history, outlook.drop(columns="upper_80"), ylabel="yuan")


def test_a_missing_cjk_font_is_left_out_without_a_log_or_warning(monkeypatch, caplog):
    monkeypatch.setattr(plotting, "CJK_FONT", "No Such Font For ecommod Tests")
    monkeypatch.setattr(plotting, "CJK_FONT_FILE", "NoSuchFontForEcommodTests")
    with caplog.at_level(logging.DEBUG, logger="matplotlib"), warnings.catch_warnings():
        warnings.simplefilter("error")
        plotting.set_theme()
        fig, ax = plt.subplots()
        ax.set_title("Online retail sales, 2024")
        fig.canvas.draw()
    assert matplotlib.rcParams["font.family"] == ["DejaVu Sans"]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_an_installed_fallback_font_joins_the_font_list(monkeypatch, caplog):
    monkeypatch.setattr(plotting, "CJK_FONT", "DejaVu Serif")  # stands in for the CJK font
    with caplog.at_level(logging.WARNING, logger="matplotlib"):
        plotting.set_theme()
        fig, ax = plt.subplots()
        ax.set_title("Online retail sales, 2024")
        fig.canvas.draw()
    assert matplotlib.rcParams["font.family"] == ["DejaVu Sans", "DejaVu Serif"]
    assert not caplog.records


@pytest.mark.skipif(
    not plotting.font_available(plotting.CJK_FONT, plotting.CJK_FONT_FILE),
    reason="fonts-noto-cjk is not installed (CI installs it)",
)
def test_chinese_labels_render_without_missing_glyphs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig, ax = plt.subplots()
        ax.set(title="网络零售额 2024", ylabel="万亿元")
        plotting.add_source(fig, "国家统计局 2024 年国民经济和社会发展统计公报")
        fig.canvas.draw()
    assert plotting.CJK_FONT in matplotlib.rcParams["font.family"]


def test_a_font_installed_after_matplotlib_cached_its_font_list_is_registered(monkeypatch):
    from matplotlib import font_manager

    serif_file = str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSerif.ttf")
    cached = [entry for entry in font_manager.fontManager.ttflist if entry.name != "DejaVu Serif"]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", cached)  # as if installed later
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: [serif_file])
    assert not plotting.font_available("DejaVu Serif", "NoSuchFileStem")
    assert plotting.font_available("DejaVu Serif", "DejaVuSerif")
    assert any(entry.name == "DejaVu Serif" for entry in font_manager.fontManager.ttflist)


# --- figures a phone can read -----------------------------------------------------------------


def png_width(fig) -> int:
    """Pixel width of ``fig`` saved as the notebooks show it (PNG, bbox_inches="tight")."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    buffer.seek(0)
    return Image.open(buffer).size[0]


def test_phone_px_is_points_scaled_to_the_phone_column():
    # 12 pt at 150 dpi is 25 px in a 960 px image (6.4 in); shown 358 px wide: 25 * 358 / 960.
    assert plotting.phone_px(12) == pytest.approx(12 * 150 / 72 * 358 / 960)
    assert plotting.phone_px(12, figure_width=3.2) == pytest.approx(2 * plotting.phone_px(12))
    with pytest.raises(ValueError, match="figure_width"):
        plotting.phone_px(12, figure_width=0)


def test_a_default_figure_reads_on_a_phone(outlook_and_history):
    """Ticks at 9 px or more, legend and source line at 8 px or more, axis labels and title at 9 px
    or more, once the saved image is scaled to the phone's 358 px column."""
    history, outlook = outlook_and_history
    fig, ax = plt.subplots()
    assert tuple(fig.get_size_inches()) == plotting.FIGURE_SIZE
    assert fig.get_size_inches()[0] <= 6.4
    plotting.fan_chart(ax, history, outlook, ylabel="trillion yuan")
    ax.set_title("Online retail sales")
    source = plotting.add_source(fig, LONG_SOURCE)
    scale = plotting.PHONE_COLUMN_PX / png_width(fig)

    def shown_px(text) -> float:
        return text.get_fontsize() * fig.dpi / 72 * scale

    ticks = ax.get_xticklabels() + ax.get_yticklabels()
    assert min(shown_px(t) for t in ticks) >= 9
    assert min(shown_px(t) for t in ax.get_legend().get_texts()) >= 8
    assert shown_px(source) >= 8
    assert min(shown_px(t) for t in (ax.xaxis.label, ax.yaxis.label, ax.title)) >= 9


def test_legend_below_sits_under_the_axis_labels_inside_the_figure_width():
    fig, ax = plt.subplots()
    for k, name in enumerate(["online retail sales", "physical goods online", "share of retail"]):
        ax.plot([2015, 2024], [k, k + 1], label=name)
    ax.set(xlabel="year", ylabel="trillion yuan")
    legend = plotting.legend_below(ax)
    source = plotting.add_source(fig, "NBS releases")  # tightens the layout after the legend
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend_box = legend.get_window_extent(renderer)
    legend.set_in_layout(False)
    legend.set_visible(False)
    labels_box = ax.get_tightbbox(renderer)  # axes, tick labels and axis labels, no legend
    assert legend_box.y1 <= labels_box.y0  # below the x axis' label: covers no data
    assert legend_box.y0 >= source.get_window_extent(renderer).y1  # above the source line
    assert legend_box.x0 >= 0 and legend_box.x1 <= fig.bbox.width
    assert legend.get_frame_on() is False


def legend_rows(fig, legend) -> int:
    """How many rows the legend's entries take (distinct heights of their texts)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return len({round(t.get_window_extent(renderer).y0) for t in legend.get_texts()})


def test_legend_below_uses_fewer_columns_when_the_entries_do_not_fit_side_by_side():
    fig, ax = plt.subplots()
    few = [ax.plot([0, 1], [0, k], label=f"s{k}")[0] for k in range(3)]
    assert legend_rows(fig, plotting.legend_below(ax)) == 1  # short labels: side by side
    names = [f"a long series name number {k} that takes room" for k in range(3)]
    legend = plotting.legend_below(ax, few, names)
    assert legend_rows(fig, legend) > 1
    assert legend.get_window_extent(fig.canvas.get_renderer()).width <= fig.bbox.width
    assert [t.get_text() for t in legend.get_texts()] == names


def test_legend_below_needs_labelled_artists_and_matching_labels():
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="no labelled artist"):
        plotting.legend_below(ax)
    (line,) = ax.plot([0, 1], [0, 1])
    with pytest.raises(ValueError, match="handles and labels must be given together"):
        plotting.legend_below(ax, [line], ["a", "b"])


def test_the_fan_chart_legend_covers_no_data(outlook_and_history):
    history, outlook = outlook_and_history
    fig, ax = plt.subplots()
    plotting.fan_chart(ax, history, outlook, ylabel="trillion yuan")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    assert ax.get_legend().get_window_extent(renderer).y1 <= ax.get_window_extent(renderer).y0


def test_one_palette_gives_the_same_meaning_the_same_colour():
    from ecommod import claims

    # The palette lives with the verdict words (ecommod.claims); agreement and disagreement
    # have the same colour for the evidence and for the model.
    assert claims.STATUS_COLOURS["consistent"] == claims.MODEL_VERDICT_COLOURS["reproduced"]
    assert claims.STATUS_COLOURS["inconsistent"] == claims.MODEL_VERDICT_COLOURS["contradicted"]


def test_a_title_wider_than_the_figure_is_wrapped_so_the_image_keeps_its_width():
    fig, ax = plt.subplots()
    ax.plot([2015, 2024], [1, 2])
    title = "Online retail sales on the 2024 basis, with a forecast to 2030 and its intervals"
    ax.set_title(title)
    fig.canvas.draw()
    assert ax.title.get_window_extent(fig.canvas.get_renderer()).width > fig.bbox.width
    plotting.add_source(fig, "NBS retail releases")
    box = ax.title.get_window_extent(fig.canvas.get_renderer())
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width
    assert ax.title.get_text().replace("\n", " ") == title
    assert png_width(fig) <= plotting.FIGURE_WIDTH * plotting.FIGURE_DPI * 1.03


def test_a_title_that_fits_is_left_on_one_line():
    fig, ax = plt.subplots()
    ax.plot([2015, 2024], [1, 2])
    ax.set_title("Online retail sales")
    plotting.add_source(fig, "NBS retail releases")
    assert ax.title.get_text() == "Online retail sales"
