"""How the inequality measures scale with the number of members, as ratios within one run.

Dagum's decomposition compares every pair of members (O(n²) time and memory); PySAL's Gini and the
weighted Gini sort (O(n log n)); the paired bootstrap over members (999 draws of a ratio of
coefficients of variation, as in the §5 finance-technology comparison) is O(draws · n). This times
each at 31 (provinces), 337 (prefecture-level cities) and 3,000 members (about the number of
counties) on a seeded lognormal sample and prints seconds and the ratio of each measure to PySAL's
Gini at the same size. Run from the repository root: python -m benchmarks.bench_inequality
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from ecommod import inequality

SIZES = (31, 337, 3_000)
GROUPS = 4
REPEATS = 5
RESULTS = Path(__file__).resolve().parent / "results" / "inequality.json"


def best_of(function, repeats: int = REPEATS) -> float:
    """Fastest of ``repeats`` calls (seconds): the least disturbed by other work on the machine."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> list[dict]:
    rng = np.random.default_rng(0)
    rows = []
    for n in SIZES:
        values = rng.lognormal(mean=5.0, sigma=0.3, size=n)
        groups = rng.integers(0, GROUPS, size=n).astype(str)
        weights = rng.uniform(1.0, 10.0, size=n)
        timings = {
            "gini (PySAL)": best_of(lambda v=values: inequality.gini(v)),
            "gini, weighted": best_of(lambda v=values, w=weights: inequality.gini(v, w)),
            "theil decomposition (PySAL)": best_of(
                lambda v=values, g=groups: inequality.theil_decomposition(v, g)
            ),
            "dagum decomposition": best_of(lambda v=values, g=groups: inequality.dagum_gini(v, g)),
            "bootstrap, 999 draws": best_of(
                lambda v=values, w=weights: inequality.bootstrap_members(
                    lambda a, b: a.std() / a.mean() / (b.std() / b.mean()), v, w, draws=999
                ),
                repeats=1,
            ),
        }
        base = timings["gini (PySAL)"]
        for measure, seconds in timings.items():
            rows.append(
                {"members": n, "measure": measure, "seconds": seconds, "ratio": seconds / base}
            )
    for row in rows:
        print(
            f"{row['members']:>6} {row['measure']:<30} {row['seconds']:.5f} s  x{row['ratio']:.1f}"
        )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return rows


if __name__ == "__main__":
    main()
