"""Statistics on annual national series: growth, CAGR, shares, trends, a break test and forecasts.

Series are ``pandas.Series`` indexed by calendar year (int), as returned by
:func:`ecommod.data.official_series`. Growth rates and shares are in percent; levels keep their
unit.

Official growth rates are computed by the publisher on a comparable basis (可比口径) and are not
the growth between two published levels; :func:`growth_comparison` shows both side by side and
:func:`comparable_levels` rebuilds a series on one year's basis from the published rates.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ecommod import validate
from ecommod.language import t

#: Default break year of the Chow test and the trend-with-break model: 2020, the first pandemic
#: year. Every function that uses a break year takes it as its ``break_year`` argument.
DEFAULT_BREAK_YEAR = 2020
#: Default coverage levels (shares in (0, 1)) of the prediction intervals of :func:`forecast`.
DEFAULT_INTERVAL_LEVELS = (0.80, 0.95)
#: Fewest observed years a trend needs on each side of a break (level and slope shift).
MIN_YEARS_PER_SEGMENT = 2
#: Calendar years a series, an anchor, a break or a forecast horizon may name.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


def _check_annual(series: pd.Series, name: str, *, positive: bool = True, min_years: int = 2):
    if not isinstance(series, pd.Series):
        raise TypeError(
            f"{name} must be a pandas Series indexed by year, got {type(series).__name__}"
        )
    if len(series) < min_years:
        raise ValueError(f"{name} has {len(series)} observations; at least {min_years} are needed")
    values = _year_series(series, name)
    if np.isinf(values).any():
        raise ValueError(
            f"{name} must be finite; infinite in {list(series.index[np.isinf(values)])}"
        )
    if np.isnan(values).any():
        missing = list(series.index[np.isnan(values)])
        raise ValueError(f"{name} has missing values in years {missing}; drop or fill them first")
    if positive and (values <= 0).any():
        bad = list(series.index[values <= 0])
        raise ValueError(f"{name} must be above 0 in every year; not so in {bad}")


def _year_series(series: pd.Series, name: str) -> np.ndarray:
    """A numeric Series indexed by strictly increasing integer years; its values as floats."""
    if not isinstance(series, pd.Series):
        raise TypeError(
            f"{name} must be a pandas Series indexed by year, got {type(series).__name__}"
        )
    if not pd.api.types.is_integer_dtype(series.index):
        raise ValueError(
            f"{name} must be indexed by integer years, got index dtype {series.index.dtype}"
        )
    if not series.index.is_monotonic_increasing or series.index.has_duplicates:
        raise ValueError(f"{name} must have strictly increasing years, got {list(series.index)}")
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        raise ValueError(f"{name} must hold numbers, got dtype {series.dtype}")
    return series.to_numpy(dtype=float)


def _check_growth(growth: pd.Series, name: str) -> pd.Series:
    """Published growth rates (%): a year-indexed Series, missing allowed, finite and > -100."""
    values = _year_series(growth, name)
    bad = np.isinf(values) | (values <= -100)
    if bad.any():
        raise ValueError(
            f"{name} must be finite and > -100 % where present; not so in "
            f"{list(growth.index[bad])}: {values[bad].tolist()}"
        )
    return growth


def _check_year(name: str, year) -> int:
    return validate.integer(name, year, EARLIEST_YEAR, LATEST_YEAR)


def growth_from_levels(levels: pd.Series) -> pd.Series:
    """Year-on-year growth (%) between consecutive published levels.

    A year whose previous year is absent gets NaN (no growth over a gap is invented).
    """
    _check_annual(levels, "levels", min_years=1)
    previous = levels.reindex(levels.index - 1).to_numpy(dtype=float)
    growth = (levels.to_numpy(dtype=float) / previous - 1.0) * 100.0
    return pd.Series(growth, index=levels.index, name="derived_growth_pct")


def growth_comparison(levels: pd.Series, published_growth: pd.Series) -> pd.DataFrame:
    """Published growth beside growth derived from levels, with the gap in percentage points."""
    derived = growth_from_levels(levels)
    _check_growth(published_growth, "published_growth")
    table = pd.DataFrame(
        {
            "level": levels,
            "published_growth_pct": published_growth.reindex(levels.index),
            "derived_growth_pct": derived,
        }
    )
    table["gap_pp"] = table["derived_growth_pct"] - table["published_growth_pct"]
    table.index.name = "year"
    return table


def cagr(start_value: float, end_value: float, years: float) -> float:
    """Compound annual growth rate (% per year) from ``start_value`` to ``end_value``."""
    validate.positive("start_value", start_value)
    validate.positive("end_value", end_value)
    validate.positive("years", years)
    log_rate = (math.log(end_value) - math.log(start_value)) / years
    if log_rate > math.log(1e300):
        raise ValueError(
            f"years must be long enough for a finite growth rate from start_value={start_value!r} "
            f"to end_value={end_value!r}, got {years!r}"
        )
    return float(math.expm1(log_rate) * 100.0)


def share(part: float | pd.Series, total: float | pd.Series) -> float | pd.Series:
    """``part`` as a percentage of ``total`` (same unit); part must lie in [0, total].

    Two Series are aligned on their index first (a year present in only one gives NaN); missing
    values stay missing.
    """
    for name, value in (("part", part), ("total", total)):
        if isinstance(value, pd.Series):
            if not pd.api.types.is_numeric_dtype(value) or pd.api.types.is_bool_dtype(value):
                raise ValueError(f"{name} must hold numbers, got dtype {value.dtype}")
            if np.isinf(value.to_numpy(dtype=float)).any():
                raise ValueError(f"{name} must be finite where present, got {value.tolist()}")
        else:
            validate.number(name, value)
    if isinstance(part, pd.Series) and isinstance(total, pd.Series):
        part, total = part.align(total)
    part_values, total_values = np.asarray(part, dtype=float), np.asarray(total, dtype=float)
    if (total_values <= 0).any():
        raise ValueError(f"total must be above 0, got {total}")
    if (part_values < 0).any() or (part_values > total_values).any():
        raise ValueError(f"part must lie in [0, total], got part={part}, total={total}")
    return part / total * 100.0


def comparable_levels(
    published_growth: pd.Series, anchor_year: int, anchor_level: float
) -> pd.Series:
    """Levels on ``anchor_year``'s basis, chained with the published growth rates.

    Going back, year t-1 is ``level_t / (1 + g_t/100)``; going forward, year t is
    ``level_{t-1} * (1 + g_t/100)``, where g_t is the published growth of year t. The chain runs as
    far as the published rates do without a gap. The result grows at exactly the published rates;
    it differs from the published levels wherever the publisher changed its coverage.
    """
    validate.positive("anchor_level", anchor_level)
    _check_year("anchor_year", anchor_year)
    growth = _check_growth(published_growth, "published_growth").dropna()
    chained = {anchor_year: float(anchor_level)}
    year = anchor_year
    while year in growth.index:
        chained[year - 1] = chained[year] / (1.0 + growth[year] / 100.0)
        year -= 1
    year = anchor_year + 1
    while year in growth.index:
        chained[year] = chained[year - 1] * (1.0 + growth[year] / 100.0)
        year += 1
    series = pd.Series(chained, name=f"level_on_{anchor_year}_basis").sort_index()
    series.index.name = "year"
    return series


def _trend_design(years: np.ndarray, break_year: int | None, first_year: int) -> np.ndarray:
    """Columns: constant, years since ``first_year``, and (with a break) a level and slope shift."""
    t = (years - first_year).astype(float)
    columns = [np.ones_like(t), t]
    if break_year is not None:
        after = (years >= break_year).astype(float)
        columns += [after, after * (years - break_year)]
    return np.column_stack(columns)


def break_year_bounds(*years) -> tuple[int, int]:
    """First and last break year that leaves :data:`MIN_YEARS_PER_SEGMENT` observed years before
    it and from it in every one of the given year sequences (the observed years of a series).

    >>> break_year_bounds([2016, 2017, 2018, 2019, 2020, 2021], range(2013, 2025))
    (2018, 2020)
    """
    if not years:
        raise ValueError("years must name at least one sequence of observed years, got none")
    bounds = []
    for position, observed in enumerate(years):
        values = np.sort(np.asarray(list(observed)))
        if values.size < 2 * MIN_YEARS_PER_SEGMENT or values.dtype.kind not in "iu":
            raise ValueError(
                f"years[{position}] must hold at least {2 * MIN_YEARS_PER_SEGMENT} integer years, "
                f"got {list(observed)}"
            )
        bounds.append(
            (int(values[MIN_YEARS_PER_SEGMENT - 1]) + 1, int(values[-MIN_YEARS_PER_SEGMENT]))
        )
    first, last = max(b[0] for b in bounds), min(b[1] for b in bounds)
    if first > last:
        raise ValueError(
            f"no break year leaves {MIN_YEARS_PER_SEGMENT} years on each side of all of {bounds}"
        )
    return first, last


def _check_break_year(break_year: object, years: np.ndarray) -> None:
    """``break_year`` must be an int leaving enough observed years before it and from it."""
    if isinstance(break_year, bool) or not isinstance(break_year, int | np.integer):
        raise ValueError(
            f"break_year must be an integer year (or None for no break), got {break_year!r}"
        )
    first_allowed, last_allowed = break_year_bounds(years)
    if not first_allowed <= break_year <= last_allowed:
        raise ValueError(
            f"break_year must leave at least {MIN_YEARS_PER_SEGMENT} observed years before it "
            f"and {MIN_YEARS_PER_SEGMENT} from it: allowed {first_allowed}..{last_allowed} for "
            f"a series observed in {int(years[0])}..{int(years[-1])}, got {break_year}"
        )


@dataclass(frozen=True)
class ChowTest:
    """F test of one log-linear trend against separate trends before and from ``break_year``."""

    break_year: int
    f_statistic: float
    p_value: float
    df_num: int
    df_denom: int


def chow_test(series: pd.Series, break_year: int = DEFAULT_BREAK_YEAR) -> ChowTest:
    """Chow test for a structural break in the log-linear trend of ``series`` at ``break_year``.

    The unrestricted model adds a level and a slope shift from ``break_year`` on.
    """
    import statsmodels.api as sm

    _check_annual(series, "series", min_years=6)
    years = series.index.to_numpy()
    _check_break_year(break_year, years)
    log_values = np.log(series.to_numpy(dtype=float))
    restricted = sm.OLS(log_values, _trend_design(years, None, years.min())).fit()
    unrestricted = sm.OLS(log_values, _trend_design(years, break_year, years.min())).fit()
    f_statistic, p_value, df_num = unrestricted.compare_f_test(restricted)
    return ChowTest(
        int(break_year),
        float(f_statistic),
        float(p_value),
        int(df_num),
        int(unrestricted.df_resid),
    )


@dataclass(frozen=True)
class Trend:
    """A least-squares linear trend of an annual series: slope (the series' unit per year), its
    ``level`` confidence interval and the two-sided p-value of "no trend" (t test, n - 2 df);
    ``lags`` is the Newey-West lag length of the standard error (0: conventional)."""

    slope: float
    lower: float
    upper: float
    p_value: float
    level: float
    n_obs: int
    first_year: int
    last_year: int
    lags: int = 0


def linear_trend(series: pd.Series, level: float = 0.95, *, hac_lags: int | None = None) -> Trend:
    """The slope of ``series`` on the year (:func:`ecommod.inequality.trend`, the one home of the
    regression) with its t interval (n - 2 df) and p-value.

    With ``hac_lags`` the standard error is Newey-West's, robust to autocorrelated years (usual
    in annual shares); without, the years' deviations from the line are taken as independent and
    the interval is too narrow when they are not. Needs at least 3 observed years.
    """
    from scipy.stats import t as t_distribution

    from ecommod import inequality

    _check_annual(series, "series", positive=False, min_years=3)
    if not 0.0 < validate.in_range("level", level, 0.0, 1.0) < 1.0:
        raise ValueError(f"level must be a coverage level strictly between 0 and 1, got {level!r}")
    fit = inequality.trend(series.astype(float), hac_lags=hac_lags)
    half_width = t_distribution.ppf(0.5 + level / 2, len(series) - 2) * fit["std_error"]
    p_value = fit["p_value"] if fit["std_error"] > 0 else float(fit["slope"] == 0)
    return Trend(
        slope=float(fit["slope"]),
        lower=float(fit["slope"] - half_width),
        upper=float(fit["slope"] + half_width),
        p_value=float(p_value),
        level=float(level),
        n_obs=len(series),
        first_year=int(series.index.min()),
        last_year=int(series.index.max()),
        lags=int(fit["lags"]),
    )


def trend_growth(series: pd.Series, level: float = 0.95) -> Trend:
    """The growth (% per year) of the log-linear trend of a positive annual series: the slope of
    :func:`linear_trend` on the log scale as ``100 (e^slope - 1)``, with its interval and p-value
    mapped the same way (a monotone map, so the interval keeps its coverage)."""
    _check_annual(series, "series", min_years=3)
    trend = linear_trend(np.log(series.astype(float)), level)
    return Trend(
        slope=math.expm1(trend.slope) * 100.0,
        lower=math.expm1(trend.lower) * 100.0,
        upper=math.expm1(trend.upper) * 100.0,
        p_value=trend.p_value,
        level=trend.level,
        n_obs=trend.n_obs,
        first_year=trend.first_year,
        last_year=trend.last_year,
        lags=trend.lags,
    )


def aicc(log_likelihood: float, n_params: int, n_obs: int) -> float:
    """Small-sample corrected Akaike criterion; ``n_params`` counts the error variance too.

    ``-2 llf + 2k + 2k(k+1)/(n-k-1)``; infinite when ``n - k - 1 <= 0``.
    """
    validate.number("log_likelihood", log_likelihood)
    validate.count("n_params", n_params)
    validate.count("n_obs", n_obs)
    if n_obs - n_params - 1 <= 0:
        return math.inf
    return float(
        -2.0 * log_likelihood
        + 2.0 * n_params
        + 2.0 * n_params * (n_params + 1) / (n_obs - n_params - 1)
    )


#: Names of the candidate models, as a reader sees them (each with its Chinese twin).
LINEAR_TREND = t("linear trend", "线性趋势")
HOLT = t("Holt linear trend", "Holt 线性趋势")
DAMPED = t("damped trend", "阻尼趋势")


def break_model_name(break_year: int) -> str:
    """Name of the log-linear trend with a level and slope shift from ``break_year``."""
    _check_year("break_year", break_year)
    return t(
        "{model}, break in {year}", "含 {year} 年断点的{model}", model=LINEAR_TREND, year=break_year
    )


def model_names(break_year: int | None = DEFAULT_BREAK_YEAR) -> tuple[str, ...]:
    """Names of the candidate models; the break model's name follows ``break_year`` (None: none)."""
    with_break = () if break_year is None else (break_model_name(break_year),)  # checks it
    return (LINEAR_TREND, *with_break, HOLT, DAMPED)


@dataclass
class FittedModel:
    """One candidate fitted on the transformed scale; ``n_params`` counts the error variance."""

    name: str
    n_params: int
    log_likelihood: float
    result: object
    break_year: int | None = None
    warnings: str = ""

    def predict(
        self, future: np.ndarray, first_year: int, n_obs: int, levels: tuple[float, ...]
    ) -> tuple[np.ndarray, dict[float, tuple[np.ndarray, np.ndarray]]]:
        """Mean forecast and ``{level: (lower, upper)}`` prediction bounds (transformed scale)."""
        if self.break_year is not None or self.name == LINEAR_TREND:
            prediction = self.result.get_prediction(
                _trend_design(future, self.break_year, first_year)
            )
            bound_columns = ("obs_ci_lower", "obs_ci_upper")
        else:
            prediction = self.result.get_prediction(start=n_obs, end=n_obs + len(future) - 1)
            bound_columns = ("pi_lower", "pi_upper")
        bounds = {}
        for level in levels:
            frame = prediction.summary_frame(alpha=1.0 - level)
            bounds[level] = tuple(frame[column].to_numpy() for column in bound_columns)
        return np.asarray(prediction.predicted_mean), bounds


def _fit_candidates(
    years: np.ndarray, transformed: np.ndarray, break_year: int | None, names: tuple[str, ...]
) -> list[FittedModel]:
    """Fit the candidates named in ``names``; exponential smoothing only on every-year series."""
    import statsmodels.api as sm
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    fitted = []
    trends = ((LINEAR_TREND, None),)
    if break_year is not None:
        trends += ((break_model_name(break_year), break_year),)
    for name, model_break in trends:
        if name not in names:
            continue
        ols = sm.OLS(transformed, _trend_design(years, model_break, years.min())).fit()
        fitted.append(FittedModel(name, len(ols.params) + 1, float(ols.llf), ols, model_break))
    if not np.array_equal(years, np.arange(years.min(), years.max() + 1)):
        return fitted  # exponential smoothing needs every year; trends can skip missing ones
    for name, damped in ((HOLT, False), (DAMPED, True)):
        if name not in names:
            continue
        model = ETSModel(pd.Series(transformed), error="add", trend="add", damped_trend=damped)
        # On a short series the optimiser may warn (e.g. no convergence): keep what it said.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ets = model.fit(disp=False, maxiter=2000)
        said = "; ".join(dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught))
        # params: smoothing parameters, (damping), initial level and trend; +1 for the variance.
        fitted.append(FittedModel(name, len(ets.params) + 1, float(ets.llf), ets, warnings=said))
    return fitted


def _selection_table(fitted: list[FittedModel], n_obs: int) -> pd.DataFrame:
    rows = [
        {
            "model": m.name,
            "parameters": m.n_params,
            "log_likelihood": m.log_likelihood,
            "aicc": aicc(m.log_likelihood, m.n_params, n_obs),
            "fit_warnings": m.warnings,
        }
        for m in fitted
    ]
    table = pd.DataFrame(rows).sort_values("aicc", kind="stable").reset_index(drop=True)
    table["delta_aicc"] = table["aicc"] - table["aicc"].iloc[0]
    table["selected"] = table.index == 0
    return table


def model_selection(
    series: pd.Series, scale: str = "log", break_year: int | None = DEFAULT_BREAK_YEAR
) -> pd.DataFrame:
    """Fit every candidate on ``scale`` ("log" for levels, "logit" for shares in %); rank by AICc.

    The candidates are :func:`model_names` of ``break_year`` (None leaves out the break model). A
    series with missing years is fitted by the trend models only (exponential smoothing needs
    every year). All candidates are Gaussian likelihoods of the same transformed observations,
    so their AICc values are comparable; the lowest is selected. Columns: ``model``,
    ``parameters`` (error variance included), ``log_likelihood`` and ``aicc`` (transformed
    scale), ``fit_warnings``, ``delta_aicc`` (to the selected model) and ``selected``.
    """
    years, transformed = _transform(series, scale)
    if break_year is not None:
        _check_break_year(break_year, years)
    fitted = _fit_candidates(years, transformed, break_year, model_names(break_year))
    return _selection_table(fitted, len(years))


def _transform(series: pd.Series, scale: str) -> tuple[np.ndarray, np.ndarray]:
    if scale not in ("log", "logit"):
        raise ValueError(f"scale must be 'log' or 'logit', got {scale!r}")
    _check_annual(series, "series", min_years=6)
    years = series.index.to_numpy()
    values = series.to_numpy(dtype=float)
    if scale == "log":
        return years, np.log(values)
    if (values >= 100).any():
        raise ValueError(
            f"a share in % must lie in (0, 100) for the logit scale, got {values.max()}"
        )
    proportion = values / 100.0
    return years, np.log(proportion / (1.0 - proportion))


def _inverse(values: np.ndarray, scale: str) -> np.ndarray:
    if scale == "log":
        return np.exp(values)
    return 100.0 / (1.0 + np.exp(-values))


def _check_interval_levels(interval_levels: tuple[float, ...]) -> tuple[float, ...]:
    numbers = isinstance(interval_levels, tuple | list) and all(
        isinstance(level, float | int | np.floating | np.integer) and not isinstance(level, bool)
        for level in interval_levels
    )
    levels = tuple(float(level) for level in interval_levels) if numbers else ()
    if not levels or any(not 0.0 < level < 1.0 for level in levels):
        raise ValueError(
            f"interval_levels must be one or more coverage levels in (0, 1), e.g. (0.8, 0.95), "
            f"got {interval_levels!r}"
        )
    if len(set(levels)) != len(levels):
        raise ValueError(f"interval_levels must not repeat a level, got {interval_levels!r}")
    return tuple(sorted(levels))


def interval_label(level: float) -> str:
    """Column suffix of a coverage level: 0.8 -> "80", 0.995 -> "99.5"."""
    if not 0 < validate.in_range("level", level, 0.0, 1.0) < 1:
        raise ValueError(f"level must be a coverage level strictly between 0 and 1, got {level!r}")
    return f"{round(level * 100, 6):g}"


def forecast(
    series: pd.Series,
    until: int = 2030,
    scale: str = "log",
    model: str | None = None,
    break_year: int | None = DEFAULT_BREAK_YEAR,
    interval_levels: tuple[float, ...] = DEFAULT_INTERVAL_LEVELS,
) -> pd.DataFrame:
    """Forecast ``series`` to the year ``until`` with the AICc-selected model (or ``model``).

    ``model`` is one of :func:`model_names` of ``break_year``. Returns one row per future year
    (index ``year``), in the unit of ``series``: ``forecast`` (the median on the original scale:
    the back-transformed mean of the log or logit forecast) and ``lower_<p>``/``upper_<p>``
    prediction bounds for each coverage level in ``interval_levels`` (``lower_80``, ``upper_95``
    by default). ``attrs`` holds ``model``, ``scale``, ``break_year`` and ``interval_levels``.
    """
    years, transformed = _transform(series, scale)
    last_year = int(years.max())
    if (
        isinstance(until, bool)
        or not isinstance(until, int | np.integer)
        or not last_year < until <= LATEST_YEAR
    ):
        raise ValueError(
            f"until must be an integer year after the last observed year {last_year} "
            f"(at least {last_year + 1}, at most {LATEST_YEAR}), got {until!r}"
        )
    if break_year is not None:
        _check_break_year(break_year, years)
    levels = _check_interval_levels(interval_levels)
    candidates = model_names(break_year)
    if model is not None and model not in candidates:
        raise ValueError(
            f"model must be one of {list(candidates)} (the break model's name follows "
            f"break_year={break_year}) or None for the AICc choice, got {model!r}"
        )
    names = candidates if model is None else (model,)
    fitted = {m.name: m for m in _fit_candidates(years, transformed, break_year, names)}
    if model is None:
        model = _selection_table(list(fitted.values()), len(years))["model"].iloc[0]
    if model not in fitted:
        missing = sorted(set(range(int(years.min()), last_year + 1)) - set(years.tolist()))
        raise ValueError(
            f"model {model!r} needs every year from {years.min()} to {last_year}; "
            f"series misses {missing}: use a trend model"
        )
    future = np.arange(last_year + 1, until + 1)
    mean, bounds = fitted[model].predict(future, int(years.min()), len(years), levels)
    table = pd.DataFrame({"forecast": _inverse(mean, scale)}, index=pd.Index(future, name="year"))
    for level in levels:
        lower, upper = bounds[level]
        table[f"lower_{interval_label(level)}"] = _inverse(lower, scale)
        table[f"upper_{interval_label(level)}"] = _inverse(upper, scale)
    table.attrs.update(model=model, scale=scale, break_year=break_year, interval_levels=levels)
    return table


def batch_standard_error(frame, unit: str, statistic, batches: int = 10):
    """Monte Carlo standard error of ``statistic(frame)`` by batch means: the independent
    simulation units (column ``unit``: merchant-years, seasons) are split into ``batches``
    consecutive groups, the statistic is computed on each, and the error of the whole-sample
    value is the standard deviation across groups over √batches.

    ``statistic`` returns a number or a dict of numbers (then a dict of errors is returned).
    """
    validate.instance("frame", frame, pd.DataFrame, "a pandas DataFrame")
    validate.text("unit", unit)
    if not callable(statistic):
        raise TypeError(f"statistic must be a function of a frame, got {statistic!r}")
    validate.count("batches", batches, minimum=2)
    validate.columns("frame", frame, (unit,))
    units = frame[unit].to_numpy()
    order = np.unique(units)
    if len(order) < batches:
        raise ValueError(f"frame has {len(order)} {unit} values, fewer than batches={batches}")
    group = np.searchsorted(order, units) * batches // len(order)
    results = [statistic(frame[group == g]) for g in range(batches)]
    if isinstance(results[0], dict):
        return {
            key: float(np.std([r[key] for r in results], ddof=1) / math.sqrt(batches))
            for key in results[0]
        }
    return float(np.std(results, ddof=1) / math.sqrt(batches))
