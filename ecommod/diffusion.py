"""Diffusion curves, shared by the logic (§3.1.3, IoT adoption) and path (§4.1, online retail)
chapters: the Bass (1969) model in closed form, and logistic and Bass curves fitted to an observed
annual share.

Adoption F (a fraction of the eventual adopters, in [0, 1]) follows dF/dt = (p + q·F)(1 − F)
with innovation coefficient p (adoption independent of others, per year, > 0) and imitation
coefficient q (word of mouth, per year, ≥ 0). From F(0) = 0 the solution is
F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p)·e^{−(p+q)t}); bib key ``bass1969growth``. The logistic curve
is ``saturation / (1 + e^{−rate (year − midpoint)})`` (bib key ``griliches1957hybrid``).

The fits (:func:`fit_diffusion`) take a share in % indexed by year, estimate the saturation level
and the two shape parameters by nonlinear least squares, and :func:`saturation_profile` shows how
much the data say about the saturation level.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ecommod import validate
from ecommod.language import t
from ecommod.present import assumption


def _coefficients(innovation, imitation) -> tuple[np.ndarray, np.ndarray]:
    p = validate.array("innovation", innovation, low=0.0)
    if (p <= 0).any():
        raise ValueError(f"innovation must be above 0 (per year), got {innovation!r}")
    return p, validate.array("imitation", imitation, low=0.0)


def bass_fraction(years, innovation, imitation) -> np.ndarray:
    """F(t): the adopted fraction ``years`` (≥ 0, vectorised) after diffusion starts at zero."""
    p, q = _coefficients(innovation, imitation)
    t = validate.array("years", years, low=0.0)
    decay = np.exp(-(p + q) * t)
    return (1.0 - decay) / (1.0 + q / p * decay)


def bass_years_to(fraction, innovation, imitation) -> np.ndarray:
    """The inverse of :func:`bass_fraction`: years from zero adoption to ``fraction`` (< 1)."""
    p, q = _coefficients(innovation, imitation)
    share = validate.array("fraction", fraction, low=0.0, high=1.0)
    if (share >= 1).any():
        raise ValueError(
            f"fraction must be below 1 (full adoption takes forever), got {fraction!r}"
        )
    return np.log((1.0 + q / p * share) / (1.0 - share)) / (p + q)


def bass_from(start_fraction, innovation, imitation, years_ahead) -> np.ndarray:
    """The adopted fraction ``years_ahead`` (≥ 0) after a moment when it was ``start_fraction``.

    The closed form from F0: R = (p + q·F0) / (1 − F0) · e^{(p+q)t}, F = (R − p) / (q + R); it lets
    a scenario change p or q from a given year on without refitting the past.
    """
    p, q = _coefficients(innovation, imitation)
    start = validate.array("start_fraction", start_fraction, low=0.0, high=1.0)
    elapsed = validate.array("years_ahead", years_ahead, low=0.0)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        ratio = (p + q * start) / (1.0 - start) * np.exp((p + q) * elapsed)
        fraction = (ratio - p) / (q + ratio)
    return np.where(start >= 1.0, 1.0, np.where(np.isinf(ratio), 1.0, fraction))


# --- fitting a diffusion curve to an observed share ---------------------------------------------

DIFFUSION_MODELS = ("logistic", "bass")
#: Parameters of each diffusion model, in the order the fit returns them.
DIFFUSION_PARAMETERS = {
    "logistic": ("saturation", "rate", "midpoint"),
    "bass": ("saturation", "innovation", "imitation"),
}


@dataclass(frozen=True)
class DiffusionAssumptions:
    """What the diffusion fits take as given (the share itself is the NBS series)."""

    bass_launch_year: int = assumption(
        2003,
        t("year", "年份"),
        t(
            "year from which the Bass curve counts adoption (share 0 at its start); fixed, not "
            "fitted, because a short annual series cannot identify a fourth parameter",
            "Bass 曲线开始计算采纳的年份（当年比重为 0）；固定而不估计，"
            "因为较短的年度序列无法识别第四个参数",
        ),
        plausible=(
            1999,
            2008,
            t(
                "from the first Chinese online retailers to the spread of the large marketplaces",
                "从中国第一批网络零售商出现到大型电商平台普及",
            ),
        ),
    )
    max_saturation: float = assumption(
        100.0,
        t("% of retail sales", "占社会消费品零售总额的 %"),
        t("upper bound of the saturation level in the fits", "拟合中饱和水平的上界"),
        plausible=(
            60.0,
            100.0,
            t(
                "a bound of the search, not a ceiling: lower only to impose one",
                "搜索的边界而非上限：仅在需要强加上限时才调低",
            ),
        ),
    )
    confidence: float = assumption(
        0.95,
        t("fraction", "比例"),
        t("coverage of the confidence intervals and of the profile", "置信区间与轮廓的覆盖率"),
        plausible=(0.9, 0.99, t("the conventional coverage levels", "常用的覆盖水平")),
    )

    def __post_init__(self):
        validate.integer("bass_launch_year", self.bass_launch_year, 1900, 2100)
        validate.positive("max_saturation", self.max_saturation, unit="%")
        validate.in_range("max_saturation", self.max_saturation, 0.0, 100.0, unit="%")
        validate.in_range("confidence", self.confidence, 0.5, 0.999)


def logistic_share(years, saturation: float, rate: float, midpoint: float) -> np.ndarray:
    """Logistic curve ``saturation / (1 + exp(-rate (year - midpoint)))`` (share in %)."""
    years = validate.array("years", years)
    validate.positive("saturation", saturation, unit="%")
    validate.positive("rate", rate, unit="per year")
    validate.number("midpoint", midpoint)
    return saturation / (1.0 + np.exp(-rate * (years - midpoint)))


def bass_share(
    years, saturation: float, innovation: float, imitation: float, launch_year: float
) -> np.ndarray:
    """Bass (1969) cumulative adoption ``saturation * F(year - launch_year)`` (share in %).

    ``F`` is :func:`bass_fraction` with innovation ``p`` and imitation ``q``
    (per year); ``F = 0`` before the launch year.
    """
    years = validate.array("years", years)
    validate.positive("saturation", saturation, unit="%")
    validate.positive("innovation", innovation, unit="per year")
    validate.non_negative("imitation", imitation, unit="per year")
    validate.number("launch_year", launch_year)
    elapsed = np.clip(years - launch_year, 0.0, None)
    return saturation * bass_fraction(elapsed, innovation, imitation)


def _curve(model: str, launch_year: float):
    if model == "logistic":
        return logistic_share
    return lambda years, k, p, q: bass_share(years, k, p, q, launch_year)


def _start_and_bounds(model: str, share: pd.Series, max_saturation: float):
    years, values = share.index.to_numpy(dtype=float), share.to_numpy(dtype=float)
    top = float(values.max())
    start_k = min(max(1.5 * top, top + 1.0), max_saturation)
    if model == "logistic":
        start = (start_k, 0.3, float(years.mean()))
        bounds = ([top, 1e-4, years[0] - 50.0], [max_saturation, 5.0, years[-1] + 50.0])
    else:
        start = (start_k, 0.005, 0.3)
        bounds = ([top, 1e-6, 0.0], [max_saturation, 1.0, 5.0])
    return start, bounds


def _check_share(share) -> pd.Series:
    if not isinstance(share, pd.Series):
        raise TypeError(f"share must be a pandas Series indexed by year, got {type(share)}")
    share = share.dropna()
    if len(share) < 4:
        raise ValueError(f"share must have at least 4 observed years, got {len(share)}")
    if not pd.api.types.is_integer_dtype(share.index) or not share.index.is_monotonic_increasing:
        raise ValueError(
            f"share must be indexed by increasing integer years, got {list(share.index)}"
        )
    validate.array("share", share.to_numpy(), low=0.0, high=100.0)
    return share.astype(float)


@dataclass(frozen=True)
class SaturationInterval:
    """Profile-likelihood confidence interval of the saturation level (% of the total).

    ``low_at_bound``: the lower end is the highest observed share, below which no ceiling is
    possible (the data reject no ceiling down to it); ``high_at_bound``: the upper end is the
    search's ``max_saturation`` (the data set no upper limit up to it). ``rss_limit`` is the
    highest residual sum of squares (pp²) not rejected.
    """

    low: float
    high: float
    low_at_bound: bool
    high_at_bound: bool
    rss_limit: float


@dataclass(frozen=True)
class DiffusionFit:
    """A fitted diffusion curve: estimates with standard errors and Wald confidence intervals,
    and the profile-likelihood interval of the saturation level (the one to report: the Wald
    interval is symmetric and can reach below the observed share)."""

    model: str
    estimates: pd.DataFrame  # index: parameter; columns estimate, std_error, lower, upper
    observed: pd.Series
    residual_ss: float
    launch_year: int
    at_bound: tuple[str, ...]  # parameters that ended on a bound of the search
    saturation_interval: SaturationInterval

    @property
    def rmse(self) -> float:
        """Root mean squared error (percentage points)."""
        return math.sqrt(self.residual_ss / len(self.observed))

    @property
    def aicc(self) -> float:
        """Small-sample AIC of the least-squares fit (lower is better)."""
        n, k = len(self.observed), len(self.estimates) + 1
        return n * math.log(self.residual_ss / n) + 2 * k + 2 * k * (k + 1) / (n - k - 1)

    def predict(self, years) -> np.ndarray:
        """The fitted share (%) in ``years``."""
        return _curve(self.model, self.launch_year)(years, *self.estimates["estimate"])


def fit_diffusion(
    share: pd.Series, model: str, assumptions: DiffusionAssumptions = DiffusionAssumptions()
) -> DiffusionFit:
    """Fit ``model`` ("logistic" or "bass") to an annual share (%) by nonlinear least squares.

    ``estimates`` holds Wald intervals from the estimated covariance with Student-t quantiles
    (n - 3 degrees of freedom). With few points they understate how little the saturation level
    is known, and being symmetric they can include ceilings below the observed share;
    ``saturation_interval`` is the profile-likelihood interval (:func:`saturation_profile` shows
    the profile it comes from).
    """
    from scipy import optimize, stats

    validate.one_of("model", model, DIFFUSION_MODELS)
    validate.instance("assumptions", assumptions, DiffusionAssumptions, "a DiffusionAssumptions")
    validate.in_range("confidence", assumptions.confidence, 0.5, 0.999)
    share = _check_share(share)
    validate.in_range(
        "max_saturation", assumptions.max_saturation, float(share.max()), 100.0, unit="%"
    )
    validate.in_range(
        "bass_launch_year", assumptions.bass_launch_year, 1900, int(share.index[0]) - 1
    )
    start, bounds = _start_and_bounds(model, share, assumptions.max_saturation)
    curve = _curve(model, assumptions.bass_launch_year)
    estimate, covariance = optimize.curve_fit(
        curve,
        share.index.to_numpy(dtype=float),
        share.to_numpy(),
        p0=start,
        bounds=bounds,
        maxfev=20_000,
    )
    residual_ss = float(np.sum((share.to_numpy() - curve(share.index, *estimate)) ** 2))
    dof = len(share) - len(estimate)
    errors = np.sqrt(np.clip(np.diag(covariance), 0.0, None))
    quantile = stats.t.ppf(0.5 + assumptions.confidence / 2.0, dof)
    names = DIFFUSION_PARAMETERS[model]
    estimates = pd.DataFrame(
        {
            "estimate": estimate,
            "std_error": errors,
            "lower": estimate - quantile * errors,
            "upper": estimate + quantile * errors,
        },
        index=pd.Index(names, name="parameter"),
    )
    span = np.asarray(bounds[1]) - np.asarray(bounds[0])
    near = (np.abs(estimate - bounds[0]) < 1e-6 * span) | (
        np.abs(bounds[1] - estimate) < 1e-6 * span
    )
    return DiffusionFit(
        model,
        estimates,
        share,
        residual_ss,
        assumptions.bass_launch_year,
        tuple(n for n, hit in zip(names, near, strict=True) if hit),
        _saturation_interval(share, model, assumptions, estimate, residual_ss),
    )


def _profile_rss(share: pd.Series, model: str, level: float, start, assumptions) -> tuple:
    """Least squares with the saturation held at ``level``: (RSS, the two other parameters)."""
    from scipy import optimize

    _, (low, high) = _start_and_bounds(model, share, assumptions.max_saturation)
    curve = _curve(model, assumptions.bass_launch_year)
    years, values = share.index.to_numpy(dtype=float), share.to_numpy()
    estimate, _ = optimize.curve_fit(
        lambda x, a, b: curve(x, level, a, b),
        years,
        values,
        p0=np.clip(start, low[1:], high[1:]),
        bounds=(low[1:], high[1:]),
        maxfev=20_000,
    )
    return float(np.sum((values - curve(years, level, *estimate)) ** 2)), estimate


def _rss_limit(best_rss: float, observations: int, confidence: float) -> float:
    """The profile F test's largest RSS not rejected: RSS_min (1 + F(1, n-3) / (n-3))."""
    from scipy import stats

    dof = observations - 3
    return best_rss * (1.0 + stats.f.ppf(confidence, 1, dof) / dof)


def _saturation_interval(share, model, assumptions, estimate, residual_ss) -> SaturationInterval:
    """Where the saturation profile crosses the F-test limit, on each side of the estimate
    (Brent's method); an end with no crossing is the bound of the search on that side."""
    from scipy import optimize

    shape = np.asarray(estimate[1:], dtype=float)
    best, top = float(estimate[0]), float(share.max())
    limit = _rss_limit(residual_ss, len(share), assumptions.confidence)

    def excess(level: float) -> float:
        return _profile_rss(share, model, level, shape, assumptions)[0] - limit

    ends = []
    for bound in (top, assumptions.max_saturation):
        if abs(bound - best) < 1e-9 or excess(bound) <= 0.0:
            ends.append((float(bound), True))
        else:
            ends.append((float(optimize.brentq(excess, *sorted((best, bound)), xtol=1e-4)), False))
    (low, low_at_bound), (high, high_at_bound) = ends
    return SaturationInterval(low, high, low_at_bound, high_at_bound, limit)


def saturation_table(fits) -> pd.DataFrame:
    """One row per fit of ``fits`` (a mapping label -> :class:`DiffusionFit`): the sample, the
    saturation estimate with its profile-likelihood and Wald intervals (%), and the RMSE (pp)."""
    if not isinstance(fits, Mapping) or not fits:
        raise ValueError(f"fits must be a non-empty mapping label -> DiffusionFit, got {fits!r}")
    for fit in fits.values():
        validate.instance("fits", fit, DiffusionFit, "a mapping label -> DiffusionFit")
    rows = []
    for label, fit in fits.items():
        interval, saturation = fit.saturation_interval, fit.estimates.loc["saturation"]
        rows.append(
            {
                "fit": label,
                "model": fit.model,
                "years": len(fit.observed),
                "saturation": saturation["estimate"],
                "profile_lower": interval.low,
                "profile_upper": interval.high,
                "wald_lower": saturation["lower"],
                "wald_upper": saturation["upper"],
                "highest_observed": float(fit.observed.max()),
                "rmse": fit.rmse,
            }
        )
    return pd.DataFrame(rows)


def saturation_profile(
    share: pd.Series,
    model: str,
    saturations,
    assumptions: DiffusionAssumptions = DiffusionAssumptions(),
) -> pd.DataFrame:
    """The fit with the saturation level held at each value of ``saturations`` (%).

    For each level the other two parameters are re-fitted; ``residual_ss`` is the best the curve
    can do with that ceiling. ``in_confidence_set`` marks levels the data cannot reject at
    ``assumptions.confidence`` (profile F test: RSS(K) <= RSS_min (1 + F(1, n-3) / (n-3))): the
    grid's view of :attr:`DiffusionFit.saturation_interval`, for a figure of the profile.
    """
    validate.one_of("model", model, DIFFUSION_MODELS)
    validate.instance("assumptions", assumptions, DiffusionAssumptions, "a DiffusionAssumptions")
    share = _check_share(share)
    levels = validate.array("saturations", saturations, low=float(share.max()), high=1000.0)
    full = fit_diffusion(share, model, assumptions)
    start = full.estimates["estimate"].iloc[1:].to_numpy()
    rows = []
    for level in levels:
        rss, start = _profile_rss(share, model, float(level), start, assumptions)
        rows.append((level, rss, *start))  # the next level starts from this fit (grid order)
    names = DIFFUSION_PARAMETERS[model]
    profile = pd.DataFrame(rows, columns=["saturation", "residual_ss", *names[1:]])
    best = min(full.residual_ss, float(profile["residual_ss"].min()))
    limit = _rss_limit(best, len(share), assumptions.confidence)
    profile["in_confidence_set"] = profile["residual_ss"] <= limit
    profile.attrs.update(rss_limit=limit, best_rss=best)
    return profile


def bass_continuation(
    share_now: float,
    saturation: float,
    innovation: float,
    imitation: float,
    years_ahead,
) -> np.ndarray:
    """Bass share (%) ``years_ahead`` years after a year with share ``share_now`` (%).

    :func:`bass_from` from ``share_now / saturation``; used to change the
    adoption parameters from a policy year on without refitting the past.
    """
    validate.positive("saturation", saturation, unit="%")
    validate.in_range("share_now", share_now, 0.0, saturation, unit="% (at most the saturation)")
    validate.positive("innovation", innovation, unit="per year")
    validate.non_negative("imitation", imitation, unit="per year")
    elapsed = validate.array("years_ahead", years_ahead, low=0.0)
    return saturation * bass_from(share_now / saturation, innovation, imitation, elapsed)
