"""§6 Policy: pledge financing against a seller's data asset, and the policy levers of §6.2-6.3.

The paper (§6.1) proposes a financing system for e-commerce sellers whose main asset is data:
confirm who owns the data (blockchain), value it (AI models), lend against it (pledge) and control
the risk with real-time monitoring; it claims that a cross-border seller with sales above 10
million yuan a year (S61-01) produces about 500 GB of credit data (S61-02) whose value covers
30-50% of its financing needs (S61-03). This module makes each step a computation:

* :func:`value_data_asset`: income-approach value (incremental cash flow the data enable,
  decaying and discounted over a useful life) beside a cost-approach value, and the coverage of
  the financing need; :func:`coverage_on_grid` maps where 30-50% holds.
* :func:`simulate_loans`: a Monte Carlo of monthly sales (diffusion plus shocks) over the loan's
  life; default when the seller runs out of cash or its net worth turns negative; the data
  collateral loses value with the business, property follows its own price walk and is sold at a
  forced-sale discount; a monitoring rule on real-time sales sweeps cash into repayment when the
  loan-to-value ratio breaches a trigger. :func:`loan_summary` gives every figure with its Monte
  Carlo standard error.
* :func:`run_pipeline`: confirm -> evaluate -> pledge -> monitor for one seller in one call.
* :func:`sweep`: policy scenarios (guarantee fund, interest subsidy, cheaper credit information,
  cheaper rights registration) over simulated populations of sellers, with Monte Carlo standard
  errors, on any ``concurrent.futures``-style executor.

Every parameter is an assumption stated with its unit and plausible range
(``present.assumption``), except the paper's size threshold (S61-01, read from the claim ledger);
none is a statistic. Results are those of simulated sellers under these assumptions and say so.
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
from ecommod.language import t
from ecommod.present import assumption

if TYPE_CHECKING:
    import pandas as pd

MONTHS_PER_YEAR = 12
#: Loans compared by :func:`run_pipeline`, in the order shown.
LOAN_KINDS = (
    t("data pledge, unmonitored", "数据质押，无监控"),
    t("data pledge, monitored", "数据质押，有监控"),
    t("loan against property", "不动产抵押贷款"),
)


# --- parameters --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SellerProfile:
    """One e-commerce seller: size, what its data earn, how risky its sales are (assumptions)."""

    annual_sales_yuan: float = claims.claim_parameter(
        "S61-01",
        t("yuan per year", "元/年"),
        t(
            "annual sales (the paper's group: above 10 million)",
            "年销售额（论文所指群体：1000 万元以上）",
        ),
        ledger_unit="yuan",
    )
    data_uplift_share: float = assumption(
        0.02,
        t("share of sales per year", "占销售额的比例（每年）"),
        t(
            "operating cash flow the data add (pricing, advertising, stock), in the first year",
            "数据在第一年带来的经营现金流增量（定价、广告、库存）",
        ),
        plausible=(
            0.005,
            0.08,
            t(
                "no published measure for sellers' data; from a rounding error to a large gain "
                "from better pricing, advertising and stock",
                "卖家数据的价值尚无公开测度；从可忽略不计，到因定价、广告和库存改善而带来的可观收益",
            ),
        ),
    )
    useful_life_years: int = assumption(
        3,
        t("years", "年"),
        t("years over which the data keep earning", "数据持续产生收益的年数"),
        plausible=(
            1,
            5,
            t(
                "sales and customer data lose relevance within a few years",
                "销售与客户数据数年内即失去时效",
            ),
        ),
    )
    decay_rate: float = assumption(
        0.3,
        t("share per year", "每年比例"),
        t(
            "share of the data's earnings lost each year as the data age",
            "数据老化导致其收益每年损失的比例",
        ),
        plausible=(
            0.1,
            0.5,
            t(
                "customers, prices and products change from year to year",
                "客户、价格和产品逐年变化",
            ),
        ),
    )
    discount_rate: float = assumption(
        0.15,
        t("per year", "每年"),
        t(
            "discount rate for the data's earnings (a risky intangible)",
            "数据收益的折现率（高风险无形资产）",
        ),
        plausible=(
            0.1,
            0.25,
            t(
                "above a small firm's cost of debt: a risky intangible asset",
                "高于小企业的债务成本：高风险无形资产",
            ),
        ),
    )
    data_cost_share: float = assumption(
        0.01,
        t("share of sales per year", "占销售额的比例（每年）"),
        t("cost of collecting, cleaning and storing the data", "采集、清洗和存储数据的成本"),
        plausible=(
            0.002,
            0.03,
            t(
                "software, storage and staff of a small seller's data work",
                "小卖家数据工作的软件、存储与人员投入",
            ),
        ),
    )
    confirmable_share: float = assumption(
        0.8,
        t("share", "比例"),
        t(
            "share of the data's value whose ownership can be confirmed and pledged (the rest is "
            "consumers' personal information)",
            "数据价值中可确权并质押的比例（其余为消费者个人信息）",
        ),
        plausible=(
            0.5,
            1.0,
            t(
                "part of sellers' data is consumers' personal information",
                "卖家数据中有一部分是消费者个人信息",
            ),
        ),
    )
    registration_cost_yuan: float = assumption(
        20_000.0,
        t("yuan per pledge", "元/笔质押"),
        t("cost of registering the data rights and appraising them", "数据权属登记与评估的费用"),
        plausible=(
            5_000.0,
            50_000.0,
            t("registration fees plus an appraiser's report", "登记费加评估报告费"),
        ),
    )
    financing_need_share: float = assumption(
        0.25,
        t("share of annual sales", "占年销售额的比例"),
        t("working capital to finance (stock, payout lags)", "需融资的营运资金（库存、回款周期）"),
        plausible=(
            0.1,
            0.4,
            t(
                "stock and payout lags of one to five months of sales",
                "相当于一至五个月销售额的库存与回款占用",
            ),
        ),
    )
    sales_volatility: float = assumption(
        0.3,
        t("per square-root year", "每平方根年"),
        t("volatility of log sales between shocks", "冲击之间对数销售额的波动率"),
        plausible=(
            0.15,
            0.6,
            t(
                "small online sellers' sales swing widely; 0.5 is the paper's "
                "high-volatility profile here",
                "小型网店销售额波动很大；0.5 即本书对论文“高波动”特征的设定",
            ),
        ),
    )
    shock_rate: float = assumption(
        0.3,
        t("per year", "每年"),
        t(
            "expected number of sales shocks (account freeze, tariff, logistics)",
            "销售冲击的预期次数（账户冻结、关税、物流）",
        ),
        plausible=(
            0.1,
            1.0,
            t("from one shock in ten years to one a year", "从十年一次到每年一次"),
        ),
    )
    shock_size: float = assumption(
        0.3,
        t("share", "比例"),
        t("share of monthly sales lost in a shock", "一次冲击损失的月销售额比例"),
        plausible=(
            0.1,
            0.5,
            t(
                "a lost channel or market, not the whole business",
                "失去一个渠道或市场，而非全部业务",
            ),
        ),
    )
    contribution_margin: float = assumption(
        0.25,
        t("share of sales", "占销售额的比例"),
        t("sales minus the costs that move with sales", "销售额减去随销售额变动的成本"),
        plausible=(
            0.15,
            0.4,
            t("gross margin less platform fees and fulfilment", "毛利率减去平台费用与履约成本"),
        ),
    )
    net_margin: float = assumption(
        0.06,
        t("share of sales", "占销售额的比例"),
        t(
            "profit margin at the starting sales level (after fixed costs)",
            "期初销售水平下的利润率（扣除固定成本后）",
        ),
        plausible=(
            0.0,
            0.12,
            t("thin margins of small online retailers", "小型网络零售商利润微薄"),
        ),
    )
    cash_buffer_share: float = assumption(
        0.03,
        t("share of annual sales", "占年销售额的比例"),
        t("cash held when the loan starts", "贷款发放时持有的现金"),
        plausible=(
            0.0,
            0.1,
            t("up to about a month of sales in cash", "现金最多约相当于一个月的销售额"),
        ),
    )
    property_share: float = assumption(
        0.02,
        t("share of annual sales", "占年销售额的比例"),
        t(
            "property a light-asset seller could mortgage (for the conventional loan)",
            "轻资产卖家可用于抵押的不动产（用于传统贷款）",
        ),
        plausible=(
            0.0,
            0.1,
            t("light-asset sellers own little property", "轻资产卖家拥有的不动产很少"),
        ),
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
        _check_useful_life(self.useful_life_years)
        validate.in_range("discount_rate", self.discount_rate, 0.0, 1.0, unit="per year")
        validate.non_negative("registration_cost_yuan", self.registration_cost_yuan, unit="yuan")
        validate.positive("financing_need_share", self.financing_need_share)
        validate.non_negative("sales_volatility", self.sales_volatility)
        validate.non_negative("shock_rate", self.shock_rate, unit="per year")
        validate.in_range(
            "net_margin",
            self.net_margin,
            -1.0,
            self.contribution_margin,
            unit="share of sales (at most contribution_margin)",
        )


#: The paper's "high-volatility" cross-border profile: more volatile sales, more frequent shocks.
HIGH_VOLATILITY = {"sales_volatility": 0.5, "shock_rate": 0.6}


@dataclass(frozen=True)
class LoanTerms:
    """The pledge loan, its monitoring rule, and the conventional loan it is compared with."""

    loan_to_value: float = assumption(
        0.5,
        t("share", "比例"),
        t("principal as a share of the recognised data value", "本金占认定数据价值的比例"),
        plausible=(
            0.3,
            0.6,
            t(
                "loans against patents and trademarks lend well under the value",
                "专利、商标质押贷款的放款额远低于其价值",
            ),
        ),
    )
    valuation_haircut: float = assumption(
        0.2,
        t("share", "比例"),
        t(
            "cut applied to the appraised value before lending (model risk)",
            "放款前对评估价值的折扣（模型风险）",
        ),
        plausible=(
            0.0,
            0.4,
            t(
                "no agreed valuation standard for data (the paper's second pain point)",
                "数据尚无公认的估值标准（论文所述第二个痛点）",
            ),
        ),
    )
    annual_rate: float = assumption(
        0.08,
        t("per year", "每年"),
        t("interest rate the lender earns", "贷款方获得的利率"),
        plausible=(
            0.04,
            0.15,
            t(
                "from banks' small-business loans to online lenders",
                "从银行小微企业贷款到网络贷款机构",
            ),
        ),
    )
    funding_rate: float = assumption(
        0.03,
        t("per year", "每年"),
        t("lender's cost of funds", "贷款机构的资金成本"),
        plausible=(
            0.015,
            0.05,
            t("around the one-year loan prime rate", "一年期贷款市场报价利率左右"),
        ),
    )
    term_months: int = assumption(
        12,
        t("months", "月"),
        t("loan term; interest monthly, principal at the end", "贷款期限；按月付息，到期还本"),
        plausible=(
            6,
            36,
            t("working-capital loans of half a year to three years", "半年至三年期的流动资金贷款"),
        ),
    )
    information_cost_yuan: float = assumption(
        3_000.0,
        t("yuan per loan", "元/笔贷款"),
        t("lender's cost of assessing one applicant", "贷款方评估一位申请人的成本"),
        plausible=(
            500.0,
            10_000.0,
            t("an automated score to a visit and a file review", "从自动评分到实地走访加资料审查"),
        ),
    )
    trigger_ltv: float = assumption(
        0.65,
        t("share", "比例"),
        t(
            "monitoring: current loan-to-value that triggers a cash sweep",
            "监控：触发现金归集的当前贷款价值比",
        ),
        plausible=(
            0.5,
            0.9,
            t("at or above the loan-to-value, below full cover", "不低于贷款价值比，低于全额覆盖"),
        ),
    )
    data_recovery_rate: float = assumption(
        0.3,
        t("share", "比例"),
        t(
            "share of the data's current value recovered after a default",
            "违约后可回收的数据当前价值比例",
        ),
        plausible=(
            0.0,
            0.6,
            t("no second-hand market for a failed seller's data", "倒闭卖家的数据没有二手市场"),
        ),
    )
    conventional_ltv: float = assumption(
        0.6,
        t("share", "比例"),
        t("conventional loan: principal per property", "传统贷款：本金与不动产价值之比"),
        plausible=(
            0.5,
            0.7,
            t(
                "banks lend about half to two thirds of a property's value",
                "银行通常按不动产价值的一半至三分之二放款",
            ),
        ),
    )
    property_volatility: float = assumption(
        0.1,
        t("per square-root year", "每平方根年"),
        t(
            "volatility of the mortgaged property's price (log, independent of the seller's sales)",
            "抵押不动产价格的波动率（对数，与卖家销售额相互独立）",
        ),
        plausible=(
            0.05,
            0.2,
            t(
                "a price index moves less than one building: a few to 20% a year",
                "价格指数的波动小于单栋房产：每年几个百分点至 20%",
            ),
        ),
    )
    property_drift: float = assumption(
        0.0,
        t("per year", "每年"),
        t("expected change of the property's log price", "不动产对数价格的预期变化"),
        plausible=(
            -0.08,
            0.03,
            t(
                "property prices fell in China from 2022; rose before",
                "中国房价自 2022 年起下跌，此前上涨",
            ),
        ),
    )
    property_sale_discount: float = assumption(
        0.3,
        t("share", "比例"),
        t(
            "discount of a forced sale on the property's market value",
            "强制出售相对不动产市场价值的折价",
        ),
        plausible=(
            0.1,
            0.45,
            t(
                "court auctions start at 70% of the appraised value or lower",
                "司法拍卖起拍价为评估价的 70% 或更低",
            ),
        ),
    )
    property_liquidation_cost: float = assumption(
        0.05,
        t("share", "比例"),
        t(
            "legal, auction and holding costs of the sale, share of the proceeds",
            "出售的法律、拍卖与持有成本，占所得款项的比例",
        ),
        plausible=(
            0.02,
            0.15,
            t(
                "fees, taxes and months of holding before the sale",
                "出售前的费用、税金与数月的持有期",
            ),
        ),
    )

    @property
    def property_recovery_rate(self) -> float:
        """Share of the property's value at default that the lender recovers."""
        return (1.0 - self.property_sale_discount) * (1.0 - self.property_liquidation_cost)

    def __post_init__(self):
        for name in (
            "loan_to_value",
            "valuation_haircut",
            "trigger_ltv",
            "data_recovery_rate",
            "conventional_ltv",
            "property_sale_discount",
            "property_liquidation_cost",
        ):
            validate.share(name, getattr(self, name))
        validate.non_negative("property_volatility", self.property_volatility)
        validate.in_range("property_drift", self.property_drift, -1.0, 1.0, unit="per year")
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
        t("sellers", "卖家"),
        t("simulated sellers", "模拟卖家数量"),
        plausible=(
            50,
            1_000,
            t(
                "a simulation size: more sellers narrow the spread across seeds",
                "模拟规模：卖家越多，不同随机种子间的离散越小",
            ),
        ),
    )
    median_sales_yuan: float = assumption(
        3_000_000.0,
        t("yuan per year", "元/年"),
        t("median annual sales of the simulated sellers", "模拟卖家年销售额的中位数"),
        plausible=(
            1_000_000.0,
            10_000_000.0,
            t("most sellers are below the paper's threshold", "多数卖家低于论文的门槛"),
        ),
    )
    sales_dispersion: float = assumption(
        1.0,
        t("log points", "对数点"),
        t("standard deviation of log sales", "对数销售额的标准差"),
        plausible=(
            0.5,
            1.5,
            t(
                "firm sizes are skewed: a few large sellers, many small ones",
                "企业规模分布偏斜：大卖家少，小卖家多",
            ),
        ),
    )
    high_volatility_share: float = assumption(
        0.5,
        t("share", "比例"),
        t("share of sellers with the high-volatility profile", "具有高波动特征的卖家比例"),
        plausible=(
            0.2,
            0.8,
            t(
                "the paper calls cross-border sellers light-asset, high-volatility",
                "论文称跨境卖家轻资产高波动",
            ),
        ),
    )
    small_seller_limit_yuan: float = claims.claim_parameter(
        "S61-01",
        t("yuan per year", "元/年"),
        t("sellers below this are counted as small", "低于此值的卖家计为小卖家"),
        ledger_unit="yuan",
    )

    def __post_init__(self):
        validate.size("n_sellers", self.n_sellers)
        validate.positive("median_sales_yuan", self.median_sales_yuan, unit="yuan")
        validate.non_negative("sales_dispersion", self.sales_dispersion)
        validate.share("high_volatility_share", self.high_volatility_share)
        validate.positive("small_seller_limit_yuan", self.small_seller_limit_yuan, unit="yuan")


@dataclass(frozen=True)
class PolicyScenario:
    """Policy levers of §6.2-6.3; all zero is the status quo. Public money pays for each."""

    guarantee_share: float = assumption(
        0.0,
        t("share of loss", "占损失的比例"),
        t("guarantee fund: share of the lender's loss it pays", "担保基金：为贷款方承担的损失比例"),
        plausible=(
            0.0,
            0.8,
            t(
                "guarantee schemes leave the lender at least a fifth of the loss",
                "担保计划至少让贷款方承担五分之一的损失",
            ),
        ),
    )
    interest_subsidy: float = assumption(
        0.0,
        t("per year", "每年"),
        t(
            "interest paid to the lender for the seller (0.02 = 2 percentage points)",
            "代卖家向贷款方支付的利息（0.02 = 2 个百分点）",
        ),
        plausible=(
            0.0,
            0.03,
            t("interest subsidies of up to a few percentage points", "贴息最多几个百分点"),
        ),
    )
    information_cost_cut_yuan: float = assumption(
        0.0,
        t("yuan per applicant", "元/位申请人"),
        t(
            "credit-information platform: cut in the lender's assessment cost",
            "征信平台：贷款方评估成本的降低额",
        ),
        plausible=(
            0.0,
            3_000.0,
            t(
                "up to the whole assessment cost of the loan terms",
                "最多为贷款条款中的全部评估成本",
            ),
        ),
    )
    registration_cost_cut_yuan: float = assumption(
        0.0,
        t("yuan per pledge", "元/笔质押"),
        t(
            "cheaper data-rights registration: public share of its cost",
            "降低数据确权登记费用：公共财政承担的部分",
        ),
        plausible=(
            0.0,
            20_000.0,
            t(
                "up to the whole registration cost of the seller profile",
                "最多为卖家设定中的全部登记费用",
            ),
        ),
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


#: The longest useful life of data the valuation takes (years): the income and cost sums have
#: converged long before, and each year is an array of the sellers' values.
MAX_USEFUL_LIFE_YEARS = 100


def _check_useful_life(useful_life_years) -> int:
    return validate.integer("useful_life_years", useful_life_years, 1, MAX_USEFUL_LIFE_YEARS)


def _broadcast_float(name: str, value, low: float = -math.inf, high: float = math.inf):
    return validate.array(name, np.atleast_1d(value), low=low, high=high)


def income_factor(useful_life_years: int, decay_rate, discount_rate) -> np.ndarray:
    """Σ_{t=1..L} (1 − decay)^(t−1) / (1 + discount)^t: years of first-year earnings the data are
    worth (income approach). Arrays broadcast."""
    _check_useful_life(useful_life_years)
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
    _check_useful_life(useful_life_years)
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
    validate.instance("profile", profile, SellerProfile, "a SellerProfile")
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
    validate.instance("profile", profile, SellerProfile, "a SellerProfile")
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
    if np.any(need <= 0):
        raise ValueError(f"financing_need_share must be above 0, got {financing_need_share!r}")
    region = pd.DataFrame(
        {
            "annual_sales_yuan": sales.ravel(),
            "data_uplift_share": uplift.ravel(),
            "financing_need_share": need.ravel(),
        }
    )
    coverage = coverage_on_grid(region, profile)
    return region.assign(
        coverage=coverage, holds=(coverage >= low - 1e-12) & (coverage <= high + 1e-12)
    )


def uplift_for_coverage(
    coverage: float, annual_sales_yuan: float, profile: SellerProfile = SellerProfile()
) -> float:
    """The data uplift (share of sales) at which the pledgeable value covers ``coverage`` of the
    need, for a seller of ``annual_sales_yuan`` (other parameters from ``profile``)."""
    validate.instance("profile", profile, SellerProfile, "a SellerProfile")
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
    def draw(cls, n_sellers: int, n_paths: int, months: int, seed) -> Shocks:
        """Draws for ``n_sellers`` sellers from ``seed`` (an int or a tuple of ints)."""
        return next(cls.blocks(n_sellers, n_paths, months, seed, block=n_sellers))

    @classmethod
    def blocks(
        cls, n_sellers: int, n_paths: int, months: int, seed, block: int, *, reuse: bool = False
    ):
        """The draws of :meth:`draw` for ``block`` sellers at a time (the last block may be
        smaller): the same numbers whatever the block, so that a large population can be
        simulated in pieces that fit in the processor's cache. With ``reuse``, each block is
        drawn into the arrays of the one before (which it overwrites)."""
        for name, value in (
            ("n_sellers", n_sellers),
            ("n_paths", n_paths),
            ("months", months),
            ("block", block),
        ):
            validate.count(name, value)
        normal, uniform = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(2))
        buffers = None
        for start in range(0, n_sellers, block):
            shape = (min(block, n_sellers - start), n_paths, months)
            if not reuse or buffers is None or buffers[0].shape != shape:
                buffers = (np.empty(shape), np.empty(shape))
            yield cls(normal.standard_normal(out=buffers[0]), uniform.random(out=buffers[1]))


def sales_index(
    shocks: Shocks, sales_volatility, shock_rate, shock_size, drift: float = 0.0
) -> np.ndarray:
    """Monthly sales relative to the start (1 = starting level), shape (sellers, paths, months):
    a log random walk with ``sales_volatility`` per square-root year and ``drift`` per year, and
    shocks (Poisson, ``shock_rate`` per year) that cut sales by ``shock_size`` and persist.
    Seller parameters are arrays of length ``sellers`` (or scalars)."""
    validate.instance("shocks", shocks, Shocks, "a Shocks (Shocks.draw)")
    sellers = len(shocks.normal)
    sigma = _seller_column("sales_volatility", sales_volatility, sellers, 0.0)
    rate = _seller_column("shock_rate", shock_rate, sellers, 0.0)
    size = _seller_column("shock_size", shock_size, sellers, 0.0, 1.0)
    validate.in_range("drift", drift, -1.0, 1.0, unit="per year")
    dt = 1.0 / MONTHS_PER_YEAR
    # One array, updated in place: fewer large temporaries to allocate and map.
    index = shocks.normal * (sigma * math.sqrt(dt))
    index += (drift - 0.5 * sigma**2) * dt
    hit = shocks.uniform < 1.0 - np.exp(-rate * dt)
    jump = np.broadcast_to(np.log1p(-np.minimum(size, 1.0 - 1e-12)), index.shape)
    np.add(index, jump, out=index, where=hit)
    np.cumsum(index, axis=-1, out=index)
    return np.exp(index, out=index)


def _seller_column(
    name: str, value, sellers: int, low: float = -math.inf, high: float = math.inf
) -> np.ndarray:
    """A seller parameter (a scalar or one value per seller) as shape (sellers or 1, 1, 1), so
    that it broadcasts over paths and months."""
    column = validate.array(name, np.atleast_1d(value), low=low, high=high)
    if column.ndim != 1 or column.size not in (1, sellers):
        raise ValueError(
            f"{name} must be a number or one number per seller ({sellers}), got shape "
            f"{column.shape}"
        )
    return column.reshape(-1, 1, 1)


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
    recovery_rate: float,
    seller_rate: float,
    lender_rate: float,
    funding_rate: float,
    contribution_margin,
    net_margin,
    cash_buffer_share,
    collateral_index: np.ndarray | None = None,
    trigger_ltv: float | None = None,
    target_ltv: float | None = None,
) -> LoanBook:
    """One loan per seller on every sales path ``index`` (from :func:`sales_index`).

    Each month the seller earns ``contribution_margin`` × sales less fixed costs (set so that the
    margin is ``net_margin`` at the starting level) and pays interest at ``seller_rate``; the
    principal is due at the end. It defaults in the first month its cash turns negative
    (illiquid) or its cash plus the financed stock (principal × sales index) falls below the debt
    (insolvent). The lender then recovers ``recovery_rate`` × the collateral's current value
    (``collateral_yuan`` × ``collateral_index``, same shape as ``index``: the sales index itself
    for data, a property price index for property; constant when None), at most the exposure.
    Monitoring (``trigger_ltv`` given): when debt / collateral value exceeds it, the seller's free
    cash is swept into repayment until the ratio is back at ``target_ltv``.
    Seller parameters are arrays of length ``sellers`` or scalars; amounts in yuan, rates per year.
    """
    if validate.array("index", index, low=0.0).ndim != 3:
        raise ValueError(f"index must be (sellers, paths, months), got shape {np.shape(index)}")
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
    if collateral_index is not None and np.shape(collateral_index) != index.shape:
        raise ValueError(
            f"collateral_index must have the shape of index {index.shape}, "
            f"got {np.shape(collateral_index)}"
        )
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
        collateral = collateral0[:, None] * (
            1.0 if collateral_index is None else collateral_index[:, :, month]
        )
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
    recovery_rate: float,
    seller_rate: float,
    lender_rate: float,
    funding_rate: float,
    contribution_margin: float,
    net_margin: float,
    cash_buffer_share: float,
    collateral_path: Sequence[float] | None = None,
    trigger_ltv: float | None = None,
    target_ltv: float | None = None,
) -> dict[str, float]:
    """The rule of :func:`simulate_loans` for one seller and one path, month by month in plain
    Python: the reference the vectorised version is tested against (and timed beside)."""
    months = validate.array("index_path", index_path, low=0.0).shape
    for name, value, low, high in (
        ("annual_sales_yuan", annual_sales_yuan, 0.0, math.inf),
        ("principal_yuan", principal_yuan, 0.0, math.inf),
        ("collateral_yuan", collateral_yuan, 0.0, math.inf),
        ("contribution_margin", contribution_margin, 0.0, 1.0),
        ("net_margin", net_margin, -1.0, 1.0),
        ("cash_buffer_share", cash_buffer_share, 0.0, 1.0),
        ("recovery_rate", recovery_rate, 0.0, 1.0),
        ("seller_rate", seller_rate, 0.0, 1.0),
        ("lender_rate", lender_rate, 0.0, 1.0),
        ("funding_rate", funding_rate, 0.0, 1.0),
    ):
        validate.in_range(name, value, low, high)
    if collateral_path is not None:
        collateral_months = validate.array("collateral_path", collateral_path, low=0.0).shape
        if collateral_months != months:
            raise ValueError(
                f"collateral_path must have one value per month of index_path {months}, "
                f"got {collateral_months}"
            )
    if trigger_ltv is not None:
        validate.share("trigger_ltv", trigger_ltv)
        validate.in_range("target_ltv", target_ltv, 0.0, trigger_ltv)
    monthly_sales = annual_sales_yuan / MONTHS_PER_YEAR
    fixed_cost = (contribution_margin - net_margin) * monthly_sales
    debt, cash = principal_yuan, cash_buffer_share * annual_sales_yuan
    result = {"default_month": 0, "exposure_at_default": 0.0, "loss": 0.0}
    result |= {"interest_paid": 0.0, "funding_cost": 0.0, "swept": 0.0}
    for month, level in enumerate(index_path, start=1):
        collateral = collateral_yuan * (
            1.0 if collateral_path is None else collateral_path[month - 1]
        )
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


def _path_values(name: str, values, low: float = -math.inf) -> np.ndarray:
    """Finite values over paths as floats (flags such as ``defaulted`` count as 0 and 1)."""
    if isinstance(values, np.ndarray) and values.dtype == bool:
        values = values.astype(float)
    return validate.array(name, values, low=low)


def ratio_estimate(numerator, denominator) -> tuple[float, float]:
    """Σ numerator / Σ denominator over Monte Carlo paths (arrays of the same shape) and its
    Monte Carlo standard error (delta method: the standard deviation of numerator − ratio ×
    denominator over paths, over √paths × mean denominator). A mean is the case denominator = 1.
    NaN for both when the denominator sums to zero."""
    numerator = _path_values("numerator", numerator)
    denominator = _path_values("denominator", denominator, low=0.0)
    denominator = np.broadcast_to(np.asarray(denominator, dtype=float), numerator.shape).ravel()
    numerator = numerator.ravel()
    total = denominator.sum()
    if total == 0:
        return math.nan, math.nan
    ratio = numerator.sum() / total
    residual = numerator - ratio * denominator
    n = numerator.size
    se = residual.std(ddof=1) / math.sqrt(n) / (total / n) if n > 1 else math.nan
    return float(ratio), float(se)


#: What :func:`loan_summary` reports: name -> (numerator, denominator) of a :class:`LoanBook`.
SUMMARY_RATIOS = {
    "default_probability": ("defaulted", None),
    "exposure_at_default_yuan": ("exposure_at_default", "defaulted"),
    "loss_given_default": ("loss", "exposure_at_default"),
    "expected_loss_yuan": ("loss", None),
    "expected_loss_rate": ("loss", "principal"),
    "interest_yuan": ("interest_paid", None),
    "swept_yuan": ("swept", None),
}


def loan_summary(book: LoanBook) -> dict[str, float]:
    """Over sellers and paths: principal, probability of default, exposure and loss given
    default, expected loss (yuan and share of principal), lender's interest and the amount the
    monitoring repaid early (yuan); each with its Monte Carlo standard error (``<name>_se``,
    :func:`ratio_estimate`)."""
    validate.instance("book", book, LoanBook, "a LoanBook (simulate_loans)")
    summary = {"principal_yuan": float(book.principal.mean())}
    for name, (numerator, denominator) in SUMMARY_RATIOS.items():
        value, se = ratio_estimate(
            getattr(book, numerator), 1.0 if denominator is None else getattr(book, denominator)
        )
        summary[name], summary[f"{name}_se"] = value, se
    return summary


# --- 3. the full loop for one seller -----------------------------------------------------------


@dataclass(frozen=True)
class PipelineResult:
    """confirm -> evaluate -> pledge -> monitor for one seller profile."""

    valuation: DataValuation
    principal_yuan: float
    conventional_principal_yuan: float
    loans: pd.DataFrame  # one row per kind of loan (LOAN_KINDS), columns of loan_summary
    #: Expected loss per yuan lent of the monitored pledge less the conventional loan's
    #: (percentage points of principal; S61-05) and its Monte Carlo standard error (paired).
    loss_gap_pp: float
    loss_gap_se: float

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
                t("step", "步骤"): [
                    t("confirm (确权)", "确权"),
                    t("evaluate (评估)", "评估"),
                    t("pledge (质押)", "质押"),
                    t("monitor (监控)", "监控"),
                ],
                t("what it does", "做法"): [
                    t(
                        "register the data rights; keep the part without personal information",
                        "登记数据权属；保留不含个人信息的部分",
                    ),
                    t(
                        "value the data by income (cost approach beside it)",
                        "以收益法评估数据价值（并列成本法）",
                    ),
                    t(
                        "lend loan-to-value × (1 − haircut) × pledgeable value, at most the need",
                        "按贷款价值比 × (1 − 折扣) × 可质押价值放款，不超过融资需求",
                    ),
                    t(
                        "sweep cash into repayment when the debt passes the trigger share of the "
                        "data's current value",
                        "当债务超过数据当前价值的触发比例时，将现金归集用于还款",
                    ),
                ],
                t("result", "结果"): [
                    pledgeable_pct,
                    valuation.income_value_yuan,
                    self.principal_yuan,
                    self.loans.loc[LOAN_KINDS[1], "expected_loss_yuan"],
                ],
                t("result is", "结果含义"): [
                    t(
                        "% of the data's value that can be pledged, after registration",
                        "登记后可质押部分占数据价值的百分比",
                    ),
                    t("income-approach value (yuan)", "收益法估值（元）"),
                    t("principal (yuan)", "本金（元）"),
                    t("lender's expected loss (yuan)", "贷款方的预期损失（元）"),
                ],
            }
        )


def pledge_principal(valuation: DataValuation, terms: LoanTerms) -> float:
    """Principal of the data pledge (yuan): loan-to-value of the haircut value, at most the need."""
    validate.instance("valuation", valuation, DataValuation, "a DataValuation")
    validate.instance("terms", terms, LoanTerms, "a LoanTerms")
    recognised = valuation.pledgeable_value_yuan * (1.0 - terms.valuation_haircut)
    return min(terms.loan_to_value * recognised, valuation.financing_need_yuan)


def pipeline_books(
    profile: SellerProfile = SellerProfile(),
    terms: LoanTerms = LoanTerms(),
    *,
    n_paths: int = 20_000,
    seed: int = 0,
    kinds: Sequence[str] = LOAN_KINDS,
) -> dict[str, LoanBook]:
    """The loans of :data:`LOAN_KINDS` (or those of ``kinds``) for one seller on the same
    ``n_paths`` sales paths: the data pledge without and with monitoring, and a conventional
    loan against property whose price follows its own random walk (:func:`property_index`)."""
    validate.instance("profile", profile, SellerProfile, "a SellerProfile")
    validate.instance("terms", terms, LoanTerms, "a LoanTerms")
    validate.seed("seed", seed)
    validate.size("n_paths", n_paths, per_item=terms.term_months)
    validate.instance("kinds", kinds, list | tuple, "a list of loan kinds")
    for kind in kinds:
        validate.one_of("kinds", kind, LOAN_KINDS)
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
        "collateral_index": index,
        "recovery_rate": terms.data_recovery_rate,
    }
    loans = {
        LOAN_KINDS[0]: lambda: simulate_loans(index, **common, **data_loan),
        LOAN_KINDS[1]: lambda: simulate_loans(
            index,
            **common,
            **data_loan,
            trigger_ltv=terms.trigger_ltv,
            target_ltv=terms.loan_to_value,
        ),
        LOAN_KINDS[2]: lambda: simulate_loans(
            index,
            **common,
            principal_yuan=conventional,
            collateral_yuan=property_value,
            collateral_index=property_index(terms, index.shape, seed),
            recovery_rate=terms.property_recovery_rate,
        ),
    }
    return {kind: loans[kind]() for kind in kinds}


def property_index(terms: LoanTerms, shape: tuple[int, int, int], seed: int) -> np.ndarray:
    """The mortgaged property's price relative to the start, shape (sellers, paths, months): a
    log random walk with ``terms.property_volatility`` and ``terms.property_drift``, drawn from
    its own stream of ``seed`` (independent of the sales paths, the same for every loan)."""
    validate.instance("terms", terms, LoanTerms, "a LoanTerms")
    validate.seed("seed", seed)
    normal = np.random.default_rng([seed, 3]).standard_normal(shape)
    dt = 1.0 / MONTHS_PER_YEAR
    sigma = terms.property_volatility
    step = (terms.property_drift - 0.5 * sigma**2) * dt + sigma * math.sqrt(dt) * normal
    return np.exp(np.cumsum(step, axis=-1))


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
    validate.instance("profile", profile, SellerProfile, "a SellerProfile")
    validate.instance("terms", terms, LoanTerms, "a LoanTerms")
    validate.seed("seed", seed)
    import pandas as pd

    valuation = value_data_asset(profile)
    books = pipeline_books(profile, terms, n_paths=n_paths, seed=seed)
    loans = pd.DataFrame({kind: loan_summary(book) for kind, book in books.items()}).T
    loans.index.name = t("loan", "贷款")
    return PipelineResult(
        valuation,
        float(books[LOAN_KINDS[1]].principal[0, 0]),
        float(books[LOAN_KINDS[2]].principal[0, 0]),
        loans,
        *_loss_gap(books),
    )


def _loss_gap(books: dict[str, LoanBook]) -> tuple[float, float]:
    """Expected loss per yuan lent of the monitored pledge less the conventional loan's, on the
    same paths (percentage points of principal), and its paired Monte Carlo standard error; NaN
    for both when either loan lends nothing."""
    monitored, conventional = books[LOAN_KINDS[1]], books[LOAN_KINDS[2]]
    if monitored.principal[0, 0] <= 0 or conventional.principal[0, 0] <= 0:
        return math.nan, math.nan
    difference = 100 * (
        monitored.loss / monitored.principal[0, 0]
        - conventional.loss / conventional.principal[0, 0]
    )
    return ratio_estimate(difference, 1.0)


def profile_sweep(
    profiles: dict[str, SellerProfile],
    terms: LoanTerms = LoanTerms(),
    *,
    n_paths: int = 5_000,
    seed: int = 0,
) -> pd.DataFrame:
    """:func:`run_pipeline` for each named profile (same seed): one row per profile and loan."""
    import pandas as pd

    validate.instance("profiles", profiles, dict, "a dict name -> SellerProfile")
    if not profiles:
        raise ValueError("profiles must name at least one SellerProfile, got an empty dict")
    for name, profile in profiles.items():
        validate.instance(f"profiles[{name!r}]", profile, SellerProfile, "a SellerProfile")
    validate.instance("terms", terms, LoanTerms, "a LoanTerms")
    validate.size("n_paths", n_paths, per_item=terms.term_months)
    validate.seed("seed", seed)
    frames = []
    for name, profile in profiles.items():
        result = run_pipeline(profile, terms, n_paths=n_paths, seed=seed)
        frame = result.loans.reset_index()
        frame.insert(0, t("profile", "卖家设定"), name)
        frame.insert(2, "coverage", result.valuation.coverage)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


# --- 4. policy scenarios -----------------------------------------------------------------------


def simulated_sellers(population: SellerPopulation, seed: int) -> dict[str, np.ndarray]:
    """Annual sales (yuan) and volatility class of the simulated sellers, from ``seed``."""
    validate.instance("population", population, SellerPopulation, "a SellerPopulation")
    validate.seed("seed", seed)
    rng = np.random.default_rng([seed, 1])
    sales = population.median_sales_yuan * np.exp(
        population.sales_dispersion * rng.standard_normal(population.n_sellers)
    )
    high_volatility = rng.random(population.n_sellers) < population.high_volatility_share
    return {"annual_sales_yuan": sales, "high_volatility": high_volatility}


#: Seller-paths simulated at once in :func:`population_book` (small arrays stay in the
#: processor's cache and below glibc's default threshold for mapping memory afresh).
BLOCK_CELLS = 8_192


@dataclass(frozen=True)
class PopulationBook:
    """The monitored data pledge of every simulated seller under one interest subsidy and one
    registration cost: what does not depend on the other levers (yuan; arrays per seller).

    ``mean`` and ``cov`` are the Monte Carlo mean and covariance over paths of each seller's
    (interest paid, loss, funding cost), shapes (sellers, 3) and (sellers, 3, 3)."""

    annual_sales_yuan: np.ndarray
    principal_yuan: np.ndarray
    mean: np.ndarray
    cov: np.ndarray
    n_paths: int


def population_book(
    population: SellerPopulation = SellerPopulation(),
    profile: SellerProfile = SellerProfile(),
    terms: LoanTerms = LoanTerms(),
    *,
    interest_subsidy: float = 0.0,
    registration_cost_cut_yuan: float = 0.0,
    n_paths: int = 1_000,
    seed: int = 0,
    path_seed: int | None = None,
) -> PopulationBook:
    """Simulate the monitored data pledge of every seller of the population (sizes and
    volatility class from ``seed``; sales paths from ``path_seed``, default ``seed``)."""
    validate.instance("population", population, SellerPopulation, "a SellerPopulation")
    validate.instance("profile", profile, SellerProfile, "a SellerProfile")
    validate.instance("terms", terms, LoanTerms, "a LoanTerms")
    validate.in_range("interest_subsidy", interest_subsidy, 0.0, 1.0, unit="per year")
    validate.non_negative("registration_cost_cut_yuan", registration_cost_cut_yuan, unit="yuan")
    validate.seed("seed", seed)
    validate.size("n_paths", n_paths, per_item=terms.term_months * population.n_sellers)
    sellers = simulated_sellers(population, seed)
    sales = sellers["annual_sales_yuan"]
    high = sellers["high_volatility"]
    volatility = np.where(high, HIGH_VOLATILITY["sales_volatility"], profile.sales_volatility)
    shock_rate = np.where(high, HIGH_VOLATILITY["shock_rate"], profile.shock_rate)
    registration = max(profile.registration_cost_yuan - registration_cost_cut_yuan, 0.0)
    income = income_value(
        sales,
        profile.data_uplift_share,
        profile.useful_life_years,
        profile.decay_rate,
        profile.discount_rate,
    )
    recognised = pledgeable_value(income, profile.confirmable_share, registration) * (
        1.0 - terms.valuation_haircut
    )
    principal = np.minimum(terms.loan_to_value * recognised, profile.financing_need_share * sales)
    block = max(1, BLOCK_CELLS // n_paths)
    means, covs = [], []
    draws = Shocks.blocks(
        population.n_sellers,
        n_paths,
        terms.term_months,
        (seed, seed if path_seed is None else path_seed),
        block,
        reuse=True,
    )
    for start, shocks in zip(range(0, population.n_sellers, block), draws, strict=True):
        rows = slice(start, start + block)
        index = sales_index(shocks, volatility[rows], shock_rate[rows], profile.shock_size)
        book = simulate_loans(
            index,
            annual_sales_yuan=sales[rows],
            principal_yuan=principal[rows],
            collateral_yuan=recognised[rows],
            collateral_index=index,
            recovery_rate=terms.data_recovery_rate,
            seller_rate=max(terms.annual_rate - interest_subsidy, 0.0),
            lender_rate=terms.annual_rate,
            funding_rate=terms.funding_rate,
            contribution_margin=profile.contribution_margin,
            net_margin=profile.net_margin,
            cash_buffer_share=profile.cash_buffer_share,
            trigger_ltv=terms.trigger_ltv,
            target_ltv=terms.loan_to_value,
        )
        centred = [book.interest_paid, book.loss, book.funding_cost]
        mean = np.stack([x.mean(axis=1) for x in centred], axis=-1)
        centred = [x - mean[:, [k]] for k, x in enumerate(centred)]
        cov = np.empty((len(mean), 3, 3))
        for i in range(3):
            for j in range(i, 3):
                cov[:, i, j] = cov[:, j, i] = np.einsum("sp,sp->s", centred[i], centred[j])
        means.append(mean)
        covs.append(cov / max(n_paths - 1, 1))
    return PopulationBook(sales, principal, np.concatenate(means), np.concatenate(covs), n_paths)


def _normal_cdf(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.vectorize(math.erf, otypes=[float])(z / math.sqrt(2.0)))


def _check_population_options(population, profile, terms) -> None:
    validate.instance("population", population, SellerPopulation, "a SellerPopulation")
    validate.instance("profile", profile, SellerProfile, "a SellerProfile")
    validate.instance("terms", terms, LoanTerms, "a LoanTerms")


def _check_scenarios(scenarios) -> list[PolicyScenario]:
    """``scenarios`` as a list: a non-empty sequence of :class:`PolicyScenario`."""
    if isinstance(scenarios, PolicyScenario | str) or not isinstance(scenarios, Sequence):
        raise ValueError(f"scenarios must be a non-empty list of PolicyScenario, got {scenarios!r}")
    scenarios = list(scenarios)
    if not scenarios:
        raise ValueError("scenarios must be a non-empty list of PolicyScenario, got []")
    for position, scenario in enumerate(scenarios):
        validate.instance(f"scenarios[{position}]", scenario, PolicyScenario, "a PolicyScenario")
    return scenarios


def _check_population_run(population, profile, terms, n_paths, seed, path_seed) -> None:
    """The options of :func:`population_book` that :func:`evaluate_scenarios` passes on."""
    _check_population_options(population, profile, terms)
    validate.size("n_paths", n_paths, per_item=terms.term_months * population.n_sellers)
    validate.seed("seed", seed)
    if path_seed is not None:
        validate.seed("path_seed", path_seed)


def scenario_outcome(
    scenario: PolicyScenario,
    book: PopulationBook,
    *,
    population: SellerPopulation = SellerPopulation(),
    profile: SellerProfile = SellerProfile(),
    terms: LoanTerms = LoanTerms(),
) -> dict[str, float]:
    """Credit to small sellers, the lender's expected loss and the public cost under one scenario,
    from the :func:`population_book` of its interest subsidy and registration cost, each with
    its Monte Carlo standard error (``<name>_se``).

    The lender lends where its expected interest exceeds its expected loss net of the guarantee,
    its funding cost and its assessment cost, each estimated on the book's paths. Totals are over
    the small sellers (annual sales below ``small_seller_limit_yuan``). Public cost: guarantee
    payouts and the interest subsidy on the loans made, and the registration and information
    cost cuts for every applicant (funded or not). Standard errors (first order): the paths'
    noise in the means of the loans made, plus the chance that the estimated profit of a seller
    falls on the other side of zero on another set of paths (``borderline_sellers``: small
    applicants whose estimated profit is within two standard errors of zero).
    """
    validate.instance("scenario", scenario, PolicyScenario, "a PolicyScenario")
    validate.instance("book", book, PopulationBook, "a PopulationBook (population_book)")
    _check_population_options(population, profile, terms)
    g = scenario.guarantee_share
    subsidy_share = min(scenario.interest_subsidy, terms.annual_rate) / terms.annual_rate
    information_cost = max(terms.information_cost_yuan - scenario.information_cost_cut_yuan, 0.0)
    n = book.n_paths

    def per_seller(weights):
        weights = np.asarray(weights, dtype=float)
        variance = np.einsum("i,sij,j->s", weights, book.cov, weights)
        return book.mean @ weights, np.sqrt(np.maximum(variance, 0.0) / n)

    profit, profit_se = per_seller([1.0, -(1.0 - g), -1.0])
    profit = profit - information_cost
    applicants = book.principal_yuan > 0
    small = applicants & (book.annual_sales_yuan < population.small_seller_limit_yuan)
    approved = applicants & (profit >= 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(profit_se > 0, profit / profit_se, np.where(profit >= 0, np.inf, -np.inf))
    flip = _normal_cdf(z) * (1.0 - _normal_cdf(z))

    def total(value, value_se):
        made = approved & small
        variance = np.sum(value_se[made] ** 2) + np.sum((value**2 * flip)[small])
        return float(np.sum(value[made])), float(math.sqrt(variance))

    lender_loss = per_seller([0.0, 1.0 - g, 0.0])
    public = per_seller([subsidy_share, g, 0.0])
    cuts = (terms.information_cost_yuan - information_cost) + (
        profile.registration_cost_yuan
        - max(profile.registration_cost_yuan - scenario.registration_cost_cut_yuan, 0.0)
    )
    credit, credit_se = total(book.principal_yuan, np.zeros_like(profit))
    funded, funded_se = total(np.ones_like(profit), np.zeros_like(profit))
    loss, loss_se = total(*lender_loss)
    public_cost, public_se = total(*public)
    n_small = int(np.sum(book.annual_sales_yuan < population.small_seller_limit_yuan))
    return {
        **dataclasses.asdict(scenario),
        "small_sellers": n_small,
        "small_sellers_funded": int(round(funded)),
        "small_sellers_funded_se": funded_se,
        "borderline_sellers": int(np.sum(small & (np.abs(z) < 2))),
        "credit_to_small_yuan": credit,
        "credit_to_small_yuan_se": credit_se,
        "lender_expected_loss_yuan": loss,
        "lender_expected_loss_yuan_se": loss_se,
        "public_cost_yuan": public_cost + cuts * float(np.sum(small)),
        "public_cost_yuan_se": public_se,
    }


def evaluate_scenarios(
    scenarios: Sequence[PolicyScenario],
    *,
    population: SellerPopulation = SellerPopulation(),
    profile: SellerProfile = SellerProfile(),
    terms: LoanTerms = LoanTerms(),
    n_paths: int = 1_000,
    seed: int = 0,
    path_seed: int | None = None,
) -> list[dict[str, float]]:
    """:func:`scenario_outcome` for each scenario, one row each in the order given. Scenarios
    that share an interest subsidy and a registration cost share one :func:`population_book`
    (the guarantee and the assessment cost change the lender's decision, not the loans), and
    every scenario sees the same sellers and sales paths (common random numbers), whoever
    computes it."""
    scenarios = _check_scenarios(scenarios)
    _check_population_run(population, profile, terms, n_paths, seed, path_seed)
    options = {"population": population, "profile": profile, "terms": terms}
    books: dict[tuple[float, float], PopulationBook] = {}
    rows = []
    for scenario in scenarios:
        key = _book_key(scenario)
        if key not in books:
            books[key] = population_book(
                **options,
                interest_subsidy=key[0],
                registration_cost_cut_yuan=key[1],
                n_paths=n_paths,
                seed=seed,
                path_seed=path_seed,
            )
        rows.append(scenario_outcome(scenario, books[key], **options))
    return rows


def _book_key(scenario: PolicyScenario) -> tuple[float, float]:
    return (scenario.interest_subsidy, scenario.registration_cost_cut_yuan)


def evaluate_scenario(scenario: PolicyScenario, **options) -> dict[str, float]:
    """:func:`evaluate_scenarios` for one scenario (``options`` as there)."""
    validate.instance("scenario", scenario, PolicyScenario, "a PolicyScenario")
    return evaluate_scenarios([scenario], **options)[0]


def scenario_grid(strong: PolicyScenario = STRONG_POLICY, levels: int = 3) -> list[PolicyScenario]:
    """Every combination of the levers, each at ``levels`` evenly spaced settings from the status
    quo (0) to its ``strong`` setting; in a stable order (the last lever varies fastest)."""
    validate.instance("strong", strong, PolicyScenario, "a PolicyScenario")
    # levels ** 4 scenarios: at most MAX_ELEMENTS of them.
    validate.integer("levels", levels, 2, int(validate.MAX_ELEMENTS ** (1 / len(LEVERS))))
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


def _evaluate_batch(jobs: list[tuple[int, list[PolicyScenario]]], options: dict) -> list[list]:
    """One task: for each (seed, scenarios) job, the rows of :func:`evaluate_scenarios`."""
    return [evaluate_scenarios(scenarios, **options, seed=seed) for seed, scenarios in jobs]


def sweep(
    scenarios: Sequence[PolicyScenario],
    *,
    executor: Executor | None = None,
    batches: int | None = None,
    population: SellerPopulation = SellerPopulation(),
    profile: SellerProfile = SellerProfile(),
    terms: LoanTerms = LoanTerms(),
    n_paths: int = 1_000,
    seed: int | Sequence[int] = 0,
    path_seed: int | None = None,
) -> pd.DataFrame:
    """:func:`evaluate_scenarios` for every scenario (and every population seed of ``seed``, if
    it is a sequence: then a ``seed`` column is added), one row each, in the order given.

    ``executor`` is any ``concurrent.futures``-style executor: :class:`SerialExecutor`, a
    ``ProcessPoolExecutor``, or ``dask.distributed.Client(...).get_executor()``; by default a
    process pool over all local cores. The work is cut into ``batches`` coarse tasks (default:
    one per local core), each a set of simulated loan books (one per population seed, interest
    subsidy and registration cost) with every scenario that reads them; a task receives only
    the scenarios and the small parameter objects and builds its sellers and paths from the seeds,
    so nothing large travels. Each row depends only on its scenario and seeds, so every executor
    gives the same table.
    """
    import pandas as pd

    scenarios = _check_scenarios(scenarios)
    if executor is not None and not callable(getattr(executor, "submit", None)):
        raise ValueError(f"executor must have a submit method (an Executor), got {executor!r}")
    single = not isinstance(seed, Sequence | np.ndarray)
    seeds = [seed] if single else list(seed)
    if not seeds:
        raise ValueError("seed must be an int or a non-empty list of ints, got []")
    for one in seeds:
        validate.seed("seed", one)
    _check_population_run(population, profile, terms, n_paths, seeds[0], path_seed)
    groups: dict[tuple, list[int]] = {}
    for position, scenario in enumerate(scenarios):
        groups.setdefault(_book_key(scenario), []).append(position)
    units = [(s, positions) for s in seeds for positions in groups.values()]
    cores = os.cpu_count() or 1
    batches = min(len(units), cores if batches is None else validate.count("batches", batches))
    chunks = [[units[i] for i in chunk] for chunk in np.array_split(np.arange(len(units)), batches)]
    options = {
        "population": population,
        "profile": profile,
        "terms": terms,
        "n_paths": n_paths,
        "path_seed": path_seed,
    }

    def run(pool: Executor) -> pd.DataFrame:
        futures = [
            pool.submit(
                _evaluate_batch,
                [(s, [scenarios[i] for i in positions]) for s, positions in chunk],
                options,
            )
            for chunk in chunks
        ]
        rows = {}
        for chunk, future in zip(chunks, futures, strict=True):
            for (s, positions), results in zip(chunk, future.result(), strict=True):
                rows.update({(s, i): row for i, row in zip(positions, results, strict=True)})
        ordered = [rows[(s, i)] | {"seed": s} for s in seeds for i in range(len(scenarios))]
        table = pd.DataFrame(ordered)
        return table.drop(columns="seed") if single else table

    if executor is None:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(cores, len(chunks))) as pool:
            return run(pool)
    return run(executor)


def lever_effects(
    strong: PolicyScenario = STRONG_POLICY, *, executor: Executor | None = None, **options
) -> pd.DataFrame:
    """Each lever alone at its ``strong`` setting against the status quo: added credit to small
    sellers (with an upper bound on its Monte Carlo standard error: the two standard errors
    combined as if independent, while common random numbers make the difference less noisy),
    change in the lender's expected loss, public cost, public cost per yuan of added credit,
    and the lever's rank by added credit (1 = most). ``options`` go to :func:`sweep`; with a
    list of population seeds the index is (seed, lever)."""
    import pandas as pd

    validate.instance("strong", strong, PolicyScenario, "a PolicyScenario")
    scenarios = [PolicyScenario()] + [
        PolicyScenario(**{lever: getattr(strong, lever)}) for lever in LEVERS
    ]
    table = sweep(scenarios, executor=executor, **options)
    seeds = table.pop("seed") if "seed" in table else pd.Series(0, index=table.index)
    frames = []
    for seed, rows in table.groupby(seeds, sort=False):
        base = rows.iloc[0]
        effects = rows.iloc[1:].assign(lever=list(LEVERS)).set_index("lever")
        added = effects["credit_to_small_yuan"] - base["credit_to_small_yuan"]
        frames.append(
            effects.assign(
                seed=seed,
                added_credit_yuan=added,
                added_credit_se_bound=np.hypot(
                    effects["credit_to_small_yuan_se"], base["credit_to_small_yuan_se"]
                ),
                lender_loss_change_yuan=effects["lender_expected_loss_yuan"]
                - base["lender_expected_loss_yuan"],
                public_cost_per_added_yuan=(effects["public_cost_yuan"] / added).where(added > 0),
                rank=added.rank(ascending=False, method="min").astype(int),
            )
        )
    effects = pd.concat(frames)[
        [
            "seed",
            "added_credit_yuan",
            "added_credit_se_bound",
            "small_sellers_funded",
            "lender_loss_change_yuan",
            "public_cost_yuan",
            "public_cost_per_added_yuan",
            "rank",
        ]
    ]
    if isinstance(options.get("seed"), Sequence | np.ndarray):
        return effects.set_index("seed", append=True).reorder_levels(["seed", "lever"])
    return effects.drop(columns="seed")


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
#: The most points :func:`equal_effect_region` takes: (2p - 1) p^3 grid cells, each a pass over
#: the paths (20 points: 39 x 8,000 cells).
MAX_EQUAL_EFFECT_POINTS = 20
#: Default rate of approved loans at which the credit-platform comparison is made (assumption).
CREDIT_PLATFORM_DEFAULT_RATE = 0.05
#: Population seeds of the credit-platform comparison (its Monte Carlo spread).
CREDIT_PLATFORM_SEEDS = tuple(range(8))


#: Parameters that coverage divides by: a grid of them must stay above zero.
_COVERAGE_DIVISORS = ("annual_sales_yuan", "financing_need_share")


def coverage_on_grid(grid: pd.DataFrame, profile: SellerProfile = SellerProfile()) -> np.ndarray:
    """Coverage of the financing need (a share) at every row of ``grid``: each column a
    :class:`SellerProfile` parameter (useful lives rounded to whole years), the others from
    ``profile``. Vectorised; :func:`value_data_asset` for many sellers at once."""
    import pandas as pd

    validate.instance("grid", grid, pd.DataFrame, "a DataFrame of SellerProfile parameters")
    validate.instance("profile", profile, SellerProfile, "a SellerProfile")
    fields = {f.name for f in dataclasses.fields(SellerProfile)}
    unknown = sorted(set(grid.columns) - fields)
    if unknown:
        raise ValueError(f"grid columns must be SellerProfile parameters, got {unknown}")
    if grid.empty:
        raise ValueError("grid must have at least one row, got an empty table")
    for name in grid.columns:
        column = validate.array(
            f"grid[{name!r}]", grid[name], low=-1.0 if name == "net_margin" else 0.0
        )
        if name in _COVERAGE_DIVISORS:
            validate.positive(f"grid[{name!r}]", float(column.min()))
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
    return pledgeable / (values["financing_need_share"] * sales)


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
    drivers = claims.plausible_grid(profile, COVERAGE_DRIVERS, COVERAGE_POINTS)
    grid = drivers.merge(pd.DataFrame({"annual_sales_yuan": sizes}), how="cross")
    grid.attrs["labels"] = drivers.attrs.get("labels", {}) | {
        "annual_sales_yuan": t(
            "annual sales of a seller of the paper's group (yuan)",
            "论文所指群体中卖家的年销售额（元）",
        )
    }
    coverage = coverage_on_grid(grid, profile)
    holds = (coverage >= low - 1e-12) & (coverage <= high + 1e-12)
    stated = 100 * value_data_asset(profile).coverage
    needed = [uplift_for_coverage(c, threshold, profile) for c in (low, high)]
    return claims.region_finding(
        claim_id,
        grid,
        holds,
        t(
            "coverage {stated}% for the stated seller ({threshold} yuan of sales); within "
            "{low}-{high} at {holding} of {points} points of the plausible region (coverage "
            "there from {lowest}% to {highest}%); sellers of {threshold}-{largest} yuan",
            "设定卖家（销售额 {threshold} 元）的覆盖率为 {stated}%；合理区域的 {points} 个点中"
            "有 {holding} 个落在 {low}-{high} 之内（该区域的覆盖率从 {lowest}% 到 {highest}%）；"
            "卖家规模 {threshold}-{largest} 元",
            stated=f"{stated:.0f}",
            threshold=f"{threshold:,.0f}",
            low=f"{low:.0%}",
            high=f"{high:.0%}",
            holding=f"{holds.sum():,}",
            points=f"{len(grid):,}",
            lowest=f"{100 * coverage.min():.0f}",
            highest=f"{100 * coverage.max():.0f}",
            largest=f"{sizes[-1]:,.0f}",
        ),
        estimate=stated,
        holds_where=t(
            "at the other stated values a seller of {threshold} yuan needs data that add "
            "{low}-{high} of sales a year",
            "在其他设定值下，销售额 {threshold} 元的卖家需要数据每年带来相当于销售额 {low}-{high} "
            "的现金流",
            threshold=f"{threshold:,.0f}",
            low=f"{needed[0]:.1%}",
            high=f"{needed[1]:.1%}",
        ),
        sourced=(t("the group's lower size limit (S61-01)", "该群体的规模下限（S61-01）"),),
    )


#: The assumed inputs of the S61-05 region: the data's recovery, the seller's sales volatility
#: and the property loan's price volatility and forced-sale discount.
EQUAL_EFFECT_DRIVERS = (
    "data_recovery_rate",
    "sales_volatility",
    "property_volatility",
    "property_sale_discount",
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
    the plausible region of :data:`EQUAL_EFFECT_DRIVERS` (``2 * points - 1`` recovery rates,
    ``points`` values of the others), on the same sales and property paths at every point
    (common random numbers). Columns: the grid, the loss rates, their difference (monitored
    pledge less conventional loan) with its Monte Carlo standard error (paired over paths), and
    ``holds`` where the difference is at most :data:`SAME_EFFECT_TOLERANCE` (S61-05).
    Computed once per process for the same arguments (the chapter's figure and its claims
    table share it)."""
    validate.instance("profile", profile, SellerProfile, "a SellerProfile")
    validate.instance("terms", terms, LoanTerms, "a LoanTerms")
    validate.integer("points", points, 2, MAX_EQUAL_EFFECT_POINTS)
    validate.size("n_paths", n_paths, per_item=terms.term_months)
    validate.seed("seed", seed)
    return _equal_effect_region(profile, terms, points, n_paths, seed).copy()


@cache
def _equal_effect_region(
    profile: SellerProfile, terms: LoanTerms, points: int, n_paths: int, seed: int
) -> pd.DataFrame:
    # The rows of :func:`equal_effect_region`.
    import pandas as pd

    recovery = claims.plausible_grid(terms, ["data_recovery_rate"], 2 * points - 1)
    volatility = claims.plausible_grid(profile, ["sales_volatility"], points)
    prices = claims.plausible_grid(terms, ["property_volatility", "property_sale_discount"], points)
    rows = []
    for sigma in volatility["sales_volatility"]:
        seller = dataclasses.replace(profile, sales_volatility=float(sigma))
        data_books = pipeline_books(seller, terms, n_paths=n_paths, seed=seed, kinds=LOAN_KINDS[:2])
        for price_sigma, price_rows in prices.groupby("property_volatility", sort=False):
            loan_terms = dataclasses.replace(terms, property_volatility=float(price_sigma))
            books = data_books | pipeline_books(
                seller, loan_terms, n_paths=n_paths, seed=seed, kinds=LOAN_KINDS[2:]
            )
            per_yuan = {
                kind: (lambda book: lambda rate: book.loss_at(rate)[0] / book.principal[0, 0])(
                    books[kind]
                )
                for kind in LOAN_KINDS
            }
            for discount in price_rows["property_sale_discount"]:
                conventional = per_yuan[LOAN_KINDS[2]](
                    (1.0 - discount) * (1.0 - terms.property_liquidation_cost)
                )
                for rate in recovery["data_recovery_rate"]:
                    monitored = per_yuan[LOAN_KINDS[1]](float(rate))
                    difference = monitored - conventional
                    rows.append(
                        {
                            "data_recovery_rate": float(rate),
                            "sales_volatility": float(sigma),
                            "property_volatility": float(price_sigma),
                            "property_sale_discount": float(discount),
                            "unmonitored_loss_rate": per_yuan[LOAN_KINDS[0]](float(rate)).mean(),
                            "monitored_loss_rate": monitored.mean(),
                            "conventional_loss_rate": conventional.mean(),
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

    Over the plausible region of :data:`EQUAL_EFFECT_DRIVERS` (:func:`equal_effect_region`),
    ``holds`` where the monitored pledge's expected loss per yuan is within
    :data:`SAME_EFFECT_TOLERANCE` of the conventional loan's. The estimate is the difference
    at the stated assumptions (percentage points of principal).
    """
    region = equal_effect_region()
    close = (region["difference"] - SAME_EFFECT_TOLERANCE).abs() < 2 * region["difference_se"]
    stated_result = run_pipeline(n_paths=EQUAL_EFFECT_PATHS)
    stated, stated_se = stated_result.loss_gap_pp, stated_result.loss_gap_se
    conventional_rate = 100 * stated_result.loans.loc[LOAN_KINDS[2], "expected_loss_rate"]
    holding = region[region["holds"]]
    where = (
        t(
            "only where at least {share} of the data's value is recovered",
            "仅在数据价值至少有 {share} 可回收之处",
            share=f"{holding['data_recovery_rate'].min():.0%}",
        )
        if len(holding)
        else t("nowhere", "没有任何地方")
    )
    grid = region[list(EQUAL_EFFECT_DRIVERS)].copy()
    grid.attrs["labels"] = {
        field.name: field.metadata["meaning"]
        for parameters in (SellerProfile, LoanTerms)
        for field in dataclasses.fields(parameters)
        if field.name in EQUAL_EFFECT_DRIVERS
    }
    return claims.region_finding(
        claim_id,
        grid,
        region["holds"],
        t(
            "at the stated assumptions the monitored pledge loses {gap} percentage points "
            "(Monte Carlo standard error {gap_se}) of principal more than a loan against "
            "property (which loses {conventional}%); within {tolerance} percentage point of it "
            "at {holding} of {points} points of the plausible region ({paths} paths, the same "
            "at every point; {close} within two Monte Carlo standard errors of the line)",
            "在设定假设下，受监控的数据质押比不动产抵押贷款（损失 {conventional}%）多损失本金 "
            "{gap} 个百分点（Monte Carlo 标准误 {gap_se}）；在合理区域的 {points} 个点中，有 "
            "{holding} 个与之相差不超过 {tolerance} 个百分点（{paths} 条路径，各点相同；其中 "
            "{close} 个点与界线的距离在两个 Monte Carlo 标准误之内）",
            gap=f"{stated:.2f}",
            gap_se=f"{stated_se:.2f}",
            conventional=f"{conventional_rate:.2f}",
            tolerance=f"{100 * SAME_EFFECT_TOLERANCE:.1f}",
            holding=int(region["holds"].sum()),
            points=len(region),
            paths=f"{EQUAL_EFFECT_PATHS:,}",
            close=int(close.sum()),
        ),
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
        t(
            "simulated merchants ({merchants}, {seeds} seeds): at a {rate} default rate of "
            "approved loans, the scorecard with platform data approves {gain} percentage points "
            "more applicants (standard error {se}; from {lowest} to {highest} across seeds)",
            "模拟商户（{merchants} 户，{seeds} 个随机种子）：在获批贷款违约率为 {rate} 时，加入"
            "平台数据的评分卡多批准 {gain} 个百分点的申请人（标准误 {se}；各随机种子间从 "
            "{lowest} 到 {highest}）",
            merchants=f"{n_merchants:,}",
            seeds=len(gains),
            rate=f"{CREDIT_PLATFORM_DEFAULT_RATE:.0%}",
            gain=f"{mean:.1f}",
            se=f"{se:.1f}",
            lowest=f"{gains.min():.1f}",
            highest=f"{gains.max():.1f}",
        ),
        interval=(mean - 1.96 * se, mean + 1.96 * se),
        assumed=(
            t(
                "how much the platform's data say about default (simulated merchants)",
                "平台数据对违约的信息量（模拟商户）",
            ),
        ),
    )


def credit_platform_gain(
    n_merchants: int = 20_000, *, max_default_rate: float = CREDIT_PLATFORM_DEFAULT_RATE, seed=0
) -> pd.DataFrame:
    """Scorecards with the collateral lender's features and with platform data (ecommod.credit)
    on simulated merchants: AUC, Gini and the approval rate at ``max_default_rate``."""
    validate.size("n_merchants", n_merchants)
    validate.share("max_default_rate", max_default_rate)
    validate.seed("seed", seed)
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
