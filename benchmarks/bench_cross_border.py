"""The §4.4.1 exchange-rate simulation: linear in size, and the new code against the old one.

``simulate_fx_losses`` draws and processes merchant-years in fixed-size chunks and finds the
lock's first band crossing in one pass over the days of each conversion window. The code it
replaced (kept below as :func:`previous_simulate_fx_losses`, the version of 2026-12-01) drew
every path at once and searched a paths × sales × window array, so its time grew faster than the
number of merchant-years. Measured as ratios within one run on one machine:

* time per merchant-year at 100,000 against 2,000 merchant-years (1.0 is linear);
* old time over new time at each size (the speed-up), after checking that both give the same
  losses for the same seed.

Run from the repository root: python -m benchmarks.bench_cross_border
"""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd

from ecommod import cashflow
from ecommod.segments import cross_border

SIZES = (2_000, 20_000, 100_000)
#: Repeats at each size; the fastest is kept (the least disturbed by other work on the machine).
REPEATS = 2


def previous_simulate_fx_losses(
    n_paths: int, seed: int = 0, assumptions: cross_border.FxAssumptions | None = None
) -> pd.DataFrame:
    """The simulation as it was before the change, for comparison only (same output columns)."""
    a = cross_border.FxAssumptions() if assumptions is None else assumptions
    lag = int(a.settlement_lag_days)
    last_receipt = a.sales_days - 1 + lag
    horizon = (-(-last_receipt // a.fixed_interval_days) + 1) * a.fixed_interval_days + 1
    rng = np.random.default_rng(seed)
    step = 1 / cashflow.DAYS_PER_YEAR
    shocks = rng.standard_normal((n_paths, horizon))
    increments = (a.drift - a.volatility**2 / 2) * step + a.volatility * math.sqrt(step) * shocks
    log_rates = np.concatenate([np.zeros((n_paths, 1)), np.cumsum(increments, axis=1)], axis=1)
    sales = np.arange(a.sales_days)
    receipt = sales + lag
    fixed = -(-receipt // a.fixed_interval_days) * a.fixed_interval_days
    wait = fixed - receipt
    upper, lower = math.log1p(a.lock_band), math.log1p(-a.lock_band)
    results = {strategy: ([], []) for strategy in cross_border.STRATEGIES}
    for start in range(0, n_paths, 250):
        chunk = log_rates[start : start + 250]
        windows = np.lib.stride_tricks.sliding_window_view(chunk, a.fixed_interval_days, axis=1)
        moves = windows[:, receipt, :] - chunk[:, sales, None]
        crossed = (
            (moves >= upper)
            | (moves <= lower)
            | (np.arange(a.fixed_interval_days) >= wait[:, None])
        )
        days = {
            "on receipt": np.broadcast_to(receipt, (len(chunk), a.sales_days)),
            "fixed date": np.broadcast_to(fixed, (len(chunk), a.sales_days)),
            "rule-based lock": receipt + crossed.argmax(axis=2),
        }
        for strategy, day in days.items():
            converted = np.take_along_axis(chunk, day, axis=1)
            loss = -np.expm1(converted - chunk[:, : a.sales_days])
            results[strategy][0].append(loss.mean(axis=1))
            results[strategy][1].append(np.clip(loss, 0, None).mean(axis=1))
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "path": np.arange(n_paths),
                    "strategy": strategy,
                    "net_loss": np.concatenate(net),
                    "downside_loss": np.concatenate(downside),
                }
            )
            for strategy, (net, downside) in results.items()
        ],
        ignore_index=True,
    )


def _fastest(function, n_paths: int) -> float:
    best = math.inf
    for _ in range(REPEATS):
        start = time.perf_counter()
        function(n_paths, seed=0)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> dict:
    new, old = cross_border.simulate_fx_losses, previous_simulate_fx_losses
    new(100)  # warm up imports and caches
    same = new(SIZES[0], seed=0).equals(old(SIZES[0], seed=0))
    if not same:
        raise AssertionError("the new simulation no longer gives the old losses for seed 0")
    timings = {n: {"new": _fastest(new, n), "old": _fastest(old, n)} for n in SIZES}
    small, large = SIZES[0], SIZES[-1]
    per_path = {
        version: (timings[large][version] / large) / (timings[small][version] / small)
        for version in ("new", "old")
    }
    for n, t in timings.items():
        print(
            f"{n:>7,} merchant-years: new {t['new']:6.2f} s, old {t['old']:6.2f} s, "
            f"old / new {t['old'] / t['new']:5.1f}"
        )
    print(
        f"time per merchant-year at {large:,} over {small:,}: new {per_path['new']:.2f}, "
        f"old {per_path['old']:.2f} (1.0 is linear); same losses for the same seed: {same}"
    )
    return {
        "seconds": {str(n): {k: round(v, 3) for k, v in t.items()} for n, t in timings.items()},
        "speedup_old_over_new": {str(n): round(t["old"] / t["new"], 1) for n, t in timings.items()},
        "time_per_path_large_over_small": {k: round(v, 2) for k, v in per_path.items()},
        "same_losses_for_the_same_seed": same,
    }


if __name__ == "__main__":
    main()
