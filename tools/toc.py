"""The book's pages, read from _toc.yml: the one list of what the book holds.

``book_notebooks()`` is what the tests (nbval, template, hash checks), ``make notebooks`` and the
benchmarks use, so a chapter added to _toc.yml is picked up everywhere.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOC = ROOT / "_toc.yml"
SUFFIXES = (".ipynb", ".md")


def _entries(node) -> list[str]:
    """Every ``file:`` and ``root:`` value of a _toc.yml node, in reading order."""
    if isinstance(node, list):
        return [name for child in node for name in _entries(child)]
    if not isinstance(node, dict):
        return []
    names = [node[key] for key in ("root", "file") if key in node]
    for key in ("parts", "chapters", "sections"):
        names += _entries(node.get(key, []))
    return names


def book_pages(toc: Path = TOC) -> list[Path]:
    """The source file of every page in ``toc``, in reading order (absolute paths).

    Raises FileNotFoundError naming the entry when a page has no .ipynb or .md source.
    """
    import yaml

    pages = []
    for name in _entries(yaml.safe_load(toc.read_text(encoding="utf-8"))):
        if name.endswith(SUFFIXES):
            candidates = [toc.parent / name]
        else:
            candidates = [toc.parent / f"{name}{suffix}" for suffix in SUFFIXES]
        found = [path for path in candidates if path.is_file()]
        if not found:
            raise FileNotFoundError(
                f"{toc.name}: entry {name!r} has no source file (looked for "
                f"{', '.join(p.name for p in candidates)})"
            )
        pages.append(found[0])
    return pages


def book_notebooks(toc: Path = TOC) -> list[Path]:
    """The notebooks of the book (chapters and report pages), in reading order."""
    return [page for page in book_pages(toc) if page.suffix == ".ipynb"]


def html_pages(toc: Path = TOC) -> list[str]:
    """The built HTML path of every page relative to the HTML folder (notebooks/00_market.html)."""
    return [p.relative_to(toc.parent).with_suffix(".html").as_posix() for p in book_pages(toc)]


if __name__ == "__main__":
    # python -m tools.toc: the book's notebooks, one relative path a line (for scripts).
    print("\n".join(p.relative_to(ROOT).as_posix() for p in book_notebooks()))
