"""Scaling of the §4.4.1 exchange-rate simulation, as ratios within one run on one machine.

``simulate_fx_losses`` at the chapter's default size and at 10 and 50 times it; the ratio to the
default size shows whether the cost grows linearly in the number of simulated merchant-years (the
paths are processed in fixed-size chunks, so memory stays flat). Run from the repository root:
python -m benchmarks.bench_cross_border
"""

from __future__ import annotations

import time

from ecommod.segments import cross_border

SIZES = (2_000, 20_000, 100_000)


def main() -> dict:
    cross_border.simulate_fx_losses(100)  # warm up imports and caches
    timings = {}
    for n_paths in SIZES:
        start = time.perf_counter()
        cross_border.simulate_fx_losses(n_paths, seed=0)
        timings[n_paths] = time.perf_counter() - start
    base = timings[SIZES[0]]
    for n_paths, seconds in timings.items():
        print(
            f"{n_paths:>7,} merchant-years: {seconds:6.2f} s, "
            f"ratio {seconds / base:5.1f} (size ratio {n_paths / SIZES[0]:.0f})"
        )
    return {
        "seconds": {str(n): round(s, 2) for n, s in timings.items()},
        "ratio_to_smallest": {str(n): round(s / base, 1) for n, s in timings.items()},
    }


if __name__ == "__main__":
    main()
