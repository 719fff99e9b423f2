"""Measure the book build and the models, as ratios within one run.

The book (benchmarks/bench_book.py): a cold build (fresh folder, notebooks executed in parallel),
a rebuild with nothing changed, and each notebook's time against the computations it does. Then
each model benchmark of :data:`MODEL_BENCHMARKS` (vectorised code beside a loop, parallel beside
serial, scaling with size). Wall-clock seconds depend on the machine and on what else runs on
it, so the ratios are what to compare between runs. Recorded with them: the load average, on Linux
the share of CPU time the host took from this virtual machine during each part ("steal"), and the
time of a fixed reference workload at the start and the end, which shows a machine running slower
than usual. Results are printed and written to benchmarks/results/latest.json (git-ignored). Run
from the repository root: python -m benchmarks.run [book] [models] (default: both).
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The model benchmarks, each a module of benchmarks/ whose main() prints and returns its results.
MODEL_BENCHMARKS = ("bench_logic", "bench_cross_border", "bench_inequality", "bench_policy")


def cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


#: Fields of the "cpu" line of /proc/stat, in clock ticks since boot (proc(5)).
PROC_STAT_FIELDS = ("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal")


def cpu_ticks() -> dict[str, int] | None:
    """The machine's CPU time by kind (clock ticks since boot), or None where /proc/stat is not."""
    stat = Path("/proc/stat")
    if not stat.is_file():
        return None
    values = stat.read_text().splitlines()[0].split()[1 : 1 + len(PROC_STAT_FIELDS)]
    return dict(zip(PROC_STAT_FIELDS, map(int, values), strict=True))


def steal_percent(before: dict[str, int] | None, after: dict[str, int] | None) -> float | None:
    """Percentage of the CPU time between ``before`` and ``after`` (:func:`cpu_ticks`) that the
    host gave to other machines ("steal"): a run with more of it ran on a slower machine."""
    if before is None or after is None:
        return None
    elapsed = sum(after.values()) - sum(before.values())
    return round(100 * (after["steal"] - before["steal"]) / elapsed, 1) if elapsed > 0 else None


def reference_seconds(repeats: int = 3) -> float:
    """Best of ``repeats`` timings (seconds) of a fixed single-threaded workload, interpreted
    Python and numpy element-wise work as in the notebooks: its changes between runs are the
    machine's, not the code's."""
    import numpy as np

    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i % 7
        values = np.random.default_rng(0).standard_normal(2_000_000)
        for _ in range(10):
            values = np.exp(np.sin(values))
        best = min(best, time.perf_counter() - start)
    return round(best, 3)


def main(parts: list[str]) -> None:
    unknown = set(parts) - {"book", "models"}
    if unknown:
        sys.exit(f"unknown part(s) {sorted(unknown)}: choose from book, models")
    parts = parts or ["book", "models"]
    results = {
        "machine": {
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "external_data": bool(os.environ.get("ECOMMOD_EXTERNAL_DATA")),
            "load_average_at_start": round(os.getloadavg()[0], 1),
            "reference_seconds_at_start": reference_seconds(),
        }
    }
    steal = results["machine"]["steal_percent"] = {}
    if "book" in parts:
        print("== benchmarks.bench_book", flush=True)
        before = cpu_ticks()
        results["book"] = import_module("benchmarks.bench_book").main()
        steal["book"] = steal_percent(before, cpu_ticks())
        results["machine"]["load_average_after_book"] = round(os.getloadavg()[0], 1)
    if "models" in parts:
        before = cpu_ticks()
        for name in MODEL_BENCHMARKS:
            print(f"== benchmarks.{name}", flush=True)
            results[name] = import_module(f"benchmarks.{name}").main()
        steal["models"] = steal_percent(before, cpu_ticks())
    results["machine"]["reference_seconds_at_end"] = reference_seconds()
    folder = ROOT / "benchmarks" / "results"
    folder.mkdir(exist_ok=True)
    (folder / "latest.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main(sys.argv[1:])
