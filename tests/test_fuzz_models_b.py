"""The path, cross-border, rural, challenges and policy models refuse invalid inputs.

The same fuzz as ``tests/test_fuzz_inputs.py`` (whose :class:`Kind`, :data:`KINDS` and
:class:`Entry` it imports) over :data:`MODULES`: for each public function and parameters
dataclass, valid keyword arguments and, per parameter, the kind of invalid value it must refuse
with a ValueError or TypeError from ecommod naming the parameter.
:func:`test_every_public_function_is_registered` fails when a public function or class of these
modules is neither registered nor exempt with a reason.

``call`` and ``outcome`` are copied from ``test_fuzz_inputs.py`` with the registry as an argument
(there they read that file's registry).

``python tests/test_fuzz_models_b.py`` prints how each canonical invalid call ends.
"""

from __future__ import annotations

import collections
import sys
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

import test_fuzz_inputs as fuzz
from test_fuzz_inputs import (
    INF,
    KINDS,
    NAN,
    Entry,
    kind,
)

from ecommod import credit, diffusion, path, policy
from ecommod.segments import cross_border, rural

MODULES = ("path", "segments.cross_border", "segments.rural", "challenges", "policy")

#: Kinds these models need beyond test_fuzz_inputs.py's.
MODEL_KINDS = {
    **KINDS,
    "rate": kind(-0.1, 1.5, NAN, INF, True, None, "0.3", [], generated=st.floats(min_value=1.01)),
    "dataclass": kind(None, 1, "x", [], {}),
    "array_or_empty": kind(None, "x", ["a"], [INF], [NAN], [1.0, -INF], {}, object()),
    "optional_positive_array": kind("x", ["a"], [INF], [NAN], [-1.0], {}, object()),
    "signed_share": kind(-1.5, 1.5, NAN, INF, True, None, "0.1", []),
    "lever_names": kind(None, 1, 1.5, "", b"x", "loss rate", ["no such lever"]),
    "curve": kind(None, "x", ["a"], [], [NAN, 1.0, 2.0], [1.0, 2.0], {}, object()),
    "positive_array": kind(None, "x", ["a"], [], [INF], [NAN], [-1.0], {}),
    "year_pair": kind((2030, 2031), (2015,), (2015.0, 2020), (2020, 2015), (True, 2020), "2015", 1),
    "column_names": kind(None, 1, "infrastructure", [], ["no such column"], [1], ["year"]),
    # a dict name -> year x province table (or -> parameters record)
    "tables": kind(None, 1, "x", [], {}, {"index": None}, {"index": pd.Series([1.0])}),
    "member_groups": kind(None, "g", ["east"], 3.0, pd.Series([], dtype=object), pd.DataFrame()),
    # a series of finite numbers (any sign) by member or year
    "finite_series": kind(
        None,
        "s",
        [1.0, 2.0],
        3.0,
        pd.Series([], dtype=float),
        pd.Series([1.0, INF, 2.0]),
        pd.Series(["a", "b", "c"]),
        pd.DataFrame({"s": [1.0, 2.0, 3.0]}),
    ),
    # a target default rate of approved loans: a share above 0
    "target_rate": kind(0, 0.0, -0.1, 1.1, NAN, INF, True, None, "0.04", []),
    "optional_frame": kind("frame", 1, [], {}, pd.Series([1.0])),
    "seed_list": kind(None, 1, "0", [], (), [-1], [1.5], [None], ["0"], [2**40]),
    "optional_seed": kind(-1, 1.5, NAN, True, 2**40, "1", b"1", []),
    "seed_or_seeds": kind(-1, 1.5, NAN, True, 2**40, "1", None, [], [-1], [1.5], {}),
    "optional_count": kind(0, -1, 1.5, NAN, True, "1", []),
    "scenarios": kind(None, 1, "x", [], [None], [1], policy.PolicyScenario(), {}),
    "executor": kind(1, "x", [], object()),
    "profiles": kind(None, 1, "x", [], {}, {"mine": None}, {"mine": policy.LoanTerms()}),
    "points": kind(1, 0, -1, 1.5, NAN, 2**40, True, "3", None, []),
    "coverage_grid": kind(
        None,
        "grid",
        1,
        [],
        {},
        pd.Series([1.0]),
        pd.DataFrame({"decay_rate": pd.Series([], dtype=float)}),
        pd.DataFrame({"decay_rate": [NAN]}),
        pd.DataFrame({"decay_rate": [-0.1]}),
        pd.DataFrame({"financing_need_share": [0.0]}),
        pd.DataFrame({"annual_sales_yuan": [INF]}),
        pd.DataFrame({"no_such_parameter": [1.0]}),
    ),
}


def dataclass_entry(**kinds: str) -> Entry:
    """A parameters dataclass: its defaults are valid; each named field gets its kind."""
    return Entry({}, kinds)


def _index_path() -> list[float]:
    return [1.0] * 12


LOAN = {
    "annual_sales_yuan": 1e7,
    "principal_yuan": 1e6,
    "collateral_yuan": 5e5,
    "recovery_rate": 0.3,
    "seller_rate": 0.08,
    "lender_rate": 0.08,
    "funding_rate": 0.03,
    "contribution_margin": 0.25,
    "net_margin": 0.06,
    "cash_buffer_share": 0.03,
}
LOAN_KINDS = {
    "annual_sales_yuan": "non_negative",
    "principal_yuan": "non_negative",
    "collateral_yuan": "non_negative",
    "recovery_rate": "share",
    "seller_rate": "rate",
    "lender_rate": "rate",
    "funding_rate": "rate",
    "contribution_margin": "share",
    "net_margin": "signed_share",
    "cash_buffer_share": "share",
}


def _fx_losses() -> pd.DataFrame:
    return cross_border.simulate_fx_losses(20, seed=0)


def _insurance() -> pd.DataFrame:
    return rural.simulate_index_insurance(50, 10, seed=0)


def _insurance_summary() -> dict:
    return rural.index_insurance_summary(_insurance())


# Inputs made by the models' own functions at small sizes, built once (factories return copies of
# tables, so that no call sees another's changes).


@cache
def _bass_fit() -> diffusion.DiffusionFit:
    share = pd.Series(
        [5.0, 7.0, 9.5, 12.0, 15.0, 18.0, 21.0, 23.5, 25.5, 27.0], index=range(2010, 2020)
    )
    return diffusion.fit_diffusion(share, "bass")


@cache
def _stage_panel() -> pd.DataFrame:
    """A made-up panel in the shape stage_indices reads (the third-party panel's columns):
    3 provinces, 2015-2020, rising values."""
    columns = [
        c for parts in path.STAGE_INDICATORS.values() for part in parts.values() for c in part
    ]
    years = np.tile(np.arange(2015, 2021), 3)
    rng = np.random.default_rng(0)
    panel = pd.DataFrame(
        rng.uniform(1, 10, (len(years), len(columns))) + (years[:, None] - 2015), columns=columns
    )
    panel["prov_code"] = np.repeat([11, 12, 13], 6)
    panel["year"] = years
    return panel


@cache
def _stage_index() -> pd.DataFrame:
    return path.stage_indices(_stage_panel())


@cache
def _classified() -> pd.DataFrame:
    return path.classify_stages(_stage_index())


RURAL_MERCHANTS = 2_000


@cache
def _merchants() -> pd.DataFrame:
    return credit.simulate_merchants(RURAL_MERCHANTS, seed=0)


def _scored():
    return rural.simulated_rural_scorecards(RURAL_MERCHANTS, 0)


@cache
def _approval() -> pd.DataFrame:
    return rural.rural_credit_approval(_scored(), max_default_rate=0.04)


def _members(scale: float = 1.0) -> pd.DataFrame:
    """Eight provinces over 2015-2019 (made-up, positive, each rising at its own pace; eight, so
    that a bootstrap draw of one province eight times, with no spread, is rare)."""
    start = np.array([10.0, 20.0, 30.0, 40.0, 15.0, 25.0, 35.0, 45.0])
    pace = np.array([1.0, 3.0, 2.0, 5.0, 4.0, 1.5, 2.5, 0.5])
    years = np.arange(5)[:, None]
    table = pd.DataFrame(
        scale * start + years * pace * (1 + 0.3 * np.sin(years + pace)),
        index=pd.Index(range(2015, 2020), name="year"),
        columns=list("ABCDEFGH"),
    )
    table.columns.name = "province"
    return table


def _technology() -> pd.DataFrame:
    """The same provinces on a second measure whose gains are spread differently."""
    return _members(0.5) ** 1.2


def _member_groups() -> pd.Series:
    return pd.Series(["east"] * 4 + ["west"] * 4, index=list("ABCDEFGH"))


def _by_start() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "beta": [-0.02, 0.01],
            "beta_p_value": [0.01, 0.4],
            "sigma_slope": [-0.01, -0.02],
            "sigma_p_value": [0.03, 0.2],
            "sigma_start": [0.5, 0.6],
            "sigma_end": [0.4, 0.65],
            "r_squared": [0.3, 0.1],
        },
        index=[2015, 2016],
    )


SMALL_POPULATION = policy.SellerPopulation(n_sellers=10)
POLICY_PATHS = 20
POPULATION_RUN = {"population": SMALL_POPULATION, "n_paths": POLICY_PATHS}
POPULATION_RUN_KINDS = {
    "population": "dataclass",
    "profile": "dataclass",
    "terms": "dataclass",
    "n_paths": "size",
}


@cache
def _loan_book() -> policy.LoanBook:
    return policy.pipeline_books(n_paths=POLICY_PATHS, kinds=policy.LOAN_KINDS[:1])[
        policy.LOAN_KINDS[0]
    ]


@cache
def _shocks() -> policy.Shocks:
    return policy.Shocks.draw(2, 4, 12, 0)


@cache
def _population_book() -> policy.PopulationBook:
    return policy.population_book(SMALL_POPULATION, n_paths=POLICY_PATHS)


REGISTRY: dict[str, Entry] = {
    # path
    "path:AdoptionScenario": dataclass_entry(
        policy_year="year",
        innovation_multiplier="positive",
        saturation_multiplier="positive",
        until="year",
    ),
    "path:WorkingCapitalAssumptions": dataclass_entry(
        annual_sales_yuan="positive",
        cost_of_goods_share="share",
        inventory_days="non_negative",
        inventory_gap_days="non_negative",
        settlement_days="non_negative",
        embedded_settlement_days="non_negative",
        payable_days="non_negative",
        bank_rate="rate",
        supply_chain_rate="rate",
    ),
    "path:working_capital_path": Entry({}, {"assumptions": "dataclass"}),
    "path:CheckoutCreditAssumptions": dataclass_entry(
        baseline_conversion="share",
        conversion_uplift="finite",
        average_order_yuan="positive",
        gross_margin="share",
        take_up="share",
        term_months="count",
        loss_rate="share",
        funding_rate="rate",
        buyer_fee_rate="rate",
    ),
    "path:credit_cost_per_yuan": Entry(
        {"assumptions": lambda: __import__("ecommod.path").path.CheckoutCreditAssumptions()},
        {"assumptions": "dataclass"},
    ),
    "path:checkout_outcome": Entry({}, {"assumptions": "dataclass"}),
    "path:break_even_uplift": Entry(
        {"assumptions": lambda: __import__("ecommod.path").path.CheckoutCreditAssumptions()},
        {"assumptions": "dataclass"},
    ),
    "path:StageIndexAssumptions": dataclass_entry(technology_weight="share"),
    "path:StageThresholds": dataclass_entry(
        infrastructure="share", process="share", ecosystem="share"
    ),
    "path:break_even_range": Entry({"points": 3}, {"assumptions": "dataclass", "points": "size"}),
    "path:adoption_scenario": Entry(
        {"fit": _bass_fit}, {"fit": "dataclass", "scenario": "dataclass"}
    ),
    "path:stage_indices": Entry(
        {"panel": lambda: _stage_panel().copy()},
        {
            "panel": "frame",
            "indicators": "dataclass",
            "technology_weight": "share",
            "base_years": "year_pair",
        },
    ),
    "path:classify_stages": Entry(
        {"stage_index": lambda: _stage_index().copy()},
        {"stage_index": "frame", "thresholds": "dataclass"},
    ),
    **{
        f"path:{name}": Entry({"classified": lambda: _classified().copy()}, {"classified": "frame"})
        for name in ("stage_changes", "transition_matrix", "order_summary")
    },
    "path:calendar_and_provinces": Entry(
        {"stage_index": lambda: _stage_index().copy()},
        {"stage_index": "frame", "columns": "column_names"},
    ),
    "path:lead_over_the_year": Entry(
        {"stage_index": lambda: _stage_index().copy()}, {"stage_index": "frame"}
    ),
    "path:threshold_sensitivity": Entry(
        {"stage_index": lambda: _stage_index().copy(), "levels": [0.3, 0.6]},
        {"stage_index": "frame", "levels": "array"},
    ),
    "path:order_over_thresholds": Entry(
        {
            "stage_index": lambda: _stage_index().copy(),
            "thresholds": lambda: pd.DataFrame({stage: [0.3, 0.6] for stage in path.STAGES}),
        },
        {"stage_index": "frame", "thresholds": "frame"},
    ),
    # cross-border
    "segments.cross_border:SettlementAssumptions": dataclass_entry(
        wallet_fee_before="share",
        wallet_fee_after="share",
        wallet_days_before="non_negative",
        wallet_days_after="non_negative",
        dcep_cost_before="share",
        dcep_cost_after="share",
        dcep_days_before="non_negative",
        dcep_days_after="non_negative",
        cost_of_capital="rate",
        net_margin="share",
        reference_gmv_yuan="positive",
    ),
    "segments.cross_border:collection_cost": Entry(
        {"gmv_yuan": 5e6, "fee_rate": 0.03, "settlement_days": 7.0, "cost_of_capital": 0.06},
        {
            "gmv_yuan": "positive_array",
            "fee_rate": "share",
            "settlement_days": "non_negative",
            "cost_of_capital": "rate",
        },
    ),
    "segments.cross_border:settlement_savings": Entry(
        {"gmv_yuan": 5e6}, {"gmv_yuan": "positive_array", "assumptions": "dataclass"}
    ),
    "segments.cross_border:break_even_cost_of_capital": Entry(
        {"fee_saving": 0.02, "days_saved": 6.0},
        {"fee_saving": "finite", "days_saved": "positive"},
    ),
    "segments.cross_border:FxAssumptions": dataclass_entry(
        volatility="non_negative",
        drift="finite",
        settlement_lag_days="non_negative",
        fixed_interval_days="count",
        lock_band="non_negative",
        sales_days="count",
    ),
    "segments.cross_border:conversion_days": Entry(
        {
            "log_rates": lambda: np.zeros((2, 421)),
            "assumptions": lambda: cross_border.FxAssumptions(),
        },
        {"log_rates": "array", "assumptions": "dataclass"},
    ),
    "segments.cross_border:simulate_fx_losses": Entry(
        {"n_paths": 20, "seed": 0},
        {"n_paths": "size", "seed": "seed", "assumptions": "dataclass"},
    ),
    "segments.cross_border:loss_reduction": Entry(
        {"losses": _fx_losses},
        {"losses": "frame", "strategy": "name", "baseline": "name", "measure": "name"},
    ),
    "segments.cross_border:mean_loss_reduction": Entry(
        {"losses": _fx_losses}, {"losses": "frame", "strategy": "name", "baseline": "name"}
    ),
    "segments.cross_border:mean_loss_reduction_se": Entry(
        {"losses": _fx_losses}, {"losses": "frame", "strategy": "name", "baseline": "name"}
    ),
    "segments.cross_border:fx_loss_reduction_region": Entry(
        {
            "grid": lambda: pd.DataFrame({"volatility": [0.04], "settlement_lag_days": [7.0]}),
            "n_paths": 20,
            "seed": 0,
        },
        {"grid": "frame", "n_paths": "size", "seed": "seed", "baseline": "name"},
    ),
    # rural
    "segments.rural:FarmGateAssumptions": dataclass_entry(
        consumer_price_yuan_per_kg="positive",
        logistics_share_before="share",
        logistics_share_after="share",
        loss_rate_before="share",
        loss_rate_after="share",
        premium_before="non_negative",
        premium_after="non_negative",
        channel_share="share",
        production_cost_yuan_per_kg="non_negative",
    ),
    "segments.rural:farm_gate_steps": Entry(
        {
            "assumptions": lambda: rural.FarmGateAssumptions(),
            "logistics_share": 0.35,
            "loss_rate": 0.25,
            "premium": 0.0,
        },
        {
            "assumptions": "dataclass",
            "logistics_share": "share",
            "loss_rate": "share",
            "premium": "non_negative",
        },
    ),
    "segments.rural:farm_net_revenue": Entry(
        {"assumptions": lambda: rural.FarmGateAssumptions(), "moved": ()},
        {"assumptions": "dataclass", "moved": "lever_names"},
    ),
    "segments.rural:farm_gate_waterfall": Entry({}, {"assumptions": "dataclass"}),
    "segments.rural:lever_contributions": Entry({}, {"assumptions": "dataclass"}),
    "segments.rural:premium_sensitivity": Entry(
        {}, {"assumptions": "dataclass", "premiums": "positive_array"}
    ),
    "segments.rural:RuralLoanAssumptions": dataclass_entry(
        payback_days_before="non_negative",
        payback_days_after="non_negative",
        order_loan_limit_yuan="positive",
        cash_cost_share="share",
        order_loan_rate="rate",
        gap_rate="rate",
        household_sales_yuan="positive",
        cooperative_sales_yuan="positive",
        traditional_farm_loan_rate="rate",
        planting_cost_reduction="share",
    ),
    "segments.rural:working_capital": Entry(
        {
            "annual_sales_yuan": 2e5,
            "payback_days": 30.0,
            "assumptions": lambda: rural.RuralLoanAssumptions(),
        },
        {
            "annual_sales_yuan": "positive_array",
            "payback_days": "positive_array",
            "assumptions": "dataclass",
        },
    ),
    "segments.rural:financing_cost": Entry(
        {
            "annual_sales_yuan": 2e5,
            "payback_days": 30.0,
            "assumptions": lambda: rural.RuralLoanAssumptions(),
        },
        {
            "annual_sales_yuan": "positive_array",
            "payback_days": "positive_array",
            "assumptions": "dataclass",
        },
    ),
    "segments.rural:order_finance_table": Entry({}, {"assumptions": "dataclass"}),
    "segments.rural:sales_at_loan_limit": Entry(
        {"payback_days": 30.0, "assumptions": lambda: rural.RuralLoanAssumptions()},
        {"payback_days": "positive_array", "assumptions": "dataclass"},
    ),
    "segments.rural:planting_loan_saving": Entry({}, {"assumptions": "dataclass"}),
    "segments.rural:IndexInsuranceAssumptions": dataclass_entry(
        rainfall_mean_mm="positive",
        rainfall_sd_mm="positive",
        yield_cv="positive",
        index_yield_correlation="share",
        trigger_mm="positive",
        exit_mm="non_negative",
        sum_insured_share="share",
        loss_event_shortfall="share",
        premium_loading="non_negative",
        premium_subsidy="share",
        coverage_before="share",
        coverage_after="share",
    ),
    "segments.rural:index_payout": Entry(
        {"rainfall_mm": [300.0], "assumptions": lambda: rural.IndexInsuranceAssumptions()},
        {"rainfall_mm": "array_or_empty", "assumptions": "dataclass"},
    ),
    "segments.rural:simulate_index_insurance": Entry(
        {"n_seasons": 50, "n_farms": 10, "seed": 0},
        {"n_seasons": "size", "n_farms": "size", "seed": "seed", "assumptions": "dataclass"},
    ),
    "segments.rural:index_insurance_summary": Entry(
        {"simulated": _insurance}, {"simulated": "frame", "assumptions": "dataclass"}
    ),
    "segments.rural:basis_risk_by_correlation": Entry(
        {"correlations": [0.6], "n_seasons": 200, "n_farms": 10, "seed": 0},
        {"correlations": "array", "n_seasons": "size", "n_farms": "size", "seed": "seed"},
    ),
    "segments.rural:loss_rate_at_coverage": Entry(
        {"summary": _insurance_summary, "coverage": 0.5},
        {"summary": "frame", "coverage": "array"},
    ),
    "segments.rural:loss_rate_at_coverage_se": Entry(
        {"summary": _insurance_summary, "coverage": 0.5},
        {"summary": "frame", "coverage": "array"},
    ),
    "segments.rural:loss_rate_after_coverage": Entry(
        {"loss_rate_before": 0.3, "coverage_before": 0.3, "coverage_after": 0.55},
        {
            "loss_rate_before": "share",
            "coverage_before": "share",
            "coverage_after": "share",
            "underlying_loss_ratio": "non_negative",
            "compensated_share": "share",
        },
    ),
    "segments.rural:CoverageLossAssumptions": dataclass_entry(
        underlying_loss_ratio="non_negative", compensated_share="share"
    ),
    "segments.rural:two_loss_figures": Entry(
        {},
        {
            "spoilage_before": "share",
            "spoilage_after": "share",
            "total_before": "share",
            "total_after": "share",
        },
    ),
    "segments.rural:other_loss_rate": Entry(
        {"total": 0.3, "spoilage": 0.25, "counted": 0.5},
        {"total": "share", "spoilage": "share", "counted": "share"},
    ),
    "segments.rural:LossFiguresAssumptions": dataclass_entry(spoilage_counted_in_total="share"),
    "segments.rural:rural_scorecards": Entry(
        {"merchants": lambda: _merchants().copy()},
        {"merchants": "frame", "train_share": "open_share", "seed": "seed"},
    ),
    "segments.rural:simulated_rural_scorecards": Entry(
        {"n_merchants": RURAL_MERCHANTS, "seed": 0}, {"n_merchants": "size", "seed": "seed"}
    ),
    "segments.rural:approval_rise_by_seed": Entry(
        {"seeds": (0,), "n_merchants": RURAL_MERCHANTS},
        {
            "seeds": "seed_list",
            "n_merchants": "size",
            "max_default_rate": "target_rate",
            "claimed": "finite",
        },
    ),
    "segments.rural:rural_credit_approval": Entry(
        {"split": _scored, "max_default_rate": 0.04},
        {"split": "dataclass", "max_default_rate": "target_rate"},
    ),
    "segments.rural:approval_change": Entry(
        {"table": lambda: _approval().copy()}, {"table": "frame", "group": "name"}
    ),
    "segments.rural:approval_by_target": Entry(
        {"split": _scored, "targets": [0.03, 0.05]}, {"split": "dataclass", "targets": "array"}
    ),
    "segments.rural:crossings": Entry(
        {"x": [0.0, 1.0, 2.0], "y": [0.0, 2.0, 0.0], "level": 1.0},
        {"x": "array", "y": "curve", "level": "finite"},
    ),
    # challenges
    "challenges:DataSecurityAssumptions": dataclass_entry(
        data_value_yuan="positive",
        reference_data_value_yuan="positive",
        base_incident_probability="share",
        attractiveness="non_negative",
        loss_share_of_data_value="share",
        fixed_incident_cost_yuan="non_negative",
        annual_revenue_yuan="positive",
        fine_cap_share_of_revenue="share",
        fine_probability="share",
        compliance_efficacy_yuan="positive",
    ),
    "challenges:incident_probability": Entry(
        {"params": lambda: __import__("ecommod.challenges").challenges.DataSecurityAssumptions()},
        {"params": "dataclass", "data_value_yuan": "optional_positive_array"},
    ),
    "challenges:loss_per_incident": Entry(
        {"params": lambda: __import__("ecommod.challenges").challenges.DataSecurityAssumptions()},
        {"params": "dataclass", "data_value_yuan": "optional_positive_array"},
    ),
    "challenges:expected_annual_cost": Entry(
        {
            "params": lambda: __import__("ecommod.challenges").challenges.DataSecurityAssumptions(),
            "spending_yuan": [0.0, 1e5],
        },
        {"params": "dataclass", "spending_yuan": "positive_array"},
    ),
    "challenges:optimal_compliance": Entry(
        {"params": lambda: __import__("ecommod.challenges").challenges.DataSecurityAssumptions()},
        {"params": "dataclass"},
    ),
    "challenges:break_even_data_value": Entry(
        {"params": lambda: __import__("ecommod.challenges").challenges.DataSecurityAssumptions()},
        {"params": "dataclass"},
    ),
    "challenges:data_value_sweep": Entry(
        {
            "params": lambda: __import__("ecommod.challenges").challenges.DataSecurityAssumptions(),
            "data_values_yuan": [1e6, 2e6],
        },
        {"params": "dataclass", "data_values_yuan": "positive_array"},
    ),
    "challenges:higher_data_value_higher_risk": Entry({"points": 4}, {"points": "size"}),
    "challenges:inequality_trends": Entry(
        {"panels": lambda: {"index": _members()}, "groups": _member_groups},
        {"panels": "tables", "groups": "member_groups"},
    ),
    "challenges:convergence_table": Entry(
        {"panels": lambda: {"index": _members()}, "start": 2015, "end": 2019},
        {"panels": "tables", "start": "year", "end": "year", "controls": "optional_frame"},
    ),
    "challenges:gains_comparisons": Entry(
        {
            "finance": _members,
            "technology": lambda: {"share": _technology()},
            "headline": "share",
        },
        {"finance": "frame", "technology": "tables", "headline": "name"},
    ),
    "challenges:inside_provinces": Entry(
        {"cities": lambda: pd.DataFrame({"prov_code": [11, 11, 12], "value": [1.0, 3.0, 2.0]})},
        {"cities": "frame"},
    ),
    "challenges:sigma_timing": Entry(
        {"sd_log": lambda: pd.Series([2.0, 1.5, 1.2, 1.1, 1.15, 1.0], index=range(2011, 2017))},
        {"sd_log": "finite_series", "share": "share"},
    ),
    "challenges:start_year_counts": Entry(
        {"by_start": _by_start}, {"by_start": "frame", "significance": "share"}
    ),
    "challenges:rank_correlation": Entry(
        {
            "first": lambda: pd.Series([1.0, 2.0, 3.0, 4.0], index=list("ABCD")),
            "second": lambda: pd.Series([2.0, 1.0, 4.0, 3.0], index=list("ABCD")),
        },
        {"first": "finite_series", "second": "finite_series"},
    ),
    "challenges:uneven_gains": Entry(
        {"finance": _members, "technology": _technology, "start": 2015, "end": 2019},
        {"finance": "frame", "technology": "frame", "start": "year", "end": "year"},
    ),
    "challenges:uneven_gains_interval": Entry(
        {
            "finance": _members,
            "technology": _technology,
            "start": 2015,
            "end": 2019,
            "draws": 99,
            "seed": 0,
        },
        {
            "finance": "frame",
            "technology": "frame",
            "start": "year",
            "end": "year",
            "draws": "size",
            "seed": "seed",
        },
    ),
    # policy
    "policy:SellerProfile": dataclass_entry(
        annual_sales_yuan="positive",
        data_uplift_share="share",
        useful_life_years="count",
        decay_rate="share",
        discount_rate="share",
        data_cost_share="share",
        confirmable_share="share",
        registration_cost_yuan="non_negative",
        financing_need_share="positive",
        sales_volatility="non_negative",
        shock_rate="non_negative",
        shock_size="share",
        contribution_margin="share",
        net_margin="signed_share",
        cash_buffer_share="share",
        property_share="share",
    ),
    "policy:LoanTerms": dataclass_entry(
        loan_to_value="share",
        valuation_haircut="share",
        annual_rate="rate",
        funding_rate="rate",
        term_months="count",
        information_cost_yuan="non_negative",
        trigger_ltv="share",
        data_recovery_rate="share",
        conventional_ltv="share",
        property_volatility="non_negative",
        property_drift="finite",
        property_sale_discount="share",
        property_liquidation_cost="share",
    ),
    "policy:SellerPopulation": dataclass_entry(
        n_sellers="size",
        median_sales_yuan="positive",
        sales_dispersion="non_negative",
        high_volatility_share="share",
        small_seller_limit_yuan="positive",
    ),
    "policy:PolicyScenario": dataclass_entry(
        guarantee_share="share",
        interest_subsidy="rate",
        information_cost_cut_yuan="non_negative",
        registration_cost_cut_yuan="non_negative",
    ),
    "policy:income_factor": Entry(
        {"useful_life_years": 3, "decay_rate": 0.3, "discount_rate": 0.15},
        {"useful_life_years": "count", "decay_rate": "array", "discount_rate": "array"},
    ),
    "policy:income_value": Entry(
        {
            "annual_sales_yuan": 1e7,
            "data_uplift_share": 0.02,
            "useful_life_years": 3,
            "decay_rate": 0.3,
            "discount_rate": 0.15,
        },
        {
            "annual_sales_yuan": "positive_array",
            "data_uplift_share": "array",
            "useful_life_years": "count",
        },
    ),
    "policy:cost_value": Entry(
        {
            "annual_sales_yuan": 1e7,
            "data_cost_share": 0.01,
            "useful_life_years": 3,
            "decay_rate": 0.3,
        },
        {
            "annual_sales_yuan": "positive_array",
            "data_cost_share": "array",
            "useful_life_years": "count",
            "decay_rate": "array",
        },
    ),
    "policy:pledgeable_value": Entry(
        {"income_value_yuan": 5e5, "confirmable_share": 0.8, "registration_cost_yuan": 2e4},
        {
            "income_value_yuan": "positive_array",
            "confirmable_share": "array",
            "registration_cost_yuan": "positive_array",
        },
    ),
    "policy:value_data_asset": Entry({}, {"profile": "dataclass"}),
    "policy:uplift_for_coverage": Entry(
        {"coverage": 0.5, "annual_sales_yuan": 1e7},
        {"coverage": "non_negative", "annual_sales_yuan": "positive", "profile": "dataclass"},
    ),
    "policy:coverage_region": Entry(
        {"annual_sales_yuan": [1e7], "data_uplift_share": [0.02], "financing_need_share": [0.25]},
        {
            "annual_sales_yuan": "positive_array",
            "data_uplift_share": "array",
            "financing_need_share": "positive_array",
            "profile": "dataclass",
        },
    ),
    "policy:simulate_loan_one_path": Entry(
        {"index_path": _index_path, **LOAN},
        {"index_path": "positive_array", **LOAN_KINDS},
    ),
    "policy:simulate_loans": Entry(
        {"index": lambda: np.ones((1, 4, 12)), **LOAN},
        {"index": "positive_array", **LOAN_KINDS},
    ),
    "policy:ratio_estimate": Entry(
        {"numerator": [1.0, 2.0, 3.0], "denominator": [2.0, 3.0, 4.0]},
        {"numerator": "array", "denominator": "positive_array"},
    ),
    "policy:pledge_principal": Entry(
        {"valuation": policy.value_data_asset, "terms": lambda: policy.LoanTerms()},
        {"valuation": "dataclass", "terms": "dataclass"},
    ),
    "policy:run_pipeline": Entry(
        {"n_paths": 50, "seed": 0},
        {"profile": "dataclass", "terms": "dataclass", "n_paths": "size", "seed": "seed"},
    ),
    "policy:pipeline_books": Entry(
        {"n_paths": 50, "seed": 0},
        {
            "profile": "dataclass",
            "terms": "dataclass",
            "n_paths": "size",
            "seed": "seed",
            "kinds": "lever_names",
        },
    ),
    "policy:property_index": Entry(
        {"terms": lambda: policy.LoanTerms(), "shape": (1, 4, 12), "seed": 0},
        {"terms": "dataclass", "seed": "seed"},
    ),
    "policy:simulated_sellers": Entry(
        {"population": lambda: policy.SellerPopulation(), "seed": 0},
        {"population": "dataclass", "seed": "seed"},
    ),
    "policy:population_book": Entry(
        {"n_paths": 20, "seed": 0},
        {
            "population": "dataclass",
            "profile": "dataclass",
            "terms": "dataclass",
            "interest_subsidy": "rate",
            "registration_cost_cut_yuan": "non_negative",
            "n_paths": "size",
            "seed": "seed",
        },
    ),
    "policy:scenario_grid": Entry({"levels": 3}, {"strong": "dataclass", "levels": "size"}),
    "policy:credit_platform_gain": Entry(
        {"n_merchants": 2000, "seed": 0},
        {"n_merchants": "size", "max_default_rate": "share", "seed": "seed"},
    ),
    "policy:loan_summary": Entry({"book": _loan_book}, {"book": "dataclass"}),
    "policy:sales_index": Entry(
        {"shocks": _shocks, "sales_volatility": 0.3, "shock_rate": 0.3, "shock_size": 0.3},
        {
            "shocks": "dataclass",
            "sales_volatility": "positive_array",
            "shock_rate": "positive_array",
            "shock_size": "share",
            "drift": "finite",
        },
    ),
    "policy:profile_sweep": Entry(
        {"profiles": lambda: {"mine": policy.SellerProfile()}, "n_paths": POLICY_PATHS},
        {"profiles": "profiles", "terms": "dataclass", "n_paths": "size", "seed": "seed"},
    ),
    "policy:scenario_outcome": Entry(
        {
            "scenario": lambda: policy.PolicyScenario(),
            "book": _population_book,
            "population": SMALL_POPULATION,
        },
        {
            "scenario": "dataclass",
            "book": "dataclass",
            "population": "dataclass",
            "profile": "dataclass",
            "terms": "dataclass",
        },
    ),
    "policy:evaluate_scenarios": Entry(
        {"scenarios": lambda: [policy.PolicyScenario()], **POPULATION_RUN},
        {
            "scenarios": "scenarios",
            **POPULATION_RUN_KINDS,
            "seed": "seed",
            "path_seed": "optional_seed",
        },
    ),
    "policy:evaluate_scenario": Entry(
        {"scenario": lambda: policy.PolicyScenario(), **POPULATION_RUN},
        {"scenario": "dataclass", **POPULATION_RUN_KINDS},
    ),
    "policy:sweep": Entry(
        {
            "scenarios": lambda: [policy.PolicyScenario()],
            "executor": lambda: policy.SerialExecutor(),
            **POPULATION_RUN,
        },
        {
            "scenarios": "scenarios",
            "executor": "executor",
            "batches": "optional_count",
            **POPULATION_RUN_KINDS,
            "seed": "seed_or_seeds",
            "path_seed": "optional_seed",
        },
    ),
    "policy:lever_effects": Entry(
        {"executor": lambda: policy.SerialExecutor(), **POPULATION_RUN},
        {"strong": "dataclass", "executor": "executor", **POPULATION_RUN_KINDS},
    ),
    "policy:coverage_on_grid": Entry(
        {
            "grid": lambda: pd.DataFrame(
                {"decay_rate": [0.2, 0.3], "data_uplift_share": [0.01, 0.02]}
            )
        },
        {"grid": "coverage_grid", "profile": "dataclass"},
    ),
    "policy:equal_effect_region": Entry(
        {"points": 2, "n_paths": POLICY_PATHS},
        {
            "profile": "dataclass",
            "terms": "dataclass",
            "points": "points",
            "n_paths": "size",
            "seed": "seed",
        },
    ),
    "policy:platform_gain_by_seed": Entry(
        {"n_merchants": 2000, "seeds": (0,)}, {"n_merchants": "size"}
    ),
}

_CHECK = "a model check registered in data/claims.csv: its only input is the claim id"
_RECORD = "a result record built by the model, not an input"

#: Public callables that take no input to fuzz, with the reason.
EXEMPT = {
    **{
        f"{module}:{name}": _CHECK
        for module, names in {
            "path": (
                "stage_order_check",
                "inventory_gap_check",
                "supply_chain_finance_check",
                "checkout_credit_check",
            ),
            "segments.cross_border": (
                "check_wallet_fees",
                "check_wallet_settlement",
                "check_dcep_cost",
                "check_dcep_settlement",
                "check_fx_lock",
            ),
            "segments.rural": (
                "farm_gate_check",
                "order_loan_check",
                "loan_limit_check",
                "planting_loan_check",
                "coverage_check",
                "loss_rate_from_coverage_check",
                "two_loss_figures_check",
                "credit_approval_check",
            ),
            "challenges": ("finance_more_uneven_than_technology",),
            "policy": (
                "check_data_value_coverage",
                "check_equal_collateral",
                "check_credit_platform",
            ),
        }.items()
        for name in names
    },
    "policy:DataValuation": _RECORD,
    "policy:Shocks": _RECORD,
    "policy:LoanBook": _RECORD,
    "policy:PipelineResult": _RECORD,
    "policy:PopulationBook": _RECORD,
    "policy:SerialExecutor": "an executor with no parameters",
    "segments.rural:assumptions_of": "reads a model's declared assumptions; owned by claims work",
}

# --- calling and judging (test_fuzz_inputs.py's, with this registry) --------------------------


def call(key: str, parameter: str | None = None, value=None):
    return fuzz.call(key, parameter, value, REGISTRY)


def outcome(key: str, parameter: str, value) -> tuple[str, str]:
    return fuzz.outcome(key, parameter, value, REGISTRY)


CASES = [(key, parameter) for key, entry in REGISTRY.items() for parameter in entry.invalid]


def test_every_public_function_is_registered():
    fuzz.assert_every_public_function_is_listed(MODULES, REGISTRY, EXEMPT)
    assert not set(REGISTRY) & set(EXEMPT)


@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_the_valid_arguments_are_accepted(key):
    call(key)


@pytest.mark.parametrize(("key", "parameter"), CASES)
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(draw=st.data())
def test_an_invalid_value_is_refused_naming_the_parameter(key, parameter, draw):
    value = draw.draw(MODEL_KINDS[REGISTRY[key].invalid[parameter]].strategy(), label=parameter)
    result, message = outcome(key, parameter, value)
    assert result == "named", f"{key}({parameter}={value!r}): {result}: {message}"


def report() -> collections.Counter:
    """Tally every canonical invalid call of this file's registry by outcome."""
    return fuzz.report(REGISTRY, MODEL_KINDS)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    report()
