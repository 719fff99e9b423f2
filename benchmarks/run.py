"""Measure the book build and the notebook tests, as ratios within one run on one machine.

Three timings: a clean build of the book (fresh execution cache), a rebuild with nothing changed
(every notebook from the cache), and the nbval run over every notebook. Wall-clock seconds depend on
the machine, so the ratios are what to compare between runs. Results are printed and written to
benchmarks/results/latest.json (git-ignored). Run from the repository root: python -m benchmarks.run
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools.build_book import build
from tools.toc import book_notebooks

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


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


def main() -> None:
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
    results = {
        "machine": {
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "external_data": bool(os.environ.get("ECOMMOD_EXTERNAL_DATA")),
        },
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
    folder = ROOT / "benchmarks" / "results"
    folder.mkdir(exist_ok=True)
    (folder / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
