"""The §4.4.1 exchange-rate simulation: linear in size, and the new code against the old one.

``simulate_fx_losses`` draws and processes merchant-years in fixed-size chunks (reusing their
memory) and counts, for every sale, the days the rate stays inside the lock's band after receipt,
in one pass over the days of the conversion windows, and takes one exponential per day and path
to price the conversions. The code it replaced (kept below as
:func:`previous_simulate_fx_losses`, the version of 2026-12-01) drew every path at once and
searched a paths × sales × window array, so its time grew faster than the number of
merchant-years. Measured as ratios within one run on one machine:

* time per merchant-year at 100,000 against 2,000 merchant-years (1.0 is linear);
* old time over new time at each size (the speed-up), after checking that both give the same
  losses for the same seed (to :data:`SAME_LOSSES`);
* new time over the time of drawing the same normal shocks alone (the floor no version can beat,
  since the random stream is kept).

Each time is the fastest of :data:`REPEATS` runs, the versions alternated within each repeat, as
wall clock and as processor time (the machine may be shared: processor time is less disturbed by
other work, and the ratios are read from it).

Run from the repository root: python -m benchmarks.bench_cross_border
"""

from __future__ import annotations

import math
import os
import time

import numpy as np
import pandas as pd

from ecommod import cashflow
from ecommod.segments import cross_border

SIZES = (2_000, 20_000, 100_000)
#: Largest difference (fraction of the unit booked) allowed between the losses of the new and the
#: old code for the same seed. The new code divides rates where the old took exponentials of
#: their differences, so the last bits differ (by about 3e-16 for seed 0).
SAME_LOSSES = 1e-12
#: Repeats at each size; the fastest is kept (the least disturbed by other work on the machine).
REPEATS = 3


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


def _largest_difference(new: pd.DataFrame, old: pd.DataFrame) -> float:
    """Largest absolute difference between the losses (fractions) of two simulations, after
    checking that their rows are the same merchant-years and strategies."""
    if not new[["path", "strategy"]].equals(old[["path", "strategy"]]):
        raise AssertionError("the new simulation's rows are not the old one's")
    columns = ["net_loss", "downside_loss"]
    return float(np.abs(new[columns].to_numpy() - old[columns].to_numpy()).max())


def _fastest(versions: dict, n_paths: int) -> dict[str, dict[str, float]]:
    """Per version, the fastest wall-clock and processor seconds of :data:`REPEATS` calls
    ``function(n_paths)``, the versions called in turn in each repeat (so that a change in the
    machine's speed during the run falls on all of them, not on the last)."""
    best = {name: {"wall": math.inf, "cpu": math.inf} for name in versions}
    for _ in range(REPEATS):
        for name, function in versions.items():
            wall, cpu = time.perf_counter(), time.process_time()
            function(n_paths)
            best[name]["wall"] = min(best[name]["wall"], time.perf_counter() - wall)
            best[name]["cpu"] = min(best[name]["cpu"], time.process_time() - cpu)
    return best


def _normal_draws(n_paths: int) -> None:
    """The simulation's random draws alone: the same number of standard normals."""
    horizon = cross_border._shock_days(cross_border.FxAssumptions())
    np.random.default_rng(0).standard_normal((n_paths, horizon))


def main() -> dict:
    new, old = cross_border.simulate_fx_losses, previous_simulate_fx_losses
    new(100)  # warm up imports and caches
    largest_difference = _largest_difference(new(SIZES[0], seed=0), old(SIZES[0], seed=0))
    if largest_difference > SAME_LOSSES:
        raise AssertionError(
            "the new simulation no longer gives the old losses for seed 0: they differ by up to "
            f"{largest_difference:.1e} (tolerance {SAME_LOSSES:.0e})"
        )
    versions = {"new": new, "old": old, "draws": _normal_draws}
    timings = {n: _fastest(versions, n) for n in SIZES}
    small, large = SIZES[0], SIZES[-1]
    per_path = {
        version: (timings[large][version]["cpu"] / large) / (timings[small][version]["cpu"] / small)
        for version in ("new", "old")
    }
    load_average = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"load average {load_average} (1, 5, 15 min); times are the fastest of {REPEATS} runs, "
        "the versions alternated"
    )
    for n, t in timings.items():
        print(
            f"{n:>7,} merchant-years: new {t['new']['cpu']:6.2f} s processor "
            f"({t['new']['wall']:6.2f} s wall), old {t['old']['cpu']:6.2f} s "
            f"({t['old']['wall']:6.2f} s), old / new {t['old']['cpu'] / t['new']['cpu']:4.1f} "
            f"({t['old']['wall'] / t['new']['wall']:4.1f} wall); new / normal draws alone "
            f"{t['new']['cpu'] / t['draws']['cpu']:4.1f}"
        )
    print(
        f"processor time per merchant-year at {large:,} over {small:,}: new "
        f"{per_path['new']:.2f}, old {per_path['old']:.2f} (1.0 is linear); losses for the same "
        f"seed differ by at most {largest_difference:.1e}"
    )
    return {
        "load_average": load_average,
        "seconds": {
            str(n): {v: {k: round(x, 3) for k, x in s.items()} for v, s in t.items()}
            for n, t in timings.items()
        },
        "speedup_old_over_new": {
            str(n): {k: round(t["old"][k] / t["new"][k], 1) for k in ("cpu", "wall")}
            for n, t in timings.items()
        },
        "new_over_normal_draws": {
            str(n): round(t["new"]["cpu"] / t["draws"]["cpu"], 1) for n, t in timings.items()
        },
        "time_per_path_large_over_small": {k: round(v, 2) for k, v in per_path.items()},
        "largest_loss_difference_for_the_same_seed": float(f"{largest_difference:.1e}"),
    }


if __name__ == "__main__":
    main()
