"""The claim pages (book/claims/, written by tools/claim_pages.py): committed as generated, one per
claim, in the table of contents, and in a reader's words."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import yaml

from ecommod import claims, data
from ecommod.language import translate
from tests.test_claims_zh import english_words
from tools import claim_pages

LANGUAGES = claim_pages.LANGUAGES

PAGES = claim_pages.PAGES


@pytest.fixture(scope="module")
def evaluated() -> pd.DataFrame:
    return claims.evaluate()


@pytest.fixture(scope="module")
def generated(evaluated) -> dict[str, str]:
    return claim_pages.render(evaluated)


def prose(text: str) -> str:
    """A page without its code blocks and inline code (what a reader reads as text)."""
    return re.sub(r"`[^`]*`", "", re.sub(r"```.*?```", "", text, flags=re.DOTALL))


def heading_levels(text: str) -> list[int]:
    return [len(m[1]) for m in re.finditer(r"^(#+) ", prose(text), flags=re.M)]


def links(text: str) -> list[str]:
    """Every link target and role target, in order."""
    return re.findall(r"\]\(([^)]*)\)|<([a-z-]+)>`|\{cite:[tp]\}`([^`]+)`", text)


def code_blocks(text: str, *, comments: bool = True) -> list[str]:
    blocks = re.findall(r"```.*?```", text, flags=re.DOTALL)
    return blocks if comments else [re.sub(r"  # .*", "", block) for block in blocks]


def numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:[.,]\d+)*", re.sub(r"\]\([^)]*\)", "]", text)))


def numbers_in_billions(text: str) -> set[str]:
    """Numbers the English writes in millions or billions, which the Chinese writes in 万 or 亿
    (979.9 billion yuan is 9799 亿元): the only figures whose digits differ."""
    return set(re.findall(r"(\d+(?:[.,]\d+)*) (?:million|billion)", text))


def without_audit(text: str) -> str:
    """A page without its audit section (data/audit.csv's findings are translated there)."""
    return re.sub(r"^## (In the audit|审计中)\n.*?(?=^## )", "", text, flags=re.M | re.DOTALL)


def test_committed_pages_are_what_the_generator_writes(evaluated, generated):
    """Run `python -m tools.claim_pages` when this fails. A page whose model check could not run
    here (third-party data missing) is left out of the comparison, not failed."""
    not_run = set(evaluated.loc[evaluated[claims.MODEL_BASIS] == claims.CHECK_NOT_RUN, "claim_id"])
    committed = {path.name for path in PAGES.glob("*.md")}
    assert committed == set(generated)
    indexes = {claim_pages.page_name(claim_pages.INDEX, language) for language in LANGUAGES}
    stale = [
        name
        for name, text in generated.items()
        if name.split(".")[0] not in not_run
        and name not in indexes
        and (PAGES / name).read_text(encoding="utf-8") != text
    ]
    assert stale == []
    if not not_run:
        for name in indexes:
            assert (PAGES / name).read_text(encoding="utf-8") == generated[name], name


def test_every_page_has_its_chinese_twin_with_the_same_links_and_numbers(generated):
    """book/claims/X.zh.md beside every X.md: the same headings (level by level), links, roles'
    targets, code and numbers, and Chinese where the English page has English."""
    english = {name: text for name, text in generated.items() if not name.endswith(".zh.md")}
    assert {name.removesuffix(".md") + ".zh.md" for name in english} == set(generated) - set(
        english
    )
    for name, text in english.items():
        chinese = generated[name.removesuffix(".md") + ".zh.md"]
        assert heading_levels(chinese) == heading_levels(text), name
        assert links(without_audit(chinese)) == links(without_audit(text)), name
        assert code_blocks(chinese, comments=False) == code_blocks(text, comments=False), name
        expected = numbers(without_audit(text)) - numbers_in_billions(text)
        assert numbers(without_audit(chinese)) >= expected, name
        assert re.search(r"[\u4e00-\u9fff]", prose(chinese)), name


def test_chinese_pages_leave_no_english_sentence_that_the_ledger_or_claims_py_writes(generated):
    """Outside code, quotes of sources' titles, citations and model findings (their text is
    written by the chapters' modules), a Chinese page has no English word but names."""
    for name, text in generated.items():
        if not name.endswith(".zh.md"):
            continue
        shown = prose(text)
        shown = re.sub(r"\*[^*\n]*\*，(发布于|发布日期)", "", shown)  # sources' titles
        shown = re.sub(r"^(模型的发现：|\*\*[^*]+\*\*，依据\{ref\}).*$", "", shown, flags=re.M)
        found = english_words(shown)
        assert not found, (name, sorted(found))


def test_each_page_holds_its_quote_english_and_computed_verdicts(evaluated):
    for row in evaluated.itertuples():
        chinese = (PAGES / f"{row.claim_id}.zh.md").read_text(encoding="utf-8")
        assert chinese.startswith(f"# 论断 {row.claim_id}\n")
        assert f"**{claims.linked_text(row.claim_zh, '{claim_id}.md')}**" in chinese
        assert (
            f"- 证据：{claims.swatch(row.status)}**{translate(claims.words(row.status), 'zh')}**，"
            in chinese
        )
        text = (PAGES / f"{row.claim_id}.md").read_text(encoding="utf-8")
        assert text.startswith(f"# Claim {row.claim_id}\n")
        unescaped = text.replace("\\", "")
        assert " ".join(row.quote_zh.split()) in unescaped, row.claim_id
        assert f"- Evidence: {claims.swatch(row.status)}**{claims.words(row.status)}**, " in text
        if row.model_verdict:
            verdict = claims.words(row.model_verdict)
            assert f"- Model: {claims.swatch(row.model_verdict)}**{verdict}**, " in text
            assert "../../notebooks/" in text and f'("{row.claim_id}")' in text
        else:
            assert "- Model: no model check;" in text


def test_the_table_of_contents_lists_every_claim_page_in_ledger_order(evaluated):
    toc = yaml.safe_load((data.REPO_ROOT / "_toc.yml").read_text(encoding="utf-8"))
    chapters = [c for part in toc["parts"] for c in part["chapters"]]
    index = next(c for c in chapters if c["file"] == "book/claims/index")
    listed = [s["file"] for s in index["sections"]]
    assert listed == [f"book/claims/{c}" for c in evaluated["claim_id"]]


def test_pages_speak_in_words_not_identifiers(generated):
    """No module path, check name, source id or enum value outside code on any page."""
    source_ids = set(data.load_table("sources")["source_id"])
    enums = {"firm_case", "not_checkable", "source_cannot_contain", "official_statistic"}
    for name, text in generated.items():
        shown = prose(text)
        assert not re.search(r"ecommod\.\w", shown), name
        found = set(re.findall(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b", shown))
        assert not found & (source_ids | enums), (name, found & (source_ids | enums))


def test_chapter_of_a_claim_follows_its_check_or_its_section():
    row = pd.Series({"model_check": "ecommod.segments.rural:coverage_check", "section": "4.4.2"})
    assert claim_pages.chapter_of(row) == "03_segments"
    assert claim_pages.chapter_of(pd.Series({"model_check": None, "section": "4.4.2"})) == (
        "03_segments"
    )
    for section, notebook in (("1", "00_market"), ("4.1", "02_path"), ("6.2", "05_policy")):
        row = pd.Series({"model_check": None, "section": section})
        assert claim_pages.chapter_of(row) == notebook
    assert claim_pages.paper_references()["[2]"] == "customs2025crossborder"


@pytest.mark.parametrize("page", ["book/intro.ipynb", "book/reproducibility.ipynb"])
def test_landing_and_report_read_in_jupyterlab_and_link_claims(page):
    """No role jupyterlab-myst cannot resolve in their prose; every figure numbered, captioned
    and described; the landing page's findings come from the ledger (claims.key_findings)."""
    import nbformat

    notebook = nbformat.read(data.REPO_ROOT / page, as_version=4)
    prose_text = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert re.findall(r"\{(?:glue:md|cite:\w+|doc|ref|term|download)\}`", prose_text) == []
    for cell in notebook.cells:
        images = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
        if images:
            figure = cell.metadata["mystnb"]["figure"]
            assert figure["name"].startswith("fig-") and figure["caption"]
            assert len(cell.metadata["mystnb"]["image"]["alt"]) > 80
    if page.endswith("intro.ipynb"):
        first = [c.source for c in notebook.cells[:6]]  # English and Chinese cells
        assert "claims.key_findings(evaluated)" in "\n".join(first)
        assert not first[0].startswith("# ecommod")
