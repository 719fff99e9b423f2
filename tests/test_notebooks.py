"""The committed notebooks are what nbval compares against: run in order, clean, deterministic."""

from __future__ import annotations

import nbformat
import pytest

from conftest import NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_executed_in_order_without_timestamps(path):
    notebook = nbformat.read(path, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code" and c.source.strip()]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert not [c for c in code for o in c.outputs if o.output_type == "error"]
    assert not [c.id for c in notebook.cells if "execution" in c.metadata], "timestamps saved"
    stderr = [
        o.text for c in code for o in c.outputs if o.output_type == "stream" and o.name == "stderr"
    ]
    assert stderr == [], "a warning was printed; the book build would fail on it"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_follows_the_chapter_template(path):
    notebook = nbformat.read(path, as_version=4)
    headings = [
        line
        for c in notebook.cells
        if c.cell_type == "markdown"
        for line in c.source.splitlines()
        if line.startswith("#")
    ]
    assert sum(h.startswith("# ") for h in headings) == 1, "exactly one title"
    if path.parent.name == "notebooks":
        for section in (
            "## Overview",
            "## Prerequisites",
            "## Claims checked in this chapter",
            "## Summary",
        ):
            assert any(h.startswith(section) for h in headings), section
