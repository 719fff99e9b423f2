"""The claim ledger in Chinese: every text ecommod.claims shows has its Chinese twin
(ecommod/language.py), so that the Chinese edition, built with ECOMMOD_LANGUAGE=en,zh, shows the
cards, the index, the key findings and the summaries without an Untranslated error and without
English words."""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest

from ecommod import claims, data, language
from ecommod.language import translate

#: Names a Chinese text writes as their owners do (firms, products and formats the paper and
#: its sources name), besides language.KEPT_AS_WRITTEN.
NAMES = {
    "SHEIN", "ERP", "DHL", "PayPal", "GrabPay", "M-Pesa", "Pesa", "PingPong", "Shopee",
    "Lazada", "Stripe", "Adyen", "Antom", "Dodo", "Payments", "APP", "GB", "CGTN",
    "Markdown", "PDF",
}  # fmt: skip
#: Claims' and audit findings' ids, which read the same in both languages.
IDS = re.compile(r"\bS\d+-\d\d\b|\bA\d\d\b")
ADDRESS = re.compile(r"https?://\S+|\b[\w.-]+\.(?:com|cn|org|net|html|md|ipynb)\b\S*")


def english_words(text: str) -> set[str]:
    """The English words of ``text`` outside language.KEPT_AS_WRITTEN, :data:`NAMES`, ids,
    addresses, link targets, roles and HTML tags."""
    text = re.sub(r"\]\([^)]*\)|\{[a-z:]+\}|<[^>]*>", " ", text)
    text = ADDRESS.sub(" ", IDS.sub(" ", text))
    words = re.findall(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*", text)
    return {
        part
        for word in words
        if word not in NAMES
        for part in word.split("-")
        if len(part) > 1 and part not in language.KEPT_AS_WRITTEN and part not in NAMES
    }


@pytest.fixture(scope="module")
def evaluated() -> pd.DataFrame:
    return claims.evaluate()


def _shown(cards) -> str:
    """A card's Markdown without its style sheet."""
    return cards.split("</style>", 1)[1]


def test_every_card_of_the_ledger_reads_in_chinese_without_english_words(evaluated):
    """Each claim's card, with the model verdict and without the model's finding (written by the
    chapters' modules, tested below), in Chinese: no English word outside names and ids."""
    without_findings = evaluated.assign(**{claims.MODEL_BASIS: ""})
    for position in range(len(evaluated)):
        card = claims.cards(without_findings.iloc[[position]], quotes=False)
        shown = _shown(card.in_language("zh").data)
        claim_id = evaluated["claim_id"].iloc[position]
        assert claims.claim_link(claim_id) in shown
        assert not english_words(shown), (claim_id, sorted(english_words(shown)))


def test_the_paper_quote_is_its_own_twin_and_the_english_cards_are_unchanged(evaluated):
    card = claims.cards(evaluated.head(3))
    for quote in evaluated["quote_zh"].head(3):
        assert translate(quote, "zh") == quote
    english = card.in_language("en").data
    assert english == card.data
    assert "<dt>claim (paper)</dt>" in english and "<dt>论断（论文）</dt>" in (
        card.in_language("zh").data
    )


def test_every_model_finding_reads_in_chinese_where_its_module_gave_twins(evaluated):
    """The model finding of a card: "<finding>. Verdict: <reason>", the reason made here. A
    finding whose chapter module has not given its texts Chinese twins yet is listed; the test
    is an expected failure until every chapter's module has (merged from its branch)."""
    missing = []
    for row in evaluated[evaluated["model_verdict"] != ""].itertuples():
        if getattr(row, claims.MODEL_BASIS) == claims.CHECK_NOT_RUN:
            continue  # its third-party data are not here: no finding to read
        try:
            chinese = translate(getattr(row, claims.MODEL_BASIS), "zh")
        except language.Untranslated:
            missing.append(f"{row.claim_id} ({row.model_check.split(':')[0]})")
            continue
        assert "。判定：" in chinese, row.claim_id
        assert not english_words(chinese), (row.claim_id, sorted(english_words(chinese)))
    if missing:
        pytest.xfail(f"model findings without Chinese twins yet: {', '.join(missing)}")


def test_index_table_key_findings_not_holding_and_summary_read_in_chinese(evaluated):
    index = claims.index_table(evaluated)
    for column in index.columns:
        assert not english_words(translate(column, "zh")), column
        for cell in index[column]:
            assert not english_words(translate(str(cell), "zh")), cell
    for text in (
        claims.key_findings(evaluated),
        claims.not_holding(evaluated),
        claims.verdict_summary(evaluated),
        claims.verdict_summary(evaluated.head(1)),
    ):
        chinese = translate(text, "zh")
        assert not english_words(chinese), (chinese, english_words(chinese))
        assert re.findall(r"\]\(([^)]*)\)", chinese) == re.findall(r"\]\(([^)]*)\)", text)


def test_words_meanings_and_labels_have_chinese_twins():
    for value in (*claims.STATUSES, *claims.MODEL_VERDICTS, *claims.KIND_WORDS, ""):
        assert not english_words(translate(claims.words(value), "zh")), value
    for meaning in (*claims.STATUS_MEANINGS.values(), *claims.MODEL_VERDICT_MEANINGS.values()):
        assert not english_words(translate(meaning, "zh")), meaning
    kinds = set(data.load_table("audit")["kind"])
    for kind in kinds:
        assert not english_words(translate(claims.words(kind), "zh")), kind


def test_every_official_series_has_a_chinese_name():
    series = set(data.load_table("official_series")["series_id"])
    assert series <= set(claims.SERIES_ZH), sorted(series - set(claims.SERIES_ZH))


def test_the_ledger_gives_every_english_text_a_chinese_twin():
    """claim_zh for every claim, reason_zh exactly for the reasoned evidence cells, note_zh
    exactly where there is a note; Chinese in each, and the English figures' digits (a figure in
    millions or billions is written in 万 or 亿)."""
    with (data.DATA_DIR / "claims.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    def digits(text: str) -> set[str]:
        return set(re.findall(r"\d+(?:[.,]\d+)*", text))

    for row in rows:
        reason = claims.evidence_reason(row["evidence"])
        pairs = [(row["claim_en"], row["claim_zh"]), (reason, row["reason_zh"])]
        pairs.append((row["note"], row["note_zh"]))
        for english, chinese in pairs:
            assert bool(english) == bool(chinese), (row["claim_id"], english[:60])
            if not english:
                continue
            assert re.search(r"[\u4e00-\u9fff]", chinese), row["claim_id"]
            scaled = {
                number
                for pair in re.findall(r"(\d+(?:[.,]\d+)*)(?:-(\d+))? (?:million|billion)", english)
                for number in pair
            }
            assert digits(english) - scaled <= digits(chinese), (row["claim_id"], english[:60])
        assert not english_words(row["claim_zh"]), row["claim_id"]
        assert not english_words(row["reason_zh"]), row["claim_id"]


def test_a_finding_keeps_its_twins_through_the_cache():
    """A finding read back from the build's cache (pickled) registers its texts' twins again."""
    import pickle

    explanation = language.t("an explanation made by a check", "检验所作的说明")
    finding = claims.Finding("S1-04", "100m_yuan", 1.0, 2.0, 0.0, explanation, estimate=1.5)
    assert (explanation, "检验所作的说明") in finding.twins
    restored = pickle.loads(pickle.dumps(finding))
    assert restored.twins == finding.twins and restored == finding
