"""The data availability statement's list of the copies read, written from data/sources.csv.

``{ecommod-copies-read}`` renders one row per source: the release as the references cite it
(publisher, title, release date) and the copy that was read ("a verbatim reprint at <address>,
read on 2026-11-26 in an archived copy"). The references link only to a publisher's own page;
a reprint's address appears here and nowhere else. The ``retrieved_via`` column of
data/sources.csv says what the copy is, in the form ``<kind>, read on <date> in an archived
copy`` (:data:`RETRIEVED_VIA`).

The table is written in the edition's language (Sphinx ``language``: "en", or "zh_CN" for the
Chinese edition, see ecommod_editions.py): headings and the words about the copy are translated;
a release is named as the references cite it, in the language of its publisher and title.
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
#: The kinds of copy of RETRIEVED_VIA in Chinese ("the text as carried by" names a publication).
KINDS_ZH = {
    "the publisher's own page": "发布者自己的网页",
    "a verbatim reprint": "逐字转载",
    "a reprint": "转载",
}
CARRIED_BY = "the text as carried by "
#: The publications that carried a text, in Chinese (one not listed is named as written).
CARRIERS_ZH = {
    "重庆日报 (Chongqing Daily) in its print edition": "《重庆日报》印刷版",
    "人民网英文版 (People's Daily Online English)": "人民网英文版",
    "english.gov.cn (the State Council's English website)": "english.gov.cn（中国政府网英文版）",
}
#: The table's texts, in English and in Chinese.
TEXTS = {
    "release, as cited": "发布（按参考文献的引用）",
    "the copy read": "所读的副本",
    "release date not established": "发布日期未能确定",
    "{publisher}: {title} ({date})": "{publisher}：{title}（{date}）",
    "{kind} at <{url}>, read on {read} in an archived copy": (
        "{kind}，见 <{url}>，于 {read} 读取其存档副本"
    ),
    CARRIED_BY + "{carrier}": "经{carrier}刊载的文本",
}


def text(language: str, english: str, **values) -> str:
    """``english`` (a key of :data:`TEXTS`) in ``language`` ("en" or "zh"), its fields filled."""
    if language not in ("en", "zh"):
        raise ValueError(f"language must be en or zh, got {language!r}")
    chosen = TEXTS[english] if language == "zh" else english
    return chosen.format(**values)


def _spaced(name: str) -> str:
    """``name`` with a space on a side where it meets Chinese with a Latin letter or digit."""
    return (" " if name[0].isascii() else "") + name + (" " if name[-1].isascii() else "")


def _kind(kind: str, language: str) -> str:
    if language == "en":
        return kind
    if kind.startswith(CARRIED_BY):
        carrier = kind.removeprefix(CARRIED_BY)
        return text(
            language, CARRIED_BY + "{carrier}", carrier=_spaced(CARRIERS_ZH.get(carrier, carrier))
        )
    return KINDS_ZH[kind]


def copy_read(row: dict, language: str = "en") -> str:
    """The copy read, in words, with its address: "a verbatim reprint at <url>, read on ..."
    (in Chinese when ``language`` is "zh")."""
    match = RETRIEVED_VIA.match(row["retrieved_via"])
    if match is None:
        raise ValueError(
            f"data/sources.csv, source {row['source_id']}: retrieved_via must read "
            "'<kind>, read on <YYYY-MM-DD> in an archived copy', the kind being the publisher's "
            "own page, the text as carried by <a publication>, a verbatim reprint or a reprint; "
            f"got {row['retrieved_via']!r}"
        )
    return text(
        language,
        "{kind} at <{url}>, read on {read} in an archived copy",
        kind=_kind(match["kind"], language),
        url=row["url"],
        read=match["read"],
    )


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


class CopiesRead(SphinxDirective):
    """A table of every source of the official series and the copy of it that was read."""

    def run(self):
        self.env.note_dependency(str(SOURCES))
        with SOURCES.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        rows.sort(key=lambda r: (r["date"] or "9999", r["publisher"]))
        from ecommod_editions import edition

        language = edition(self.env.config)
        header = f"| {text(language, 'release, as cited')} | {text(language, 'the copy read')} |"
        lines = [header, "|---|---|"]
        for row in rows:
            date = row["date"] or text(language, "release date not established")
            release = text(
                language,
                "{publisher}: {title} ({date})",
                publisher=row["publisher"],
                title=row["title"],
                date=date,
            )
            if language == "zh":
                # The release as the references cite it, in its publisher's words: a citation
                # (<cite>), as in the bibliography, not prose of the Chinese edition.
                release = "{title-reference}`" + release.replace("`", "'") + "`"
            lines.append(f"| {cell(release)} | {cell(copy_read(row, language))} |")
        return self.parse_text_to_nodes("\n".join(lines))


def setup(app):
    app.add_directive("ecommod-copies-read", CopiesRead)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
