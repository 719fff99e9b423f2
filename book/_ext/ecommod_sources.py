"""The data availability statement's list of the copies read, written from data/sources.csv.

``{ecommod-copies-read}`` renders one row per source: the release as the references cite it
(publisher, title, release date) and the copy that was read ("a verbatim reprint at <address>,
read on 2026-11-26 in an archived copy"). The references link only to a publisher's own page;
a reprint's address appears here and nowhere else. The ``retrieved_via`` column of
data/sources.csv says what the copy is, in the form ``<kind>, read on <date> in an archived
copy`` (:data:`RETRIEVED_VIA`).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from sphinx.util.docutils import SphinxDirective

SOURCES = Path(__file__).resolve().parents[2] / "data" / "sources.csv"
#: The form of ``retrieved_via``: the kind of copy read, and the day it was read.
RETRIEVED_VIA = re.compile(
    r"^(?P<kind>the publisher's own page|the text as carried by .+|a verbatim reprint|a reprint)"
    r", read on (?P<read>\d{4}-\d{2}-\d{2}) in an archived copy$"
)


def copy_read(row: dict) -> str:
    """The copy read, in words, with its address: "a verbatim reprint at <url>, read on ..."."""
    match = RETRIEVED_VIA.match(row["retrieved_via"])
    if match is None:
        raise ValueError(
            f"data/sources.csv, source {row['source_id']}: retrieved_via must read "
            "'<kind>, read on <YYYY-MM-DD> in an archived copy', the kind being the publisher's "
            "own page, the text as carried by <a publication>, a verbatim reprint or a reprint; "
            f"got {row['retrieved_via']!r}"
        )
    return f"{match['kind']} at <{row['url']}>, read on {match['read']} in an archived copy"


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


class CopiesRead(SphinxDirective):
    """A table of every source of the official series and the copy of it that was read."""

    def run(self):
        self.env.note_dependency(str(SOURCES))
        with SOURCES.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        rows.sort(key=lambda r: (r["date"] or "9999", r["publisher"]))
        lines = ["| release, as cited | the copy read |", "|---|---|"]
        for row in rows:
            date = row["date"] or "release date not established"
            release = f"{row['publisher']}: {row['title']} ({date})"
            lines.append(f"| {cell(release)} | {cell(copy_read(row))} |")
        return self.parse_text_to_nodes("\n".join(lines))


def setup(app):
    app.add_directive("ecommod-copies-read", CopiesRead)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
