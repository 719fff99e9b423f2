"""The search index's Chinese word splitter, without Sphinx 7's quadratic slowdown.

Both editions index their pages with ``html_search_language: zh`` (jieba splits Chinese text into
words; English words are stemmed). In Sphinx 7, ``sphinx.search.zh.SearchChinese`` appends every
Latin word it meets to a list shared by the class, and looks each word up in that list when it
stems it, so indexing time grows with the square of the book's length: about half of each
edition's build. Sphinx 8.1 made the list a set (sphinx-doc/sphinx pull request 12995, "Convert
``latin_terms`` to a set"); Jupyter Book 1 requires Sphinx 7, so this extension does the same.
The index is unchanged: a word is in the set exactly when it would be in the list.
"""

from __future__ import annotations

from sphinx.search import zh


class ChineseSearchWithTermSet(zh.SearchChinese):
    """Sphinx's Chinese search language with its Latin terms kept in a set of its own."""

    def init(self, options: dict[str, str]) -> None:
        super().init(options)
        self.latin_terms = set()

    def split(self, input: str) -> list[str]:
        """Sphinx's split (jieba's words for search, then the Latin words), with the Latin words
        added to the set."""
        chinese = list(zh.jieba.cut_for_search(input)) if zh.JIEBA else []
        latin = [term.strip() for term in self.latin1_letters.findall(input)]
        self.latin_terms.update(latin)
        return chinese + latin


def setup(app):
    app.add_search_language(ChineseSearchWithTermSet)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
