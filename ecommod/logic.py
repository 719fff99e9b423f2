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
from ecommod.language import t
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
        t("fraction per year", "比例（每年）"),
        t("measured FX volatility above which the rule cuts", "规则触发降息的汇率波动率测度阈值"),
        ledger_unit="fraction",
    )
    rate_cut: float = claims.claim_parameter(
        "S312-02",
        t("pp", "百分点"),
        t(
            "cut in the loan rate when triggered (percentage points)",
            "触发时贷款利率的下调幅度（百分点）",
        ),
    )
    loan_rate: float = assumption(
        0.08,
        t("fraction per year", "比例（每年）"),
        t("loan rate under fixed pricing", "固定定价下的贷款利率"),
        plausible=(
            0.05,
            0.12,
            t(
                "bank loans to small exporters (about 4-6%) up to online lenders",
                "银行对小型出口商的贷款（约 4%-6%）至网络贷款机构的利率",
            ),
        ),
    )
    funding_cost: float = assumption(
        0.04,
        t("fraction per year", "比例（每年）"),
        t("lender's cost of funds", "贷款机构的资金成本"),
        plausible=(
            0.02,
            0.05,
            t(
                "deposit and interbank funding of Chinese lenders, 2-5% a year",
                "中国贷款机构的存款与同业融资成本，每年 2%-5%",
            ),
        ),
    )
    term_years: float = assumption(
        0.5,
        t("years", "年"),
        t("loan term", "贷款期限"),
        plausible=(
            0.25,
            1.0,
            t("trade loans run one quarter to a year", "贸易贷款期限为一个季度至一年"),
        ),
    )
    calm_volatility: float = assumption(
        0.03,
        t("fraction per year", "比例（每年）"),
        t("FX volatility in the calm regime", "平稳状态下的汇率波动率"),
        plausible=(
            0.02,
            0.05,
            t(
                "annualised renminbi volatility in quiet years, about 2-5%",
                "平稳年份人民币汇率的年化波动率，约 2%-5%",
            ),
        ),
    )
    stressed_volatility: float = assumption(
        0.10,
        t("fraction per year", "比例（每年）"),
        t("FX volatility in the stressed regime", "压力状态下的汇率波动率"),
        plausible=(
            0.06,
            0.20,
            t(
                "stressed episodes of emerging-market currencies, 6-20% a year",
                "新兴市场货币的压力时期，每年 6%-20%",
            ),
        ),
    )
    stressed_share: float = assumption(
        0.25,
        t("fraction", "比例"),
        t("share of loans made in the stressed regime", "在压力状态下发放的贷款占比"),
        plausible=(
            0.1,
            0.5,
            t("one stressed year in ten to one in two", "每十年一个压力年份至每两年一个"),
        ),
    )
    window_days: int = assumption(
        60,
        t("trading days", "交易日"),
        t("window of the lender's volatility estimate", "贷款机构估计波动率所用的窗口"),
        plausible=(20, 250, t("one month to one year of trading days", "一个月至一年的交易日")),
    )
    loan_to_receipts: float = assumption(
        0.5,
        t("fraction", "比例"),
        t(
            "loan as a share of expected export receipts over the term",
            "贷款占贷款期内预期出口收入的比例",
        ),
        plausible=(
            0.3,
            0.8,
            t(
                "advance rates of receivables and order financing",
                "应收账款融资与订单融资的垫款比例",
            ),
        ),
    )
    margin: float = assumption(
        0.10,
        t("fraction of receipts", "占收入的比例"),
        t("operating margin at the exchange rate of the loan date", "按放款日汇率计算的经营利润率"),
        plausible=(
            0.05,
            0.20,
            t(
                "thin margins of cross-border resellers to branded sellers",
                "从利润微薄的跨境转售商到品牌卖家",
            ),
        ),
    )
    cash_buffer: float = assumption(
        0.15,
        t("fraction of receipts", "占收入的比例"),
        t("merchant's own cash available at maturity", "商家到期时可用的自有现金"),
        plausible=(
            0.05,
            0.30,
            t(
                "a few weeks to a quarter of receipts held as cash",
                "以现金持有数周至一个季度的收入",
            ),
        ),
    )
    business_volatility: float = assumption(
        0.10,
        t("fraction", "比例"),
        t(
            "standard deviation of the merchant's own receipts shock over the term",
            "贷款期内商家自身收入冲击的标准差",
        ),
        plausible=(
            0.05,
            0.25,
            t("order volatility of small online sellers over months", "小型网店数月间的订单波动"),
        ),
    )
    recovery: float = assumption(
        0.4,
        t("fraction of amount due", "占应还金额的比例"),
        t("recovered on a defaulted loan", "违约贷款的回收率"),
        plausible=(
            0.2,
            0.6,
            t(
                "unsecured SME recoveries; Basel foundation loss given default 45%",
                "无担保 SME 贷款的回收；巴塞尔初级法违约损失率 45%",
            ),
        ),
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
    spans = [
        t(
            "{label} {low:g}-{high:g}",
            "{label} {low:g}-{high:g}",
            label=labels[name],
            low=grid.loc[holds, name].min(),
            high=grid.loc[holds, name].max(),
        )
        for name in names
        if holds.any()
    ]
    where = (
        t("{first} and {second}", "{first}，以及{second}", first=spans[0], second=spans[1])
        if holds.any()
        else ""
    )
    return claims.region_finding(
        claim_id,
        grid,
        holds,
        t(
            "the rule ({threshold:.0%} threshold, {cut:g} pp cut) lowers merchant default "
            "and leaves the lender a non-negative excess return on the loans it reprices at "
            "{holding} of {points} points of the plausible {what}; at the default "
            "assumptions the lender's excess return on those loans is "
            "{excess:.2f}% a year (simulated, {loans:,} loans per point, one seed)",
            "该规则（阈值 {threshold:.0%}，下调 {cut:g} 个百分点）在合理的{what}的 {points} "
            "个格点中有 {holding} 个能降低商家违约率，并使贷款机构在其重新定价的贷款上获得"
            "非负的超额收益；在默认假设下，贷款机构在这些贷款上的超额收益为每年 {excess:.2f}%"
            "（模拟，每个格点 {loans:,} 笔贷款，一个随机种子）",
            threshold=a.threshold,
            cut=a.rate_cut,
            holding=int(holds.sum()),
            points=len(holds),
            what=what,
            excess=default["lender_excess_rule_triggered"] * 100,
            loans=FX_GRID_LOANS,
        ),
        estimate=float(default["lender_excess_rule_triggered"] * 100),
        holds_where=t(
            "the points where it balances span {where}",
            "实现平衡的格点覆盖{where}",
            where=where,
        )
        if holds.any()
        else t("the points where it balances span nowhere", "没有任何格点实现平衡"),
    )


@claims.model_check("S312-01")
def fx_threshold_check(claim_id: str = "S312-01") -> claims.Finding:
    """S312-01: does the 5% / 2 pp rule balance merchant and lender over plausible FX regimes?

    The region is the calm and stressed volatilities (their declared plausible ranges): the
    threshold separates the regimes only if they lie on either side of it. The estimate is the
    lender's excess return on the triggered loans at the defaults (% a year).
    """
    return _fx_region(
        claim_id,
        ("calm_volatility", "stressed_volatility"),
        t("calm and stressed FX volatilities", "平稳与压力状态汇率波动率"),
    )


@claims.model_check("S312-02")
def fx_rate_cut_check(claim_id: str = "S312-02") -> claims.Finding:
    """S312-02: does the 2 pp cut (at the 5% threshold) leave the lender whole?

    The claimed cut is evaluated, not scanned: the region is the lender's loan rate and cost of
    funds (their plausible ranges), which decide whether 2 pp of margin can be given up.
    """
    return _fx_region(
        claim_id,
        ("loan_rate", "funding_cost"),
        t("loan rates and funding costs", "贷款利率与资金成本"),
    )


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
        t("fraction per loan", "比例（每笔贷款）"),
        t("default probability of a loan with a sound title", "货权无瑕疵贷款的违约概率"),
        plausible=(
            0.01,
            0.08,
            t("one-year default rates of small-business loans", "小企业贷款的一年期违约率"),
        ),
    )
    loss_given_default: float = assumption(
        0.35,
        t("fraction of exposure", "占风险敞口的比例"),
        t("loss on a defaulted loan whose pledged goods exist", "质押货物真实存在的违约贷款的损失"),
        plausible=(
            0.2,
            0.5,
            t(
                "secured loans; Basel foundation loss given default 35-45%",
                "有担保贷款；巴塞尔初级法违约损失率 35%-45%",
            ),
        ),
    )
    title_fault_share: float = assumption(
        0.05,
        t("fraction of applications", "占申请的比例"),
        t("applications whose pledge has a title fault", "质押物存在货权瑕疵的申请"),
        plausible=(
            0.01,
            0.10,
            t(
                "fraud and double-pledging rates in warehouse-receipt lending",
                "仓单融资中的欺诈与重复质押比例",
            ),
        ),
    )
    fault_default_probability: float = assumption(
        0.5,
        t("fraction", "比例"),
        t(
            "default probability of a loan lent against a faulty title",
            "以瑕疵货权放出的贷款的违约概率",
        ),
        plausible=(
            0.3,
            0.9,
            t(
                "a borrower pledging absent goods often intends not to repay",
                "质押不存在货物的借款人往往无意还款",
            ),
        ),
    )
    loss_given_fault: float = assumption(
        0.8,
        t("fraction of exposure", "占风险敞口的比例"),
        t("loss on a defaulted loan whose pledge is faulty", "质押物有瑕疵的违约贷款的损失"),
        plausible=(
            0.6,
            1.0,
            t(
                "little or nothing to seize behind a faulty title",
                "瑕疵货权背后几乎没有可处置的资产",
            ),
        ),
    )
    manual_detection: float = assumption(
        0.6,
        t("fraction", "比例"),
        t("share of title faults found by manual verification", "人工核验发现的货权瑕疵占比"),
        plausible=(
            0.4,
            0.8,
            t(
                "paper and site checks miss a large share of forged titles",
                "书面与现场核查漏掉大量伪造货权",
            ),
        ),
    )
    chain_detection: float = assumption(
        0.9,
        t("fraction", "比例"),
        t(
            "share of title faults found from on-chain logistics and customs records",
            "依据链上物流与报关记录发现的货权瑕疵占比",
        ),
        plausible=(
            0.7,
            0.99,
            t(
                "records cover paperwork, not always the goods themselves",
                "记录覆盖单证，未必覆盖货物本身",
            ),
        ),
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
        t(
            "across the plausible title-fault shares, manual and on-chain detection rates the cut "
            "in expected loss per yuan lent ranges from {low:.0%} to {high:.0%}; it is "
            "{value:g}% (within {tolerance:g} percentage points) at {holding} "
            "of {points} points; at "
            "the default assumptions ({faults:.0%} faulty pledges, manual checks "
            "finding {manual:.0%}, on-chain records {chain:.0%}) it is "
            "{at_default:.0%}",
            "在合理的货权瑕疵占比、人工核验与链上核验发现率范围内，每元贷款预期损失的降幅介于 "
            "{low:.0%} 至 {high:.0%} 之间；在 {points} 个格点中有 {holding} 个格点的降幅为 "
            "{value:g}%（误差在 {tolerance:g} 个百分点以内）；在默认假设下（{faults:.0%} 的质押物"
            "有瑕疵，人工核验发现 {manual:.0%}，链上记录发现 {chain:.0%}），"
            "降幅为 {at_default:.0%}",
            low=cuts.min(),
            high=cuts.max(),
            value=row["value"],
            tolerance=tolerance * 100,
            holding=int(holds.sum()),
            points=len(holds),
            faults=a.title_fault_share,
            manual=a.manual_detection,
            chain=a.chain_detection,
            at_default=at_default,
        ),
        estimate=at_default * 100,
        unit="pct",
        holds_where=(
            t(
                "only with at least {faults:.1%} faulty pledges and "
                "on-chain records finding at least {chain:.0%} of faults",
                "仅当至少 {faults:.1%} 的质押物有瑕疵、且链上记录至少发现 {chain:.0%} 的瑕疵时成立",
                faults=where["title_fault_share"].min(),
                chain=where["chain_detection"].min(),
            )
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
        "S313-01",
        t("fraction", "比例"),
        t("accuracy of the demand forecast (1 − MAPE)", "需求预测的准确率（1 − MAPE）"),
    )
    advance_rate: float = assumption(
        0.8,
        t("fraction", "比例"),
        t("loan as a share of forecast sales", "贷款占预测销售额的比例"),
        plausible=(
            0.5,
            0.9,
            t(
                "advance rates of order and purchase-order financing",
                "订单融资与采购订单融资的垫款比例",
            ),
        ),
    )
    loan_rate: float = assumption(
        0.06,
        t("fraction per year", "比例（每年）"),
        t("order-loan interest rate", "订单贷利率"),
        plausible=(
            0.04,
            0.12,
            t(
                "bank to online-lender rates for small manufacturers",
                "小型制造商从银行到网络贷款机构的贷款利率",
            ),
        ),
    )
    term_years: float = assumption(
        0.25,
        t("years", "年"),
        t("time from loan to sale", "从放款到销售的时间"),
        plausible=(
            0.1,
            0.5,
            t("production and sales cycles of one to six months", "一至六个月的生产与销售周期"),
        ),
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
        t(
            "at {accuracy:.0%} accuracy (1 − MAPE, normal errors) an order loan of "
            "{advance:.0%} of forecast sales loses {mean:.2f} yuan per 100 lent on "
            "average (Monte Carlo standard error {error:.3f}), "
            "{worst:.1f} in the worst 1% (simulated)",
            "在 {accuracy:.0%} 的准确率下（1 − MAPE，正态误差），额度为预测销售额 {advance:.0%} "
            "的订单贷平均每贷出 100 元损失 {mean:.2f} 元（Monte Carlo 标准误 {error:.3f}），"
            "在最差的 1% 订单中损失 {worst:.1f} 元（模拟）",
            accuracy=a.forecast_accuracy,
            advance=a.advance_rate,
            mean=mean * 100,
            error=error * 100,
            worst=np.quantile(loss, 0.99) * 100,
        ),
        interval=interval,
        assumed=(
            t("advance rate", "垫款比例"),
            t("loan rate", "贷款利率"),
            t("term", "期限"),
            t("normal forecast errors", "正态分布的预测误差"),
        ),
        set_from_claim=(
            t(
                "forecast accuracy {accuracy:.0%} (this claim)",
                "预测准确率 {accuracy:.0%}（本主张）",
                accuracy=a.forecast_accuracy,
            ),
        ),
    )


# --- 3.1.3 value co-creation: IoT-linked credit and IoT adoption ---------------------------------


@dataclass(frozen=True)
class IotIncentiveAssumptions:
    """The IoT-linked credit rule (S313-02, S313-03) for one farmer, and adoption (S313-04)."""

    quality_gain: float = claims.claim_parameter(
        "S313-02",
        t("fraction", "比例"),
        t(
            "rise in the quality compliance rate that unlocks the bonus",
            "获得额度奖励所需的品质合规率（达标率）提升",
        ),
    )
    credit_uplift: float = claims.claim_parameter(
        "S313-03",
        t("fraction", "比例"),
        t("rise in the next credit line once the gain is met", "达标后下次贷款额度的增幅"),
    )
    base_credit_line_yuan: float = assumption(
        50_000.0,
        t("yuan", "元"),
        t("a farmer's current credit line", "农户当前的贷款额度"),
        plausible=(
            10_000.0,
            200_000.0,
            t(
                "rural household and farm loans, 10 000-200 000 yuan",
                "农户与农场贷款，10 000-200 000 元",
            ),
        ),
    )
    base_compliance: float = assumption(
        0.60,
        t("fraction", "比例"),
        t(
            "quality compliance rate before IoT monitoring",
            "使用物联网监测前的品质合规率（达标率）",
        ),
        plausible=(
            0.4,
            0.8,
            t("grading pass rates of smallholder produce", "小农户农产品的分级合格率"),
        ),
    )
    start_adoption: float = claims.claim_parameter(
        "S313-04",
        t("fraction", "比例"),
        t("IoT adoption in western rural areas at the start", "期初西部农村的物联网设备普及率"),
        field="baseline_value",
    )
    target_adoption: float = claims.claim_parameter(
        "S313-04",
        t("fraction", "比例"),
        t("IoT adoption the paper reports at the end", "论文所报告的期末物联网设备普及率"),
    )
    innovation: float = assumption(
        0.01,
        t("per year", "每年"),
        t("Bass innovation coefficient p without the incentive", "无激励时的 Bass 创新系数 p"),
        "bass1969growth",
        plausible=(
            0.001,
            0.03,
            t(
                "p of agricultural and consumer innovations (mean near 0.03)",
                "农业与消费品创新的 p（均值约 0.03）",
            ),
        ),
    )
    imitation: float = assumption(
        0.30,
        t("per year", "每年"),
        t("Bass imitation coefficient q (word of mouth)", "Bass 模仿系数 q（口碑效应）"),
        "bass1969growth",
        plausible=(
            0.1,
            0.5,
            t("q of fitted Bass curves (mean near 0.4)", "已拟合 Bass 曲线的 q（均值约 0.4）"),
        ),
    )
    horizon_years: float = assumption(
        3.0,
        t("years", "年"),
        t(
            "period over which the rise happened (the paper gives none)",
            "普及率上升所经历的时间（论文未给出）",
        ),
        plausible=(
            1.0,
            8.0,
            t(
                "a rise reported in a 2025 paper, after a scheme of a few years",
                "2025 年论文所报告的上升，发生在实施数年的方案之后",
            ),
        ),
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
        t(
            "a farmer with a {line:,.0f}-yuan line and {compliance:.0%} "
            "compliance must reach {relative:.0%} (relative reading) or "
            "{points:.0%} (percentage points) to get {extra:,.0f} yuan more",
            "额度为 {line:,.0f} 元、品质合规率为 {compliance:.0%} 的农户须将合规率提高到 "
            "{relative:.0%}（相对提升的解读）或 {points:.0%}（百分点的解读），才能多获得 "
            "{extra:,.0f} 元额度",
            line=a.base_credit_line_yuan,
            compliance=a.base_compliance,
            relative=line["compliance_needed_relative"],
            points=line["compliance_needed_points"],
            extra=extra,
        ),
        assumed=(
            t("the farmer's credit line", "农户的贷款额度"),
            t("the farmer's compliance rate", "农户的品质合规率"),
        ),
        set_from_claim=(
            t(
                "quality gain {gain:.0%} (S313-02)",
                "品质提升 {gain:.0%}（S313-02）",
                gain=a.quality_gain,
            ),
            t(
                "credit uplift {uplift:.0%} (S313-03)",
                "额度提升 {uplift:.0%}（S313-03）",
                uplift=a.credit_uplift,
            ),
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
        t(
            "without any incentive, Bass diffusion (p = {p:g}, q = {q:g}) takes "
            "adoption from {start:.0%} to {target:.0%} in {alone:.1f} years and "
            "reaches {reached:.0%} in {horizon:g}; to get to {target:.0%} within "
            "{horizon:g} years the incentive must add {needed:.3f} a year to p. The rise "
            "alone says nothing about the rule's effect",
            "在没有任何激励的情况下，Bass 扩散（p = {p:g}，q = {q:g}）使普及率在 {alone:.1f} 年内"
            "从 {start:.0%} 升至 {target:.0%}，{horizon:g} 年内达到 {reached:.0%}；"
            "要在 {horizon:g} 年内达到 {target:.0%}，激励须使 p 每年增加 {needed:.3f}。"
            "普及率的上升本身不能说明该规则的效果",
            p=a.innovation,
            q=a.imitation,
            start=a.start_adoption,
            target=a.target_adoption,
            alone=alone,
            reached=reached,
            horizon=a.horizon_years,
            needed=needed,
        ),
        assumed=(
            t("Bass coefficients p and q", "Bass 系数 p 与 q"),
            t("the period of the rise", "上升所经历的时间"),
        ),
        set_from_claim=(
            t(
                "start {start:.0%} and end {target:.0%} of the rise (this claim)",
                "上升的起点 {start:.0%} 与终点 {target:.0%}（本主张）",
                start=a.start_adoption,
                target=a.target_adoption,
            ),
        ),
    )


# --- 3.3 supply-chain finance ---------------------------------------------------------------


@dataclass(frozen=True)
class SupplyChainAssumptions:
    """A supplier's receivables from a core enterprise, financed three ways (§3.3)."""

    receivables_yuan: float = assumption(
        1_000_000.0,
        t("yuan", "元"),
        t("receivables outstanding", "未收回的应收账款"),
        plausible=(
            100_000.0,
            10_000_000.0,
            t("small suppliers' receivables from one buyer", "小供应商对单一买方的应收账款"),
        ),
    )
    days_outstanding: float = assumption(
        90.0,
        t("days", "天"),
        t("days until the core enterprise pays", "核心企业付款前的天数"),
        plausible=(
            30.0,
            180.0,
            t(
                "payment terms of large Chinese buyers, one to six months",
                "中国大型买方的付款账期，一至六个月",
            ),
        ),
    )
    advance_rate: float = assumption(
        0.8,
        t("fraction", "比例"),
        t("share of receivables advanced", "应收账款的垫款比例"),
        plausible=(0.6, 0.9, t("advance rates of receivables financing", "应收账款融资的垫款比例")),
    )
    supplier_rate: float = assumption(
        0.12,
        t("fraction per year", "比例（每年）"),
        t("rate on the supplier's own credit", "以供应商自身信用融资的利率"),
        plausible=(
            0.06,
            0.18,
            t("small-firm loans, bank to non-bank lenders", "小企业贷款，从银行到非银行贷款机构"),
        ),
    )
    core_rate: float = assumption(
        0.05,
        t("fraction per year", "比例（每年）"),
        t(
            "rate on the core enterprise's credit (guaranteed)",
            "以核心企业信用融资的利率（有担保）",
        ),
        plausible=(
            0.03,
            0.07,
            t("loan rates of large, highly rated firms", "高评级大型企业的贷款利率"),
        ),
    )
    supplier_default: float = assumption(
        0.05,
        t("fraction per year", "比例（每年）"),
        t("supplier default probability", "供应商违约概率"),
        plausible=(0.02, 0.10, t("one-year default rates of small firms", "小企业的一年期违约率")),
    )
    core_default: float = assumption(
        0.005,
        t("fraction per year", "比例（每年）"),
        t("core enterprise default prob.", "核心企业违约概率"),
        plausible=(
            0.001,
            0.02,
            t(
                "one-year default rates of investment-grade to weaker large firms",
                "投资级至资质较弱的大型企业的一年期违约率",
            ),
        ),
    )
    dilution_without_data: float = assumption(
        0.03,
        t("fraction", "比例"),
        t(
            "receivables not genuine or disputed, checked on paper",
            "不真实或有争议的应收账款（书面核查）",
        ),
        plausible=(
            0.01,
            0.08,
            t(
                "disputed and fictitious invoices in receivables finance",
                "应收账款融资中有争议及虚构的发票",
            ),
        ),
    )
    dilution_with_logistics: float = assumption(
        0.01,
        t("fraction", "比例"),
        t(
            "receivables not genuine or disputed, checked against logistics data",
            "不真实或有争议的应收账款（以物流数据核查）",
        ),
        plausible=(
            0.002,
            0.03,
            t(
                "delivery records confirm goods, not quality disputes",
                "交付记录可确认货物，但无法确认品质争议",
            ),
        ),
    )
    loss_given_default: float = assumption(
        0.45,
        t("fraction", "比例"),
        t("lender's loss on a default", "违约时贷款机构的损失"),
        plausible=(
            0.3,
            0.7,
            t(
                "Basel foundation loss given default 45% for senior unsecured",
                "巴塞尔初级法对高级无担保债权的违约损失率 45%",
            ),
        ),
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
        t("supplier's own credit", "供应商自身信用"): (a.supplier_rate, a.supplier_default, 0.0),
        t("core guarantee, paper checks", "核心企业担保，书面核查"): (
            a.core_rate,
            a.core_default,
            a.dilution_without_data,
        ),
        t("core guarantee + logistics data", "核心企业担保 + 物流数据"): (
            a.core_rate,
            a.core_default,
            a.dilution_with_logistics,
        ),
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
    "coverage_breadth": t("coverage breadth (PKU-DFIIC sub-index)", "覆盖广度（PKU-DFIIC 分指数）"),
    "usage_depth": t("usage depth (PKU-DFIIC sub-index)", "使用深度（PKU-DFIIC 分指数）"),
    "digitization_level": t(
        "digitisation level (PKU-DFIIC sub-index)", "数字化程度（PKU-DFIIC 分指数）"
    ),
    "computers_per_100_persons": t("computers per 100 persons", "每百人使用计算机数"),
    "websites_per_100_firms": t("websites per 100 firms", "每百家企业拥有网站数"),
    "firms_with_ec_share_pct": t(
        "firms trading online (% of firms)", "有电子商务交易活动的企业（占企业的 %）"
    ),
    "ec_sales_per_firm_10k_yuan": t(
        "e-commerce sales per trading firm (10,000 yuan)",
        "有电商交易企业的平均电子商务销售额（万元）",
    ),
    "traffic_per_user_gb": t("mobile data per user (GB)", "户均移动互联网接入流量（GB）"),
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
            t("coefficient", "系数"): [e.coefficient for e in estimates],
            t("std. error (clustered)", "标准误（聚类）"): [e.std_error for e in estimates],
            t("95% CI low, t(G−1)", "95% 置信区间下限，t(G−1)"): [e.ci_low for e in estimates],
            t("95% CI high, t(G−1)", "95% 置信区间上限，t(G−1)"): [e.ci_high for e in estimates],
            t("p, t(G−1)", "p 值，t(G−1)"): [e.p_value for e in estimates],
            t("p, wild cluster bootstrap", "p 值，野聚类自助法"): [
                e.wild_p_value for e in estimates
            ],
            t("its Monte Carlo s.e.", "其 Monte Carlo 标准误"): [
                e.wild_p_mc_error for e in estimates
            ],
            t("within-province SD of the term", "该变量的省内标准差"): [
                e.within_sd for e in estimates
            ],
            t("effect of one within SD", "一个省内标准差的效应"): [
                e.within_effect for e in estimates
            ],
            t("variance absorbed by effects", "被固定效应吸收的方差"): [
                e.absorbed_share for e in estimates
            ],
            t("observations", "观测数"): [e.n_obs for e in estimates],
        }
    )
