"""Build the HTML book: the one build command of ``make book``, the tests and the benchmarks.

``jupyter-book build`` with warnings as errors (``-W -n --keep-going``). Jupyter Book's execution
cache re-runs a notebook only when the notebook itself changes; it does not see a change to
``ecommod/``, ``data/`` or ``paper/``. So before each build this hashes those inputs (and the
external-data folder in use) and clears the cache when the hash differs from the last build's: the
book never shows numbers computed from old code or data.

Usage: python -m tools.build_book [--output FOLDER]   (HTML in FOLDER/_build/html; default: here)
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

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ("ecommod", "data", "paper")


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
    cache, stamp = build_dir / ".jupyter_cache", build_dir / ".book-inputs.sha256"
    current = inputs_digest()
    previous = stamp.read_text().strip() if stamp.is_file() else None
    if previous != current and cache.exists():
        print(
            "ecommod/, data/ or paper/ changed since the last build: clearing the execution cache"
        )
        shutil.rmtree(cache)
    build_dir.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")


def build(output: Path = ROOT, *, capture: bool = False) -> tuple[int, str]:
    """Build the book into ``output/_build/html``; return the exit code and (if captured) the log.

    With ``capture=False`` the build prints to the terminal as it goes and the log is empty.
    """
    clear_stale_cache(output / "_build")
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    command = [str(jupyter_book), "build", str(ROOT), "-W", "-n", "--keep-going"]
    if output != ROOT:
        command += ["--path-output", str(output)]
    result = subprocess.run(command, capture_output=capture, text=True, check=False)
    return result.returncode, (result.stdout + result.stderr) if capture else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT, help="folder that gets _build/html")
    output = parser.parse_args().output.resolve()
    start = time.perf_counter()
    returncode, _ = build(output)
    if returncode != 0:
        sys.exit(f"The book build failed (exit {returncode}); see the warnings above.")
    index = output / "_build" / "html" / "index.html"
    print(f"The book is built in {time.perf_counter() - start:.0f} s: open file://{index}")


if __name__ == "__main__":
    main()
