"""The path chapter's models: adoption scenario, working capital, checkout credit, stage index."""

from __future__ import annotations

import dataclasses
import itertools
import math

import numpy as np
import pandas as pd
import pytest

from ecommod import claims, diffusion, path, provincial


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
        ({"annual_sales_yuan": 0.0}, r"annual_sales_yuan must be above 0"),
        ({"payable_days": -1.0}, r"payable_days must be 0 or more"),
        ({"inventory_days": 0.0}, r"inventory_gap_days must be .*at most inventory_days"),
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
        ({"average_order_yuan": -5.0}, r"average_order_yuan must be above 0"),
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


def test_lead_over_the_year_by_hand():
    # Infrastructure, year means 0.25, 0.6, 0.55, 0.85: province 11 leads by
    # (-0.05 + 0 + 0.15 - 0.05) / 4 = 0.0125, and province 12 trails by as much.
    lead = path.lead_over_the_year(HAND_PANEL)
    assert lead.loc[11, "infrastructure"] == pytest.approx(0.0125)
    assert lead.loc[12, "infrastructure"] == pytest.approx(-0.0125)
    np.testing.assert_allclose(lead.sum(), 0.0, atol=1e-12)  # balanced: leads cancel


def test_calendar_and_provinces_on_a_pure_trend_and_pure_differences():
    panel = HAND_PANEL[["prov_code", "year"]].copy()
    panel["infrastructure"] = (panel["year"] - 2015) / 10  # the same for both provinces
    panel["process"] = np.where(panel["prov_code"] == 11, 0.7, 0.2)  # no trend at all
    panel["ecosystem"] = panel["infrastructure"] + panel["process"]
    shares = path.calendar_and_provinces(panel)
    assert shares.loc["infrastructure", "year"] == pytest.approx(1.0)
    assert shares.loc["process", "province"] == pytest.approx(1.0)
    # Additive trend 0.15 + province gap 0.25 (variances 0.0125 and 0.0625): 1/6 and 5/6.
    assert shares.loc["ecosystem", "year"] == pytest.approx(0.0125 / 0.075)
    assert shares.loc["ecosystem", "province"] == pytest.approx(0.0625 / 0.075)
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)


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


def test_stage_indices_keep_past_values_when_a_year_is_added():
    """Fixed base: bounds and weights come from the base years, so a new year moves nothing."""
    rng = np.random.default_rng(1)
    columns = [c for s in path.STAGES for p in path.STAGE_INDICATORS[s].values() for c in p]
    years = np.tile(np.arange(2015, 2021), 3)
    panel = pd.DataFrame(
        rng.uniform(1, 10, (len(years), len(columns))) + (years[:, None] - 2015),
        columns=columns,
    )
    panel["prov_code"] = np.repeat([11, 12, 13], 6)
    panel["year"] = years
    old = panel[panel["year"] <= 2019]
    before = path.stage_indices(old, base_years=(2015, 2017))
    after = path.stage_indices(panel, base_years=(2015, 2017))
    kept = after[after["year"] <= 2019].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, before, check_exact=False, rtol=0, atol=1e-12)
    assert after.attrs["base_years"] == (2015, 2017)
    base = after[after["year"] <= 2017]
    for stage in path.STAGES:
        assert base[stage].between(0, 1).all()
    # Without a fixed base (the base moves with the panel) the same values change.
    moving_before = path.stage_indices(old, base_years=(2015, 2019))
    moving_after = path.stage_indices(panel, base_years=(2015, 2020))
    moved = moving_after[moving_after["year"] <= 2019].reset_index(drop=True)
    assert not np.allclose(moved["process"], moving_before["process"])
    with pytest.raises(ValueError, match=r"base_years \(2030, 2031\) must cover at least 2"):
        path.stage_indices(panel, base_years=(2030, 2031))


# --- on the real panel, and the ledger's checks ------------------------------------------------

needs_panel = pytest.mark.external("nbs_provincial_ecommerce", "pku_dfiic_province")


@needs_panel
def test_stage_order_check_counts_its_region_by_hand():
    """The share of threshold combinations where the order holds, recounted one classification
    at a time, and the verdict the rule gives it."""
    panel = provincial.provincial_panel()
    assert panel[["prov_code", "year"]].duplicated().sum() == 0
    assert panel["prov_code"].nunique() == 31
    levels = np.linspace(0.3, 0.7, path.THRESHOLD_POINTS)
    holds = []
    for weight in (0.25, 0.5, 0.75):
        stage_index = path.stage_indices(panel, technology_weight=weight)
        for limits in itertools.product(levels, repeat=3):
            classified = path.classify_stages(stage_index, path.StageThresholds(*limits))
            holds.append(classified["out_of_order"].mean() <= path.ORDER_TOLERANCE)
    finding = path.stage_order_check("S41-01")
    assert len(holds) == 375
    assert finding.share_holding == pytest.approx(np.mean(holds))
    at_default = path.classify_stages(path.stage_indices(panel), path.StageThresholds())
    assert finding.estimate == at_default["out_of_order"].sum()
    assert dict((name, (low, high)) for name, low, high in finding.region) == {
        **{stage: (0.3, 0.7) for stage in path.STAGES},
        "technology_weight": (0.25, 0.75),
    }
    # The verdict names the region in a reader's words, not by the fields' identifiers.
    assert finding.region_labels == (
        "infrastructure threshold",
        "process threshold",
        "ecosystem threshold",
        "technology weight",
    )
    assert "technology_weight" not in claims.verdict_reason(finding)
    expected = "contradicted" if not any(holds) else "reproduced" if all(holds) else "conditional"
    assert claims.model_verdict(finding) == expected
    assert path.stage_order_check("S1-16").share_holding == finding.share_holding


def test_inventory_gap_check_by_hand():
    """45 inventory days + 10 settlement - 20 supplier days = a 35-day cycle; 22 fewer days of
    goods at 70% of 10 million yuan a year free 10e6 * 0.7 * 22 / 365 yuan."""
    a = path.WorkingCapitalAssumptions()
    assert (a.inventory_days, a.inventory_gap_days) == (45.0, 22.0)  # the paper's S1-07, S1-18
    finding = path.inventory_gap_check("S1-07")
    assert finding.estimate == pytest.approx(45 + 10 - 20)
    assert f"{10e6 * 0.7 * 22 / 365:,.0f} yuan of working capital" in finding.explanation
    assert finding.set_from_claim  # the 45 days are the claim's own figure
    assert claims.model_verdict(finding) == "illustrated"


def test_supply_chain_finance_check_by_hand():
    sales, cost = 10e6, 7e6
    # After process intelligence (23 inventory days): 10 days of settlement at 8%, then 1 day
    # of settlement at 8%, then 1 day at 5%; working capital in yuan, cost per year.
    before = (cost * 23 + sales * 10 - cost * 20) / 365 * 0.08
    after = (cost * 23 + sales * 1 - cost * 20) / 365 * 0.05
    finding = path.supply_chain_finance_check("S42-02")
    assert finding.estimate == pytest.approx(before - after)
    assert finding.unit == "yuan"
    assert claims.model_verdict(finding) == "illustrated"


def test_checkout_credit_check_restates_the_claim():
    # loss 2% + funding 4% a year over (6 + 1) / 24 years; take-up 30%, margin 25%.
    burden = 0.30 * (0.02 + 0.04 * 7 / 24)
    finding = path.checkout_credit_check("S42-01")
    assert finding.estimate == pytest.approx(100 * burden / (0.25 - burden))
    assert finding.restates_claim
    assert claims.model_verdict(finding) == "illustrated"


def test_break_even_range_is_reached_at_the_corners_of_the_region():
    """Cheapest credit: take-up 10%, loss 0.5%, funding 2% over 3 months, margin 50%; dearest:
    take-up 50%, loss 5%, funding 8% over 12 months, margin 15%."""
    cheap = 0.1 * (0.005 + 0.02 * 4 / 24)
    dear = 0.5 * (0.05 + 0.08 * 13 / 24)
    low, high = path.break_even_range()
    assert low == pytest.approx(cheap / (0.5 - cheap))
    assert high == pytest.approx(dear / (0.15 - dear))


@needs_panel
def test_regions_come_from_the_provinces_table():
    panel = provincial.provincial_panel().drop_duplicates("prov_code").set_index("prov_code")
    assert panel.loc[[11, 65, 21], "region"].tolist() == ["east", "west", "northeast"]


@needs_panel
def test_path_chapter_follows_changed_parameters(tmp_path, kernel_env):
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
    changed = glued(run_with_parameters(notebook, changes, tmp_path, kernel_env))
    assert changed["policy_year"] == "2025"
    for name in ("n_out_of_order", "wc_traditional", "eco_gap", "share_policy_year"):
        assert changed[name] != default[name], name
    assert changed["stage_verdict"] == default["stage_verdict"]  # the ledger's check is fixed


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: path.classify_stages(HAND_PANEL, (0.5, 0.5, 0.5)), "thresholds must be a Stage"),
        (lambda: path.classify_stages(HAND_PANEL.iloc[:0]), "stage_index must have at least one"),
        (
            lambda: path.lead_over_the_year(HAND_PANEL.assign(process=np.nan)),
            r"stage_index\['process'\]\[0\] must be finite",
        ),
        (lambda: path.calendar_and_provinces(HAND_PANEL, ["credit"]), "columns must be one of"),
        (lambda: path.stage_changes(HAND_PANEL), r"classified is missing column\(s\) \['stage'\]"),
        (
            lambda: path.threshold_sensitivity(HAND_PANEL, np.linspace(0, 1, 300)),
            "levels must have",
        ),
        (lambda: path.stage_indices(HAND_PANEL, base_years=(2015.0, 2018)), "base_years must be"),
    ],
)
def test_stage_table_bad_input_names_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()
