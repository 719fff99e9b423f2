"""Each chapter's "What to try" suggestions run, and the prose still has every number it shows.

A chapter lists its suggestions in ``metadata["ecommod"]["what_to_try"]`` (one dict of parameter
values per suggestion, as its "What to try" section words them). Each is run as a student would:
the parameters cell is changed, then every cell runs in order. The chapter must run without an
error and every inline expression of its prose must be glued above it (tools/prose.py), so that
after "Run All" JupyterLab shows a number, not an error; the sentences that state a direction are
computed from those numbers (tests/test_prose.py keeps fixed prose free of them).
"""

from __future__ import annotations

import re

import nbformat
import pytest

from tools import execute_notebooks, prose
from tools.toc import book_notebooks

CHAPTERS = [path for path in book_notebooks() if path.parent.name == "notebooks"]


def suggestions(path):
    return nbformat.read(path, as_version=4).metadata.get("ecommod", {}).get("what_to_try", [])


CASES = [
    pytest.param(
        path, suggestion, id=f"{path.stem}:{','.join(f'{k}={v}' for k, v in suggestion.items())}"
    )
    for path in CHAPTERS
    for suggestion in suggestions(path)
]


def with_parameters(notebook, values: dict) -> None:
    """Set ``values`` in the cell tagged ``parameters`` (a str value is Python source, as typed)."""
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    for name, value in values.items():
        source = value if isinstance(value, str) else repr(value)
        pattern = re.compile(rf"^{re.escape(name)}\s*=\s*[^#\n]*?(\s*#.*)?$", re.MULTILINE)
        cell.source, found = pattern.subn(
            lambda m, s=source, n=name: f"{n} = {s}{m.group(1) or ''}", cell.source
        )
        assert found == 1, f"{name} is not set in the parameters cell"


def test_every_chapter_suggests_something_to_try():
    assert all(suggestions(path) for path in CHAPTERS), [
        path.name for path in CHAPTERS if not suggestions(path)
    ]


@pytest.fixture(scope="module")
def executed(tmp_path_factory, kernel_env) -> dict:
    """Every suggestion's variant of its chapter, executed in one batch (one kernel per core),
    by case id."""
    folder = tmp_path_factory.mktemp("what_to_try")
    variants = {}
    for case in CASES:
        path, suggestion = case.values
        notebook = nbformat.read(path, as_version=4)
        with_parameters(notebook, suggestion)
        variant = folder / f"{len(variants):02d}_{path.name}"
        nbformat.write(notebook, variant)
        variants[variant] = case.id
    results = execute_notebooks.execute(
        list(variants), env=kernel_env, report=lambda line: None, root=folder
    )
    return {variants[result.path]: result for result in results}


@pytest.mark.parametrize(("path", "suggestion"), CASES)
def test_a_suggestion_runs_and_its_prose_has_its_numbers(path, suggestion, executed, request):
    result = executed[request.node.callspec.id]
    assert not result.error, f"{path.name} with {suggestion}:\n{result.error[-2000:]}"
    prose.user_expressions(result.notebook, f"{path.name} with {suggestion}")
