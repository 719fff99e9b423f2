"""The committed notebooks are what nbval compares against: run in order, clean, deterministic."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from conftest import NOTEBOOKS, REPO_ROOT


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
    headings = [  # of the English prose (its Chinese twin has the same: tests/test_editions.py)
        line
        for c in notebook.cells
        if c.cell_type == "markdown" and "zh" not in c.metadata.get("tags", [])
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


GLUE_REFERENCE = re.compile(r"\{glue(?::\w+)?\}`([A-Za-z_][A-Za-z0-9_]*)")


def glued(notebook) -> dict[str, str]:
    """Every glued name of an executed notebook with the text a reader sees."""
    values = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                data = output["data"]
                values[name] = data.get(
                    "application/papermill.record/text/markdown",
                    data.get("application/papermill.record/text/plain"),
                )
    return values


def glue_references(notebook) -> set[str]:
    return {
        name
        for cell in notebook.cells
        if cell.cell_type == "markdown"
        for name in GLUE_REFERENCE.findall(cell.source)
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_glue_reference_is_glued_at_the_precision_shown(path):
    notebook = nbformat.read(path, as_version=4)
    values = glued(notebook)
    assert glue_references(notebook) - set(values) == set()
    long_floats = {k: v for k, v in values.items() if re.fullmatch(r"-?\d+\.\d{5,}", str(v))}
    assert long_floats == {}, "glue numbers through ecommod.present.glue_number"


def parameters_cell(notebook):
    cells = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, "one cell tagged 'parameters'"
    return cells[0]


@pytest.mark.parametrize(
    "path", [p for p in NOTEBOOKS if p.parent.name == "notebooks"], ids=lambda p: p.name
)
def test_chapter_has_a_parameters_cell_near_the_top(path):
    notebook = nbformat.read(path, as_version=4)
    cell = parameters_cell(notebook)
    english = [c for c in notebook.cells if "zh" not in c.metadata.get("tags", [])]
    assert english.index(cell) <= 3  # counted without the Chinese twins of the prose above it
    assert re.search(r"^[A-Z_]+ = ", cell.source, re.MULTILINE)


def run_with_parameters(path: Path, changes: dict[str, str], tmp_path: Path, env: dict):
    """Execute a copy of the notebook with some parameters changed, as a student would, in a
    kernel started with ``env`` (the ``kernel_env`` fixture)."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    cell = parameters_cell(notebook)
    for name, value in changes.items():
        cell.source, count = re.subn(
            rf"^{name} = [^#\n]*", f"{name} = {value}  ", cell.source, flags=re.MULTILINE
        )
        assert count == 1, f"{name} is not set in the parameters cell"
    NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute(env=env)
    nbformat.write(notebook, tmp_path / path.name)
    return notebook


def test_market_chapter_follows_changed_parameters(tmp_path, kernel_env):
    """A 2028 horizon and a 2021 break: the chapter runs and its prose says so."""
    path = REPO_ROOT / "notebooks" / "00_market.ipynb"
    default = glued(nbformat.read(path, as_version=4))
    changed = glued(
        run_with_parameters(
            path, {"FORECAST_UNTIL": "2028", "BREAK_YEAR": "2021"}, tmp_path, kernel_env
        )
    )
    assert (changed["forecast_until"], changed["break_year"]) == ("2028", "2021")
    assert changed["break_model"] == "linear trend, break in 2021"
    assert changed["comparable_n_after"] == "4"  # 2021-2024
    for name in ("chow_f", "growth_before", "forecast_end", "share_end_break"):
        assert changed[name] != default[name], name
    prose = " ".join(
        c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"
    )
    assert "2030" not in prose and "break in 2020" not in prose, "prose must not type a parameter"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_outputs_record_the_declared_third_party_data(path):
    """A notebook whose cells need third-party data records, in its metadata, the content
    fingerprints of the copies its committed outputs were computed with (the declared ones:
    the published book shows those outputs) and the date of that run."""
    import datetime
    import json

    from tools.execute_notebooks import METADATA_KEY, RUN_KEYS, external_cells

    notebook = nbformat.read(path, as_version=4)
    needed = {name for names in external_cells(notebook).values() for name in names}
    record = notebook.metadata.get(METADATA_KEY, {})
    if not needed:
        assert not set(record) & set(RUN_KEYS)
        return
    descriptor = json.loads((REPO_ROOT / "data" / "external.datapackage.json").read_text())
    declared = {r["name"]: r["ecommod:fingerprint"]["sha256"] for r in descriptor["resources"]}
    assert record["external_data"] == {name: declared[name] for name in sorted(needed)}
    datetime.date.fromisoformat(record["external_run_date"])


def test_cells_that_use_third_party_results_need_the_data_too():
    """external_cells follows variables from tagged cells, statement by statement."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from tools.execute_notebooks import external_cells

    def tagged(source, name):
        return new_code_cell(source, metadata={"tags": [f"external:{name}", "hide-input"]})

    notebook = new_notebook(
        cells=[
            tagged("panel = data.load_external('a')", "a"),  # 0: tagged
            new_markdown_cell("panel"),  # 1: prose
            new_code_cell("x = panel.sum()\nprint(x)"),  # 2: reads panel
            new_code_cell("print(x + 1)"),  # 3: reads x, set from panel
            new_code_cell("fig, ax = plt.subplots()\nfig.savefig('p')"),  # 4: its own fig
            tagged("other = data.load_external('b')", "b"),  # 5: tagged
            new_code_cell("other = other.dropna()\nframe['y'] = other"),  # 6: reads other
            new_code_cell("print(frame)"),  # 7: frame was changed with b
            new_code_cell("panel = 3\n%time y = panel"),  # 8: sets panel afresh
            new_code_cell("print(panel)"),  # 9: panel no longer from a
            new_code_cell("def f():\n    return x\n"),  # 10: a function reading x
            new_code_cell("f()"),  # 11: calls it
        ]
    )
    assert external_cells(notebook) == {
        0: ("a",),
        2: ("a",),
        3: ("a",),
        5: ("b",),
        6: ("b",),
        7: ("b",),
        10: ("a",),
        11: ("a",),
    }
