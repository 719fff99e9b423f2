"""Build the HTML book: the one build command of ``make book``, the tests and the benchmarks.

Two steps. First the notebooks of _toc.yml that the execution cache does not hold are executed
into it (jupyter-cache's ``local-parallel`` executor: one kernel per core; ``--serial`` runs one
at a time). Then ``jupyter-book build`` with warnings as errors (``-W -n --keep-going``) reads
every notebook's outputs from that cache (``execute_notebooks: cache``) instead of executing it
again, one after another, as Jupyter Book 1 would. The executor runs each notebook exactly as
myst-nb would: in its own folder, with the timeout of _config.yml and errors not allowed; a
notebook it cannot run is left to the build, which then fails on it with the cell's error.

Jupyter Book's execution cache re-runs a notebook only when the notebook itself changes; it does
not see a change to ``ecommod/``, ``data/`` or ``paper/``. So before each build this hashes those
inputs (and the external-data folder in use) and clears the cache when the hash differs from the
last build's: the book never shows numbers computed from old code or data. A rebuild with nothing
changed executes nothing.

Usage: python -m tools.build_book [--output FOLDER] [--serial]
(HTML in FOLDER/_build/html; default FOLDER: here)
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tools.toc import book_notebooks

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ("ecommod", "data", "paper")
CACHE = ".jupyter_cache"


def inputs_digest() -> str:
    """SHA-256 of the files the notebooks read (code, data, paper) and the external-data folder."""
    digest = hashlib.sha256()
    for folder in INPUTS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and "external" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    digest.update(os.environ.get("ECOMMOD_EXTERNAL_DATA", "").encode())
    return digest.hexdigest()


def clear_stale_cache(build_dir: Path) -> None:
    """Remove ``build_dir/.jupyter_cache`` when the inputs changed since the last build there."""
    cache, stamp = build_dir / CACHE, build_dir / ".book-inputs.sha256"
    current = inputs_digest()
    previous = stamp.read_text().strip() if stamp.is_file() else None
    if previous != current and cache.exists():
        print(
            "ecommod/, data/ or paper/ changed since the last build: clearing the execution cache"
        )
        shutil.rmtree(cache)
    build_dir.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")


def execution_timeout() -> int:
    """The per-cell timeout of _config.yml (``execute.timeout``, seconds), as myst-nb uses it."""
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return int(config["execute"]["timeout"])


def execute_into_cache(build_dir: Path, *, parallel: bool = True) -> list[str]:
    """Execute the book's notebooks missing from ``build_dir/.jupyter_cache`` and cache them.

    ``parallel`` runs one notebook per core (``os.cpu_count()`` processes), else one at a time.
    Returns the notebooks that failed (the build then runs them and reports the error).
    """
    import logging

    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    cache = get_cache(str(build_dir / CACHE))
    uris = [str(path) for path in book_notebooks()]
    for uri in uris:
        cache.add_nb_to_project(uri)
    executor = load_executor(
        "local-parallel" if parallel else "local-serial",
        cache,
        logger=logging.getLogger("ecommod.build_book"),
    )
    result = executor.run_and_cache(
        filter_uris=uris, timeout=execution_timeout(), allow_errors=False
    )
    return sorted(result.excepted + result.errored)


#: Set for Sphinx by :func:`build`: when this build began (seconds since the epoch), read by the
#: status page (book/_ext/ecommod_status.py).
BUILD_STARTED_ENV_VAR = "ECOMMOD_BUILD_STARTED"


def build(output: Path = ROOT, *, capture: bool = False, parallel: bool = True) -> tuple[int, str]:
    """Build the book into ``output/_build/html``; return the exit code and (if captured) the log.

    With ``capture=False`` the build prints to the terminal as it goes and the log is empty.
    """
    build_dir = output / "_build"
    clear_stale_cache(build_dir)
    # The status page counts a notebook as executed in this build when its cache record is newer
    # than this moment, which comes before the parallel execution, not at Sphinx's start.
    started = time.time()
    failed = execute_into_cache(build_dir, parallel=parallel)
    notice = "".join(f"could not execute {uri}; the build runs it again\n" for uri in failed)
    if notice and not capture:
        print(notice, end="", flush=True)
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    command = [str(jupyter_book), "build", str(ROOT), "-W", "-n", "--keep-going"]
    if output != ROOT:
        command += ["--path-output", str(output)]
    environment = {**os.environ, BUILD_STARTED_ENV_VAR: repr(started)}
    result = subprocess.run(
        command, capture_output=capture, text=True, check=False, env=environment
    )
    return result.returncode, (notice + result.stdout + result.stderr) if capture else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT, help="folder that gets _build/html")
    parser.add_argument("--serial", action="store_true", help="execute one notebook at a time")
    arguments = parser.parse_args()
    output = arguments.output.resolve()
    start = time.perf_counter()
    returncode, _ = build(output, parallel=not arguments.serial)
    if returncode != 0:
        sys.exit(f"The book build failed (exit {returncode}); see the warnings above.")
    index = output / "_build" / "html" / "index.html"
    print(f"The book is built in {time.perf_counter() - start:.0f} s: open file://{index}")


if __name__ == "__main__":
    main()
