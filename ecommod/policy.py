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
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from ecommod import claims, validate
from ecommod.present import assumption

if TYPE_CHECKING:
    import pandas as pd

MONTHS_PER_YEAR = 12
#: Loans compared by :func:`run_pipeline`, in the order shown.
LOAN_KINDS = ("data pledge, unmonitored", "data pledge, monitored", "conventional collateral")


# --- parameters --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SellerProfile:
    """One e-commerce seller: size, what its data earn, how risky its sales are (assumptions)."""

    annual_sales_yuan: float = claims.claim_parameter(
        "S61-01",
        "yuan per year",
        "annual sales (the paper's group: above 10 million)",
        ledger_unit="yuan",
    )
    data_uplift_share: float = assumption(
        0.02,
        "share of sales per year",
        "operating cash flow the data add (pricing, advertising, stock), in the first year",
        plausible=(
            0.005,
            0.08,
            "no published measure for sellers' data; from a rounding error to a large gain "
            "from better pricing, advertising and stock",
        ),
    )
    useful_life_years: int = assumption(
        3,
        "years",
        "years over which the data keep earning",
        plausible=(1, 5, "sales and customer data lose relevance within a few years"),
    )
    decay_rate: float = assumption(
        0.3,
        "share per year",
        "share of the data's earnings lost each year as the data age",
        plausible=(0.1, 0.5, "customers, prices and products change from year to year"),
    )
    discount_rate: float = assumption(
        0.15,
        "per year",
        "discount rate for the data's earnings (a risky intangible)",
        plausible=(0.1, 0.25, "above a small firm's cost of debt: a risky intangible asset"),
    )
    data_cost_share: float = assumption(
        0.01,
        "share of sales per year",
        "cost of collecting, cleaning and storing the data",
        plausible=(0.002, 0.03, "software, storage and staff of a small seller's data work"),
    )
    confirmable_share: float = assumption(
        0.8,
        "share",
        "share of the data's value whose ownership can be confirmed and pledged (the rest is "
        "consumers' personal information)",
        plausible=(0.5, 1.0, "part of sellers' data is consumers' personal information"),
    )
    registration_cost_yuan: float = assumption(
        20_000.0,
        "yuan per pledge",
        "cost of registering the data rights and appraising them",
        plausible=(5_000.0, 50_000.0, "registration fees plus an appraiser's report"),
    )
    financing_need_share: float = assumption(
        0.25,
        "share of annual sales",
        "working capital to finance (stock, payout lags)",
        plausible=(0.1, 0.4, "stock and payout lags of one to five months of sales"),
    )
    sales_volatility: float = assumption(
        0.3,
        "per square-root year",
        "volatility of log sales between shocks",
        plausible=(
            0.15,
            0.6,
            "small online sellers' sales swing widely; 0.5 is the paper's "
            "high-volatility profile here",
        ),
    )
    shock_rate: float = assumption(
        0.3,
        "per year",
        "expected number of sales shocks (account freeze, tariff, logistics)",
        plausible=(0.1, 1.0, "from one shock in ten years to one a year"),
    )
    shock_size: float = assumption(
        0.3,
        "share",
        "share of monthly sales lost in a shock",
        plausible=(0.1, 0.5, "a lost channel or market, not the whole business"),
    )
    contribution_margin: float = assumption(
        0.25,
        "share of sales",
        "sales minus the costs that move with sales",
        plausible=(0.15, 0.4, "gross margin less platform fees and fulfilment"),
    )
    net_margin: float = assumption(
        0.06,
        "share of sales",
        "profit margin at the starting sales level (after fixed costs)",
        plausible=(0.0, 0.12, "thin margins of small online retailers"),
    )
    cash_buffer_share: float = assumption(
        0.03,
        "share of annual sales",
        "cash held when the loan starts",
        plausible=(0.0, 0.1, "up to about a month of sales in cash"),
    )
    property_share: float = assumption(
        0.02,
        "share of annual sales",
        "property a light-asset seller could mortgage (for the conventional loan)",
        plausible=(0.0, 0.1, "light-asset sellers own little property"),
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
        0.5,
        "share",
        "principal as a share of the recognised data value",
        plausible=(0.3, 0.6, "loans against patents and trademarks lend well under the value"),
    )
    valuation_haircut: float = assumption(
        0.2,
        "share",
        "cut applied to the appraised value before lending (model risk)",
        plausible=(
            0.0,
            0.4,
            "no agreed valuation standard for data (the paper's second pain point)",
        ),
    )
    annual_rate: float = assumption(
        0.08,
        "per year",
        "interest rate the lender earns",
        plausible=(0.04, 0.15, "from banks' small-business loans to online lenders"),
    )
    funding_rate: float = assumption(
        0.03,
        "per year",
        "lender's cost of funds",
        plausible=(0.015, 0.05, "around the one-year loan prime rate"),
    )
    term_months: int = assumption(
        12,
        "months",
        "loan term; interest monthly, principal at the end",
        plausible=(6, 36, "working-capital loans of half a year to three years"),
    )
    information_cost_yuan: float = assumption(
        3_000.0,
        "yuan per loan",
        "lender's cost of assessing one applicant",
        plausible=(500.0, 10_000.0, "an automated score to a visit and a file review"),
    )
    trigger_ltv: float = assumption(
        0.65,
        "share",
        "monitoring: current loan-to-value that triggers a cash sweep",
        plausible=(0.5, 0.9, "at or above the loan-to-value, below full cover"),
    )
    data_recovery_rate: float = assumption(
        0.3,
        "share",
        "share of the data's current value recovered after a default",
        plausible=(0.0, 0.6, "no second-hand market for a failed seller's data"),
    )
    conventional_ltv: float = assumption(
        0.6,
        "share",
        "conventional loan: principal per property",
        plausible=(0.5, 0.7, "banks lend about half to two thirds of a property's value"),
    )
    property_recovery_rate: float = assumption(
        0.6,
        "share",
        "share of the property's value recovered after a default",
        plausible=(0.4, 0.8, "forced sales fetch less than the appraised value"),
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

    n_sellers: int = assumption(
        150,
        "sellers",
        "simulated sellers",
        plausible=(50, 1_000, "a simulation size: more sellers narrow the spread across seeds"),
    )
    median_sales_yuan: float = assumption(
        3_000_000.0,
        "yuan per year",
        "median annual sales of the simulated sellers",
        plausible=(1_000_000.0, 10_000_000.0, "most sellers are below the paper's threshold"),
    )
    sales_dispersion: float = assumption(
        1.0,
        "log points",
        "standard deviation of log sales",
        plausible=(0.5, 1.5, "firm sizes are skewed: a few large sellers, many small ones"),
    )
    high_volatility_share: float = assumption(
        0.5,
        "share",
        "share of sellers with the high-volatility profile",
        plausible=(0.2, 0.8, "the paper calls cross-border sellers light-asset, high-volatility"),
    )
    small_seller_limit_yuan: float = claims.claim_parameter(
        "S61-01",
        "yuan per year",
        "sellers below this are counted as small",
        ledger_unit="yuan",
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
        0.0,
        "share of loss",
        "guarantee fund: share of the lender's loss it pays",
        plausible=(0.0, 0.8, "guarantee schemes leave the lender at least a fifth of the loss"),
    )
    interest_subsidy: float = assumption(
        0.0,
        "per year",
        "interest paid to the lender for the seller (0.02 = 2 percentage points)",
        plausible=(0.0, 0.03, "interest subsidies of up to a few percentage points"),
    )
    information_cost_cut_yuan: float = assumption(
        0.0,
        "yuan per applicant",
        "credit-information platform: cut in the lender's assessment cost",
        plausible=(0.0, 3_000.0, "up to the whole assessment cost of the loan terms"),
    )
    registration_cost_cut_yuan: float = assumption(
        0.0,
        "yuan per pledge",
        "cheaper data-rights registration: public share of its cost",
        plausible=(0.0, 20_000.0, "up to the whole registration cost of the seller profile"),
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
    collateral_at_default: np.ndarray  # the collateral's value in the month of default

    def loss_at(self, recovery_rate: float) -> np.ndarray:
        """The loss on every path had ``recovery_rate`` of the collateral been recovered (the
        recovery changes no default, so the same paths give every rate: common random numbers)."""
        validate.share("recovery_rate", recovery_rate)
        return self.exposure_at_default - np.minimum(
            self.exposure_at_default, recovery_rate * self.collateral_at_default
        )


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
    collateral_at_default = np.zeros((sellers, paths))
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
        collateral_at_default = np.where(fails, collateral, collateral_at_default)
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
    recovered = np.minimum(exposure, recovery_rate * collateral_at_default)
    return LoanBook(
        principal=np.broadcast_to(principal[:, None], (sellers, paths)).copy(),
        defaulted=defaulted,
        default_month=default_month,
        exposure_at_default=exposure,
        loss=exposure - recovered,
        interest_paid=interest_paid,
        funding_cost=funding_cost,
        swept=swept,
        collateral_at_default=collateral_at_default,
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


def pipeline_books(
    profile: SellerProfile = SellerProfile(),
    terms: LoanTerms = LoanTerms(),
    *,
    n_paths: int = 20_000,
    seed: int = 0,
) -> dict[str, LoanBook]:
    """The three loans of :data:`LOAN_KINDS` for one seller on the same ``n_paths`` sales paths:
    the data pledge without and with monitoring, and a conventional loan against property."""
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
    return {
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
    books = pipeline_books(profile, terms, n_paths=n_paths, seed=seed)
    loans = pd.DataFrame({kind: loan_summary(book) for kind, book in books.items()}).T
    loans.index.name = "loan"
    return PipelineResult(
        valuation,
        float(books[LOAN_KINDS[1]].principal[0, 0]),
        float(books[LOAN_KINDS[2]].principal[0, 0]),
        loans,
    )


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

#: Assumed seller parameters that drive the coverage of S61-03 (their plausible ranges are declared
#: on :class:`SellerProfile`); the grid takes ``COVERAGE_POINTS`` values of each.
COVERAGE_DRIVERS = (
    "data_uplift_share",
    "financing_need_share",
    "useful_life_years",
    "decay_rate",
    "discount_rate",
    "confirmable_share",
    "registration_cost_yuan",
)
COVERAGE_POINTS = 3
#: The paper's group of sellers (S61-01: above 10 million yuan a year) is taken up to this
#: multiple of its threshold (an assumption: the group has no stated upper end).
GROUP_SIZE_MULTIPLE = 10
#: "Same effect as traditional collateral" (S61-05): expected loss per yuan lent no more than
#: this above the conventional loan's (a share of principal: 0.001 is 0.1 percentage point).
SAME_EFFECT_TOLERANCE = 0.001
#: Monte Carlo paths and points per assumed parameter of the S61-05 region.
EQUAL_EFFECT_PATHS = 5_000
EQUAL_EFFECT_POINTS = 4
#: Default rate of approved loans at which the credit-platform comparison is made (assumption).
CREDIT_PLATFORM_DEFAULT_RATE = 0.05
#: Population seeds of the credit-platform comparison (its Monte Carlo spread).
CREDIT_PLATFORM_SEEDS = tuple(range(8))


def coverage_on_grid(grid: pd.DataFrame, profile: SellerProfile = SellerProfile()) -> np.ndarray:
    """Coverage of the financing need (a share) at every row of ``grid``: each column a
    :class:`SellerProfile` parameter (useful lives rounded to whole years), the others from
    ``profile``. Vectorised; :func:`value_data_asset` for many sellers at once."""
    import pandas as pd

    fields = {f.name for f in dataclasses.fields(SellerProfile)}
    unknown = sorted(set(grid.columns) - fields)
    if unknown:
        raise ValueError(f"grid columns must be SellerProfile parameters, got {unknown}")
    values = {
        name: grid[name].to_numpy(float) if name in grid else getattr(profile, name)
        for name in fields
    }
    lives = np.rint(np.broadcast_to(values["useful_life_years"], len(grid))).astype(int)
    factor = np.empty(len(grid))
    for life in np.unique(lives):
        rows = lives == life
        pick = {
            k: np.broadcast_to(values[k], len(grid))[rows] for k in ("decay_rate", "discount_rate")
        }
        factor[rows] = income_factor(int(life), pick["decay_rate"], pick["discount_rate"])
    sales = np.broadcast_to(values["annual_sales_yuan"], len(grid))
    income = sales * values["data_uplift_share"] * factor
    pledgeable = pledgeable_value(
        income, values["confirmable_share"], values["registration_cost_yuan"]
    )
    return pd.Series(pledgeable / (values["financing_need_share"] * sales)).to_numpy()


@claims.model_check("S61-03")
def check_data_value_coverage(claim_id: str = "S61-03") -> claims.Finding:
    """S61-03: where does the data value cover 30-50% of the financing need?

    The claimed range is read from the ledger. Coverage (:func:`coverage_on_grid`) is evaluated
    on the plausible region of the assumed parameters that drive it (:data:`COVERAGE_DRIVERS`,
    :data:`COVERAGE_POINTS` values each) for sellers of the paper's group (S61-01's threshold
    to :data:`GROUP_SIZE_MULTIPLE` times it); ``holds`` where it lies in the claimed range.
    The estimate is the stated profile's coverage (%).
    """
    import pandas as pd

    low, high = (claims.ledger_value(claim_id, "fraction", f) for f in ("value", "value_high"))
    profile = SellerProfile()
    threshold = profile.annual_sales_yuan
    sizes = np.geomspace(threshold, GROUP_SIZE_MULTIPLE * threshold, 3)
    grid = claims.plausible_grid(profile, COVERAGE_DRIVERS, COVERAGE_POINTS).merge(
        pd.DataFrame({"annual_sales_yuan": sizes}), how="cross"
    )
    coverage = coverage_on_grid(grid, profile)
    holds = (coverage >= low - 1e-12) & (coverage <= high + 1e-12)
    stated = 100 * value_data_asset(profile).coverage
    needed = [uplift_for_coverage(c, threshold, profile) for c in (low, high)]
    return claims.region_finding(
        claim_id,
        grid,
        holds,
        f"coverage {stated:.0f}% for the stated seller ({threshold:,.0f} yuan of sales); "
        f"within {low:.0%}-{high:.0%} at {holds.sum():,} of {len(grid):,} points of the "
        f"plausible region (coverage there from {100 * coverage.min():.0f}% to "
        f"{100 * coverage.max():.0f}%); sellers of {threshold:,.0f}-{sizes[-1]:,.0f} yuan",
        estimate=stated,
        holds_where=(
            f"at the other stated values a seller of {threshold:,.0f} yuan needs data that add "
            f"{needed[0]:.1%}-{needed[1]:.1%} of sales a year"
        ),
        sourced=("the group's lower size limit (S61-01)",),
    )


def equal_effect_region(
    profile: SellerProfile = SellerProfile(),
    terms: LoanTerms = LoanTerms(),
    *,
    points: int = EQUAL_EFFECT_POINTS,
    n_paths: int = EQUAL_EFFECT_PATHS,
    seed: int = 0,
) -> pd.DataFrame:
    """Expected loss per yuan lent of the monitored data pledge and of the conventional loan over
    the plausible region of the share of the data's value recovered and of the seller's sales
    volatility (``points`` values each), on the same sales paths at every point (common random
    numbers). Columns: the grid, both loss rates and the unmonitored one, their difference with
    its Monte Carlo standard error (paired over paths), and ``holds`` where the pledge is within
    :data:`SAME_EFFECT_TOLERANCE` of the conventional loan (S61-05)."""
    import pandas as pd

    recovery = claims.plausible_grid(terms, ["data_recovery_rate"], 2 * points - 1)
    volatility = claims.plausible_grid(profile, ["sales_volatility"], points)
    rows = []
    for sigma in volatility["sales_volatility"]:
        books = pipeline_books(
            dataclasses.replace(profile, sales_volatility=float(sigma)),
            terms,
            n_paths=n_paths,
            seed=seed,
        )
        conventional = books[LOAN_KINDS[2]]
        conventional_rate = conventional.loss[0] / max(conventional.principal[0, 0], 1e-300)
        for rate in recovery["data_recovery_rate"]:
            losses = {
                kind: books[kind].loss_at(float(rate))[0] / books[kind].principal[0, 0]
                for kind in LOAN_KINDS[:2]
            }
            difference = losses[LOAN_KINDS[1]] - conventional_rate
            rows.append(
                {
                    "data_recovery_rate": float(rate),
                    "sales_volatility": float(sigma),
                    "unmonitored_loss_rate": losses[LOAN_KINDS[0]].mean(),
                    "monitored_loss_rate": losses[LOAN_KINDS[1]].mean(),
                    "conventional_loss_rate": conventional_rate.mean(),
                    "difference": difference.mean(),
                    "difference_se": difference.std(ddof=1) / math.sqrt(n_paths),
                }
            )
    region = pd.DataFrame(rows)
    region["holds"] = region["difference"] <= SAME_EFFECT_TOLERANCE
    return region


@claims.model_check("S61-05")
def check_equal_collateral(claim_id: str = "S61-05") -> claims.Finding:
    """S61-05: can pledged data be collateral "与传统抵押物同等效力" (as good as a mortgage)?

    Over the plausible region of the data's recovery rate and the seller's sales volatility
    (:func:`equal_effect_region`), ``holds`` where the monitored pledge's expected loss per yuan
    is within :data:`SAME_EFFECT_TOLERANCE` of the conventional loan's. The estimate is the
    difference at the stated assumptions (percentage points of principal).
    """
    region = equal_effect_region()
    close = (region["difference"] - SAME_EFFECT_TOLERANCE).abs() < 2 * region["difference_se"]
    books = pipeline_books(n_paths=EQUAL_EFFECT_PATHS)
    stated = 100 * (
        books[LOAN_KINDS[1]].loss.mean() / books[LOAN_KINDS[1]].principal[0, 0]
        - books[LOAN_KINDS[2]].loss.mean() / books[LOAN_KINDS[2]].principal[0, 0]
    )
    holding = region[region["holds"]]
    where = (
        f"from a recovery of {holding['data_recovery_rate'].min():.0%} of the data's value"
        if len(holding)
        else "nowhere"
    )
    return claims.region_finding(
        claim_id,
        region[["data_recovery_rate", "sales_volatility"]],
        region["holds"],
        f"the monitored pledge's expected loss per yuan is within "
        f"{100 * SAME_EFFECT_TOLERANCE:.1f} percentage point of the conventional loan's at "
        f"{int(region['holds'].sum())} of {len(region)} points ({EQUAL_EFFECT_PATHS:,} paths, "
        f"the same at every point; {int(close.sum())} within two Monte Carlo standard errors "
        "of the line)",
        estimate=stated,
        holds_where=where,
        unit="pp",
    )


@claims.model_check("S62-01")
def check_credit_platform(claim_id: str = "S62-01", n_merchants: int = 20_000) -> claims.Finding:
    """S62-01: does a wider credit-information platform let lenders lend to more sellers?

    The shared scorecard (:mod:`ecommod.credit`) on simulated merchants, for each seed of
    :data:`CREDIT_PLATFORM_SEEDS`: the gain in approval rate (percentage points) at the same
    default rate of approved loans when the scorecard adds the data a platform would share.
    The estimate is the mean over seeds, its interval mean ± 1.96 standard errors. The simulation
    assumes the data carry information about risk, so the inputs that drive it are assumed.
    """
    gains = platform_gain_by_seed(n_merchants)
    mean = float(gains.mean())
    se = float(gains.std(ddof=1) / math.sqrt(len(gains)))
    return claims.point_finding(
        claim_id,
        mean,
        f"simulated merchants ({n_merchants:,}, {len(gains)} seeds): at a "
        f"{CREDIT_PLATFORM_DEFAULT_RATE:.0%} default rate of approved loans, the scorecard with "
        f"platform data approves {mean:.1f} percentage points more applicants (standard error "
        f"{se:.1f}; from {gains.min():.1f} to {gains.max():.1f} across seeds)",
        interval=(mean - 1.96 * se, mean + 1.96 * se),
        assumed=("how much the platform's data say about default (simulated merchants)",),
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


def platform_gain_by_seed(
    n_merchants: int = 20_000, seeds: Sequence[int] = CREDIT_PLATFORM_SEEDS
) -> np.ndarray:
    """Gain in approval rate (percentage points) from platform data, one value per seed
    (computed once per process for the same arguments: the chapter and its claims table share
    it)."""
    return np.array(_platform_gains(validate.count("n_merchants", n_merchants), tuple(seeds)))


@cache
def _platform_gains(n_merchants: int, seeds: tuple[int, ...]) -> tuple[float, ...]:
    gains = []
    for seed in seeds:
        table = credit_platform_gain(n_merchants, seed=seed)
        approval = table["approval_rate"]
        gains.append(100 * float(approval["data"] - approval["collateral"]))
    return tuple(gains)
