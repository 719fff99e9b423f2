"""ecommod.logic: known answers, monotonicity, bounds and named errors for the §3 models."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from ecommod import claims, logic, provincial

# --- FX rule -----


def test_fx_rule_without_any_volatility_is_riskless_and_never_triggers():
    """Known answer: no FX or business risk, so no default and the lender earns rate − funding."""
    calm = logic.FxLoanAssumptions(calm_volatility=0.0, stressed_share=0.0, business_volatility=0.0)
    outcome = logic.fx_rule_outcome(calm, n_loans=1_000)
    assert outcome["trigger_share"] == 0
    assert outcome["default_fixed"] == outcome["default_rule"] == 0
    assert outcome["lender_excess_fixed"] == pytest.approx(calm.loan_rate - calm.funding_cost)
    assert outcome["lender_excess_rule"] == pytest.approx(outcome["lender_excess_fixed"])


def test_fx_rule_always_triggered_cuts_the_lenders_return_by_the_cut():
    """Known answer: with every loan triggered and no default, return falls by the cut."""
    turbulent = logic.FxLoanAssumptions(
        stressed_share=1.0, stressed_volatility=0.5, business_volatility=0.0, cash_buffer=1.0
    )
    outcome = logic.fx_rule_outcome(turbulent, n_loans=2_000)
    assert outcome["trigger_share"] == 1
    assert outcome["default_fixed"] == 0
    assert outcome["lender_excess_fixed"] - outcome["lender_excess_rule"] == pytest.approx(
        turbulent.rate_cut / 100
    )


def test_a_larger_rate_cut_lowers_default_and_the_lenders_return():
    grid = logic.fx_rule_grid(thresholds=[0.05], rate_cuts=[0.0, 2.0, 4.0], n_loans=20_000)
    assert grid["default_rule"].is_monotonic_decreasing
    assert grid["lender_excess_rule"].is_monotonic_decreasing
    assert not grid.loc[grid["rate_cut"] == 0, "balanced"].item(), "no cut changes nothing"


def test_fx_rule_is_deterministic_for_a_seed():
    first = logic.fx_rule_outcome(n_loans=5_000, seed=3)
    assert first.equals(logic.fx_rule_outcome(n_loans=5_000, seed=3))


@pytest.mark.parametrize(
    ("field", "value"),
    [("threshold", -0.01), ("stressed_share", 1.5), ("loan_rate", 0.0), ("window_days", 1)],
)
def test_fx_assumptions_refuse_bad_values_naming_them(field, value):
    with pytest.raises(ValueError, match=field):
        logic.FxLoanAssumptions(**{field: value})


def test_fx_rate_cut_cannot_exceed_the_rate():
    with pytest.raises(ValueError, match="rate_cut"):
        logic.FxLoanAssumptions(loan_rate=0.05, rate_cut=6.0)


def test_fx_outcome_refuses_a_bad_size():
    with pytest.raises(ValueError, match="n_loans"):
        logic.fx_rule_outcome(n_loans=0)
    with pytest.raises(ValueError, match="seed"):
        logic.fx_rule_outcome(n_loans=10, seed=-1)


# --- verified collateral -----


def test_pledge_risk_by_hand():
    """f = 0.1, d = 0.5, PD·LGD = 0.05, PD_fault·LGD_fault = 1:
    (0.9·0.05 + 0.1·0.5·1) / (1 − 0.05) = 0.095 / 0.95 = 0.1."""
    a = logic.PledgeAssumptions(
        probability_of_default=0.1,
        loss_given_default=0.5,
        title_fault_share=0.1,
        fault_default_probability=1.0,
        loss_given_fault=1.0,
    )
    assert logic.pledge_risk(a, 0.5)[()] == pytest.approx(0.1)


def test_pledge_risk_reduction_bounds_and_monotonicity():
    detection = np.linspace(0, 1, 11)
    reduction = logic.pledge_risk_reduction(chain_detection=detection)
    assert np.all(np.diff(reduction) > 0)
    at_manual = logic.pledge_risk_reduction(
        chain_detection=logic.PledgeAssumptions().manual_detection
    )
    assert at_manual[()] == pytest.approx(0.0)
    assert logic.pledge_risk_reduction(title_fault_share=0.0)[()] == pytest.approx(0.0)
    no_sound_loss = logic.PledgeAssumptions(probability_of_default=0.0)
    assert logic.pledge_risk_reduction(no_sound_loss, chain_detection=1.0)[()] == pytest.approx(1)


def test_pledge_refuses_shares_outside_unit_interval():
    with pytest.raises(ValueError, match="title_fault_share"):
        logic.PledgeAssumptions(title_fault_share=1.2)
    with pytest.raises(ValueError, match="chain_detection"):
        logic.pledge_risk_reduction(chain_detection=[0.5, -0.1])


# --- order loans -----


def test_a_perfect_forecast_loses_nothing():
    risk = logic.order_loan_risk(logic.OrderLoanAssumptions(forecast_accuracy=1.0), n_orders=100)
    assert risk["error_sd"] == 0 and risk["expected_loss"] == 0


def test_order_loan_loss_grows_as_accuracy_falls():
    losses = [
        logic.order_loan_risk(logic.OrderLoanAssumptions(forecast_accuracy=acc), n_orders=50_000)[
            "expected_loss"
        ]
        for acc in (0.95, 0.9, 0.8, 0.7)
    ]
    assert np.all(np.diff(losses) > 0)


def test_error_sd_matches_the_accuracy():
    """E|ε| = σ·sqrt(2/π) = 1 − accuracy for a normal error."""
    risk = logic.order_loan_risk(n_orders=10)
    assert risk["error_sd"] * math.sqrt(2 / math.pi) == pytest.approx(0.08)


def test_order_loan_refuses_bad_inputs():
    with pytest.raises(ValueError, match="advance_rate"):
        logic.OrderLoanAssumptions(advance_rate=1.5)
    with pytest.raises(ValueError, match="term_years"):
        logic.OrderLoanAssumptions(term_years=0)


# --- IoT incentive and adoption -----


def test_iot_credit_line_by_hand():
    line = logic.iot_credit_line()
    assert line["credit_line_after_yuan"] == pytest.approx(65_000)
    assert line["compliance_needed_relative"] == pytest.approx(0.72)
    assert line["compliance_needed_points"] == pytest.approx(0.80)


def test_adoption_without_imitation_is_exponential():
    """Known answer with q = 0: a(t) = 1 − e^(−p t), so t(0.15 → 0.40) = ln(0.85 / 0.60) / p."""
    a = logic.IotIncentiveAssumptions(imitation=0.0, innovation=0.1)
    assert logic.years_to_adoption(a)[()] == pytest.approx(math.log(0.85 / 0.60) / 0.1)


def test_incentive_needed_reaches_the_target_in_the_horizon():
    a = logic.IotIncentiveAssumptions()
    horizons = np.array([1.0, 2.0, 3.0, 100.0])
    needed = logic.incentive_needed(a, horizons)
    assert needed[-1] == 0, "diffusion alone is fast enough over a century"
    assert np.all(np.diff(needed) <= 0), "a longer horizon never needs a stronger incentive"
    reached = logic.years_to_adoption(a, incentive_effect=needed[:-1])
    np.testing.assert_allclose(reached, horizons[:-1], rtol=1e-6)


def test_adoption_path_starts_at_the_start_and_meets_the_target_on_time():
    a = logic.IotIncentiveAssumptions()
    years = logic.years_to_adoption(a, incentive_effect=0.02)[()]
    path = logic.adoption_path(a, np.array([0.0, years]), incentive_effect=0.02)
    np.testing.assert_allclose(path, [a.start_adoption, a.target_adoption], rtol=1e-9)
    assert np.all(np.diff(logic.adoption_path(a, np.linspace(0, 20, 50))) > 0)


def test_adoption_refuses_a_target_below_the_start():
    with pytest.raises(ValueError, match="target_adoption"):
        logic.IotIncentiveAssumptions(start_adoption=0.4, target_adoption=0.15)
    with pytest.raises(ValueError, match="incentive_effect"):
        logic.years_to_adoption(incentive_effect=-0.1)


# --- supply-chain finance -------------------------------------------------------------------------


def test_receivables_financing_by_hand():
    table = logic.receivables_financing().set_index("arrangement")
    advanced = 0.8 * 1_000_000
    guaranteed = table.loc["core guarantee, paper checks"]
    assert guaranteed["working_capital_yuan"] == pytest.approx(advanced)
    assert guaranteed["financing_cost_yuan"] == pytest.approx(advanced * 0.05 * 90 / 365)
    own = table.loc["supplier's own credit"]
    assert own["lender_expected_loss_yuan"] == pytest.approx(advanced * 0.45 * 0.05 * 90 / 365)
    assert (
        table.loc["core guarantee + logistics data", "lender_expected_loss_yuan"]
        < guaranteed["lender_expected_loss_yuan"]
    )


def test_receivables_refuse_negative_amounts():
    with pytest.raises(ValueError, match="receivables_yuan"):
        logic.SupplyChainAssumptions(receivables_yuan=-1.0)


# --- the provincial panel -----


def synthetic_sources(n_provinces: int = 8, years=range(2015, 2021), effect: float = 0.5, seed=0):
    """Finance, e-commerce and province tables shaped like the real ones, with a known
    elasticity ``effect`` of e-commerce sales with respect to the finance index."""
    rng = np.random.default_rng(seed)
    keys = pd.MultiIndex.from_product([range(11, 11 + n_provinces), years], names=["prov", "yr"])
    frame = keys.to_frame(index=False).rename(columns={"prov": "prov_code", "yr": "year"})
    n = len(frame)
    log_finance = 5 + 0.1 * (frame["year"] - 2015) + rng.normal(0, 0.2, n)
    province_effect = frame["prov_code"].map(
        dict(zip(range(11, 11 + n_provinces), rng.normal(0, 1, n_provinces), strict=True))
    )
    year_effect = 0.05 * (frame["year"] - 2015)
    log_sales = 8 + effect * log_finance + province_effect + year_effect + rng.normal(0, 0.01, n)
    finance = frame.assign(
        index_aggregate=np.exp(log_finance),
        coverage_breadth=rng.uniform(100, 400, n),
        usage_depth=rng.uniform(100, 400, n),
        digitization_level=rng.uniform(100, 500, n),
    )
    ecommerce = frame.assign(
        computers_per_100_persons=rng.uniform(10, 60, n),
        websites_per_100_firms=rng.uniform(30, 60, n),
        firms_with_ec_trading=rng.integers(1_000, 20_000, n),
        firms_with_ec_share_pct=rng.uniform(5, 20, n),
        ec_sales_100m_yuan=np.exp(log_sales),
        ec_purchases_100m_yuan=np.exp(log_sales) / 2,
        mobile_internet_users_10k=rng.uniform(1_000, 9_000, n),
        mobile_internet_traffic_10k_gb=rng.uniform(10_000, 900_000, n),
    )
    provinces = pd.DataFrame(
        {
            "prov_code": range(11, 11 + n_provinces),
            "prov_name_eng": [f"P{i}" for i in range(n_provinces)],
            "region": [provincial.REGIONS[i % 4] for i in range(n_provinces)],
        }
    )
    return finance, ecommerce, provinces


def test_assemble_panel_keeps_shared_years_and_derives_intensities():
    finance, ecommerce, provinces = synthetic_sources()
    extra = finance[finance["year"] == 2020].assign(year=2021)
    panel = provincial.assemble_panel(pd.concat([finance, extra]), ecommerce, provinces)
    assert sorted(panel["year"].unique()) == list(range(2015, 2021))
    row = panel.iloc[0]
    assert row["ec_sales_per_firm_10k_yuan"] == pytest.approx(
        row["ec_sales_100m_yuan"] * 10_000 / row["firms_with_ec_trading"]
    )
    assert list(panel["region"].cat.categories) == list(provincial.REGIONS)


def test_assemble_panel_names_mismatched_provinces():
    finance, ecommerce, provinces = synthetic_sources()
    with pytest.raises(ValueError, match="only in finance"):
        provincial.assemble_panel(finance, ecommerce[ecommerce["prov_code"] != 12], provinces)
    with pytest.raises(ValueError, match=r"no region for province code\(s\) \[18\]"):
        provincial.assemble_panel(finance, ecommerce, provinces[provinces["prov_code"] != 18])
    with pytest.raises(ValueError, match="ecommerce must have at least one row"):
        provincial.assemble_panel(finance, ecommerce.iloc[:0], provinces)
    with pytest.raises(ValueError, match="share no year"):
        provincial.assemble_panel(finance.assign(year=1990), ecommerce, provinces)


def test_coupling_is_bounded_and_classified():
    panel = provincial.assemble_panel(*synthetic_sources())
    coupled, weights = logic.coupling_panel(panel)
    for column in ("u_finance", "u_technology", "C", "T", "D"):
        assert coupled[column].between(0, 1).all(), column
    assert weights.groupby("subsystem")["weight"].sum().to_numpy() == pytest.approx([1, 1])
    assert coupled["level"].notna().all()
    with pytest.raises(ValueError, match="panel must have at least one row"):
        logic.coupling_panel(panel.iloc[:0])


def test_coupling_keeps_past_values_when_a_year_is_added_and_shows_both_models():
    finance, ecommerce, provinces = synthetic_sources(years=range(2015, 2022))
    full = provincial.assemble_panel(finance, ecommerce, provinces)
    short = full[full["year"] <= 2020].reset_index(drop=True)
    before, _ = logic.coupling_panel(short, base_years=(2015, 2018))
    after, _ = logic.coupling_panel(full, base_years=(2015, 2018))
    kept = after[after["year"] <= 2020].reset_index(drop=True)
    for column in ("u_finance", "u_technology", "C", "D", "C_modified", "D_modified"):
        np.testing.assert_allclose(kept[column], before[column], rtol=0, atol=1e-12)
    # Modified coupling never exceeds the traditional one (a property of the two formulas).
    base = after[after["year"] <= 2018]
    assert (base["C_modified"] <= base["C"] + 1e-12).all()
    shares = logic.coupling_decomposition(base)
    np.testing.assert_allclose(shares.sum(axis=1), 1.0)
    assert list(shares.columns) == ["period", "unit", "residual"]


def _panel_ols(frame, terms):
    """linearmodels' PanelOLS with entity and time effects: an independent implementation."""
    from linearmodels.panel import PanelOLS

    indexed = frame.assign(
        prov_code=frame["prov_code"].astype(int), year=frame["year"].astype(int)
    ).set_index(["prov_code", "year"])
    return PanelOLS(
        indexed["log_ec_sales"], indexed[list(terms)], entity_effects=True, time_effects=True
    ).fit(cov_type="clustered", cluster_entity=True)


def test_fixed_effects_recover_a_known_elasticity_and_match_panel_ols():
    panel = provincial.assemble_panel(*synthetic_sources(n_provinces=12, effect=0.5))
    estimate = logic.fixed_effects(panel, draws=999)
    assert estimate.coefficient == pytest.approx(0.5, abs=0.05)
    reference = _panel_ols(logic._regression_frame(panel, 0), ["finance"])
    assert estimate.coefficient == pytest.approx(reference.params["finance"], rel=1e-8)
    # CR1 with the dummies counted: statsmodels' cluster-robust OLS on explicit dummies.
    import statsmodels.api as sm

    frame = logic._regression_frame(panel, 0)
    dummies = pd.get_dummies(
        frame[["prov_code", "year"]].astype(int).astype(str), drop_first=True, dtype=float
    )
    design = sm.add_constant(pd.concat([frame[["finance"]], dummies], axis=1))
    fit = sm.OLS(frame["log_ec_sales"], design).fit(
        cov_type="cluster", cov_kwds={"groups": frame["prov_code"].astype(int)}
    )
    assert estimate.std_error == pytest.approx(fit.bse["finance"], rel=1e-8)
    assert estimate.n_provinces == 12
    # The interval uses t with G - 1 = 11 degrees of freedom: half-width t(0.975, 11) · se.
    assert (estimate.ci_high - estimate.ci_low) / 2 == pytest.approx(2.200985 * estimate.std_error)
    assert estimate.wild_p_value < 0.01
    # Within-province variation: what is left after province and year effects.
    assert 0 < estimate.within_sd < estimate.pooled_sd
    assert estimate.absorbed_share == pytest.approx(
        1 - (estimate.within_sd / estimate.pooled_sd) ** 2
    )
    lagged = logic.fixed_effects(panel, lag=1, draws=99)
    assert lagged.n_obs == estimate.n_obs - 12


def test_a_lag_reads_the_year_before_the_panel_from_the_history():
    finance, ecommerce, provinces = synthetic_sources(n_provinces=6)
    panel = provincial.assemble_panel(finance, ecommerce, provinces)
    earlier = finance[finance["year"] == 2015].assign(year=2014, index_aggregate=100.0)
    history = pd.concat([finance, earlier])
    frame = logic._regression_frame(panel, 1, history)
    assert len(frame) == len(panel)
    first = frame[frame["year"] == 2015]
    second = frame[frame["year"] == 2016]
    # Centred log finance: differences between rows are differences of the logged lag.
    assert (first["finance"] - first["finance"].iloc[0]).abs().max() == pytest.approx(0)
    expected = np.log(finance.set_index(["prov_code", "year"])["index_aggregate"])
    got = second.set_index("prov_code")["finance"] - first.set_index("prov_code")["finance"]
    want = expected.xs(2015, level="year") - np.log(100.0)
    np.testing.assert_allclose(got.to_numpy(), want.loc[got.index].to_numpy())


def test_wild_cluster_bootstrap_matches_refitting_every_draw():
    """Known case: the same Rademacher draws, each bootstrap sample refitted with statsmodels
    (cluster-robust CR1 t): the vectorised p-value and t must equal the brute-force ones."""
    import statsmodels.api as sm

    rng = np.random.default_rng(5)
    g, per = 6, 10
    clusters = np.repeat(np.arange(g), per)
    controls = np.column_stack([np.ones(g * per), rng.normal(size=g * per)])
    x = rng.normal(size=g * per) + 0.5 * controls[:, 1]
    y = 0.3 * x + controls @ [1.0, -0.5] + rng.normal(size=g * per) + rng.normal(size=g)[clusters]
    draws = 199
    t_hat, p_value, error = logic.wild_cluster_bootstrap(
        y, x, controls, clusters, draws=draws, seed=3
    )

    def cluster_t(outcome):
        fit = sm.OLS(outcome, np.column_stack([x, controls])).fit(
            cov_type="cluster", cov_kwds={"groups": clusters}
        )
        return fit.tvalues[0]

    assert t_hat == pytest.approx(cluster_t(y), rel=1e-9)
    restricted = sm.OLS(y, controls).fit()
    weights = np.random.default_rng(3).choice((-1.0, 1.0), size=(draws, g))
    brute = np.array(
        [cluster_t(restricted.fittedvalues + w[clusters] * restricted.resid) for w in weights]
    )
    # With 6 clusters draws repeat and tie with |t| (all +1 reproduces the data): ties count.
    assert p_value == pytest.approx((np.abs(brute) >= abs(t_hat) * (1 - 1e-9)).mean())
    assert error == pytest.approx(np.sqrt(p_value * (1 - p_value) / draws))
    with pytest.raises(ValueError, match="collinear"):
        logic.wild_cluster_bootstrap(y, controls[:, 1], controls, clusters, draws=99)
    with pytest.raises(ValueError, match="at least 2 groups"):
        logic.wild_cluster_bootstrap(y, x, controls, np.zeros(g * per), draws=99)


def test_synergy_reports_the_interaction_with_its_interval():
    panel = provincial.assemble_panel(*synthetic_sources(n_provinces=12))
    estimates = logic.synergy(panel, draws=99)
    assert set(estimates) == {"finance", "technology", "finance_x_technology"}
    interaction = estimates["finance_x_technology"]
    assert interaction.ci_low <= interaction.coefficient <= interaction.ci_high
    terms = ["finance", "technology", "finance_x_technology"]
    reference = _panel_ols(logic._regression_frame(panel, 0), terms)
    for term in terms:
        assert estimates[term].coefficient == pytest.approx(reference.params[term], abs=1e-8)


def test_fixed_effects_refuse_a_negative_lag():
    panel = provincial.assemble_panel(*synthetic_sources())
    with pytest.raises(ValueError, match="lag"):
        logic.fixed_effects(panel, lag=-1)


@pytest.mark.external("pku_dfiic_province", "nbs_provincial_ecommerce")
def test_real_panel_has_31_provinces_in_every_shared_year():
    panel = provincial.provincial_panel()
    assert panel.groupby("year")["prov_code"].nunique().eq(31).all()
    assert panel["region"].notna().all()


# --- ledger checks -----


def test_the_rule_and_its_defaults_come_from_the_ledger():
    """The 5% / 2 pp rule, the 92% and the 15% → 40% are read from the ledger, not retyped."""
    fx, order, iot = (
        logic.FxLoanAssumptions(),
        logic.OrderLoanAssumptions(),
        logic.IotIncentiveAssumptions(),
    )
    assert (fx.threshold, fx.rate_cut) == (
        pytest.approx(claims.ledger_value("S312-01", "fraction")),
        pytest.approx(claims.ledger_value("S312-02", "pp")),
    )
    assert order.forecast_accuracy == pytest.approx(claims.ledger_value("S313-01", "fraction"))
    assert (iot.start_adoption, iot.target_adoption) == (
        pytest.approx(claims.ledger_value("S313-04", "fraction", "baseline_value")),
        pytest.approx(claims.ledger_value("S313-04", "fraction")),
    )


def _balanced_by_hand(assumptions, grid):
    return np.array(
        [
            logic.fx_rule_balanced(
                logic.fx_rule_outcome(
                    replace(assumptions, **row), n_loans=logic.FX_GRID_LOANS, seed=0
                )
            )
            for row in grid.to_dict("records")
        ]
    )


@pytest.mark.parametrize(
    ("check", "claim_id", "names"),
    [
        (logic.fx_threshold_check, "S312-01", ("calm_volatility", "stressed_volatility")),
        (logic.fx_rate_cut_check, "S312-02", ("loan_rate", "funding_cost")),
    ],
)
def test_fx_checks_evaluate_the_paper_rule_over_the_plausible_region(check, claim_id, names):
    """The share is recomputed point by point; the claimed rule is evaluated, not scanned (the
    region never contains the threshold or the cut)."""
    finding = check(claim_id)
    assert [name for name, _, _ in finding.region] == list(names)
    assert "rate_cut" not in names and "threshold" not in names
    a = logic.FxLoanAssumptions()
    grid = claims.plausible_grid(a, names, logic.FX_GRID_POINTS)
    holds = _balanced_by_hand(a, grid)
    assert finding.share_holding == pytest.approx(holds.mean())
    assert 0 < finding.share_holding < 1
    assert claims.model_verdict(finding) == "conditional"
    # At the stated ends the answer is known in direction: a calm regime above the threshold
    # makes the rule cut every loan, which the lender cannot afford at its default margin.
    expensive = replace(a, calm_volatility=0.08, stressed_volatility=0.2)
    outcome = logic.fx_rule_outcome(expensive, n_loans=20_000)
    assert outcome["trigger_share"] > 0.9
    assert not logic.fx_rule_balanced(outcome)


def test_pledge_check_share_is_the_share_of_grid_points_within_the_claim():
    finding = logic.pledge_risk_check("S312-03")
    a = logic.PledgeAssumptions()
    grid = claims.plausible_grid(a, logic.PLEDGE_DRIVERS, logic.PLEDGE_GRID_POINTS)
    # Independent: the closed form EL = [(1-f)·PD·LGD + f·(1-d)·PDf·LGDf] / (1 - f·d), point
    # by point.
    f, m, c = (grid[name].to_numpy() for name in logic.PLEDGE_DRIVERS)

    def el(d):
        sound = (1 - f) * a.probability_of_default * a.loss_given_default
        return (sound + f * (1 - d) * a.fault_default_probability * a.loss_given_fault) / (
            1 - f * d
        )

    cuts = 1 - el(c) / el(m)
    assert finding.share_holding == pytest.approx((np.abs(cuts - 0.40) <= 0.005).mean())
    assert finding.estimate == pytest.approx(float(logic.pledge_risk_reduction(a)[()]) * 100)
    assert claims.model_verdict(finding) == "conditional"


def test_checks_whose_inputs_are_the_claims_own_figures_are_illustrated():
    for check, claim_id in (
        (logic.order_loan_check, "S313-01"),
        (logic.iot_credit_check, "S313-02"),
        (logic.iot_credit_check, "S313-03"),
        (logic.iot_adoption_check, "S313-04"),
    ):
        finding = check(claim_id)
        assert finding.set_from_claim, claim_id
        assert claims.model_verdict(finding) == "illustrated", claim_id
    # Hand values: 60% compliance × 1.2 = 72%; a 30% uplift of the line is 30% of it.
    assert logic.iot_credit_check("S313-02").estimate == pytest.approx(72.0)
    assert logic.iot_credit_check("S313-03").estimate == pytest.approx(30.0)
    # Diffusion alone in the horizon stays below the target the incentive must reach.
    adoption = logic.iot_adoption_check("S313-04")
    assert 15 < adoption.estimate < 40
    order = logic.order_loan_check("S313-01")
    low, high = order.interval
    assert low < order.estimate < high and high - low < 0.05


def test_pledge_region_contains_only_rates_that_give_forty_percent():
    """The detection rates the check names give 40% ± 0.5 and their neighbours do not."""
    reductions = logic.pledge_risk_reduction(chain_detection=logic.DETECTION_GRID)
    inside = np.abs(reductions - 0.40) <= 0.005
    assert inside.any() and not inside.all()
    assert logic.pledge_risk_reduction(replace(logic.PledgeAssumptions(), chain_detection=1.0))[
        ()
    ] == pytest.approx(reductions[-1])


# --- the chapter ---------------------------------------------------------------


@pytest.mark.external("pku_dfiic_province", "nbs_provincial_ecommerce")
def test_logic_chapter_follows_changed_parameters(tmp_path, kernel_env):
    """A student's changes: another rule, a smaller population, a two-year lag; prose follows."""
    import nbformat
    from test_notebooks import glued, run_with_parameters

    from conftest import REPO_ROOT

    path = REPO_ROOT / "notebooks" / "01_logic.ipynb"
    default = glued(nbformat.read(path, as_version=4))
    changes = {
        "FX_THRESHOLD": "0.08",
        "FX_RATE_CUT": "1.0",
        "N_MERCHANTS": "20_000",
        "FINANCE_LAG_YEARS": "2",
        "ADOPTION_HORIZON_YEARS": "6.0",
    }
    changed = glued(run_with_parameters(path, changes, tmp_path, kernel_env))
    assert (changed["fx_threshold_pct"], changed["fx_cut_pp"]) == ("8.0", "1.0")
    assert (changed["n_merchants"], changed["finance_lag"]) == ("20,000", "2 years")
    for name in ("fx_excess_rule_pct", "approval_data_pct", "incentive_needed"):
        assert changed[name] != default[name], name
    # The ledger's checks use the paper's rule, whatever the notebook's parameters.
    assert changed["s312_01_basis"] == default["s312_01_basis"]


def test_every_indicator_has_a_distinct_reader_label():
    indicators = {*logic.FINANCE_INDICATORS, *logic.TECHNOLOGY_INDICATORS}
    assert indicators <= set(logic.INDICATOR_LABELS)
    labels = [logic.INDICATOR_LABELS[name] for name in indicators]
    assert len(set(labels)) == len(labels)
    assert not [label for label in labels if "_" in label]


def test_logic_chapter_stops_at_once_on_a_bad_parameter():
    """The issue's late error: MAX_DEFAULT_RATE = 2.0 now stops the chapter in the cell right
    after the parameters, in one line that names the parameter as the student wrote it."""
    import re

    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    from conftest import REPO_ROOT

    path = REPO_ROOT / "notebooks" / "01_logic.ipynb"
    notebook = nbformat.read(path, as_version=4)
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    cell.source, count = re.subn(
        r"^MAX_DEFAULT_RATE = [^#\n]*", "MAX_DEFAULT_RATE = 2.0  ", cell.source, flags=re.M
    )
    assert count == 1
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    with pytest.raises(CellExecutionError):
        client.execute()
    failed = [
        index
        for index, c in enumerate(notebook.cells)
        if any(o.get("output_type") == "error" for o in c.get("outputs", []))
    ]
    assert failed == [notebook.cells.index(cell) + 1]
    error = notebook.cells[failed[0]].outputs[-1]
    assert error.ename == "ParameterError"
    assert error.traceback == [
        "ParameterError: MAX_DEFAULT_RATE must be between 0.01 and 0.2 (a fraction: 5% is 0.05), "
        "got 2.0 (change it in the parameters cell)"
    ]
