"""The English and the Chinese edition: every page in both, the same numbers, Chinese prose.

The notebooks hold both languages (a markdown cell tagged ``en`` and its twin tagged ``zh``,
book/_ext/ecommod_editions.py); code writes each output in both (ecommod/language.py). The
source checks need no build; the page checks read the book the tests build (conftest.py).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat
import pytest

from ecommod.language import KEPT_AS_WRITTEN
from tests.test_book import main_text
from tools.toc import ROOT, book_notebooks, book_pages, html_pages

NOTEBOOKS = book_notebooks()
EXPRESSION = re.compile(r"\{eval\}`(\w+)\.(\w+)`")
LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")
#: A number as a page shows a computed value: with decimals or thousands separators.
COMPUTED_NUMBER = re.compile(
    r"(?<![\w.])[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|(?<![\w.,])[0-9]+\.[0-9]+"
)
#: Any number written in ASCII digits.
ANY_NUMBER = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")
#: Five or more English words in a row: a sentence left in English.
ENGLISH_RUN = re.compile(r"(?:[A-Za-z][A-Za-z'’-]*[\s,;:]+){4,}[A-Za-z][A-Za-z'’-]*")


def _markdown_cells(path: Path) -> list:
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_prose_cell_has_its_twin_right_after_it(path):
    """Each markdown cell is English (tag en) followed by its Chinese twin (tag zh)."""
    cells = _markdown_cells(path)
    languages = [[tag for tag in c.metadata.get("tags", []) if tag in ("en", "zh")] for c in cells]
    untagged = [c.source[:60] for c, tags in zip(cells, languages, strict=True) if len(tags) != 1]
    assert untagged == [], f"{path.name}: markdown cells without exactly one of en/zh: {untagged}"
    notebook = nbformat.read(path, as_version=4)
    order = [
        c.metadata["tags"]
        for c in notebook.cells
        if c.cell_type == "markdown"
        and "en" in c.metadata.get("tags", [])
        or c.cell_type == "markdown"
        and "zh" in c.metadata.get("tags", [])
    ]
    pairs = ["en" in tags for tags in order]
    assert pairs == [True, False] * (len(pairs) // 2), (
        f"{path.name}: the cells must alternate English, Chinese twin"
    )
    position = {id(c): i for i, c in enumerate(notebook.cells)}
    english = [c for c in notebook.cells if "en" in c.metadata.get("tags", [])]
    for cell in english:
        twin = notebook.cells[position[id(cell)] + 1]
        assert "zh" in twin.metadata.get("tags", []), (
            f"{path.name}: the twin of {cell.source[:60]!r} must come right after it"
        )


def _pairs(path: Path):
    notebook = nbformat.read(path, as_version=4)
    cells = notebook.cells
    for index, cell in enumerate(cells[:-1]):
        if cell.cell_type == "markdown" and "en" in cell.metadata.get("tags", []):
            yield cell.source, cells[index + 1].source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_twins_show_the_same_values_links_and_citations(path):
    """A Chinese cell reads the same glued values (prose_zh.x for prose.x), cites the same
    works and links to the same pages as its English twin, and reads no English prose value."""
    for english, chinese in _pairs(path):
        en = sorted(
            (("prose" if ns == "prose" else ns), name) for ns, name in EXPRESSION.findall(english)
        )
        zh = sorted(
            (("prose" if ns == "prose_zh" else ns), name)
            for ns, name in EXPRESSION.findall(chinese)
        )
        assert "prose" not in {ns for ns, _ in EXPRESSION.findall(chinese)}, chinese[:80]
        assert "prose_zh" not in {ns for ns, _ in EXPRESSION.findall(english)}, english[:80]
        assert sorted(set(en)) == sorted(set(zh)), (
            f"{path.name}: {english[:60]!r} and its twin read different values or citations"
        )
        assert set(LINK_TARGET.findall(english)) == set(LINK_TARGET.findall(chinese)), (
            f"{path.name}: {english[:60]!r} and its twin link to different pages"
        )
        assert _heading_levels(english) == _heading_levels(chinese), (
            f"{path.name}: {english[:60]!r} and its twin have different headings"
        )


def _heading_levels(markdown: str) -> list[int]:
    """The levels of the headings of a markdown cell, outside code blocks."""
    outside_code = re.sub(r"```.*?```", "", markdown, flags=re.DOTALL)
    return [len(m) for m in re.findall(r"^(#+) ", outside_code, flags=re.MULTILINE)]


def _glossary_terms() -> dict[str, str]:
    """English term → the paper's Chinese term, from the glossary's entries "English (中文)"."""
    text = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    return dict(re.findall(r"^(\S[^\n(]*?) \(([^)\n]+)\)$", block, flags=re.MULTILINE))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_chinese_prose_uses_the_glossarys_terms(path):
    """Where an English cell links a glossary term, its twin writes the paper's Chinese term."""
    terms = {english.lower(): chinese for english, chinese in _glossary_terms().items()}
    missing = []
    for english, chinese in _pairs(path):
        for linked in re.findall(r"\[([^\]]+)\]\([^)]*glossary\.md[^)]*\)", english):
            name = re.sub(r"\s*\(.*\)$", "", linked).strip().lower()
            if name in terms and terms[name] not in chinese:
                missing.append(f"{linked} → {terms[name]}")
    assert missing == [], f"{path.name}: glossary terms missing from the Chinese twin: {missing}"


def glossary_misses(pairs: dict[str, str], terms: dict[str, str]) -> list[str]:
    """The twins whose English uses a glossary term and whose Chinese lacks the paper's term."""
    misses = []
    for english, chinese in pairs.items():
        for term, term_zh in terms.items():
            for name, name_zh in zip(term.split("; "), term_zh.split("/"), strict=False):
                if re.search(rf"\b{re.escape(name)}\b", english, re.IGNORECASE):
                    if name_zh not in chinese:
                        misses.append(f"{english!r} → {chinese!r} lacks {name_zh}")
    return misses


def test_the_glossary_check_finds_a_term_written_otherwise():
    terms = {"Online retail sales": "网上零售额"}
    assert glossary_misses({"Online retail sales, 2024": "网络零售额，2024"}, terms)
    assert not glossary_misses({"Online retail sales, 2024": "网上零售额，2024"}, terms)


def test_the_librarys_chinese_uses_the_glossarys_terms():
    """Every text of the package with a Chinese twin writes a glossary term as the paper does
    (the package's twins, read in a new interpreter: the tests register their own)."""
    import json
    import subprocess
    import sys

    script = (
        "import importlib, json, pkgutil, ecommod\n"
        "from ecommod import language\n"
        "for m in pkgutil.walk_packages(ecommod.__path__, 'ecommod.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(json.dumps(language.twins()))"
    )
    printed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    misses = glossary_misses(json.loads(printed), _glossary_terms())
    assert misses == [], "\n".join(misses)


def test_every_markdown_page_has_a_chinese_twin():
    pages = [p for p in book_pages() if p.suffix == ".md"]
    assert pages
    missing = [p.name for p in pages if not p.with_name(p.stem + ".zh.md").is_file()]
    assert missing == [], f"pages without a Chinese twin (<page>.zh.md): {missing}"


# --- the built editions -----------------------------------------------------------------------

PAGES = html_pages()


@pytest.mark.book
@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_its_twin_and_links_to_it(built_book, page):
    from bs4 import BeautifulSoup

    html, _ = built_book
    for path, twin, lang in ((page, f"zh/{page}", "zh-CN"), (f"zh/{page}", page, "en")):
        assert (html / path).is_file(), f"{path} was not built"
        soup = BeautifulSoup((html / path).read_text(encoding="utf-8"), "html.parser")
        link = soup.select_one(".ecommod-language-switch a")
        assert link is not None, f"{path} has no language switch"
        target = (html / path).parent / link["href"]
        assert target.resolve() == (html / twin).resolve(), f"{path} links to {link['href']}"
        assert link["hreflang"] == lang


def _computed_numbers(html: Path, page: str) -> tuple[list[str], set[float]]:
    """The computed numbers of a page as written, and the values of every number on it."""
    text = main_text(html, page, without_code=True)
    values = {float(n.replace(",", "")) for n in ANY_NUMBER.findall(text) if n.strip(",")}
    return sorted(set(COMPUTED_NUMBER.findall(text))), values


def unmatched(numbers: list[str], other_values: set[float]) -> list[str]:
    """The numbers that the twin page does not show: neither as written nor as the same quantity
    in a unit 10 to 10,000 times larger or smaller (979.9 billion yuan is 9,799 亿元), leaving
    out powers of ten (a unit such as "10,000 yuan", written 万元)."""
    missing = []
    for number in numbers:
        value = float(number.replace(",", ""))
        if value >= 10 and math.log10(value).is_integer():
            continue
        scaled = {round(value * 10.0**k, 6) for k in range(-4, 5)}
        if not scaled & {round(v, 6) for v in other_values}:
            missing.append(number)
    return missing


@pytest.mark.book
@pytest.mark.parametrize("page", PAGES)
def test_a_chinese_page_shows_its_english_twins_numbers(built_book, page):
    """Both editions come from one execution: a page and its twin show the same computed numbers
    (every number with decimals or thousands separators), the same quantity in both."""
    html, _ = built_book
    english, english_values = _computed_numbers(html, page)
    chinese, chinese_values = _computed_numbers(html, f"zh/{page}")
    only_english, only_chinese = (
        unmatched(english, chinese_values),
        unmatched(chinese, english_values),
    )
    assert only_english == only_chinese == [], (
        f"{page}: only in English {only_english}, only in Chinese {only_chinese}"
    )


def test_the_numbers_check_matches_units_and_finds_a_different_number():
    assert unmatched(["979.9", "10,000"], {9799.0}) == []
    assert unmatched(["27.6"], {27.5, 276.1}) == ["27.6"]


def english_sentences(text: str) -> list[str]:
    """Runs of five or more English words in ``text``, leaving out quotes, the names written the
    same in both languages, and addresses."""
    text = re.sub(r"“[^”]*”|「[^」]*」|\"[^\"]*\"|https?://\S+", " ", text)
    words = "|".join(sorted(map(re.escape, KEPT_AS_WRITTEN), key=len, reverse=True))
    text = re.sub(rf"\b(?:{words})\b", " ", text)
    return [match.group(0) for match in ENGLISH_RUN.finditer(text)]


def test_the_english_check_finds_a_sentence_and_spares_quotes_and_names():
    assert english_sentences("这是中文。The model fits the data well. 中文") == [
        "The model fits the data well"
    ]
    assert english_sentences("引文 “The model fits the data well” 与 Gini 和 Newey-West") == []


@pytest.mark.book
@pytest.mark.parametrize("page", PAGES)
def test_the_chinese_edition_has_no_english_sentence(built_book, page):
    """The Chinese page's prose, tables, notices and captions are Chinese: no run of five English
    words outside quotes, code, the bibliography, citations, the glossary's term lines and the
    names written the same in both."""
    from bs4 import BeautifulSoup

    html, _ = built_book
    soup = BeautifulSoup((html / "zh" / page).read_text(encoding="utf-8"), "html.parser")
    main = soup.select_one("main") or soup
    kept_as_written = (
        "div.cell_input, pre, code, .bibliography, .citation, cite, q, .bibtex-citation, "
        # the glossary's term lines ("English (中文)", their anchors) and citations of authors
        'dl.glossary > dt, a[href*="references.html#"]'
    )
    for label in main.select("dt"):  # a record's title, as published (the reference audit)
        if label.get_text(strip=True) == "题名" and label.find_next_sibling("dd"):
            label.find_next_sibling("dd").decompose()
    for item in main.select("li"):  # a cited source's title, as published, is in italics
        if item.select_one('a[href*="references.html#"], .bibtex-citation'):
            for title in item.select("em"):
                title.decompose()
    for kept in main.select(kept_as_written):
        kept.decompose()
    # Not shown to a reader: what shows without scripts, and the interactive tables' placeholder
    # row ("Loading ITables…"), which their script replaces with the rows.
    for hidden in main.select('noscript, table[id^="itables_"] > tbody'):
        hidden.decompose()
    found = english_sentences(" ".join(main.get_text(" ").split()))
    assert found == [], f"zh/{page} has English prose: {found[:10]}"
