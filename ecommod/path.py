"""§4.1-4.3 "Path": the three-stage transformation path, measured and modelled.

The paper (§4.1-4.3) describes a path in three stages, each pairing a technology step with a finance
step: infrastructure digitisation + financial infrastructure, business-process intelligence +
embedded finance, ecosystem coordination + financial-ecosystem integration. This module holds what
is specific to that section (``notebooks/02_path.ipynb``):

* **Diffusion** of online retail: a finance-driven change of the Bass adoption parameters ("cost
  sharing lowers the technology threshold") applied to a curve fitted with the shared
  :mod:`ecommod.diffusion`.
* **Working capital** along the path: the cash-conversion cycle of :mod:`ecommod.cashflow` turns
  inventory days (S1-07: 45 days, 22 more than digitised leaders), settlement delays and supplier
  terms into yuan tied up and their financing cost.
* **Checkout instalment credit** (embedded finance in the process stage): conversion uplift against
  credit losses and funding cost, with the break-even uplift.
* **Stage index** on the NBS provincial panel and PKU-DFIIC: one composite per stage (technology
  part and finance part), a deterministic stage classification with stated thresholds,
  transitions, skips and reversals.

Model checks for the claim ledger are the functions whose names end in ``_check``; each is
registered with :func:`ecommod.claims.model_check` and returns a finding, which the ledger's one
rule turns into the verdict.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ecommod import cashflow, claims, diffusion, validate
from ecommod.language import t
from ecommod.present import assumption

# --- diffusion of online retail ----------------------------------------------------------------


@dataclass(frozen=True)
class AdoptionScenario:
    """A finance-driven change of the Bass adoption parameters from ``policy_year`` on."""

    policy_year: int = assumption(
        2024,
        t("year", "年份"),
        t("first year in which cost sharing changes adoption", "成本分摊开始改变采纳的第一年"),
        plausible=(
            2024,
            2030,
            t(
                "from the first year after the series to a programme started later",
                "从序列结束后的第一年到较晚启动的项目",
            ),
        ),
    )
    innovation_multiplier: float = assumption(
        1.5,
        t("times", "倍"),
        t(
            "factor on the innovation coefficient p: cost sharing lowers the entry threshold, so "
            "more sellers adopt independently of others (paper §3.1.3, 'cost sharing lowers the "
            "technology threshold')",
            "创新系数 p 的乘数：成本分摊降低进入门槛，更多商家不依赖他人而独立采纳"
            "（论文 §3.1.3，“成本分摊降低技术门槛”）",
        ),
        plausible=(
            1.0,
            3.0,
            t(
                "no change to a tripling of independent adoption; a scenario range",
                "从不变到独立采纳增至三倍；情景范围",
            ),
        ),
    )
    saturation_multiplier: float = assumption(
        1.0,
        t("times", "倍"),
        t(
            "factor on the saturation level: sellers priced out before can now adopt at all",
            "饱和水平的乘数：此前因成本被挡在门外的商家如今得以采纳",
        ),
        plausible=(
            1.0,
            1.3,
            t(
                "no new sellers to a ceiling raised by almost a third; a scenario range",
                "从没有新增商家到上限提高近三分之一；情景范围",
            ),
        ),
    )
    until: int = assumption(
        2035,
        t("year", "年份"),
        t("last year of the projection", "预测的最后一年"),
        plausible=(
            2030,
            2050,
            t("a projection horizon of one to three decades", "十到三十年的预测期"),
        ),
    )

    def __post_init__(self):
        validate.integer("policy_year", self.policy_year, 1900, 2100)
        validate.positive("innovation_multiplier", self.innovation_multiplier, unit="times")
        validate.positive("saturation_multiplier", self.saturation_multiplier, unit="times")
        validate.integer("until", self.until, self.policy_year + 1, 2100)


def adoption_scenario(fit: diffusion.DiffusionFit, scenario: AdoptionScenario = AdoptionScenario()):
    """Baseline and scenario Bass paths (%) from the last observed year to ``scenario.until``.

    Both start from the fitted share in ``scenario.policy_year``; the scenario multiplies p and the
    saturation level from then on. Returns a DataFrame indexed by year (baseline, scenario, gap_pp).
    """
    validate.instance("fit", fit, diffusion.DiffusionFit, "a DiffusionFit (fit_diffusion)")
    validate.instance("scenario", scenario, AdoptionScenario, "an AdoptionScenario")
    if fit.model != "bass":
        raise ValueError(f"fit must be a Bass fit (model 'bass'), got {fit.model!r}")
    validate.positive("innovation_multiplier", scenario.innovation_multiplier, unit="times")
    validate.positive("saturation_multiplier", scenario.saturation_multiplier, unit="times")
    if not scenario.until > scenario.policy_year:
        raise ValueError(
            f"until must be after policy_year ({scenario.policy_year}), got {scenario.until}"
        )
    saturation, innovation, imitation = fit.estimates["estimate"]
    years = np.arange(scenario.policy_year, scenario.until + 1)
    ahead = (years - scenario.policy_year).astype(float)
    now = float(fit.predict([scenario.policy_year])[0])
    new_saturation = saturation * scenario.saturation_multiplier
    baseline = diffusion.bass_continuation(now, saturation, innovation, imitation, ahead)
    changed = diffusion.bass_continuation(
        min(now, new_saturation),
        new_saturation,
        innovation * scenario.innovation_multiplier,
        imitation,
        ahead,
    )
    table = pd.DataFrame(
        {"baseline": baseline, "scenario": changed}, index=pd.Index(years, name="year")
    )
    table["gap_pp"] = table["scenario"] - table["baseline"]
    return table


# --- working capital along the path ------------------------------------------------------------


@dataclass(frozen=True)
class WorkingCapitalAssumptions:
    """A seller's operating cycle (S1-07) and what each stage of the path changes in it."""

    annual_sales_yuan: float = assumption(
        10_000_000.0,
        t("yuan per year", "元/年"),
        t("online sales of the example seller", "示例商家的线上销售额"),
        plausible=(
            1e6,
            1e8,
            t(
                "a small to a mid-sized online seller; every yuan result scales with it",
                "从小型到中型线上商家；所有以元计的结果与之成比例",
            ),
        ),
    )
    cost_of_goods_share: float = assumption(
        0.70,
        t("fraction of sales", "占销售额的比例"),
        t("cost of goods sold as a share of sales", "销货成本占销售额的比例"),
        plausible=(
            0.5,
            0.85,
            t(
                "gross margins of 15-50% of sales for sellers of physical goods",
                "实物商品卖家的毛利率为销售额的 15-50%",
            ),
        ),
    )
    inventory_days: float = claims.claim_parameter(
        t("S1-07", "S1-07"),
        t("days", "天"),
        t(
            "inventory turnover days of a traditional e-commerce seller",
            "传统电商卖家的库存周转天数",
        ),
    )
    inventory_gap_days: float = claims.claim_parameter(
        t("S1-18", "S1-18"),
        t("days", "天"),
        t(
            "how many days longer a traditional seller holds inventory than a digitised leader; "
            "process intelligence removes them",
            "传统卖家比数字化领先企业多持有库存的天数；业务流程智能化消除这些天数",
        ),
    )
    settlement_days: float = assumption(
        10.0,
        t("days", "天"),
        t(
            "days from a sale to the platform paying the seller (delivery, receipt confirmation, "
            "settlement)",
            "从成交到平台向卖家付款的天数（配送、确认收货、结算）",
        ),
        plausible=(
            3,
            20,
            t(
                "delivery and automatic receipt confirmation take one to three weeks",
                "配送与自动确认收货需要一到三周",
            ),
        ),
    )
    embedded_settlement_days: float = assumption(
        1.0,
        t("days", "天"),
        t(
            "days from a sale to cash when embedded finance advances the payment (T+1)",
            "嵌入式金融垫付货款时从成交到回款的天数（T+1）",
        ),
        plausible=(
            0,
            3,
            t(
                "an advance paid the same day (T+0) to three days after the sale",
                "从当天垫付（T+0）到成交后三天",
            ),
        ),
    )
    payable_days: float = assumption(
        20.0,
        t("days", "天"),
        t("supplier payment terms the seller gets", "卖家获得的供应商付款账期"),
        plausible=(
            0,
            60,
            t("cash on delivery to two months of trade credit", "从货到付款到两个月的商业信用"),
        ),
    )
    bank_rate: float = assumption(
        0.08,
        t("fraction per year", "比例（每年）"),
        t(
            "cost of the seller's working-capital finance without supply-chain finance",
            "没有供应链金融时卖家营运资金融资的成本",
        ),
        plausible=(
            0.04,
            0.15,
            t(
                "a secured bank loan to an unsecured small-business loan",
                "从有担保的银行贷款到无担保的小微企业贷款",
            ),
        ),
    )
    supply_chain_rate: float = assumption(
        0.05,
        t("fraction per year", "比例（每年）"),
        t(
            "cost of supply-chain / receivables finance priced on platform data and the anchor's "
            "credit",
            "依据平台数据和核心企业信用定价的供应链金融/应收账款融资成本",
        ),
        plausible=(
            0.03,
            0.08,
            t(
                "receivables priced on a large buyer's or platform's credit",
                "依据大买家或平台信用定价的应收账款",
            ),
        ),
    )

    def __post_init__(self):
        _check_working_capital(self)


def _check_working_capital(a: WorkingCapitalAssumptions) -> None:
    validate.instance("assumptions", a, WorkingCapitalAssumptions, "a WorkingCapitalAssumptions")
    validate.positive("annual_sales_yuan", a.annual_sales_yuan, unit="yuan per year")
    validate.share("cost_of_goods_share", a.cost_of_goods_share)
    validate.non_negative("inventory_days", a.inventory_days, unit="days")
    validate.in_range(
        "inventory_gap_days",
        a.inventory_gap_days,
        0.0,
        a.inventory_days,
        unit="days (at most inventory_days)",
    )
    validate.non_negative("settlement_days", a.settlement_days, unit="days")
    validate.in_range(
        "embedded_settlement_days",
        a.embedded_settlement_days,
        0.0,
        a.settlement_days,
        unit="days (at most settlement_days)",
    )
    validate.non_negative("payable_days", a.payable_days, unit="days")
    validate.in_range("bank_rate", a.bank_rate, 0.0, 1.0, unit="per year")
    validate.in_range("supply_chain_rate", a.supply_chain_rate, 0.0, 1.0, unit="per year")


def working_capital_path(
    assumptions: WorkingCapitalAssumptions = WorkingCapitalAssumptions(),
) -> pd.DataFrame:
    """The seller's cycle at each step of the path, one row per step (cumulative).

    Steps: a traditional seller; + process intelligence (inventory days shortened by the gap);
    + embedded settlement (cash at ``embedded_settlement_days``); + supply-chain finance (the
    remaining working capital financed at ``supply_chain_rate`` instead of ``bank_rate``).
    Columns: the three day counts, the cycle (days), working capital (yuan), its financing rate and
    yearly financing cost (yuan). Working capital is financed only where positive.
    """
    a = assumptions
    _check_working_capital(a)
    leader_days = a.inventory_days - a.inventory_gap_days
    steps = [
        (t("traditional seller", "传统卖家"), a.inventory_days, a.settlement_days, a.bank_rate),
        (
            t("+ process intelligence (faster turnover)", "+ 业务流程智能化（周转加快）"),
            leader_days,
            a.settlement_days,
            a.bank_rate,
        ),
        (
            t("+ embedded finance: faster settlement", "+ 嵌入式金融：结算加快"),
            leader_days,
            a.embedded_settlement_days,
            a.bank_rate,
        ),
        (
            t("+ embedded finance: supply-chain finance rate", "+ 嵌入式金融：供应链金融利率"),
            leader_days,
            a.embedded_settlement_days,
            a.supply_chain_rate,
        ),
    ]
    table = pd.DataFrame(
        steps, columns=["step", "inventory_days", "receivable_days", "financing_rate"]
    )
    table["payable_days"] = a.payable_days
    table["cycle_days"] = cashflow.cash_conversion_cycle(
        table["inventory_days"], table["receivable_days"], table["payable_days"]
    )
    table["working_capital_yuan"] = cashflow.working_capital(
        a.annual_sales_yuan,
        a.cost_of_goods_share,
        table["inventory_days"],
        table["receivable_days"],
        table["payable_days"],
    )
    table["financing_cost_yuan"] = (
        table["working_capital_yuan"].clip(lower=0.0) * table["financing_rate"]
    )
    table["cost_saved_yuan"] = -table["financing_cost_yuan"].diff().fillna(0.0)
    table["working_capital_freed_yuan"] = -table["working_capital_yuan"].diff().fillna(0.0)
    columns = ["step", "inventory_days", "receivable_days", "payable_days", "cycle_days"]
    return table[
        columns
        + [
            "working_capital_yuan",
            "working_capital_freed_yuan",
            "financing_rate",
            "financing_cost_yuan",
            "cost_saved_yuan",
        ]
    ]


# --- embedded consumer instalment credit at checkout -------------------------------------------


@dataclass(frozen=True)
class CheckoutCreditAssumptions:
    """Consumer instalment credit offered at checkout (the paper's 嵌入消费金融, §4.2).

    Merchant and lender are taken together (the platform's view): the credit is interest-free to
    the buyer, so its cost (expected loss and funding) is borne by the seller side.
    """

    baseline_conversion: float = assumption(
        0.03,
        t("fraction of visits", "占访问量的比例"),
        t("share of visits that end in a purchase without credit", "无信贷时以购买告终的访问占比"),
        plausible=(
            0.01,
            0.05,
            t("one to five purchases per hundred visits", "每百次访问一到五次购买"),
        ),
    )
    conversion_uplift: float = assumption(
        0.10,
        t("fraction (relative)", "比例（相对）"),
        t(
            "relative rise of the conversion rate when instalments are offered",
            "提供分期付款时转化率的相对提升",
        ),
        plausible=(
            0.0,
            0.30,
            t(
                "no rise to the top of a payment vendor's unstudied 10-30%",
                "从没有提升到某支付服务商未经研究的 10-30% 的上限",
            ),
        ),
    )
    average_order_yuan: float = assumption(
        400.0,
        t("yuan", "元"),
        t("average order value", "平均订单金额"),
        plausible=(
            100,
            2000,
            t(
                "everyday goods to electronics; results per yuan do not depend on it",
                "从日用品到电子产品；按每元计的结果与之无关",
            ),
        ),
    )
    gross_margin: float = assumption(
        0.25,
        t("fraction of sales", "占销售额的比例"),
        t("seller's gross margin on an order", "卖家每笔订单的毛利率"),
        plausible=(
            0.15,
            0.5,
            t("thin-margin electronics to apparel and cosmetics", "从薄利的电子产品到服装和化妆品"),
        ),
    )
    take_up: float = assumption(
        0.30,
        t("fraction of orders", "占订单的比例"),
        t(
            "share of orders (with credit offered) paid in instalments",
            "（提供信贷时）以分期付款的订单占比",
        ),
        plausible=(
            0.1,
            0.5,
            t(
                "a minority to half of the orders; not measured for the paper's case",
                "从少数订单到一半订单；论文的情形未有测量",
            ),
        ),
    )
    term_months: int = assumption(
        6,
        t("months", "月"),
        t("instalment term, equal monthly payments", "分期期限，每月等额还款"),
        plausible=(
            3,
            12,
            t("the usual 3-, 6- and 12-month plans", "常见的 3 期、6 期和 12 期方案"),
        ),
    )
    loss_rate: float = assumption(
        0.02,
        t("fraction of amount financed", "占融资金额的比例"),
        t(
            "expected credit loss (default probability times loss given default)",
            "预期信用损失（违约概率乘以违约损失率）",
        ),
        plausible=(
            0.005,
            0.05,
            t(
                "prime consumer credit to a thin-file buyer population",
                "从优质消费信贷到信用记录稀薄的买家群体",
            ),
        ),
    )
    funding_rate: float = assumption(
        0.04,
        t("fraction per year", "比例（每年）"),
        t("lender's cost of funds", "贷款机构的资金成本"),
        plausible=(
            0.02,
            0.08,
            t(
                "a bank's deposit funding to a consumer lender's market funding",
                "从银行的存款资金到消费信贷机构的市场化融资",
            ),
        ),
    )
    buyer_fee_rate: float = assumption(
        0.0,
        t("fraction of amount financed", "占融资金额的比例"),
        t(
            "fee paid by the buyer for the instalments (0: interest-free to the buyer)",
            "买家为分期支付的费用（0：对买家免息）",
        ),
        plausible=(
            0.0,
            0.1,
            t("interest-free to a fee-bearing instalment plan", "从免息到收费的分期方案"),
        ),
    )

    def __post_init__(self):
        _check_checkout(self)


def _check_checkout(a: CheckoutCreditAssumptions) -> None:
    validate.instance("assumptions", a, CheckoutCreditAssumptions, "a CheckoutCreditAssumptions")
    validate.share("baseline_conversion", a.baseline_conversion)
    validate.in_range("conversion_uplift", a.conversion_uplift, -1.0, 100.0, unit="(relative)")
    validate.positive("average_order_yuan", a.average_order_yuan, unit="yuan")
    validate.share("gross_margin", a.gross_margin)
    validate.share("take_up", a.take_up)
    validate.count("term_months", a.term_months)
    validate.share("loss_rate", a.loss_rate)
    validate.in_range("funding_rate", a.funding_rate, 0.0, 1.0, unit="per year")
    validate.share("buyer_fee_rate", a.buyer_fee_rate)
    if a.baseline_conversion * (1.0 + a.conversion_uplift) > 1.0:
        raise ValueError(
            f"conversion_uplift must keep the conversion rate at most 1, got "
            f"{a.conversion_uplift} on baseline_conversion {a.baseline_conversion}"
        )


def credit_cost_per_yuan(assumptions: CheckoutCreditAssumptions) -> float:
    """Net cost of one yuan financed: loss + funding over the average balance - buyer fee.

    With ``n`` equal monthly payments the balance averages ``(n + 1) / (2 n)`` of the amount over
    ``n`` months, that is ``(n + 1) / 24`` years of the full amount.
    """
    a = assumptions
    _check_checkout(a)
    average_years = (a.term_months + 1) / 24.0
    return a.loss_rate + a.funding_rate * average_years - a.buyer_fee_rate


def checkout_outcome(assumptions: CheckoutCreditAssumptions = CheckoutCreditAssumptions()):
    """Profit per 1,000 visits without and with checkout credit (yuan), and the break-even uplift.

    Profit = conversion x order value x (margin - take-up x net credit cost per yuan). Returns a
    one-row-per-case DataFrame (case, conversion, profit_per_1000_visits_yuan) with the break-even
    uplift (fraction) in ``attrs["break_even_uplift"]`` (``inf`` when credit never pays).
    """
    a = assumptions
    cost = credit_cost_per_yuan(a)
    with_credit = a.baseline_conversion * (1.0 + a.conversion_uplift)
    visits = 1000.0
    rows = [
        (t("without credit", "无信贷"), a.baseline_conversion, a.gross_margin),
        (
            t("with instalment credit", "提供分期信贷"),
            with_credit,
            a.gross_margin - a.take_up * cost,
        ),
    ]
    table = pd.DataFrame(rows, columns=["case", "conversion", "margin_after_credit"])
    table["profit_per_1000_visits_yuan"] = (
        visits * table["conversion"] * a.average_order_yuan * table["margin_after_credit"]
    )
    table.attrs["break_even_uplift"] = break_even_uplift(a)
    return table


def break_even_uplift(assumptions: CheckoutCreditAssumptions) -> float:
    """Smallest relative conversion uplift at which checkout credit does not lower profit.

    Solves ``(1 + u)(m - t c) = m`` for ``u``: ``u* = t c / (m - t c)`` with margin ``m``, take-up
    ``t`` and net credit cost per yuan ``c``; ``inf`` when ``t c >= m``, a negative value when the
    buyer fee more than pays for the credit.
    """
    _check_checkout(assumptions)
    a = assumptions
    burden = a.take_up * credit_cost_per_yuan(a)
    if burden >= a.gross_margin:
        return math.inf
    return burden / (a.gross_margin - burden)


# --- the stage index on the provincial panel ---------------------------------------------------

#: The paper's three stages, in its order (§4.1, §4.2, §4.3).
STAGES = (t("infrastructure", "基础设施"), t("process", "业务流程"), t("ecosystem", "生态体系"))
#: The two parts of each stage index, as the paper pairs them.
PARTS = (t("technology", "技术"), t("finance", "金融"))
#: Stage number 0 means "before stage 1": the infrastructure index is below its threshold.
STAGE_LABELS = {
    0: t("0 before stage 1", "0 尚未进入阶段 1"),
    1: t("1 infrastructure", "1 基础设施"),
    2: t("2 process", "2 业务流程"),
    3: t("3 ecosystem", "3 生态体系"),
}
#: Proxies of each stage's technology and finance parts (columns of
#: :func:`ecommod.provincial.provincial_panel`).
STAGE_INDICATORS = {
    "infrastructure": {
        "technology": ("computers_per_100_persons", "traffic_per_user_gb"),
        "finance": ("coverage_breadth",),
    },
    "process": {
        "technology": ("websites_per_100_firms", "firms_with_ec_share_pct"),
        "finance": ("usage_depth", "payment"),
    },
    "ecosystem": {
        "technology": ("ec_sales_per_firm_10k_yuan", "ec_purchases_per_firm_10k_yuan"),
        "finance": ("credit", "insurance", "digitization_level"),
    },
}
_KEYS = ["prov_code", "year"]


def stage_indices(
    panel: pd.DataFrame,
    indicators: dict = STAGE_INDICATORS,
    *,
    technology_weight: float = 0.5,
    base_years: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """One index per stage and province-year, with its two parts, on a fixed base.

    Every indicator is min-max normalised to the bounds of the base years, and each part
    (technology, finance) is the composite of its indicators with entropy weights of the base
    years (:func:`ecommod.indices.fit_base`), so adding a year leaves every earlier value
    unchanged. ``base_years`` is (first, last), inclusive; None means
    :data:`ecommod.indices.BASE_YEARS`. Base rows lie in [0, 1]; a year outside the base may go
    beyond (linear extension). The stage index is ``technology_weight * technology +
    (1 - technology_weight) * finance``. Rows with a missing indicator are dropped. Returns
    prov_code, year, ``<stage>_technology``, ``<stage>_finance`` and ``<stage>`` for each stage;
    the entropy weights are in ``attrs["weights"]``, the base years in ``attrs["base_years"]``.
    """
    from ecommod import indices

    validate.share("technology_weight", technology_weight)
    validate.columns("panel", panel, _KEYS)
    validate.instance("indicators", indicators, dict, "a dict stage -> {part: columns}")
    if set(indicators) != set(STAGES):
        raise ValueError(
            f"indicators must have one entry per stage {STAGES}, got {list(indicators)}"
        )
    for stage in STAGES:
        validate.instance(
            f"indicators[{stage!r}]", indicators[stage], dict, "a dict part -> columns"
        )
        if set(indicators[stage]) != set(PARTS):
            raise ValueError(
                f"indicators[{stage!r}] must have one entry per part {PARTS}, "
                f"got {list(indicators[stage])}"
            )
    if base_years is not None:
        validate.instance("base_years", base_years, tuple | list, "(first, last) years")
        if len(base_years) != 2:
            raise ValueError(f"base_years must be (first, last) years, got {base_years!r}")
        for year in base_years:
            validate.integer("base_years", year, 1900, 2100)
    first, last = indices.BASE_YEARS if base_years is None else base_years
    if not first <= last:
        raise ValueError(f"base_years must be (first, last) with first <= last, got {base_years}")
    needed = [c for stage in STAGES for part in indicators[stage].values() for c in part]
    validate.columns("panel", panel, needed)
    complete = panel.dropna(subset=needed).sort_values(_KEYS).reset_index(drop=True)
    in_base = complete["year"].between(first, last).to_numpy()
    if in_base.sum() < 2:
        raise ValueError(
            f"base_years ({first}, {last}) must cover at least 2 complete rows of panel, "
            f"got {int(in_base.sum())}"
        )
    result = complete[_KEYS].copy()
    weights = {}
    for stage in STAGES:
        for part in PARTS:
            columns = list(indicators[stage][part])
            base = indices.fit_base(complete[columns], in_base)
            weights[(stage, part)] = base.weights
            result[f"{stage}_{part}"] = indices.base_index(complete[columns], base)
        result[stage] = (
            technology_weight * result[f"{stage}_technology"]
            + (1.0 - technology_weight) * result[f"{stage}_finance"]
        )
    result.attrs["weights"] = weights
    result.attrs["base_years"] = (first, last)
    return result


@dataclass(frozen=True)
class StageIndexAssumptions:
    """How the two parts of each stage index are combined (:func:`stage_indices`)."""

    technology_weight: float = assumption(
        0.5,
        t("fraction", "比例"),
        t(
            "weight of the technology part in each stage index (the finance part has the rest)",
            "技术部分在各阶段指数中的权重（其余为金融部分）",
        ),
        plausible=(
            0.25,
            0.75,
            t(
                "the paper pairs technology and finance in every stage without ranking them: "
                "neither part weighs more than three times the other",
                "论文在每个阶段都将技术与金融配对而不分主次：任一部分的权重不超过另一部分的三倍",
            ),
        ),
    )

    def __post_init__(self):
        validate.share("technology_weight", self.technology_weight)


#: Plausible range of each stage threshold: the paper names none, so any level in the middle of
#: the index's scale is as defensible as another.
_THRESHOLD_RANGE = (
    0.3,
    0.7,
    t(
        "the paper names no threshold: the middle of the index's 0-1 scale, neither a level "
        "almost every province-year passes nor one almost none does",
        "论文未给出阈值：取指数 0-1 标度的中段，既非几乎所有省份-年份都能越过的水平，"
        "也非几乎无一能越过的水平",
    ),
)


@dataclass(frozen=True)
class StageThresholds:
    """Index levels (on the [0, 1] scale of :func:`stage_indices`) at which a stage is reached."""

    infrastructure: float = assumption(
        0.5,
        t("index (0-1)", "指数（0-1）"),
        t("infrastructure index at which stage 1 is reached", "进入阶段 1 的基础设施指数水平"),
        plausible=_THRESHOLD_RANGE,
    )
    process: float = assumption(
        0.5,
        t("index (0-1)", "指数（0-1）"),
        t("process index at which stage 2 is reached", "进入阶段 2 的业务流程指数水平"),
        plausible=_THRESHOLD_RANGE,
    )
    ecosystem: float = assumption(
        0.5,
        t("index (0-1)", "指数（0-1）"),
        t("ecosystem index at which stage 3 is reached", "进入阶段 3 的生态体系指数水平"),
        plausible=_THRESHOLD_RANGE,
    )

    def __post_init__(self):
        self.values()

    def values(self) -> tuple[float, float, float]:
        return tuple(validate.share(s, getattr(self, s)) for s in STAGES)


def _check_stage_table(name: str, table, columns=STAGES) -> None:
    """``table`` is a DataFrame of province-years (prov_code, year) with at least one row and
    finite numbers in each of ``columns`` (a stage-index table of :func:`stage_indices`)."""
    validate.columns(name, table, [*_KEYS, *columns])
    if table.empty:
        raise ValueError(f"{name} must have at least one province-year, got an empty table")
    for column in columns:
        validate.array(f"{name}[{column!r}]", table[column])


def _stages(values: np.ndarray, limits) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For an (n, 3) array of stage indices: which pass, the stage reached in order, and
    whether a later index passes while an earlier one does not (out of order)."""
    passed = values >= np.asarray(limits, dtype=float)
    stage = np.cumprod(passed, axis=1).sum(axis=1)
    return passed, stage, passed.sum(axis=1) > stage


def _consecutive(frame: pd.DataFrame) -> np.ndarray:
    """For rows sorted by province and year: True where row i+1 is the same province one year on."""
    province, year = frame["prov_code"].to_numpy(), frame["year"].to_numpy()
    return (province[1:] == province[:-1]) & (year[1:] == year[:-1] + 1)


def _moves(stage: np.ndarray, consecutive: np.ndarray) -> np.ndarray:
    """The kind of each year-to-year move (see :func:`stage_changes`)."""
    step = (stage[1:] - stage[:-1])[consecutive]
    return np.select(
        [step == 0, step == 1, step > 1],
        [t("stay", "不变"), t("advance", "前进"), t("skip", "跳级")],
        default=t("reversal", "倒退"),
    )


def classify_stages(
    stage_index: pd.DataFrame, thresholds: StageThresholds = StageThresholds()
) -> pd.DataFrame:
    """The stage of each province-year, reached in the paper's order.

    A province-year is in stage k (1-3) when the indices of stages 1..k are all at or above their
    thresholds and that of stage k+1 is not; stage 0 when the infrastructure index is below its
    threshold. ``out_of_order`` marks a row where a later stage's index passes its threshold while
    an earlier one's does not: a row the paper's order does not describe. ``reached`` lists which
    indices pass ("I", "P", "E", "-" for not). Deterministic: comparisons only, rows in key order.
    """
    _check_stage_table("stage_index", stage_index)
    validate.instance("thresholds", thresholds, StageThresholds, "a StageThresholds")
    ordered = stage_index.sort_values(_KEYS).reset_index(drop=True)
    passed, stage, out_of_order = _stages(
        ordered[list(STAGES)].to_numpy(dtype=float), thresholds.values()
    )
    result = ordered[_KEYS].copy()
    result["stage"] = stage
    result["out_of_order"] = out_of_order
    result["reached"] = [
        "".join(letter if hit else "-" for letter, hit in zip("IPE", row, strict=True))
        for row in passed
    ]
    return result


def _check_classified(classified, columns: list[str]) -> None:
    """``classified`` is :func:`classify_stages`'s table: whole stages 0-3, at least one row."""
    validate.columns("classified", classified, [*_KEYS, *columns])
    if classified.empty:
        raise ValueError("classified must have at least one province-year, got an empty table")
    validate.array("classified['stage']", classified["stage"], low=0, high=len(STAGES))


def stage_changes(classified: pd.DataFrame) -> pd.DataFrame:
    """Year-to-year moves of each province: one row per province and pair of consecutive years.

    Columns prov_code, year (the later year), stage_from, stage_to, and the kind of move: "stay",
    "advance" (one stage up), "skip" (more than one stage up in a year) or "reversal" (down).
    Pairs whose years are not consecutive (a gap in the panel) are left out.
    """
    _check_classified(classified, ["stage"])
    ordered = classified.sort_values(_KEYS).reset_index(drop=True)
    consecutive = _consecutive(ordered)
    stage = ordered["stage"].to_numpy()
    later = ordered.iloc[1:][consecutive]
    return pd.DataFrame(
        {
            "prov_code": later["prov_code"].to_numpy(),
            "year": later["year"].to_numpy(),
            "stage_from": stage[:-1][consecutive],
            "stage_to": stage[1:][consecutive],
            "move": _moves(stage, consecutive),
        }
    )


def transition_matrix(classified: pd.DataFrame) -> pd.DataFrame:
    """Counts of province-year moves from each stage (rows) to each stage (columns), 0-3."""
    moves = stage_changes(classified)
    stages = list(STAGE_LABELS)
    table = pd.crosstab(moves["stage_from"], moves["stage_to"])
    table = table.reindex(index=stages, columns=stages, fill_value=0)
    table.index.name = t("stage in year t", "第 t 年所处阶段")
    table.columns.name = t("stage in year t+1", "第 t+1 年所处阶段")
    return table


def _order_summary(out_of_order: np.ndarray, moves: np.ndarray) -> dict[str, float]:
    out = int(out_of_order.sum())
    return {
        "province_years": len(out_of_order),
        "out_of_order": out,
        "out_of_order_share": out / len(out_of_order),
        "moves": len(moves),
        "skips": int((moves == "skip").sum()),
        "reversals": int((moves == "reversal").sum()),
    }


def order_summary(classified: pd.DataFrame) -> dict[str, float]:
    """How well the paper's order describes a classification: counts and shares of
    province-years out of order, and of skips and reversals among year-to-year moves."""
    _check_classified(classified, ["stage", "out_of_order"])
    ordered = classified.sort_values(_KEYS)
    moves = _moves(ordered["stage"].to_numpy(), _consecutive(ordered))
    return _order_summary(ordered["out_of_order"].to_numpy(), moves)


def calendar_and_provinces(stage_index: pd.DataFrame, columns=STAGES) -> pd.DataFrame:
    """How much of each index's variance over province-years is the calendar and how much the
    provinces: one row per column of ``columns``, with the shares (fractions, summing to 1) of
    :func:`ecommod.indices.variance_decomposition`: ``year`` (the year means: the trend every
    province shares), ``province`` (lasting differences between provinces, net of the trend)
    and ``rest`` (provinces moving differently over time)."""
    from ecommod import indices

    validate.instance("stage_index", stage_index, pd.DataFrame, "a pandas DataFrame")
    validate.instance("columns", columns, list | tuple, "a list of column names")
    if not columns:
        raise ValueError("columns must name at least one column of stage_index, got []")
    for column in columns:
        validate.one_of("columns", column, set(stage_index.columns) - set(_KEYS))
    _check_stage_table("stage_index", stage_index, columns)
    rows = {
        column: indices.variance_decomposition(stage_index, column, period="year", unit="prov_code")
        for column in columns
    }
    table = pd.DataFrame(rows).T.rename(
        columns={"period": "year", "unit": "province", "residual": "rest"}
    )
    table.index.name = "index"
    return table


def lead_over_the_year(stage_index: pd.DataFrame) -> pd.DataFrame:
    """Each province's average lead over its year on each stage index: the mean over its years
    of (its index - that year's mean over the provinces), so the calendar trend is taken out.
    One row per province (prov_code), one column per stage, in index points."""
    _check_stage_table("stage_index", stage_index)
    values = stage_index[[*_KEYS, *STAGES]]
    year_means = values.groupby("year")[list(STAGES)].transform("mean")
    lead = values[list(STAGES)] - year_means
    lead["prov_code"] = values["prov_code"]
    return lead.groupby("prov_code")[list(STAGES)].mean()


def threshold_sensitivity(stage_index: pd.DataFrame, levels) -> pd.DataFrame:
    """:func:`order_summary` and the share of province-years in each stage, for every combination
    of thresholds drawn from ``levels`` (one value per stage), in a stable order."""
    _check_stage_table("stage_index", stage_index)
    levels = validate.array("levels", levels, low=0.0, high=1.0)
    cells = levels.size ** len(STAGES) * len(stage_index)
    if cells > validate.MAX_ELEMENTS:
        most = int((validate.MAX_ELEMENTS / len(stage_index)) ** (1 / len(STAGES)))
        raise ValueError(
            f"levels must have at most {most} values ({len(stage_index)} province-years "
            f"classified at each of the levels^{len(STAGES)} combinations: at most "
            f"{validate.MAX_ELEMENTS:,} in all), got {levels.size}"
        )
    combinations = pd.DataFrame(
        list(itertools.product(levels, repeat=len(STAGES))), columns=list(STAGES)
    )
    return order_over_thresholds(stage_index, combinations)


def order_over_thresholds(stage_index: pd.DataFrame, thresholds: pd.DataFrame) -> pd.DataFrame:
    """:func:`order_summary` and the share of province-years in each stage for each row of
    ``thresholds`` (one column per stage, levels in [0, 1]), rows in the given order."""
    _check_stage_table("stage_index", stage_index)
    validate.columns("thresholds", thresholds, list(STAGES))
    for stage in STAGES:
        validate.array(f"thresholds[{stage!r}]", thresholds[stage], low=0.0, high=1.0)
    validate.size("thresholds", len(thresholds), per_item=len(stage_index))
    ordered = stage_index.sort_values(_KEYS)
    values = ordered[list(STAGES)].to_numpy(dtype=float)
    consecutive = _consecutive(ordered)
    rows = []
    for limits in thresholds[list(STAGES)].to_numpy(dtype=float):
        _, stage, out_of_order = _stages(values, limits)
        shares = np.bincount(stage, minlength=len(STAGE_LABELS)) / len(stage)
        rows.append(
            {
                **dict(zip(STAGES, map(float, limits), strict=True)),
                **_order_summary(out_of_order, _moves(stage, consecutive)),
                **{f"share_stage_{k}": float(shares[k]) for k in STAGE_LABELS},
            }
        )
    return pd.DataFrame(rows)


# --- model checks for the claim ledger ---------------------------------------------------------

#: Points per stage threshold in the plausible region of :func:`stage_order_check` (5 levels
#: each, 0.3 to 0.7: 125 combinations).
THRESHOLD_POINTS = 5
#: Points of the technology weight in that region (3 levels, 0.25 to 0.75: 375 combinations).
WEIGHT_POINTS = 3
#: Largest share of province-years out of the paper's order for which the order still describes
#: the panel (a stated tolerance, not fitted).
ORDER_TOLERANCE = 0.05


@claims.model_check("S1-16", "S41-01")
def stage_order_check(
    claim_id: str = "S41-01",
    thresholds: StageThresholds = StageThresholds(),
    index: StageIndexAssumptions = StageIndexAssumptions(),
) -> claims.Finding:
    """S1-16, S41-01: do the three stages come in the paper's order on the provincial panel?

    Over the plausible region of the stage thresholds (:data:`THRESHOLD_POINTS` levels of each,
    :class:`StageThresholds`) and of the technology weight (:data:`WEIGHT_POINTS` levels,
    :class:`StageIndexAssumptions`), the order holds where at most :data:`ORDER_TOLERANCE` of the
    province-years are out of order (:func:`classify_stages`). The estimate is the number of
    province-years out of order at ``thresholds`` and ``index`` (count). Needs the NBS provincial
    panel and PKU-DFIIC.
    """
    from ecommod import provincial

    panel = provincial.provincial_panel()
    threshold_grid = claims.plausible_grid(thresholds, STAGES, THRESHOLD_POINTS)
    parts = []
    for weight in claims.plausible_grid(index, ["technology_weight"], WEIGHT_POINTS)[
        "technology_weight"
    ]:
        at_weight = order_over_thresholds(
            stage_indices(panel, technology_weight=weight), threshold_grid
        )
        parts.append(at_weight.assign(technology_weight=weight))
    region = pd.concat(parts, ignore_index=True)
    grid = region[[*STAGES, "technology_weight"]]
    grid.attrs["labels"] = {  # short names for the verdict's text
        **{stage: t("{stage} threshold", "{stage}阈值", stage=stage) for stage in STAGES},
        "technology_weight": t("technology weight", "技术权重"),
    }
    holds = (region["out_of_order_share"] <= ORDER_TOLERANCE).to_numpy()
    stage_index = stage_indices(panel, technology_weight=index.technology_weight)
    default = order_summary(classify_stages(stage_index, thresholds))
    inside = region[holds]
    if len(inside):
        later_above = int(
            (
                (inside["process"] > inside["infrastructure"])
                | (inside["ecosystem"] > inside["infrastructure"])
            ).sum()
        )
        shares = pd.Series(holds).groupby(region["technology_weight"].to_numpy()).mean()
        by_weight = _joined(
            [
                t(
                    "{share} at technology weight {weight}",
                    "技术权重为 {weight} 时 {share}",
                    share=f"{share:.0%}",
                    weight=f"{weight:g}",
                )
                for weight, share in shares.items()
            ]
        )
        where = t(
            "only where the process threshold is at least {process} and the ecosystem one at "
            "least {ecosystem}; in {above} of those {n} combinations a later stage's threshold is "
            "above the infrastructure one; of the threshold combinations it holds in {by_weight}",
            "仅在业务流程阈值不低于 {process}、生态体系阈值不低于 {ecosystem} 时成立；"
            "这 {n} 个组合中有 {above} 个的后一阶段阈值高于基础设施阈值；"
            "在各阈值组合中，它成立的比例为：{by_weight}",
            process=f"{inside['process'].min():.2f}",
            ecosystem=f"{inside['ecosystem'].min():.2f}",
            above=later_above,
            n=len(inside),
            by_weight=by_weight,
        )
    else:
        where = t("at no combination of thresholds", "在任何阈值组合下都不成立")
    years = stage_index["year"]
    return claims.region_finding(
        claim_id,
        grid,
        holds,
        t(
            "at most {tolerance} of the {total} province-years ({first}-{last}) are out of the "
            "paper's order for {n} of {combinations} combinations of thresholds and technology "
            "weight; at thresholds of {thresholds} (infrastructure, process, ecosystem) and weight "
            "{weight}, {out} ({share}) are out of order, with {skips} skips and {reversals} "
            "reversals in {moves} year-to-year moves (NBS provincial panel and PKU-DFIIC)",
            "在 {combinations} 个阈值与技术权重组合中，有 {n} 个组合下 {total} 个省份-年份"
            "（{first}-{last}）中偏离论文顺序的至多 {tolerance}；在阈值 {thresholds}"
            "（基础设施、业务流程、生态体系）和权重 {weight} 下，有 {out} 个（{share}）偏离顺序，"
            "{moves} 次逐年变动中跳级 {skips} 次、倒退 {reversals} 次"
            "（国家统计局省级面板与 PKU-DFIIC）",
            tolerance=f"{ORDER_TOLERANCE:.0%}",
            total=default["province_years"],
            first=years.min(),
            last=years.max(),
            n=int(holds.sum()),
            combinations=len(grid),
            thresholds=", ".join(f"{getattr(thresholds, s):g}" for s in STAGES),
            weight=f"{index.technology_weight:g}",
            out=default["out_of_order"],
            share=f"{default['out_of_order_share']:.0%}",
            skips=default["skips"],
            reversals=default["reversals"],
            moves=default["moves"],
        ),
        estimate=default["out_of_order"],
        holds_where=where,
        sourced=(t("NBS provincial panel", "国家统计局省级面板"), "PKU-DFIIC"),
    )


def _yuan(value: float) -> str:
    return t("{value} yuan", "{value} 元", value=f"{value:,.0f}")


def _joined(texts: list[str]) -> str:
    """Texts joined with commas, and their Chinese twins joined the Chinese way (、)."""
    from ecommod import language

    english = ", ".join(texts)
    language.register(english, "、".join(language.chinese_of(text) for text in texts))
    return english


@claims.model_check("S1-07")
def inventory_gap_check(
    claim_id: str = "S1-07", assumptions: WorkingCapitalAssumptions = WorkingCapitalAssumptions()
) -> claims.Finding:
    """S1-07: what 45 inventory days (and the 22 more than digitised leaders, S1-18) mean in yuan.

    The cash-conversion-cycle model turns the paper's days into working capital for the example
    seller of :class:`WorkingCapitalAssumptions`; the days are the paper's own (set from the
    claim), the seller is assumed, so the model illustrates the claim and cannot test it. The
    estimate is the traditional seller's cash conversion cycle (days).
    """
    a = assumptions
    steps = working_capital_path(a)
    cycle = float(steps["cycle_days"].iloc[0])
    freed = float(steps["working_capital_freed_yuan"].iloc[1])
    return claims.point_finding(
        claim_id,
        cycle,
        t(
            "a seller with {sales} of yearly sales, goods at {cost} of sales, settlement in "
            "{settlement} days and supplier terms of {payable} days has a cash conversion cycle "
            "of {cycle} days with {inventory} inventory days; {gap} fewer inventory days free "
            "{freed} of working capital and save {saved} a year at {rate}",
            "一个年销售额 {sales}、商品成本占销售额 {cost}、结算需 {settlement} 天、供应商账期 "
            "{payable} 天的卖家，在库存周转 {inventory} 天时现金转换周期为 {cycle} 天；"
            "库存天数减少 {gap} 天可释放 {freed}营运资金，按 {rate} 的利率每年节省 {saved}",
            sales=_yuan(a.annual_sales_yuan),
            cost=f"{a.cost_of_goods_share:.0%}",
            settlement=f"{a.settlement_days:g}",
            payable=f"{a.payable_days:g}",
            cycle=f"{cycle:g}",
            inventory=f"{a.inventory_days:g}",
            gap=f"{a.inventory_gap_days:g}",
            freed=_yuan(freed),
            saved=_yuan(float(steps["cost_saved_yuan"].iloc[1])),
            rate=f"{a.bank_rate:.0%}",
        ),
        set_from_claim=(
            t(
                "inventory days ({days}, the claim's own figure)",
                "库存天数（{days}，论断自身的数字）",
                days=f"{a.inventory_days:g}",
            ),
        ),
        assumed=(
            t("the seller's sales and cost of goods", "卖家的销售额与商品成本"),
            t("settlement and supplier days", "结算天数与供应商账期"),
            t("financing rate", "融资利率"),
            t(
                "the gap to digitised leaders ({days} days, the paper's, S1-18)",
                "与数字化领先企业的差距（{days} 天，论文的数字，S1-18）",
                days=f"{a.inventory_gap_days:g}",
            ),
        ),
    )


@claims.model_check("S42-02")
def supply_chain_finance_check(
    claim_id: str = "S42-02", assumptions: WorkingCapitalAssumptions = WorkingCapitalAssumptions()
) -> claims.Finding:
    """S42-02: supply-chain finance relieves the seller's funding pressure, in yuan a year.

    Faster settlement and a supply-chain finance rate, both assumptions, applied to the example
    seller after process intelligence. The estimate is the financing cost saved (yuan a year).
    """
    a = assumptions
    steps = working_capital_path(a)
    saved = float(steps["cost_saved_yuan"].iloc[2:].sum())
    freed = float(steps["working_capital_freed_yuan"].iloc[2])
    return claims.point_finding(
        claim_id,
        saved,
        t(
            "settlement in {embedded} instead of {settlement} days frees {freed} of working "
            "capital, and finance at {supply_rate} instead of {bank_rate} brings the saving to "
            "{saved} a year for a seller with {sales} of yearly sales",
            "对年销售额 {sales}的卖家，结算由 {settlement} 天缩短为 {embedded} 天可释放 {freed}"
            "营运资金，融资利率由 {bank_rate} 降为 {supply_rate} 后每年共节省 {saved}",
            embedded=f"{a.embedded_settlement_days:g}",
            settlement=f"{a.settlement_days:g}",
            freed=_yuan(freed),
            supply_rate=f"{a.supply_chain_rate:.0%}",
            bank_rate=f"{a.bank_rate:.0%}",
            saved=_yuan(saved),
            sales=_yuan(a.annual_sales_yuan),
        ),
        unit="yuan",
        assumed=(
            t(
                "settlement days with and without embedded finance",
                "有无嵌入式金融时的结算天数",
            ),
            t("bank and supply-chain finance rates", "银行贷款利率与供应链金融利率"),
            t("the seller's sales and cost of goods", "卖家的销售额与商品成本"),
        ),
    )


#: Points per parameter of the plausible region over which the explanation of
#: :func:`checkout_credit_check` reports the break-even uplift (3 levels of 5 parameters).
CREDIT_COST_POINTS = 3
#: The assumed parameters that set the break-even uplift of checkout credit.
CREDIT_COST_PARAMETERS = ("gross_margin", "take_up", "term_months", "loss_rate", "funding_rate")
#: How the explanation of :func:`checkout_credit_check` names them.
CREDIT_COST_NAMES = {
    "gross_margin": t("gross margin", "毛利率"),
    "take_up": t("take up", "分期使用率"),
    "term_months": t("term months", "期限（月）"),
    "loss_rate": t("loss rate", "损失率"),
    "funding_rate": t("funding rate", "资金成本率"),
}


def break_even_range(
    assumptions: CheckoutCreditAssumptions = CheckoutCreditAssumptions(),
    points: int = CREDIT_COST_POINTS,
) -> tuple[float, float]:
    """Lowest and highest break-even uplift (fraction) over the plausible region of the credit's
    cost parameters (:data:`CREDIT_COST_PARAMETERS`, ``points`` levels each)."""
    _check_checkout(assumptions)
    # points ** 5 grid points: at most MAX_ELEMENTS of them.
    validate.integer(
        "points", points, 2, int(validate.MAX_ELEMENTS ** (1 / len(CREDIT_COST_PARAMETERS)))
    )
    import dataclasses

    grid = claims.plausible_grid(assumptions, CREDIT_COST_PARAMETERS, points)
    grid["term_months"] = grid["term_months"].round().astype(int)
    values = [
        break_even_uplift(dataclasses.replace(assumptions, **row))
        for row in grid.to_dict("records")
    ]
    return float(min(values)), float(max(values))


@claims.model_check("S42-01")
def checkout_credit_check(
    claim_id: str = "S42-01", assumptions: CheckoutCreditAssumptions = CheckoutCreditAssumptions()
) -> claims.Finding:
    """S42-01: embedded consumer finance raises conversion; how large must the rise be to pay?

    The model takes the conversion uplift, the claimed quantity, as an input: the one condition it
    finds (credit pays if conversion rises by more than the break-even uplift) restates the
    claim, so it illustrates the claim and tests nothing. The estimate is the break-even uplift
    (%, relative) at ``assumptions``; the explanation gives its range over the plausible region
    of the credit's costs.
    """
    a = assumptions
    threshold = break_even_uplift(a)
    low, high = break_even_range(a)
    return claims.point_finding(
        claim_id,
        100.0 * threshold,
        t(
            "instalment credit pays only if conversion rises by more than {threshold} (relative) "
            "with take-up {take_up}, expected loss {loss}, funding {funding} a year over {term} "
            "months and margin {margin}; over the plausible ranges of these five the break-even "
            "runs from {low} to {high}. The rise in conversion is an input of the model, not "
            "something it shows",
            "在分期使用率 {take_up}、预期损失 {loss}、资金成本每年 {funding}、期限 {term} 个月、"
            "毛利率 {margin} 的条件下，只有当转化率（相对）提升超过 {threshold} 时"
            "分期信贷才能盈利；"
            "在这五项的合理范围内，盈亏平衡点介于 {low} 与 {high} 之间。转化率的提升是模型的输入，"
            "而非模型所能表明的结果",
            threshold=f"{threshold:.1%}",
            take_up=f"{a.take_up:.0%}",
            loss=f"{a.loss_rate:.1%}",
            funding=f"{a.funding_rate:.0%}",
            term=a.term_months,
            margin=f"{a.gross_margin:.0%}",
            low=f"{low:.1%}",
            high=f"{high:.1%}",
        ),
        unit="pct",
        restates_claim=True,
        assumed=(
            t("conversion uplift", "转化率提升"),
            *(CREDIT_COST_NAMES[name] for name in CREDIT_COST_PARAMETERS),
        ),
    )
