"""ecommod.stats: growth, CAGR, shares, comparable levels, the break test and the forecasts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import f as f_distribution
from scipy.stats import t as t_distribution

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
    with pytest.raises(ValueError, match="anchor_level must be above 0"):
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
    with pytest.raises(ValueError, match="total must be above 0"):
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
            r"must be above 0 in every year; not so in \[2015\]",
        ),
        (pd.Series([1.0, 2.0, 3.0], index=[2016, 2015, 2014]), "strictly increasing"),
    ],
)
def test_bad_series_are_rejected_with_the_reason(series, message):
    with pytest.raises(ValueError, match=message):
        stats.growth_from_levels(series)


def synthetic_log_trend(
    slope_change: float, seed: int = 7, break_year: int = stats.DEFAULT_BREAK_YEAR
) -> pd.Series:
    """exp(10 + 0.2 t + change * years since the break + noise with sd 0.01) over 2014-2024."""
    rng = np.random.default_rng(seed)
    after = np.clip(YEARS - break_year + 1, 0, None)
    log_values = (
        10 + 0.2 * (YEARS - YEARS[0]) + slope_change * after + rng.normal(0, 0.01, YEARS.size)
    )
    return pd.Series(np.exp(log_values), index=YEARS)


def exact_exponential(growth_pct: float = 10.0, start: float = 100.0) -> pd.Series:
    """A series growing at exactly ``growth_pct`` % a year over 2014-2024."""
    return pd.Series(start * (1 + growth_pct / 100) ** (YEARS - YEARS[0]), index=YEARS)


def test_chow_test_finds_a_clear_break_and_not_a_missing_one():
    assert stats.chow_test(synthetic_log_trend(-0.15)).p_value < 0.001
    assert stats.chow_test(synthetic_log_trend(0.0)).p_value > 0.05


def test_chow_statistic_equals_the_hand_formula_from_two_least_squares_fits():
    series = synthetic_log_trend(-0.05, seed=3, break_year=2019)
    log_values, t = np.log(series.to_numpy()), (YEARS - YEARS[0]).astype(float)
    after = (YEARS >= 2019).astype(float)
    restricted = np.column_stack([np.ones_like(t), t])
    unrestricted = np.column_stack([restricted, after, after * (YEARS - 2019)])

    def ssr(design):
        return np.linalg.lstsq(design, log_values, rcond=None)[1][0]

    df_denom = YEARS.size - 4
    expected_f = (ssr(restricted) - ssr(unrestricted)) / 2 / (ssr(unrestricted) / df_denom)
    chow = stats.chow_test(series, break_year=2019)
    assert chow.f_statistic == pytest.approx(expected_f, rel=1e-9)
    assert chow.p_value == pytest.approx(f_distribution.sf(expected_f, 2, df_denom), rel=1e-9)
    assert (chow.break_year, chow.df_num, chow.df_denom) == (2019, 2, df_denom)


@pytest.mark.parametrize("break_year", [2015, 2024, 2030, 2000])
def test_break_year_outside_the_data_names_the_allowed_range(break_year):
    series = synthetic_log_trend(0.0)
    message = rf"break_year .* allowed 2016\.\.2023 .* 2014\.\.2024, got {break_year}"
    with pytest.raises(ValueError, match=message):
        stats.chow_test(series, break_year=break_year)
    with pytest.raises(ValueError, match=message):
        stats.model_selection(series, break_year=break_year)
    with pytest.raises(ValueError, match=message):
        stats.forecast(series, break_year=break_year)


def test_break_year_must_be_an_integer_year():
    with pytest.raises(ValueError, match=r"break_year must be an integer year .* got '2020'"):
        stats.chow_test(synthetic_log_trend(0.0), break_year="2020")


def test_the_allowed_break_years_count_observed_years_not_calendar_years():
    series = synthetic_log_trend(0.0).drop([2015, 2023])  # observed 2014, 2016, ..., 2022, 2024
    with pytest.raises(ValueError, match=r"allowed 2017\.\.2022"):
        stats.chow_test(series, break_year=2016)
    assert stats.chow_test(series, break_year=2017).df_denom == series.size - 4


def test_break_year_bounds_intersect_the_allowed_years_of_every_series():
    # By hand: 2016..2023 allows 2018..2022 (two years before, two from); 2013..2024 allows
    # 2015..2023; both together 2018..2022. Gaps count observed years, not calendar years.
    assert stats.break_year_bounds(range(2016, 2024)) == (2018, 2022)
    assert stats.break_year_bounds(range(2016, 2024), range(2013, 2025)) == (2018, 2022)
    assert stats.break_year_bounds([2014, 2016, 2017, 2019, 2022]) == (2017, 2019)
    with pytest.raises(ValueError, match=r"years\[1\] must hold at least 4 integer years"):
        stats.break_year_bounds(range(2010, 2020), [2020, 2021, 2022])
    with pytest.raises(ValueError, match="no break year"):
        stats.break_year_bounds(range(2010, 2014), range(2020, 2024))


def test_linear_trend_is_the_hand_computed_least_squares_line():
    # y = 1, 2, 4 in three consecutive years: slope = S_xy / S_xx = 3 / 2 = 1.5; residuals
    # 1/6, -1/3, 1/6 so s^2 = (1/6) / 1 and se = sqrt(s^2 / S_xx) = sqrt(1/12); one df.
    trend = stats.linear_trend(pd.Series([1.0, 2.0, 4.0], index=[2020, 2021, 2022]))
    se = math.sqrt(1 / 12)
    half = t_distribution.ppf(0.975, 1) * se
    assert trend.slope == pytest.approx(1.5)
    assert (trend.lower, trend.upper) == pytest.approx((1.5 - half, 1.5 + half))
    assert trend.p_value == pytest.approx(2 * t_distribution.sf(1.5 / se, 1))
    assert (trend.n_obs, trend.first_year, trend.last_year) == (3, 2020, 2022)


@settings(max_examples=25, deadline=None)
@given(
    st.floats(-5, 5),
    st.floats(-50, 50),
    st.integers(0, 2**32 - 1),
)
def test_linear_trend_interval_covers_its_slope_and_narrows_with_confidence(slope, level, seed):
    years = np.arange(2010, 2022)
    noise = np.random.default_rng(seed).normal(0, 1, years.size)
    series = pd.Series(level + slope * (years - 2010) + noise, index=years)
    wide, narrow = stats.linear_trend(series, 0.99), stats.linear_trend(series, 0.8)
    assert wide.lower < narrow.lower < narrow.slope == wide.slope < narrow.upper < wide.upper
    assert 0 <= wide.p_value <= 1
    # p < 0.05 exactly when the 95% interval excludes zero (same t test).
    middle = stats.linear_trend(series)
    assert (middle.p_value < 0.05) == (middle.lower > 0 or middle.upper < 0)


def test_linear_trend_with_newey_west_errors_keeps_the_slope_and_widens_for_autocorrelation():
    # A smooth cycle around a line: deviations from the line are strongly autocorrelated, so
    # Newey-West's standard error differs from the conventional one while the slope is the same.
    years = np.arange(2010, 2022)
    series = pd.Series(2.0 * (years - 2010) + 3 * np.sin((years - 2010) / 2), index=years)
    plain, robust = stats.linear_trend(series), stats.linear_trend(series, hac_lags=2)
    assert robust.slope == pytest.approx(plain.slope)
    assert (plain.lags, robust.lags) == (0, 2)
    assert robust.upper - robust.lower != pytest.approx(plain.upper - plain.lower)
    assert robust.lower < robust.slope < robust.upper


def test_trend_growth_of_an_exact_exponential_is_its_rate():
    trend = stats.trend_growth(exact_exponential(10.0))
    assert trend.slope == pytest.approx(10.0)
    assert (trend.lower, trend.upper) == pytest.approx((10.0, 10.0))


def test_trend_growth_maps_the_log_trend_and_its_interval():
    series = synthetic_log_trend(0.0)
    on_log = stats.linear_trend(np.log(series))
    growth = stats.trend_growth(series)
    for name in ("slope", "lower", "upper"):
        assert getattr(growth, name) == pytest.approx(math.expm1(getattr(on_log, name)) * 100)
    assert growth.p_value == on_log.p_value
    with pytest.raises(ValueError, match="above 0"):
        stats.trend_growth(pd.Series([1.0, 0.0, 2.0], index=[2020, 2021, 2022]))


def test_linear_trend_rejects_bad_arguments():
    with pytest.raises(ValueError, match="at least 3 are needed"):
        stats.linear_trend(pd.Series([1.0, 2.0], index=[2020, 2021]))
    with pytest.raises(ValueError, match="level must be"):
        stats.linear_trend(pd.Series([1.0, 2.0, 3.0], index=[2020, 2021, 2022]), level=1.0)


def test_model_names_follow_the_break_year():
    assert stats.model_names(2021) == (
        "linear trend",
        "linear trend, break in 2021",
        "Holt linear trend",
        "damped trend",
    )
    assert "linear trend, break in 2020" not in stats.model_names(None)


@pytest.mark.parametrize("break_year", [2018, 2020, 2021])
def test_model_selection_picks_the_break_model_on_a_series_with_a_clear_break(break_year):
    series = synthetic_log_trend(-0.15, break_year=break_year)
    table = stats.model_selection(series, break_year=break_year)
    assert set(table["model"]) == set(stats.model_names(break_year))
    assert table["aicc"].is_monotonic_increasing
    assert table.loc[0, "model"] == f"linear trend, break in {break_year}"
    assert table.loc[table["selected"], "model"].tolist() == [table.loc[0, "model"]]


@pytest.mark.parametrize("seed", range(5))
def test_model_selection_picks_the_plain_trend_on_a_noisy_exponential(seed):
    table = stats.model_selection(synthetic_log_trend(0.0, seed=seed), break_year=2021)
    assert table.loc[0, "model"] == "linear trend"


def test_model_selection_without_a_break_year_has_no_break_candidate():
    table = stats.model_selection(synthetic_log_trend(-0.15), break_year=None)
    assert set(table["model"]) == {"linear trend", "Holt linear trend", "damped trend"}


def test_aicc_column_is_the_hand_formula_and_the_trend_likelihood_is_gaussian():
    series = synthetic_log_trend(-0.05, seed=11)
    table = stats.model_selection(series)
    n = len(series)
    k, llf = table["parameters"], table["log_likelihood"]
    expected = -2 * llf + 2 * k + 2 * k * (k + 1) / (n - k - 1)
    np.testing.assert_allclose(table["aicc"], expected, rtol=1e-12)
    np.testing.assert_allclose(table["delta_aicc"], expected - expected.min(), atol=1e-9)
    # Linear trend on the log scale: Gaussian log-likelihood at the ML variance SSR / n.
    design = np.column_stack([np.ones(n), YEARS - YEARS[0]])
    ssr = np.linalg.lstsq(design, np.log(series.to_numpy()), rcond=None)[1][0]
    hand_llf = -n / 2 * (np.log(2 * np.pi * ssr / n) + 1)
    trend = table.set_index("model").loc["linear trend"]
    assert trend["log_likelihood"] == pytest.approx(hand_llf, rel=1e-10)
    assert trend["parameters"] == 3


def test_aicc_penalises_parameters_and_refuses_too_few_observations():
    assert stats.aicc(10.0, 3, 11) == pytest.approx(-20 + 6 + 24 / 7)
    assert stats.aicc(10.0, 3, 11) < stats.aicc(10.0, 4, 11)
    assert stats.aicc(10.0, 5, 6) == np.inf


@pytest.mark.parametrize(("growth_pct", "until"), [(10.0, 2028), (-3.0, 2030), (25.0, 2026)])
def test_trend_forecast_of_an_exact_exponential_is_the_closed_form(growth_pct, until):
    series = exact_exponential(growth_pct)
    table = stats.forecast(series, until=until, model="linear trend")
    future = np.arange(2025, until + 1)
    assert list(table.index) == list(future)
    closed_form = series[2024] * (1 + growth_pct / 100) ** (future - 2024)
    np.testing.assert_allclose(table["forecast"], closed_form, rtol=1e-9)
    for bound in ["lower_80", "upper_80", "lower_95", "upper_95"]:
        np.testing.assert_allclose(table[bound], closed_form, rtol=1e-9)  # interval collapses


def test_trend_forecast_interval_equals_the_textbook_prediction_interval():
    series = synthetic_log_trend(0.0, seed=5)
    log_values, x = np.log(series.to_numpy()), (YEARS - YEARS[0]).astype(float)
    n = x.size
    s_xx = ((x - x.mean()) ** 2).sum()
    slope = ((x - x.mean()) * (log_values - log_values.mean())).sum() / s_xx
    intercept = log_values.mean() - slope * x.mean()
    residual_sd = np.sqrt(((log_values - intercept - slope * x) ** 2).sum() / (n - 2))
    table = stats.forecast(series, until=2027, model="linear trend", interval_levels=(0.8, 0.95))
    x_future = (table.index.to_numpy() - YEARS[0]).astype(float)
    centre = intercept + slope * x_future
    np.testing.assert_allclose(table["forecast"], np.exp(centre), rtol=1e-10)
    standard_error = residual_sd * np.sqrt(1 + 1 / n + (x_future - x.mean()) ** 2 / s_xx)
    for level, label in ((0.8, "80"), (0.95, "95")):
        half_width = t_distribution.ppf(0.5 + level / 2, n - 2) * standard_error
        np.testing.assert_allclose(table[f"lower_{label}"], np.exp(centre - half_width), rtol=1e-9)
        np.testing.assert_allclose(table[f"upper_{label}"], np.exp(centre + half_width), rtol=1e-9)


@pytest.mark.parametrize("scale", ["log", "logit"])
@pytest.mark.parametrize("until", [2026, 2028, 2035])
def test_forecast_intervals_are_nested_and_widen(scale, until):
    series = synthetic_log_trend(-0.15)
    if scale == "logit":
        series = 100 * series / (series.max() * 2)
    table = stats.forecast(series, until=until, scale=scale)
    assert list(table.index) == list(range(2025, until + 1))
    columns = ["lower_95", "lower_80", "forecast", "upper_80", "upper_95"]
    assert (table[columns].diff(axis=1).iloc[:, 1:] >= 0).all().all()
    width = table["upper_95"] - table["lower_95"]
    assert width.is_monotonic_increasing
    if scale == "logit":
        assert ((table[columns] > 0) & (table[columns] < 100)).all().all()
    assert table.attrs["model"] in stats.model_names(stats.DEFAULT_BREAK_YEAR)
    assert table.attrs["scale"] == scale


def test_forecast_with_another_break_year_and_interval_levels():
    series = synthetic_log_trend(-0.15, break_year=2021)
    table = stats.forecast(
        series,
        until=2028,
        model="linear trend, break in 2021",
        break_year=2021,
        interval_levels=(0.95, 0.5),
    )
    assert list(table.columns) == ["forecast", "lower_50", "upper_50", "lower_95", "upper_95"]
    assert table.attrs["break_year"] == 2021
    assert (table["lower_95"] < table["lower_50"]).all()


def test_forecast_rejects_bad_arguments():
    series = synthetic_log_trend(0.0)
    with pytest.raises(
        ValueError,
        match=r"until must be .* after .* 2024 \(at least 2025, at most 2100\), got 2024",
    ):
        stats.forecast(series, until=2024)
    with pytest.raises(ValueError, match=r"at most 2100\), got 1000000000000"):
        stats.forecast(series, until=10**12)  # refused before numpy allocates 10^12 years
    with pytest.raises(ValueError, match="until must be an integer year"):
        stats.forecast(series, until=2028.5)
    with pytest.raises(ValueError, match="scale must be"):
        stats.forecast(series, scale="sqrt")
    with pytest.raises(ValueError, match=r"model must be one of .*got 'neural network'"):
        stats.forecast(series, model="neural network")
    with pytest.raises(ValueError, match=r"break_year=2021.*got 'linear trend, break in 2020'"):
        stats.forecast(series, model="linear trend, break in 2020", break_year=2021)
    with pytest.raises(ValueError, match="share in %"):
        stats.forecast(series, scale="logit")
    for levels in [(), (0.8, 1.0), (0.0,), (0.8, 0.8)]:
        with pytest.raises(ValueError, match="interval_levels"):
            stats.forecast(series, interval_levels=levels)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000))
def test_forecast_is_deterministic(seed):
    series = synthetic_log_trend(-0.1, seed=seed)
    pd.testing.assert_frame_equal(stats.forecast(series), stats.forecast(series))


def test_a_series_with_missing_years_is_fitted_by_the_trend_models_only():
    series = synthetic_log_trend(-0.15).drop([2015, 2018])
    table = stats.model_selection(series)
    assert set(table["model"]) == {"linear trend", "linear trend, break in 2020"}
    forecast = stats.forecast(series, until=2027)
    assert list(forecast.index) == [2025, 2026, 2027]
    full = stats.forecast(synthetic_log_trend(-0.15), until=2027, model=forecast.attrs["model"])
    np.testing.assert_allclose(forecast["forecast"], full["forecast"], rtol=0.02)
    with pytest.raises(ValueError, match=r"needs every year .* misses \[2015, 2018\]"):
        stats.forecast(series, model="Holt linear trend")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: stats.cagr(100, math.inf, 5), r"end_value must be a finite number, got inf"),
        (lambda: stats.cagr(math.inf, 200, 5), r"start_value must be a finite number, got inf"),
        (lambda: stats.cagr("100", 200, 5), r"start_value must be a finite number, got '100'"),
        (lambda: stats.cagr(1e-300, 1e300, 1e-3), r"years must be long enough"),
        (lambda: stats.share(30, math.inf), r"total must be a finite number, got inf"),
        (lambda: stats.share(None, 100), r"part must be a finite number, got None"),
        (
            lambda: stats.comparable_levels(pd.Series([5.0], index=[2020]), math.nan, 100.0),
            r"anchor_year must be a whole number between 1900 and 2100, got nan",
        ),
        (
            lambda: stats.growth_from_levels(pd.Series([1.0, math.inf], index=[2020, 2021])),
            r"levels must be finite; infinite in \[2021\]",
        ),
        (
            lambda: stats.growth_from_levels(pd.Series(["1", "2"], index=[2020, 2021])),
            r"levels must hold numbers",
        ),
        (lambda: stats.interval_label(1.0), r"level must be a coverage level strictly between"),
        (lambda: stats.aicc(math.nan, 2, 8), r"log_likelihood must be a finite number"),
    ],
)
def test_invalid_arguments_are_named_before_any_arithmetic(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_cagr_in_log_space_agrees_with_the_textbook_formula():
    assert stats.cagr(100, 200, 5) == pytest.approx((2 ** (1 / 5) - 1) * 100, rel=1e-12)


def test_batch_standard_error_by_hand():
    """Eight units in four batches of two: batch means 1, 3, 5, 7 have standard deviation
    sqrt(20/3), so the error of the mean is sqrt(20/3) / 2."""
    frame = pd.DataFrame({"path": range(8), "loss": [0.0, 2.0, 2.0, 4.0, 4.0, 6.0, 6.0, 8.0]})
    error = stats.batch_standard_error(frame, "path", lambda f: f["loss"].mean(), batches=4)
    assert error == pytest.approx(math.sqrt(20 / 3) / 2)
    both = stats.batch_standard_error(
        frame, "path", lambda f: {"mean": f["loss"].mean(), "max": f["loss"].max()}, batches=4
    )
    assert both["mean"] == pytest.approx(error)
    with pytest.raises(ValueError, match="fewer than batches=10"):
        stats.batch_standard_error(frame, "path", lambda f: f["loss"].mean())
