"""REPLICATION.md: its generated tables equal what tools.replication gives from today's files."""

from __future__ import annotations

import json

import pytest

from tools import replication
from tools.toc import ROOT, book_notebooks


def test_generated_tables_are_current():
    """Regenerate the dataset list and the output map and compare (run the tool when this fails)."""
    current = replication.REPLICATION.read_text(encoding="utf-8")
    assert replication.render(current) == current, (
        "REPLICATION.md is stale: run `.venv/bin/python -m tools.replication` and commit it"
    )


def test_every_figure_and_table_of_every_notebook_is_mapped():
    """Each shown PNG and HTML table of each notebook has one row, pointing at its cell."""
    text = replication.REPLICATION.read_text(encoding="utf-8")
    for notebook in book_notebooks():
        name = notebook.relative_to(ROOT).as_posix()
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        expected = sum(
            1
            for cell in cells
            if cell["cell_type"] == "code"
            and not {"remove-cell", "remove-output"} & set(cell["metadata"].get("tags", []))
            for output in cell.get("outputs", [])
            if "scrapbook" not in output.get("metadata", {})
            # the English edition's outputs (each has its Chinese twin)
            and output.get("metadata", {}).get("ecommod", {}).get("language", "en") == "en"
            and (
                "image/png" in output.get("data", {})
                or "<table" in "".join(output.get("data", {}).get("text/html", ""))
            )
        )
        mapped = [line for line in text.splitlines() if line.startswith(f"| `{name}` |")]
        assert len([r for r in mapped if "| List " not in r]) == expected, name
        for row in mapped:
            cell_id = row.split("(`")[1].split("`)")[0]
            assert any(c.get("id") == cell_id for c in cells), f"{name}: no cell {cell_id}"


def test_a_new_figure_changes_the_map(tmp_path):
    """The map follows the notebooks: one more figure in a cell gives one more row."""
    notebook = book_notebooks()[1]
    content = json.loads(notebook.read_text(encoding="utf-8"))
    before = replication.output_rows(notebook)
    figure = {"output_type": "display_data", "data": {"image/png": "iVBORw0K"}, "metadata": {}}
    code_cells = [c for c in content["cells"] if c["cell_type"] == "code"]
    code_cells[-1]["outputs"].append(figure)
    changed = tmp_path / notebook.name
    changed.write_text(json.dumps(content), encoding="utf-8")
    after = replication.output_rows(changed)
    assert len(after) == len(before) + 1
    assert after[-1]["output"].startswith("Figure ")


def test_glued_and_removed_outputs_are_not_mapped(tmp_path):
    notebook = tmp_path / "demo.ipynb"
    png = {"image/png": "iVBORw0K"}
    glued = {"output_type": "display_data", "data": png, "metadata": {"scrapbook": {}}}
    cells = [
        {"cell_type": "markdown", "source": ["## 2.1 A section"], "metadata": {}},
        {
            "cell_type": "code",
            "id": "shown",
            "metadata": {"tags": ["remove-input"]},
            "source": [],
            "outputs": [{"output_type": "display_data", "data": png, "metadata": {}}],
        },
        {
            "cell_type": "code",
            "id": "glued",
            "metadata": {},
            "source": [],
            "outputs": [glued],
        },
        {
            "cell_type": "code",
            "id": "removed",
            "metadata": {"tags": ["remove-cell"]},
            "source": [],
            "outputs": [{"output_type": "display_data", "data": png, "metadata": {}}],
        },
    ]
    notebook.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    rows = replication.output_rows(notebook)
    assert [(r["output"], r["section"], r["cell"]) for r in rows] == [
        ("Figure 1", "2.1 A section", "2 (`shown`)")
    ]


def test_a_missing_block_is_named():
    with pytest.raises(ValueError, match="output-map"):
        replication.render("# no markers here\n", {"output-map": lambda: ""})


@pytest.mark.book
def test_status_page_lists_every_notebook_and_the_installed_versions(built_book):
    """The build writes the status page: each notebook's execution and this environment."""
    from importlib import metadata

    from bs4 import BeautifulSoup

    html, _ = built_book
    soup = BeautifulSoup((html / "book" / "status.html").read_text(encoding="utf-8"), "html.parser")
    executions, versions = soup.select("main table")
    rows = [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in executions.select("tbody tr")
    ]
    assert len(rows) == len(book_notebooks()) + 1, "one row per notebook, then the total"
    for row in rows[:-1]:
        assert row[1] in {"executed in this build", "execution cache of an earlier run"}
        assert float(row[2]) > 0 and row[3] == "succeeded", row
    assert float(rows[-1][2]) == pytest.approx(
        sum(float(r[2]) for r in rows[:-1]), abs=0.1 * len(rows)
    )
    shown = dict(
        tuple(td.get_text(strip=True) for td in tr.select("td"))
        for tr in versions.select("tbody tr")
    )
    for name in ("numpy", "pandas", "statsmodels", "jupyter-book", "myst-nb"):
        assert shown[name] == metadata.version(name)


def test_the_workflow_runs_ci_run_and_publishes_the_book_it_tested():
    """.github/workflows/book.yml runs .ci/run and nothing else, then publishes _build/html,
    where .ci/run has make test's book build write the book (ECOMMOD_BOOK_OUTPUT)."""
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text())
    build = workflow["jobs"]["test-and-build"]
    assert [step["run"].strip() for step in build["steps"] if "run" in step] == [".ci/run"]
    assert "ECOMMOD_EXTERNAL_DATA" not in str(build.get("env", {})), "no third-party data"
    ci_run = (ROOT / ".ci" / "run").read_text()
    assert "apt-get install -y -qq chromium fonts-noto-cjk" in ci_run
    assert ci_run.rstrip().endswith("make test")
    assert 'export ECOMMOD_BOOK_OUTPUT="$PWD"' in ci_run
    assert "if [ -d ../shared/data/external ]" in ci_run, "works with or without the data"
    upload = [s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", "")]
    assert upload[0]["with"]["path"] == "_build/html"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "test-and-build" and "refs/heads/main" in deploy["if"]
    assert any("deploy-pages" in step.get("uses", "") for step in deploy["steps"])
