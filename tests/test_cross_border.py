"""§4.4.1 cross-border models: collection costs and exchange-rate strategies."""

from __future__ import annotations

import math

import nbformat
import numpy as np
import pytest

from ecommod import claims
from ecommod.segments import cross_border as cb

# --- collection and settlement costs ----------------------------------------------------------


def test_collection_cost_known_answer():
    # 365,000 yuan a year: fees 2% = 7,300; 10 days outstanding = 10,000 yuan, at 5% = 500.
    assert cb.collection_cost(365_000, 0.02, 10, 0.05) == pytest.approx(7_800)


def test_collection_cost_falls_as_fees_and_days_fall():
    gmv = np.array([1e5, 1e6, 1e7])
    high = cb.collection_cost(gmv, 0.08, 7, 0.06)
    lower_fee = cb.collection_cost(gmv, 0.03, 7, 0.06)
    fewer_days = cb.collection_cost(gmv, 0.08, 1, 0.06)
    assert np.all(lower_fee < high) and np.all(fewer_days < high)
    assert np.all(np.diff(high) > 0)  # a bigger merchant pays more


def test_settlement_savings_known_answer_and_shape():
    params = cb.SettlementAssumptions()
    table = cb.settlement_savings([1_000_000, 10_000_000], params)
    assert list(table["route"].unique()) == list(cb.ROUTES)
    wallet = table[table["route"] == "local e-wallet"].set_index("gmv_yuan")
    # Fees 5% -> 3% (the smallest cut of 5%~8% -> 2%~3%) of 1,000,000 = 20,000; 6 days at 6%:
    # 1,000,000 × 6/365 × 0.06.
    assert wallet.loc[1_000_000, "fee_saving_yuan"] == pytest.approx(20_000)
    assert wallet.loc[1_000_000, "float_saving_yuan"] == pytest.approx(1e6 * 6 / 365 * 0.06)
    # Everything is proportional to GMV: the share of profit does not depend on size.
    assert wallet["saving_share_of_profit"].nunique() == 1
    assert (table["saving_yuan"] >= 0).all()


def test_settlement_savings_rise_with_the_fee_cut():
    small_cut = cb.settlement_savings([1e6], cb.SettlementAssumptions(wallet_fee_after=0.05))
    big_cut = cb.settlement_savings([1e6], cb.SettlementAssumptions(wallet_fee_after=0.02))
    route = small_cut["route"] == "local e-wallet"
    assert (big_cut.loc[route, "saving_yuan"] > small_cut.loc[route, "saving_yuan"]).all()


def test_break_even_cost_of_capital():
    # A 1-point fee cut equals 73 days of float at 5% a year: 0.01 × 365 / 73 = 0.05.
    assert cb.break_even_cost_of_capital(0.01, 73) == pytest.approx(0.05)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: cb.collection_cost([1e6, -1], 0.02, 1, 0.05), "gmv_yuan[1]"),
        (lambda: cb.collection_cost(1e6, 5, 1, 0.05), "fee_rate"),
        (lambda: cb.collection_cost(1e6, 0.02, -1, 0.05), "settlement_days"),
        (lambda: cb.SettlementAssumptions(wallet_fee_before=6.5), "wallet_fee_before"),
        (lambda: cb.SettlementAssumptions(net_margin=0), "net_margin"),
        (lambda: cb.SettlementAssumptions(reference_gmv_yuan=0), "reference_gmv_yuan"),
        (lambda: cb.break_even_cost_of_capital(0.01, 0), "days_saved"),
    ],
)
def test_bad_cost_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name.replace("[", r"\[").replace("]", r"\]")):
        call()


# --- exchange-rate risk -----------------------------------------------------------------------


def _flat(days: int) -> np.ndarray:
    return np.zeros((1, days))


def test_conversion_days_known_answer():
    params = cb.FxAssumptions(settlement_lag_days=2, fixed_interval_days=5, sales_days=4)
    # A rate that jumps 2% on day 4: the lock (band 1%) converts there, before the fixed date.
    log_rates = _flat(16)
    log_rates[0, 4:] = math.log(1.02)
    days = cb.conversion_days(log_rates, params)
    np.testing.assert_array_equal(days["on receipt"][0], [2, 3, 4, 5])
    np.testing.assert_array_equal(days["fixed date"][0], [5, 5, 5, 5])
    # Sales 0-3 booked at 1.00 cross the band on day 4; sale 4 would not (booked at 1.02).
    np.testing.assert_array_equal(days["rule-based lock"][0], [4, 4, 4, 5])


def _random_log_rates(params, n_paths=50, seed=1):
    return cb._log_rates_by_day(np.random.default_rng(seed), n_paths, 420, params).T


def test_lock_never_converts_after_the_fixed_date():
    params = cb.FxAssumptions(volatility=0.08)
    days = cb.conversion_days(_random_log_rates(params), params)
    assert np.all(days["rule-based lock"] <= days["fixed date"])
    assert np.all(days["rule-based lock"] >= days["on receipt"])


def _lock_days_by_loop(log_rates, params):
    """The lock's rule written as a plain loop: the first day from receipt to the fixed date
    (excluded) on which the rate has moved the band away from its booking rate."""
    lag, interval = int(params.settlement_lag_days), params.fixed_interval_days
    upper, lower = math.log1p(params.lock_band), math.log1p(-params.lock_band)
    days = np.empty((log_rates.shape[0], params.sales_days), dtype=int)
    for path, rates in enumerate(log_rates):
        for sale in range(params.sales_days):
            receipt = sale + lag
            fixed = -(-receipt // interval) * interval
            days[path, sale] = next(
                (
                    day
                    for day in range(receipt, fixed)
                    if rates[day] - rates[sale] >= upper or rates[day] - rates[sale] <= lower
                ),
                fixed,
            )
    return days


@pytest.mark.parametrize(
    "changes",
    [{}, {"fixed_interval_days": 7, "lock_band": 0.004}, {"settlement_lag_days": 0}],
)
def test_lock_days_equal_the_rule_written_as_a_loop(changes):
    params = cb.FxAssumptions(volatility=0.08, sales_days=60, **changes)
    log_rates = _random_log_rates(params, n_paths=6)
    np.testing.assert_array_equal(
        cb.conversion_days(log_rates, params)["rule-based lock"],
        _lock_days_by_loop(log_rates, params),
    )


def test_simulation_does_not_depend_on_the_chunk_size():
    # The first merchant-years of a larger run are the same merchant-years (one random stream
    # drawn path after path), whatever the number of paths handled at once.
    small = cb.simulate_fx_losses(300, seed=5)
    large = cb.simulate_fx_losses(700, seed=5)
    large = large[large["path"] < 300].reset_index(drop=True)
    small = small.sort_values(["strategy", "path"]).reset_index(drop=True)
    large = large.sort_values(["strategy", "path"]).reset_index(drop=True)
    assert small.equals(large)


@pytest.mark.parametrize("paths_per_chunk", [7, 1_000])
def test_simulation_does_not_depend_on_how_many_paths_are_drawn_at_once(
    monkeypatch, paths_per_chunk
):
    # 300 paths in chunks of 7 (a short last chunk, memory reused 43 times) or in one chunk give
    # the merchant-years of the default chunking.
    default = cb.simulate_fx_losses(300, seed=2)
    monkeypatch.setattr(cb, "_PATHS_PER_CHUNK", paths_per_chunk)
    assert cb.simulate_fx_losses(300, seed=2).equals(default)


@pytest.mark.parametrize("side", [1, -1])
def test_a_move_of_exactly_the_band_converts_and_one_just_inside_does_not(side):
    # Booked at 0 (log rate); from day 2 the rate is exactly the band away (converted on receipt),
    # or the next float towards the booking rate (kept to the fixed date).
    params = cb.FxAssumptions(settlement_lag_days=2, fixed_interval_days=5, sales_days=1)
    edge = math.log1p(side * params.lock_band)
    for move, expected in ((edge, 2), (np.nextafter(edge, 0.0), 5)):
        log_rates = _flat(11)
        log_rates[0, 1:] = move
        assert cb.conversion_days(log_rates, params)["rule-based lock"][0, 0] == expected


def test_zero_volatility_and_drift_means_no_loss():
    losses = cb.simulate_fx_losses(5, assumptions=cb.FxAssumptions(volatility=0.0))
    assert np.allclose(losses[["net_loss", "downside_loss"]], 0)


def test_simulation_is_deterministic_and_labelled():
    first = cb.simulate_fx_losses(20, seed=3)
    second = cb.simulate_fx_losses(20, seed=3)
    assert first.equals(second)
    assert set(first["strategy"]) == set(cb.STRATEGIES)
    assert (first["downside_loss"] >= 0).all()
    assert (first["downside_loss"] >= first["net_loss"] - 1e-15).all()


def test_lock_cuts_mean_downside_loss_against_fixed_dates_without_drift():
    # A stopping rule that converts no later than the fixed date cannot raise the expected
    # downside loss of a driftless rate (a submartingale stopped earlier), and on-receipt
    # conversion, the earliest stop, has the lowest.
    losses = cb.simulate_fx_losses(600, seed=0, assumptions=cb.FxAssumptions(lock_band=0.005))
    means = losses.groupby("strategy")["downside_loss"].mean()
    assert means["on receipt"] < means["rule-based lock"] < means["fixed date"]
    assert cb.mean_loss_reduction(losses) > 0


def test_smaller_band_cuts_more():
    def cut(band):
        params = cb.FxAssumptions(lock_band=band)
        return cb.mean_loss_reduction(cb.simulate_fx_losses(300, assumptions=params))

    assert cut(0.0025) > cut(0.01) > cut(0.04) - 1e-3


def test_loss_reduction_per_year():
    losses = cb.simulate_fx_losses(50)
    per_year = cb.loss_reduction(losses)
    assert len(per_year) == 50 and per_year.index.name == "path"
    assert np.all(cb.loss_reduction(losses, strategy="fixed date") == 0)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: cb.FxAssumptions(volatility=-0.1), "volatility"),
        (lambda: cb.FxAssumptions(lock_band=0.9), "lock_band"),
        (lambda: cb.FxAssumptions(fixed_interval_days=0), "fixed_interval_days"),
        (lambda: cb.FxAssumptions(settlement_lag_days=1.5), "settlement_lag_days"),
        (lambda: cb.simulate_fx_losses(0), "n_paths"),
        (lambda: cb.loss_reduction(cb.simulate_fx_losses(2), baseline="monthly"), "baseline"),
        (lambda: cb.conversion_days(_flat(10), cb.FxAssumptions()), "log_rates"),
    ],
)
def test_bad_fx_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# --- ledger checks ----------------------------------------------------------------------------


def test_the_settlement_defaults_are_the_paper_figures():
    # S441-08 5%~8% -> 2%~3% (smallest cut: 5% -> 3%), S441-09 7 -> 1 days, S441-15 0.5% ->
    # 0.1%, S441-16 T+3 -> T+0, as written in the paper.
    params = cb.SettlementAssumptions()
    assert (params.wallet_fee_before, params.wallet_fee_after) == pytest.approx((0.05, 0.03))
    assert (params.wallet_days_before, params.wallet_days_after) == (7, 1)
    assert (params.dcep_cost_before, params.dcep_cost_after) == pytest.approx((0.005, 0.001))
    assert (params.dcep_days_before, params.dcep_days_after) == (3, 0)


@pytest.mark.parametrize(
    ("check", "claim_id", "estimate"),
    [
        (cb.check_wallet_fees, "S441-08", (2 + 6) / 2),  # cuts of 5-3 and 8-2 points
        (cb.check_dcep_cost, "S441-15", 0.4),  # 0.5 - 0.1 points
        (cb.check_wallet_settlement, "S441-09", 6),  # 7 - 1 days
        (cb.check_dcep_settlement, "S441-16", 3),  # 3 - 0 days
    ],
)
def test_cost_checks_illustrate_the_claims_own_figures(check, claim_id, estimate):
    finding = check(claim_id)
    assert finding.claim_id == claim_id and finding.estimate == pytest.approx(estimate)
    assert finding.set_from_claim  # the fees and days are the claim's: nothing is tested
    assert claims.model_verdict(finding) == "illustrated"


def test_wallet_fee_check_gives_the_yuan_of_both_ends_of_the_ranges():
    # 5,000,000 yuan of GMV: a cut of 2 points saves 100,000 yuan, of 6 points 300,000 yuan.
    text = cb.check_wallet_fees().explanation
    assert "100,000–300,000 yuan" in text


def test_float_value_over_the_plausible_costs_of_capital():
    # 6 days of 5,000,000 yuan a year = 82,192 yuan outstanding; at 3% and 20%: 2,466 and 16,438.
    text = cb.check_wallet_settlement().explanation
    assert "82,192" in text and "2,466–16,438" in text


def test_mean_loss_reduction_se_known_answer():
    # Two merchant-years, lock losses (1, 3), fixed-date losses (2, 2): ratio 1, residuals
    # a - b = (-1, 1), sd 1.414..., se = 1.414 / sqrt(2) / 2 = 0.5.
    losses = _losses_table(lock=[1.0, 3.0], fixed=[2.0, 2.0])
    assert cb.mean_loss_reduction(losses) == pytest.approx(0.0)
    assert cb.mean_loss_reduction_se(losses) == pytest.approx(0.5)


def test_mean_loss_reduction_se_matches_the_spread_across_seeds():
    # The delta-method error of one run is close to the standard deviation of the cut over
    # independent seeds (within the sampling error of 8 seeds, about 25%).
    params = cb.FxAssumptions(lock_band=0.005)
    cuts, errors = [], []
    for seed in range(8):
        losses = cb.simulate_fx_losses(300, seed=seed, assumptions=params)
        cuts.append(cb.mean_loss_reduction(losses))
        errors.append(cb.mean_loss_reduction_se(losses))
    assert np.std(cuts, ddof=1) == pytest.approx(np.mean(errors), rel=0.6)


def _losses_table(*, lock, fixed):
    import pandas as pd

    rows = []
    for strategy, values in (("rule-based lock", lock), ("fixed date", fixed)):
        rows += [
            {"path": i, "strategy": strategy, "net_loss": v, "downside_loss": v}
            for i, v in enumerate(values)
        ]
    return pd.DataFrame(rows)


def test_fx_check_is_a_region_finding_over_the_plausible_parameters():
    finding = cb.check_fx_lock()
    names = [name for name, _, _ in finding.region]
    assert names == list(cb.FX_REGION)
    for name, low, high in finding.region:
        declared = cb.FxAssumptions.__dataclass_fields__[name].metadata["plausible"]
        assert (low, high) == pytest.approx(declared[:2])
    # The claim is reached in part of the region, not all of it: conditional.
    assert 0 < finding.share_holding < 1
    assert claims.model_verdict(finding) == "conditional"


def test_fx_region_narrow_bands_cut_most():
    params = cb.FxAssumptions()
    grid = claims.plausible_grid(params, ("lock_band", "volatility"), 3)
    region = cb.fx_loss_reduction_region(grid, n_paths=200, assumptions=params)
    for _, by_band in region.groupby("volatility"):
        ordered = by_band.sort_values("lock_band")["mean_reduction"]
        assert ordered.iloc[0] == ordered.max()
    # A lock that never fires (wide band, low volatility) changes nothing, without error.
    fires = region["mean_reduction"].abs() > 1e-6
    assert (region.loc[fires, "mean_reduction_se"] > 0).all()
    assert (region["mean_reduction_se"] >= 0).all()


def test_fx_region_refuses_an_unknown_parameter():
    import pandas as pd

    with pytest.raises(ValueError, match="grid"):
        cb.fx_loss_reduction_region(pd.DataFrame({"band": [0.01]}))


# --- the chapter follows its parameters cell --------------------------------------------------


def test_segments_chapter_follows_changed_parameters(tmp_path, kernel_env):
    """A weakening foreign currency and dearer capital: the chapter runs and its prose follows."""
    from test_notebooks import glued, run_with_parameters

    from conftest import REPO_ROOT

    path = REPO_ROOT / "notebooks" / "03_segments.ipynb"
    default = glued(nbformat.read(path, as_version=4))
    changed = glued(
        run_with_parameters(
            path, {"FX_DRIFT": "-0.05", "COST_OF_CAPITAL": "0.2"}, tmp_path, kernel_env
        )
    )
    assert changed["fx_drift_pct"] == "-5.0" and changed["cost_of_capital_pct"] == "20.0"
    assert changed["fx_net_reading"].startswith("With a drift of -5.0% a year")
    for name in ("fx_mean_cut", "fx_share_worse", "wallet_float_pct", "region_reading"):
        assert changed[name] != default[name], name
    # Directions are computed from the numbers: at -5% drift the lock still cuts the loss, and
    # 20% capital is far below the break-even rate at which the days would match the fee cut.
    assert float(changed["fx_mean_cut"]) > 0 and changed["fx_mean_cut_verb"] == "cuts"
    assert changed["settlement_weight_reading"].startswith("The fee is what matters")


def test_segments_chapter_checks_its_parameters_first(tmp_path, kernel_env):
    """A volatility of 200% stops the chapter in the cell after the parameters, in one line that
    names the parameter as the parameters cell spells it."""
    from nbclient.exceptions import CellExecutionError
    from test_notebooks import run_with_parameters

    from conftest import REPO_ROOT

    path = REPO_ROOT / "notebooks" / "03_segments.ipynb"
    with pytest.raises(CellExecutionError) as failure:
        run_with_parameters(path, {"FX_VOLATILITY": "2.0"}, tmp_path, kernel_env)
    message = str(failure.value)
    assert "ParameterError: FX_VOLATILITY must be between 0.005 and 0.3" in message
    assert "got 2.0 (change it in the parameters cell)" in message
    assert "validate.notebook_parameters()" in message  # raised by the checking cell


def test_settlement_savings_refuses_a_merchant_without_sales():
    # Its saving's share of profit would be 0 / 0.
    with pytest.raises(ValueError, match="gmv_yuan must be above 0"):
        cb.settlement_savings([5e6, 0.0])
