"""Benchmarks of the logic chapter: vectorised code beside a straightforward row-by-row version.

Two measurements, each as a ratio within one run on one machine (wall-clock seconds depend on the
machine; the ratio is what to compare between runs):

1. Simulating and scoring merchants: ``credit.simulate_merchants`` at 1,000,000 merchants, a
   data-driven scorecard fitted on them and every merchant scored (target: under 10 s). Drawing
   and scoring (without the fit, which a loop would not redo per row) are set against a plain
   Python loop that draws and scores one merchant at a time from the same equations; the loop
   runs on a subsample and the ratio compares seconds per merchant.
2. Coupling coordination: ``indices.normalise``, ``entropy_weights``, ``composite_index`` and
   ``coupling_coordination`` on a synthetic panel, against loops over rows and indicators, on the
   same data (the two results are checked to agree).

The machine may be shared, so each side is timed by processor time (``time.process_time``, which
another process's load does not inflate as much as it does the wall clock) and by wall clock, the
vectorised and loop runs alternate (a burst of load falls on both) and each keeps its best of
:data:`REPEATS`. Both ratios are printed with the load average before and after. Numerical
libraries run on one thread (``threadpoolctl``, installed with the pinned requirements), as the
loop does: processor time then measures work, not threads waiting for each other.

Run from the repository root: python -m benchmarks.bench_logic
"""

from __future__ import annotations

import math
import os
import random
import time

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from ecommod import credit, indices

MERCHANTS = 1_000_000
LOOP_MERCHANTS = 20_000
PANEL_ROWS = 200_000
LOOP_PANEL_ROWS = 20_000
INDICATORS = 4
#: Each side of a comparison keeps the best of this many runs (the fit at 1,000,000 rows runs once).
REPEATS = 5


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def merchants_row_by_row(n: int, scorecard: credit.Scorecard, seed: int = 0) -> list[float]:
    """Draw and score ``n`` merchants one at a time (the equations of simulate_merchants)."""
    a = credit.MerchantAssumptions()
    rng = random.Random(seed)
    intercept = credit._intercept_for_mean(a.base_default_rate, a.risk_dispersion)
    coefficients = scorecard.coefficients.to_numpy()
    scores = []
    for _ in range(n):
        risk = rng.gauss(0, 1)

        def signal(loading, risk=risk):
            return loading * risk + math.sqrt(1 - loading**2) * rng.gauss(0, 1)

        rural = rng.random() < a.rural_share
        thin = rng.random() < (a.thin_file_share_rural if rural else a.thin_file_share_urban)
        has_collateral = rng.random() < a.collateral_share
        collateral = (
            a.collateral_median_yuan * math.exp(0.8 * signal(a.collateral_loading))
            if has_collateral
            else 0.0
        )
        history = 0.0 if thin else round(1 + 6 * _logistic(signal(a.history_loading)), 1)
        median = a.sales_median_yuan * (a.rural_sales_factor if rural else 1.0)
        iot = rural and rng.random() < a.iot_adoption_rural
        row = {
            "collateral_yuan": collateral,
            "leverage": _logistic(-0.5 + 0.8 * signal(a.leverage_loading)),
            "credit_history_years": history,
            "annual_sales_yuan": median * math.exp(a.sales_dispersion * signal(a.sales_loading)),
            "order_volatility": 0.3 * math.exp(0.5 * signal(a.volatility_loading)),
            "return_rate": _logistic(-2.9 + 0.5 * signal(a.return_loading)),
            "feedback_score": _logistic(2.5 + 0.6 * signal(a.feedback_loading)),
            "inventory_turnover_days": 30 * math.exp(0.4 * signal(a.turnover_loading)),
            "on_time_delivery": _logistic(2.0 + 0.6 * signal(a.delivery_loading)),
            "iot_quality": _logistic(1.5 - 0.8 * signal(a.iot_loading)) if iot else 0.0,
        }
        _ = rng.random() < _logistic(intercept + a.risk_dispersion * risk)  # default draw
        link = coefficients[0]
        for j, name in enumerate(scorecard.features):
            value = math.log1p(row[name]) if name in credit.LOG_FEATURES else row[name]
            link += coefficients[j + 1] * (value - scorecard.means[j]) / scorecard.scales[j]
        scores.append(_logistic(link))
    return scores


def coupling_row_by_row(finance: list[list[float]], technology: list[list[float]]) -> list[float]:
    """Coordination D of every row by loops: min-max, entropy weights, index, C, T, D."""

    def subsystem(rows: list[list[float]]) -> list[float]:
        n, k = len(rows), len(rows[0])
        low = [min(r[j] for r in rows) for j in range(k)]
        high = [max(r[j] for r in rows) for j in range(k)]
        normal = [[(r[j] - low[j]) / (high[j] - low[j]) for j in range(k)] for r in rows]
        divergence = []
        for j in range(k):
            total = sum(r[j] for r in normal)
            entropy = 0.0
            for r in normal:
                share = r[j] / total
                if share > 0:
                    entropy -= share * math.log(share)
            divergence.append(1 - entropy / math.log(n))
        weights = [d / sum(divergence) for d in divergence]
        return [sum(w * v for w, v in zip(weights, r, strict=True)) for r in normal]

    coordination = []
    for u1, u2 in zip(subsystem(finance), subsystem(technology), strict=True):
        coupling = 2 * math.sqrt(u1 * u2) / (u1 + u2) if u1 + u2 > 0 else 0.0
        coordination.append(math.sqrt(coupling * (0.5 * u1 + 0.5 * u2)))
    return coordination


def coupling_vectorised(finance: pd.DataFrame, technology: pd.DataFrame) -> pd.Series:
    levels = []
    for frame in (finance, technology):
        normal = indices.normalise(frame)
        levels.append(indices.composite_index(normal, indices.entropy_weights(normal)))
    return indices.coupling_coordination(*levels)["D"]


def _timed(function, *args) -> tuple[float, float, object]:
    """Wall-clock and processor seconds of one call, and its result."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return time.perf_counter() - wall, time.process_time() - cpu, result


def _alternating(runs: dict[str, tuple], repeats: int = REPEATS) -> dict[str, dict]:
    """Run each ``name: (function, *args)`` of ``runs`` in turn, ``repeats`` rounds; per name the
    best wall-clock and the best processor seconds, and the last result."""
    best = {name: {"wall": math.inf, "cpu": math.inf} for name in runs}
    for _ in range(repeats):
        for name, (function, *args) in runs.items():
            wall, cpu, best[name]["result"] = _timed(function, *args)
            best[name]["wall"] = min(best[name]["wall"], wall)
            best[name]["cpu"] = min(best[name]["cpu"], cpu)
    return best


def _comparison(vectorised: dict, rows: int, loop: dict, loop_rows: int) -> dict:
    """Seconds of each side and the ratio of the loop's seconds per row to the vectorised one's,
    by processor time and by wall clock."""
    return {
        "vectorised_rows": rows,
        "vectorised_cpu_seconds": vectorised["cpu"],
        "vectorised_wall_seconds": vectorised["wall"],
        "loop_rows": loop_rows,
        "loop_cpu_seconds": loop["cpu"],
        "loop_wall_seconds": loop["wall"],
        "ratio_cpu": (loop["cpu"] / loop_rows) / (vectorised["cpu"] / rows),
        "ratio_wall": (loop["wall"] / loop_rows) / (vectorised["wall"] / rows),
    }


def _simulate_and_score(n: int, scorecard: credit.Scorecard) -> np.ndarray:
    return scorecard.predict(credit.simulate_merchants(n))


def _measure() -> dict:
    results = {}
    merchants = credit.simulate_merchants(MERCHANTS)
    fit_wall, fit_cpu, scorecard = _timed(credit.fit_scorecard, merchants, credit.DATA_FEATURES)
    del merchants  # the runs below draw their own
    best = _alternating(
        {
            "vectorised": (_simulate_and_score, MERCHANTS, scorecard),
            "loop": (merchants_row_by_row, LOOP_MERCHANTS, scorecard),
        }
    )
    results["merchants: simulate + fit + score"] = {
        "vectorised_rows": MERCHANTS,
        "vectorised_cpu_seconds": best["vectorised"]["cpu"] + fit_cpu,
        "vectorised_wall_seconds": best["vectorised"]["wall"] + fit_wall,
    }
    results["merchants: simulate + score"] = _comparison(
        best["vectorised"], MERCHANTS, best["loop"], LOOP_MERCHANTS
    )

    rng = np.random.default_rng(0)
    finance = pd.DataFrame(rng.lognormal(size=(PANEL_ROWS, INDICATORS))).add_prefix("f")
    technology = pd.DataFrame(rng.lognormal(size=(PANEL_ROWS, INDICATORS))).add_prefix("t")
    small_f, small_t = finance.iloc[:LOOP_PANEL_ROWS], technology.iloc[:LOOP_PANEL_ROWS]
    best = _alternating(
        {
            "vectorised": (coupling_vectorised, finance, technology),
            "loop": (
                coupling_row_by_row,
                small_f.to_numpy().tolist(),
                small_t.to_numpy().tolist(),
            ),
        }
    )
    np.testing.assert_allclose(
        best["loop"]["result"], coupling_vectorised(small_f, small_t), rtol=1e-9
    )
    results["coupling"] = _comparison(best["vectorised"], PANEL_ROWS, best["loop"], LOOP_PANEL_ROWS)
    return results


def main() -> dict:
    load_before = os.getloadavg()
    with threadpool_limits(limits=1):
        results = _measure()
    load_after = os.getloadavg()
    table = pd.DataFrame(results).T
    print(table.to_string(float_format=lambda v: f"{v:,.2f}", na_rep=""))
    print(
        f"load average (1, 5, 15 min) before {load_before[0]:.2f} {load_before[1]:.2f} "
        f"{load_before[2]:.2f}, after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}; "
        f"numerical libraries on 1 thread; best of {REPEATS} alternating runs"
    )
    results["load_average_before"] = load_before
    results["load_average_after"] = load_after
    return results


if __name__ == "__main__":
    main()
