"""Measure the book build, the notebook tests and the models, as ratios within one run.

Three timings of the book: a clean build (fresh execution cache), a rebuild with nothing changed
(every notebook from the cache), and the nbval run over every notebook. Then each model benchmark
of :data:`MODEL_BENCHMARKS` (vectorised code beside a loop, parallel beside serial, scaling with
size). Wall-clock seconds depend on the machine, so the ratios are what to compare between runs.
Results are printed and written to benchmarks/results/latest.json (git-ignored). Run from the
repository root: python -m benchmarks.run [book] [models] (default: both).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from importlib import import_module
from pathlib import Path

from tools.build_book import build
from tools.toc import book_notebooks

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
#: The model benchmarks, each a module of benchmarks/ whose main() prints and returns its results.
MODEL_BENCHMARKS = ("bench_logic", "bench_cross_border", "bench_inequality", "bench_policy")


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


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


def book_timings() -> dict:
    """Clean build, no-change rebuild and nbval over every notebook, with their ratios."""
    with tempfile.TemporaryDirectory() as output:
        clean = timed_build(Path(output))
        rebuild = timed_build(Path(output))
    notebooks = [str(p.relative_to(ROOT)) for p in book_notebooks()]
    nbval = timed(
        [
            str(BIN / "python"),
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            *notebooks,
            "--nbval",
            "--nbval-current-env",
            "--nbval-sanitize-with",
            "tests/nbval_sanitize.cfg",
        ]
    )
    return {
        "seconds": {
            "clean_build": round(clean, 1),
            "no_change_rebuild": round(rebuild, 1),
            "nbval": round(nbval, 1),
        },
        "ratios": {
            "rebuild_over_clean": round(rebuild / clean, 2),
            "nbval_over_clean": round(nbval / clean, 2),
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
