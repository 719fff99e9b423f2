"""Clear the book's notebook-execution cache when the package or the data changed.

Jupyter Book's cache re-runs a notebook only when the notebook itself changes; it does not see a
change to ``ecommod/`` or ``data/``. ``make book`` calls this first: it hashes those inputs (and
the external-data folder in use) and removes ``_build/.jupyter_cache`` when the hash differs from
the last build's, so the book never shows numbers computed from old code or data.
"""

import hashlib
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "_build" / ".jupyter_cache"
STAMP = ROOT / "_build" / ".book-inputs.sha256"
INPUTS = ("ecommod", "data", "paper")


def inputs_digest() -> str:
    digest = hashlib.sha256()
    for folder in INPUTS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and "external" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    digest.update(os.environ.get("ECOMMOD_EXTERNAL_DATA", "").encode())
    return digest.hexdigest()


def main() -> None:
    current = inputs_digest()
    previous = STAMP.read_text().strip() if STAMP.is_file() else None
    if previous != current and CACHE.exists():
        print(
            "ecommod/, data/ or paper/ changed since the last build: clearing the execution cache"
        )
        shutil.rmtree(CACHE)
    STAMP.parent.mkdir(parents=True, exist_ok=True)
    STAMP.write_text(current + "\n")


if __name__ == "__main__":
    main()
