"""Execute the notebooks: in place for ``make notebooks``, into the build for ``make book``.

One executor for both. Notebooks run in parallel (one kernel per core), each printed as it starts
and ends with its time and its place (``[3/8]``). Kernels talk to the executor over IPC sockets in
a private temporary folder, not TCP (so no kernel warns that its traffic is unencrypted).

Third-party data. A code cell that reads a declared third-party dataset carries the tag
``external:<dataset>``; so does, implicitly, every later cell that reads a variable such a cell set
(:func:`external_cells` follows the names). When a dataset is not on this machine those cells are
not run: they keep the outputs committed with the notebook, which were computed with the declared
data; every other cell runs. :func:`run_metadata` records, in the notebook's metadata, the content
fingerprint of each dataset the committed outputs were computed with and the date of that run; the
date changes only when those outputs change, so re-running an unchanged notebook rewrites nothing.

``make notebooks`` saves outputs without execution timestamps, cell ids kept, and refuses to run
without the third-party data (the saved outputs would record their absence).

Usage: python -m tools.execute_notebooks [NOTEBOOK ...]   (default: every notebook in _toc.yml)
"""

from __future__ import annotations

import ast
import asyncio
import datetime
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ecommod.language import BOTH, LANGUAGE_ENV_VAR
from tools.toc import ROOT, book_notebooks

EXTERNAL_TAG = "external:"
#: Notebook metadata key of the record of the data its committed outputs were computed with.
METADATA_KEY = "ecommod"
#: The keys of METADATA_KEY that a run writes (run_metadata); others (a chapter's "what_to_try")
#: are the notebook's own and are kept.
RUN_KEYS = ("external_data", "external_outputs_sha256", "external_run_date")
TIMEOUT = 600


# --- which cells need third-party data --------------------------------------------------------


def top_level_statements(source: str) -> list[ast.stmt]:
    """The top-level statements of a cell (IPython magics and shell lines left out)."""
    code = "\n".join(
        line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))
    )
    try:
        return ast.parse(code).body
    except SyntaxError:
        return []


def _names(statement: ast.stmt) -> tuple[set[str], set[str]]:
    """Names a statement reads and names it sets (assigned, defined, imported or mutated)."""
    reads, sets = set(), set()
    for node in ast.walk(statement):
        if isinstance(node, ast.Name):
            (sets if isinstance(node.ctx, ast.Store | ast.Del) else reads).add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            sets.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            sets.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.AugAssign | ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:  # frame["x"] = …, x.attr = …, x += …: x changes
                sets.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return reads, sets


def cell_datasets(cell) -> set[str]:
    """The datasets a cell's own ``external:<dataset>`` tags name."""
    tags = cell.get("metadata", {}).get("tags", [])
    return {tag.removeprefix(EXTERNAL_TAG) for tag in tags if tag.startswith(EXTERNAL_TAG)}


def external_cells(notebook) -> dict[int, tuple[str, ...]]:
    """Index of every code cell that needs third-party data -> the datasets it needs.

    A cell needs a dataset when it is tagged ``external:<dataset>`` or reads a variable that a
    cell needing it set before (names are followed through assignments, definitions, imports and
    in-place changes, statement by statement; a cell that sets a name afresh from other inputs
    frees it).
    """
    needs: dict[str, set[str]] = {}
    result = {}
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        datasets, own = cell_datasets(cell), set()
        for statement in top_level_statements("".join(cell["source"])):
            reads, sets = _names(statement)
            for name in reads - own:
                datasets |= needs.get(name, set())
            own |= sets
        for name in own:
            if datasets:
                needs[name] = set(datasets)
            else:
                needs.pop(name, None)
        if datasets:
            result[index] = tuple(sorted(datasets))
    return result


def missing_datasets() -> set[str]:
    """Names of the declared third-party datasets that are not on this machine."""
    from ecommod import data

    return {d.name for d in data.external_datasets() if not d.available}


# --- the record of the data the committed outputs were computed with -------------------------


def _outputs_digest(notebook, cells: Iterable[int]) -> str:
    """SHA-256 of the outputs of ``cells`` (what a reader sees of them)."""
    digest = hashlib.sha256()
    for index in sorted(cells):
        outputs = notebook["cells"][index].get("outputs", [])
        digest.update(json.dumps(outputs, sort_keys=True).encode())
    return digest.hexdigest()


def run_metadata(notebook, previous: dict | None, today: str) -> dict:
    """The ``ecommod`` notebook metadata after a run with the data: fingerprints and date.

    ``previous`` is the record before the run; its date is kept when the outputs of the cells that
    need third-party data and the fingerprints are unchanged, so the record is deterministic.
    """
    from ecommod import data

    cells = external_cells(notebook)
    used = sorted({name for names in cells.values() for name in names})
    if not used:
        return {}
    fingerprints = {name: data.external_status(name).fingerprint for name in used}
    digest = _outputs_digest(notebook, cells)
    previous = previous or {}
    unchanged = (
        previous.get("external_outputs_sha256") == digest
        and previous.get("external_data") == fingerprints
    )
    return {
        "external_data": fingerprints,
        "external_outputs_sha256": digest,
        "external_run_date": previous["external_run_date"] if unchanged else today,
    }


# --- the executor -------------------------------------------------------------------------------


@dataclass
class Result:
    """One notebook's execution: the executed notebook, or the error that stopped it."""

    path: Path
    notebook: object = None
    seconds: float = 0.0
    error: str = ""
    replayed: dict[int, tuple[str, ...]] = field(default_factory=dict)


def _client_class():
    from nbclient import NotebookClient

    class ReplayingClient(NotebookClient):
        """Runs every code cell except those in ``replay``, which keep their committed outputs."""

        replay: dict[int, tuple[str, ...]] = {}

        async def async_execute_cell(self, cell, cell_index, execution_count=None, **kwargs):
            if cell_index in self.replay:
                return cell
            return await super().async_execute_cell(cell, cell_index, execution_count, **kwargs)

    return ReplayingClient


def _error_text(error: BaseException) -> str:
    import re

    text = str(error) or repr(error)
    return re.sub(r"\x1b\[[0-9;]*m", "", text)  # the kernel's traceback colours


async def _run_one(
    path: Path,
    missing: set[str],
    env: dict,
    sockets: Path,
    timeout: int,
    timing: bool,
    prepare: Callable | None,
) -> Result:
    import nbformat
    from jupyter_client.manager import AsyncKernelManager

    result = Result(path)
    notebook = nbformat.read(path, as_version=4)
    if prepare is not None:
        prepare(notebook)
    result.replayed = {
        index: names for index, names in external_cells(notebook).items() if set(names) & missing
    }
    manager = AsyncKernelManager(
        kernel_name="python3",
        transport="ipc",
        connection_file=str(sockets / f"{hashlib.sha1(str(path).encode()).hexdigest()[:12]}.json"),
    )
    client = _client_class()(
        notebook,
        km=manager,
        timeout=timeout,
        kernel_name="python3",
        record_timing=timing,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.replay = result.replayed
    client.owns_km = True  # so that it shuts the kernel down and closes its channels
    start = time.perf_counter()
    try:
        await client.async_execute(env=env)
        result.notebook = notebook
    except Exception as error:  # a cell raised, or the kernel died or timed out
        result.error = _error_text(error)
    result.seconds = time.perf_counter() - start
    return result


def execute(
    paths: list[Path],
    *,
    jobs: int | None = None,
    env: dict | None = None,
    timeout: int = TIMEOUT,
    report: Callable[[str], None] = print,
    root: Path = ROOT,
    timing: bool = False,
    languages: str = BOTH,
    prepare: Callable | None = None,
) -> list[Result]:
    """Execute ``paths`` (``jobs`` at a time, default one per core) and return their results.

    Every output is made in each of ``languages`` (ecommod/language.py; default both editions').

    Cells needing a third-party dataset that is missing keep their committed outputs. ``report``
    receives one line as each notebook starts and ends. ``timing`` records each cell's start and
    end in its metadata (for benchmarks; never saved). ``prepare``, if given, is called with each
    notebook as read, before it runs, and may change it (for benchmarks; never saved).
    """
    missing = missing_datasets()
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths) or 1))
    env = dict(os.environ if env is None else env)
    # One execution for both editions of the book: every output in English and in Chinese
    # (unless ``languages`` says otherwise, as for a benchmark of the English edition alone).
    env[LANGUAGE_ENV_VAR] = languages
    total = len(paths)

    def name(path: Path) -> str:
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)

    async def run_all(sockets: Path) -> list[Result]:
        slots = asyncio.Semaphore(jobs)

        async def one(number: int, path: Path) -> Result:
            async with slots:
                report(f"[{number}/{total}] executing {name(path)}")
                result = await _run_one(path, missing, env, sockets, timeout, timing, prepare)
                outcome = "failed" if result.error else "done"
                replayed = (
                    f"; {len(result.replayed)} cells needing absent third-party data keep "
                    "their committed outputs"
                    if result.replayed
                    else ""
                )
                report(
                    f"[{number}/{total}] {outcome} {name(path)} in {result.seconds:.1f} s{replayed}"
                )
                return result

        return await asyncio.gather(*(one(n, p) for n, p in enumerate(paths, start=1)))

    with tempfile.TemporaryDirectory(prefix="ecommod-kernels-") as sockets:
        return asyncio.run(run_all(Path(sockets)))


def warn_uncommitted_notebooks(paths: list[str]) -> list[str]:
    """Warn (stderr) about uncommitted changes to the notebooks about to be rewritten."""
    from tools.rewrite import warn_uncommitted

    return warn_uncommitted(
        [Path(p).resolve() for p in paths] or book_notebooks(), "make notebooks"
    )


def main(paths: list[str]) -> None:
    warn_uncommitted_notebooks(paths)
    import nbformat

    from ecommod import data
    from tools import prose

    missing = [data.unavailable_message(d) for d in data.external_datasets() if not d.available]
    if missing:
        sys.exit("Not saving notebooks without the external data:\n" + "\n".join(missing))
    notebooks = [Path(p).resolve() for p in paths] or book_notebooks()
    start = time.perf_counter()
    results = execute(notebooks, report=lambda line: print(line, flush=True))
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    failed = []
    for result in results:
        if result.error:
            failed.append(f"{result.path.relative_to(ROOT)}:\n{result.error}")
            continue
        notebook = result.notebook
        try:
            prose.prepare_for_lab(notebook, str(result.path.relative_to(ROOT)))
        except prose.ProseError as error:
            failed.append(str(error))
            continue
        previous = notebook.metadata.pop(METADATA_KEY, None) or {}
        kept = {key: value for key, value in previous.items() if key not in RUN_KEYS}
        record = kept | run_metadata(notebook, previous, today)
        if record:
            notebook.metadata[METADATA_KEY] = record
        nbformat.write(notebook, result.path)
    if failed:
        sys.exit("Not saved, a cell raised:\n" + "\n\n".join(failed))
    print(f"executed and saved {len(results)} notebooks in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
