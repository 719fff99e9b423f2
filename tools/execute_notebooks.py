"""Run the book's notebooks top to bottom and save them with their outputs (``make notebooks``).

The committed outputs are what nbval compares against, so they are written without anything that
changes between runs: no execution timestamps, cell ids kept. The third-party datasets must be
present (``ECOMMOD_EXTERNAL_DATA``), or the saved outputs would record their absence.

Usage: python -m tools.execute_notebooks [NOTEBOOK ...]   (default: every notebook in _toc.yml)
"""

import sys
from pathlib import Path

from tools.toc import ROOT, book_notebooks


def warn_uncommitted_notebooks(paths: list[str]) -> list[str]:
    """Warn (stderr) about uncommitted changes to the notebooks about to be rewritten."""
    from tools.rewrite import warn_uncommitted

    return warn_uncommitted(
        [Path(p).resolve() for p in paths] or book_notebooks(), "make notebooks"
    )


def main(paths: list[str]) -> None:
    warn_uncommitted_notebooks(paths)
    import nbformat
    from nbclient import NotebookClient

    from ecommod import data

    missing = [data.unavailable_message(d) for d in data.external_datasets() if not d.available]
    if missing:
        sys.exit("Not saving notebooks without the external data:\n" + "\n".join(missing))
    for path in [Path(p).resolve() for p in paths] or book_notebooks():
        notebook = nbformat.read(path, as_version=4)
        client = NotebookClient(
            notebook,
            timeout=600,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
        )
        client.execute()
        nbformat.write(notebook, path)
        print(f"executed and saved {path.relative_to(ROOT)}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
