"""§6 Policy: pledge financing against a seller's data asset, and the policy levers of §6.2-6.3.

The paper (§6.1) proposes a financing system for e-commerce sellers whose main asset is data:
confirm who owns the data (blockchain), value it (AI models), lend against it (pledge) and control
the risk with real-time monitoring; it claims that a cross-border seller with sales above 10
million yuan a year (S61-01) produces about 500 GB of credit data (S61-02) whose value covers
30-50% of its financing needs (S61-03). This module makes each step a computation:

* :func:`value_data_asset`: income-approach value (incremental cash flow the data enable,
  decaying and discounted over a useful life) beside a cost-approach value, and the coverage of
  the financing need; :func:`coverage_region` maps where 30-50% holds.
* :func:`simulate_loans`: a Monte Carlo of monthly sales (diffusion plus shocks) over the loan's
  life; default when the seller runs out of cash or its net worth turns negative; the data
  collateral loses value with the business; a monitoring rule on real-time sales sweeps cash into
  repayment when the loan-to-value ratio breaches a trigger.
* :func:`run_pipeline`: confirm -> evaluate -> pledge -> monitor for one seller in one call.
* :func:`sweep`: policy scenarios (guarantee fund, interest subsidy, cheaper credit information,
  cheaper rights registration) over a simulated population of sellers, on any
  ``concurrent.futures``-style executor.

Every parameter is an assumption stated with its unit (``present.assumption``); none is a
statistic. Results are those of simulated sellers under these assumptions and say so.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ecommod import validate
from ecommod.present import assumption

if TYPE_CHECKING:
    import pandas as pd

    from ecommod import claims as claims_types

MONTHS_PER_YEAR = 12
#: Loans compared by :func:`run_pipeline`, in the order shown.
LOAN_KINDS = ("data pledge, unmonitored", "data pledge, monitored", "conventional collateral")


# --- parameters --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SellerProfile:
    """One e-commerce seller: size, what its data earn, how risky its sales are (assumptions)."""

    annual_sales_yuan: float = assumption(
        10_000_000.0,
        "yuan per year",
        "annual sales (the paper's group: above 10 million)",
        "S61-01",
    )
    data_uplift_share: float = assumption(
        0.02,
        "share of sales per year",
        "operating cash flow the data add (pricing, advertising, stock), in the first year",
    )
    useful_life_years: int = assumption(3, "years", "years over which the data keep earning")
    decay_rate: float = assumption(
        0.3, "share per year", "share of the data's earnings lost each year as the data age"
    )
    discount_rate: float = assumption(
        0.15, "per year", "discount rate for the data's earnings (a risky intangible)"
    )
    data_cost_share: float = assumption(
        0.01, "share of sales per year", "cost of collecting, cleaning and storing the data"
    )
    confirmable_share: float = assumption(
        0.8,
        "share",
        "share of the data's value whose ownership can be confirmed and pledged (the rest is "
        "consumers' personal information)",
    )
    registration_cost_yuan: float = assumption(
        20_000.0, "yuan per pledge", "cost of registering the data rights and appraising them"
    )
    financing_need_share: float = assumption(
        0.25, "share of annual sales", "working capital to finance (stock, payout lags)"
    )
    sales_volatility: float = assumption(
        0.3, "per square-root year", "volatility of log sales between shocks"
    )
    shock_rate: float = assumption(
        0.3, "per year", "expected number of sales shocks (account freeze, tariff, logistics)"
    )
    shock_size: float = assumption(0.3, "share", "share of monthly sales lost in a shock")
    contribution_margin: float = assumption(
        0.25, "share of sales", "sales minus the costs that move with sales"
    )
    net_margin: float = assumption(
        0.06, "share of sales", "profit margin at the starting sales level (after fixed costs)"
    )
    cash_buffer_share: float = assumption(
        0.03, "share of annual sales", "cash held when the loan starts"
    )
    property_share: float = assumption(
        0.02,
        "share of annual sales",
        "property a light-asset seller could mortgage (for the conventional loan)",
    )

    def __post_init__(self):
        validate.positive("annual_sales_yuan", self.annual_sales_yuan, unit="yuan")
        for name in (
            "data_uplift_share",
            "decay_rate",
            "data_cost_share",
            "confirmable_share",
            "shock_size",
            "contribution_margin",
            "cash_buffer_share",
            "property_share",
        ):
            validate.share(name, getattr(self, name))
        validate.count("useful_life_years", self.useful_life_years)
        validate.in_range("discount_rate", self.discount_rate, 0.0, 1.0, unit="per year")
        validate.non_negative("registration_cost_yuan", self.registration_cost_yuan, unit="yuan")
        validate.positive("financing_need_share", self.financing_need_share)
        validate.non_negative("sales_volatility", self.sales_volatility)
        validate.non_negative("shock_rate", self.shock_rate, unit="per year")
        validate.in_range(
            "net_margin", self.net_margin, -1.0, self.contribution_margin, unit="share of sales"
        )


#: The paper's "high-volatility" cross-border profile: more volatile sales, more frequent shocks.
HIGH_VOLATILITY = {"sales_volatility": 0.5, "shock_rate": 0.6}


@dataclass(frozen=True)
class LoanTerms:
    """The pledge loan, its monitoring rule, and the conventional loan it is compared with."""

    loan_to_value: float = assumption(
        0.5, "share", "principal as a share of the recognised data value"
    )
    valuation_haircut: float = assumption(
        0.2, "share", "cut applied to the appraised value before lending (model risk)"
    )
    annual_rate: float = assumption(0.08, "per year", "interest rate the lender earns")
    funding_rate: float = assumption(0.03, "per year", "lender's cost of funds")
    term_months: int = assumption(12, "months", "loan term; interest monthly, principal at the end")
    information_cost_yuan: float = assumption(
        3_000.0, "yuan per loan", "lender's cost of assessing one applicant"
    )
    trigger_ltv: float = assumption(
        0.65, "share", "monitoring: current loan-to-value that triggers a cash sweep"
    )
    data_recovery_rate: float = assumption(
        0.3, "share", "share of the data's current value recovered after a default"
    )
    conventional_ltv: float = assumption(0.6, "share", "conventional loan: principal per property")
    property_recovery_rate: float = assumption(
        0.6, "share", "share of the property's value recovered after a default"
    )

    def __post_init__(self):
        for name in (
            "loan_to_value",
            "valuation_haircut",
            "trigger_ltv",
            "data_recovery_rate",
            "conventional_ltv",
            "property_recovery_rate",
        ):
            validate.share(name, getattr(self, name))
        validate.in_range("annual_rate", self.annual_rate, 0.0, 1.0, unit="per year")
        validate.in_range("funding_rate", self.funding_rate, 0.0, 1.0, unit="per year")
        validate.count("term_months", self.term_months)
        validate.non_negative("information_cost_yuan", self.information_cost_yuan, unit="yuan")
        if self.trigger_ltv < self.loan_to_value:
            raise ValueError(
                f"trigger_ltv must be >= loan_to_value ({self.loan_to_value}), "
                f"got {self.trigger_ltv!r}"
            )


@dataclass(frozen=True)
class SellerPopulation:
    """Small sellers for the policy scenarios: sizes and volatility classes drawn with a seed."""

    n_sellers: int = assumption(150, "sellers", "simulated sellers")
    median_sales_yuan: float = assumption(
        3_000_000.0, "yuan per year", "median annual sales of the simulated sellers"
    )
    sales_dispersion: float = assumption(1.0, "log points", "standard deviation of log sales")
    high_volatility_share: float = assumption(
        0.5, "share", "share of sellers with the high-volatility profile"
    )
    small_seller_limit_yuan: float = assumption(
        10_000_000.0, "yuan per year", "sellers below this are counted as small", "S61-01"
    )

    def __post_init__(self):
        validate.count("n_sellers", self.n_sellers)
        validate.positive("median_sales_yuan", self.median_sales_yuan, unit="yuan")
        validate.non_negative("sales_dispersion", self.sales_dispersion)
        validate.share("high_volatility_share", self.high_volatility_share)
        validate.positive("small_seller_limit_yuan", self.small_seller_limit_yuan, unit="yuan")


@dataclass(frozen=True)
class PolicyScenario:
    """Policy levers of §6.2-6.3; all zero is the status quo. Public money pays for each."""

    guarantee_share: float = assumption(
        0.0, "share of loss", "guarantee fund: share of the lender's loss it pays"
    )
    interest_subsidy: float = assumption(
        0.0, "per year", "interest paid to the lender for the seller (0.02 = 2 percentage points)"
    )
    information_cost_cut_yuan: float = assumption(
        0.0,
        "yuan per applicant",
        "credit-information platform: cut in the lender's assessment cost",
    )
    registration_cost_cut_yuan: float = assumption(
        0.0, "yuan per pledge", "cheaper data-rights registration: public share of its cost"
    )

    def __post_init__(self):
        validate.share("guarantee_share", self.guarantee_share)
        validate.in_range("interest_subsidy", self.interest_subsidy, 0.0, 1.0, unit="per year")
        validate.non_negative("information_cost_cut_yuan", self.information_cost_cut_yuan)
        validate.non_negative("registration_cost_cut_yuan", self.registration_cost_cut_yuan)


#: Each lever at its strong setting (assumptions, for the grid and the tornado chart).
STRONG_POLICY = PolicyScenario(
    guarantee_share=0.5,
    interest_subsidy=0.02,
    information_cost_cut_yuan=2_000.0,
    registration_cost_cut_yuan=15_000.0,
)
LEVERS = tuple(field.name for field in dataclasses.fields(PolicyScenario))


# --- 1. valuing the data asset -----------------------------------------------------------------


def _broadcast_float(name: str, value, low: float = -math.inf, high: float = math.inf):
    return validate.array(name, np.atleast_1d(value), low=low, high=high)


def income_factor(useful_life_years: int, decay_rate, discount_rate) -> np.ndarray:
    """Σ_{t=1..L} (1 − decay)^(t−1) / (1 + discount)^t: years of first-year earnings the data are
    worth (income approach). Arrays broadcast."""
    validate.count("useful_life_years", useful_life_years)
    decay = _broadcast_float("decay_rate", decay_rate, 0.0, 1.0)
    discount = _broadcast_float("discount_rate", discount_rate, 0.0, 1.0)
    years = np.arange(1, useful_life_years + 1).reshape((-1,) + (1,) * np.ndim(decay * discount))
    return np.sum((1.0 - decay) ** (years - 1) / (1.0 + discount) ** years, axis=0)


def income_value(
    annual_sales_yuan, data_uplift_share, useful_life_years: int, decay_rate, discount_rate
) -> np.ndarray:
    """Income-approach value of the data (yuan): the incremental cash flow they enable (uplift ×
    sales in year 1, decaying) discounted over their useful life. Arrays broadcast."""
    sales = _broadcast_float("annual_sales_yuan", annual_sales_yuan, 0.0)
    uplift = _broadcast_float("data_uplift_share", data_uplift_share, 0.0, 1.0)
    return sales * uplift * income_factor(useful_life_years, decay_rate, discount_rate)


def cost_value(annual_sales_yuan, data_cost_share, useful_life_years: int, decay_rate):
    """Cost-approach value (yuan): what the data still in use cost to build, i.e. the yearly data
    spending of the last ``useful_life_years`` years, each year's vintage aged by ``decay_rate``."""
    sales = _broadcast_float("annual_sales_yuan", annual_sales_yuan, 0.0)
    cost = _broadcast_float("data_cost_share", data_cost_share, 0.0, 1.0)
    decay = _broadcast_float("decay_rate", decay_rate, 0.0, 1.0)
    validate.count("useful_life_years", useful_life_years)
    ages = np.arange(useful_life_years).reshape((-1,) + (1,) * np.ndim(decay))
    return sales * cost * np.sum((1.0 - decay) ** ages, axis=0)


def pledgeable_value(income_value_yuan, confirmable_share, registration_cost_yuan) -> np.ndarray:
    """Value a lender can take as collateral (yuan): the confirmable part of the income value,
    less the cost of confirming and appraising it, never below zero (step "confirm")."""
    value = _broadcast_float("income_value_yuan", income_value_yuan, 0.0)
    share = _broadcast_float("confirmable_share", confirmable_share, 0.0, 1.0)
    cost = _broadcast_float("registration_cost_yuan", registration_cost_yuan, 0.0)
    return np.maximum(value * share - cost, 0.0)


@dataclass(frozen=True)
class DataValuation:
    """The data asset of one seller (yuan) and the share of its financing need it covers."""

    income_value_yuan: float
    cost_value_yuan: float
    pledgeable_value_yuan: float
    financing_need_yuan: float

    @property
    def coverage(self) -> float:
        """Pledgeable value / financing need (a share): the paper's "覆盖 30%~50%" (S61-03)."""
        return self.pledgeable_value_yuan / self.financing_need_yuan


def value_data_asset(profile: SellerProfile = SellerProfile()) -> DataValuation:
    """Income and cost value of a seller's data, what can be pledged, and the need it covers."""
    income = income_value(
        profile.annual_sales_yuan,
        profile.data_uplift_share,
        profile.useful_life_years,
        profile.decay_rate,
        profile.discount_rate,
    )
    cost = cost_value(
        profile.annual_sales_yuan,
        profile.data_cost_share,
        profile.useful_life_years,
        profile.decay_rate,
    )
    pledgeable = pledgeable_value(income, profile.confirmable_share, profile.registration_cost_yuan)
    return DataValuation(
        float(income[0]),
        float(cost[0]),
        float(pledgeable[0]),
        profile.financing_need_share * profile.annual_sales_yuan,
    )


def coverage_region(
    annual_sales_yuan: Sequence[float],
    data_uplift_share: Sequence[float],
    financing_need_share: Sequence[float],
    *,
    profile: SellerProfile = SellerProfile(),
    claimed: tuple[float, float] = (0.30, 0.50),
) -> pd.DataFrame:
    """Coverage of the financing need on a grid of seller size × data value × financing need
    (other parameters from ``profile``); ``holds`` marks where it lies in ``claimed`` (shares)."""
    import pandas as pd

    low, high = (validate.share("claimed", c) for c in claimed)
    if low > high:
        raise ValueError(f"claimed must be (low, high) with low <= high, got {claimed!r}")
    sales, uplift, need = np.meshgrid(
        validate.array("annual_sales_yuan", annual_sales_yuan, low=0.0),
        validate.array("data_uplift_share", data_uplift_share, low=0.0, high=1.0),
        validate.array("financing_need_share", financing_need_share, low=0.0),
        indexing="ij",
    )
    sales, uplift, need = sales.ravel(), uplift.ravel(), need.ravel()
    if np.any(need <= 0):
        raise ValueError(f"financing_need_share must be > 0, got {financing_need_share!r}")
    income = income_value(
        sales, uplift, profile.useful_life_years, profile.decay_rate, profile.discount_rate
    )
    pledgeable = pledgeable_value(income, profile.confirmable_share, profile.registration_cost_yuan)
    coverage = pledgeable / (need * sales)
    return pd.DataFrame(
        {
            "annual_sales_yuan": sales,
            "data_uplift_share": uplift,
            "financing_need_share": need,
            "coverage": coverage,
            "holds": (coverage >= low - 1e-12) & (coverage <= high + 1e-12),
        }
    )


def uplift_for_coverage(
    coverage: float, annual_sales_yuan: float, profile: SellerProfile = SellerProfile()
) -> float:
    """The data uplift (share of sales) at which the pledgeable value covers ``coverage`` of the
    need, for a seller of ``annual_sales_yuan`` (other parameters from ``profile``)."""
    validate.non_negative("coverage", coverage)
    validate.positive("annual_sales_yuan", annual_sales_yuan, unit="yuan")
    factor = income_factor(profile.useful_life_years, profile.decay_rate, profile.discount_rate)[0]
    need = profile.financing_need_share * annual_sales_yuan
    return (coverage * need + profile.registration_cost_yuan) / (
        profile.confirmable_share * factor * annual_sales_yuan
    )


# --- 2. the pledge loan and its monitoring -----------------------------------------------------


@dataclass(frozen=True)
class Shocks:
    """Random draws of a Monte Carlo, shape (sellers, paths, months): standard normals for the
    diffusion and uniforms that decide the shocks. Every loan of one run reads the same draws."""

    normal: np.ndarray
    uniform: np.ndarray

    @classmethod
    def draw(cls, n_sellers: int, n_paths: int, months: int, seed: int) -> Shocks:
        for name, value in (("n_sellers", n_sellers), ("n_paths", n_paths), ("months", months)):
            validate.count(name, value)
        rng = np.random.default_rng(seed)
        shape = (n_sellers, n_paths, months)
        return cls(rng.standard_normal(shape), rng.random(shape))


def sales_index(
    shocks: Shocks, sales_volatility, shock_rate, shock_size, drift: float = 0.0
) -> np.ndarray:
    """Monthly sales relative to the start (1 = starting level), shape (sellers, paths, months):
    a log random walk with ``sales_volatility`` per square-root year and ``drift`` per year, and
    shocks (Poisson, ``shock_rate`` per year) that cut sales by ``shock_size`` and persist.
    Seller parameters are arrays of length ``sellers`` (or scalars)."""
    sigma = _seller_column("sales_volatility", sales_volatility, 0.0)
    rate = _seller_column("shock_rate", shock_rate, 0.0)
    size = _seller_column("shock_size", shock_size, 0.0, 1.0)
    dt = 1.0 / MONTHS_PER_YEAR
    log_step = (drift - 0.5 * sigma**2) * dt + sigma * math.sqrt(dt) * shocks.normal
    hit = shocks.uniform < 1.0 - np.exp(-rate * dt)
    log_step = log_step + np.where(hit, np.log1p(-np.minimum(size, 1.0 - 1e-12)), 0.0)
    return np.exp(np.cumsum(log_step, axis=-1))


def _seller_column(name: str, value, low: float = -math.inf, high: float = math.inf):
    """A seller parameter as shape (sellers, 1, 1) so that it broadcasts over paths and months."""
    return validate.array(name, np.atleast_1d(value), low=low, high=high).reshape(-1, 1, 1)


@dataclass(frozen=True)
class LoanBook:
    """Per-path outcomes of one loan per seller (arrays of shape (sellers, paths), yuan)."""

    principal: np.ndarray
    defaulted: np.ndarray
    default_month: np.ndarray  # 0 where the loan was repaid
    exposure_at_default: np.ndarray
    loss: np.ndarray
    interest_paid: np.ndarray  # to the lender, at the lender's rate
    funding_cost: np.ndarray
    swept: np.ndarray  # repaid early by the monitoring rule


def simulate_loans(
    index: np.ndarray,
    *,
    annual_sales_yuan,
    principal_yuan,
    collateral_yuan,
    collateral_moves_with_sales: bool,
    recovery_rate: float,
    seller_rate: float,
    lender_rate: float,
    funding_rate: float,
    contribution_margin,
    net_margin,
    cash_buffer_share,
    trigger_ltv: float | None = None,
    target_ltv: float | None = None,
) -> LoanBook:
    """One loan per seller on every sales path ``index`` (from :func:`sales_index`).

    Each month the seller earns ``contribution_margin`` × sales less fixed costs (set so that the
    margin is ``net_margin`` at the starting level) and pays interest at ``seller_rate``; the
    principal is due at the end. It defaults in the first month its cash turns negative
    (illiquid) or its cash plus the financed stock (principal × sales index) falls below the debt
    (insolvent). The lender then recovers ``recovery_rate`` × the collateral's current value
    (data: starting value × sales index; property: constant), at most the exposure.
    Monitoring (``trigger_ltv`` given): when debt / collateral value exceeds it, the seller's free
    cash is swept into repayment until the ratio is back at ``target_ltv``.
    Seller parameters are arrays of length ``sellers`` or scalars; amounts in yuan, rates per year.
    """
    sellers, paths, months = index.shape
    sales = _seller_vector("annual_sales_yuan", annual_sales_yuan, sellers, 0.0)
    principal = _seller_vector("principal_yuan", principal_yuan, sellers, 0.0)
    collateral0 = _seller_vector("collateral_yuan", collateral_yuan, sellers, 0.0)
    margin = _seller_vector("contribution_margin", contribution_margin, sellers, 0.0, 1.0)
    net = _seller_vector("net_margin", net_margin, sellers, -1.0, 1.0)
    buffer = _seller_vector("cash_buffer_share", cash_buffer_share, sellers, 0.0, 1.0)
    validate.share("recovery_rate", recovery_rate)
    for name, rate in (
        ("seller_rate", seller_rate),
        ("lender_rate", lender_rate),
        ("funding_rate", funding_rate),
    ):
        validate.in_range(name, rate, 0.0, 1.0, unit="per year")
    monitored = trigger_ltv is not None
    if monitored:
        validate.share("trigger_ltv", trigger_ltv)
        validate.in_range("target_ltv", target_ltv, 0.0, trigger_ltv)

    monthly_sales = (sales / MONTHS_PER_YEAR)[:, None]
    fixed_cost = (margin - net)[:, None] * monthly_sales
    debt = np.broadcast_to(principal[:, None], (sellers, paths)).copy()
    cash = np.broadcast_to((buffer * sales)[:, None], (sellers, paths)).copy()
    alive = np.ones((sellers, paths), dtype=bool)
    default_month = np.zeros((sellers, paths), dtype=np.int64)
    exposure = np.zeros((sellers, paths))
    recovered = np.zeros((sellers, paths))
    interest_paid = np.zeros((sellers, paths))
    funding_cost = np.zeros((sellers, paths))
    swept = np.zeros((sellers, paths))
    for month in range(months):
        level = index[:, :, month]
        collateral = collateral0[:, None] * (level if collateral_moves_with_sales else 1.0)
        cash_after = cash + margin[:, None] * level * monthly_sales - fixed_cost
        cash_after -= debt * (seller_rate / MONTHS_PER_YEAR)
        stock = principal[:, None] * level
        fails = alive & ((cash_after < 0) | (cash_after + stock < debt))
        exposure = np.where(fails, debt, exposure)
        recovered = np.where(fails, np.minimum(debt, recovery_rate * collateral), recovered)
        default_month = np.where(fails, month + 1, default_month)
        alive &= ~fails
        interest_paid += np.where(alive, debt * (lender_rate / MONTHS_PER_YEAR), 0.0)
        funding_cost += np.where(alive, debt * (funding_rate / MONTHS_PER_YEAR), 0.0)
        cash = np.where(alive, cash_after, cash)
        if monitored:
            breach = alive & (debt > trigger_ltv * collateral)
            required = np.maximum(debt - target_ltv * collateral, 0.0)
            payment = np.where(breach, np.minimum(required, np.maximum(cash, 0.0)), 0.0)
            debt = debt - payment
            cash = cash - payment
            swept += payment
    defaulted = default_month > 0
    return LoanBook(
        principal=np.broadcast_to(principal[:, None], (sellers, paths)).copy(),
        defaulted=defaulted,
        default_month=default_month,
        exposure_at_default=exposure,
        loss=exposure - recovered,
        interest_paid=interest_paid,
        funding_cost=funding_cost,
        swept=swept,
    )


def _seller_vector(name: str, value, sellers: int, low: float, high: float = math.inf):
    values = validate.array(name, np.atleast_1d(value), low=low, high=high)
    if values.size not in (1, sellers):
        raise ValueError(
            f"{name} must be a scalar or have one value per seller ({sellers}), "
            f"got {values.size} values"
        )
    return np.broadcast_to(values, (sellers,)).astype(float)


def simulate_loan_one_path(
    index_path: Sequence[float],
    *,
    annual_sales_yuan: float,
    principal_yuan: float,
    collateral_yuan: float,
    collateral_moves_with_sales: bool,
    recovery_rate: float,
    seller_rate: float,
    lender_rate: float,
    funding_rate: float,
    contribution_margin: float,
    net_margin: float,
    cash_buffer_share: float,
    trigger_ltv: float | None = None,
    target_ltv: float | None = None,
) -> dict[str, float]:
    """The rule of :func:`simulate_loans` for one seller and one path, month by month in plain
    Python: the reference the vectorised version is tested against (and timed beside)."""
    monthly_sales = annual_sales_yuan / MONTHS_PER_YEAR
    fixed_cost = (contribution_margin - net_margin) * monthly_sales
    debt, cash = principal_yuan, cash_buffer_share * annual_sales_yuan
    result = {"default_month": 0, "exposure_at_default": 0.0, "loss": 0.0}
    result |= {"interest_paid": 0.0, "funding_cost": 0.0, "swept": 0.0}
    for month, level in enumerate(index_path, start=1):
        collateral = collateral_yuan * (level if collateral_moves_with_sales else 1.0)
        cash_after = cash + contribution_margin * level * monthly_sales - fixed_cost
        cash_after -= debt * seller_rate / MONTHS_PER_YEAR
        if cash_after < 0 or cash_after + principal_yuan * level < debt:
            result["default_month"] = month
            result["exposure_at_default"] = debt
            result["loss"] = debt - min(debt, recovery_rate * collateral)
            return result
        result["interest_paid"] += debt * lender_rate / MONTHS_PER_YEAR
        result["funding_cost"] += debt * funding_rate / MONTHS_PER_YEAR
        cash = cash_after
        if trigger_ltv is not None and debt > trigger_ltv * collateral:
            payment = min(max(debt - target_ltv * collateral, 0.0), max(cash, 0.0))
            debt -= payment
            cash -= payment
            result["swept"] += payment
    return result


def loan_summary(book: LoanBook) -> dict[str, float]:
    """Averages over sellers and paths: principal, probability of default, exposure and loss
    given default, expected loss (yuan and share of principal), lender's interest (yuan)."""
    defaults = book.defaulted.sum()
    principal = float(book.principal.mean())
    expected_loss = float(book.loss.mean())
    return {
        "principal_yuan": principal,
        "default_probability": float(book.defaulted.mean()),
        "exposure_at_default_yuan": float(book.exposure_at_default.sum() / defaults)
        if defaults
        else math.nan,
        "loss_given_default": float(book.loss.sum() / book.exposure_at_default.sum())
        if defaults
        else math.nan,
        "expected_loss_yuan": expected_loss,
        "expected_loss_rate": expected_loss / principal if principal > 0 else math.nan,
        "interest_yuan": float(book.interest_paid.mean()),
        "swept_yuan": float(book.swept.mean()),
    }


# --- 3. the full loop for one seller -----------------------------------------------------------


@dataclass(frozen=True)
class PipelineResult:
    """confirm -> evaluate -> pledge -> monitor for one seller profile."""

    valuation: DataValuation
    principal_yuan: float
    conventional_principal_yuan: float
    loans: pd.DataFrame  # one row per kind of loan (LOAN_KINDS), columns of loan_summary

    def steps(self) -> pd.DataFrame:
        """The four steps in the paper's order with the number each produces, for a reader."""
        import pandas as pd

        valuation = self.valuation
        pledgeable_pct = (
            100 * valuation.pledgeable_value_yuan / valuation.income_value_yuan
            if valuation.income_value_yuan > 0
            else 0.0
        )
        return pd.DataFrame(
            {
                "step": ["confirm (确权)", "evaluate (评估)", "pledge (质押)", "monitor (监控)"],
                "what it does": [
                    "register the data rights; keep the part without personal information",
                    "value the data by income (cost approach beside it)",
                    "lend loan_to_value × (1 − haircut) × pledgeable value, at most the need",
                    "sweep cash into repayment when debt / data value breaches the trigger",
                ],
                "result": [
                    pledgeable_pct,
                    valuation.income_value_yuan,
                    self.principal_yuan,
                    self.loans.loc[LOAN_KINDS[1], "expected_loss_yuan"],
                ],
                "result is": [
                    "% of the data's value that can be pledged, after registration",
                    "income-approach value (yuan)",
                    "principal (yuan)",
                    "lender's expected loss (yuan)",
                ],
            }
        )


def pledge_principal(valuation: DataValuation, terms: LoanTerms) -> float:
    """Principal of the data pledge (yuan): loan-to-value of the haircut value, at most the need."""
    recognised = valuation.pledgeable_value_yuan * (1.0 - terms.valuation_haircut)
    return min(terms.loan_to_value * recognised, valuation.financing_need_yuan)


def run_pipeline(
    profile: SellerProfile = SellerProfile(),
    terms: LoanTerms = LoanTerms(),
    *,
    n_paths: int = 20_000,
    seed: int = 0,
) -> PipelineResult:
    """The whole system for one seller in one call: value and confirm its data, lend against
    them, and simulate ``n_paths`` sales paths for the pledge with and without monitoring and for
    a conventional loan against the seller's property (same paths for all three)."""
    import pandas as pd

    valuation = value_data_asset(profile)
    principal = pledge_principal(valuation, terms)
    recognised = valuation.pledgeable_value_yuan * (1.0 - terms.valuation_haircut)
    shocks = Shocks.draw(1, n_paths, terms.term_months, seed)
    index = sales_index(shocks, profile.sales_volatility, profile.shock_rate, profile.shock_size)
    property_value = profile.property_share * profile.annual_sales_yuan
    conventional = min(terms.conventional_ltv * property_value, valuation.financing_need_yuan)
    common = {
        "annual_sales_yuan": profile.annual_sales_yuan,
        "seller_rate": terms.annual_rate,
        "lender_rate": terms.annual_rate,
        "funding_rate": terms.funding_rate,
        "contribution_margin": profile.contribution_margin,
        "net_margin": profile.net_margin,
        "cash_buffer_share": profile.cash_buffer_share,
    }
    data_loan = {
        "principal_yuan": principal,
        "collateral_yuan": recognised,
        "collateral_moves_with_sales": True,
        "recovery_rate": terms.data_recovery_rate,
    }
    books = {
        LOAN_KINDS[0]: simulate_loans(index, **common, **data_loan),
        LOAN_KINDS[1]: simulate_loans(
            index,
            **common,
            **data_loan,
            trigger_ltv=terms.trigger_ltv,
            target_ltv=terms.loan_to_value,
        ),
        LOAN_KINDS[2]: simulate_loans(
            index,
            **common,
            principal_yuan=conventional,
            collateral_yuan=property_value,
            collateral_moves_with_sales=False,
            recovery_rate=terms.property_recovery_rate,
        ),
    }
    loans = pd.DataFrame({kind: loan_summary(book) for kind, book in books.items()}).T
    loans.index.name = "loan"
    return PipelineResult(valuation, principal, conventional, loans)


def profile_sweep(
    profiles: dict[str, SellerProfile],
    terms: LoanTerms = LoanTerms(),
    *,
    n_paths: int = 5_000,
    seed: int = 0,
) -> pd.DataFrame:
    """:func:`run_pipeline` for each named profile (same seed): one row per profile and loan."""
    import pandas as pd

    frames = []
    for name, profile in profiles.items():
        result = run_pipeline(profile, terms, n_paths=n_paths, seed=seed)
        frame = result.loans.reset_index()
        frame.insert(0, "profile", name)
        frame.insert(2, "coverage", result.valuation.coverage)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


# --- 4. policy scenarios -----------------------------------------------------------------------


def simulated_sellers(population: SellerPopulation, seed: int) -> dict[str, np.ndarray]:
    """Annual sales (yuan) and volatility class of the simulated sellers, from ``seed``."""
    rng = np.random.default_rng([seed, 1])
    sales = population.median_sales_yuan * np.exp(
        population.sales_dispersion * rng.standard_normal(population.n_sellers)
    )
    high_volatility = rng.random(population.n_sellers) < population.high_volatility_share
    return {"annual_sales_yuan": sales, "high_volatility": high_volatility}


def evaluate_scenario(
    scenario: PolicyScenario,
    *,
    population: SellerPopulation = SellerPopulation(),
    profile: SellerProfile = SellerProfile(),
    terms: LoanTerms = LoanTerms(),
    n_paths: int = 200,
    seed: int = 0,
) -> dict[str, float]:
    """Credit to small sellers, the lender's expected loss and the public cost under one scenario.

    Every seller of the population (sizes and volatility class drawn from ``seed``; the rest from
    ``profile``) asks for a monitored data pledge. The lender lends where its expected interest
    exceeds its expected loss net of the guarantee, its funding cost and its assessment cost.
    Totals are over the small sellers (annual sales below ``small_seller_limit_yuan``). Public
    cost: guarantee payouts and the interest subsidy on the loans made, and the registration and
    information cost cuts for every applicant (funded or not). The draws depend on ``seed``
    only, so every scenario sees the same sellers and the same sales paths (common random
    numbers), whoever computes it.
    """
    sellers = simulated_sellers(population, seed)
    sales = sellers["annual_sales_yuan"]
    volatility = np.where(
        sellers["high_volatility"], HIGH_VOLATILITY["sales_volatility"], profile.sales_volatility
    )
    shock_rate = np.where(
        sellers["high_volatility"], HIGH_VOLATILITY["shock_rate"], profile.shock_rate
    )
    registration = max(profile.registration_cost_yuan - scenario.registration_cost_cut_yuan, 0.0)
    income = income_value(
        sales,
        profile.data_uplift_share,
        profile.useful_life_years,
        profile.decay_rate,
        profile.discount_rate,
    )
    pledgeable = pledgeable_value(income, profile.confirmable_share, registration)
    recognised = pledgeable * (1.0 - terms.valuation_haircut)
    principal = np.minimum(terms.loan_to_value * recognised, profile.financing_need_share * sales)
    shocks = Shocks.draw(population.n_sellers, n_paths, terms.term_months, seed)
    index = sales_index(shocks, volatility, shock_rate, profile.shock_size)
    book = simulate_loans(
        index,
        annual_sales_yuan=sales,
        principal_yuan=principal,
        collateral_yuan=recognised,
        collateral_moves_with_sales=True,
        recovery_rate=terms.data_recovery_rate,
        seller_rate=max(terms.annual_rate - scenario.interest_subsidy, 0.0),
        lender_rate=terms.annual_rate,
        funding_rate=terms.funding_rate,
        contribution_margin=profile.contribution_margin,
        net_margin=profile.net_margin,
        cash_buffer_share=profile.cash_buffer_share,
        trigger_ltv=terms.trigger_ltv,
        target_ltv=terms.loan_to_value,
    )
    expected_loss = book.loss.mean(axis=1)
    subsidy_rate = min(scenario.interest_subsidy, terms.annual_rate)
    subsidy = book.interest_paid.mean(axis=1) * (subsidy_rate / terms.annual_rate)
    information_cost = max(terms.information_cost_yuan - scenario.information_cost_cut_yuan, 0.0)
    lender_profit = (
        book.interest_paid.mean(axis=1)
        - (1.0 - scenario.guarantee_share) * expected_loss
        - book.funding_cost.mean(axis=1)
        - information_cost
    )
    approved = (principal > 0) & (lender_profit >= 0)
    small = sales < population.small_seller_limit_yuan
    applicants = principal > 0
    information_cut = terms.information_cost_yuan - information_cost
    registration_cut = profile.registration_cost_yuan - registration
    public_cost = (
        np.sum((scenario.guarantee_share * expected_loss + subsidy)[approved & small])
        + information_cut * np.sum(applicants & small)
        + registration_cut * np.sum(applicants & small)
    )
    return {
        **dataclasses.asdict(scenario),
        "small_sellers": int(small.sum()),
        "small_sellers_funded": int((approved & small).sum()),
        "credit_to_small_yuan": float(principal[approved & small].sum()),
        "lender_expected_loss_yuan": float(
            ((1.0 - scenario.guarantee_share) * expected_loss)[approved & small].sum()
        ),
        "public_cost_yuan": float(public_cost),
    }


def scenario_grid(strong: PolicyScenario = STRONG_POLICY, levels: int = 3) -> list[PolicyScenario]:
    """Every combination of the levers, each at ``levels`` evenly spaced settings from the status
    quo (0) to its ``strong`` setting; in a stable order (the last lever varies fastest)."""
    validate.count("levels", levels, minimum=2)
    import itertools

    settings = [np.linspace(0.0, getattr(strong, lever), levels) for lever in LEVERS]
    return [
        PolicyScenario(**{lever: float(v) for lever, v in zip(LEVERS, values, strict=True)})
        for values in itertools.product(*settings)
    ]


class SerialExecutor(Executor):
    """A ``concurrent.futures`` executor that runs each task at once in this process."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # handed to the caller through the future
            future.set_exception(error)
        return future


def _evaluate_batch(scenarios: list[PolicyScenario], options: dict) -> list[dict[str, float]]:
    return [evaluate_scenario(scenario, **options) for scenario in scenarios]


def sweep(
    scenarios: Sequence[PolicyScenario],
    *,
    executor: Executor | None = None,
    batches: int | None = None,
    population: SellerPopulation = SellerPopulation(),
    profile: SellerProfile = SellerProfile(),
    terms: LoanTerms = LoanTerms(),
    n_paths: int = 200,
    seed: int = 0,
) -> pd.DataFrame:
    """:func:`evaluate_scenario` for every scenario, one row each in the order given.

    ``executor`` is any ``concurrent.futures``-style executor: :class:`SerialExecutor`, a
    ``ProcessPoolExecutor``, or ``dask.distributed.Client(...).get_executor()``; by default a
    process pool over all local cores. Scenarios are sent in ``batches`` (default: four per
    core). Each scenario's result depends only on it and ``seed``, so every executor gives the
    same table. On Dask, start the workers with ``MALLOC_MMAP_THRESHOLD_`` set (Dask's default
    worker environment makes these array-heavy tasks about 2.6 times slower here; see
    ``benchmarks/bench_policy.py``).
    """
    import pandas as pd

    scenarios = list(scenarios)
    if not scenarios or not all(isinstance(s, PolicyScenario) for s in scenarios):
        raise ValueError(f"scenarios must be a non-empty list of PolicyScenario, got {scenarios!r}")
    cores = os.cpu_count() or 1
    batches = min(
        len(scenarios), 4 * cores if batches is None else validate.count("batches", batches)
    )
    chunks = [list(chunk) for chunk in np.array_split(np.arange(len(scenarios)), batches)]
    options = {
        "population": population,
        "profile": profile,
        "terms": terms,
        "n_paths": n_paths,
        "seed": seed,
    }

    def run(pool: Executor) -> list[dict[str, float]]:
        futures = [
            pool.submit(_evaluate_batch, [scenarios[i] for i in chunk], options) for chunk in chunks
        ]
        return [row for future in futures for row in future.result()]

    if executor is None:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=cores) as pool:
            rows = run(pool)
    else:
        rows = run(executor)
    return pd.DataFrame(rows)


def lever_effects(
    strong: PolicyScenario = STRONG_POLICY, *, executor: Executor | None = None, **options
) -> pd.DataFrame:
    """Each lever alone at its ``strong`` setting against the status quo: added credit to small
    sellers, change in the lender's expected loss, public cost, and public cost per yuan of added
    credit (the tornado chart and the cheapest lever). ``options`` go to :func:`sweep`."""
    scenarios = [PolicyScenario()] + [
        PolicyScenario(**{lever: getattr(strong, lever)}) for lever in LEVERS
    ]
    table = sweep(scenarios, executor=executor, **options)
    base = table.iloc[0]
    effects = table.iloc[1:].assign(lever=list(LEVERS)).set_index("lever")
    added = effects["credit_to_small_yuan"] - base["credit_to_small_yuan"]
    return effects.assign(
        added_credit_yuan=added,
        lender_loss_change_yuan=effects["lender_expected_loss_yuan"]
        - base["lender_expected_loss_yuan"],
        public_cost_per_added_yuan=(effects["public_cost_yuan"] / added).where(added > 0),
    )[
        [
            "added_credit_yuan",
            "small_sellers_funded",
            "lender_loss_change_yuan",
            "public_cost_yuan",
            "public_cost_per_added_yuan",
        ]
    ]


# --- model checks for the claim ledger ---------------------------------------------------------

#: Plausible ranges over which the checks map where a claim holds (assumptions, not statistics):
#: seller size (yuan a year), data uplift (share of sales a year), financing need (share of sales).
PLAUSIBLE_SALES_YUAN = (1e6, 2e6, 5e6, 1e7, 2e7, 5e7, 1e8)
PLAUSIBLE_UPLIFT = tuple(np.round(np.arange(0.005, 0.1001, 0.005), 3))
PLAUSIBLE_NEED = (0.1, 0.2, 0.25, 0.3, 0.4, 0.5)
#: "Same effect as traditional collateral" (S61-05): expected loss per yuan lent no more than
#: this above the conventional loan's (a share of principal: 0.001 is 0.1 percentage point).
SAME_EFFECT_TOLERANCE = 0.001
RECOVERY_GRID = tuple(np.round(np.arange(0.0, 1.0001, 0.1), 1))
#: Default rate of approved loans at which the credit-platform comparison is made (assumption).
CREDIT_PLATFORM_DEFAULT_RATE = 0.05


def check_data_value_coverage() -> claims_types.ModelCheck:
    """S61-03: where does the data value cover 30-50% of the financing need?

    The claim's range is read from the ledger. Coverage (:func:`value_data_asset`) is computed
    on the plausible grid of seller size × data uplift × financing need, the rest at the
    :class:`SellerProfile` defaults. No parameter is fitted to the claim, so the verdict is at
    best ``conditional`` (the claim holds in part of the grid) and ``contradicted`` when it holds
    nowhere. The value is the default profile's coverage in %.
    """
    from ecommod import claims

    claim = claims.claim("S61-03")
    low = claims.convert(claim["value"], claim["unit"], "fraction")
    high = claims.convert(claim["value_high"], claim["unit"], "fraction")
    region = coverage_region(
        PLAUSIBLE_SALES_YUAN, PLAUSIBLE_UPLIFT, PLAUSIBLE_NEED, claimed=(low, high)
    )
    profile = SellerProfile()
    default_coverage = claims.convert(value_data_asset(profile).coverage, "fraction", claim["unit"])
    size = profile.annual_sales_yuan
    needed = [uplift_for_coverage(c, size, profile) for c in (low, high)]
    holds = int(region["holds"].sum())
    verdict = "contradicted" if holds == 0 else "conditional"
    return claims.ModelCheck(
        verdict,
        default_coverage,
        f"coverage {default_coverage:.0f}% at the stated defaults; within {low:.0%}-{high:.0%} on "
        f"{holds} of {len(region)} plausible cases (sales {PLAUSIBLE_SALES_YUAN[0]:,.0f}-"
        f"{PLAUSIBLE_SALES_YUAN[-1]:,.0f} yuan, data uplift {PLAUSIBLE_UPLIFT[0]:.1%}-"
        f"{PLAUSIBLE_UPLIFT[-1]:.0%} of sales, need {PLAUSIBLE_NEED[0]:.0%}-"
        f"{PLAUSIBLE_NEED[-1]:.0%} of sales); a seller with {size:,.0f} yuan of sales and a need "
        f"of {profile.financing_need_share:.0%} of sales needs data that add "
        f"{needed[0]:.1%}-{needed[1]:.1%} of sales a year",
    )


def equal_effect_region(
    profiles: dict[str, SellerProfile] | None = None, *, n_paths: int = 5_000, seed: int = 0
) -> pd.DataFrame:
    """Expected loss per yuan lent of the monitored data pledge and of the conventional loan, on
    :data:`RECOVERY_GRID` × seller profiles (default and high-volatility); ``holds`` where the
    pledge is within :data:`SAME_EFFECT_TOLERANCE` of the conventional loan (S61-05)."""
    import pandas as pd

    profiles = profiles or {
        "default": SellerProfile(),
        "high volatility": SellerProfile(**HIGH_VOLATILITY),
    }
    rows = []
    for name, profile in profiles.items():
        for recovery in RECOVERY_GRID:
            terms = LoanTerms(data_recovery_rate=float(recovery))
            loans = run_pipeline(profile, terms, n_paths=n_paths, seed=seed).loans
            data_rate = loans.loc[LOAN_KINDS[1], "expected_loss_rate"]
            unmonitored = loans.loc[LOAN_KINDS[0], "expected_loss_rate"]
            conventional = loans.loc[LOAN_KINDS[2], "expected_loss_rate"]
            rows.append(
                {
                    "profile": name,
                    "data_recovery_rate": float(recovery),
                    "unmonitored_loss_rate": unmonitored,
                    "monitored_loss_rate": data_rate,
                    "conventional_loss_rate": conventional,
                    "holds": data_rate <= conventional + SAME_EFFECT_TOLERANCE,
                }
            )
    return pd.DataFrame(rows)


def check_equal_collateral() -> claims_types.ModelCheck:
    """S61-05: can pledged data be collateral "与传统抵押物同等效力" (as good as a mortgage)?

    Compares expected loss per yuan lent of the monitored data pledge with a conventional loan
    against property (:func:`equal_effect_region`). ``conditional`` with the smallest recovery
    rate of the data at which it holds for each profile; ``contradicted`` if it holds nowhere.
    The value is the smallest such recovery rate over the profiles (%).
    """
    from ecommod import claims

    region = equal_effect_region()
    thresholds = region[region["holds"]].groupby("profile")["data_recovery_rate"].min()
    if thresholds.empty:
        return claims.ModelCheck(
            "contradicted",
            math.nan,
            "the monitored data pledge loses more per yuan than the conventional loan at every "
            "recovery rate of the data from 0 to 100%",
        )
    unmonitored = region["unmonitored_loss_rate"] <= (
        region["conventional_loss_rate"] + SAME_EFFECT_TOLERANCE
    )
    found = ", ".join(f"{p}: from {r:.0%}" for p, r in thresholds.items())
    return claims.ModelCheck(
        "conditional",
        100 * float(thresholds.min()),
        f"with monitoring, the pledge's expected loss per yuan comes within "
        f"{100 * SAME_EFFECT_TOLERANCE:.1f} percentage point of a conventional loan against "
        "property only when a defaulted seller's data can be sold for a high share of their "
        f"value ({found}); without "
        f"monitoring in {int(unmonitored.sum())} of {len(region)} cases. Data lose value with "
        "the business, exactly when the lender needs them",
    )


def check_credit_platform(n_merchants: int = 20_000, seed: int = 0) -> claims_types.ModelCheck:
    """S62-01: does a wider credit-information platform let lenders lend to more sellers?

    Uses the shared scorecard (:mod:`ecommod.credit`) on its simulated merchants: approval rate
    at the same default rate of approved loans with the collateral-lender's features and with
    the data features a platform would share. The simulation assumes that the data carry
    information about risk, so this ``illustrated``: it turns the claim into approval rates, it
    does not test it. The value is the gain in approval rate (percentage points).
    """
    from ecommod import claims, credit

    table = credit_platform_gain(n_merchants, seed=seed)
    gain = 100 * (table.loc["data", "approval_rate"] - table.loc["collateral", "approval_rate"])
    return claims.ModelCheck(
        "illustrated",
        gain,
        f"simulated merchants ({n_merchants:,}; ecommod.credit assumptions): at a "
        f"{CREDIT_PLATFORM_DEFAULT_RATE:.0%} default rate of approved loans, a scorecard with "
        f"platform data approves {table.loc['data', 'approval_rate']:.0%} against "
        f"{table.loc['collateral', 'approval_rate']:.0%} with collateral and history only "
        f"(AUC {table.loc['data', 'auc']:.2f} against {table.loc['collateral', 'auc']:.2f}); "
        f"{credit.__name__} assumes the data are informative",
    )


def credit_platform_gain(
    n_merchants: int = 20_000, *, max_default_rate: float = CREDIT_PLATFORM_DEFAULT_RATE, seed=0
) -> pd.DataFrame:
    """Scorecards with the collateral lender's features and with platform data (ecommod.credit)
    on simulated merchants: AUC, Gini and the approval rate at ``max_default_rate``."""
    from ecommod import credit

    merchants = credit.simulate_merchants(n_merchants, seed=seed)
    return credit.compare_scorecards(
        merchants,
        {"collateral": credit.COLLATERAL_FEATURES, "data": credit.DATA_FEATURES},
        max_default_rate=max_default_rate,
        seed=seed,
    )
