"""Data-driven credit scoring on a simulated merchant population (§3.1.1-3.1.2, §4.4.2, §6).

The paper argues that e-commerce merchants are "light assets, high volatility" borrowers whom a
collateral-based lender cannot tell apart, and that behavioural, logistics and IoT data let a lender
see their risk (claims S311-01, S312-04; rural credit S442-14; the data-asset pledge of §6.1).
This module makes that testable:

* :func:`simulate_merchants` draws a **simulated** population: every merchant has a latent
  business risk; each observable signal is correlated with it by a stated loading
  (:class:`MerchantAssumptions`); default is drawn from a logistic function of the latent risk.
  Nothing here is estimated from real loan data: the assumptions table is the model.
* :func:`fit_scorecard` fits a logistic scorecard (maximum likelihood by Newton's method) on any
  feature set;
  :func:`compare_scorecards` compares feature sets on a hold-out sample by discrimination (AUC,
  Gini) and by the approval rate a lender reaches at an equal default rate of approved loans,
  with the cutoff chosen on the training sample (:func:`holdout_approvals`).

Used by the logic, segments (rural credit) and policy chapters; general over any population with the
same columns.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ecommod import claims, validate
from ecommod.language import t
from ecommod.present import assumption

if TYPE_CHECKING:
    from collections.abc import Sequence

#: What a collateral-based lender sees: pledgeable assets, static financials, credit history.
COLLATERAL_FEATURES = ("collateral_yuan", "leverage", "credit_history_years")
#: Behavioural (orders, returns, feedback), logistics (turnover, delivery) and IoT quality data.
BEHAVIOURAL_FEATURES = ("order_volatility", "return_rate", "feedback_score")
LOGISTICS_FEATURES = ("inventory_turnover_days", "on_time_delivery")
IOT_FEATURES = ("iot_quality",)
#: What a data-driven lender sees: all of the above plus online-shop sales.
DATA_FEATURES = (
    COLLATERAL_FEATURES
    + ("annual_sales_yuan",)
    + BEHAVIOURAL_FEATURES
    + LOGISTICS_FEATURES
    + IOT_FEATURES
)
#: Collateral bands (yuan) in which access to credit is compared: none, then up to and above.
COLLATERAL_BANDS = (0.0, 100_000.0)
#: Features entered as log(1 + x) in the scorecard: amounts and durations with long right tails.
LOG_FEATURES = frozenset(
    {"collateral_yuan", "annual_sales_yuan", "order_volatility", "inventory_turnover_days"}
)


@dataclass(frozen=True)
class MerchantAssumptions:
    """How the simulated merchant population is drawn. All values are assumptions unless a
    source says otherwise; loadings are correlations of a signal with the latent business risk
    (positive: a higher signal means a riskier merchant)."""

    rural_share: float = assumption(
        0.3,
        t("share", "比例"),
        t("rural sellers among merchants", "商家中的农村卖家"),
        plausible=(
            0.15,
            0.45,
            t("rural online shops among China's online sellers", "中国网店中的农村网店"),
        ),
    )
    thin_file_share_urban: float = assumption(
        0.3,
        t("share", "比例"),
        t("urban merchants with no credit history (thin file)", "无信用记录的城市商家（信用白户）"),
        plausible=(
            0.15,
            0.45,
            t("small online sellers without a bank credit record", "没有银行信用记录的小型网店"),
        ),
    )
    thin_file_share_rural: float = assumption(
        0.6,
        t("share", "比例"),
        t("rural sellers with no credit history (thin file)", "无信用记录的农村卖家（信用白户）"),
        plausible=(
            0.4,
            0.8,
            t(
                "rural households without a central-bank credit record",
                "没有央行征信记录的农村家庭",
            ),
        ),
    )
    collateral_share: float = assumption(
        0.35,
        t("share", "比例"),
        t(
            "merchants with any pledgeable collateral ('light assets')",
            "拥有可质押抵押物的商家（“轻资产”）",
        ),
        plausible=(
            0.2,
            0.5,
            t("small online sellers owning pledgeable property", "拥有可质押资产的小型网店"),
        ),
    )
    collateral_median_yuan: float = assumption(
        300_000.0,
        t("yuan", "元"),
        t(
            "median collateral value of merchants that have collateral",
            "有抵押物商家的抵押物价值中位数",
        ),
        plausible=(
            100_000.0,
            1_000_000.0,
            t("property and equipment of small firms", "小企业的房产与设备"),
        ),
    )
    sales_median_yuan: float = assumption(
        1_000_000.0,
        t("yuan per year", "元/年"),
        t("median annual online-shop sales, urban merchants", "城市商家网店年销售额中位数"),
        plausible=(
            300_000.0,
            3_000_000.0,
            t("annual sales of small online shops", "小型网店的年销售额"),
        ),
    )
    rural_sales_factor: float = assumption(
        0.25,
        t("ratio", "倍数"),
        t(
            "rural median sales as a multiple of the urban median",
            "农村销售额中位数相当于城市中位数的倍数",
        ),
        plausible=(
            0.1,
            0.5,
            t("rural shops sell a fraction of urban ones", "农村网店的销售额只有城市网店的一部分"),
        ),
    )
    sales_dispersion: float = assumption(
        1.2,
        t("log-points (sd of log sales)", "对数点（对数销售额的标准差）"),
        t("spread of annual sales across merchants", "商家年销售额的离散程度"),
        plausible=(
            0.8,
            1.6,
            t("spread of firm sizes (log sd of sales)", "企业规模的离散程度（销售额对数的标准差）"),
        ),
    )
    iot_adoption_rural: float = claims.claim_parameter(
        "S313-04",
        t("share", "比例"),
        t(
            "rural sellers with IoT quality sensors (baseline of S313-04)",
            "装有物联网品质传感器的农村卖家（S313-04 的基期值）",
        ),
        field="baseline_value",
        ledger_unit="fraction",
    )
    base_default_rate: float = assumption(
        0.06,
        t("share per year", "每年比例"),
        t("average one-year default probability of the population", "总体的平均一年期违约概率"),
        plausible=(
            0.02,
            0.10,
            t(
                "one-year default rates of small-business online loans",
                "小企业网络贷款的一年期违约率",
            ),
        ),
    )
    risk_dispersion: float = assumption(
        1.0,
        t("logit points per sd of latent risk", "每个潜在风险标准差对应的 logit 点数"),
        t("how strongly latent risk moves default odds", "潜在风险对违约几率的影响强度"),
        plausible=(
            0.5,
            1.5,
            t(
                "scorecards with AUC about 0.65-0.85 on full information",
                "信息完整时 AUC 约为 0.65-0.85 的评分卡",
            ),
        ),
    )
    collateral_loading: float = assumption(
        -0.15,
        t("correlation", "相关系数"),
        t(
            "collateral value and latent risk ('weakly informative')",
            "抵押物价值与潜在风险（“信息量弱”）",
        ),
        plausible=(
            -0.3,
            0.0,
            t("collateral is weakly informative of business risk", "抵押物对经营风险的信息量较弱"),
        ),
    )
    leverage_loading: float = assumption(
        0.2,
        t("correlation", "相关系数"),
        t("leverage and latent risk", "杠杆率与潜在风险"),
        plausible=(0.1, 0.4, t("leverage ratios in default prediction", "违约预测中的杠杆比率")),
    )
    history_loading: float = assumption(
        -0.15,
        t("correlation", "相关系数"),
        t("length of credit history and latent risk", "信用记录长度与潜在风险"),
        plausible=(
            -0.3,
            0.0,
            t("credit history length in bureau scores", "征信评分中的信用记录长度"),
        ),
    )
    sales_loading: float = assumption(
        -0.25,
        t("correlation", "相关系数"),
        t("log annual sales and latent risk", "年销售额对数与潜在风险"),
        plausible=(-0.4, -0.1, t("larger sellers default less", "规模较大的卖家违约较少")),
    )
    volatility_loading: float = assumption(
        0.5,
        t("correlation", "相关系数"),
        t("order volatility and latent risk ('high volatility')", "订单波动与潜在风险（“高波动”）"),
        plausible=(
            0.2,
            0.6,
            t("order volatility in platform credit models", "平台信贷模型中的订单波动"),
        ),
    )
    return_loading: float = assumption(
        0.35,
        t("correlation", "相关系数"),
        t("return rate and latent risk", "退货率与潜在风险"),
        plausible=(0.1, 0.5, t("return rates as a quality signal", "作为质量信号的退货率")),
    )
    feedback_loading: float = assumption(
        -0.35,
        t("correlation", "相关系数"),
        t("buyer feedback and latent risk", "买家评价与潜在风险"),
        plausible=(-0.5, -0.1, t("buyer ratings as a quality signal", "作为质量信号的买家评分")),
    )
    turnover_loading: float = assumption(
        0.35,
        t("correlation", "相关系数"),
        t("inventory turnover days and latent risk", "库存周转天数与潜在风险"),
        plausible=(
            0.1,
            0.5,
            t("slow inventory turnover as a distress signal", "作为困境信号的库存周转缓慢"),
        ),
    )
    delivery_loading: float = assumption(
        -0.3,
        t("correlation", "相关系数"),
        t("on-time delivery rate and latent risk", "准时交付率与潜在风险"),
        plausible=(-0.5, -0.1, t("late delivery as a distress signal", "作为困境信号的延迟交付")),
    )
    iot_loading: float = assumption(
        -0.5,
        t("correlation", "相关系数"),
        t(
            "IoT-measured quality compliance and latent risk (adopters)",
            "物联网测得的质量合规度与潜在风险（采用者）",
        ),
        plausible=(
            -0.7,
            -0.2,
            t("measured quality compliance of adopters", "采用者实测的质量合规度"),
        ),
    )

    def __post_init__(self):
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name.endswith("_loading"):
                validate.in_range(item.name, value, -0.95, 0.95, unit="(a correlation)")
            elif item.metadata["unit"].startswith("share"):
                validate.share(item.name, value)
            else:
                validate.positive(item.name, value, unit=item.metadata["unit"])
        if not 0 < self.base_default_rate < 1:
            validate.in_range("base_default_rate", self.base_default_rate, 1e-6, 1 - 1e-6)


def _logistic(x, out: np.ndarray | None = None):
    """1 / (1 + e^−x), elementwise; an array is worked on in one buffer (``out``, which may be
    ``x`` itself, or a new one)."""
    if np.ndim(x) == 0:
        return 1.0 / (1.0 + np.exp(-x))
    out = np.negative(x, dtype=float) if out is None else np.negative(x, out=out)
    np.exp(out, out=out)
    out += 1.0
    return np.reciprocal(out, out=out)


@cache
def _intercept_for_mean(mean: float, dispersion: float) -> float:
    """The intercept a with E[logistic(a + s·Z)] = mean, Z ~ N(0, 1) (Gauss-Hermite, bisection;
    remembered per pair of values)."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(64)
    weights = weights / weights.sum()
    low, high = -30.0, 30.0
    for _ in range(100):
        middle = (low + high) / 2
        if weights @ _logistic(middle + dispersion * nodes) < mean:
            low = middle
        else:
            high = middle
    return (low + high) / 2


#: Elements per block where a long column is worked on a block at a time, so that several
#: operations on the block stay in the processor's cache (the results are those of whole columns).
BLOCK = 1 << 16

#: Float arrays simulate_merchants allocates per merchant (15 columns and the draws behind them),
#: so that its size ceiling counts them all.
MERCHANT_COLUMNS = 30


def simulate_merchants(
    n: int = 100_000, *, seed: int = 0, assumptions: MerchantAssumptions | None = None
) -> pd.DataFrame:
    """A simulated merchant population, one row per merchant (see the module docstring).

    Each signal is ``loading · risk + sqrt(1 − loading²) · noise`` on a standard-normal scale,
    then mapped to its natural unit: yuan (lognormal), shares (logistic), days (lognormal),
    years. ``default`` is drawn with probability ``true_pd`` = logistic(a + s · risk), with a set
    so that the population's mean default probability is ``base_default_rate``.
    """
    validate.size("n", n, minimum=10, per_item=MERCHANT_COLUMNS)
    validate.seed("seed", seed)
    a = assumptions if assumptions is not None else MerchantAssumptions()
    if not isinstance(a, MerchantAssumptions):
        raise ValueError(f"assumptions must be a MerchantAssumptions, got {type(a).__name__}")
    rng = np.random.default_rng(seed)
    risk = rng.standard_normal(n)

    # One buffer for the uniform draws and for loading · risk. A flag zeroes a column by
    # multiplication (its values are finite), which is faster than a masked assignment.
    scratch = np.empty(n)

    def uniform() -> np.ndarray:
        return rng.random(n, out=scratch)

    def signal(loading: float, to_unit) -> np.ndarray:
        """n signals mapped to their unit by ``to_unit(block, rows)``, in place, drawn and mapped
        a block at a time (the draws are those of one draw of n)."""
        values = np.empty(n)
        for start in range(0, n, BLOCK):
            rows = slice(start, start + BLOCK)
            block = values[rows]
            rng.standard_normal(out=block)
            block *= math.sqrt(1.0 - loading**2)
            block += np.multiply(risk[rows], loading, out=scratch[: block.size])
            to_unit(block, rows)
        return values

    def lognormal(loading: float, spread: float, median) -> np.ndarray:
        """median · exp(spread · signal); ``median`` is a number or one per merchant."""

        def to_unit(block: np.ndarray, rows: slice) -> None:
            block *= spread
            np.exp(block, out=block)
            block *= median if np.ndim(median) == 0 else median[rows]

        return signal(loading, to_unit)

    def logistic(loading: float, intercept: float, slope: float) -> np.ndarray:
        """logistic(intercept + slope · signal)."""

        def to_unit(block: np.ndarray, rows: slice) -> None:
            block *= slope
            block += intercept
            _logistic(block, out=block)

        return signal(loading, to_unit)

    # The draws come in a fixed order (the population is the same for a seed whatever the code).
    rural = uniform() < a.rural_share
    draw = uniform()  # a thin file with the share of the merchant's area
    thin_file = (rural & (draw < a.thin_file_share_rural)) | (
        ~rural & (draw < a.thin_file_share_urban)
    )
    has_collateral = uniform() < a.collateral_share
    collateral = lognormal(a.collateral_loading, 0.8, a.collateral_median_yuan)
    collateral *= has_collateral
    history = logistic(a.history_loading, 0.0, 1.0)
    history *= 6.0
    history += 1.0
    np.round(history, 1, out=history)
    history *= ~thin_file
    # Median sales by area, looked up by the rural flag (0 urban, 1 rural).
    medians = np.array([a.sales_median_yuan, a.sales_median_yuan * a.rural_sales_factor])
    sales_median = medians[rural.view(np.uint8)]
    iot_adopted = rural & (uniform() < a.iot_adoption_rural)
    iot_quality = logistic(a.iot_loading, 1.5, -0.8)
    iot_quality *= iot_adopted
    true_pd = np.multiply(risk, a.risk_dispersion)
    true_pd += _intercept_for_mean(a.base_default_rate, a.risk_dispersion)
    _logistic(true_pd, out=true_pd)
    sales = lognormal(a.sales_loading, a.sales_dispersion, sales_median)
    leverage = logistic(a.leverage_loading, -0.5, 0.8)
    volatility = lognormal(a.volatility_loading, 0.5, 0.3)
    returns = logistic(a.return_loading, -2.9, 0.5)
    feedback = logistic(a.feedback_loading, 2.5, 0.6)
    turnover = lognormal(a.turnover_loading, 0.4, 30.0)
    delivery = logistic(a.delivery_loading, 2.0, 0.6)
    default = (uniform() < true_pd).view(np.int8)
    return pd.DataFrame(
        {
            "rural": rural,
            "thin_file": thin_file,
            "collateral_yuan": collateral,
            "annual_sales_yuan": sales,
            "credit_history_years": history,
            "leverage": leverage,
            "order_volatility": volatility,
            "return_rate": returns,
            "feedback_score": feedback,
            "inventory_turnover_days": turnover,
            "on_time_delivery": delivery,
            "iot_adopted": iot_adopted,
            "iot_quality": iot_quality,
            "true_pd": true_pd,
            "default": default,
        },
        copy=False,  # one block per column: no 2-D consolidation copy of a million rows
    )


@dataclass(frozen=True)
class Scorecard:
    """A fitted logistic scorecard: standardised features, coefficients per standard deviation."""

    features: tuple[str, ...]
    coefficients: pd.Series
    means: np.ndarray
    scales: np.ndarray

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        """Predicted default probability of every row of ``frame``.

        The log-odds are accumulated feature by feature (coefficient / scale times the raw
        feature), a block of rows at a time (:data:`BLOCK`), so no standardised copy of the
        design matrix is built and the sums stay in cache.
        """
        validate.columns("frame", frame, self.features)
        slopes = self.coefficients.iloc[1:].to_numpy() / self.scales
        intercept = self.coefficients.iloc[0] - slopes @ self.means
        columns = [
            (frame[name].to_numpy(float), slope, name in LOG_FEATURES)
            for name, slope in zip(self.features, slopes, strict=True)
        ]
        probabilities = np.empty(len(frame))
        term = np.empty(min(BLOCK, len(frame)))
        for start in range(0, len(frame), BLOCK):
            log_odds = probabilities[start : start + BLOCK]
            log_odds.fill(intercept)
            block_term = term[: log_odds.size]
            for values, slope, logged in columns:
                block = values[start : start + BLOCK]
                if logged:
                    np.multiply(np.log1p(block, out=block_term), slope, out=block_term)
                else:
                    np.multiply(block, slope, out=block_term)
                log_odds += block_term
            _logistic(log_odds, out=log_odds)
        return probabilities


def _feature(frame: pd.DataFrame, name: str) -> np.ndarray:
    """A feature column as the scorecard enters it: log(1 + x) for :data:`LOG_FEATURES`."""
    values = frame[name].to_numpy(float)
    return np.log1p(values) if name in LOG_FEATURES else values


def _column_names(name: str, names, frame: pd.DataFrame) -> tuple[str, ...]:
    """A non-empty list of column names of ``frame`` (a string is one name, not a list)."""
    if isinstance(names, str) or not isinstance(names, list | tuple) or not names:
        raise ValueError(f"{name} must be a non-empty list of column names, got {names!r}")
    for column in names:
        validate.one_of(name, column, set(frame.columns))
    return tuple(names)


def _design(frame: pd.DataFrame, features: Sequence[str]) -> np.ndarray:
    validate.columns("frame", frame, features)
    return np.column_stack([_feature(frame, name) for name in features])


def fit_scorecard(
    frame: pd.DataFrame, features: Sequence[str], *, target: str = "default"
) -> Scorecard:
    """Fit ``target ~ features`` by maximum likelihood (logistic regression, Newton's method).

    Amounts and durations in :data:`LOG_FEATURES` enter as log(1 + x); every feature is
    standardised, so a coefficient is the change in log-odds of default per standard deviation.
    """
    validate.instance("frame", frame, pd.DataFrame, "a pandas DataFrame")
    features = _column_names("features", features, frame)
    validate.text("target", target)
    validate.columns("frame", frame, (target,))
    outcome = frame[target].to_numpy()
    if not np.isin(outcome, (0, 1)).all() or len(np.unique(outcome)) < 2:
        raise ValueError(
            f"frame[{target!r}] must hold both 0 and 1 (defaults), got {np.unique(outcome)}"
        )
    design = _design(frame, features)
    means, scales = design.mean(axis=0), design.std(axis=0)
    constant = [name for name, scale in zip(features, scales, strict=True) if scale == 0]
    if constant:
        raise ValueError(f"features {constant} are constant in frame: a scorecard cannot use them")
    standardised = np.column_stack([np.ones(len(design)), (design - means) / scales])
    coefficients = pd.Series(
        _logit_newton(standardised, outcome.astype(float)),
        index=["intercept", *features],
        name="coefficient",
    )
    return Scorecard(features, coefficients, means, scales)


def _logit_newton(design: np.ndarray, outcome: np.ndarray, max_iterations: int = 50) -> np.ndarray:
    """Maximum-likelihood logistic coefficients by Newton-Raphson (the log-likelihood is concave,
    so from zero each step is exact up to the quadratic approximation). Stops when no
    coefficient moves by more than 1e-10; refuses to return an estimate that has not converged
    (e.g. under perfect separation, where no maximum exists)."""
    beta = np.zeros(design.shape[1])
    with np.errstate(over="ignore"):
        for _ in range(max_iterations):
            fitted = _logistic(design @ beta)
            gradient = design.T @ (outcome - fitted)
            hessian = (design * (fitted * (1.0 - fitted))[:, None]).T @ design
            try:
                step = np.linalg.solve(hessian, gradient)
            except np.linalg.LinAlgError:
                break
            beta += step
            if np.abs(step).max() < 1e-8 * max(1.0, np.abs(beta).max()):
                return beta
    raise ValueError(
        f"the scorecard did not converge in {max_iterations} Newton steps: the features may "
        "separate defaulters from non-defaulters perfectly"
    )


def auc(defaults, scores) -> float:
    """Area under the ROC curve: the probability that a random defaulter scores riskier than a
    random non-defaulter (ties count half). Rank based (Mann-Whitney), vectorised."""
    from scipy.stats import rankdata

    outcome = validate.array("defaults", defaults, low=0, high=1)
    score = validate.array("scores", scores)
    if outcome.shape != score.shape:
        raise ValueError(
            f"defaults and scores must have the same length, got {outcome.shape} and {score.shape}"
        )
    if not np.isin(outcome, (0, 1)).all():
        raise ValueError("defaults must hold only 0 and 1")
    positives = outcome.sum()
    negatives = outcome.size - positives
    if positives == 0 or negatives == 0:
        raise ValueError("defaults must contain both defaulters (1) and non-defaulters (0)")
    ranks = rankdata(score)
    return float(
        (ranks[outcome == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives)
    )


def gini(defaults, scores) -> float:
    """Gini coefficient (accuracy ratio) of a score: 2 · AUC − 1."""
    return 2.0 * auc(defaults, scores) - 1.0


def pd_cutoff(pds, defaults, max_default_rate: float) -> float:
    """The highest predicted PD a lender can approve up to: approving every applicant of this
    sample with PD at or under it keeps the realised default rate of the approved at or under
    ``max_default_rate`` (share). Ties in PD are approved or refused together; −inf when not
    even the safest applicants pass. Choose it on the sample the scorecard was fitted on, and
    apply it to new applicants (:func:`holdout_approvals`)."""
    risk = validate.array("pds", pds, low=0, high=1)
    outcome = validate.array("defaults", defaults, low=0, high=1)
    if risk.shape != outcome.shape:
        raise ValueError(
            f"pds and defaults must have the same length, got {risk.shape} and {outcome.shape}"
        )
    validate.share("max_default_rate", max_default_rate)
    order = np.argsort(risk, kind="stable")
    sorted_risk = risk[order]
    cumulative_rate = np.cumsum(outcome[order]) / np.arange(1, risk.size + 1)
    # Only cut where the next applicant has a strictly higher PD (ties go together).
    cut_allowed = np.append(sorted_risk[1:] > sorted_risk[:-1], True)
    eligible = np.flatnonzero((cumulative_rate <= max_default_rate + 1e-12) & cut_allowed)
    return float(sorted_risk[eligible[-1]]) if eligible.size else -np.inf


def approve_at_default_rate(pds, defaults, max_default_rate: float) -> np.ndarray:
    """Which applicants of this sample to approve: PD at or under :func:`pd_cutoff` of the same
    sample. In-sample by construction (the realised default rate of the approved is at most
    ``max_default_rate``); to score a cutoff honestly use :func:`holdout_approvals`."""
    cutoff = pd_cutoff(pds, defaults, max_default_rate)
    return np.asarray(pds, dtype=float) <= cutoff


def _split_and_fit(
    frame: pd.DataFrame,
    feature_sets: Mapping[str, Sequence[str]],
    train_share: float,
    seed: int,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Scorecard]]:
    """The training and hold-out rows (the split depends only on ``seed`` and the row count)
    and one scorecard per feature set fitted on the training rows."""
    validate.instance("frame", frame, pd.DataFrame, "a pandas DataFrame")
    if not isinstance(feature_sets, Mapping):
        raise ValueError(f"feature_sets must be a mapping name -> columns, got {feature_sets!r}")
    if not feature_sets:
        raise ValueError("feature_sets must name at least one feature set, got {}")
    for features in feature_sets.values():
        _column_names("feature_sets", features, frame)
    validate.in_range("train_share", train_share, 0.05, 0.95)
    validate.seed("seed", seed)
    is_train = np.random.default_rng(seed).random(len(frame)) < train_share
    train, holdout = frame[is_train], frame[~is_train]
    cards = {name: fit_scorecard(train, features) for name, features in feature_sets.items()}
    return train, holdout, cards


@dataclass(frozen=True)
class ScoredSplit:
    """Scorecards fitted on a training sample and applied to both samples: the training and
    hold-out rows and, per feature set, the predicted PDs of each (``train_pds``, ``pds``)."""

    train: pd.DataFrame
    train_pds: dict[str, np.ndarray]
    holdout: pd.DataFrame
    pds: dict[str, np.ndarray]

    def approved(self, name: str, max_default_rate: float) -> np.ndarray:
        """Which hold-out applicants scorecard ``name`` approves at the PD cutoff chosen on the
        training rows (:func:`pd_cutoff`); the hold-out outcomes play no part in it."""
        validate.one_of("name", name, self.pds)
        cutoff = pd_cutoff(self.train_pds[name], self.train["default"], max_default_rate)
        return self.pds[name] <= cutoff


def holdout_scores(
    frame: pd.DataFrame,
    feature_sets: Mapping[str, Sequence[str]],
    *,
    train_share: float = 0.5,
    seed: int = 0,
) -> ScoredSplit:
    """Fit one scorecard per feature set on a random training sample (``train_share`` of the
    rows) and predict default probabilities for both samples. The split depends only on
    ``seed`` and the row count."""
    train, holdout, cards = _split_and_fit(frame, feature_sets, train_share, seed)
    return ScoredSplit(
        train,
        {name: card.predict(train) for name, card in cards.items()},
        holdout,
        {name: card.predict(holdout) for name, card in cards.items()},
    )


@dataclass(frozen=True)
class HoldoutApprovals:
    """Scorecards judged out of sample: hold-out rows, their PDs, the PD cutoff chosen on the
    training rows and the hold-out applicants it approves (one entry per feature set)."""

    holdout: pd.DataFrame
    pds: dict[str, np.ndarray]
    cutoffs: dict[str, float]
    approved: dict[str, np.ndarray]


def holdout_approvals(
    frame: pd.DataFrame,
    feature_sets: Mapping[str, Sequence[str]],
    *,
    max_default_rate: float,
    train_share: float = 0.5,
    seed: int = 0,
) -> HoldoutApprovals:
    """Fit each scorecard and choose its approval cutoff on the training rows, then apply both
    to the hold-out rows.

    The cutoff (:func:`pd_cutoff`) keeps the default rate of the approved training applicants at
    or under ``max_default_rate``; the hold-out outcomes play no part in any decision, so the
    default rate realised on the approved hold-out applicants is an honest estimate (it may
    exceed ``max_default_rate``).
    """
    validate.positive_share("max_default_rate", max_default_rate)
    train, holdout, cards = _split_and_fit(frame, feature_sets, train_share, seed)
    train_outcome = train["default"].to_numpy()
    pds, cutoffs, approved = {}, {}, {}
    for name, card in cards.items():
        cutoffs[name] = pd_cutoff(card.predict(train), train_outcome, max_default_rate)
        pds[name] = card.predict(holdout)
        approved[name] = pds[name] <= cutoffs[name]
    return HoldoutApprovals(holdout, pds, cutoffs, approved)


def compare_scorecards(
    frame: pd.DataFrame,
    feature_sets: Mapping[str, Sequence[str]],
    *,
    max_default_rate: float,
    train_share: float = 0.5,
    seed: int = 0,
) -> pd.DataFrame:
    """Fit one scorecard per feature set on a training sample and compare them on the hold-out.

    Returns one row per feature set: AUC and Gini on the hold-out, and the hold-out approval
    rate and realised default rate of the approved at the cutoff chosen on the training sample
    to keep that rate at or under ``max_default_rate`` (:func:`holdout_approvals`).
    """
    decisions = holdout_approvals(
        frame, feature_sets, max_default_rate=max_default_rate, train_share=train_share, seed=seed
    )
    return comparison_table(decisions)


def comparison_table(decisions: HoldoutApprovals) -> pd.DataFrame:
    """:func:`compare_scorecards`' table from decisions already made (no refit)."""
    validate.instance("decisions", decisions, HoldoutApprovals, "a HoldoutApprovals")
    outcome = decisions.holdout["default"].to_numpy()
    rows = []
    for name, pds in decisions.pds.items():
        approved = decisions.approved[name]
        rows.append(
            {
                "feature_set": name,
                "auc": auc(outcome, pds),
                "gini": gini(outcome, pds),
                "approval_rate": approved.mean(),
                "approved_default_rate": outcome[approved].mean() if approved.any() else np.nan,
            }
        )
    return pd.DataFrame(rows).set_index("feature_set")


def access_by_group(
    merchants: pd.DataFrame,
    feature_sets: dict[str, Sequence[str]],
    *,
    max_default_rate: float,
    collateral_bands: Sequence[float] = COLLATERAL_BANDS,
    train_share: float = 0.5,
    seed: int = 0,
) -> pd.DataFrame:
    """Approval rate by collateral band, by rural/urban and by credit file, for each scorecard.

    Each scorecard (:func:`fit_scorecard`) is fitted, and its cutoff chosen, on a training
    sample at an equal default rate of the approved; it then approves hold-out applicants
    (:func:`holdout_approvals`). ``collateral_bands`` are the upper edges
    (yuan) of the bands below the last one; the first band, 0, is "no collateral". Returns one
    row per group with one approval-rate column (fraction) per feature set and the group's size.
    """
    validate.columns("merchants", merchants, ("collateral_yuan", "rural", "thin_file", "default"))
    _collateral_edges(collateral_bands)  # refuse bad bands before fitting anything
    decisions = holdout_approvals(
        merchants,
        feature_sets,
        max_default_rate=max_default_rate,
        train_share=train_share,
        seed=seed,
    )
    return access_table(decisions, collateral_bands)


def _collateral_edges(collateral_bands: Sequence[float]) -> np.ndarray:
    edges = validate.array("collateral_bands", collateral_bands, low=0.0)
    if (np.diff(edges) <= 0).any():
        raise ValueError(f"collateral_bands must increase, got {list(edges)}")
    return edges


def access_table(
    decisions: HoldoutApprovals, collateral_bands: Sequence[float] = COLLATERAL_BANDS
) -> pd.DataFrame:
    """:func:`access_by_group`'s table from decisions already made (no refit)."""
    validate.instance("decisions", decisions, HoldoutApprovals, "a HoldoutApprovals")
    holdout = decisions.holdout
    validate.columns("holdout", holdout, ("collateral_yuan", "rural", "thin_file", "default"))
    edges = _collateral_edges(collateral_bands)
    labels = [
        t("no collateral", "无抵押物")
        if edge == 0
        else t("collateral up to {edge:,.0f} yuan", "抵押物不超过 {edge:,.0f} 元", edge=edge)
        for edge in edges
    ] + [t("collateral above {edge:,.0f} yuan", "抵押物超过 {edge:,.0f} 元", edge=edges[-1])]
    band = np.searchsorted(edges, holdout["collateral_yuan"].to_numpy(), side="left")
    groups = {
        **{label: band == i for i, label in enumerate(labels)},
        t("rural", "农村"): holdout["rural"].to_numpy(bool),
        t("urban", "城市"): ~holdout["rural"].to_numpy(bool),
        t("thin file (no credit history)", "信用白户（无信用记录）"): holdout["thin_file"].to_numpy(
            bool
        ),
        t("all merchants", "全部商家"): np.ones(len(holdout), dtype=bool),
    }
    table = pd.DataFrame(
        {"group": list(groups), "merchants": [int(mask.sum()) for mask in groups.values()]}
    )
    for name, approved in decisions.approved.items():
        table[name] = [approved[mask].mean() if mask.any() else np.nan for mask in groups.values()]
    return table
