"""The census of numbers: every number of the paper's body is a ledger claim or a listed non-claim.

The extractor's rules (what a number is) are in the docstring of :mod:`ecommod.paper`; the tests
below pin them on one-line cases, then check the two tables that together must account for every
number of §1 to §7: the claim ledger (``data/claims.csv``) and ``data/non_claim_numbers.csv``.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ecommod import data, paper


@pytest.fixture(scope="module")
def ledger() -> pd.DataFrame:
    return data.load_table("claims")


@pytest.fixture(scope="module")
def non_claims() -> pd.DataFrame:
    return data.load_table("non_claim_numbers")


@pytest.fixture(scope="module")
def census() -> pd.DataFrame:
    return paper.ledger_census()


def _no_claims() -> pd.DataFrame:
    return pd.DataFrame({"claim_id": [], "quote_zh": []})


# --- what a number is --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("手续费从 5%~8% 降至 2%~3%", ["5%", "8%", "2%", "3%"]),
        ("进出口总额 2.71 万亿元(增长 14%)", ["2.71", "14%"]),
        ("结算周期从 7 天缩短至 T+1; 从 T+3 缩短至 T+0", ["7", "T+1", "T+3", "T+0"]),
        ("将分散在 200+ 国家的订单数据", ["200+"]),
        ("最终产生“1+1>2”的协同效应", ["1", "1", "2"]),
        ("出口首破 2 万亿元[2];2024 年", ["2", "2024"]),
        ("增速分别达 6.4%、15.8%,均高于[3] [4]", ["6.4%", "15.8%"]),
        ("见文献[2, 3]与[5-7]", []),
        ("部署 5G、覆盖 3C、约 500GB 的数据", ["5G", "3C", "500GB"]),
        ("覆盖 1,200 家企业, 增长 ３．５％", ["1,200", "３．５％"]),
        ("#### 3.1.2. 核心层", ["3.1.2"]),
        ("三大痛点、三个维度、两大领域", ["三", "三", "两"]),
        ("第三阶段, 一是部署, 二者协同, 双轮驱动, 一站式", []),
    ],
)
def test_tokens_follow_the_documented_rules(fragment, expected):
    assert paper.tokens(fragment) == expected


def test_chinese_numerals_can_be_left_out():
    assert paper.tokens("三大痛点, 增长 6.4%", chinese=False) == ["6.4%"]


def test_values_drop_marks_and_multipliers(census):
    value = dict(zip(census["number"], census["value"], strict=False))
    assert value["T+1"] == 1
    assert value["200+"] == 200
    assert value["2.71"] == pytest.approx(2.71)
    assert value["7.2%"] == pytest.approx(7.2)
    assert value["500GB"] == 500
    assert value["三"] == 3
    assert math.isnan(value["3.1.2"])


# --- the body and its sections -----------------------------------------------------------------


def test_body_runs_from_section_1_to_the_references():
    body = paper.body()
    assert body.startswith("## 1. 引言")
    assert body.rstrip().endswith("为经济高质量发展注入持久动力。")
    assert "摘 要" not in body and "Abstract" not in body and "参考文献" not in body


def test_numbers_outside_the_body_are_not_counted():
    """The abstract's 四个维度 is a count by the rules, but lies outside §1 to §7."""
    start, end = paper.body_span()
    abstract_count = paper.text().index("四个维度")
    assert abstract_count < start
    assert paper.tokens(paper.text()[abstract_count : abstract_count + 4]) == ["四"]
    offsets = paper.numbers()["offset"]
    assert offsets.between(start, end - 1).all()


def test_sections_are_the_numbered_headings_in_order():
    numbers = [s.number for s in paper.sections()]
    assert numbers[0] == "1" and numbers[-1] == "7"
    assert {"3.1.3", "3.2", "4.4.1", "4.4.2", "6.1"} <= set(numbers)
    as_tuples = [tuple(int(part) for part in n.split(".")) for n in numbers]
    assert as_tuples == sorted(as_tuples)


def test_every_number_carries_its_section_and_offset():
    table = paper.numbers()
    text = paper.text()
    for row in table.itertuples():
        assert text[row.offset : row.end] == row.number
    heading = table[table["number"] == "4.4.2"].iloc[0]
    assert heading["section"] == "4.4.2"
    t_plus_one = table[table["number"] == "T+1"].iloc[0]
    assert t_plus_one["section"] == "4.4.1"


# --- the census --------------------------------------------------------------------------------


def test_every_number_of_the_body_is_a_claim_or_a_listed_non_claim(census):
    uncovered = census[census["covered_by"] == ""]
    listing = "\n".join(
        f"  §{row.section} {row.number!r} at {row.offset}: …{row.context}…"
        for row in uncovered.itertuples()
    )
    if not uncovered.empty:
        pytest.fail(
            f"{len(uncovered)} of {len(census)} numbers of the body are neither inside a quote_zh "
            f"of data/claims.csv nor listed in data/non_claim_numbers.csv:\n{listing}",
            pytrace=False,
        )


def test_census_counts_a_hand_made_ledger():
    """Counted by hand in §1's first paragraph: the quote holds 2024, 15 and 7.2%; the release
    context holds 2025 and 2 (of "2 月"), of which the row lists 2025 only."""
    claims_ = pd.DataFrame(
        {"claim_id": ["X-1"], "quote_zh": ["2024 年中国网上零售额约 15 万亿元,同比增长 7.2%"]}
    )
    non_claims = pd.DataFrame(
        {"number": ["2025"], "context": ["国家统计局 2025 年 2 月发布"], "reason": ["release_date"]}
    )
    table = paper.census(claims_, non_claims)
    covered = table[table["covered_by"] != ""]
    assert covered[["number", "covered_by"]].to_dict("records") == [
        {"number": "2025", "covered_by": "non_claim"},
        {"number": "2024", "covered_by": "claim"},
        {"number": "15", "covered_by": "claim"},
        {"number": "7.2%", "covered_by": "claim"},
    ]
    summary = paper.census_summary(table)
    assert summary.loc["1", ["claims", "non_claims"]].tolist() == [3, 1]
    assert summary["claims"].sum() == 3 and summary["non_claims"].sum() == 1
    assert summary["numbers"].sum() == len(paper.numbers())


def test_print_the_census(census):
    """The census by section, printed for the test log (numbers, claims, non-claims)."""
    summary = paper.census_summary(census)
    print("\nNumbers in the paper's body (§1 to §7) by section:\n" + summary.to_string())
    assert census["offset"].is_unique


def test_coverage_is_by_position_not_by_digits():
    """A non-claim row covers the 2025 of its own context, not the same digits elsewhere."""
    row = pd.DataFrame(
        {"number": ["2025"], "context": ["国家统计局 2025 年 2 月发布"], "reason": ["release_date"]}
    )
    table = paper.census(_no_claims(), row)
    years = table[table["number"] == "2025"]
    assert len(years) == 2
    assert list(years["covered_by"]) == ["non_claim", ""]
    month = table[(table["number"] == "2") & (table["offset"] < years["offset"].iloc[1])]
    assert "" in set(month["covered_by"]), "a row covers only its own number token"


def test_a_claim_quote_covers_the_numbers_inside_it():
    claim = pd.DataFrame({"claim_id": ["X-01"], "quote_zh": ["手续费从 5%~8% 降至 2%~3%"]})
    table = paper.census(claim, pd.DataFrame({"number": [], "context": [], "reason": []}))
    inside = table[table["claim_ids"] == "X-01"]
    assert list(inside["number"]) == ["5%", "8%", "2%", "3%"]
    assert (inside["covered_by"] == "claim").all()


# --- the two tables ----------------------------------------------------------------------------


def test_every_claim_quote_occurs_in_the_paper(ledger):
    text = paper.text()
    missing = [(r.claim_id, r.quote_zh) for r in ledger.itertuples() if r.quote_zh not in text]
    assert missing == [], f"quote_zh not found verbatim in the paper: {missing}"


def test_every_non_claim_context_occurs_exactly_once(non_claims):
    counts = {context: len(paper.occurrences(context)) for context in non_claims["context"]}
    wrong = {context: n for context, n in counts.items() if n != 1}
    assert wrong == {}, f"contexts must occur exactly once in the paper: {wrong}"


def test_every_non_claim_number_is_a_token_of_its_context(non_claims):
    wrong = [
        (row.number, row.context, paper.tokens(row.context))
        for row in non_claims.itertuples()
        if row.number not in paper.tokens(row.context)
    ]
    assert wrong == []


def test_claim_years_name_ledger_claims_of_that_year(non_claims, ledger):
    years = ledger.set_index("claim_id")["year"]
    stamps = non_claims[non_claims["reason"] == "claim_year"]
    assert not stamps.empty
    for row in stamps.itertuples():
        claim_ids = str(row.claim_ids).split("; ")
        assert set(claim_ids) <= set(years.index), (row.context, claim_ids)
        assert [int(years[c]) for c in claim_ids] == [int(row.number)] * len(claim_ids), row
    others = non_claims[non_claims["reason"] != "claim_year"]
    assert others["claim_ids"].isna().all()


# --- clear errors ------------------------------------------------------------------------------


def test_a_quote_missing_from_the_paper_is_named():
    claim = pd.DataFrame({"claim_id": ["S9-01"], "quote_zh": ["这句话不在论文里 99%"]})
    empty = pd.DataFrame({"number": [], "context": [], "reason": []})
    with pytest.raises(ValueError, match="S9-01.*does not occur verbatim"):
        paper.census(claim, empty)


def test_a_context_that_is_not_unique_is_named():
    row = pd.DataFrame({"number": ["2024"], "context": ["2024 年"], "reason": ["claim_year"]})
    with pytest.raises(ValueError, match=r"row 2: context '2024 年' occurs \d+ times"):
        paper.census(_no_claims(), row)


def test_a_row_whose_number_is_not_in_its_context_is_named():
    row = pd.DataFrame(
        {"number": ["2026"], "context": ["国家统计局 2025 年 2 月发布"], "reason": ["release_date"]}
    )
    with pytest.raises(ValueError, match="'2026' is not a number token of its context"):
        paper.census(_no_claims(), row)


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match=r"non_claims: missing column\(s\) \['reason'\]"):
        paper.census(_no_claims(), pd.DataFrame({"number": [], "context": []}))


def test_a_text_without_the_body_headings_is_refused():
    with pytest.raises(paper.PaperStructureError, match="expected a heading '1. …' opening"):
        paper.body_span("# 标题\n\n## 摘 要\n\n没有编号的章节。\n")
