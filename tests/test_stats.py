"""ecommod.stats: growth, CAGR, shares, comparable levels, the break test and the forecasts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecommod import stats

YEARS = np.arange(2014, 2025)
growth_rates = st.lists(st.floats(-30, 60), min_size=2, max_size=12)


def compounded(start: float, growth_pct: list[float], first_year: int = 2014) -> pd.Series:
    values = start * np.cumprod([1.0] + [1 + g / 100 for g in growth_pct])
    return pd.Series(values, index=np.arange(first_year, first_year + len(values)))


@given(st.floats(1, 1e6), growth_rates)
def test_growth_from_levels_recovers_the_compounded_rates(start, growth_pct):
    derived = stats.growth_from_levels(compounded(start, growth_pct))
    assert np.isnan(derived.iloc[0])
    np.testing.assert_allclose(derived.iloc[1:], growth_pct, atol=1e-7)


def test_growth_over_a_gap_is_not_invented():
    levels = pd.Series([100.0, 110.0, 130.0], index=[2014, 2015, 2017])
    derived = stats.growth_from_levels(levels)
    assert np.isnan(derived[2017])
    assert derived[2015] == pytest.approx(10.0)


@given(st.floats(1, 1e6), growth_rates, st.data())
def test_comparable_levels_grow_at_the_published_rates(anchor_level, growth_pct, draw):
    years = np.arange(2015, 2015 + len(growth_pct))
    published_growth = pd.Series(growth_pct, index=years)
    anchor = draw.draw(st.sampled_from([2014, *years]))
    chained = stats.comparable_levels(published_growth, anchor, anchor_level)
    assert list(chained.index) == list(range(2014, years.max() + 1))
    assert chained[anchor] == pytest.approx(anchor_level)
    np.testing.assert_allclose(stats.growth_from_levels(chained).iloc[1:], growth_pct, atol=1e-7)


def test_comparable_levels_stop_at_the_first_gap_in_published_growth():
    growth = pd.Series([10.0, np.nan, 5.0, 20.0], index=[2015, 2016, 2017, 2018])
    chained = stats.comparable_levels(growth, anchor_year=2018, anchor_level=126.0)
    assert list(chained.index) == [2016, 2017, 2018]
    assert chained[2016] == pytest.approx(100.0)
    with pytest.raises(ValueError, match="anchor_level must be > 0"):
        stats.comparable_levels(growth, 2018, 0.0)


@given(st.floats(0.1, 1e6), st.floats(-50, 100), st.integers(1, 30))
def test_cagr_compounds_back_to_the_end_value(start, rate, years):
    end = start * (1 + rate / 100) ** years
    assert stats.cagr(start, end, years) == pytest.approx(rate, abs=1e-6)


@pytest.mark.parametrize(
    ("arguments", "parameter"),
    [((0, 1, 1), "start_value"), ((1, -1, 1), "end_value"), ((1, 2, 0), "years")],
)
def test_cagr_names_the_bad_parameter(arguments, parameter):
    with pytest.raises(ValueError, match=parameter):
        stats.cagr(*arguments)


def test_share_is_a_percentage_and_rejects_impossible_parts():
    assert stats.share(26.8, 100.0) == pytest.approx(26.8)
    with pytest.raises(ValueError, match="part must lie in"):
        stats.share(120.0, 100.0)
    with pytest.raises(ValueError, match="total must be > 0"):
        stats.share(1.0, 0.0)


def test_share_aligns_series_by_year():
    part = pd.Series([10.0, 20.0], index=[2023, 2024])
    total = pd.Series([50.0, 100.0, 80.0], index=[2022, 2023, 2024])
    result = stats.share(part, total)
    assert np.isnan(result[2022])
    assert result[2023] == pytest.approx(10.0)
    assert result[2024] == pytest.approx(25.0)


@pytest.mark.parametrize(
    ("series", "message"),
    [
        (pd.Series([1.0, 2.0, 3.0], index=[1.5, 2.5, 3.5]), "integer years"),
        (
            pd.Series([1.0, np.nan, 3.0], index=[2014, 2015, 2016]),
            r"missing values in years \[2015\]",
        ),
        (
            pd.Series([1.0, -2.0, 3.0], index=[2014, 2015, 2016]),
            r"must be > 0 in every year; not so in \[2015\]",
        ),
        (pd.Series([1.0, 2.0, 3.0], index=[2016, 2015, 2014]), "strictly increasing"),
    ],
)
def test_bad_series_are_rejected_with_the_reason(series, message):
    with pytest.raises(ValueError, match=message):
        stats.growth_from_levels(series)


def synthetic_log_trend(slope_change: float, seed: int = 7) -> pd.Series:
    rng = np.random.default_rng(seed)
    after = np.clip(YEARS - stats.BREAK_YEAR + 1, 0, None)
    log_values = (
        10 + 0.2 * (YEARS - YEARS[0]) + slope_change * after + rng.normal(0, 0.01, YEARS.size)
    )
    return pd.Series(np.exp(log_values), index=YEARS)


def test_chow_test_finds_a_clear_break_and_not_a_missing_one():
    assert stats.chow_test(synthetic_log_trend(-0.15)).p_value < 0.001
    assert stats.chow_test(synthetic_log_trend(0.0)).p_value > 0.05


def test_chow_test_needs_years_on_both_sides_of_the_break():
    with pytest.raises(ValueError, match="break_year"):
        stats.chow_test(synthetic_log_trend(0.0), break_year=2024)


def test_model_selection_ranks_all_candidates_by_aicc():
    table = stats.model_selection(synthetic_log_trend(-0.15))
    assert set(table["model"]) == set(stats.MODEL_NAMES)
    assert table["aicc"].is_monotonic_increasing
    assert table["selected"].sum() == 1
    assert table.loc[0, "model"] == f"linear trend, break in {stats.BREAK_YEAR}"


def test_aicc_penalises_parameters_and_refuses_too_few_observations():
    assert stats.aicc(10.0, 3, 11) < stats.aicc(10.0, 4, 11)
    assert stats.aicc(10.0, 5, 6) == np.inf


@pytest.mark.parametrize("scale", ["log", "logit"])
def test_forecast_intervals_are_nested_and_widen(scale):
    series = synthetic_log_trend(-0.15)
    if scale == "logit":
        series = 100 * series / (series.max() * 2)
    table = stats.forecast(series, until=2030, scale=scale)
    assert list(table.index) == list(range(2025, 2031))
    columns = ["lower_95", "lower_80", "forecast", "upper_80", "upper_95"]
    assert (table[columns].diff(axis=1).iloc[:, 1:] >= 0).all().all()
    width = table["upper_95"] - table["lower_95"]
    assert width.is_monotonic_increasing
    if scale == "logit":
        assert ((table[columns] > 0) & (table[columns] < 100)).all().all()
    assert table.attrs["model"] in stats.MODEL_NAMES


def test_forecast_rejects_bad_arguments():
    series = synthetic_log_trend(0.0)
    with pytest.raises(ValueError, match="until must be after"):
        stats.forecast(series, until=2024)
    with pytest.raises(ValueError, match="scale must be"):
        stats.forecast(series, scale="sqrt")
    with pytest.raises(ValueError, match="model must be one of"):
        stats.forecast(series, model="neural network")
    with pytest.raises(ValueError, match="share in %"):
        stats.forecast(series, scale="logit")


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000))
def test_forecast_is_deterministic(seed):
    series = synthetic_log_trend(-0.1, seed=seed)
    pd.testing.assert_frame_equal(stats.forecast(series), stats.forecast(series))


def test_a_series_with_missing_years_is_fitted_by_the_trend_models_only():
    series = synthetic_log_trend(-0.15).drop([2015, 2018])
    table = stats.model_selection(series)
    assert set(table["model"]) == {"linear trend", f"linear trend, break in {stats.BREAK_YEAR}"}
    forecast = stats.forecast(series, until=2027)
    assert list(forecast.index) == [2025, 2026, 2027]
    full = stats.forecast(synthetic_log_trend(-0.15), until=2027, model=forecast.attrs["model"])
    np.testing.assert_allclose(forecast["forecast"], full["forecast"], rtol=0.02)
