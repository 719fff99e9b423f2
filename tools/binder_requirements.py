"""Pin the reader's environment for Binder: binder/requirements.in at the versions of the book.

``uv pip compile`` resolves the reader's packages (binder/requirements.in) with the project's pinned
list as constraints, so Binder runs the chapters with exactly the versions the book was built with,
without the test and build toolchain. Writes binder/requirements.txt.

Usage: python -m tools.binder_requirements
"""

from __future__ import annotations

import subprocess
import sys

from tools.toc import ROOT

READER_NEEDS = ROOT / "binder" / "requirements.in"
PINNED = ROOT / "binder" / "requirements.txt"
#: The oldest Python 3.11 the pins support (soupsieve needs 3.11.5); Binder takes the newest 3.11.
PYTHON_VERSION = "3.11.5"
HEADER = (
    "# The reader's environment on Binder: binder/requirements.in pinned at the versions of\n"
    "# ../requirements.txt. Made by `python -m tools.binder_requirements`; do not edit by hand.\n"
)


def main() -> None:
    command = [
        "uv", "pip", "compile", str(READER_NEEDS.relative_to(ROOT)),
        "--constraint", "requirements.txt", "--python-version", PYTHON_VERSION,
        "--no-header", "--no-annotate", "--quiet", "--no-emit-package", "setuptools",
    ]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"uv pip compile failed:\n{result.stderr}")
    PINNED.write_text(HEADER + result.stdout, encoding="utf-8")
    print(f"wrote {PINNED.relative_to(ROOT)}: {result.stdout.count('==')} packages")


if __name__ == "__main__":
    main()
