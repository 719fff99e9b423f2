"""§3 "Logic": the technology-finance dual wheel as small, tested models (notebook 01_logic).

The paper (§3.1-3.3) asserts mechanisms and quotes numbers without a computation. Each model here
turns one of them into something that can fail, under assumptions stated in a parameters
dataclass (``present.assumption`` fields, shown before any result):

* :func:`fx_rule_outcome`: dynamic risk pricing, the FX-hedging loan rule "volatility above 5% →
  rate −2 pp" (S312-01, S312-02), against fixed pricing, on simulated exchange-rate regimes.
* :func:`pledge_risk`: verified (on-chain) collateral against manual title checks, the
  "pledge risk −40%" (S312-03).
* :func:`order_loan_risk`: order loans sized from a demand forecast of stated accuracy (S313-01).
* :func:`iot_credit_line` and :func:`years_to_adoption`: the IoT-linked credit incentive
  (S313-02, S313-03) and a Bass diffusion of IoT adoption from 15% to 40% (S313-04).
* :func:`receivables_financing`: supply-chain finance through a core-enterprise guarantee and
  logistics data (§3.3).
* :func:`coupling_panel`, :func:`fixed_effects` and :func:`synergy`: the two wheels measured on
  the real provincial panel (:mod:`ecommod.provincial`: PKU-DFIIC and the NBS panel), with the
  shared index methods of :mod:`ecommod.indices`.

The ``*_check`` functions are the claim ledger's model checks (registered with
:func:`ecommod.claims.model_check`): called with the claim id, they use only simulated or stated
inputs (never the third-party data) and return a :class:`ecommod.claims.Finding`, which the
ledger's one rule turns into the verdict. A region finding evaluates the claim over the declared
plausible ranges of the assumed parameters that drive it; a finding whose inputs come from the
claim itself tests nothing and says so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ecommod import cashflow, claims, diffusion, validate
from ecommod.present import assumption

# --- 3.1.1-3.1.2 from collateral to data: who gains access ---------------------------------------


# --- 3.1.2 dynamic risk pricing: the FX-hedging loan rule -----------------------------------------


@dataclass(frozen=True)
class FxLoanAssumptions:
    """A cross-border merchant's short loan repaid from export receipts (S312-01, S312-02).

    Volatility is the annualised standard deviation of daily log changes of the exchange rate,
    which the lender measures over a trailing window before lending; the paper does not define
    its "汇率波动幅度", so this reading is an assumption. The rate cut applies to the loan's
    whole term when the measured volatility exceeds the threshold.
    """

    threshold: float = claims.claim_parameter(
        "S312-01",
        "fraction per year",
        "measured FX volatility above which the rule cuts",
        ledger_unit="fraction",
    )
    rate_cut: float = claims.claim_parameter(
        "S312-02", "pp", "cut in the loan rate when triggered (percentage points)"
    )
    loan_rate: float = assumption(
        0.08,
        "fraction per year",
        "loan rate under fixed pricing",
        plausible=(0.05, 0.12, "bank loans to small exporters (about 4-6%) up to online lenders"),
    )
    funding_cost: float = assumption(
        0.04,
        "fraction per year",
        "lender's cost of funds",
        plausible=(0.02, 0.05, "deposit and interbank funding of Chinese lenders, 2-5% a year"),
    )
    term_years: float = assumption(
        0.5, "years", "loan term", plausible=(0.25, 1.0, "trade loans run one quarter to a year")
    )
    calm_volatility: float = assumption(
        0.03,
        "fraction per year",
        "FX volatility in the calm regime",
        plausible=(0.02, 0.05, "annualised renminbi volatility in quiet years, about 2-5%"),
    )
    stressed_volatility: float = assumption(
        0.10,
        "fraction per year",
        "FX volatility in the stressed regime",
        plausible=(0.06, 0.20, "stressed episodes of emerging-market currencies, 6-20% a year"),
    )
    stressed_share: float = assumption(
        0.25,
        "fraction",
        "share of loans made in the stressed regime",
        plausible=(0.1, 0.5, "one stressed year in ten to one in two"),
    )
    window_days: int = assumption(
        60,
        "trading days",
        "window of the lender's volatility estimate",
        plausible=(20, 250, "one month to one year of trading days"),
    )
    loan_to_receipts: float = assumption(
        0.5,
        "fraction",
        "loan as a share of expected export receipts over the term",
        plausible=(0.3, 0.8, "advance rates of receivables and order financing"),
    )
    margin: float = assumption(
        0.10,
        "fraction of receipts",
        "operating margin at the exchange rate of the loan date",
        plausible=(0.05, 0.20, "thin margins of cross-border resellers to branded sellers"),
    )
    cash_buffer: float = assumption(
        0.15,
        "fraction of receipts",
        "merchant's own cash available at maturity",
        plausible=(0.05, 0.30, "a few weeks to a quarter of receipts held as cash"),
    )
    business_volatility: float = assumption(
        0.10,
        "fraction",
        "standard deviation of the merchant's own receipts shock over the term",
        plausible=(0.05, 0.25, "order volatility of small online sellers over months"),
    )
    recovery: float = assumption(
        0.4,
        "fraction of amount due",
        "recovered on a defaulted loan",
        plausible=(0.2, 0.6, "unsecured SME recoveries; Basel foundation loss given default 45%"),
    )

    def __post_init__(self):
        for name in ("threshold", "calm_volatility", "business_volatility"):
            validate.non_negative(name, getattr(self, name), unit="fraction")
        validate.non_negative("rate_cut", self.rate_cut, unit="percentage points")
        for name in ("loan_rate", "funding_cost", "term_years", "stressed_volatility"):
            validate.positive(name, getattr(self, name))
        for name in ("stressed_share", "loan_to_receipts", "margin", "cash_buffer", "recovery"):
            validate.share(name, getattr(self, name))
        validate.count("window_days", self.window_days, minimum=2)
        if self.rate_cut / 100 > self.loan_rate:
            raise ValueError(
                f"rate_cut must be at most loan_rate ({self.loan_rate * 100:g} percentage "
                f"points), got {self.rate_cut!r}"
            )


def _parameters(assumptions, kind: type):
    """``assumptions`` is an instance of the dataclass ``kind`` (validated when created)."""
    return validate.instance("assumptions", assumptions, kind, f"a {kind.__name__}")


def _grid(name: str, values, *, low: float) -> np.ndarray:
    """A one-dimensional sequence of finite numbers at least ``low`` (a grid looped over)."""
    grid = validate.array(name, values, low=low)
    if grid.ndim != 1:
        raise ValueError(f"{name} must be a sequence of numbers, got {values!r}")
    return grid


def fx_rule_outcome(
    assumptions: FxLoanAssumptions = FxLoanAssumptions(), *, n_loans: int = 200_000, seed: int = 0
) -> pd.Series:
    """Merchant default and lender return under fixed pricing and under the rule (simulated).

    Each loan is made in the calm or the stressed regime; the lender's estimate of volatility is
    the regime's volatility times sqrt(χ²_n / n) for a window of n days (the sampling error of a
    realised volatility); the exchange rate over the term moves lognormally with the regime's
    volatility, and the merchant's receipts carry their own lognormal shock. The merchant
    defaults when receipts plus its cash buffer fall short of its costs (1 − margin) plus
    interest. Both pricings see the same draws (common random numbers), so their difference is
    the rule's effect alone. Returns shares (fractions) and returns in fraction per year of the
    loan amount; ``lender_excess_*`` is the expected return above the cost of funds.
    """
    validate.size("n_loans", n_loans, per_item=8)
    validate.seed("seed", seed)
    a = _parameters(assumptions, FxLoanAssumptions)
    rng = np.random.default_rng(seed)
    stressed = rng.random(n_loans) < a.stressed_share
    volatility = np.where(stressed, a.stressed_volatility, a.calm_volatility)
    measured = volatility * np.sqrt(rng.chisquare(a.window_days, n_loans) / a.window_days)
    triggered = measured > a.threshold
    total_sd = np.sqrt(volatility**2 * a.term_years + a.business_volatility**2)
    receipts = np.exp(total_sd * rng.standard_normal(n_loans) - total_sd**2 / 2)
    rule_rate = np.where(triggered, a.loan_rate - a.rate_cut / 100, a.loan_rate)
    outcome = {"trigger_share": triggered.mean(), "stressed_share": stressed.mean()}
    for pricing, rate in (("fixed", np.full(n_loans, a.loan_rate)), ("rule", rule_rate)):
        interest = a.loan_to_receipts * rate * a.term_years
        default = receipts + a.cash_buffer < 1 - a.margin + interest
        gross = np.where(default, a.recovery, 1.0) * (1 + rate * a.term_years)
        excess = (gross - 1 - a.funding_cost * a.term_years) / a.term_years
        outcome[f"default_{pricing}"] = default.mean()
        outcome[f"default_{pricing}_triggered"] = (
            default[triggered].mean() if triggered.any() else math.nan
        )
        outcome[f"lender_excess_{pricing}"] = excess.mean()
        outcome[f"lender_excess_{pricing}_triggered"] = (
            excess[triggered].mean() if triggered.any() else math.nan
        )
    return pd.Series(outcome)


def fx_rule_balanced(outcome: pd.Series) -> bool:
    """The rule "balances" when it lowers merchant default and the loans it reprices still
    cover the lender's cost of funds and expected loss (expected excess return ≥ 0 on the
    triggered loans: risk-based pricing, no subsidy from the calm loans)."""
    validate.instance("outcome", outcome, pd.Series, "a pandas Series from fx_rule_outcome")
    needed = ("default_rule", "default_fixed", "lender_excess_rule_triggered")
    missing = [key for key in needed if key not in outcome.index]
    if missing:
        raise ValueError(f"outcome is missing {missing} (a result of fx_rule_outcome)")
    return bool(
        outcome["default_rule"] < outcome["default_fixed"]
        and outcome["lender_excess_rule_triggered"] >= 0
    )


def fx_rule_grid(
    assumptions: FxLoanAssumptions = FxLoanAssumptions(),
    *,
    thresholds: Sequence[float],
    rate_cuts: Sequence[float],
    n_loans: int = 50_000,
    seed: int = 0,
) -> pd.DataFrame:
    """:func:`fx_rule_outcome` for every threshold (fraction a year) × rate cut (percentage
    points), with whether the rule balances."""
    _parameters(assumptions, FxLoanAssumptions)
    _grid("thresholds", thresholds, low=0.0)
    _grid("rate_cuts", rate_cuts, low=0.0)
    validate.size("n_loans", n_loans, per_item=8)
    validate.seed("seed", seed)
    rows = []
    for threshold in thresholds:
        for cut in rate_cuts:
            varied = replace(assumptions, threshold=float(threshold), rate_cut=float(cut))
            outcome = fx_rule_outcome(varied, n_loans=n_loans, seed=seed)
            rows.append(
                {
                    "threshold": threshold,
                    "rate_cut": cut,
                    **outcome,
                    "balanced": fx_rule_balanced(outcome),
                }
            )
    return pd.DataFrame(rows)


#: Stressed-regime volatilities (fraction per year) of the notebook's calibration figure.
STRESSED_VOLATILITY_GRID = np.round(np.arange(0.02, 0.301, 0.01), 2)


def fx_volatility_region(
    assumptions: FxLoanAssumptions = FxLoanAssumptions(),
    *,
    volatilities: Sequence[float] = STRESSED_VOLATILITY_GRID,
    n_loans: int = 50_000,
    seed: int = 0,
) -> pd.DataFrame:
    """Whether the rule balances for each stressed-regime volatility (the calibration)."""
    _parameters(assumptions, FxLoanAssumptions)
    _grid("volatilities", volatilities, low=1e-12)
    validate.size("n_loans", n_loans, per_item=8)
    validate.seed("seed", seed)
    rows = []
    for volatility in volatilities:
        varied = replace(assumptions, stressed_volatility=float(volatility))
        outcome = fx_rule_outcome(varied, n_loans=n_loans, seed=seed)
        rows.append(
            {"stressed_volatility": volatility, **outcome, "balanced": fx_rule_balanced(outcome)}
        )
    return pd.DataFrame(rows)


#: Points per axis of the plausible grids of the FX checks (kept small: each point simulates).
FX_GRID_POINTS = 6
#: Loans simulated at each grid point (common random numbers: one seed for every point).
FX_GRID_LOANS = 50_000


def _fx_region(claim_id: str, names: tuple[str, str], what: str) -> claims.Finding:
    """Does the paper's rule (threshold and cut from the ledger) balance both sides over the
    plausible region of two assumed parameters?"""
    a = FxLoanAssumptions()
    grid = claims.plausible_grid(a, names, FX_GRID_POINTS)
    outcomes = [
        fx_rule_outcome(replace(a, **row), n_loans=FX_GRID_LOANS, seed=0)
        for row in grid.to_dict("records")
    ]
    holds = np.array([fx_rule_balanced(o) for o in outcomes])
    default = fx_rule_outcome(a, n_loans=FX_GRID_LOANS, seed=0)
    labels = grid.attrs["labels"]
    where = (
        "nowhere"
        if not holds.any()
        else " and ".join(
            f"{labels[name]} {grid.loc[holds, name].min():g}-{grid.loc[holds, name].max():g}"
            for name in names
        )
    )
    return claims.region_finding(
        claim_id,
        grid,
        holds,
        f"the rule ({a.threshold:.0%} threshold, {a.rate_cut:g} pp cut) lowers merchant default "
        f"and leaves the lender a non-negative excess return on the loans it reprices at "
        f"{holds.sum()} of {len(holds)} points of the plausible {what}; at the default "
        f"assumptions the lender's excess return on those loans is "
        f"{default['lender_excess_rule_triggered'] * 100:.2f}% a year (simulated, "
        f"{FX_GRID_LOANS:,} loans per point, one seed)",
        estimate=float(default["lender_excess_rule_triggered"] * 100),
        holds_where=f"the points where it balances span {where}",
    )


@claims.model_check("S312-01")
def fx_threshold_check(claim_id: str = "S312-01") -> claims.Finding:
    """S312-01: does the 5% / 2 pp rule balance merchant and lender over plausible FX regimes?

    The region is the calm and stressed volatilities (their declared plausible ranges): the
    threshold separates the regimes only if they lie on either side of it. The estimate is the
    lender's excess return on the triggered loans at the defaults (% a year).
    """
    return _fx_region(
        claim_id, ("calm_volatility", "stressed_volatility"), "calm and stressed FX volatilities"
    )


@claims.model_check("S312-02")
def fx_rate_cut_check(claim_id: str = "S312-02") -> claims.Finding:
    """S312-02: does the 2 pp cut (at the 5% threshold) leave the lender whole?

    The claimed cut is evaluated, not scanned: the region is the lender's loan rate and cost of
    funds (their plausible ranges), which decide whether 2 pp of margin can be given up.
    """
    return _fx_region(claim_id, ("loan_rate", "funding_cost"), "loan rates and funding costs")


# --- 3.1.2 risk mitigation: verified (on-chain) collateral ----------------------------------------


@dataclass(frozen=True)
class PledgeAssumptions:
    """Pledge lending against goods whose title is checked manually or from on-chain records.

    A "title fault" is a pledge whose goods do not exist, are pledged twice or are not as
    declared. A detected fault is refused; an undetected one is lent against. "Pledge risk"
    (S312-03, undefined in the paper) is read here as the expected loss per yuan lent.
    """

    probability_of_default: float = assumption(
        0.03,
        "fraction per loan",
        "default probability of a loan with a sound title",
        plausible=(0.01, 0.08, "one-year default rates of small-business loans"),
    )
    loss_given_default: float = assumption(
        0.35,
        "fraction of exposure",
        "loss on a defaulted loan whose pledged goods exist",
        plausible=(0.2, 0.5, "secured loans; Basel foundation loss given default 35-45%"),
    )
    title_fault_share: float = assumption(
        0.05,
        "fraction of applications",
        "applications whose pledge has a title fault",
        plausible=(0.01, 0.10, "fraud and double-pledging rates in warehouse-receipt lending"),
    )
    fault_default_probability: float = assumption(
        0.5,
        "fraction",
        "default probability of a loan lent against a faulty title",
        plausible=(0.3, 0.9, "a borrower pledging absent goods often intends not to repay"),
    )
    loss_given_fault: float = assumption(
        0.8,
        "fraction of exposure",
        "loss on a defaulted loan whose pledge is faulty",
        plausible=(0.6, 1.0, "little or nothing to seize behind a faulty title"),
    )
    manual_detection: float = assumption(
        0.6,
        "fraction",
        "share of title faults found by manual verification",
        plausible=(0.4, 0.8, "paper and site checks miss a large share of forged titles"),
    )
    chain_detection: float = assumption(
        0.9,
        "fraction",
        "share of title faults found from on-chain logistics and customs records",
        plausible=(0.7, 0.99, "records cover paperwork, not always the goods themselves"),
    )

    def __post_init__(self):
        for item in self.__dataclass_fields__:
            validate.share(item, getattr(self, item))


def pledge_risk(assumptions: PledgeAssumptions, detection: np.ndarray | float) -> np.ndarray:
    """Expected loss per yuan lent (fraction) when a share ``detection`` of title faults is found.

    EL = [(1 − f)·PD·LGD + f·(1 − d)·PD_fault·LGD_fault] / (1 − f·d), with f the title-fault
    share and d the detection rate; the denominator is the share of applications lent to.
    Vectorised over ``detection``.
    """
    d = validate.array("detection", detection, low=0.0, high=1.0)
    a = _parameters(assumptions, PledgeAssumptions)
    f = a.title_fault_share
    sound = (1 - f) * a.probability_of_default * a.loss_given_default
    faulty = f * (1 - d) * a.fault_default_probability * a.loss_given_fault
    lent = 1 - f * d
    return (sound + faulty) / lent


def pledge_risk_reduction(
    assumptions: PledgeAssumptions = PledgeAssumptions(),
    *,
    chain_detection: np.ndarray | float | None = None,
    title_fault_share: np.ndarray | float | None = None,
    manual_detection: np.ndarray | float | None = None,
) -> np.ndarray:
    """Relative reduction of pledge risk (fraction) from manual to on-chain verification.

    ``chain_detection``, ``title_fault_share`` and ``manual_detection`` override the
    assumptions and broadcast (pass a column and a row for a grid).
    """
    a = _parameters(assumptions, PledgeAssumptions)
    chain = a.chain_detection if chain_detection is None else chain_detection
    faults = a.title_fault_share if title_fault_share is None else title_fault_share
    manual = a.manual_detection if manual_detection is None else manual_detection
    chain = validate.array("chain_detection", chain, low=0.0, high=1.0)
    faults = validate.array("title_fault_share", faults, low=0.0, high=1.0)
    manual = validate.array("manual_detection", manual, low=0.0, high=1.0)
    sound = (1 - faults) * a.probability_of_default * a.loss_given_default
    per_miss = faults * a.fault_default_probability * a.loss_given_fault

    def risk(detection):
        return (sound + per_miss * (1 - detection)) / (1 - faults * detection)

    return 1 - risk(chain) / risk(manual)


#: On-chain detection rates (fraction) for the notebook's figure of the pledge-risk cut.
DETECTION_GRID = np.round(np.arange(0.0, 1.00001, 0.001), 3)
#: Points per axis of the plausible grid of the S312-03 check (closed form: a fine grid is cheap).
PLEDGE_GRID_POINTS = 21
#: The assumed parameters that drive the pledge-risk cut, varied by the S312-03 check.
PLEDGE_DRIVERS = ("title_fault_share", "manual_detection", "chain_detection")


@claims.model_check("S312-03")
def pledge_risk_check(claim_id: str = "S312-03") -> claims.Finding:
    """S312-03: does on-chain title checking cut pledge risk by 40%?

    Pledge risk is the expected loss per yuan lent; the cut is evaluated over the plausible
    region of the title-fault share and the manual and on-chain detection rates, and holds where
    it is the claimed 40% within the claim's precision. The estimate is the cut (%) at the
    default assumptions.
    """
    a = PledgeAssumptions()
    row = claims.claim(claim_id)
    target = claims.convert(row["value"], row["unit"], "fraction")
    tolerance = claims.convert(claims.tolerance(row), row["unit"], "fraction")
    grid = claims.plausible_grid(a, PLEDGE_DRIVERS, PLEDGE_GRID_POINTS)
    cuts = pledge_risk_reduction(a, **{name: grid[name].to_numpy() for name in PLEDGE_DRIVERS})
    holds = np.abs(cuts - target) <= tolerance
    at_default = float(pledge_risk_reduction(a)[()])
    where = grid[holds]
    return claims.region_finding(
        claim_id,
        grid,
        holds,
        f"across the plausible title-fault shares, manual and on-chain detection rates the cut "
        f"in expected loss per yuan lent ranges from {cuts.min():.0%} to {cuts.max():.0%}; it is "
        f"{row['value']:g}% (within {tolerance * 100:g} percentage points) at {holds.sum()} "
        f"of {len(holds)} points; at "
        f"the default assumptions ({a.title_fault_share:.0%} faulty pledges, manual checks "
        f"finding {a.manual_detection:.0%}, on-chain records {a.chain_detection:.0%}) it is "
        f"{at_default:.0%}",
        estimate=at_default * 100,
        unit="pct",
        holds_where=(
            f"only with at least {where['title_fault_share'].min():.1%} faulty pledges and "
            f"on-chain records finding at least {where['chain_detection'].min():.0%} of faults"
            if holds.any()
            else ""
        ),
    )


# --- 3.1.3 value co-creation: order loans from a demand forecast ----------------------------------


@dataclass(frozen=True)
class OrderLoanAssumptions:
    """An order loan sized from a demand forecast and repaid first from the order's sales.

    Forecast accuracy is read as 1 − mean absolute percentage error (the paper does not say);
    the percentage error is normal with mean zero, so its standard deviation is
    (1 − accuracy)·sqrt(π/2). The manufacturer makes the forecast quantity and cannot sell more.
    """

    forecast_accuracy: float = claims.claim_parameter(
        "S313-01", "fraction", "accuracy of the demand forecast (1 − MAPE)"
    )
    advance_rate: float = assumption(
        0.8,
        "fraction",
        "loan as a share of forecast sales",
        plausible=(0.5, 0.9, "advance rates of order and purchase-order financing"),
    )
    loan_rate: float = assumption(
        0.06,
        "fraction per year",
        "order-loan interest rate",
        plausible=(0.04, 0.12, "bank to online-lender rates for small manufacturers"),
    )
    term_years: float = assumption(
        0.25,
        "years",
        "time from loan to sale",
        plausible=(0.1, 0.5, "production and sales cycles of one to six months"),
    )

    def __post_init__(self):
        validate.share("forecast_accuracy", self.forecast_accuracy)
        validate.share("advance_rate", self.advance_rate)
        validate.non_negative("loan_rate", self.loan_rate, unit="fraction per year")
        validate.positive("term_years", self.term_years, unit="years")


def order_loan_losses(
    assumptions: OrderLoanAssumptions = OrderLoanAssumptions(),
    *,
    n_orders: int = 200_000,
    seed: int = 0,
) -> np.ndarray:
    """The simulated loss of each order loan (fraction of the loan; see :func:`order_loan_risk`)."""
    validate.size("n_orders", n_orders, per_item=3)
    validate.seed("seed", seed)
    a = _parameters(assumptions, OrderLoanAssumptions)
    sd = (1 - a.forecast_accuracy) * math.sqrt(math.pi / 2)
    error = np.random.default_rng(seed).normal(0.0, sd, n_orders)
    sales = np.clip(1 + error, 0.0, 1.0)
    due = a.advance_rate * (1 + a.loan_rate * a.term_years)
    return np.maximum(due - sales, 0.0) / a.advance_rate


def order_loan_risk(
    assumptions: OrderLoanAssumptions = OrderLoanAssumptions(),
    *,
    n_orders: int = 200_000,
    seed: int = 0,
) -> pd.Series:
    """Shortfall probability, expected loss and 99% loss of an order loan (fractions of the loan).

    Simulated: sales = forecast × min(1 + ε, 1), ε ~ N(0, σ), floored at zero; the loss is what
    the sales leave unpaid of principal and interest.
    """
    _parameters(assumptions, OrderLoanAssumptions)
    loss = order_loan_losses(assumptions, n_orders=n_orders, seed=seed)
    return pd.Series(
        {
            "error_sd": (1 - assumptions.forecast_accuracy) * math.sqrt(math.pi / 2),
            "shortfall_probability": float((loss > 0).mean()),
            "expected_loss": float(loss.mean()),
            "loss_99": float(np.quantile(loss, 0.99)),
        }
    )


#: Orders simulated by the S313-01 check.
ORDER_CHECK_ORDERS = 200_000


@claims.model_check("S313-01")
def order_loan_check(claim_id: str = "S313-01") -> claims.Finding:
    """S313-01: what a 92%-accurate forecast means for an order loan.

    The accuracy is the claim's own figure, so nothing about JD's model is tested: the finding
    turns it into yuan. The estimate is the expected loss per 100 yuan lent (%) at the assumed
    advance rate, with its Monte Carlo 95% interval.
    """
    a = OrderLoanAssumptions()
    loss = order_loan_losses(a, n_orders=ORDER_CHECK_ORDERS, seed=0)
    mean, error = loss.mean(), loss.std(ddof=1) / math.sqrt(len(loss))
    interval = ((mean - 1.96 * error) * 100, (mean + 1.96 * error) * 100)
    return claims.point_finding(
        claim_id,
        mean * 100,
        f"at {a.forecast_accuracy:.0%} accuracy (1 − MAPE, normal errors) an order loan of "
        f"{a.advance_rate:.0%} of forecast sales loses {mean * 100:.2f} yuan per 100 lent on "
        f"average (Monte Carlo standard error {error * 100:.3f}), "
        f"{np.quantile(loss, 0.99) * 100:.1f} in the worst 1% (simulated)",
        interval=interval,
        assumed=("advance rate", "loan rate", "term", "normal forecast errors"),
        set_from_claim=(f"forecast accuracy {a.forecast_accuracy:.0%} (this claim)",),
    )


# --- 3.1.3 value co-creation: IoT-linked credit and IoT adoption ---------------------------------


@dataclass(frozen=True)
class IotIncentiveAssumptions:
    """The IoT-linked credit rule (S313-02, S313-03) for one farmer, and adoption (S313-04)."""

    quality_gain: float = claims.claim_parameter(
        "S313-02", "fraction", "rise in the quality compliance rate that unlocks the bonus"
    )
    credit_uplift: float = claims.claim_parameter(
        "S313-03", "fraction", "rise in the next credit line once the gain is met"
    )
    base_credit_line_yuan: float = assumption(
        50_000.0,
        "yuan",
        "a farmer's current credit line",
        plausible=(10_000.0, 200_000.0, "rural household and farm loans, 10 000-200 000 yuan"),
    )
    base_compliance: float = assumption(
        0.60,
        "fraction",
        "quality compliance rate before IoT monitoring",
        plausible=(0.4, 0.8, "grading pass rates of smallholder produce"),
    )
    start_adoption: float = claims.claim_parameter(
        "S313-04",
        "fraction",
        "IoT adoption in western rural areas at the start",
        field="baseline_value",
    )
    target_adoption: float = claims.claim_parameter(
        "S313-04", "fraction", "IoT adoption the paper reports at the end"
    )
    innovation: float = assumption(
        0.01,
        "per year",
        "Bass innovation coefficient p without the incentive",
        "bass1969growth",
        plausible=(0.001, 0.03, "p of agricultural and consumer innovations (mean near 0.03)"),
    )
    imitation: float = assumption(
        0.30,
        "per year",
        "Bass imitation coefficient q (word of mouth)",
        "bass1969growth",
        plausible=(0.1, 0.5, "q of fitted Bass curves (mean near 0.4)"),
    )
    horizon_years: float = assumption(
        3.0,
        "years",
        "period over which the rise happened (the paper gives none)",
        plausible=(1.0, 8.0, "a rise reported in a 2025 paper, after a scheme of a few years"),
    )

    def __post_init__(self):
        for name in ("quality_gain", "credit_uplift", "base_compliance", "start_adoption"):
            validate.share(name, getattr(self, name))
        validate.in_range("target_adoption", self.target_adoption, 0.0, 0.999999)
        validate.non_negative("base_credit_line_yuan", self.base_credit_line_yuan, unit="yuan")
        validate.positive("innovation", self.innovation, unit="per year")
        validate.non_negative("imitation", self.imitation, unit="per year")
        validate.positive("horizon_years", self.horizon_years, unit="years")
        if self.target_adoption <= self.start_adoption:
            raise ValueError(
                f"target_adoption must exceed start_adoption ({self.start_adoption:g}), "
                f"got {self.target_adoption!r}"
            )


def iot_credit_line(assumptions: IotIncentiveAssumptions = IotIncentiveAssumptions()) -> pd.Series:
    """The rule in numbers: the compliance rate needed under both readings of "提升 20%"
    (relative ×1.2, or +20 percentage points) and the next credit line in yuan."""
    a = _parameters(assumptions, IotIncentiveAssumptions)
    return pd.Series(
        {
            "compliance_needed_relative": min(a.base_compliance * (1 + a.quality_gain), 1.0),
            "compliance_needed_points": min(a.base_compliance + a.quality_gain, 1.0),
            "credit_line_before_yuan": a.base_credit_line_yuan,
            "credit_line_after_yuan": a.base_credit_line_yuan * (1 + a.credit_uplift),
        }
    )


@claims.model_check("S313-02", "S313-03")
def iot_credit_check(claim_id: str = "S313-02") -> claims.Finding:
    """S313-02 and S313-03: the rule for one farmer, in yuan.

    Both figures of the rule are the claims' own, so nothing is tested. The estimate is, for
    S313-02, the compliance rate a farmer must reach under the relative reading of "提升 20%"
    (%), and for S313-03 the rise of the credit line as a percentage of the line.
    """
    validate.one_of("claim_id", claim_id, {"S313-02", "S313-03"})
    a = IotIncentiveAssumptions()
    line = iot_credit_line(a)
    extra = line["credit_line_after_yuan"] - line["credit_line_before_yuan"]
    estimate = (
        line["compliance_needed_relative"] * 100
        if claim_id == "S313-02"
        else extra / line["credit_line_before_yuan"] * 100
    )
    return claims.point_finding(
        claim_id,
        estimate,
        f"a farmer with a {a.base_credit_line_yuan:,.0f}-yuan line and {a.base_compliance:.0%} "
        f"compliance must reach {line['compliance_needed_relative']:.0%} (relative reading) or "
        f"{line['compliance_needed_points']:.0%} (percentage points) to get {extra:,.0f} yuan more",
        assumed=("the farmer's credit line", "the farmer's compliance rate"),
        set_from_claim=(
            f"quality gain {a.quality_gain:.0%} (S313-02)",
            f"credit uplift {a.credit_uplift:.0%} (S313-03)",
        ),
    )


def years_to_adoption(
    assumptions: IotIncentiveAssumptions = IotIncentiveAssumptions(),
    *,
    incentive_effect: np.ndarray | float = 0.0,
) -> np.ndarray:
    """Years for adoption to rise from ``start_adoption`` to ``target_adoption`` (Bass model).

    Adoption follows da/dt = (p + Δp + q·a)(1 − a) (Bass 1969); the incentive raises the
    innovation coefficient by ``incentive_effect`` = Δp (per year, ≥ 0; vectorised).
    """
    a = _parameters(assumptions, IotIncentiveAssumptions)
    effect = validate.array("incentive_effect", incentive_effect, low=0.0)
    p = a.innovation + effect
    return diffusion.bass_years_to(a.target_adoption, p, a.imitation) - diffusion.bass_years_to(
        a.start_adoption, p, a.imitation
    )


def adoption_path(
    assumptions: IotIncentiveAssumptions = IotIncentiveAssumptions(),
    years: np.ndarray | float = 0.0,
    *,
    incentive_effect: float = 0.0,
) -> np.ndarray:
    """Adoption share after ``years`` (≥ 0, vectorised) starting from ``start_adoption``.

    The Bass curve (:mod:`ecommod.diffusion`) continued from the start share; p includes the
    incentive.
    """
    a = _parameters(assumptions, IotIncentiveAssumptions)
    t = validate.array("years", years, low=0.0)
    validate.non_negative("incentive_effect", incentive_effect, unit="per year")
    return diffusion.bass_from(a.start_adoption, a.innovation + incentive_effect, a.imitation, t)


def incentive_needed(
    assumptions: IotIncentiveAssumptions = IotIncentiveAssumptions(),
    horizons: np.ndarray | float | None = None,
) -> np.ndarray:
    """The incentive Δp (per year) that takes adoption from start to target in each horizon.

    Zero where diffusion alone is fast enough. Solved by bisection on the monotone
    :func:`years_to_adoption` (vectorised over horizons).
    """
    a = _parameters(assumptions, IotIncentiveAssumptions)
    horizons = validate.array(
        "horizons", a.horizon_years if horizons is None else horizons, low=1e-9
    )
    low, high = np.zeros_like(horizons), np.full_like(horizons, 100.0)
    for _ in range(80):
        middle = (low + high) / 2
        too_slow = years_to_adoption(a, incentive_effect=middle) > horizons
        low, high = np.where(too_slow, middle, low), np.where(too_slow, high, middle)
    return np.where(years_to_adoption(a) <= horizons, 0.0, high)


@claims.model_check("S313-04")
def iot_adoption_check(claim_id: str = "S313-04") -> claims.Finding:
    """S313-04: what incentive and time take IoT adoption from 15% to 40%?

    The start and the end of the rise are the claim's own figures and the diffusion
    coefficients and the period are assumed, so the model cannot find the rise false: for any
    period some incentive produces it. The finding says so (nothing is tested). The estimate is
    the adoption (%) that diffusion alone reaches within the assumed horizon.
    """
    a = IotIncentiveAssumptions()
    alone = float(years_to_adoption(a)[()])
    needed = float(incentive_needed(a)[()])
    reached = float(adoption_path(a, a.horizon_years)[()])
    return claims.point_finding(
        claim_id,
        reached * 100,
        f"without any incentive, Bass diffusion (p = {a.innovation:g}, q = {a.imitation:g}) takes "
        f"adoption from {a.start_adoption:.0%} to {a.target_adoption:.0%} in {alone:.1f} years and "
        f"reaches {reached:.0%} in {a.horizon_years:g}; to get to {a.target_adoption:.0%} within "
        f"{a.horizon_years:g} years the incentive must add {needed:.3f} a year to p. The rise "
        "alone says nothing about the rule's effect",
        assumed=("Bass coefficients p and q", "the period of the rise"),
        set_from_claim=(
            f"start {a.start_adoption:.0%} and end {a.target_adoption:.0%} of the rise "
            "(this claim)",
        ),
    )


# --- 3.3 supply-chain finance ---------------------------------------------------------------


@dataclass(frozen=True)
class SupplyChainAssumptions:
    """A supplier's receivables from a core enterprise, financed three ways (§3.3)."""

    receivables_yuan: float = assumption(
        1_000_000.0,
        "yuan",
        "receivables outstanding",
        plausible=(100_000.0, 10_000_000.0, "small suppliers' receivables from one buyer"),
    )
    days_outstanding: float = assumption(
        90.0,
        "days",
        "days until the core enterprise pays",
        plausible=(30.0, 180.0, "payment terms of large Chinese buyers, one to six months"),
    )
    advance_rate: float = assumption(
        0.8,
        "fraction",
        "share of receivables advanced",
        plausible=(0.6, 0.9, "advance rates of receivables financing"),
    )
    supplier_rate: float = assumption(
        0.12,
        "fraction per year",
        "rate on the supplier's own credit",
        plausible=(0.06, 0.18, "small-firm loans, bank to non-bank lenders"),
    )
    core_rate: float = assumption(
        0.05,
        "fraction per year",
        "rate on the core enterprise's credit (guaranteed)",
        plausible=(0.03, 0.07, "loan rates of large, highly rated firms"),
    )
    supplier_default: float = assumption(
        0.05,
        "fraction per year",
        "supplier default probability",
        plausible=(0.02, 0.10, "one-year default rates of small firms"),
    )
    core_default: float = assumption(
        0.005,
        "fraction per year",
        "core enterprise default prob.",
        plausible=(0.001, 0.02, "one-year default rates of investment-grade to weaker large firms"),
    )
    dilution_without_data: float = assumption(
        0.03,
        "fraction",
        "receivables not genuine or disputed, checked on paper",
        plausible=(0.01, 0.08, "disputed and fictitious invoices in receivables finance"),
    )
    dilution_with_logistics: float = assumption(
        0.01,
        "fraction",
        "receivables not genuine or disputed, checked against logistics data",
        plausible=(0.002, 0.03, "delivery records confirm goods, not quality disputes"),
    )
    loss_given_default: float = assumption(
        0.45,
        "fraction",
        "lender's loss on a default",
        plausible=(0.3, 0.7, "Basel foundation loss given default 45% for senior unsecured"),
    )

    def __post_init__(self):
        validate.non_negative("receivables_yuan", self.receivables_yuan, unit="yuan")
        validate.positive("days_outstanding", self.days_outstanding, unit="days")
        for name in (
            "advance_rate",
            "supplier_rate",
            "core_rate",
            "supplier_default",
            "core_default",
            "dilution_without_data",
            "dilution_with_logistics",
            "loss_given_default",
        ):
            validate.share(name, getattr(self, name))


def receivables_financing(
    assumptions: SupplyChainAssumptions = SupplyChainAssumptions(),
) -> pd.DataFrame:
    """Working capital freed, financing cost and lender's expected loss, in yuan (illustrated).

    Three arrangements: a loan on the supplier's own credit; receivables financing with the core
    enterprise's guarantee checked on paper; the same checked against logistics data. The
    lender's expected loss over the term is default risk plus dilution (a receivable that is not
    genuine is lost with the loss given default).
    """
    a = _parameters(assumptions, SupplyChainAssumptions)
    advanced = a.advance_rate * a.receivables_yuan
    term = float(cashflow.year_fraction(a.days_outstanding))
    arrangements = {
        "supplier's own credit": (a.supplier_rate, a.supplier_default, 0.0),
        "core guarantee, paper checks": (a.core_rate, a.core_default, a.dilution_without_data),
        "core guarantee + logistics data": (a.core_rate, a.core_default, a.dilution_with_logistics),
    }
    rows = []
    for name, (rate, default, dilution) in arrangements.items():
        rows.append(
            {
                "arrangement": name,
                "working_capital_yuan": advanced,
                "financing_cost_yuan": advanced * rate * term,
                "lender_expected_loss_yuan": advanced
                * a.loss_given_default
                * (1 - (1 - default * term) * (1 - dilution)),
            }
        )
    return pd.DataFrame(rows)


# --- 3.1 real data: the two wheels across China's provinces -----

#: Digital-finance subsystem: PKU-DFIIC sub-indices (Guo et al. 2020).
FINANCE_INDICATORS = ("coverage_breadth", "usage_depth", "digitization_level")
#: Digital-technology / e-commerce subsystem: NBS provincial indicators (intensities, not sizes).
TECHNOLOGY_INDICATORS = (
    "computers_per_100_persons",
    "websites_per_100_firms",
    "firms_with_ec_share_pct",
    "ec_sales_per_firm_10k_yuan",
    "traffic_per_user_gb",
)
#: What a reader calls each indicator of the two subsystems (table rows, figure labels).
INDICATOR_LABELS = {
    "coverage_breadth": "coverage breadth (PKU-DFIIC sub-index)",
    "usage_depth": "usage depth (PKU-DFIIC sub-index)",
    "digitization_level": "digitisation level (PKU-DFIIC sub-index)",
    "computers_per_100_persons": "computers per 100 persons",
    "websites_per_100_firms": "websites per 100 firms",
    "firms_with_ec_share_pct": "firms trading online (% of firms)",
    "ec_sales_per_firm_10k_yuan": "e-commerce sales per trading firm (10,000 yuan)",
    "traffic_per_user_gb": "mobile data per user (GB)",
}
#: Technology measures that do not contain e-commerce sales (for the regressions).
INFRASTRUCTURE_INDICATORS = (
    "computers_per_100_persons",
    "websites_per_100_firms",
    "traffic_per_user_gb",
)


def _indicators(name: str, indicators, panel: pd.DataFrame) -> None:
    """``indicators`` is a non-empty list of column names of ``panel``."""
    if (
        isinstance(indicators, str)
        or not isinstance(indicators, Sequence)
        or not indicators
        or not all(isinstance(column, str) for column in indicators)
    ):
        raise ValueError(f"{name} must be a list of column names, got {indicators!r}")
    for column in indicators:
        validate.one_of(name, column, set(panel.columns))


def _base_years(base_years) -> tuple[int, int]:
    """``base_years``: the first and last year of the base, a pair of whole years in order."""
    if not isinstance(base_years, tuple | list) or len(base_years) != 2:
        raise ValueError(f"base_years must be a pair (first, last) of years, got {base_years!r}")
    first, last = (validate.integer("base_years", year, 1900, 2100) for year in base_years)
    if first > last:
        raise ValueError(f"base_years must be in order (first, last), got {base_years!r}")
    return first, last


def subsystem_index(
    panel: pd.DataFrame,
    indicators: Sequence[str],
    *,
    base_years: tuple[int, int] | None = None,
    beyond: str = "extend",
) -> tuple[pd.Series, pd.Series]:
    """Entropy-weighted composite index of ``indicators`` on a fixed base, and its weights.

    Bounds and weights come from the rows whose ``year`` lies in ``base_years`` (first, last;
    None: :data:`ecommod.indices.BASE_YEARS`), so adding a year leaves every earlier value
    unchanged (:func:`ecommod.indices.fit_base`); ``beyond`` says what a value outside the base
    bounds becomes (:func:`ecommod.indices.normalise`).
    """
    from ecommod import indices

    validate.columns("panel", panel, ("year",))
    _indicators("indicators", indicators, panel)
    first, last = indices.BASE_YEARS if base_years is None else _base_years(base_years)
    frame = panel[list(indicators)].astype(float)
    base = indices.fit_base(frame, panel["year"].between(first, last).to_numpy())
    return indices.base_index(frame, base, beyond=beyond), base.weights


def coupling_panel(
    panel: pd.DataFrame,
    *,
    finance: Sequence[str] = FINANCE_INDICATORS,
    technology: Sequence[str] = TECHNOLOGY_INDICATORS,
    base_years: tuple[int, int] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Coupling coordination of the finance and technology wheels for every province-year.

    Indicators are normalised and entropy-weighted on the fixed base ``base_years``
    (:func:`subsystem_index`), so levels are comparable across years and stay as printed when a
    year is added. An indicator beyond the base bounds is capped at them: coupling and its
    classes are defined for levels in [0, 1], so a province past the best of the base counts as
    at the best for coupling. Returns the panel's keys with u_finance, u_technology, the
    traditional C, T, D and coordination level, and the modified coupling and coordination of
    Wang et al. (2021) (``C_modified``, ``D_modified``, ``level_modified``); and the table of
    weights.
    """
    from ecommod import indices

    validate.columns("panel", panel, ("prov_code", "prov_name_eng", "region", "year"))
    if panel.empty:
        raise ValueError("panel must have at least one row, got an empty panel")
    _indicators("finance", finance, panel)
    _indicators("technology", technology, panel)
    if base_years is not None:
        _base_years(base_years)
    u_finance, finance_weights = subsystem_index(
        panel, finance, base_years=base_years, beyond="clip"
    )
    u_technology, technology_weights = subsystem_index(
        panel, technology, base_years=base_years, beyond="clip"
    )
    coupled = indices.coupling_coordination(u_finance, u_technology)
    modified = indices.coupling_coordination(u_finance, u_technology, model="modified")
    result = panel[["prov_code", "prov_name_eng", "region", "year"]].copy()
    result["u_finance"], result["u_technology"] = u_finance, u_technology
    result = result.join(coupled)
    result["level"] = indices.coordination_level(coupled["D"])
    result["C_modified"], result["D_modified"] = modified["C"], modified["D"]
    result["level_modified"] = indices.coordination_level(modified["D"])
    weights = pd.concat(
        [
            finance_weights.rename_axis("indicator").reset_index().assign(subsystem="finance"),
            technology_weights.rename_axis("indicator")
            .reset_index()
            .assign(subsystem="technology"),
        ],
        ignore_index=True,
    )[["subsystem", "indicator", "weight"]]
    return result, weights


def coupling_decomposition(coupled: pd.DataFrame) -> pd.DataFrame:
    """How much of each coupling measure's variance is the calendar trend and how much lasting
    differences between provinces (:func:`ecommod.indices.variance_decomposition`), one row per
    measure of :func:`coupling_panel` (shares, fractions summing to 1)."""
    from ecommod import indices

    measures = ("u_finance", "u_technology", "C", "D", "C_modified", "D_modified")
    validate.columns("coupled", coupled, (*measures, "year", "prov_code"))
    return pd.DataFrame(
        {m: indices.variance_decomposition(coupled, m) for m in measures}
    ).T.rename_axis("measure")


# --- 3.1 real data: two-way fixed effects ------------------------------------------------------

#: Wild cluster bootstrap draws (Rademacher weights, null imposed) for every p-value of the FE
#: regressions; the p-value's Monte Carlo standard error is at most 0.5 / sqrt(B) = 0.005.
WILD_BOOTSTRAP_DRAWS = 9_999


@dataclass(frozen=True)
class PanelEstimate:
    """A coefficient from a two-way fixed-effects regression, clustered by province.

    ``coefficient`` is per unit of the regressor as it enters (log digital finance: an
    elasticity); ``std_error`` is the cluster-robust (CR1) error of the dummy-variable
    regression; the interval and ``p_value`` use t with G − 1 degrees of freedom (G clusters);
    ``wild_p_value`` is the wild cluster bootstrap p-value (Rademacher, null imposed) with its
    Monte Carlo standard error. ``within_sd`` is the regressor's standard deviation left after
    province and year effects, ``pooled_sd`` its overall one and ``absorbed_share`` the share of
    its variance the effects absorb; ``coefficient * within_sd`` is the effect of a typical
    within-province change.
    """

    term: str
    coefficient: float
    std_error: float
    ci_low: float
    ci_high: float
    p_value: float
    wild_p_value: float
    wild_p_mc_error: float
    n_obs: int
    n_provinces: int
    within_sd: float
    pooled_sd: float
    absorbed_share: float

    @property
    def within_effect(self) -> float:
        """Change in the outcome for one within-province standard deviation of the regressor."""
        return self.coefficient * self.within_sd


def finance_history() -> pd.DataFrame:
    """PKU-DFIIC's provincial aggregate index for every year it covers (2011 on): prov_code,
    year, index_aggregate. The lagged regressions read the years before the panel from it."""
    from ecommod import data

    table = data.load_external("pku_dfiic_province")
    return table[["prov_code", "year", "index_aggregate"]].copy()


def _regression_frame(
    panel: pd.DataFrame, lag: int, history: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The regression variables: log sales, log finance (lagged ``lag`` years, read from
    ``history`` when given so the panel's first year keeps its lag), centred; technology (the
    fixed-base infrastructure index), centred; and their product."""
    validate.count("lag", lag, minimum=0)
    validate.columns("panel", panel, ("prov_code", "year", "index_aggregate", "ec_sales_100m_yuan"))
    if panel.empty:
        raise ValueError("panel must have at least one row, got an empty panel")
    frame = panel.sort_values(["prov_code", "year"]).reset_index(drop=True)
    frame["log_ec_sales"] = np.log(frame["ec_sales_100m_yuan"].astype(float))
    if history is None:
        source = frame[["prov_code", "year", "index_aggregate"]]
    else:
        validate.columns("history", history, ("prov_code", "year", "index_aggregate"))
        source = history
    keyed = source.assign(
        prov_code=source["prov_code"].astype(int), year=source["year"].astype(int) + lag
    ).drop_duplicates(["prov_code", "year"])
    lookup = keyed.set_index(["prov_code", "year"])["index_aggregate"].astype(float)
    keys = pd.MultiIndex.from_arrays([frame["prov_code"].astype(int), frame["year"].astype(int)])
    frame["finance"] = np.log(lookup.reindex(keys).to_numpy())
    infrastructure, _ = subsystem_index(frame, INFRASTRUCTURE_INDICATORS)
    frame["technology"] = infrastructure - infrastructure.mean()
    frame = frame.dropna(subset=["finance"]).reset_index(drop=True)
    if frame.empty:
        raise ValueError(f"lag leaves no province-year with a lagged finance index, got {lag!r}")
    frame["finance"] = frame["finance"] - frame["finance"].mean()
    frame["finance_x_technology"] = frame["finance"] * frame["technology"]
    return frame


def _two_way_design(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Constant, province and year dummies (first of each dropped), and the cluster codes."""
    provinces = pd.get_dummies(frame["prov_code"].astype(int), drop_first=True, dtype=float)
    years = pd.get_dummies(frame["year"].astype(int), drop_first=True, dtype=float)
    effects = np.column_stack([np.ones(len(frame)), provinces.to_numpy(), years.to_numpy()])
    clusters = pd.factorize(frame["prov_code"].astype(int))[0]
    return effects, clusters


def wild_cluster_bootstrap(
    y, x, controls, clusters, *, draws: int = WILD_BOOTSTRAP_DRAWS, seed: int = 0
) -> tuple[float, float, float]:
    """Wild cluster bootstrap p-value of H0: the coefficient of ``x`` is 0 in y = x b + controls c.

    Rademacher weights per cluster, null imposed (WCR): bootstrap outcomes are the restricted
    fit plus its residuals times each cluster's ±1; the statistic is the t with a CR1
    cluster-robust error, G/(G−1)·(N−1)/(N−K). Vectorised through Frisch-Waugh-Lovell: no
    regression is refitted. Returns the original t, the two-sided p-value (share of |t*| ≥ |t|)
    and its Monte Carlo standard error.
    """
    y = validate.array("y", y)
    x = validate.array("x", x)
    controls = np.asarray(controls, dtype=float)
    clusters = np.asarray(clusters)
    validate.size("draws", draws, minimum=99)
    validate.seed("seed", seed)
    n = y.size
    if x.shape != (n,) or controls.ndim != 2 or controls.shape[0] != n or clusters.shape != (n,):
        raise ValueError(
            f"y, x, controls and clusters must have {n} rows, got x {x.shape}, controls "
            f"{controls.shape} and clusters {clusters.shape}"
        )
    codes, groups = np.unique(clusters, return_inverse=True)
    g = codes.size
    if g < 2:
        raise ValueError(f"clusters must hold at least 2 groups, got {g}")
    rank = int(np.linalg.matrix_rank(controls))
    q = np.linalg.qr(controls)[0][:, :rank]

    def residual(v):
        return v - q @ (q.T @ v)

    x_tilde = residual(x)
    denominator = x_tilde @ x_tilde
    if denominator <= 1e-12 * max(1.0, x @ x):
        raise ValueError("x is collinear with the controls: its coefficient is not identified")
    restricted = residual(y)  # residuals of y on the controls alone: the null imposed
    membership = np.zeros((n, g))
    membership[np.arange(n), groups] = 1.0
    # a[h] = x̃_h'û_h; c_mat[g, h] = x̃_g'(M_Z (û ∘ 1_h))_g; d[g] = x̃_g'x̃_g.
    a = membership.T @ (x_tilde * restricted)
    spread = residual(membership * restricted[:, None])
    c_mat = membership.T @ (x_tilde[:, None] * spread)
    d = membership.T @ x_tilde**2
    correction = g / (g - 1) * (n - 1) / (n - rank - 1)

    def t_statistics(weights: np.ndarray) -> np.ndarray:
        beta = weights @ a / denominator
        scores = weights @ c_mat.T - np.outer(beta, d)
        return beta / np.sqrt(correction * (scores**2).sum(axis=1) / denominator**2)

    beta_hat = (x_tilde @ y) / denominator
    score = membership.T @ (x_tilde * (restricted - x_tilde * beta_hat))
    t_hat = beta_hat / math.sqrt(correction * (score**2).sum() / denominator**2)
    weights = np.random.default_rng(seed).choice((-1.0, 1.0), size=(draws, g))
    # A draw that reproduces |t| (all signs equal does) counts as at least as extreme.
    p_value = float((np.abs(t_statistics(weights)) >= abs(t_hat) * (1 - 1e-9)).mean())
    return float(t_hat), p_value, math.sqrt(p_value * (1 - p_value) / draws)


def _fit_two_way(
    frame: pd.DataFrame, terms: Sequence[str], *, draws: int = WILD_BOOTSTRAP_DRAWS
) -> dict[str, PanelEstimate]:
    """Dummy-variable OLS with province and year effects: CR1 errors clustered by province,
    t(G − 1) intervals and a wild cluster bootstrap p-value per term (the tests check it against
    linearmodels' PanelOLS)."""
    from scipy import stats

    effects, clusters = _two_way_design(frame)
    y = frame["log_ec_sales"].to_numpy(float)
    regressors = frame[list(terms)].to_numpy(float)
    design = np.column_stack([regressors, effects])
    coefficients = np.linalg.lstsq(design, y, rcond=None)[0]
    residuals = y - design @ coefficients
    n, k = design.shape
    g = int(clusters.max()) + 1
    bread = np.linalg.inv(design.T @ design)
    scores = np.zeros((g, k))
    np.add.at(scores, clusters, design * residuals[:, None])
    covariance = g / (g - 1) * (n - 1) / (n - k) * bread @ (scores.T @ scores) @ bread
    critical = stats.t.ppf(0.975, g - 1)
    estimates = {}
    for position, term in enumerate(terms):
        coefficient = float(coefficients[position])
        error = math.sqrt(covariance[position, position])
        x = regressors[:, position]
        _, wild_p, wild_error = wild_cluster_bootstrap(
            y, x, np.delete(design, position, axis=1), clusters, draws=draws, seed=0
        )
        within = x - effects @ np.linalg.lstsq(effects, x, rcond=None)[0]
        estimates[term] = PanelEstimate(
            term=term,
            coefficient=coefficient,
            std_error=error,
            ci_low=coefficient - critical * error,
            ci_high=coefficient + critical * error,
            p_value=float(2 * stats.t.sf(abs(coefficient / error), g - 1)),
            wild_p_value=wild_p,
            wild_p_mc_error=wild_error,
            n_obs=n,
            n_provinces=g,
            within_sd=float(within.std()),
            pooled_sd=float(x.std()),
            absorbed_share=float(1 - within.var() / x.var()),
        )
    return estimates


def fixed_effects(
    panel: pd.DataFrame,
    *,
    lag: int = 0,
    history: pd.DataFrame | None = None,
    draws: int = WILD_BOOTSTRAP_DRAWS,
) -> PanelEstimate:
    """log e-commerce sales on log PKU-DFIIC (lagged ``lag`` years), two-way fixed effects.

    The coefficient is an elasticity: the proportional change in sales for a 1% higher digital
    finance index, within a province and net of what all provinces share in a year. With
    ``history`` (e.g. :func:`finance_history`) a lag reads the index of the years before the
    panel, so no year is lost. It is an association: any province-specific trend that moves
    both is in it.
    """
    frame = _regression_frame(panel, lag, history)
    return _fit_two_way(frame, ["finance"], draws=draws)["finance"]


def synergy(
    panel: pd.DataFrame,
    *,
    lag: int = 0,
    history: pd.DataFrame | None = None,
    draws: int = WILD_BOOTSTRAP_DRAWS,
) -> dict[str, PanelEstimate]:
    """The "1+1>2" test: finance, technology and their product in one two-way FE regression.

    Finance is log digital finance and technology the fixed-base infrastructure index
    (computers, websites, mobile data per user: no e-commerce sales in it), both centred at
    their means; a positive interaction with a confidence interval above zero says the two
    wheels are complements.
    """
    frame = _regression_frame(panel, lag, history)
    return _fit_two_way(frame, ["finance", "technology", "finance_x_technology"], draws=draws)


def estimates_table(estimates: Sequence[PanelEstimate], labels: Sequence[str]) -> pd.DataFrame:
    """Estimates as a reader's table: one row per estimate, labelled."""
    validate.instance("estimates", estimates, list | tuple, "a list of PanelEstimate")
    validate.instance("labels", labels, list | tuple, "a list of labels")
    for estimate in estimates:
        validate.instance("estimates", estimate, PanelEstimate, "a list of PanelEstimate")
    if len(estimates) != len(labels):
        raise ValueError(f"labels must match estimates: {len(labels)} != {len(estimates)}")
    return pd.DataFrame(
        {
            "model": list(labels),
            "term": [e.term for e in estimates],
            "coefficient": [e.coefficient for e in estimates],
            "std. error (clustered)": [e.std_error for e in estimates],
            "95% CI low, t(G−1)": [e.ci_low for e in estimates],
            "95% CI high, t(G−1)": [e.ci_high for e in estimates],
            "p, t(G−1)": [e.p_value for e in estimates],
            "p, wild cluster bootstrap": [e.wild_p_value for e in estimates],
            "its Monte Carlo s.e.": [e.wild_p_mc_error for e in estimates],
            "within-province SD of the term": [e.within_sd for e in estimates],
            "effect of one within SD": [e.within_effect for e in estimates],
            "variance absorbed by effects": [e.absorbed_share for e in estimates],
            "observations": [e.n_obs for e in estimates],
        }
    )
