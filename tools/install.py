"""Create the virtual environment, install the pinned requirements and ecommod (``make install``).

Uses uv when it can be had: from PATH, else bootstrapped with ``python3 -m pip install uv`` at the
version pinned in requirements.txt. Falls back to pip (slower, about 4 minutes) when uv cannot be
installed. Every step prints what it does and how long it took. Standard library only: it runs
before the environment exists.

The packages are installed with their bytecode compiled (``--compile-bytecode``; pip compiles by
default): without it every kernel compiles the whole stack from source again on a machine that sets
PYTHONDONTWRITEBYTECODE, which took 6 of a chapter's 16 seconds.

Usage: python3 tools/install.py [VENV]   (default .venv)
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements.txt"


def step(description: str, command: list[str], *, check: bool = True) -> bool:
    """Run ``command`` with its output on the terminal; print its duration in seconds."""
    print(f"==> {description}: {' '.join(command)}", flush=True)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, check=False)
    seconds = time.perf_counter() - start
    status = "done" if result.returncode == 0 else f"failed (exit {result.returncode})"
    print(f"    {status} in {seconds:.1f} s", flush=True)
    if check and result.returncode != 0:
        sys.exit(f"install.py: '{description}' failed; see the output above")
    return result.returncode == 0


def pinned_version(package: str) -> str:
    """The exact version of ``package`` pinned in requirements.txt."""
    pattern = re.compile(rf"^{re.escape(package)}==(\S+)\s*$", re.IGNORECASE)
    for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        if match := pattern.match(line):
            return match.group(1)
    sys.exit(f"install.py: requirements.txt pins no version of {package!r} (expected {package}==X)")


def find_uv() -> list[str] | None:
    """A command that runs uv: from PATH, or bootstrapped into this Python; None if impossible."""
    if on_path := shutil.which("uv"):
        return [on_path]
    version = pinned_version("uv")
    bootstrap = [sys.executable, "-m", "pip", "install", "--quiet", f"uv=={version}"]
    if step("uv is not on PATH: bootstrapping it", bootstrap, check=False):
        return [sys.executable, "-m", "uv"]
    print("    uv could not be installed: falling back to pip (slower)", flush=True)
    return None


def install(venv: Path) -> None:
    """Create ``venv`` unless it exists, then install requirements.txt and ecommod (editable)."""
    python = venv / "bin" / "python"
    uv = find_uv()
    if uv is not None:
        if not python.exists():
            step("create the virtual environment", [*uv, "venv", "--seed", str(venv)])
        target = ["--python", str(python)]
        step(
            "install the pinned requirements",
            [*uv, "pip", "install", "--compile-bytecode", "-r", str(REQUIREMENTS)] + target,
        )
        step("install ecommod (editable)", [*uv, "pip", "install", "--no-deps", "-e", "."] + target)
    else:
        if not python.exists():
            step("create the virtual environment", [sys.executable, "-m", "venv", str(venv)])
        pip = [
            str(python),
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--progress-bar",
            "on",
        ]
        step("install the pinned requirements (pip)", [*pip, "-r", str(REQUIREMENTS)])
        step("install ecommod (editable, pip)", [*pip, "--no-deps", "-e", "."])
    install_lab_settings(venv)


def install_lab_settings(venv: Path) -> None:
    """JupyterLab settings for the chapters (no news pop-up), as Binder's postBuild sets them."""
    settings = venv / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "binder" / "jupyterlab-settings.json", settings / "overrides.json")
    print(f"==> JupyterLab settings: {settings / 'overrides.json'}", flush=True)


if __name__ == "__main__":
    install(ROOT / (sys.argv[1] if len(sys.argv) > 1 else ".venv"))
