"""Rewriting files the tools own: all of them or none, and a warning about uncommitted changes.

Used by ``make checksums``, ``make claims`` and ``make notebooks``.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path


def write_all_or_nothing(contents: dict[Path, str]) -> None:
    """Write every file or none: each to a temporary file beside it, then rename them in turn.

    Should a rename fail, the files already replaced get their previous content back.
    """
    staged = {}
    try:
        for path, text in contents.items():
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
            staged[path] = Path(temporary)
        previous = {path: path.read_bytes() for path in contents if path.is_file()}
        replaced = []
        try:
            for path, temporary in staged.items():
                os.replace(temporary, path)
                replaced.append(path)
        except OSError:
            for path in replaced:
                path.write_bytes(previous[path])
            raise
    finally:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)


def uncommitted(paths: list[Path]) -> list[str]:
    """Those of ``paths`` with uncommitted git changes (empty outside a git work tree)."""
    try:
        result = subprocess.run(
            ["git", "status", "--porcelain", "--", *map(str, paths)],
            capture_output=True,
            text=True,
            cwd=paths[0].parent,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return []
    return [line[3:] for line in result.stdout.splitlines() if line.strip()]


def warn_uncommitted(paths: list[Path], tool: str) -> list[str]:
    """Print a warning naming the files ``tool`` rewrites that have uncommitted changes."""
    changed = uncommitted(paths)
    if changed:
        print(
            f"warning: {tool} rewrites files with uncommitted changes: {', '.join(changed)}. "
            "Commit or stash them first if you want to review its changes apart from yours.",
            file=sys.stderr,
        )
    return changed
