"""Every public function of the models of chapters 3-5 refuses an invalid input, naming it.

The same fuzz as :mod:`tests.test_fuzz_inputs` (its :class:`Kind`, :data:`KINDS`, :class:`Entry`,
calling and judging), for :data:`MODULES`: logic, indices, credit, diffusion, cashflow,
provincial, inequality and market. :func:`test_every_public_function_is_registered` fails when a
public function or class of these modules is neither in :data:`REGISTRY` nor in :data:`EXEMPT`
with a reason. ``python tests/test_fuzz_models_a.py`` prints the tally of the canonical invalid
calls (named error, unnamed error, error deep inside numpy or pandas, MemoryError, accepted).

The calling and judging helpers of test_fuzz_inputs read its own REGISTRY, so the minimum of
them (``call``, ``outcome``) is repeated here over this file's registry.
"""

from __future__ import annotations

import collections
import dataclasses
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

import test_fuzz_inputs as fuzz
from test_fuzz_inputs import KINDS as BASE_KINDS
from test_fuzz_inputs import (
    Entry,
    kind,
)

from ecommod import credit, data, diffusion, indices, logic, provincial

MODULES = (
    "logic",
    "indices",
    "credit",
    "diffusion",
    "cashflow",
    "provincial",
    "inequality",
    "market",
)

KINDS = {
    **BASE_KINDS,
    # a parameters dataclass (or a result record) replaced by something else
    "record": kind(None, "x", 1, 0.5, {}, [], object()),
    # None is valid (a default): every other wrong value
    "optional_record": kind("x", 1, 0.5, {}, [], object()),
    "optional_array": kind(*(v for v in BASE_KINDS["array"].canonical if v is not None)),
    "optional_frame": kind("frame", 1, [], {}, pd.Series([1.0])),
    "optional_series": kind(*(v for v in BASE_KINDS["series"].canonical if v is not None)),
    # a series of any finite numbers (negative too; missing values are dropped)
    "any_series": kind(
        None,
        "levels",
        [100.0, 110.0],
        3.0,
        pd.Series([1.0, float("inf"), 2.0]),
        pd.Series(["a", "b", "c"]),
        pd.DataFrame({"level": [1.0, 2.0, 3.0]}),
    ),
    # member labels -> group
    "groups": kind(
        None, "levels", [100.0, 110.0], 3.0, pd.Series([], dtype=object), pd.DataFrame({"g": ["a"]})
    ),
    "optional_lags": kind(-1, 1.5, float("nan"), True, "1", []),
    # a sequence of numbers looped over (thresholds, rate cuts, volatilities)
    "number_list": kind(None, "x", ["a"], [float("nan")], [float("inf")], 1.0, object()),
}

# --- valid inputs ----------------------------------------------------------------------------


def member_table() -> pd.DataFrame:
    """Four members (provinces) over five periods, positive amounts."""
    table = pd.DataFrame(
        {
            "A": [10.0, 40.0, 42.0, 45.0, 50.0],
            "B": [20.0, 5.0, 9.0, 12.0, 14.0],
            "C": [30.0, 30.0, 33.0, 35.0, 36.0],
            "D": [40.0, 25.0, 30.0, 31.0, 33.0],
        },
        index=pd.Index([2015, 2016, 2017, 2018, 2019], name="year"),
    )
    table.columns.name = "province"
    return table


def member_groups() -> pd.Series:
    return pd.Series(["east", "east", "west", "west"], index=["A", "B", "C", "D"])


def neighbour_pairs() -> pd.DataFrame:
    return pd.DataFrame({"a": ["A", "B", "C"], "b": ["B", "C", "D"]})


def contiguity_weights() -> pd.DataFrame:
    return pd.DataFrame(
        [[0, 1, 0, 0], [0.5, 0, 0.5, 0], [0, 0.5, 0, 0.5], [0, 0, 1, 0]],
        index=list("ABCD"),
        columns=list("ABCD"),
        dtype=float,
    )


def indicator_frame() -> pd.DataFrame:
    return pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "y": [4.0, 1.0, 3.0, 2.0]})


def unit_series() -> pd.Series:
    return pd.Series([0.2, 0.4, 0.6])


def merchants() -> pd.DataFrame:
    return credit.simulate_merchants(400, seed=1)


FEATURES = {"basic": ["collateral_yuan"]}


def holdout_decisions():
    return credit.holdout_approvals(merchants(), FEATURES, max_default_rate=0.1)


def share_series() -> pd.Series:
    years = range(2010, 2020)
    return pd.Series([5.0, 7.0, 9.5, 12.0, 15.0, 18.0, 21.0, 23.5, 25.5, 27.0], index=years)


def a_fit():
    return diffusion.fit_diffusion(share_series(), "logistic")


def provincial_panel() -> pd.DataFrame:
    """The provincial panel of the third-party files (read once)."""
    if not hasattr(provincial_panel, "cached"):
        provincial_panel.cached = provincial.provincial_panel()
    return provincial_panel.cached.copy()


def coupled_frame() -> pd.DataFrame:
    """The measures of coupling_panel for two provinces over two years (made-up values)."""
    frame = variance_frame().drop(columns="v")
    for offset, measure in enumerate(
        ("u_finance", "u_technology", "C", "D", "C_modified", "D_modified")
    ):
        frame[measure] = [0.1 + offset / 10, 0.2, 0.4, 0.5 - offset / 20]
    return frame


def variance_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "v": [1.0, 2.0, 3.0, 5.0],
            "year": [2015, 2015, 2016, 2016],
            "prov_code": [11, 12, 11, 12],
        }
    )


def _dataclass_entry(cls, kinds: dict[str, str]) -> Entry:
    defaults = {f.name: f.default for f in dataclasses.fields(cls)}
    return Entry(defaults, kinds)


def _same_kind(cls, kind_name: str, **overrides: str) -> Entry:
    kinds = {f.name: kind_name for f in dataclasses.fields(cls)}
    return _dataclass_entry(cls, {**kinds, **overrides})


FX_KINDS = {
    "threshold": "non_negative",
    "rate_cut": "non_negative",
    "loan_rate": "positive",
    "funding_cost": "positive",
    "term_years": "positive",
    "calm_volatility": "non_negative",
    "stressed_volatility": "positive",
    "stressed_share": "share",
    "window_days": "count",
    "loan_to_receipts": "share",
    "margin": "share",
    "cash_buffer": "share",
    "business_volatility": "non_negative",
    "recovery": "share",
}
IOT_KINDS = {
    "quality_gain": "share",
    "credit_uplift": "share",
    "base_credit_line_yuan": "non_negative",
    "base_compliance": "share",
    "start_adoption": "share",
    "target_adoption": "share",
    "innovation": "positive",
    "imitation": "non_negative",
    "horizon_years": "positive",
}
SUPPLY_KINDS = {
    "receivables_yuan": "non_negative",
    "days_outstanding": "positive",
    **{
        name: "share"
        for name in (
            "advance_rate",
            "supplier_rate",
            "core_rate",
            "supplier_default",
            "core_default",
            "dilution_without_data",
            "dilution_with_logistics",
            "loss_given_default",
        )
    },
}
MERCHANT_KINDS = {
    f.name: "finite"
    if f.name.endswith("_loading")
    else ("share" if f.metadata["unit"].startswith("share") else "positive")
    for f in dataclasses.fields(credit.MerchantAssumptions)
}
FAST_FX = {"n_loans": 500, "seed": 0}

REGISTRY: dict[str, Entry] = {
    # logic: parameters dataclasses
    "logic:FxLoanAssumptions": _dataclass_entry(logic.FxLoanAssumptions, FX_KINDS),
    "logic:PledgeAssumptions": _same_kind(logic.PledgeAssumptions, "share"),
    "logic:OrderLoanAssumptions": _dataclass_entry(
        logic.OrderLoanAssumptions,
        {
            "forecast_accuracy": "share",
            "advance_rate": "share",
            "loan_rate": "non_negative",
            "term_years": "positive",
        },
    ),
    "logic:IotIncentiveAssumptions": _dataclass_entry(logic.IotIncentiveAssumptions, IOT_KINDS),
    "logic:SupplyChainAssumptions": _dataclass_entry(logic.SupplyChainAssumptions, SUPPLY_KINDS),
    # logic: models
    "logic:fx_rule_outcome": Entry(
        {"assumptions": logic.FxLoanAssumptions(), **FAST_FX},
        {"assumptions": "record", "n_loans": "size", "seed": "seed"},
    ),
    "logic:fx_rule_balanced": Entry(
        {"outcome": lambda: logic.fx_rule_outcome(n_loans=500)}, {"outcome": "frame"}
    ),
    "logic:fx_rule_grid": Entry(
        {"thresholds": [0.05], "rate_cuts": [1.0], **FAST_FX},
        {
            "assumptions": "record",
            "thresholds": "number_list",
            "rate_cuts": "number_list",
            "n_loans": "size",
            "seed": "seed",
        },
    ),
    "logic:fx_volatility_region": Entry(
        {"volatilities": [0.1], **FAST_FX},
        {"assumptions": "record", "volatilities": "number_list", "n_loans": "size", "seed": "seed"},
    ),
    "logic:pledge_risk": Entry(
        {"assumptions": logic.PledgeAssumptions(), "detection": 0.5},
        {"assumptions": "record", "detection": "array"},
    ),
    "logic:pledge_risk_reduction": Entry(
        {"chain_detection": 0.9},
        {
            "assumptions": "record",
            "chain_detection": "optional_array",
            "title_fault_share": "optional_array",
        },
    ),
    "logic:order_loan_losses": Entry(
        {"n_orders": 500, "seed": 0},
        {"assumptions": "record", "n_orders": "size", "seed": "seed"},
    ),
    "logic:order_loan_risk": Entry(
        {"n_orders": 500, "seed": 0},
        {"assumptions": "record", "n_orders": "size", "seed": "seed"},
    ),
    "logic:iot_credit_line": Entry({}, {"assumptions": "record"}),
    "logic:years_to_adoption": Entry(
        {"incentive_effect": 0.1}, {"assumptions": "record", "incentive_effect": "array"}
    ),
    "logic:adoption_path": Entry(
        {"years": 1.0, "incentive_effect": 0.0},
        {"assumptions": "record", "years": "array", "incentive_effect": "non_negative"},
    ),
    "logic:incentive_needed": Entry(
        {"horizons": 3.0}, {"assumptions": "record", "horizons": "optional_array"}
    ),
    "logic:receivables_financing": Entry({}, {"assumptions": "record"}),
    "logic:subsystem_index": Entry(
        {
            "panel": lambda: indicator_frame().assign(year=[2015, 2016, 2017, 2018]),
            "indicators": ["x", "y"],
        },
        {"panel": "frame", "indicators": "heading", "beyond": "name"},
    ),
    "logic:coupling_decomposition": Entry({"coupled": coupled_frame}, {"coupled": "frame"}),
    "logic:wild_cluster_bootstrap": Entry(
        {
            "y": lambda: np.arange(12.0) ** 1.5,
            "x": lambda: np.arange(12.0),
            "controls": lambda: np.ones((12, 1)),
            "clusters": lambda: np.repeat(np.arange(6), 2),
            "draws": 99,
            "seed": 0,
        },
        {"y": "array", "x": "array", "draws": "size", "seed": "seed"},
    ),
    "logic:coupling_panel": Entry(
        {"panel": provincial_panel},
        {
            "panel": "frame",
            "finance": "heading",
            "technology": "heading",
            "base_years": "optional_record",
        },
    ),
    "logic:fixed_effects": Entry(
        {"panel": provincial_panel, "draws": 99},
        {"panel": "frame", "lag": "decimals", "history": "optional_frame", "draws": "size"},
    ),
    "logic:synergy": Entry(
        {"panel": provincial_panel, "draws": 99},
        {"panel": "frame", "lag": "decimals", "history": "optional_frame", "draws": "size"},
    ),
    "logic:estimates_table": Entry(
        {"estimates": [], "labels": []}, {"estimates": "collection", "labels": "collection"}
    ),
    # indices
    "indices:normalise": Entry(
        {"frame": indicator_frame}, {"frame": "frame", "negative": "heading", "beyond": "name"}
    ),
    "indices:fit_base": Entry(
        {"frame": indicator_frame}, {"frame": "frame", "negative": "heading"}
    ),
    "indices:base_index": Entry(
        {"frame": indicator_frame, "base": lambda: indices.fit_base(indicator_frame())},
        {"frame": "frame", "base": "record", "beyond": "name"},
    ),
    "indices:entropy_weights": Entry(
        {"normalised": lambda: indices.normalise(indicator_frame())}, {"normalised": "frame"}
    ),
    "indices:composite_index": Entry(
        {
            "normalised": lambda: indices.normalise(indicator_frame()),
            "weights": lambda: pd.Series({"x": 0.5, "y": 0.5}),
        },
        {"normalised": "frame", "weights": "series"},
    ),
    "indices:coupling_coordination": Entry(
        {"u1": unit_series, "u2": unit_series, "alpha": 0.5, "beta": 0.5},
        {"u1": "series", "u2": "series", "alpha": "share", "beta": "share", "model": "name"},
    ),
    "indices:coordination_level": Entry({"d": unit_series}, {"d": "series", "language": "name"}),
    "indices:variance_decomposition": Entry(
        {"frame": variance_frame, "value": "v"},
        {"frame": "frame", "value": "name", "period": "name", "unit": "name"},
    ),
    # credit
    "credit:MerchantAssumptions": _dataclass_entry(credit.MerchantAssumptions, MERCHANT_KINDS),
    "credit:simulate_merchants": Entry(
        {"n": 200, "seed": 0}, {"n": "size", "seed": "seed", "assumptions": "optional_record"}
    ),
    "credit:fit_scorecard": Entry(
        {"frame": merchants, "features": ["collateral_yuan"]},
        {"frame": "frame", "features": "heading", "target": "name"},
    ),
    "credit:auc": Entry(
        {"defaults": [0, 1, 0, 1], "scores": [0.1, 0.9, 0.4, 0.6]},
        {"defaults": "array", "scores": "array"},
    ),
    "credit:gini": Entry(
        {"defaults": [0, 1, 0, 1], "scores": [0.1, 0.9, 0.4, 0.6]},
        {"defaults": "array", "scores": "array"},
    ),
    "credit:pd_cutoff": Entry(
        {"pds": [0.1, 0.2, 0.3], "defaults": [0, 0, 1], "max_default_rate": 0.2},
        {"pds": "array", "defaults": "array", "max_default_rate": "share"},
    ),
    "credit:approve_at_default_rate": Entry(
        {"pds": [0.1, 0.2, 0.3], "defaults": [0, 0, 1], "max_default_rate": 0.2},
        {"pds": "array", "defaults": "array", "max_default_rate": "share"},
    ),
    "credit:holdout_scores": Entry(
        {"frame": merchants, "feature_sets": FEATURES},
        {
            "frame": "frame",
            "feature_sets": "descriptor",
            "train_share": "open_share",
            "seed": "seed",
        },
    ),
    "credit:holdout_approvals": Entry(
        {"frame": merchants, "feature_sets": FEATURES, "max_default_rate": 0.1},
        {
            "frame": "frame",
            "max_default_rate": "positive_share",
            "train_share": "open_share",
            "seed": "seed",
        },
    ),
    "credit:compare_scorecards": Entry(
        {"frame": merchants, "feature_sets": FEATURES, "max_default_rate": 0.1},
        {
            "frame": "frame",
            "max_default_rate": "positive_share",
            "train_share": "open_share",
            "seed": "seed",
        },
    ),
    "credit:comparison_table": Entry({"decisions": holdout_decisions}, {"decisions": "record"}),
    "credit:access_by_group": Entry(
        {"merchants": merchants, "feature_sets": FEATURES, "max_default_rate": 0.1},
        {
            "merchants": "frame",
            "max_default_rate": "positive_share",
            "collateral_bands": "array",
            "train_share": "open_share",
            "seed": "seed",
        },
    ),
    "credit:access_table": Entry(
        {"decisions": holdout_decisions},
        {"decisions": "record", "collateral_bands": "array"},
    ),
    # diffusion
    "diffusion:bass_fraction": Entry(
        {"years": 2.0, "innovation": 0.01, "imitation": 0.3},
        {"years": "array", "innovation": "array", "imitation": "array"},
    ),
    "diffusion:bass_years_to": Entry(
        {"fraction": 0.5, "innovation": 0.01, "imitation": 0.3},
        {"fraction": "array", "innovation": "array", "imitation": "array"},
    ),
    "diffusion:bass_from": Entry(
        {"start_fraction": 0.2, "innovation": 0.01, "imitation": 0.3, "years_ahead": 2.0},
        {
            "start_fraction": "array",
            "innovation": "array",
            "imitation": "array",
            "years_ahead": "array",
        },
    ),
    "diffusion:DiffusionAssumptions": _dataclass_entry(
        diffusion.DiffusionAssumptions,
        {"bass_launch_year": "year", "max_saturation": "positive", "confidence": "open_share"},
    ),
    "diffusion:logistic_share": Entry(
        {"years": [2015.0, 2020.0], "saturation": 40.0, "rate": 0.3, "midpoint": 2018.0},
        {"years": "array", "saturation": "positive", "rate": "positive", "midpoint": "finite"},
    ),
    "diffusion:bass_share": Entry(
        {
            "years": [2015.0, 2020.0],
            "saturation": 40.0,
            "innovation": 0.01,
            "imitation": 0.3,
            "launch_year": 2003.0,
        },
        {
            "years": "array",
            "saturation": "positive",
            "innovation": "positive",
            "imitation": "non_negative",
            "launch_year": "finite",
        },
    ),
    "diffusion:fit_diffusion": Entry(
        {"share": share_series, "model": "logistic"},
        {"share": "series", "model": "name", "assumptions": "record"},
    ),
    "diffusion:saturation_table": Entry(
        {"fits": lambda: {"logistic": a_fit()}}, {"fits": "collection"}
    ),
    "diffusion:saturation_profile": Entry(
        {"share": share_series, "model": "logistic", "saturations": [40.0, 50.0]},
        {"share": "series", "model": "name", "saturations": "array", "assumptions": "record"},
    ),
    "diffusion:bass_continuation": Entry(
        {
            "share_now": 20.0,
            "saturation": 40.0,
            "innovation": 0.01,
            "imitation": 0.3,
            "years_ahead": 2.0,
        },
        {
            "share_now": "non_negative",
            "saturation": "positive",
            "innovation": "positive",
            "imitation": "non_negative",
            "years_ahead": "array",
        },
    ),
    # cashflow
    "cashflow:year_fraction": Entry({"days": 30.0}, {"days": "array"}),
    "cashflow:tied_up": Entry(
        {"annual_flow_yuan": 1e6, "days": 30.0}, {"annual_flow_yuan": "array", "days": "array"}
    ),
    "cashflow:cash_conversion_cycle": Entry(
        {"inventory_days": 30.0, "receivable_days": 20.0, "payable_days": 10.0},
        {"inventory_days": "array", "receivable_days": "array", "payable_days": "array"},
    ),
    "cashflow:working_capital": Entry(
        {
            "annual_sales_yuan": 1e6,
            "cost_of_goods_share": 0.6,
            "inventory_days": 30.0,
            "receivable_days": 20.0,
            "payable_days": 10.0,
        },
        {
            "annual_sales_yuan": "array",
            "cost_of_goods_share": "array",
            "inventory_days": "array",
            "receivable_days": "array",
            "payable_days": "array",
        },
    ),
    # provincial (the measures are names looked up; a frame replaces the third-party file)
    "provincial:finance_panel": Entry({}, {"measure": "name", "frame": "optional_frame"}),
    "provincial:technology_panel": Entry({}, {"measure": "name", "frame": "optional_frame"}),
    "provincial:city_panel": Entry(
        {"year": 2018}, {"year": "year", "measure": "name", "frame": "optional_frame"}
    ),
    "provincial:assemble_panel": Entry(
        {
            "finance": lambda: data.load_external(provincial.FINANCE_DATASET),
            "ecommerce": lambda: data.load_external(provincial.TECHNOLOGY_DATASET),
            "provinces": lambda: data.load_table("provinces"),
        },
        {"finance": "frame", "ecommerce": "frame", "provinces": "frame"},
    ),
    # inequality
    "inequality:top_n_share": Entry(
        {"table": member_table, "n": 2}, {"table": "frame", "n": "count"}
    ),
    "inequality:largest_members": Entry(
        {"table": member_table, "row": 2016, "n": 2}, {"table": "frame", "n": "count"}
    ),
    "inequality:gini": Entry(
        {"values": [1.0, 2.0, 3.0]}, {"values": "array", "weights": "optional_array"}
    ),
    "inequality:theil": Entry(
        {"values": [1.0, 2.0, 3.0]}, {"values": "array", "weights": "optional_array"}
    ),
    "inequality:theil_decomposition": Entry(
        {"values": [1.0, 2.0, 3.0, 4.0], "groups": ["a", "a", "b", "b"]},
        {"values": "array", "groups": "collection", "weights": "optional_array"},
    ),
    "inequality:dagum_gini": Entry(
        {"values": [1.0, 2.0, 3.0, 4.0], "groups": ["a", "a", "b", "b"]},
        {"values": "array", "groups": "collection"},
    ),
    "inequality:dagum_group_ginis": Entry(
        {"values": [1.0, 2.0, 3.0, 4.0], "groups": ["a", "a", "b", "b"]},
        {"values": "array", "groups": "collection"},
    ),
    "inequality:inequality_by_period": Entry(
        {"table": member_table, "groups": member_groups},
        {"table": "frame", "groups": "groups", "weights": "optional_series"},
    ),
    "inequality:gini_mean_decomposition": Entry(
        {"table": member_table, "base": 2015}, {"table": "frame", "base": "year"}
    ),
    "inequality:coefficient_of_variation": Entry({"values": [1.0, 2.0, 3.0]}, {"values": "array"}),
    "inequality:bootstrap_members": Entry(
        {"statistic": lambda: np.mean, "samples[0]": [1.0, 2.0, 4.0], "draws": 99, "seed": 0},
        {"samples[0]": "array", "draws": "size", "seed": "seed"},
        ("statistic", "samples[0]"),
    ),
    "inequality:sigma_convergence": Entry({"table": member_table}, {"table": "frame"}),
    "inequality:newey_west_lags": Entry({"n_obs": 20}, {"n_obs": "count"}),
    "inequality:trend": Entry(
        {"series": lambda: pd.Series([1.0, 2.0, 2.5, 4.0, 5.5], index=range(2015, 2020))},
        {"series": "any_series", "hac_lags": "optional_lags"},
    ),
    "inequality:change_by_period": Entry(
        {"series": lambda: pd.Series([1.0, 2.0, 2.5], index=range(2015, 2018))},
        {"series": "any_series"},
    ),
    "inequality:beta_convergence": Entry(
        {"table": member_table, "start": 2015, "end": 2019},
        {"table": "frame", "start": "year", "end": "year"},
    ),
    "inequality:panel_beta_convergence": Entry({"table": member_table}, {"table": "frame"}),
    "inequality:convergence_by_start": Entry(
        {"table": member_table, "starts": [2015], "end": 2019},
        {"table": "frame", "starts": "number_list", "end": "year"},
    ),
    "inequality:contiguity_matrix": Entry(
        {"pairs": neighbour_pairs, "members": list("ABCD")},
        {"pairs": "frame", "members": "collection"},
    ),
    "inequality:morans_i": Entry(
        {
            "values": lambda: pd.Series([1.0, 2.0, 3.0, 4.0], index=list("ABCD")),
            "weights": contiguity_weights,
        },
        {"values": "any_series", "weights": "frame"},
    ),
}

#: Public callables that take no input to fuzz, with the reason.
EXEMPT = {
    "logic:fx_threshold_check": "a model check of the ledger: its only input is the claim id",
    "logic:fx_rate_cut_check": "a model check of the ledger: its only input is the claim id",
    "logic:pledge_risk_check": "a model check of the ledger: its only input is the claim id",
    "logic:order_loan_check": "a model check of the ledger: its only input is the claim id",
    "logic:iot_credit_check": "a model check of the ledger: its only input is the claim id",
    "logic:iot_adoption_check": "a model check of the ledger: its only input is the claim id",
    "market:cross_border_releases": "no parameters (reads the project's own official series)",
    "market:physical_goods_level_from_share": "a model check of the ledger (claim id; the year "
    "selects the row of the ledger's own series)",
    "logic:PanelEstimate": "a result record built by fixed_effects and synergy",
    "logic:finance_history": "no parameters (reads the third-party index)",
    "indices:IndexBase": "a result record built by fit_base",
    "credit:Scorecard": "a result record built by fit_scorecard",
    "credit:ScoredSplit": "a result record built by holdout_scores",
    "credit:HoldoutApprovals": "a result record built by holdout_approvals",
    "inequality:BetaConvergence": "a result record built by beta_convergence",
    "diffusion:SaturationInterval": "a result record of fit_diffusion",
    "diffusion:DiffusionFit": "a result record of fit_diffusion",
    "provincial:provinces": "no parameters",
    "provincial:regions": "no parameters",
    "provincial:contiguity": "no parameters",
    "provincial:provincial_panel": "no parameters",
}


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
    """So that each refusal below is the invalid value's doing."""
    fuzz.skip_without_external_data(key, lambda: call(key))


@pytest.mark.parametrize(("key", "parameter"), CASES)
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(draw=st.data())
def test_an_invalid_value_is_refused_naming_the_parameter(key, parameter, draw):
    fuzz.skip_without_external_data(key, REGISTRY[key].arguments)  # the other, valid arguments
    value = draw.draw(KINDS[REGISTRY[key].invalid[parameter]].strategy(), label=parameter)
    result, message = outcome(key, parameter, value)
    assert result == "named", f"{key}({parameter}={value!r}): {result}: {message}"


def report() -> collections.Counter:
    """Tally every canonical invalid call of this file's registry by outcome."""
    return fuzz.report(REGISTRY, KINDS)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    report()
