"""Cross-border e-commerce (§4.4.1): what a merchant pays to get paid, and exchange-rate risk.

Two models turn the paper's payment figures into yuan and days for concrete merchants. Inputs are
the paper's figures where it gives one (the claim id is the assumption's source) and stated
assumptions otherwise; every result is simulated or computed under those assumptions, not observed.

* **Collection and settlement costs** (S441-08, S441-09, S441-15, S441-16). A merchant with annual
  cross-border GMV ``G`` (yuan) who pays a collection fee ``f`` (fraction of GMV) and waits ``d``
  days for each payout pays ``f·G`` in fees and carries ``G·d/365`` of receivables on average (a
  steady flow of sales), which costs ``G·r·d/365`` a year at a cost of capital ``r``.
  :func:`settlement_savings` compares two routes before and after: local e-wallets (fees 5-8% to
  2-3%, 7 days to T+1) and digital-RMB settlement (0.5% to 0.1%, T+3 to T+0).
* **Exchange-rate risk** (S441-10). :func:`simulate_fx_losses` draws exchange-rate paths
  (geometric Brownian motion with a stated drift and volatility) for merchants who book one unit of
  foreign-currency sales a day for a year and are paid ``settlement_lag_days`` later. Three
  conversion strategies: convert on receipt, convert on fixed dates, and a rule-based lock that
  keeps the fixed dates but converts earlier, as soon as the rate has moved a set band away from
  the booking rate (the "智能汇率锁定" of the paper's PingPong example, as we read it).
  :func:`fx_loss_reduction_region` shows where an average loss reduction of 6.2% arises.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ecommod import cashflow, claims, validate
from ecommod.language import chinese_of, register, t
from ecommod.present import assumption

#: The two collection routes of the paper, each as (fee field, days field) before and after.
ROUTES = {
    t("local e-wallet", "本地电子钱包"): (
        ("wallet_fee_before", "wallet_days_before"),
        ("wallet_fee_after", "wallet_days_after"),
    ),
    t("digital RMB", "数字人民币"): (
        ("dcep_cost_before", "dcep_days_before"),
        ("dcep_cost_after", "dcep_days_after"),
    ),
}
_ROUTE_RATES = tuple(step[0] for pair in ROUTES.values() for step in pair)
_ROUTE_DAYS = tuple(step[1] for pair in ROUTES.values() for step in pair)
#: Conversion strategies of the exchange-rate model, in the order tables show them.
STRATEGIES = (
    t("on receipt", "到账即结汇"),
    t("fixed date", "固定日期结汇"),
    t("rule-based lock", "规则锁汇"),
)
#: Simulated paths drawn and handled at once (bounds memory and keeps the arrays in cache:
#: 256 paths × 400 days of rates is under 1 MB).
_PATHS_PER_CHUNK = 256


# --- collection and settlement costs --------------------------------------------------------


@dataclass(frozen=True)
class SettlementAssumptions:
    """Fees, settlement times and the merchant's finances for :func:`settlement_savings`."""

    wallet_fee_before: float = claims.claim_parameter(
        "S441-08",
        t("fraction of GMV", "占 GMV 的比例"),
        t(
            "collection fee before local e-wallets (low end of 5%~8%: with the high end of the "
            "fee after, the smallest cut the paper's ranges allow)",
            "使用本地电子钱包之前的收款费率（5%~8% 的下限：与之后费率的上限一起，给出论文区间所允"
            "许的最小降幅）",
        ),
        field="baseline_value",
        ledger_unit="fraction",
    )
    wallet_fee_after: float = claims.claim_parameter(
        "S441-08",
        t("fraction of GMV", "占 GMV 的比例"),
        t(
            "collection fee with local e-wallets (high end of 2%~3%)",
            "使用本地电子钱包之后的收款费率（2%~3% 的上限）",
        ),
        field="value_high",
        ledger_unit="fraction",
    )
    wallet_days_before: float = claims.claim_parameter(
        "S441-09",
        t("days", "天"),
        t(
            "days from sale to payout before local e-wallets",
            "使用本地电子钱包之前，从销售到回款的天数",
        ),
        field="baseline_value",
    )
    wallet_days_after: float = claims.claim_parameter(
        "S441-09",
        t("days", "天"),
        t(
            "days from sale to payout with local e-wallets (T+1)",
            "使用本地电子钱包之后，从销售到回款的天数（T+1）",
        ),
    )
    dcep_cost_before: float = claims.claim_parameter(
        "S441-15",
        t("fraction of GMV", "占 GMV 的比例"),
        t("settlement cost before digital-RMB settlement", "采用数字人民币结算之前的结算成本"),
        field="baseline_value",
        ledger_unit="fraction",
    )
    dcep_cost_after: float = claims.claim_parameter(
        "S441-15",
        t("fraction of GMV", "占 GMV 的比例"),
        t("settlement cost with digital-RMB settlement", "采用数字人民币结算之后的结算成本"),
        ledger_unit="fraction",
    )
    dcep_days_before: float = claims.claim_parameter(
        "S441-16",
        t("days", "天"),
        t(
            "settlement time before digital-RMB settlement (T+3)",
            "采用数字人民币结算之前的结算时间（T+3）",
        ),
        field="baseline_value",
    )
    dcep_days_after: float = claims.claim_parameter(
        "S441-16",
        t("days", "天"),
        t(
            "settlement time with digital-RMB settlement (T+0)",
            "采用数字人民币结算之后的结算时间（T+0）",
        ),
    )
    cost_of_capital: float = assumption(
        0.06,
        t("fraction per year", "比例（每年）"),
        t("what a yuan of receivables costs the merchant to carry", "商户占用一元应收账款的成本"),
        plausible=(
            0.03,
            0.20,
            t(
                "from the one-year loan prime rate (3.1%-3.45% in 2024) to short-term informal "
                "credit for a small seller",
                "从一年期贷款市场报价利率（2024 年为 3.1%-3.45%）到小卖家的短期非正规信贷利率",
            ),
        ),
    )
    net_margin: float = assumption(
        0.10,
        t("fraction of GMV", "占 GMV 的比例"),
        t(
            "merchant's net profit margin before the change of route",
            "更换收款渠道之前商户的净利率",
        ),
        plausible=(
            0.03,
            0.20,
            t(
                "thin resale margins to branded sellers; a referee's range",
                "从利润微薄的转售商到品牌卖家；审稿人可接受的范围",
            ),
        ),
    )
    reference_gmv_yuan: float = assumption(
        5_000_000,
        t("yuan per year", "元/年"),
        t("annual cross-border GMV of the reference small merchant", "参照小商户的年跨境 GMV"),
        plausible=(
            1_000_000,
            100_000_000,
            t("the merchant sizes the chapter shows", "本章展示的各种商户规模"),
        ),
    )

    def __post_init__(self):
        for name in _ROUTE_RATES:
            validate.share(name, getattr(self, name))
        for name in _ROUTE_DAYS:
            validate.in_range(name, getattr(self, name), 0, cashflow.DAYS_PER_YEAR, unit="days")
        validate.in_range("cost_of_capital", self.cost_of_capital, 0, 1, unit="per year")
        validate.in_range("net_margin", self.net_margin, 0, 1, unit="(fraction of GMV)")
        validate.positive("net_margin", self.net_margin, unit="(savings are a share of it)")
        validate.positive("reference_gmv_yuan", self.reference_gmv_yuan, unit="yuan")


def collection_cost(gmv_yuan, fee_rate: float, settlement_days: float, cost_of_capital: float):
    """Annual cost (yuan) of collecting ``gmv_yuan`` a year: fees plus the carrying cost of the
    receivables outstanding while a payout waits ``settlement_days`` days.

    ``fee_rate`` and ``cost_of_capital`` are fractions (of GMV, per year). Vectorised over
    ``gmv_yuan``.

    >>> float(collection_cost(365_000, 0.02, 10, 0.05))  # 7,300 fees + 10,000 × 5%
    7800.0
    """
    gmv = validate.array("gmv_yuan", gmv_yuan, low=0)
    validate.share("fee_rate", fee_rate)
    validate.in_range("settlement_days", settlement_days, 0, cashflow.DAYS_PER_YEAR, unit="days")
    validate.in_range("cost_of_capital", cost_of_capital, 0, 1, unit="per year")
    return gmv * fee_rate + cashflow.tied_up(gmv, settlement_days) * cost_of_capital


def settlement_savings(
    gmv_yuan, assumptions: SettlementAssumptions = SettlementAssumptions()
) -> pd.DataFrame:
    """What each route's change saves merchants of annual GMV ``gmv_yuan`` (yuan), per year.

    One row per route and merchant size: fees and float before and after (yuan), the saving
    split into fee and float parts, and the saving as a share of the merchant's net profit
    (``net_margin`` × GMV). Fees and float are proportional to GMV, so the share of profit is the
    same for every size; the yuan amounts scale with it.
    """
    gmv = np.atleast_1d(validate.array("gmv_yuan", gmv_yuan, low=0))
    if (gmv <= 0).any():  # the saving's share of profit would be 0 / 0
        raise ValueError(f"gmv_yuan must be above 0 yuan (a merchant with sales), got {gmv_yuan!r}")
    validate.instance("assumptions", assumptions, SettlementAssumptions, "a SettlementAssumptions")
    rate = assumptions.cost_of_capital
    frames = []
    for route, ((fee_before, days_before), (fee_after, days_after)) in ROUTES.items():
        before = {
            "fee": gmv * getattr(assumptions, fee_before),
            "float": collection_cost(gmv, 0.0, getattr(assumptions, days_before), rate),
        }
        after = {
            "fee": gmv * getattr(assumptions, fee_after),
            "float": collection_cost(gmv, 0.0, getattr(assumptions, days_after), rate),
        }
        frame = pd.DataFrame(
            {
                "route": route,
                "gmv_yuan": gmv,
                "fee_before_yuan": before["fee"],
                "fee_after_yuan": after["fee"],
                "float_before_yuan": before["float"],
                "float_after_yuan": after["float"],
            }
        )
        frame["fee_saving_yuan"] = frame["fee_before_yuan"] - frame["fee_after_yuan"]
        frame["float_saving_yuan"] = frame["float_before_yuan"] - frame["float_after_yuan"]
        frame["saving_yuan"] = frame["fee_saving_yuan"] + frame["float_saving_yuan"]
        with np.errstate(invalid="ignore", divide="ignore"):
            frame["saving_share_of_profit"] = frame["saving_yuan"] / (gmv * assumptions.net_margin)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def break_even_cost_of_capital(fee_saving: float, days_saved: float) -> float:
    """Cost of capital (fraction per year) at which ``days_saved`` days of faster settlement are
    worth as much as a fee cut of ``fee_saving`` (fraction of GMV): fee_saving × 365 / days."""
    validate.share("fee_saving", fee_saving)
    validate.positive("days_saved", days_saved, unit="days")
    return fee_saving * cashflow.DAYS_PER_YEAR / days_saved


def _fee_cut_check(claim_id: str, route: str) -> claims.Finding:
    """A claimed fee cut ("from X to Y", ranges allowed) in yuan per year for the reference
    merchant of :class:`SettlementAssumptions` and as a share of its profit over the plausible
    net margins. The fees are the claim's own figures, so the finding tests nothing."""
    claim = claims.claim(claim_id)
    assumptions = SettlementAssumptions()
    gmv = assumptions.reference_gmv_yuan
    before_low, before_high = _ends(claim, "baseline_value", "baseline_value_high")
    after_low, after_high = _ends(claim, "value", "value_high")
    cuts = (before_low - after_high, before_high - after_low)  # in the claim's unit
    savings = [gmv * claims.convert(cut, claim["unit"], "fraction") for cut in cuts]
    margin_low, margin_high = claims.plausible_range(SettlementAssumptions, "net_margin")
    span = "–".join(f"{s:,.0f}" for s in dict.fromkeys(savings))
    return claims.point_finding(
        claim_id,
        float(np.mean(cuts)),
        t(
            "{route}: the claimed fee cut of {cut} percentage points saves a merchant with "
            "{gmv:,.0f} yuan of annual cross-border GMV {span} yuan a year, {share_low:.0%}–"
            "{share_high:.0%} of its profit at net margins of {margin_low:.0%}–{margin_high:.0%}",
            "{route}：所称 {cut} 个百分点的费率降幅，可使年跨境 GMV 为 {gmv:,.0f} 元的商户每年节省 "
            "{span} 元，在 {margin_low:.0%}–{margin_high:.0%} 的净利率下相当于其利润的 "
            "{share_low:.0%}–{share_high:.0%}",
            route=route,
            cut=_range_text(cuts),
            gmv=gmv,
            span=span,
            share_low=min(savings) / (gmv * margin_high),
            share_high=max(savings) / (gmv * margin_low),
            margin_low=margin_low,
            margin_high=margin_high,
        ),
        unit=claim["unit"],
        set_from_claim=(t("the fees before and after", "之前和之后的费率"),),
        assumed=(t("annual GMV", "年 GMV"), t("net margin", "净利率")),
    )


def _faster_settlement_check(claim_id: str, route: str) -> claims.Finding:
    """A claimed cut in settlement days valued as float (yuan per year) for the reference
    merchant over the plausible costs of capital; the days are the claim's own figures."""
    claim = claims.claim(claim_id)
    assumptions = SettlementAssumptions()
    gmv = assumptions.reference_gmv_yuan
    days_saved = claims.convert(claim["baseline_value"] - claim["value"], claim["unit"], "days")
    freed = float(cashflow.tied_up(gmv, days_saved)[()])
    rate_low, rate_high = claims.plausible_range(SettlementAssumptions, "cost_of_capital")
    return claims.point_finding(
        claim_id,
        days_saved,
        t(
            "{route}: {days:g} days faster settlement frees {freed:,.0f} yuan of receivables for "
            "a merchant with {gmv:,.0f} yuan of annual GMV, worth {worth_low:,.0f}–"
            "{worth_high:,.0f} yuan a year at costs of capital of {rate_low:.0%}–{rate_high:.0%}",
            "{route}：结算加快 {days:g} 天，可为年 GMV 为 {gmv:,.0f} 元的商户释放 {freed:,.0f} 元"
            "应收账款，在 {rate_low:.0%}–{rate_high:.0%} 的资本成本下每年价值 {worth_low:,.0f}–"
            "{worth_high:,.0f} 元",
            route=route,
            days=days_saved,
            freed=freed,
            gmv=gmv,
            worth_low=freed * rate_low,
            worth_high=freed * rate_high,
            rate_low=rate_low,
            rate_high=rate_high,
        ),
        unit="days",
        set_from_claim=(t("the settlement days before and after", "之前和之后的结算天数"),),
        assumed=(t("annual GMV", "年 GMV"), t("cost of capital", "资本成本")),
    )


def _range_text(values) -> str:
    """Two different numbers as "a–b", equal ones as "a" (``:g`` format)."""
    return "–".join(f"{v:g}" for v in dict.fromkeys(round(float(v), 10) for v in values))


def _ends(claim: pd.Series, low: str, high: str) -> tuple[float, float]:
    """Both ends of a claimed figure ("5%~8%"); a single figure is both ends."""
    return claim[low], claim[low] if pd.isna(claim[high]) else claim[high]


@claims.model_check("S441-08")
def check_wallet_fees(claim_id: str = "S441-08") -> claims.Finding:
    """S441-08: the fee cut of local e-wallets (5-8% to 2-3%) in yuan for the reference merchant."""
    return _fee_cut_check(claim_id, "local e-wallet")


@claims.model_check("S441-09")
def check_wallet_settlement(claim_id: str = "S441-09") -> claims.Finding:
    """S441-09: settlement 7 days to T+1, valued as float over the plausible costs of capital."""
    return _faster_settlement_check(claim_id, "local e-wallet")


@claims.model_check("S441-15")
def check_dcep_cost(claim_id: str = "S441-15") -> claims.Finding:
    """S441-15: digital-RMB settlement cost 0.5% to 0.1%, in yuan for the reference merchant."""
    return _fee_cut_check(claim_id, "digital RMB")


@claims.model_check("S441-16")
def check_dcep_settlement(claim_id: str = "S441-16") -> claims.Finding:
    """S441-16: digital-RMB settlement T+3 to T+0, valued as float over the costs of capital."""
    return _faster_settlement_check(claim_id, "digital RMB")


# --- exchange-rate risk -----------------------------------------------------------------------


@dataclass(frozen=True)
class FxAssumptions:
    """Exchange-rate process and conversion strategies for :func:`simulate_fx_losses`."""

    volatility: float = assumption(
        0.04,
        t("fraction per year", "比例（每年）"),
        t(
            "annualised standard deviation of daily log changes of the foreign currency against "
            "CNY",
            "外币兑人民币日对数变动的年化标准差",
        ),
        plausible=(
            0.02,
            0.10,
            t(
                "the yuan's volatility against the US dollar is a few percent a year; against the "
                "euro or emerging-market currencies it is higher; a referee's range",
                "人民币兑美元的波动率为每年几个百分点；兑欧元或新兴市场货币的波动率更高；审稿人可"
                "接受的范围",
            ),
        ),
    )
    drift: float = assumption(
        0.0,
        t("fraction per year", "比例（每年）"),
        t(
            "expected log change of the foreign currency against CNY; below 0 it weakens (the "
            "exporter's loss)",
            "外币兑人民币的预期对数变动；小于 0 表示外币贬值（出口商受损）",
        ),
        plausible=(
            -0.05,
            0.05,
            t(
                "an expected move of up to 5% a year either way; a referee's range, not a forecast",
                "每年向任一方向的预期变动最多 5%；审稿人可接受的范围，并非预测",
            ),
        ),
    )
    settlement_lag_days: float = claims.claim_parameter(
        "S441-09",
        t("days", "天"),
        t(
            "days from booking a sale to receiving the foreign-currency payout (before e-wallets)",
            "从记入一笔销售到收到外币回款的天数（使用电子钱包之前）",
        ),
        field="baseline_value",
    )
    fixed_interval_days: int = assumption(
        30,
        t("days", "天"),
        t(
            "fixed-date strategy: receipts are converted on every n-th day",
            "固定日期结汇策略：每隔 n 天对回款结汇一次",
        ),
        plausible=(7, 90, t("weekly to quarterly conversion", "从每周到每季度结汇一次")),
    )
    lock_band: float = assumption(
        0.01,
        t("fraction of the booking rate", "占记账汇率的比例"),
        t(
            "rule-based lock: convert once the rate has moved this far above or below the rate at "
            "booking (at the latest on the next fixed date)",
            "规则锁汇：汇率相对记账汇率上涨或下跌达到该幅度时即结汇（最迟在下一个固定日期）",
        ),
        plausible=(
            0.0025,
            0.04,
            t(
                "from about one day's typical move at 4% a year (0.2%) to several times a month's "
                "(1.1%); a referee's range",
                "从年波动率 4% 下约一天的典型变动（0.2%）到一个月典型变动（1.1%）的数倍；审稿人可"
                "接受的范围",
            ),
        ),
    )
    sales_days: int = assumption(
        cashflow.DAYS_PER_YEAR,
        t("days", "天"),
        t(
            "days with one unit of foreign-currency sales booked (one year)",
            "每天记入一个单位外币销售额的天数（一年）",
        ),
        t("definition: a merchant-year", "定义：一个商户年"),
    )

    def __post_init__(self):
        validate.in_range("volatility", self.volatility, 0, 1, unit="per year")
        validate.in_range("drift", self.drift, -1, 1, unit="per year")
        validate.in_range("settlement_lag_days", self.settlement_lag_days, 0, 90, unit="days")
        if self.settlement_lag_days != int(self.settlement_lag_days):
            raise ValueError(
                "settlement_lag_days must be a whole number of days, got "
                f"{self.settlement_lag_days}"
            )
        validate.count("fixed_interval_days", self.fixed_interval_days)
        validate.in_range("lock_band", self.lock_band, 0, 0.5, unit="(fraction of the rate)")
        validate.count("sales_days", self.sales_days)


def _log_rates_by_day(
    rng: np.random.Generator,
    n_paths: int,
    n_days: int,
    assumptions: FxAssumptions,
    *,
    memory: np.ndarray | None = None,
) -> np.ndarray:
    """Log exchange rate (index, 0 on day 0) on days 0..n_days for ``n_paths`` paths drawn from
    ``rng``, laid out days × paths. The shocks are drawn path after path, so consecutive chunks
    of paths from one generator give the same paths as drawing them all at once.

    ``memory``, if given, is a float64 buffer of at least ``n_paths × (2 n_days + 1)`` elements
    into which the shocks and the rates are written (reused from chunk to chunk, it saves
    allocating them each time); the result is then a view of it.
    """
    step = 1 / cashflow.DAYS_PER_YEAR
    size = n_paths * n_days
    memory = np.empty(size + (n_days + 1) * n_paths) if memory is None else memory
    increments = memory[:size].reshape(n_paths, n_days)
    rng.standard_normal(out=increments)
    increments *= assumptions.volatility * math.sqrt(step)
    increments += (assumptions.drift - assumptions.volatility**2 / 2) * step
    by_day = memory[size : size + (n_days + 1) * n_paths].reshape(n_days + 1, n_paths)
    by_day[0] = 0.0
    np.cumsum(increments.T, axis=0, out=by_day[1:])
    return by_day


def _schedule(assumptions: FxAssumptions) -> tuple[np.ndarray, np.ndarray, int]:
    """Receipt day and fixed conversion date of every sale, and the days of rates needed."""
    a = assumptions
    receipt = np.arange(a.sales_days) + int(a.settlement_lag_days)
    fixed = -(-receipt // a.fixed_interval_days) * a.fixed_interval_days  # next multiple
    return receipt, fixed, int(fixed.max()) + a.fixed_interval_days + 1


def _shock_days(assumptions: FxAssumptions) -> int:
    """Days of shocks drawn per path: the fixed date after the last receipt, one interval more,
    and one day (kept as it was, so that a seed gives the same paths)."""
    receipt, _, _ = _schedule(assumptions)
    interval = assumptions.fixed_interval_days
    return (-(-int(receipt[-1]) // interval) + 1) * interval + 1


def _conversion_days_by_day(rates_by_day: np.ndarray, assumptions: FxAssumptions) -> dict:
    """:func:`conversion_days` on log rates laid out days × paths; arrays sales days × paths.

    Receipt days are laid out as a grid, one row per fixed date and one column per day before
    it, so that the sales still waiting ``k`` days after receipt are a slice of the grid. One
    pass over ``k``, earliest first, counts for every sale the days on which the rate has stayed
    inside the band since receipt: the lock converts that many days after receipt (at the fixed
    date if the band was never crossed). Each step is a few whole-array operations without
    masked writes; work and memory are linear in the number of paths, and no array has a window
    dimension.
    """
    a = assumptions
    interval = a.fixed_interval_days
    receipt, fixed, needed = _schedule(a)
    if rates_by_day.shape[0] < needed:
        raise ValueError(
            f"log_rates must cover days 0..{needed - 1}, got {rates_by_day.shape[0]} days"
        )
    n_paths = rates_by_day.shape[1]
    first_block, blocks = fixed[0] // interval, (fixed[-1] - fixed[0]) // interval + 1
    # Grid cell (block, column) is receipt day (first_block + block - 1) × interval + 1 + column;
    # its fixed date is the last day of its row, so it waits interval - 1 - column days.
    grid_days = ((first_block - 1) * interval + 1 + np.arange(blocks * interval)).reshape(
        blocks, interval
    )
    rates = rates_by_day[np.clip(grid_days, 0, None)]  # blocks × interval × paths
    booking = rates_by_day[np.clip(grid_days - int(a.settlement_lag_days), 0, None)]
    # The band's edges in log rates, once per sale: the rate is inside while below the upper
    # edge and above the lower one (the edges themselves are outside).
    upper = booking + math.log1p(a.lock_band)
    lower = np.add(booking, math.log1p(-a.lock_band), out=booking)
    # Days from receipt to conversion: the days on which the rate stayed inside the band,
    # counted until the first crossing or the fixed date.
    waited = np.zeros(rates.shape, dtype=np.min_scalar_type(interval))
    inside = np.ones(rates.shape, dtype=bool)  # inside the band on every day since receipt
    within = np.empty(rates.shape, dtype=bool)
    for delay in range(interval - 1):
        waiting = slice(0, interval - 1 - delay)  # the sales still before their fixed date
        day = rates[:, delay : interval - 1]
        np.less(day, upper[:, waiting], out=within[:, waiting])
        inside[:, waiting] &= within[:, waiting]
        np.greater(day, lower[:, waiting], out=within[:, waiting])
        inside[:, waiting] &= within[:, waiting]
        waited[:, waiting] += inside[:, waiting]
    start = receipt[0] - grid_days[0, 0]
    waited = waited.reshape(blocks * interval, n_paths)[start : start + a.sales_days]
    lock = receipt[:, None] + waited
    return {
        "on receipt": np.broadcast_to(receipt[:, None], lock.shape),
        "fixed date": np.broadcast_to(fixed[:, None], lock.shape),
        "rule-based lock": lock,
    }


def conversion_days(log_rates: np.ndarray, assumptions: FxAssumptions) -> dict[str, np.ndarray]:
    """Day on which each booked unit is converted, per strategy: arrays (paths × sales days).

    ``log_rates`` holds log exchange rates on days 0, 1, … (paths × days); sale ``i`` is booked
    on day ``i`` and received on day ``i + settlement_lag_days``. Fixed-date conversion takes the
    first multiple of ``fixed_interval_days`` on or after receipt. The rule-based lock converts on
    the first day from receipt on which the rate is at least ``lock_band`` above or below the
    booking rate, and at the latest on that fixed date.
    """
    validate.instance("assumptions", assumptions, FxAssumptions, "an FxAssumptions")
    rates = validate.array("log_rates", log_rates)
    by_day = _conversion_days_by_day(rates.T, assumptions)
    return {strategy: days.T for strategy, days in by_day.items()}


def _simulate_fx_arrays(n_paths: int, seed: int, assumptions: FxAssumptions) -> dict:
    """strategy -> (net loss, downside loss) per merchant-year (arrays), as
    :func:`simulate_fx_losses` describes them."""
    a = validate.instance("assumptions", assumptions, FxAssumptions, "an FxAssumptions")
    validate.seed("seed", seed)
    horizon = _shock_days(a)
    validate.size("n_paths", n_paths, per_item=horizon)
    rng = np.random.default_rng(seed)
    results = {strategy: (np.empty(n_paths), np.empty(n_paths)) for strategy in STRATEGIES}
    memory = np.empty(min(_PATHS_PER_CHUNK, n_paths) * (2 * horizon + 1))
    for start in range(0, n_paths, _PATHS_PER_CHUNK):
        paths = slice(start, min(start + _PATHS_PER_CHUNK, n_paths))
        by_day = _log_rates_by_day(rng, paths.stop - start, horizon, a, memory=memory)
        conversion = _conversion_days_by_day(by_day, a)
        # Rates as multiples of day 0's (the log rates are not needed any more), and the inverse
        # of the booking rates in the memory of the shocks: one exponential per day and path
        # instead of one per sale, path and strategy.
        relative = np.exp(by_day, out=by_day)
        booked = relative[: a.sales_days]
        per_booked = np.divide(1.0, booked, out=memory[: booked.size].reshape(booked.shape))
        for strategy, days in conversion.items():
            net, downside = results[strategy]
            net[paths], downside[paths] = _mean_losses(_rates_on(relative, days), per_booked)
    return results


def _rates_on(rates_by_day: np.ndarray, days: np.ndarray) -> np.ndarray:
    """The rates of ``rates_by_day`` (days × paths) on ``days`` (sales × paths, a day per sale
    and path), in a new array."""
    if days.strides[1] == 0:  # the same day on every path: whole rows
        return rates_by_day[days[:, 0]]
    width = rates_by_day.shape[1]
    return np.take(rates_by_day, days * width + np.arange(width))  # flat positions, C order


def _mean_losses(converted: np.ndarray, per_booked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Net and downside loss per unit booked, averaged over each path's sales, from the rates at
    conversion and the inverse rates at booking (sales × paths). The loss of a unit is
    1 − S_conv / S_booking; the downside loss counts gains as zero, 1 − min(S_conv / S_booking, 1).
    The ratios are laid out paths × sales before averaging, so that a path's sales are added in
    the same order however many paths are handled at once. Overwrites ``converted``."""
    ratio = np.ascontiguousarray(np.multiply(converted, per_booked, out=converted).T)
    net = 1 - ratio.mean(axis=1)
    return net, 1 - np.minimum(ratio, 1, out=ratio).mean(axis=1)


def simulate_fx_losses(
    n_paths: int = 2_000, *, seed: int = 0, assumptions: FxAssumptions = FxAssumptions()
) -> pd.DataFrame:
    """Exchange-rate losses of simulated merchant-years under each conversion strategy.

    One row per simulated path (a merchant-year) and strategy, columns ``path``, ``strategy``,
    ``net_loss`` (average loss per unit booked, fraction: 1 − rate at conversion / rate at
    booking; negative is a gain) and ``downside_loss`` (the same average with gains counted as
    zero, the "汇率损失" an exporter reports when gains are not netted). Paths are simulated with
    ``numpy.random.default_rng(seed)``; the same seed gives the same shocks for any drift and
    volatility (common random numbers). Paths are drawn and processed in chunks of
    :data:`_PATHS_PER_CHUNK`, so time and memory grow linearly with ``n_paths``.
    """
    arrays = _simulate_fx_arrays(n_paths, seed, assumptions)
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "path": np.arange(n_paths),
                    "strategy": strategy,
                    "net_loss": net,
                    "downside_loss": downside,
                }
            )
            for strategy, (net, downside) in arrays.items()
        ],
        ignore_index=True,
    )


def loss_reduction(
    losses: pd.DataFrame,
    *,
    strategy: str = "rule-based lock",
    baseline: str = "fixed date",
    measure: str = "downside_loss",
) -> pd.Series:
    """Per merchant-year, the share (fraction) by which ``strategy`` cuts the loss of ``baseline``:
    1 − loss(strategy) / loss(baseline), indexed by path. Negative where it did worse."""
    validate.one_of("strategy", strategy, STRATEGIES)
    validate.one_of("baseline", baseline, STRATEGIES)
    validate.one_of("measure", measure, ("net_loss", "downside_loss"))
    validate.columns("losses", losses, ("path", "strategy", measure))
    table = losses.pivot(index="path", columns="strategy", values=measure)
    return (1 - table[strategy] / table[baseline]).rename("reduction")


def _paired(losses: pd.DataFrame, strategy: str, baseline: str) -> tuple[np.ndarray, ...]:
    """Downside losses of ``strategy`` and ``baseline`` over the same merchant-years."""
    validate.one_of("strategy", strategy, STRATEGIES)
    validate.one_of("baseline", baseline, STRATEGIES)
    validate.columns("losses", losses, ("path", "strategy", "downside_loss"))
    table = losses.pivot(index="path", columns="strategy", values="downside_loss")
    return table[strategy].to_numpy(), table[baseline].to_numpy()


def _cut_of_means(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """1 − mean(a) / mean(b) and its Monte Carlo standard error (the delta method for the ratio
    of two means over the same merchant-years, so their covariance counts)."""
    if len(a) < 2:
        raise ValueError(f"losses must hold at least 2 merchant-years, got {len(a)}")
    ratio = a.mean() / b.mean()
    residual = a - ratio * b  # linearisation of mean(a) / mean(b) around the ratio
    return float(1 - ratio), float(residual.std(ddof=1) / math.sqrt(len(a)) / b.mean())


def mean_loss_reduction(
    losses: pd.DataFrame, *, strategy: str = "rule-based lock", baseline: str = "fixed date"
) -> float:
    """The cut of the *mean* downside loss by ``strategy`` against ``baseline`` (fraction): 1 −
    mean loss of the strategy / mean loss of the baseline, over all simulated merchant-years."""
    return _cut_of_means(*_paired(losses, strategy, baseline))[0]


def mean_loss_reduction_se(
    losses: pd.DataFrame, *, strategy: str = "rule-based lock", baseline: str = "fixed date"
) -> float:
    """Monte Carlo standard error (fraction) of :func:`mean_loss_reduction`."""
    return _cut_of_means(*_paired(losses, strategy, baseline))[1]


def fx_loss_reduction_region(
    grid: pd.DataFrame,
    *,
    n_paths: int = 400,
    seed: int = 0,
    assumptions: FxAssumptions = FxAssumptions(),
    baseline: str = "fixed date",
) -> pd.DataFrame:
    """The rule-based lock's loss reduction against ``baseline`` at each row of ``grid`` (columns
    are fields of :class:`FxAssumptions`, e.g. from ``claims.plausible_grid``), the other
    assumptions as given. Every row uses the same ``seed`` (common random numbers).

    ``grid`` with these columns added: ``mean_reduction`` (cut of the mean downside loss,
    fraction) and its Monte Carlo standard error ``mean_reduction_se``,
    ``median_year_reduction`` (median over merchant-years of the per-year cut), ``share_worse``
    (share of merchant-years in which the lock lost more than the baseline) and
    ``baseline_downside_loss`` (mean downside loss of the baseline, fraction of the value booked).
    """
    import dataclasses
    from dataclasses import replace

    known = {f.name for f in dataclasses.fields(FxAssumptions)}
    if not isinstance(grid, pd.DataFrame) or not set(grid.columns) <= known:
        raise ValueError(
            f"grid must be a DataFrame whose columns are FxAssumptions fields {sorted(known)}, "
            f"got {getattr(grid, 'columns', grid)!r}"
        )
    validate.one_of("baseline", baseline, STRATEGIES)
    validate.instance("assumptions", assumptions, FxAssumptions, "an FxAssumptions")
    rows = []
    for point in grid.to_dict("records"):
        arrays = _simulate_fx_arrays(n_paths, seed, replace(assumptions, **point))
        lock, fixed = arrays["rule-based lock"][1], arrays[baseline][1]
        cut, cut_se = _cut_of_means(lock, fixed)
        with np.errstate(invalid="ignore", divide="ignore"):
            per_year = 1 - lock / fixed
        rows.append(
            point
            | {
                "mean_reduction": cut,
                "mean_reduction_se": cut_se,
                "median_year_reduction": float(np.median(per_year)),
                "share_worse": float(np.mean(per_year < 0)),
                "baseline_downside_loss": float(fixed.mean()),
            }
        )
    return pd.DataFrame(rows)


#: The assumed parameters that drive the lock's cut, evaluated over their plausible region.
FX_REGION = ("volatility", "lock_band", "drift")
#: Points per parameter of that region, and merchant-years simulated at each point.
FX_REGION_POINTS = 3
FX_REGION_PATHS = 400


@claims.model_check("S441-10")
def check_fx_lock(claim_id: str = "S441-10") -> claims.Finding:
    """S441-10: where does a rule-based lock cut exchange-rate losses by 6.2% on average?

    Read as a cut of the mean downside loss against fixed-date conversion, the claim holds at a
    point of the plausible region of volatility, lock band and drift (:class:`FxAssumptions`,
    none fitted to the claim) where the simulated cut reaches the claimed value (minus its
    written precision). Read as 6.2% of the value booked, the claim would need the baseline's
    whole downside loss to exceed 6.2% of sales; the explanation says how far the region is
    from that.
    """
    claim = claims.claim(claim_id)
    target = claims.convert(claim["value"] - claims.tolerance(claim), claim["unit"], "fraction")
    default = FxAssumptions()
    grid = claims.plausible_grid(default, FX_REGION, FX_REGION_POINTS)
    region = fx_loss_reduction_region(grid, n_paths=FX_REGION_PATHS, assumptions=default)
    holds = region["mean_reduction"].to_numpy() >= target
    at_default = fx_loss_reduction_region(
        pd.DataFrame([{name: getattr(default, name) for name in FX_REGION}]),
        n_paths=FX_REGION_PATHS,
        assumptions=default,
    ).iloc[0]
    reached = region[holds]
    bands_reached = [
        t(
            "volatility {vol:.1%}: band up to {band:.2%}",
            "波动率 {vol:.1%}：区间最大 {band:.2%}",
            vol=vol,
            band=bands.max(),
        )
        for vol, bands in reached.groupby("volatility")["lock_band"]
    ]
    where = _joined(bands_reached) if len(reached) else t("nowhere", "没有任何地方")
    return claims.region_finding(
        claim_id,
        grid,
        holds,
        t(
            "cut of the mean downside loss against fixed-date conversion {cut:.1f}% ± {se:.1f} "
            "points (Monte Carlo standard error) at the stated default (band {band:.0%}, "
            "volatility {vol:.0%}, drift {drift:.0%}, {paths} simulated merchant-years a point); "
            "across the region the cut runs from {low:.1f}% to {high:.1f}%; read as {claimed:g}% "
            "of sales it cannot hold: the baseline's whole downside loss is at most "
            "{whole:.2%} of sales in the region",
            "在声明的默认值下（区间 {band:.0%}，波动率 {vol:.0%}，漂移率 {drift:.0%}，每个点 {pat"
            "hs} 个"
            "模拟商户年），平均下行损失相对固定日期结汇的降幅为 {cut:.1f}% ± {se:.1f} 个百分点（"
            "蒙特卡洛"
            "标准误）；在整个范围内，降幅从 {low:.1f}% 到 {high:.1f}%；若理解为销售额的 {claimed:"
            "g}%，"
            "则不可能成立：在该范围内，比较基准的全部下行损失最多为销售额的 {whole:.2%}",
            cut=100 * at_default["mean_reduction"],
            se=100 * at_default["mean_reduction_se"],
            band=default.lock_band,
            vol=default.volatility,
            drift=default.drift,
            paths=FX_REGION_PATHS,
            low=100 * region["mean_reduction"].min(),
            high=100 * region["mean_reduction"].max(),
            claimed=claim["value"],
            whole=region["baseline_downside_loss"].max(),
        ),
        estimate=100 * at_default["mean_reduction"],
        holds_where=t(
            "the cut reaches {claimed:g}% where the band is narrow for the volatility ({where})",
            "在区间相对波动率较窄的地方，降幅达到 {claimed:g}%（{where}）",
            claimed=claim["value"],
            where=where,
        ),
    )


def _joined(parts: list[str], separator: str = "; ", separator_zh: str = "；") -> str:
    """Texts with Chinese twins joined into one text, whose twin is theirs joined likewise."""
    english = separator.join(parts)
    register(english, separator_zh.join(chinese_of(part) for part in parts))
    return english
