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

Model checks for the claim ledger are the functions whose names end in ``_check``.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ecommod import cashflow, diffusion, validate
from ecommod.present import assumption

# --- diffusion of online retail ----------------------------------------------------------------


@dataclass(frozen=True)
class AdoptionScenario:
    """A finance-driven change of the Bass adoption parameters from ``policy_year`` on."""

    policy_year: int = assumption(
        2024, "year", "first year in which cost sharing changes adoption", "assumption"
    )
    innovation_multiplier: float = assumption(
        1.5,
        "times",
        "factor on the innovation coefficient p: cost sharing lowers the entry threshold, so more "
        "sellers adopt independently of others (paper §3.1.3, 'cost sharing lowers the technology "
        "threshold')",
        "assumption",
    )
    saturation_multiplier: float = assumption(
        1.0,
        "times",
        "factor on the saturation level: sellers priced out before can now adopt at all",
        "assumption",
    )
    until: int = assumption(2035, "year", "last year of the projection", "assumption")


def adoption_scenario(fit: diffusion.DiffusionFit, scenario: AdoptionScenario = AdoptionScenario()):
    """Baseline and scenario Bass paths (%) from the last observed year to ``scenario.until``.

    Both start from the fitted share in ``scenario.policy_year``; the scenario multiplies p and the
    saturation level from then on. Returns a DataFrame indexed by year (baseline, scenario, gap_pp).
    """
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
        10_000_000.0, "yuan per year", "online sales of the example seller", "assumption"
    )
    cost_of_goods_share: float = assumption(
        0.70, "fraction of sales", "cost of goods sold as a share of sales", "assumption"
    )
    inventory_days: float = assumption(
        45.0, "days", "inventory turnover days of a traditional e-commerce seller", "S1-07"
    )
    inventory_gap_days: float = assumption(
        22.0,
        "days",
        "how many days longer a traditional seller holds inventory than a digitised leader; "
        "process intelligence removes them",
        "S1-07",
    )
    settlement_days: float = assumption(
        10.0,
        "days",
        "days from a sale to the platform paying the seller (delivery, receipt confirmation, "
        "settlement)",
        "assumption",
    )
    embedded_settlement_days: float = assumption(
        1.0,
        "days",
        "days from a sale to cash when embedded finance advances the payment (T+1)",
        "assumption",
    )
    payable_days: float = assumption(
        20.0, "days", "supplier payment terms the seller gets", "assumption"
    )
    bank_rate: float = assumption(
        0.08,
        "fraction per year",
        "cost of the seller's working-capital finance without supply-chain finance",
        "assumption",
    )
    supply_chain_rate: float = assumption(
        0.05,
        "fraction per year",
        "cost of supply-chain / receivables finance priced on platform data and the anchor's "
        "credit",
        "assumption",
    )


def _check_working_capital(a: WorkingCapitalAssumptions) -> None:
    validate.positive("annual_sales_yuan", a.annual_sales_yuan, unit="yuan per year")
    validate.share("cost_of_goods_share", a.cost_of_goods_share)
    validate.non_negative("inventory_days", a.inventory_days, unit="days")
    validate.in_range(
        "inventory_gap_days", a.inventory_gap_days, 0.0, a.inventory_days, unit="days"
    )
    validate.non_negative("settlement_days", a.settlement_days, unit="days")
    validate.in_range(
        "embedded_settlement_days", a.embedded_settlement_days, 0.0, a.settlement_days, unit="days"
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
        ("traditional seller", a.inventory_days, a.settlement_days, a.bank_rate),
        ("+ process intelligence (faster turnover)", leader_days, a.settlement_days, a.bank_rate),
        (
            "+ embedded finance: faster settlement",
            leader_days,
            a.embedded_settlement_days,
            a.bank_rate,
        ),
        (
            "+ embedded finance: supply-chain finance rate",
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
        "fraction of visits",
        "share of visits that end in a purchase without credit",
        "assumption",
    )
    conversion_uplift: float = assumption(
        0.10,
        "fraction (relative)",
        "relative rise of the conversion rate when instalments are offered",
        "assumption",
    )
    average_order_yuan: float = assumption(400.0, "yuan", "average order value", "assumption")
    gross_margin: float = assumption(
        0.25, "fraction of sales", "seller's gross margin on an order", "assumption"
    )
    take_up: float = assumption(
        0.30,
        "fraction of orders",
        "share of orders (with credit offered) paid in instalments",
        "assumption",
    )
    term_months: int = assumption(
        6, "months", "instalment term, equal monthly payments", "assumption"
    )
    loss_rate: float = assumption(
        0.02,
        "fraction of amount financed",
        "expected credit loss (default probability times loss given default)",
        "assumption",
    )
    funding_rate: float = assumption(
        0.04, "fraction per year", "lender's cost of funds", "assumption"
    )
    buyer_fee_rate: float = assumption(
        0.0,
        "fraction of amount financed",
        "fee paid by the buyer for the instalments (0: interest-free to the buyer)",
        "assumption",
    )


def _check_checkout(a: CheckoutCreditAssumptions) -> None:
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
        ("without credit", a.baseline_conversion, a.gross_margin),
        ("with instalment credit", with_credit, a.gross_margin - a.take_up * cost),
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
    a = assumptions
    burden = a.take_up * credit_cost_per_yuan(a)
    if burden >= a.gross_margin:
        return math.inf
    return burden / (a.gross_margin - burden)


# --- the stage index on the provincial panel ---------------------------------------------------

#: The paper's three stages, in its order (§4.1, §4.2, §4.3).
STAGES = ("infrastructure", "process", "ecosystem")
#: Stage number 0 means "before stage 1": the infrastructure index is below its threshold.
STAGE_LABELS = {
    0: "0 before stage 1",
    1: "1 infrastructure",
    2: "2 process",
    3: "3 ecosystem",
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
) -> pd.DataFrame:
    """One index per stage and province-year, each in [0, 1], with its two parts.

    Every indicator is min-max normalised over all province-years together (so a province's index
    can be compared across years), each part (technology, finance) is the entropy-weighted
    composite of its indicators (:mod:`ecommod.indices`), and the stage index is
    ``technology_weight * technology + (1 - technology_weight) * finance``. Rows with a missing
    indicator are dropped. Returns prov_code, year, ``<stage>_technology``, ``<stage>_finance`` and
    ``<stage>`` for each stage; the entropy weights are in ``attrs["weights"]``.
    """
    from ecommod import indices

    validate.share("technology_weight", technology_weight)
    validate.columns("panel", panel, _KEYS)
    if set(indicators) != set(STAGES):
        raise ValueError(
            f"indicators must have one entry per stage {STAGES}, got {list(indicators)}"
        )
    needed = [c for stage in STAGES for part in indicators[stage].values() for c in part]
    validate.columns("panel", panel, needed)
    complete = panel.dropna(subset=needed).sort_values(_KEYS).reset_index(drop=True)
    result = complete[_KEYS].copy()
    weights = {}
    for stage in STAGES:
        for part in ("technology", "finance"):
            columns = list(indicators[stage][part])
            normalised = indices.normalise(complete[columns])
            weights[(stage, part)] = indices.entropy_weights(normalised)
            result[f"{stage}_{part}"] = indices.composite_index(normalised, weights[(stage, part)])
        result[stage] = (
            technology_weight * result[f"{stage}_technology"]
            + (1.0 - technology_weight) * result[f"{stage}_finance"]
        )
    result.attrs["weights"] = weights
    return result


@dataclass(frozen=True)
class StageThresholds:
    """Index levels (on the [0, 1] scale of :func:`stage_indices`) at which a stage is reached."""

    infrastructure: float = assumption(
        0.5, "index (0-1)", "infrastructure index at which stage 1 is reached", "assumption"
    )
    process: float = assumption(
        0.5, "index (0-1)", "process index at which stage 2 is reached", "assumption"
    )
    ecosystem: float = assumption(
        0.5, "index (0-1)", "ecosystem index at which stage 3 is reached", "assumption"
    )

    def values(self) -> tuple[float, float, float]:
        return tuple(validate.share(s, getattr(self, s)) for s in STAGES)


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
        [step == 0, step == 1, step > 1], ["stay", "advance", "skip"], default="reversal"
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
    validate.columns("stage_index", stage_index, [*_KEYS, *STAGES])
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


def stage_changes(classified: pd.DataFrame) -> pd.DataFrame:
    """Year-to-year moves of each province: one row per province and pair of consecutive years.

    Columns prov_code, year (the later year), stage_from, stage_to, and the kind of move: "stay",
    "advance" (one stage up), "skip" (more than one stage up in a year) or "reversal" (down).
    Pairs whose years are not consecutive (a gap in the panel) are left out.
    """
    validate.columns("classified", classified, [*_KEYS, "stage"])
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
    table.index.name, table.columns.name = "stage in year t", "stage in year t+1"
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
    validate.columns("classified", classified, [*_KEYS, "stage", "out_of_order"])
    ordered = classified.sort_values(_KEYS)
    moves = _moves(ordered["stage"].to_numpy(), _consecutive(ordered))
    return _order_summary(ordered["out_of_order"].to_numpy(), moves)


def threshold_sensitivity(stage_index: pd.DataFrame, levels) -> pd.DataFrame:
    """:func:`order_summary` and the share of province-years in each stage, for every combination
    of thresholds drawn from ``levels`` (one value per stage), in a stable order."""
    grid = validate.array("levels", levels, low=0.0, high=1.0)
    validate.columns("stage_index", stage_index, [*_KEYS, *STAGES])
    ordered = stage_index.sort_values(_KEYS)
    values = ordered[list(STAGES)].to_numpy(dtype=float)
    consecutive = _consecutive(ordered)
    rows = []
    for limits in itertools.product(grid, repeat=len(STAGES)):
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

#: Threshold levels of the sensitivity grid of :func:`stage_order_check` (each stage takes each).
THRESHOLD_GRID = (0.3, 0.4, 0.5, 0.6, 0.7)
#: Largest share of province-years out of the paper's order for which the order still describes
#: the panel (a stated tolerance, not fitted).
ORDER_TOLERANCE = 0.05


def stage_order_check():
    """S1-16, S41-01: do the three stages come in the paper's order on the provincial panel?

    For every combination of thresholds in :data:`THRESHOLD_GRID`, the share of province-years out
    of order (:func:`classify_stages`) is compared with :data:`ORDER_TOLERANCE`. ``reproduced`` if
    the order holds at every combination, ``contradicted`` at none, else ``conditional``; the
    value is the share of combinations where it holds, the explanation says which.
    """
    from ecommod import claims, provincial

    stage_index = stage_indices(provincial.provincial_panel())
    sensitivity = threshold_sensitivity(stage_index, THRESHOLD_GRID)
    holds = sensitivity["out_of_order_share"] <= ORDER_TOLERANCE
    share = float(holds.mean())
    default = order_summary(classify_stages(stage_index))
    verdict = "reproduced" if holds.all() else "contradicted" if not holds.any() else "conditional"
    region = sensitivity[holds]
    later_above = (region["process"] > region["infrastructure"]) | (
        region["ecosystem"] > region["infrastructure"]
    )
    return claims.ModelCheck(
        verdict,
        share,
        f"the order holds (at most {ORDER_TOLERANCE:.0%} of province-years out of order) for "
        f"{holds.sum()} of {len(holds)} threshold combinations, "
        f"{int(later_above.sum())} of them with a later stage's threshold above the "
        f"infrastructure one; at the default thresholds {default['out_of_order_share']:.0%} "
        f"are out of order, with {int(default['skips'])} skips and {int(default['reversals'])} "
        "reversals (NBS provincial panel + PKU-DFIIC)",
    )


def inventory_gap_check():
    """S1-07: what 45 inventory days, 22 more than digitised leaders, mean in yuan.

    ``illustrated``: the cash-conversion-cycle model turns the paper's days into working capital
    for the example seller of :class:`WorkingCapitalAssumptions`; the days themselves are the
    paper's (unsourced), the seller is assumed. Value: working capital freed (yuan).
    """
    from ecommod import claims

    a = WorkingCapitalAssumptions()
    path = working_capital_path(a).set_index("step")
    freed = float(path["working_capital_freed_yuan"].iloc[1])
    return claims.ModelCheck(
        "illustrated",
        freed,
        f"for a seller with {a.annual_sales_yuan:,.0f} yuan of yearly sales and goods at "
        f"{a.cost_of_goods_share:.0%} of sales, {a.inventory_gap_days:g} fewer inventory days "
        f"free {freed:,.0f} yuan of working capital and save "
        f"{float(path['cost_saved_yuan'].iloc[1]):,.0f} yuan a year at {a.bank_rate:.0%}",
    )


def supply_chain_finance_check():
    """S42-02: supply-chain finance relieves the seller's funding pressure, in yuan a year.

    ``illustrated``: faster settlement and a supply-chain finance rate, both assumptions, applied
    to the example seller after process intelligence. Value: financing cost saved (yuan a year).
    """
    from ecommod import claims

    a = WorkingCapitalAssumptions()
    path = working_capital_path(a)
    saved = float(path["cost_saved_yuan"].iloc[2:].sum())
    return claims.ModelCheck(
        "illustrated",
        saved,
        f"settlement in {a.embedded_settlement_days:g} instead of {a.settlement_days:g} days and "
        f"finance at {a.supply_chain_rate:.0%} instead of {a.bank_rate:.0%} save {saved:,.0f} "
        f"yuan a year for a seller with {a.annual_sales_yuan:,.0f} yuan of sales (assumed)",
    )


def checkout_credit_check():
    """S42-01: embedded consumer finance raises conversion; does it pay?

    ``conditional``: with the stated credit costs, checkout instalments raise profit only if they
    raise conversion by more than the break-even uplift (the value, in %). The uplift itself is
    an input of the model, not something it can show.
    """
    from ecommod import claims

    a = CheckoutCreditAssumptions()
    threshold = break_even_uplift(a)
    return claims.ModelCheck(
        "conditional",
        100.0 * threshold,
        f"instalment credit pays only if conversion rises by more than {threshold:.1%} "
        f"(relative): take-up {a.take_up:.0%}, expected loss {a.loss_rate:.0%}, funding "
        f"{a.funding_rate:.0%} a year over {a.term_months} months, margin {a.gross_margin:.0%}",
    )
