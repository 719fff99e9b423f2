"""Make a saved notebook read in JupyterLab as it reads in the book, before anything runs.

After execution (tools/execute_notebooks.py) every markdown cell gets, in its ``user_expressions``
metadata, the value of each of its inline expressions (`` {eval}`prose.name` ``,
`` {eval}`cite.key` ``: ecommod/prose.py) in the form jupyterlab-myst stores after evaluating them
in a kernel. The value of ``prose.name`` is the text the notebook glued as ``name`` in a code cell
*above* the markdown cell, as a kernel running the cells in order would have it; a name glued only
further down, or never, or an expression above the cell that imports its namespace
(``from ecommod.prose import cite``), is an error naming the cell.

Cells the book hides (tags hide-input, remove-input, remove-cell) are folded in JupyterLab (the
cell metadata ``jupyter.source_hidden``), and every notebook declares the kernel JupyterLab
starts, so opening one does not mark it modified.
"""

from __future__ import annotations

import re

from ecommod.prose import CHINESE_GLUE_SUFFIX, NAMESPACES, cite, citep

INLINE_EXPRESSION = re.compile(r"\{eval\}`([^`]+)`")
PROSE_IMPORT = re.compile(r"^from ecommod\.prose import (.+)$", re.MULTILINE)
GLUE_PREFIX = "application/papermill.record/"
#: Tags with which the book hides a cell's code: the same cells are folded in JupyterLab.
HIDDEN_CODE_TAGS = {"hide-input", "remove-input", "remove-cell"}
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


class ProseError(ValueError):
    """An inline expression a reader would see unevaluated."""


def glued_text(cell) -> dict[str, str]:
    """The texts a code cell glued (ecommod.present.glue_text), by name."""
    texts = {}
    for output in cell.get("outputs", []):
        name = output.get("metadata", {}).get("scrapbook", {}).get("name")
        markdown = output.get("data", {}).get(GLUE_PREFIX + "text/markdown")
        if name and markdown is not None:
            texts[name] = markdown
    return texts


def _value(expression: str, glued: dict[str, str], imported: set[str], where: str) -> str:
    namespace, _, name = expression.strip().partition(".")
    if namespace in NAMESPACES and namespace not in imported:
        raise ProseError(
            f"{where}: {{eval}}`{expression}` comes before the code cell that imports {namespace} "
            f"(from ecommod.prose import {namespace}): Run All would show a NameError there"
        )
    if namespace == "prose_zh" and name + CHINESE_GLUE_SUFFIX in glued:
        return glued[name + CHINESE_GLUE_SUFFIX]
    if namespace in ("prose", "prose_zh"):
        if name not in glued:
            raise ProseError(
                f"{where}: {{eval}}`{expression}` is not glued by any code cell above it "
                "(a kernel running the cells in order could not show it)"
            )
        return glued[name]
    if namespace in ("cite", "citep"):
        try:
            return str(getattr(cite if namespace == "cite" else citep, name))
        except AttributeError as error:
            raise ProseError(f"{where}: {{eval}}`{expression}`: {error}") from None
    raise ProseError(
        f"{where}: {{eval}}`{expression}` is none of prose.<name>, prose_zh.<name>, cite.<key>, "
        "citep.<key>"
    )


def user_expressions(notebook, name: str = "notebook") -> list[list[dict] | None]:
    """Per cell, what jupyterlab-myst would store for its inline expressions (None: no prose)."""
    glued: dict[str, str] = {}
    imported: set[str] = set()
    stored: list[list[dict] | None] = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            for names in PROSE_IMPORT.findall(cell.source):
                names = names.split("#")[0]
                imported.update(name.strip(" ()") for name in names.split(","))
            glued.update(glued_text(cell))
            stored.append(None)
            continue
        expressions = INLINE_EXPRESSION.findall(cell.source) if cell.cell_type == "markdown" else []
        stored.append(
            [
                {
                    "expression": expression,
                    "result": {
                        "status": "ok",
                        "data": {
                            "text/plain": _value(
                                expression, glued, imported, f"{name} cell {index}"
                            )
                        },
                        "metadata": {},
                    },
                }
                for expression in expressions
            ]
            or None
        )
    return stored


def prepare_for_lab(notebook, name: str = "notebook") -> None:
    """Store the prose's values, fold the hidden code and declare the kernel, in place."""
    for cell, expressions in zip(notebook.cells, user_expressions(notebook, name), strict=True):
        if expressions is None:
            cell.metadata.pop("user_expressions", None)
        else:
            cell.metadata["user_expressions"] = expressions
        if cell.cell_type == "code":
            jupyter = cell.metadata.setdefault("jupyter", {})
            if HIDDEN_CODE_TAGS & set(cell.metadata.get("tags", [])):
                jupyter["source_hidden"] = True
            else:
                jupyter.pop("source_hidden", None)
            if not jupyter:
                del cell.metadata["jupyter"]
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
