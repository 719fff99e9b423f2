"""Measure the book build and the models, as ratios within one run.

Three timings of the book: a cold build (fresh execution cache, notebooks executed in parallel),
the same execution one notebook at a time, and a rebuild with nothing changed (every notebook
from the cache). Then each model benchmark of :data:`MODEL_BENCHMARKS` (vectorised code beside a
loop, parallel beside serial, scaling with size). Wall-clock seconds depend on the machine, so
the ratios are what to compare between runs. Results are printed and written to
benchmarks/results/latest.json (git-ignored). Run from the repository root:
python -m benchmarks.run [book] [models] (default: both).
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
from importlib import import_module
from pathlib import Path

from tools.build_book import build, clear_stale_cache, execute_into_cache
from tools.toc import book_notebooks

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


def timed_build(output: Path) -> float:
    """Seconds for one build of the book into ``output`` with tools/build_book."""
    start = time.perf_counter()
    returncode, log = build(output, capture=True)
    if returncode != 0:
        sys.exit(f"The book build failed (exit {returncode}):\n{log[-3000:]}")
    return time.perf_counter() - start


def timed_execution(output: Path, *, parallel: bool) -> float:
    """Seconds to execute every notebook of the book into an empty cache under ``output``."""
    build_dir = output / "_build"
    clear_stale_cache(build_dir)
    start = time.perf_counter()
    failed = execute_into_cache(build_dir, parallel=parallel)
    if failed:
        sys.exit(f"Could not execute {failed}; run make book to see the error")
    return time.perf_counter() - start


def book_timings() -> dict:
    """Cold build, parallel against serial execution, and the no-change rebuild, as ratios.

    The cold build is what ``make book`` does on a fresh checkout: execute every notebook in
    parallel into an empty cache (timed on its own), then Sphinx reading the cache. The serial
    execution runs the same notebooks one at a time into a second empty cache.
    """
    with tempfile.TemporaryDirectory() as built, tempfile.TemporaryDirectory() as serial:
        parallel_execution = timed_execution(Path(built), parallel=True)
        cold = parallel_execution + timed_build(Path(built))
        rebuild = timed_build(Path(built))
        serial_execution = timed_execution(Path(serial), parallel=False)
    return {
        "notebooks": len(book_notebooks()),
        "seconds": {
            "cold_build": round(cold, 1),
            "parallel_execution": round(parallel_execution, 1),
            "serial_execution": round(serial_execution, 1),
            "no_change_rebuild": round(rebuild, 1),
        },
        "ratios": {
            "serial_over_parallel_execution": round(serial_execution / parallel_execution, 2),
            "rebuild_over_cold_build": round(rebuild / cold, 2),
        },
    }


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
        }
    }
    if "book" in parts:
        results["book"] = book_timings()
        results["machine"]["load_average_after_book"] = round(os.getloadavg()[0], 1)
    if "models" in parts:
        for name in MODEL_BENCHMARKS:
            print(f"== benchmarks.{name}", flush=True)
            results[name] = import_module(f"benchmarks.{name}").main()
    folder = ROOT / "benchmarks" / "results"
    folder.mkdir(exist_ok=True)
    (folder / "latest.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main(sys.argv[1:])
