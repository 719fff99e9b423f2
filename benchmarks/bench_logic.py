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

Run from the repository root: python -m benchmarks.bench_logic
"""

from __future__ import annotations

import math
import random
import time

import numpy as np
import pandas as pd

from ecommod import credit, indices

MERCHANTS = 1_000_000
LOOP_MERCHANTS = 20_000
PANEL_ROWS = 200_000
LOOP_PANEL_ROWS = 20_000
INDICATORS = 4
#: Each fast measurement is the best of this many runs (the fit at 1,000,000 rows runs once).
REPEATS = 3


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


def _seconds(function, *args, repeats: int = 1) -> tuple[float, object]:
    """The fastest of ``repeats`` wall-clock runs (the machine is shared) and the result."""
    best, result = math.inf, None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function(*args)
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> dict:
    results = {}

    simulate_seconds, merchants = _seconds(credit.simulate_merchants, MERCHANTS, repeats=REPEATS)
    fit_seconds, scorecard = _seconds(credit.fit_scorecard, merchants, credit.DATA_FEATURES)
    score_seconds, _ = _seconds(scorecard.predict, merchants, repeats=REPEATS)
    loop_seconds, _ = _seconds(merchants_row_by_row, LOOP_MERCHANTS, scorecard, repeats=REPEATS)
    drawn_and_scored = simulate_seconds + score_seconds
    results["merchants: simulate + fit + score"] = {
        "vectorised_rows": MERCHANTS,
        "vectorised_seconds": simulate_seconds + fit_seconds + score_seconds,
    }
    results["merchants: simulate + score"] = {
        "vectorised_rows": MERCHANTS,
        "vectorised_seconds": drawn_and_scored,
        "loop_rows": LOOP_MERCHANTS,
        "loop_seconds": loop_seconds,
        "ratio_per_row": (loop_seconds / LOOP_MERCHANTS) / (drawn_and_scored / MERCHANTS),
    }

    rng = np.random.default_rng(0)
    finance = pd.DataFrame(rng.lognormal(size=(PANEL_ROWS, INDICATORS))).add_prefix("f")
    technology = pd.DataFrame(rng.lognormal(size=(PANEL_ROWS, INDICATORS))).add_prefix("t")
    vector_seconds, _ = _seconds(coupling_vectorised, finance, technology, repeats=REPEATS)
    small_f, small_t = finance.iloc[:LOOP_PANEL_ROWS], technology.iloc[:LOOP_PANEL_ROWS]
    loop_seconds, loop_d = _seconds(
        coupling_row_by_row,
        small_f.to_numpy().tolist(),
        small_t.to_numpy().tolist(),
        repeats=REPEATS,
    )
    np.testing.assert_allclose(loop_d, coupling_vectorised(small_f, small_t), rtol=1e-9)
    results["coupling"] = {
        "vectorised_rows": PANEL_ROWS,
        "vectorised_seconds": vector_seconds,
        "loop_rows": LOOP_PANEL_ROWS,
        "loop_seconds": loop_seconds,
        "ratio_per_row": (loop_seconds / LOOP_PANEL_ROWS) / (vector_seconds / PANEL_ROWS),
    }
    table = pd.DataFrame(results).T[
        ["vectorised_rows", "vectorised_seconds", "loop_rows", "loop_seconds", "ratio_per_row"]
    ]
    print(table.to_string(float_format=lambda v: f"{v:,.2f}"))
    return results


if __name__ == "__main__":
    main()
