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

#: The break year tested and modelled: the first pandemic year.
BREAK_YEAR = 2020
#: Levels of the prediction intervals reported by :func:`forecast`.
INTERVAL_LEVELS = (0.80, 0.95)


def _check_annual(series: pd.Series, name: str, *, positive: bool = True, min_years: int = 2):
    if not isinstance(series, pd.Series):
        raise TypeError(
            f"{name} must be a pandas Series indexed by year, got {type(series).__name__}"
        )
    if len(series) < min_years:
        raise ValueError(f"{name} has {len(series)} observations; at least {min_years} are needed")
    if not pd.api.types.is_integer_dtype(series.index):
        raise ValueError(
            f"{name} must be indexed by integer years, got index dtype {series.index.dtype}"
        )
    if not series.index.is_monotonic_increasing or series.index.has_duplicates:
        raise ValueError(f"{name} must have strictly increasing years, got {list(series.index)}")
    values = series.to_numpy(dtype=float)
    if np.isnan(values).any():
        missing = list(series.index[np.isnan(values)])
        raise ValueError(f"{name} has missing values in years {missing}; drop or fill them first")
    if positive and (values <= 0).any():
        bad = list(series.index[values <= 0])
        raise ValueError(f"{name} must be > 0 in every year; not so in {bad}")


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
    if not start_value > 0:
        raise ValueError(f"start_value must be > 0, got {start_value}")
    if not end_value > 0:
        raise ValueError(f"end_value must be > 0, got {end_value}")
    if not years > 0:
        raise ValueError(f"years must be > 0, got {years}")
    return float(((end_value / start_value) ** (1.0 / years) - 1.0) * 100.0)


def share(part: float | pd.Series, total: float | pd.Series) -> float | pd.Series:
    """``part`` as a percentage of ``total`` (same unit); part must lie in [0, total].

    Two Series are aligned on their index first (a year present in only one gives NaN); missing
    values stay missing.
    """
    if isinstance(part, pd.Series) and isinstance(total, pd.Series):
        part, total = part.align(total)
    part_values, total_values = np.asarray(part, dtype=float), np.asarray(total, dtype=float)
    if (total_values <= 0).any():
        raise ValueError(f"total must be > 0, got {total}")
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
    if not anchor_level > 0:
        raise ValueError(f"anchor_level must be > 0, got {anchor_level}")
    growth = published_growth.dropna()
    if (growth <= -100).any():
        raise ValueError(f"published_growth must be > -100 %, got {growth.min()}")
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


@dataclass(frozen=True)
class ChowTest:
    """F test of one log-linear trend against separate trends before and from ``break_year``."""

    break_year: int
    f_statistic: float
    p_value: float
    df_num: int
    df_denom: int


def chow_test(series: pd.Series, break_year: int = BREAK_YEAR) -> ChowTest:
    """Chow test for a structural break in the log-linear trend of ``series`` at ``break_year``."""
    import statsmodels.api as sm

    _check_annual(series, "series", min_years=6)
    years = series.index.to_numpy()
    if not (years.min() + 2 <= break_year <= years.max() - 1):
        raise ValueError(
            f"break_year must leave at least 2 years before and 2 from it "
            f"({years.min() + 2}..{years.max() - 1}), got {break_year}"
        )
    log_values = np.log(series.to_numpy(dtype=float))
    restricted = sm.OLS(log_values, _trend_design(years, None, years.min())).fit()
    unrestricted = sm.OLS(log_values, _trend_design(years, break_year, years.min())).fit()
    f_statistic, p_value, df_num = unrestricted.compare_f_test(restricted)
    return ChowTest(
        break_year, float(f_statistic), float(p_value), int(df_num), int(unrestricted.df_resid)
    )


def aicc(log_likelihood: float, n_params: int, n_obs: int) -> float:
    """Small-sample corrected Akaike criterion; ``n_params`` counts the error variance too."""
    if n_obs - n_params - 1 <= 0:
        return math.inf
    return (
        -2.0 * log_likelihood
        + 2.0 * n_params
        + 2.0 * n_params * (n_params + 1) / (n_obs - n_params - 1)
    )


#: Candidate models for an annual series on the log (or logit) scale, by name.
MODEL_NAMES = (
    "linear trend",
    f"linear trend, break in {BREAK_YEAR}",
    "Holt linear trend",
    "damped trend",
)


@dataclass
class FittedModel:
    name: str
    n_params: int
    log_likelihood: float
    result: object
    break_year: int | None = None
    warnings: str = ""

    def predict(self, years: np.ndarray, first_year: int, last_year: int, alpha: float):
        """Point forecast and prediction interval (transformed scale) for future ``years``."""
        if self.name.startswith("linear trend"):
            design = _trend_design(years, self.break_year, first_year)
            frame = self.result.get_prediction(design).summary_frame(alpha=alpha)
            return (
                frame["mean"].to_numpy(),
                frame["obs_ci_lower"].to_numpy(),
                frame["obs_ci_upper"].to_numpy(),
            )
        start = len(np.arange(first_year, last_year + 1))
        frame = self.result.get_prediction(start=start, end=start + len(years) - 1)
        summary = frame.summary_frame(alpha=alpha)
        return (
            summary["mean"].to_numpy(),
            summary["pi_lower"].to_numpy(),
            summary["pi_upper"].to_numpy(),
        )


def _fit_candidates(years: np.ndarray, transformed: np.ndarray) -> list[FittedModel]:
    import statsmodels.api as sm
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    fitted = []
    for name, break_year in ((MODEL_NAMES[0], None), (MODEL_NAMES[1], BREAK_YEAR)):
        if break_year is not None and not years.min() + 2 <= break_year <= years.max() - 1:
            continue
        ols = sm.OLS(transformed, _trend_design(years, break_year, years.min())).fit()
        fitted.append(FittedModel(name, len(ols.params) + 1, float(ols.llf), ols, break_year))
    if not np.array_equal(years, np.arange(years.min(), years.max() + 1)):
        return fitted  # exponential smoothing needs every year; trends can skip missing ones
    for name, damped in ((MODEL_NAMES[2], False), (MODEL_NAMES[3], True)):
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


def model_selection(series: pd.Series, scale: str = "log") -> pd.DataFrame:
    """Fit every candidate on ``scale`` ("log" for levels, "logit" for shares in %); rank by AICc.

    A series with missing years is fitted by the trend models only (exponential smoothing needs
    every year). All candidates are Gaussian likelihoods of the same transformed observations,
    so their AICc values are comparable; the lowest is selected.
    """
    years, transformed = _transform(series, scale)
    return _selection_table(_fit_candidates(years, transformed), len(years))


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


def forecast(
    series: pd.Series, until: int = 2030, scale: str = "log", model: str | None = None
) -> pd.DataFrame:
    """Forecast ``series`` to ``until`` with the AICc-selected model (or the named ``model``).

    Returns one row per future year: ``forecast`` (the median on the original scale: the
    back-transformed mean of the log or logit forecast) and ``lower_80``/``upper_80`` and
    ``lower_95``/``upper_95`` prediction bounds. ``attrs['model']`` names the model used.
    """
    years, transformed = _transform(series, scale)
    if until <= years.max():
        raise ValueError(f"until must be after the last observed year {years.max()}, got {until}")
    fitted = _fit_candidates(years, transformed)
    candidates = {m.name: m for m in fitted}
    if model is None:
        model = _selection_table(fitted, len(years))["model"].iloc[0]
    if model not in candidates:
        raise ValueError(f"model must be one of {sorted(candidates)}, got {model!r}")
    chosen = candidates[model]
    future = np.arange(years.max() + 1, until + 1)
    table = pd.DataFrame(index=pd.Index(future, name="year"))
    for level in INTERVAL_LEVELS:
        mean, lower, upper = chosen.predict(future, years.min(), years.max(), alpha=1 - level)
        table["forecast"] = _inverse(mean, scale)
        table[f"lower_{level * 100:.0f}"] = _inverse(lower, scale)
        table[f"upper_{level * 100:.0f}"] = _inverse(upper, scale)
    table.attrs["model"] = model
    return table
