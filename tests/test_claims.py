"""The claim ledger: its contract with DESIGN.md, and the rules that compute each status."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from ecommod import claims

REQUIRED_COLUMNS = [
    "claim_id",
    "section",
    "quote_zh",
    "claim_en",
    "value",
    "unit",
    "baseline_value",
    "year",
    "paper_ref",
    "kind",
    "status",
    "evidence",
]


@pytest.fixture(scope="module")
def ledger() -> pd.DataFrame:
    return claims.load_claims()


@pytest.fixture(scope="module")
def evaluated() -> pd.DataFrame:
    return claims.evaluate()


def test_ledger_has_the_required_columns_and_one_row_per_claim(ledger):
    assert set(REQUIRED_COLUMNS) <= set(ledger.columns)
    assert ledger["claim_id"].is_unique
    assert 55 <= len(ledger) <= 80


def test_every_quote_occurs_in_the_paper(ledger):
    paper = claims.PAPER_TEXT.read_text(encoding="utf-8")
    missing = [row.claim_id for row in ledger.itertuples() if row.quote_zh not in paper]
    assert missing == []


def test_claim_ids_follow_the_paper_sections(ledger):
    for row in ledger.itertuples():
        assert row.claim_id.split("-")[0] == "S" + row.section.replace(".", ""), row.claim_id


def test_recorded_statuses_equal_the_computed_ones(evaluated):
    """The CSV's status column is a record of the computation, never typed by hand."""
    stale = evaluated[evaluated["status"] != evaluated["recorded_status"]]
    assert stale[["claim_id", "recorded_status", "status"]].to_dict("records") == []


def test_only_pending_claims_lack_evidence(ledger):
    without = ledger["evidence"].isna()
    assert (ledger.loc[without, "status"] == "pending").all()
    assert (ledger.loc[~without, "status"] != "pending").all()


def test_every_section_1_claim_is_examined(evaluated):
    section_1 = evaluated[evaluated["section"] == "1"]
    assert len(section_1) > 0
    assert set(section_1["status"]) <= {"consistent", "inconsistent", "unsourced", "not_checkable"}


def test_section_table_and_counts(evaluated):
    table = claims.section_table("4.4", evaluated)
    assert table.index.str.match(r"S44[12]-").all()
    section_1 = claims.section_table("1", evaluated)
    assert section_1.loc["S1-02", "source"] == "国家统计局 (2025-01-18)"
    counts = claims.status_counts(evaluated)
    assert counts.to_numpy().sum() == len(evaluated)
    with pytest.raises(ValueError, match="section '9' has no claims"):
        claims.section_table("9", evaluated)


# --- the rules, on made-up claims and series ------------------------------------------------------

SERIES = pd.DataFrame(
    {
        "series_id": ["sales", "sales", "sales", "rural"],
        "year": [2024, 2024, 2023, 2024],
        "vintage": ["preliminary", "revised", "preliminary", "preliminary"],
        "value": [155225.0, 156000.0, 154264.0, math.nan],
        "published_growth_pct": [7.2, 7.5, 11.0, 6.4],
        "source_id": ["release_a", "release_b", "release_c", "release_d"],
        "quote_zh": ["…", "…", "…", "…"],
    }
)


def claim(evidence, value, precision=None, approximate=False, unit="100m_yuan"):
    return pd.Series(
        {
            "claim_id": "S1-99",
            "evidence": evidence,
            "value": value,
            "unit": unit,
            "stated_precision": precision,
            "approximate": approximate,
        }
    )


@pytest.mark.parametrize(
    ("value", "precision", "approximate", "expected"),
    [
        (150000, 10000, True, "consistent"),  # "约15万亿" may be a truncation of 15.5
        (150000, 10000, False, "inconsistent"),  # exact "15万亿" must round to 15.5 -> 16
        (160000, 10000, False, "consistent"),
        (140000, 10000, True, "inconsistent"),
    ],
)
def test_tolerance_follows_the_stated_precision(value, precision, approximate, expected):
    verdict = claims.judge(
        claim("series:sales@2024/preliminary.value", value, precision, approximate), SERIES
    )
    assert verdict.status == expected
    assert verdict.source_ids == ("release_a",)


def test_latest_vintage_is_used_unless_one_is_named():
    latest = claims.judge(claim("series:sales@2024.growth", 7.5, 0.1), SERIES)
    first = claims.judge(claim("series:sales@2024/preliminary.growth", 7.5, 0.1), SERIES)
    assert (latest.status, latest.official_value) == ("consistent", 7.5)
    assert (first.status, first.official_value) == ("inconsistent", 7.2)


def test_a_missing_official_figure_makes_the_claim_unsourced():
    assert claims.judge(claim("series:rural@2024.value", 25600, 100), SERIES).status == "unsourced"


def test_comparisons_hold_or_fail_on_official_figures():
    higher = "series:rural@2024.growth > series:sales@2024/preliminary.growth"
    verdict = claims.judge(claim(higher, 1, unit="bool"), SERIES)
    assert verdict.status == "inconsistent"
    assert verdict.source_ids == ("release_d", "release_a")
    both = "series:sales@2024.value > 150000 & series:sales@2023.value < 155000"
    assert claims.judge(claim(both, 1, unit="bool"), SERIES).status == "consistent"


def test_paper_evidence_checks_the_quote_exists():
    verdict = claims.judge(claim('paper:4 "四个维度"', 3, unit="count"), SERIES)
    assert (verdict.status, verdict.official_value) == ("inconsistent", 4.0)
    with pytest.raises(claims.EvidenceError, match="quote not found in the paper"):
        claims.judge(claim('paper:4 "五个维度"', 3, unit="count"), SERIES)


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        ("series:sales@2024.level", "follows no known form"),
        ("series:sales@2030.value", "no row for sales in 2030"),
        ("a guess", "follows no known form"),
        ("series:sales@2024.value ~ 3", "follows no known form"),
        ("series:sales@2024.value > lots", "neither a series reference nor a number"),
    ],
)
def test_malformed_evidence_is_an_error_naming_it(evidence, message):
    with pytest.raises(claims.EvidenceError, match=re.escape(message)):
        claims.judge(claim(evidence, 1, 1), SERIES)


def test_a_series_claim_needs_its_precision():
    with pytest.raises(claims.EvidenceError, match="stated_precision must be > 0"):
        claims.judge(claim("series:sales@2024.value", 150000), SERIES)


def test_reasoned_statuses_keep_their_reason():
    verdict = claims.judge(claim("unsourced: the cited release is about exports", 45), SERIES)
    assert verdict.status == "unsourced"
    assert verdict.explanation == "the cited release is about exports"
    assert claims.judge(claim(None, 45), SERIES).status == "pending"
