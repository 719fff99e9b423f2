"""The search index's Chinese splitter (book/_ext/ecommod_search.py) indexes as Sphinx's does,
without keeping every Latin word of the book in one list shared by all its instances."""

from __future__ import annotations

import sys

import pytest
from sphinx.search.zh import SearchChinese

from tools.toc import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
from ecommod_search import ChineseSearchWithTermSet

TEXTS = [
    "跨境电商 cross-border e-commerce 的汇率损失 6.2%",
    "Gini 基尼系数 and Theil 泰尔指数 across provinces",
    "PKU-DFIIC 省级指数 ABC 2011-2023 ies",
    "",
]
#: Words whose stems depend on whether they were met as Latin terms (acronyms stay whole).
WORDS = ["ABC", "provinces", "Gini", "losses", "ies", "cross", "DFIIC"]


@pytest.fixture
def sphinx_language():
    """Sphinx's own splitter, with its shared list emptied before and after."""
    SearchChinese.latin_terms.clear()
    language = SearchChinese({})
    yield language
    SearchChinese.latin_terms.clear()


def test_split_and_stem_are_sphinx_s(sphinx_language):
    ours = ChineseSearchWithTermSet({})
    for text in TEXTS:
        assert ours.split(text) == sphinx_language.split(text)
    for word in WORDS:
        assert ours.stem(word) == sphinx_language.stem(word), word
        assert ours.word_filter(word) == sphinx_language.word_filter(word)
    assert ours.latin_terms == set(sphinx_language.latin_terms)


def test_terms_are_kept_per_index_in_a_set(sphinx_language):
    first, second = ChineseSearchWithTermSet({}), ChineseSearchWithTermSet({})
    for _ in range(3):
        first.split("ABC 基尼 ABC")
    assert first.latin_terms == {"ABC"}
    assert second.latin_terms == set()
    assert SearchChinese.latin_terms == []  # Sphinx's shared list is left alone
