"""§4.4.2 rural models: known answers worked by hand, behaviour, bad input and the model checks."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from ecommod import claims
from ecommod.segments import rural

FARM = rural.FarmGateAssumptions()
LOANS = rural.RuralLoanAssumptions()
INSURANCE = rural.IndexInsuranceAssumptions()


# --- farm gate to consumer ---------------------------------------------------------------------


def test_waterfall_known_answer():
    # 10 yuan/kg, 25% lost, 35% freight, 20% channel, no premium, 2 yuan/kg to grow:
    # 10 - 2.5 - 0.75 * 3.5 - 0.75 * 2 - 2 = 1.375 yuan per harvested kg.
    steps = rural.farm_gate_steps(FARM, logistics_share=0.35, loss_rate=0.25, premium=0.0)
    assert steps["farmer's net revenue"] == pytest.approx(1.375)
    # After: 10 - 0.8 + 0.92 * 1.5 - 0.92 * 2 - 0.92 * 2 * 1.15 - 2 = 4.624.
    steps = rural.farm_gate_steps(FARM, logistics_share=0.20, loss_rate=0.08, premium=0.15)
    assert steps["farmer's net revenue"] == pytest.approx(4.624)


def test_waterfall_steps_add_up_and_revenue_is_never_negative():
    table = rural.farm_gate_waterfall(FARM).set_index("step")
    assert table.drop("farmer's net revenue").sum().to_numpy() == pytest.approx(
        table.loc["farmer's net revenue"].to_numpy()
    )
    for loss in np.linspace(0, 0.99, 12):
        steps = rural.farm_gate_steps(FARM, logistics_share=1.0, loss_rate=loss, premium=0.0)
        sold_value = (
            steps["value of the harvested kg at the untraced price"]
            + steps["lost between farm gate and consumer"]
        )
        assert sold_value >= 0


@pytest.mark.parametrize("lever", ["logistics_share", "loss_rate"])
def test_net_revenue_rises_as_logistics_cost_or_loss_falls(lever):
    values = {"logistics_share": 0.35, "loss_rate": 0.25, "premium": 0.0}
    nets = []
    for level in (0.3, 0.2, 0.1, 0.0):
        nets.append(
            rural.farm_gate_steps(FARM, **(values | {lever: level}))["farmer's net revenue"]
        )
    assert np.all(np.diff(nets) > 0)


def test_shapley_gains_add_up_to_the_total_change():
    levers = rural.lever_contributions(FARM)
    total = rural.farm_net_revenue(FARM, [n for n, _, _ in rural.LEVERS]) - rural.farm_net_revenue(
        FARM
    )
    assert levers["shapley"].sum() == pytest.approx(total)
    assert levers["share_of_change"].sum() == pytest.approx(1.0)
    assert list(levers["shapley"]) == sorted(levers["shapley"], reverse=True)


def test_higher_premium_gives_more():
    table = rural.premium_sensitivity(FARM, premiums=(0.15, 0.20))
    assert table["gain"].is_monotonic_increasing


def test_farm_gate_bad_input_names_the_parameter():
    with pytest.raises(ValueError, match="loss_rate_after"):
        replace(FARM, loss_rate_after=1.0)
    with pytest.raises(ValueError, match="consumer_price_yuan_per_kg"):
        replace(FARM, consumer_price_yuan_per_kg=0)
    with pytest.raises(ValueError, match="moved"):
        rural.farm_net_revenue(FARM, ["freight"])


# --- order loans -------------------------------------------------------------------------------


def test_working_capital_known_answer():
    # 365,000 yuan a year, 60% paid out first, 30 days: 365,000 * 0.6 * 30 / 365 = 18,000 yuan.
    assert rural.working_capital(365_000, 30, LOANS) == pytest.approx(18_000)


def test_financing_above_the_loan_limit_costs_the_gap_rate():
    sales = 1_000_000 * 365 / (30 * LOANS.cash_cost_share)  # need of exactly 1,000,000 yuan
    cost = rural.financing_cost(sales, 30, LOANS)
    assert cost["covered_by_order_loan"] == pytest.approx(500_000)
    assert cost["above_loan_limit"] == pytest.approx(500_000)
    assert cost["annual_interest"] == pytest.approx(500_000 * 0.06 + 500_000 * 0.15)


def test_shorter_payback_never_costs_more():
    for sales in (1e4, 2e5, 5e6, 5e7):
        costs = [rural.financing_cost(sales, d, LOANS)["annual_interest"] for d in (30, 15, 7, 0)]
        assert np.all(np.diff(costs) <= 0)


def test_sales_at_loan_limit_known_answer():
    assert rural.sales_at_loan_limit(30, LOANS) == pytest.approx(500_000 * 365 / (30 * 0.6))
    assert rural.sales_at_loan_limit(7, LOANS) > rural.sales_at_loan_limit(30, LOANS)


def test_planting_loan_average_and_readings():
    saving = rural.planting_loan_saving(LOANS)
    assert saving["average_loan_yuan"] == pytest.approx(50_000)  # 500 亿元 / 1,000,000 households
    assert saving["relative_saving_yuan"] == pytest.approx(50_000 * 0.08 * 0.2)
    assert saving["points_rate"] < 0


def test_loan_bad_input_names_the_parameter():
    with pytest.raises(ValueError, match="payback_days_after"):
        replace(LOANS, payback_days_after=-1)
    with pytest.raises(ValueError, match="annual_sales_yuan"):
        rural.working_capital(-5, 7, LOANS)


# --- index insurance ---------------------------------------------------------------------------


def test_payout_known_answers_and_never_above_the_sum_insured():
    payout = rural.index_payout([600, 400, 325, 250, 100, 0], INSURANCE)
    assert payout == pytest.approx([0, 0, 0.25, 0.5, 0.5, 0.5])
    simulated = rural.simulate_index_insurance(200, 50, seed=1)
    assert simulated["payout"].max() <= INSURANCE.sum_insured_share
    assert simulated["payout"].min() >= 0


def test_simulation_is_deterministic_for_a_seed():
    first = rural.simulate_index_insurance(50, 20, seed=3)
    assert first.equals(rural.simulate_index_insurance(50, 20, seed=3))
    assert not first.equals(rural.simulate_index_insurance(50, 20, seed=4))


def test_basis_risk_shares_add_up():
    summary = rural.index_insurance_summary(rural.simulate_index_insurance(500, 100, seed=2))
    assert sum(summary[o] for o in rural.BASIS_OUTCOMES) == pytest.approx(1.0)
    assert summary["premium"] == pytest.approx(
        summary["expected_payout"] * (1 + INSURANCE.premium_loading)
    )
    assert summary["loss_rate_insured"] <= summary["loss_rate_uninsured"]


def test_better_index_means_less_basis_risk():
    table = rural.basis_risk_by_correlation([0.2, 0.6, 0.95], 1_000, 100, seed=0)
    assert table["loss_events_without_payout"].is_monotonic_decreasing
    assert table["loss_rate_insured"].is_monotonic_decreasing
    with pytest.raises(ValueError, match="correlations"):
        rural.basis_risk_by_correlation([1.5])


def test_unsubsidised_insurance_does_not_lower_the_mean_loss():
    summary = rural.index_insurance_summary(rural.simulate_index_insurance(500, 100, seed=5))
    assert summary["loss_rate_insured_net"] > summary["loss_rate_uninsured"]


def test_loss_rate_falls_with_coverage():
    summary = rural.index_insurance_summary(rural.simulate_index_insurance(300, 50, seed=0))
    rates = rural.loss_rate_at_coverage(summary, [0, 0.3, 0.55, 1])
    assert np.all(np.diff(rates) <= 0)


def test_loss_rate_after_coverage_known_answers():
    # 30% at 30% coverage: uninsured rate at most 30 / 0.7; at 55% coverage 0.45 * that = 19.29%.
    assert rural.loss_rate_after_coverage(0.30, 0.30, 0.55) == pytest.approx(0.3 * 0.45 / 0.7)
    # Half compensation: underlying 0.3 / 0.85; after 0.8 times that × (1 - 0.275).
    assert rural.loss_rate_after_coverage(
        0.30, 0.30, 0.55, underlying_loss_ratio=0.8, compensated_share=0.5
    ) == pytest.approx(0.3 / 0.85 * 0.8 * 0.725)
    # No compensation: coverage changes nothing.
    assert rural.loss_rate_after_coverage(0.30, 0.30, 0.55, compensated_share=0.0) == pytest.approx(
        0.30
    )


def test_loss_rate_standard_errors_match_the_spread_across_seeds():
    # The Monte Carlo error of one run is close to the spread of the estimate over seeds.
    rates, errors = [], []
    for seed in range(8):
        summary = rural.index_insurance_summary(rural.simulate_index_insurance(200, 50, seed=seed))
        rates.append(rural.loss_rate_at_coverage(summary, [0.55])[0])
        errors.append(rural.loss_rate_at_coverage_se(summary, [0.55])[0])
    assert np.std(rates, ddof=1) == pytest.approx(np.mean(errors), rel=0.6)


def test_insurance_bad_input_names_the_parameter():
    with pytest.raises(ValueError, match="trigger_mm"):
        replace(INSURANCE, trigger_mm=200.0)
    with pytest.raises(ValueError, match="index_yield_correlation"):
        replace(INSURANCE, index_yield_correlation=1.5)
    with pytest.raises(ValueError, match="n_farms"):
        rural.simulate_index_insurance(10, 0)
    with pytest.raises(ValueError, match="coverage"):
        rural.loss_rate_at_coverage({"loss_rate_uninsured": 0.1, "loss_rate_insured": 0.0}, [1.2])


# --- the two loss figures ----------------------------------------------------------------------


def test_two_loss_figures_known_answer():
    table = rural.two_loss_figures().set_index("when")
    assert table.loc["before", "nested_other_loss"] == pytest.approx(1 - 0.70 / 0.75)
    assert table.loc["after", "nested_other_loss"] == pytest.approx(0.0)
    assert table.loc["before", "disjoint_combined_loss"] == pytest.approx(1 - 0.75 * 0.70)
    with pytest.raises(ValueError, match="total_after"):
        rural.two_loss_figures(total_after=1.0)


def test_other_loss_rate_spans_both_readings():
    # counted = 1 is the nested reading, 0 the disjoint one (the total is all other loss).
    assert rural.other_loss_rate(0.30, 0.25, 1.0) == pytest.approx(1 - 0.70 / 0.75)
    assert rural.other_loss_rate(0.30, 0.25, 0.0) == pytest.approx(0.30)
    assert rural.other_loss_rate(0.08, 0.08, 0.5) == pytest.approx(1 - 0.92 / 0.96)


# --- rural credit score ------------------------------------------------------------------------


def test_approval_change_known_answer_in_both_readings():
    table = pd.DataFrame(
        {
            "scorecard": ["collateral", "data"],
            "group": ["rural thin-file"] * 2,
            "approval_rate": [0.40, 0.50],
        }
    )
    change = rural.approval_change(table)
    assert change["relative (%)"] == pytest.approx(25.0)  # 0.50 / 0.40 - 1
    assert change["percentage points"] == pytest.approx(10.0)
    with pytest.raises(ValueError, match="group"):
        rural.approval_change(table, group="urban")


def test_crossings_known_answer():
    assert rural.crossings([0, 1, 2], [0, 50, 0], 25) == pytest.approx([0.5, 1.5])
    assert rural.crossings([0, 1], [0, np.inf], 25) == pytest.approx([0.0])
    assert rural.crossings([0, 1], [0, 10], 25) == []


def test_data_scorecard_discriminates_better_for_thin_files():
    from ecommod import credit

    split = rural.rural_scorecards(credit.simulate_merchants(20_000, seed=1))
    table = rural.rural_credit_approval(split, max_default_rate=0.05)
    auc = table.set_index(["scorecard", "group"])["auc"]
    assert auc["data", "rural thin-file"] > auc["collateral", "rural thin-file"]
    with pytest.raises(ValueError, match="max_default_rate"):
        rural.rural_credit_approval(split, max_default_rate=2.0)


def test_rural_approval_is_decided_on_the_training_sample():
    """The cutoff comes from the training rows: the approval rate equals the share of hold-out
    PDs at or under the training cutoff (computed here by hand), and shuffling the hold-out
    outcomes changes no approval."""
    import dataclasses

    from ecommod import credit

    split = rural.rural_scorecards(credit.simulate_merchants(20_000, seed=1))
    table = rural.rural_credit_approval(split, max_default_rate=0.05).set_index(
        ["scorecard", "group"]
    )
    for name in ("collateral", "data"):
        train_pds, train_defaults = split.train_pds[name], split.train["default"].to_numpy()
        order = np.argsort(train_pds, kind="stable")
        running = np.cumsum(train_defaults[order]) / np.arange(1, len(order) + 1)
        ok = np.flatnonzero(running <= 0.05)
        cutoff = train_pds[order][ok[-1]] if len(ok) else -np.inf
        approved = split.pds[name] <= cutoff
        assert table.loc[(name, "rural"), "approval_rate"] == pytest.approx(
            approved.mean(), abs=2e-3
        )
    shuffled = split.holdout.assign(
        default=np.random.default_rng(0).permutation(split.holdout["default"].to_numpy())
    )
    again = rural.rural_credit_approval(
        dataclasses.replace(split, holdout=shuffled), max_default_rate=0.05
    ).set_index(["scorecard", "group"])
    assert (again["approval_rate"] == table["approval_rate"]).all()


# --- model checks ------------------------------------------------------------------------------


def test_claim_sourced_defaults_are_the_paper_figures():
    # S442-04 35% -> 20%, S442-05 25% -> 8%, S442-08 15%, S442-26 50 万元, S442-27 30 -> 7 days,
    # S442-25 20%, S442-28 30% -> 55%.
    assert (FARM.logistics_share_before, FARM.logistics_share_after) == pytest.approx((0.35, 0.2))
    assert (FARM.loss_rate_before, FARM.loss_rate_after) == pytest.approx((0.25, 0.08))
    assert FARM.premium_after == pytest.approx(0.15)
    assert LOANS.order_loan_limit_yuan == pytest.approx(500_000)
    assert (LOANS.payback_days_before, LOANS.payback_days_after) == (30, 7)
    assert LOANS.planting_cost_reduction == pytest.approx(0.2)
    assert (INSURANCE.coverage_before, INSURANCE.coverage_after) == pytest.approx((0.3, 0.55))


@pytest.mark.parametrize(
    ("check", "claim_id", "estimate"),
    [
        # Net revenue 1.375 -> 4.624 yuan/kg (test_waterfall_known_answer): +236.3%.
        (rural.farm_gate_check, "S442-04", 100 * (4.624 / 1.375 - 1)),
        (rural.farm_gate_check, "S442-08", 100 * (4.624 / 1.375 - 1)),
        (rural.order_loan_check, "S442-27", 30 - 7),
        # 500,000 yuan × 365 / (30 days × 60%) = 1,013.9 万元.
        (rural.loan_limit_check, "S442-26", 50 * 365 / (30 * 0.6)),
        (rural.planting_loan_check, "S442-25", 8 * 0.8),  # 8% a year cut by a fifth
    ],
)
def test_checks_that_illustrate_the_claims_own_figures(check, claim_id, estimate):
    finding = check(claim_id)
    assert finding.claim_id == claim_id
    assert finding.estimate == pytest.approx(estimate)
    assert finding.set_from_claim and claims.model_verdict(finding) == "illustrated"


def test_coverage_check_reports_its_monte_carlo_error():
    finding = rural.coverage_check()
    assert "Monte Carlo standard errors" in finding.explanation
    assert 0 < finding.estimate < 100 * INSURANCE.sum_insured_share
    assert claims.model_verdict(finding) == "illustrated"


def test_coverage_cannot_bring_the_loss_rate_to_8_percent():
    # Best case (full compensation) needs underlying losses at 8 / 19.29 = 0.41 times their
    # earlier level; the plausible region goes down to 0.6, giving 0.6 × 19.29 = 11.6% at best.
    finding = rural.loss_rate_from_coverage_check()
    assert finding.estimate == pytest.approx(100 * 0.3 * 0.45 / 0.7)
    assert finding.share_holding == 0.0
    assert claims.model_verdict(finding) == "contradicted"
    assert "0.41 times" in finding.explanation and "11.6%" in finding.explanation
    # Were a fall to 0.4 times plausible, the rule would find the claim conditional.
    low = rural.loss_rate_after_coverage(0.30, 0.30, 0.55, underlying_loss_ratio=0.4)
    assert 100 * low <= 8.5


def test_two_loss_figures_hold_unless_the_30_percent_counts_all_spoilage():
    finding = rural.two_loss_figures_check()
    # 11 grid points of the overlap 0..1; only the last (counted = 1) leaves no other loss.
    assert finding.share_holding == pytest.approx(10 / 11)
    assert claims.model_verdict(finding) == "conditional"
    assert finding.estimate == pytest.approx(100 * (1 - 0.92 / 0.96))


def test_credit_check_illustrates_on_an_assumed_population():
    finding = rural.credit_approval_check()
    assert "the simulated merchant population" in finding.assumed
    assert claims.model_verdict(finding) == "illustrated"
    assert math.isfinite(finding.estimate) and finding.estimate > 0


def test_approval_rise_by_seed_gives_one_row_a_population():
    table = rural.approval_rise_by_seed((1, 2), n_merchants=20_000, max_default_rate=0.05)
    assert list(table["seed"]) == [1, 2]
    assert table["percentage points"].to_numpy() == pytest.approx(
        100 * (table["after"] - table["before"]).to_numpy()
    )
    assert ((table["auc_data"] > 0.5) & (table["auc_data"] < 1)).all()
    assert table["after"].nunique() == 2  # different populations, different results


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: rural.simulated_rural_scorecards([2000]), r"n_merchants must be a whole number"),
        (lambda: rural.simulated_rural_scorecards(2000, -1), r"seed must be a whole number"),
        (lambda: rural.approval_rise_by_seed([0, 1.5], n_merchants=2000), r"seeds\[1\] must be"),
        (
            lambda: rural.rural_credit_approval(
                rural.simulated_rural_scorecards(2000), max_default_rate=0.0
            ),
            "max_default_rate must be above 0",
        ),
        (lambda: rural.approval_change(pd.DataFrame({"group": []})), r"table is missing column"),
    ],
)
def test_bad_credit_input_names_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()
