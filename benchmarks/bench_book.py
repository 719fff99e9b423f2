"""The book build: cold, rebuilt with nothing changed, and each notebook's time against its work.

Three measurements, in one run, so that their ratios can be compared between machines:

1. a cold build (``tools.build_book.build`` into an empty folder: every notebook executed in
   parallel, one kernel per core, then Sphinx for both editions), with each notebook's time as the
   build printed it, and as a ratio of a cold build of the English edition alone (executed in
   English only; target: at most 1.3, issue 21);
2. a rebuild with nothing changed (no notebook executed), as a ratio of the cold build;
3. each notebook executed again on its own (one at a time, the build's result cache warm, as when
   one chapter changed), split by the cells' own timings into kernel start and shutdown, the
   imports (every top-level import statement of the notebook, run first in a cell of their own)
   and the rest: the computations and figures the notebook shows.

Wall-clock times grow with whatever else runs on the machine (the load average is recorded); the
CPU seconds (kernels and Sphinx included, counted once each process has exited) do not, and on an
otherwise idle machine a notebook's wall-clock time is about its CPU time. Targets (issue 17): each
notebook at most 10 s on 2 cores, the cold build at most 45 s, the rebuild at most 0.1 of the cold
build. Run from the repository root: python -m benchmarks.bench_book
"""

from __future__ import annotations

import ast
import datetime
import json
import os
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

from tools import execute_notebooks
from tools.build_book import EDITION_CACHES, build
from tools.toc import ROOT, book_notebooks

#: Both editions (English and Chinese), as ``make book`` builds them.
EDITIONS = tuple(EDITION_CACHES)
RESULTS = Path(__file__).resolve().parent / "results" / "book.json"
PROGRESS = re.compile(r"\] (?:done|failed) (\S+) in ([\d.]+) s")


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its finished children, in seconds."""
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def timed_build(output: Path, editions: tuple[str, ...] = EDITIONS) -> tuple[float, float, str]:
    """Wall-clock and CPU seconds (kernels and Sphinx included) of one build of ``editions``,
    and its log."""
    start, cpu = time.perf_counter(), cpu_seconds()
    returncode, log = build(output, capture=True, editions=editions)
    if returncode != 0:
        sys.exit(f"The book build failed (exit {returncode}):\n{log[-3000:]}")
    return time.perf_counter() - start, cpu_seconds() - cpu, log


def _seconds_between(cell, start: str, end: str) -> float:
    timing = cell.metadata.get("execution", {})
    if start not in timing or end not in timing:
        return 0.0
    parse = datetime.datetime.fromisoformat
    return (parse(timing[end].rstrip("Z")) - parse(timing[start].rstrip("Z"))).total_seconds()


def imports_first(notebook) -> None:
    """Put every top-level import statement of ``notebook``'s code cells, in order and once each,
    into a new first code cell, so that its time is that of the imports: the cells that import
    later find the modules loaded."""
    from nbformat.v4 import new_code_cell

    imports = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for statement in execute_notebooks.top_level_statements(cell.source):
            future = isinstance(statement, ast.ImportFrom) and statement.module == "__future__"
            if isinstance(statement, ast.Import | ast.ImportFrom) and not future:
                imports.append(ast.unparse(statement))
    notebook.cells.insert(0, new_code_cell("\n".join(dict.fromkeys(imports))))


def notebook_profile(result: execute_notebooks.Result) -> dict:
    """Seconds of one notebook executed with :func:`imports_first`: all, kernel start and
    shutdown, the imports (the first cell) and the rest: the computations and figures the
    notebook shows."""
    timed = [
        _seconds_between(cell, "iopub.execute_input", "shell.execute_reply")
        for cell in result.notebook.cells
        if cell.cell_type == "code" and "execution" in cell.metadata
    ]
    imports, rest = timed[0], sum(timed[1:])
    return {
        "seconds": round(result.seconds, 2),
        "kernel_start_and_shutdown": round(result.seconds - imports - rest, 2),
        "imports": round(imports, 2),
        "computations": round(rest, 2),
        "computations_share": round(rest / result.seconds, 2) if result.seconds else None,
    }


def main() -> dict:
    load_at_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:  # the English edition alone, executed in English
        english_alone, _, _ = timed_build(Path(folder), editions=("en",))
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder)
        cold, cold_cpu, log = timed_build(output)
        in_build = {name: float(seconds) for name, seconds in PROGRESS.findall(log)}
        rebuild, _, _ = timed_build(output)
        environment = {**os.environ, "ECOMMOD_CACHE_DIR": str(output / "_build" / ".ecommod-cache")}
        notebooks = {}
        for path in book_notebooks():
            cpu = cpu_seconds()  # the kernel is a child: its CPU time counts once it has exited
            [result] = execute_notebooks.execute(
                [path],
                jobs=1,
                env=environment,
                timing=True,
                report=lambda line: None,
                prepare=imports_first,
            )
            if result.error:
                sys.exit(f"Could not execute {path.name}; run make book to see the error")
            name = path.relative_to(ROOT).as_posix()
            notebooks[name] = {
                "in_cold_build": in_build.get(name),
                "alone_warm_cache": notebook_profile(result),
                "alone_cpu_seconds": round(cpu_seconds() - cpu, 2),
            }
    results = {
        "cores": os.cpu_count(),
        "load_average_1min": {
            "start": round(load_at_start, 1),
            "end": round(os.getloadavg()[0], 1),
        },
        "seconds": {
            "cold_build": round(cold, 1),
            "cold_build_english_alone": round(english_alone, 1),
            "no_change_rebuild": round(rebuild, 2),
        },
        "cpu_seconds": {"cold_build": round(cold_cpu, 1)},
        "ratios": {
            "rebuild_over_cold_build": round(rebuild / cold, 4),
            "both_editions_over_english_alone": round(cold / english_alone, 2),
            "cold_build_cpu_over_cores_over_wall": round(
                cold_cpu / (os.cpu_count() or 1) / cold, 2
            ),
        },
        "slowest_notebook_in_cold_build": max(in_build.items(), key=lambda item: item[1]),
        "notebooks": notebooks,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main()
