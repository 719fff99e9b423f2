"""The generated parts of REPLICATION.md: the dataset list and the map of every figure and table.

Both are written between marker comments (``<!-- begin: NAME -->`` / ``<!-- end: NAME -->``) from
the repository's own files, so they cannot drift from what the book shows: the dataset list from
``data/datapackage.json`` and ``data/external.datapackage.json``; the output map from the committed
outputs of every notebook in ``_toc.yml`` (what nbval checks and the book shows). A figure is a
displayed PNG, a table an HTML ``<table>``, a list the claim records of ``present.record_list``;
outputs of cells tagged ``remove-cell`` or ``remove-output`` (not shown in the book) and glued
values (shown where they are referenced) are left out. tests/test_replication.py regenerates both
and compares.

Usage: python -m tools.replication [--check]   (--check: exit 1 when REPLICATION.md is stale)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from html import unescape
from pathlib import Path

from ecommod.language import METADATA_KEY
from tools.execute_notebooks import external_cells
from tools.toc import ROOT, book_notebooks

REPLICATION = ROOT / "REPLICATION.md"
HIDDEN_OUTPUT_TAGS = {"remove-cell", "remove-output"}
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$", re.MULTILINE)
CAPTION = re.compile(r"<caption>(.*?)</caption>|class=\"ecommod-caption\"><strong>(.*?)</strong>")


def _markdown_cell(text: str) -> str:
    """A table cell's text: one line, pipes escaped, Markdown emphasis markers removed."""
    return " ".join(text.replace("|", "\\|").replace("*", "").split())


def _shown_outputs(cell: dict) -> list[tuple[str, str]]:
    """What a code cell shows in the book, in order: ("Figure" | "Table" | "List", caption)."""
    shown = []
    for output in cell.get("outputs", []):
        if "scrapbook" in output.get("metadata", {}):
            continue  # a glued value: it appears where the prose references it
        if output.get("metadata", {}).get(METADATA_KEY, {}).get("language", "en") != "en":
            continue  # the Chinese edition's twin of an output listed in English
        bundle = output.get("data", {})
        html = "".join(bundle.get("text/html", ""))
        caption = CAPTION.search(html)
        caption_text = unescape(re.sub(r"<[^>]+>", "", caption[1] or caption[2])) if caption else ""
        if "image/png" in bundle:
            shown.append(("Figure", ""))
        elif "<table" in html:
            shown.append(("Table", caption_text))
        elif "ecommod-records" in html:
            shown.append(("List", caption_text))
    return shown


def output_rows(notebook: Path) -> list[dict]:
    """One row per figure, table or list that ``notebook`` shows, numbered in reading order."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    needs = external_cells({"cells": cells})
    rows, counters, section = [], {"Figure": 0, "Table": 0, "List": 0}, ""
    for position, cell in enumerate(cells, start=1):
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            if "zh" in cell.get("metadata", {}).get("tags", []):
                continue  # the Chinese twin of the cell above: the sections are named in English
            headings = HEADING.findall(source)
            section = headings[-1][1] if headings else section
            continue
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell["cell_type"] != "code" or tags & HIDDEN_OUTPUT_TAGS:
            continue
        external = needs.get(position - 1, ())
        for kind, caption in _shown_outputs(cell):
            counters[kind] += 1
            rows.append(
                {
                    "output": f"{kind} {counters[kind]}",
                    "section": section,
                    "cell": f"{position} (`{cell.get('id', '')}`)",
                    "caption": caption,
                    "external": ", ".join(external),
                }
            )
    return rows


def output_map(notebooks: list[Path] | None = None) -> str:
    """The Markdown table from every figure and table of the book to the cell that makes it."""
    lines = [
        "| notebook | output | section | cell (position, id) | caption | needs third-party data |",
        "|---|---|---|---|---|---|",
    ]
    for notebook in notebooks or book_notebooks():
        name = notebook.relative_to(ROOT).as_posix()
        for row in output_rows(notebook):
            cells = [f"`{name}`", row["output"], row["section"], row["cell"], row["caption"]]
            cells.append(row["external"] or "no")
            lines.append("| " + " | ".join(_markdown_cell(c) or "—" for c in cells) + " |")
    return "\n".join(lines)


def dataset_list() -> str:
    """The Markdown table of every dataset declared in data/, own and third-party."""
    lines = [
        "| file | dataset | provided | licence | rows |",
        "|---|---|---|---|---|",
    ]
    for package, provided in (
        ("datapackage.json", "yes, in `data/`"),
        ("external.datapackage.json", "no: obtain from the publisher (see below)"),
    ):
        descriptor = json.loads((ROOT / "data" / package).read_text(encoding="utf-8"))
        for resource in descriptor["resources"]:
            licences = resource.get("licenses") or descriptor.get("licenses", [])
            cells = [
                f"`{resource['path']}`",
                resource.get("title", resource["name"]),
                provided,
                "; ".join(lic.get("title", lic["name"]) for lic in licences),
                str(resource.get("ecommod:rows", "")),
            ]
            lines.append("| " + " | ".join(_markdown_cell(c) or "—" for c in cells) + " |")
    return "\n".join(lines)


GENERATED = {"dataset-list": dataset_list, "output-map": output_map}


def block(name: str) -> re.Pattern:
    """The marked block ``name`` of a Markdown file (markers included)."""
    return re.compile(rf"(<!-- begin: {name} .*?-->\n)(.*?)(<!-- end: {name} -->)", re.DOTALL)


def render(text: str, generators: dict = GENERATED) -> str:
    """``text`` with each marked block replaced by what its generator gives now.

    Raises ValueError naming a block whose markers are missing.
    """
    for name, generate in generators.items():
        pattern = block(name)
        if not pattern.search(text):
            raise ValueError(f"no marked block {name!r}: expected '<!-- begin: {name} ... -->'")
        content = generate()
        text = pattern.sub(lambda m, c=content: f"{m[1]}{c}\n{m[3]}", text)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    check = parser.parse_args().check
    current = REPLICATION.read_text(encoding="utf-8")
    fresh = render(current)
    if check:
        if fresh != current:
            sys.exit("REPLICATION.md is stale: run python -m tools.replication")
        return
    REPLICATION.write_text(fresh, encoding="utf-8")
    print(f"wrote the generated blocks of {REPLICATION.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
