"""The Chinese twins of the book's pages (book/X.zh.md) and the texts the book's extensions write
in the Chinese edition (Sphinx ``language`` "zh_CN")."""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
sys.path.insert(0, str(BOOK / "_ext"))

PAGES = ("data_availability", "glossary", "references", "status")
ZH_CN = SimpleNamespace(language="zh_CN")
EN = SimpleNamespace(language="en")
#: Names written in English in the Chinese pages (not sentences).
NAMES = ("AEA / Social Science Data Editors",)


def read(page: str, chinese: bool) -> str:
    return (BOOK / f"{page}{'.zh' if chinese else ''}.md").read_text(encoding="utf-8")


def glossary_terms(text: str) -> list[str]:
    return re.findall(r"^(\S.*)$", text.split("```{glossary}")[1].split("\n```")[0], re.MULTILINE)


@pytest.mark.parametrize("page", PAGES)
def test_a_chinese_page_keeps_the_structure_of_its_english_page(page):
    """The same headings' levels, directives, citations, links' targets and addresses."""
    english, chinese = read(page, False), read(page, True)

    def kept(text: str) -> dict[str, list[str]]:
        return {
            "headings": re.findall(r"^#+ ", text, re.MULTILINE),
            "directives": re.findall(r"```\{[\w-]+\}", text),
            "citations": re.findall(r"\{cite:\w\}`[^`]*`", text),
            "documents": re.findall(r"\{doc\}`[^`]*`", text),
            "links": re.findall(r"\]\(([^)]*)\)", text),
            "addresses": sorted(re.findall(r"https?://[^\s>)`]+", text)),
            "files": sorted(set(re.findall(r"`([\w/.-]+\.(?:csv|json|bib|txt|md))`", text))),
        }

    assert kept(chinese) == kept(english)


def test_the_chinese_glossary_keeps_every_term_line_and_quote():
    """Each entry's term line "English (中文)" is the English one, so every {term} link of
    either edition resolves to the same anchor; the paper's quotes stay verbatim."""
    english, chinese = read("glossary", False), read("glossary", True)
    assert glossary_terms(chinese) == glossary_terms(english)
    quotes = re.compile(r"「[^」]*」")
    assert quotes.findall(chinese) == quotes.findall(english)
    terms = set(glossary_terms(english))
    targets = re.findall(r"\{term\}`(?:[^`<]*<)?([^`>]*)>?`", chinese)
    assert targets and set(targets) <= terms
    assert {t for t in re.findall(r"\{term\}`(?:[^`<]*<)?([^`>]*)>?`", english)} <= set(targets)


@pytest.mark.parametrize("page", PAGES)
def test_a_chinese_page_has_no_english_sentence(page):
    """Outside code, citations, addresses and quoted English titles, no run of four English
    words remains in a Chinese page."""
    text = read(page, True)
    for name in NAMES:
        text = text.replace(name, "")
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    text = re.sub(r"`[^`]*`|<[^>]*>|\([^)]*\)|“[^”]*”|\[[^\]]*\]\([^)]*\)", "", text)
    if page == "glossary":  # the term lines are the English anchors
        text = "\n".join(line for line in text.splitlines() if line.startswith(" "))
    assert re.findall(r"[A-Za-z]+(?:[ ,/-]+[A-Za-z]+){3,}", text) == []


# --- the extensions' texts in the Chinese edition ---


def test_every_text_of_the_status_page_has_a_chinese_twin():
    import ecommod_status

    for english, chinese in ecommod_status.TEXTS.items():
        assert ecommod_status.text(EN, english) == english
        assert ecommod_status.text(ZH_CN, english) == chinese
        assert re.findall(r"\{\w+\}", english) == re.findall(r"\{\w+\}", chinese)


def test_the_edition_is_chosen_by_sphinx_language():
    import ecommod_sources
    import ecommod_status

    assert ecommod_status.is_chinese(ZH_CN) and not ecommod_status.is_chinese(EN)
    with pytest.raises(ValueError, match="language must be one of"):
        ecommod_status.is_chinese(SimpleNamespace(language="fr"))
    with pytest.raises(ValueError, match="language must be en or zh"):
        ecommod_sources.text("zh_CN", "the copy read")


def test_the_notice_of_committed_results_reads_in_chinese():
    import ecommod_status

    from ecommod import data

    record = {
        "datasets": ["pku_dfiic_province", "nbs_provincial_ecommerce"],
        "fingerprints": {"pku_dfiic_province": "49a7b2285579180c"},
        "cells": 3,
        "run_date": "2026-11-20",
    }
    english = ecommod_status._replay_notice(record, EN).astext()
    assert data.external_dataset("pku_dfiic_province").title in english
    assert "(content fingerprint 49a7b2285579)" in english and "on 2026-11-20" in english
    chinese = ecommod_status._replay_notice(record, ZH_CN).astext()
    assert chinese.startswith("用授权数据计算的结果")
    assert (
        "“北京大学数字普惠金融指数（PKU-DFIIC），省级，2011-2023 年”（内容指纹 49a7b2285579）"
        in (chinese)
    )
    assert "本页有 3 个单元格需要这些数据" in chinese and "于 2026-11-20 " in chinese


def test_every_copy_read_is_named_in_both_languages():
    import ecommod_sources

    with (ROOT / "data" / "sources.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        english = ecommod_sources.copy_read(row)
        chinese = ecommod_sources.copy_read(row, "zh")
        assert f"<{row['url']}>" in english and f"<{row['url']}>" in chinese
        assert chinese.endswith("读取其存档副本") and " read on " not in chinese
        assert "carried by" not in chinese and "reprint" not in chinese
