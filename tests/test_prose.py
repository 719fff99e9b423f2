"""The saved notebooks read in JupyterLab as in the book: numbers, citations, folded helper code.

jupyterlab-myst shows a markdown cell's inline expressions from its ``user_expressions`` metadata
until the kernel evaluates them again; tools/prose.py writes them after execution. These tests fail
when a committed notebook's stored prose is not what its own outputs glue, when a cell the book
hides is open in JupyterLab, or when markdown holds a role JupyterLab cannot resolve.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from tools import prose
from tools.toc import ROOT, book_notebooks

NOTEBOOKS = book_notebooks()
#: Roles that only Sphinx resolves: in JupyterLab they show a key or "Citation Not Found".
SPHINX_ONLY_ROLE = re.compile(r"\{(glue(:[a-z]+)?|cite(:[a-z]+)?|term|doc|ref|numref|download)\}`")


def _name(path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=_name)
def notebook(request):
    return request.param, nbformat.read(request.param, as_version=4)


def test_saved_prose_is_what_the_outputs_glue(notebook):
    path, nb = notebook
    expected = prose.user_expressions(nb, _name(path))
    stale = [
        index
        for index, (cell, stored) in enumerate(zip(nb.cells, expected, strict=True))
        if cell.metadata.get("user_expressions") != stored
    ]
    assert not stale, f"{_name(path)} cells {stale}: run make notebooks (tools/prose.py)"


def test_markdown_uses_no_role_jupyterlab_cannot_resolve(notebook):
    path, nb = notebook
    found = [
        (index, match.group(0))
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "markdown"
        for match in SPHINX_ONLY_ROLE.finditer(cell.source)
    ]
    assert not found, f"{_name(path)}: use {{eval}}`prose.…`/`cite.…` or a markdown link: {found}"


def test_code_the_book_hides_is_folded_in_jupyterlab(notebook):
    path, nb = notebook
    wrong = [
        index
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        and bool(prose.HIDDEN_CODE_TAGS & set(cell.metadata.get("tags", [])))
        != bool(cell.metadata.get("jupyter", {}).get("source_hidden"))
    ]
    assert not wrong, (
        f"{_name(path)} cells {wrong}: folded in JupyterLab only if hidden in the book"
    )


def test_notebooks_declare_the_kernel_jupyterlab_starts(notebook):
    path, nb = notebook
    assert nb.metadata.get("kernelspec") == prose.KERNELSPEC, _name(path)


def test_a_prose_name_glued_below_its_sentence_is_refused():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("from ecommod.prose import prose"),
        nbformat.v4.new_markdown_cell("The index rose {eval}`prose.change` points."),
        nbformat.v4.new_code_cell("glue_number('change', 1.25)"),
    ]
    nb.cells[2].outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={prose.GLUE_PREFIX + "text/markdown": "1.2"},
            metadata={"scrapbook": {"name": "change"}},
        )
    ]
    with pytest.raises(prose.ProseError, match=r"cell 1: \{eval\}`prose.change` is not glued"):
        prose.user_expressions(nb)
    nb.cells[1:] = reversed(nb.cells[1:])
    stored = prose.user_expressions(nb)
    assert stored[2][0]["result"]["data"]["text/plain"] == "1.2"


def test_citations_read_as_the_bibliography_names_them():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("from ecommod.prose import cite, citep"),
        nbformat.v4.new_markdown_cell("See {eval}`citep.theil1967economics`."),
    ]
    assert prose.user_expressions(nb)[1][0]["result"]["data"]["text/plain"] == "(Theil 1967)"
    nb.cells[1].source = "See {eval}`cite.no_such_key`."
    with pytest.raises(prose.ProseError, match="no_such_key"):
        prose.user_expressions(nb)


def test_an_expression_before_the_import_of_its_namespace_is_refused():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title, after {eval}`cite.theil1967economics`"),
        nbformat.v4.new_code_cell("from ecommod.prose import cite"),
    ]
    with pytest.raises(prose.ProseError, match="cell 0: .* before the code cell that imports cite"):
        prose.user_expressions(nb)
