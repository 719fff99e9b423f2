"""Readable bibliography labels for sphinxcontrib-bibtex: "Author Year" instead of alpha labels.

The alpha style builds labels from ASCII letters only, so Chinese authors vanish ("[25a]") and
long corporate authors pile up ("[ChinaDviaXinhuaraMinistryoCoChinareport19]"). This style keeps
the author as written: the ``shortauthor`` field when an entry has one, else the author's name up
to its first parenthesis or comma ("国家统计局 (National Bureau of Statistics of China), reporting
..." gives "国家统计局"); two authors are joined with "&", three or more give "et al.". Labels that
would repeat get a, b, c after the year ("国家统计局 2025a"). Used as ``bibtex_default_style:
ecommod`` (entries sorted by author, year, title).
"""

from __future__ import annotations

import re
from collections import Counter

from pybtex.backends.plaintext import Backend as PlaintextBackend
from pybtex.plugin import register_plugin
from pybtex.style.formatting.alpha import Style as AlphaStyle
from pybtex.style.labels import BaseLabelStyle

# Where a corporate author's own name ends: a parenthesis, a comma, or who it reports or cites.
NAME_END = re.compile(r"\s*(?:[(（,，]|\b(?:reporting|citing|reprinted|printed|via)\b).*$")


def person_name(person) -> str:
    """A person's family name (or a corporate author's name up to NAME_END), braces removed."""
    name = " ".join(person.prelast_names + person.last_names) or " ".join(person.first_names)
    return NAME_END.sub("", name.replace("{", "").replace("}", "")).strip()


def short_author(entry) -> str:
    """The author part of the label: shortauthor, "A", "A & B" or "A et al."; "Anon." if none."""
    if "shortauthor" in entry.fields:
        return entry.fields["shortauthor"].replace("{", "").replace("}", "").strip()
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [person_name(p) for p in persons]
    if not names:
        return "Anon."
    if len(names) > 2 or names[-1] == "others":
        return f"{names[0]} et al."
    return " & ".join(names)


class AuthorYearLabelStyle(BaseLabelStyle):
    """Labels "Author Year", with a, b, c after the year where two entries would share one."""

    def format_labels(self, sorted_entries):
        labels = [f"{short_author(e)} {e.fields.get('year', 'n.d.')}" for e in sorted_entries]
        total, used = Counter(labels), Counter()
        for label in labels:
            if total[label] == 1:
                yield label
            else:
                yield label + chr(ord("a") + used[label])
                used[label] += 1


class AuthorYearStyle(AlphaStyle):
    """The alpha formatting style (sorted by author, year, title) with AuthorYearLabelStyle."""

    default_label_style = AuthorYearLabelStyle


def setup(app):
    register_plugin("pybtex.style.labels", "ecommod_author_year", AuthorYearLabelStyle)
    register_plugin("pybtex.style.formatting", "ecommod", AuthorYearStyle)
    # The bibliography domain looks the plain-text backend up for every citation it resolves, and
    # pybtex finds an installed plugin by reading every installed package's entry points (40 ms
    # each time, some 9 s of a build): the same class, registered once, is found at once.
    register_plugin("pybtex.backends", "plaintext", PlaintextBackend, force=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
