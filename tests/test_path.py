"""The path chapter's models: adoption scenario, working capital, checkout credit, stage index."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from ecommod import claims, data, diffusion, path, provincial


def _simulated_bass(parameters, years, *, noise: float, seed: int) -> pd.Series:
    """A Bass share (%) launched in 2003 with normal noise."""
    rng = np.random.default_rng(seed)
    clean = diffusion.bass_share(years, *parameters, 2003)
    return pd.Series(clean + rng.normal(0.0, noise, len(years)), index=pd.Index(years))


# --- diffusion scenario ------------------------------------------------------------------------


def test_adoption_scenario_neutral_and_faster():
    years = np.arange(2005, 2024)
    share = _simulated_bass((40.0, 0.004, 0.35), years, noise=0.1, seed=4)
    fit = diffusion.fit_diffusion(share, "bass")
    same = path.adoption_scenario(fit, path.AdoptionScenario(2023, 1.0, 1.0, 2030))
    np.testing.assert_allclose(same["gap_pp"], 0.0, atol=1e-9)
    faster = path.adoption_scenario(fit, path.AdoptionScenario(2023, 3.0, 1.2, 2030))
    assert (faster["gap_pp"].iloc[1:] > 0).all()
    assert faster.index[0] == 2023 and faster.index[-1] == 2030
    with pytest.raises(ValueError, match="fit must be a Bass fit"):
        path.adoption_scenario(diffusion.fit_diffusion(share, "logistic"))


# --- working capital ---------------------------------------------------------------------------


def test_working_capital_path_steps():
    a = path.WorkingCapitalAssumptions()
    table = path.working_capital_path(a)
    assert list(table["inventory_days"]) == [45.0, 23.0, 23.0, 23.0]
    freed = a.annual_sales_yuan / 365 * a.cost_of_goods_share * a.inventory_gap_days
    assert table["working_capital_freed_yuan"].iloc[1] == pytest.approx(freed)
    assert (table["working_capital_yuan"].diff().dropna() <= 0).all()
    assert (table["financing_cost_yuan"].diff().dropna() <= 0).all()
    assert table["cost_saved_yuan"].sum() == pytest.approx(
        table["financing_cost_yuan"].iloc[0] - table["financing_cost_yuan"].iloc[-1]
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"cost_of_goods_share": 1.2}, r"cost_of_goods_share must be between 0 and 1"),
        ({"inventory_gap_days": 50.0}, r"inventory_gap_days must be between 0 and 45"),
        ({"embedded_settlement_days": 12.0}, r"embedded_settlement_days must be between"),
        ({"annual_sales_yuan": 0.0}, r"annual_sales_yuan must be > 0"),
        ({"payable_days": -1.0}, r"payable_days must be >= 0"),
    ],
)
def test_working_capital_bad_input_names_the_parameter(change, message):
    with pytest.raises(ValueError, match=message):
        path.working_capital_path(dataclasses.replace(path.WorkingCapitalAssumptions(), **change))


# --- checkout credit ---------------------------------------------------------------------------


def _checkout(**change) -> path.CheckoutCreditAssumptions:
    base = path.CheckoutCreditAssumptions(
        gross_margin=0.25, take_up=0.5, loss_rate=0.05, funding_rate=0.0, buyer_fee_rate=0.0
    )
    return dataclasses.replace(base, **change)


def test_break_even_uplift_by_hand():
    # Net cost 0.05 per yuan financed, half the orders financed: burden 0.025 of sales;
    # (1 + u)(0.25 - 0.025) = 0.25 gives u = 0.025 / 0.225.
    assert path.break_even_uplift(_checkout()) == pytest.approx(0.025 / 0.225)
    # Funding: 12% a year over 11 months averages (11 + 1) / 24 = 0.5 years: 0.06 per yuan.
    assert path.credit_cost_per_yuan(
        _checkout(loss_rate=0.0, funding_rate=0.12, term_months=11)
    ) == (pytest.approx(0.06))
    assert path.break_even_uplift(_checkout(loss_rate=0.6, take_up=1.0)) == math.inf


def test_profits_are_equal_at_the_break_even_uplift():
    at_break_even = _checkout(conversion_uplift=path.break_even_uplift(_checkout()))
    profits = path.checkout_outcome(at_break_even)["profit_per_1000_visits_yuan"]
    assert profits.iloc[0] == pytest.approx(profits.iloc[1])
    above = path.checkout_outcome(_checkout(conversion_uplift=0.2))["profit_per_1000_visits_yuan"]
    assert above.iloc[1] > above.iloc[0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"take_up": 1.5}, r"take_up must be between 0 and 1"),
        ({"term_months": 0}, r"term_months must be a whole number >= 1"),
        ({"average_order_yuan": -5.0}, r"average_order_yuan must be > 0"),
        ({"baseline_conversion": 0.6, "conversion_uplift": 1.0}, r"conversion_uplift must keep"),
    ],
)
def test_checkout_bad_input_names_the_parameter(change, message):
    with pytest.raises(ValueError, match=message):
        path.checkout_outcome(_checkout(**change))


# --- stage classification on a hand-made panel -------------------------------------------------

# Two provinces, four years; (infrastructure, process, ecosystem) indices; thresholds 0.5 each.
HAND_PANEL = pd.DataFrame(
    {
        "prov_code": [11] * 4 + [12] * 4,
        "year": [2015, 2016, 2017, 2018] * 2,
        "infrastructure": [0.2, 0.6, 0.7, 0.8, 0.3, 0.6, 0.4, 0.9],
        "process": [0.1, 0.2, 0.6, 0.7, 0.7, 0.7, 0.3, 0.8],
        "ecosystem": [0.1, 0.1, 0.2, 0.5, 0.1, 0.6, 0.2, 0.9],
    }
)
#: The stage of every province-year and whether it is out of the paper's order.
HAND_STAGES = [0, 1, 2, 3, 0, 3, 0, 3]
HAND_OUT_OF_ORDER = [False, False, False, False, True, False, False, False]
HAND_MOVES = ["advance", "advance", "advance", "skip", "reversal", "skip"]


def test_every_province_year_of_a_hand_made_panel_gets_its_stage():
    classified = path.classify_stages(HAND_PANEL, path.StageThresholds(0.5, 0.5, 0.5))
    assert classified["stage"].tolist() == HAND_STAGES
    assert classified["out_of_order"].tolist() == HAND_OUT_OF_ORDER
    assert classified["reached"].tolist()[:5] == ["---", "I--", "IP-", "IPE", "-P-"]
    moves = path.stage_changes(classified)
    assert moves["move"].tolist() == HAND_MOVES
    matrix = path.transition_matrix(classified)
    assert matrix.loc[0, 1] == 1 and matrix.loc[0, 3] == 2 and matrix.loc[3, 0] == 1
    assert matrix.to_numpy().sum() == 6
    summary = path.order_summary(classified)
    assert (summary["out_of_order"], summary["skips"], summary["reversals"]) == (1, 2, 1)


def test_classification_is_deterministic_and_threshold_dependent():
    shuffled = HAND_PANEL.sample(frac=1.0, random_state=0)
    thresholds = path.StageThresholds(0.5, 0.5, 0.5)
    pd.testing.assert_frame_equal(
        path.classify_stages(shuffled, thresholds), path.classify_stages(HAND_PANEL, thresholds)
    )
    strict = path.classify_stages(HAND_PANEL, path.StageThresholds(0.95, 0.5, 0.5))
    assert (strict["stage"] == 0).all()
    sensitivity = path.threshold_sensitivity(HAND_PANEL, [0.5, 0.95])
    assert len(sensitivity) == 8
    shares = sensitivity.filter(like="share_stage_").sum(axis=1)
    np.testing.assert_allclose(shares, 1.0)


def test_a_gap_year_is_not_a_move():
    gapped = HAND_PANEL[HAND_PANEL["year"] != 2016]
    moves = path.stage_changes(path.classify_stages(gapped))
    assert set(moves["year"]) == {2018}


def test_stage_thresholds_must_be_shares():
    with pytest.raises(ValueError, match=r"process must be between 0 and 1"):
        path.classify_stages(HAND_PANEL, path.StageThresholds(0.5, 1.5, 0.5))


def test_stage_indices_on_a_small_panel():
    rng = np.random.default_rng(0)
    columns = [c for s in path.STAGES for p in path.STAGE_INDICATORS[s].values() for c in p]
    panel = pd.DataFrame(rng.uniform(1, 10, (12, len(columns))), columns=columns)
    panel["prov_code"] = np.repeat([11, 12, 13], 4)
    panel["year"] = np.tile([2015, 2016, 2017, 2018], 3)
    result = path.stage_indices(panel, technology_weight=1.0)
    np.testing.assert_allclose(result["process"], result["process_technology"])
    for stage in path.STAGES:
        assert result[stage].between(0, 1).all()
    assert all(np.isclose(w.sum(), 1.0) for w in result.attrs["weights"].values())
    with pytest.raises(ValueError, match=r"technology_weight must be between 0 and 1"):
        path.stage_indices(panel, technology_weight=2.0)
    with pytest.raises(ValueError, match=r"panel is missing column\(s\) \['credit'\]"):
        path.stage_indices(panel.drop(columns="credit"))


# --- on the real panel, and the ledger's checks ------------------------------------------------

needs_panel = pytest.mark.skipif(
    any(
        data.external_status(name).state == "missing"
        for name in ("nbs_provincial_ecommerce", "pku_dfiic_province")
    ),
    reason="the NBS provincial panel or PKU-DFIIC is not in ECOMMOD_EXTERNAL_DATA",
)


@needs_panel
def test_provincial_panel_and_stage_order_check():
    panel = provincial.provincial_panel()
    assert panel[["prov_code", "year"]].duplicated().sum() == 0
    assert panel["prov_code"].nunique() == 31
    check = path.stage_order_check()
    assert isinstance(check, claims.ModelCheck)
    assert 0.0 <= check.value <= 1.0


def test_model_checks_without_external_data():
    assert path.inventory_gap_check().verdict == "illustrated"
    assert path.supply_chain_finance_check().value > 0
    check = path.checkout_credit_check()
    assert check.verdict == "conditional"
    assert check.value == pytest.approx(
        100 * path.break_even_uplift(path.CheckoutCreditAssumptions())
    )


@needs_panel
def test_regions_come_from_the_provinces_table():
    panel = provincial.provincial_panel().drop_duplicates("prov_code").set_index("prov_code")
    assert panel.loc[[11, 65, 21], "region"].tolist() == ["east", "west", "northeast"]


@needs_panel
def test_path_chapter_follows_changed_parameters(tmp_path):
    """Other thresholds, a technology-only index, another seller: the chapter follows them."""
    import nbformat
    from test_notebooks import glued, run_with_parameters

    from conftest import REPO_ROOT

    notebook = REPO_ROOT / "notebooks" / "02_path.ipynb"
    default = glued(nbformat.read(notebook, as_version=4))
    changes = {
        "THRESHOLDS": "(0.4, 0.6, 0.7)",
        "TECHNOLOGY_WEIGHT": "1.0",
        "ANNUAL_SALES_YUAN": "5_000_000",
        "POLICY_YEAR": "2025",
    }
    changed = glued(run_with_parameters(notebook, changes, tmp_path))
    assert changed["policy_year"] == "2025"
    for name in ("n_out_of_order", "wc_traditional_k", "eco_gap", "share_policy_year"):
        assert changed[name] != default[name], name
    assert changed["stage_verdict"] == default["stage_verdict"]  # the ledger's check is fixed
