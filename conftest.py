"""Shared test fixtures, and the rule that skips only the checks whose external data are absent.

It sits at the repository root so that it also governs the nbval items of notebooks/ and book/.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
from pathlib import Path

import pytest
from filelock import FileLock

from ecommod import data
from ecommod.cache import CACHE_ENV_VAR
from ecommod.language import BOTH, LANGUAGE_ENV_VAR
from tools.build_book import RESULT_CACHE, build
from tools.execute_notebooks import external_cells
from tools.toc import book_notebooks

REPO_ROOT = data.REPO_ROOT


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the project's data/ (without external files) that a test may damage."""
    target = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, target, ignore=shutil.ignore_patterns("external"))
    return target


#: Every notebook of the book (chapters and report pages), from _toc.yml.
NOTEBOOKS = book_notebooks()


def notebook_hashes() -> str:
    """One line per notebook of the book with its SHA-256, to show a build rewrote none."""
    return "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n" for p in NOTEBOOKS)


#: Where ``built_book`` builds (.ci/run: the checkout, so the book it tested is published);
#: unset: a new temporary folder, so every notebook is executed.
BOOK_OUTPUT_ENV_VAR = "ECOMMOD_BOOK_OUTPUT"


def _run_folder(tmp_path_factory) -> Path:
    """One folder for this test run, the same for every pytest-xdist worker: the configured
    ``$ECOMMOD_BOOK_OUTPUT``, or a new temporary folder of this run."""
    configured = os.environ.get(BOOK_OUTPUT_ENV_VAR, "").strip()
    if configured:
        return Path(configured).resolve()
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # each worker's folder sits in the run's folder
        base = base.parent
    folder = base / "book"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def kernel_env(tmp_path_factory) -> dict[str, str]:
    """The environment of the kernels the tests start (chapters run with other parameters, the
    "What to try" suggestions, JupyterLab): the book build's results cache turned on
    (ecommod/cache.py), so a model check already computed from the same code, data and
    third-party files is read, not computed again. Its keys are content digests: a result is
    reused only where the computation would be the same; the unit tests, which change module
    constants in the process, run without it."""
    return {
        **os.environ,
        CACHE_ENV_VAR: str(_run_folder(tmp_path_factory) / "_build" / RESULT_CACHE),
    }


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> tuple[Path, str]:
    """Build the book into ``$ECOMMOD_BOOK_OUTPUT`` or a new temporary folder (from scratch).

    This is the one execution of every notebook in ``make test``: test_book compares its outputs
    with the committed ones as nbval would. A build into a folder that holds an earlier build
    executes only the notebooks whose code, data or third-party files changed since (their
    outputs are keyed by content digests, tools/build_book.py).
    Returns the HTML folder and the build log; the notebooks' hashes before the build are kept
    beside it so a test can check that the build rewrote none of them.
    """
    output = _run_folder(tmp_path_factory)
    (output / "_build").mkdir(parents=True, exist_ok=True)
    (output / "_build" / "notebook-hashes-before").write_text(notebook_hashes())
    # One build at a time into a folder (several test workers, or a second make test): the
    # next one finds the book current and only checks its digests.
    with FileLock(output / "_build" / ".build.lock"):
        returncode, log = build(output, capture=True)
    assert returncode == 0, log[-5000:]
    return output / "_build" / "html", log


def missing_external(names: list[str]) -> list[str]:
    """Messages for each named external dataset that is not on this machine.

    A copy whose values differ from the declared one is not missing: its tests run.
    """
    return [
        data.unavailable_message(d) for d in map(data.external_dataset, names) if not d.available
    ]


def required_external(item) -> list[str]:
    """External datasets a test needs: its ``external`` marker, or what a notebook cell needs.

    A notebook cell that reads third-party data carries the tag ``external:<dataset name>``, and
    a cell that uses its result needs it too (tools.execute_notebooks.external_cells follows the
    variables, as the book build does), so only those cells are skipped when it is absent.
    """
    if marker := item.get_closest_marker("external"):
        return list(marker.args)
    cell = getattr(item, "cell", None)
    notebook = getattr(item.parent, "nb", None)
    if cell is None or notebook is None:
        return []
    index = next(i for i, c in enumerate(notebook.cells) if c is cell)
    return list(_external_cells(notebook).get(index, ()))


_ANALYSED: dict[int, tuple[object, dict]] = {}


def _external_cells(notebook) -> dict[int, tuple[str, ...]]:
    """:func:`external_cells` of a notebook, once per notebook object (kept alive with it)."""
    if id(notebook) not in _ANALYSED:
        _ANALYSED[id(notebook)] = (notebook, external_cells(notebook))
    return _ANALYSED[id(notebook)][1]


def pytest_configure(config):
    """Under nbval (``--nbval``), its kernels run the notebooks as the book's build does, with
    every output in both languages (ecommod/language.py), as the committed outputs were made."""
    if config.getoption("nbval", default=False) or config.getoption("nbval_lax", default=False):
        os.environ[LANGUAGE_ENV_VAR] = BOTH


#: Under pytest-xdist (``make test`` runs ``-n auto --dist loadfile``: each module's tests on one
#: worker), the modules that start first: the one whose first test builds the book (the other
#: modules that read the book start later and find it built, behind a file lock), then the
#: longest units of work, so that none of them starts last.
FIRST_MODULES = ("test_book", "test_what_to_try", "test_lab")


def pytest_collection_modifyitems(config, items):
    """Run :data:`FIRST_MODULES` first; then skip the checks whose external data are absent
    (:func:`_skip_without_external_data`)."""
    rank = {name: position for position, name in enumerate(FIRST_MODULES)}
    items.sort(key=lambda item: rank.get(item.path.stem, len(rank)))
    _skip_without_external_data(items)


def _skip_without_external_data(items):
    """Skip, with the reason, only the checks whose external datasets are not on this machine.

    With ECOMMOD_REQUIRE_EXTERNAL=1 (as in CI) those checks fail instead, so they cannot
    silently skip.
    """
    required = os.environ.get(data.REQUIRE_EXTERNAL_ENV_VAR) == "1"
    for item in items:
        if not ((names := required_external(item)) and (reasons := missing_external(names))):
            continue
        reason = " | ".join(reasons)
        if required:
            item.runtest = functools.partial(
                pytest.fail, f"{data.REQUIRE_EXTERNAL_ENV_VAR}=1 and {reason}", pytrace=False
            )
        else:
            item.add_marker(pytest.mark.skip(reason=reason))


# Headless Chromium (Debian's package) for the browser checks of the book and of JupyterLab.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def playwright():
    if not CHROMIUM.is_file():
        if os.environ.get("ECOMMOD_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing; install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium to run the browser checks)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright):
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
    yield chromium
    chromium.close()
