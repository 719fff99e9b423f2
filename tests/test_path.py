"""The path chapter's models: diffusion fits, working capital, checkout credit, stage index."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest

from ecommod import claims, data, path, provincial


def _simulated_share(model: str, parameters, years, *, noise: float, seed: int) -> pd.Series:
    rng = np.random.default_rng(seed)
    if model == "logistic":
        clean = path.logistic_share(years, *parameters)
    else:
        clean = path.bass_share(years, *parameters, path.DiffusionAssumptions().bass_launch_year)
    return pd.Series(clean + rng.normal(0.0, noise, len(years)), index=pd.Index(years))


# --- diffusion ---------------------------------------------------------------------------------


def test_curves_known_values():
    assert path.logistic_share([2020], 40.0, 0.5, 2020.0)[0] == pytest.approx(20.0)
    assert path.bass_share([2003, 2002], 50.0, 0.01, 0.4, 2003)[0] == 0.0
    assert path.bass_share([2002], 50.0, 0.01, 0.4, 2003)[0] == 0.0  # before launch
    assert path.bass_share([2200], 50.0, 0.01, 0.4, 2003)[0] == pytest.approx(50.0)
    # One year after launch: F(1) = (1 - e^{-(p+q)}) / (1 + (q/p) e^{-(p+q)}).
    decay = math.exp(-0.41)
    expected = 50.0 * (1 - decay) / (1 + 40.0 * decay)
    assert path.bass_share([2004], 50.0, 0.01, 0.4, 2003)[0] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("model", "truth"),
    [("logistic", (40.0, 0.35, 2018.0)), ("bass", (40.0, 0.004, 0.35))],
)
def test_fit_recovers_known_parameters_from_a_simulated_curve(model, truth):
    years = np.arange(2005, 2031)
    share = _simulated_share(model, truth, years, noise=0.2, seed=1)
    fit = path.fit_diffusion(share, model)
    estimates = fit.estimates
    for name, value in zip(path.DIFFUSION_PARAMETERS[model], truth, strict=True):
        assert estimates.loc[name, "lower"] <= value <= estimates.loc[name, "upper"], name
    assert estimates.loc["saturation", "estimate"] == pytest.approx(40.0, abs=1.0)
    assert fit.rmse < 0.3
    assert fit.at_bound == ()


def test_profile_contains_the_true_saturation_and_bottoms_out_near_it():
    years = np.arange(2005, 2025)  # past the midpoint, short of the ceiling
    share = _simulated_share("logistic", (40.0, 0.35, 2018.0), years, noise=0.2, seed=2)
    profile = path.saturation_profile(share, "logistic", np.arange(36.0, 60.0, 0.5))
    best = profile.loc[profile["residual_ss"].idxmin(), "saturation"]
    assert best == pytest.approx(40.0, abs=1.0)
    low, high, bounded = path.saturation_range(profile)
    assert low <= 40.0 <= high and bounded


def test_a_short_early_series_leaves_saturation_unbounded():
    """Before the inflection the data cannot tell a ceiling of 40 from one of 90."""
    years = np.arange(2005, 2014)  # the simulated curve's midpoint is 2018
    share = _simulated_share("logistic", (40.0, 0.35, 2018.0), years, noise=0.2, seed=3)
    profile = path.saturation_profile(share, "logistic", np.arange(10.0, 91.0, 5.0))
    low, high, bounded = path.saturation_range(profile)
    assert high == 90.0 and not bounded


def test_bass_continuation_follows_the_curve_it_starts_on():
    saturation, p, q, launch = 50.0, 0.01, 0.4, 2003
    now = path.bass_share([2015], saturation, p, q, launch)[0]
    ahead = np.array([0.0, 1.0, 5.0])
    expected = path.bass_share(2015 + ahead, saturation, p, q, launch)
    np.testing.assert_allclose(path.bass_continuation(now, saturation, p, q, ahead), expected)


def test_adoption_scenario_neutral_and_faster():
    years = np.arange(2005, 2024)
    share = _simulated_share("bass", (40.0, 0.004, 0.35), years, noise=0.1, seed=4)
    fit = path.fit_diffusion(share, "bass")
    same = path.adoption_scenario(fit, path.AdoptionScenario(2023, 1.0, 1.0, 2030))
    np.testing.assert_allclose(same["gap_pp"], 0.0, atol=1e-9)
    faster = path.adoption_scenario(fit, path.AdoptionScenario(2023, 3.0, 1.2, 2030))
    assert (faster["gap_pp"].iloc[1:] > 0).all()
    assert faster.index[0] == 2023 and faster.index[-1] == 2030
    with pytest.raises(ValueError, match="fit must be a Bass fit"):
        path.adoption_scenario(path.fit_diffusion(share, "logistic"))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: path.fit_diffusion(s, "gompertz"), r"model must be one of"),
        (lambda s: path.fit_diffusion(s.iloc[:3], "logistic"), r"at least 4 observed years"),
        (lambda s: path.fit_diffusion(s * 10, "logistic"), r"share\[\d+\] must be finite"),
        (lambda s: path.saturation_profile(s, "bass", [5.0]), r"saturations\[0\] must be"),
        (lambda s: path.bass_continuation(60.0, 50.0, 0.01, 0.3, [1]), r"share_now must be"),
        (lambda s: path.bass_continuation(10.0, 50.0, 0.0, 0.3, [1]), r"innovation must be > 0"),
        (
            lambda s: path.fit_diffusion(s, "bass", path.DiffusionAssumptions(2018)),
            r"bass_launch_year must be between 1900 and 2015",
        ),
        (
            lambda s: path.fit_diffusion(
                s, "logistic", path.DiffusionAssumptions(max_saturation=15.0)
            ),
            r"max_saturation must be between 20 and 100",
        ),
    ],
)
def test_diffusion_bad_input_names_the_parameter(call, message):
    share = pd.Series([10.0, 12.0, 15.0, 18.0, 20.0], index=range(2016, 2021))
    with pytest.raises(ValueError, match=message):
        call(share)


# --- working capital ---------------------------------------------------------------------------


def test_cash_conversion_cycle_and_working_capital_by_hand():
    assert path.cash_conversion_cycle(45, 10, 20) == 35.0
    # 365 yuan of sales a year = 1 yuan a day, goods at half: 0.5 * (10 - 4) + 1 * 2 = 5 yuan.
    assert path.working_capital(365.0, 0.5, 10, 2, 4) == pytest.approx(5.0)
    np.testing.assert_allclose(path.cash_conversion_cycle([45, 23], [10, 1], [20, 20]), [35, 4])


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


def test_working_capital_arrays_name_bad_elements():
    with pytest.raises(ValueError, match=r"inventory_days\[1\]"):
        path.cash_conversion_cycle([1, -2], [0, 0], [0, 0])


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
    with pytest.raises(ValueError, match="base must select at least 2 rows"):
        path.stage_indices(panel, base_years=(2030, 2031))


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
