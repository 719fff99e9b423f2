"""What the prose of a notebook shows: its numbers and its citations, in the book and in JupyterLab.

A chapter's markdown writes a number as an inline expression, `` {eval}`prose.gini_change` ``
(`` {eval}`prose_zh.gini_change` `` in the Chinese twin of a cell: ecommod/language.py),
and a citation as `` {eval}`cite.theil1967economics` `` ("Theil (1967)") or
`` {eval}`citep.theil1967economics` `` ("(Theil 1967)"). The same source works in both places:

- In JupyterLab (jupyterlab-myst) the kernel evaluates the expression when the markdown cell is
  run, and the notebook keeps the result in the cell's ``user_expressions`` metadata, so a saved
  notebook shows its numbers before anything runs (tools/prose.py writes them after execution).
- In the book, book/_ext/ecommod_prose.py reads `` prose.<name> `` as the text glued under that
  name (:func:`ecommod.present.glue_text`) and `` cite.<key> `` / `` citep.<key> `` as a citation
  of the bibliography, linked to the references page.

:data:`prose` holds every text glued in this kernel, by name, and :data:`prose_zh` its Chinese
twin (the same text when it has no English words). A name not glued yet is an error that says which
cell to run.
"""

from __future__ import annotations

from functools import lru_cache

from ecommod import validate
from ecommod.data import REPO_ROOT

#: The names an inline expression of the prose starts with (prose.x, prose_zh.x, cite.k, citep.k).
NAMESPACES = ("prose", "prose_zh", "cite", "citep")
#: The prose namespace of each language (English cells read prose.x, Chinese ones prose_zh.x).
PROSE_NAMESPACE = {"en": "prose", "zh": "prose_zh"}
#: A glued text whose Chinese differs is glued a second time under its name and this suffix.
CHINESE_GLUE_SUFFIX = "__zh"
#: The bibliographies a citation may name (the paper and its references; the data sources).
BIBLIOGRAPHIES = (REPO_ROOT / "book" / "references.bib", REPO_ROOT / "book" / "data-sources.bib")


class ProseText(str):
    """A text for prose, shown without quotes (its repr is the text itself) as in the book."""

    def __repr__(self) -> str:
        return str(self)


class Prose:
    """The texts glued in this kernel, read by name: ``prose.gini_change``."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}

    def record(self, name: str, text: str) -> None:
        """Keep ``text`` as the prose of ``name`` (called by :func:`ecommod.present.glue_text`)."""
        self._texts[name] = text

    def __getattr__(self, name: str) -> ProseText:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return ProseText(self._texts[name])
        except KeyError:
            raise AttributeError(
                f"no text is glued as {name!r} in this kernel yet: run the cells above this one "
                "(Run > Run All Above Selected Cell)"
            ) from None

    def __dir__(self) -> list[str]:
        return sorted(self._texts)


@lru_cache(maxsize=1)
def _entries() -> dict:
    from pybtex.database import parse_file

    entries = {}
    for path in BIBLIOGRAPHIES:
        entries.update(parse_file(str(path), bib_format="bibtex").entries)
    return entries


def _plain(text: str) -> str:
    return text.replace("{", "").replace("}", "").strip()


def citation_authors(key: str) -> str:
    """The authors of bibliography entry ``key`` as the book's citations name them.

    Family names ("Theil"; "Barro and Sala-i-Martin"; "Guo et al." for three or more); a
    corporate author in full.

    >>> citation_authors("theil1967economics")
    'Theil'
    """
    validate.text("key", key)
    entries = _entries()
    if key not in entries:
        raise KeyError(
            f"citation key {key!r} is in neither book/references.bib nor book/data-sources.bib"
        )
    entry = entries[key]
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [
        _plain(" ".join(p.prelast_names + p.last_names) or " ".join(p.first_names)) for p in persons
    ]
    if not names:
        return _plain(entry.fields.get("organization", entry.fields.get("publisher", "Anon.")))
    if len(names) > 2 or names[-1] == "others":
        return f"{names[0]} et al."
    return " and ".join(names)


def citation_year(key: str) -> str:
    """The year of bibliography entry ``key`` ("n.d." when it has none)."""
    citation_authors(key)  # the same error for an unknown key
    return _plain(_entries()[key].fields.get("year", "n.d."))


class Citations:
    """Citations by key: ``cite.key`` is "Theil (1967)", ``citep.key`` "(Theil 1967)"."""

    def __init__(self, parenthetical: bool) -> None:
        self._parenthetical = validate.flag("parenthetical", parenthetical)

    def __getattr__(self, key: str) -> ProseText:
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            authors, year = citation_authors(key), citation_year(key)
        except KeyError as error:
            raise AttributeError(error.args[0]) from None
        return ProseText(f"({authors} {year})" if self._parenthetical else f"{authors} ({year})")

    def __dir__(self) -> list[str]:
        return sorted(_entries())


prose = Prose()
prose_zh = Prose()
cite = Citations(parenthetical=False)
citep = Citations(parenthetical=True)
