"""The claim ledger: its contract with DESIGN.md, and the rules that compute both verdicts."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from ecommod import claims, data, paper

REQUIRED_COLUMNS = [
    "claim_id",
    "section",
    "quote_zh",
    "claim_en",
    "value",
    "value_high",
    "unit",
    "baseline_value",
    "year",
    "paper_ref",
    "cited_ref",
    "kind",
    "status",
    "evidence",
    "model_check",
    "model_verdict",
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
    assert "reproduced_by_model" not in set(ledger["status"])


def test_every_quote_occurs_in_the_paper(ledger):
    missing = [row.claim_id for row in ledger.itertuples() if row.quote_zh not in paper.text()]
    assert missing == []


def test_claim_ids_follow_the_paper_sections(ledger):
    for row in ledger.itertuples():
        assert row.claim_id.split("-")[0] == "S" + row.section.replace(".", ""), row.claim_id


def test_recorded_verdicts_equal_the_computed_ones(evaluated):
    """The CSV's status and model_verdict columns record the computation, never typed by hand.

    A check whose third-party data are missing cannot be compared: it is left out here and named
    by the next test (and ECOMMOD_REQUIRE_EXTERNAL=1 makes it an error instead).
    """
    ran = evaluated[evaluated[claims.MODEL_BASIS] != claims.CHECK_NOT_RUN]
    recorded = ran[claims.RECORDED_MODEL_VERDICT].fillna("")
    stale = ran[(ran["status"] != ran[claims.RECORDED_STATUS]) | (ran["model_verdict"] != recorded)]
    assert (
        stale[["claim_id", claims.RECORDED_STATUS, "status", "model_verdict"]].to_dict("records")
        == []
    )


def test_every_model_check_ran_where_its_data_are_here(evaluated):
    """No check keeps its recorded verdict unless its third-party data are really missing."""
    not_run = evaluated.loc[evaluated[claims.MODEL_BASIS] == claims.CHECK_NOT_RUN, "claim_id"]
    if all(d.available for d in data.external_datasets()):
        assert not_run.tolist() == []
    elif len(not_run):
        pytest.skip(f"checks not run here, for want of third-party data: {not_run.tolist()}")


def test_no_verdict_word_is_typed_outside_the_rule():
    """Verdicts come from claims.model_verdict: no module of ecommod but claims.py holds a
    verdict or status word as a string constant (docstrings and prose inside longer strings are
    not constants equal to the word)."""
    import ast

    words = {*claims.MODEL_VERDICTS, *claims.STATUSES}
    typed = []
    for path in sorted(data.REPO_ROOT.joinpath("ecommod").rglob("*.py")):
        if path.name == "claims.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in words:
                typed.append(f"{path.name}:{node.lineno} {node.value!r}")
    assert typed == []


def test_verdicts_stay_inside_the_contract(evaluated):
    assert set(evaluated["status"]) <= set(claims.STATUSES)
    assert set(evaluated["model_verdict"]) <= {*claims.MODEL_VERDICTS, ""}
    with_verdict = evaluated["model_verdict"] != ""
    assert evaluated.loc[with_verdict, "model_check"].notna().all()


def test_every_section_1_claim_is_examined(evaluated):
    section_1 = evaluated[evaluated["section"] == "1"]
    assert len(section_1) > 0
    assert "pending" not in set(section_1["status"])


def test_the_market_model_check_runs_through_the_ledger(evaluated):
    row = evaluated.set_index("claim_id").loc["S1-04"]
    assert row["model_check"] == "ecommod.market:physical_goods_level_from_share"
    assert row["model_verdict"] == "reproduced"
    retail = data.official_series("retail_sales_consumer_goods").loc[2024, "value"]
    assert row[claims.MODEL_VALUE] == pytest.approx(0.268 * retail)
    assert "meets the model's interval" in row[claims.MODEL_BASIS]


def test_a_chapter_runs_only_its_own_model_checks(monkeypatch):
    called = []
    real = claims.run_model_check
    monkeypatch.setattr(
        claims, "run_model_check", lambda cid, name: called.append(cid) or real(cid, name)
    )
    ledger = claims.load_claims()
    for section, prefix in (
        ("1", "S1-"),
        ("3", "S31"),
        ("4.4.1", "S441-"),
        ("4.4.2", "S442-"),
        ("5", "S5"),
        ("6", "S6"),
    ):
        called.clear()
        claims.evaluate(sections=(section,))
        in_section = claims.in_sections(ledger["section"], (section,))
        expected = ledger.loc[in_section & ledger["model_check"].notna(), "claim_id"].tolist()
        assert called == expected
        assert called and all(cid.startswith(prefix) for cid in called)


def test_section_filter_and_counts(evaluated):
    table = claims.evaluate(sections=("4.4",))
    assert table["claim_id"].str.match(r"S44[12]-").all()
    counts = claims.status_counts(evaluated)
    assert list(counts.columns) == list(claims.STATUSES)
    assert counts.to_numpy().sum() == len(evaluated)
    with pytest.raises(ValueError, match=r"sections \['9'\] have no claims"):
        claims.evaluate(sections=("9",))


def test_reader_table_puts_both_verdicts_first_and_describes_sources(evaluated):
    table = claims.reader_table(evaluated[evaluated["section"] == "1"])
    assert list(table.columns[:3]) == ["claim", "status", "model verdict"]
    row = table.set_index("claim").loc["S1-02"]
    assert row["source"] == "国家统计局 (2025-01-18)"
    assert (row["claimed"], row["official / check"]) == ("7.2%", "7.2%")
    assert table.set_index("claim").loc["S1-01", "official / check"] == "155,225 亿元"
    assert "model finding" in table.columns
    assert "model finding" not in claims.reader_table(evaluated[evaluated["claim_id"] == "S1-02"])
    # Reader text: words, never a check's function name or a status's code.
    assert not table["model finding"].str.contains("ecommod").any()
    assert table.set_index("claim").loc["S1-17", "status"] == "inconsistent"
    assert table.set_index("claim").loc["S1-14", "claimed"] == "—"
    every = claims.reader_table(evaluated)
    assert "not checkable" in set(every["status"]) and "not_checkable" not in set(every["status"])


def test_cards_link_each_claim_to_its_page(evaluated):
    shown = evaluated[evaluated["section"] == "6.1"]
    text = claims.cards(shown).data
    for claim_id in shown["claim_id"]:
        assert f"**[{claim_id}](../book/claims/{claim_id}.md)** · " in text
        assert (data.REPO_ROOT / "book" / "claims" / f"{claim_id}.md").exists()
    assert "ecommod." not in text and "<dt>model finding</dt>" in text
    assert f'<span style="color:{claims.STATUS_COLOURS["unsourced"]}"' in text
    assert "model verdict" not in claims.cards(shown, model=False).data
    index = claims.index_table(shown)
    assert list(index.columns) == ["id", "§", "claim", "status", "model"]
    assert index["id"].iloc[0] == f'<a href="claims/{shown["claim_id"].iloc[0]}.html">' + (
        f"{shown['claim_id'].iloc[0]}</a>"
    )


def test_one_palette_colours_every_verdict_distinctly():
    assert list(claims.STATUS_COLOURS) == list(claims.STATUSES)
    assert list(claims.MODEL_VERDICT_COLOURS) == [*claims.MODEL_VERDICTS, claims.NO_MODEL_CHECK]
    assert len(set(claims.STATUS_COLOURS.values())) == len(claims.STATUSES)
    assert len(set(claims.MODEL_VERDICT_COLOURS.values())) == len(claims.MODEL_VERDICT_COLOURS)
    # The same colour means the same thing: agreement green, disagreement vermilion.
    assert claims.STATUS_COLOURS["consistent"] == claims.MODEL_VERDICT_COLOURS["reproduced"]
    assert claims.STATUS_COLOURS["inconsistent"] == claims.MODEL_VERDICT_COLOURS["contradicted"]
    assert claims.words("not_checkable") == "not checkable"
    assert claims.words("firm_case") == "firm case" and claims.words("") == "no model check"


# --- the rules, on made-up claims and series ------------------------------------------------------

SERIES = pd.DataFrame(
    {
        "series_id": ["sales", "sales", "sales", "rural", "total", "cover", "cover"],
        "year": [2024, 2024, 2023, 2024, 2024, 2023, 2024],
        "vintage": ["preliminary", "revised", "preliminary", "preliminary"] + ["preliminary"] * 3,
        "value": [155225.0, 156000.0, 154264.0, math.nan, 487895.0, 60.0, 85.0],
        "unit": ["100m_yuan"] * 5 + ["pct"] * 2,
        "published_growth_pct": [7.2, 7.5, 11.0, 6.4, 3.5, math.nan, math.nan],
        "source_id": ["release_a", "release_b", "release_c", "release_d", "release_e", "f", "g"],
        "quote_zh": ["…"] * 7,
    }
)
CONTEXT = claims.Context(SERIES, data.load_table("units").set_index("unit"))


def claim(evidence, value=None, precision=None, approximate=False, unit="100m_yuan", **fields):
    row = {
        "claim_id": "S1-99",
        "evidence": evidence,
        "value": value,
        "value_high": None,
        "baseline_value": None,
        "baseline_value_high": None,
        "unit": unit,
        "stated_precision": precision,
        "approximate": approximate,
        "cited_ref": "[1]",
    }
    return pd.Series({**row, **fields})


def judge(*args, **kwargs) -> claims.Verdict:
    return claims.judge(claim(*args, **kwargs), CONTEXT)


# One line per evidence form and status (statcheck style): evidence, claim fields, status.
CASES = [
    (
        "series:sales@2024/preliminary.value",
        dict(value=150000, precision=10000, approximate=True),
        "consistent",
    ),
    ("series:sales@2024/preliminary.value", dict(value=150000, precision=10000), "inconsistent"),
    ("series:sales@2024/preliminary.value", dict(value=160000, precision=10000), "consistent"),
    (
        "series:sales@2024/preliminary.value",
        dict(value=140000, precision=10000, approximate=True),
        "inconsistent",
    ),
    (
        "series:sales@2024.value",
        dict(value=1.56e12, precision=1e10, unit="10k_yuan"),
        "inconsistent",
    ),
    ("series:sales@2024.value", dict(value=1.56e9, precision=1e7, unit="10k_yuan"), "consistent"),
    (
        "series:sales@2024.growth",
        dict(value=2, value_high=3, precision=1, unit="pct"),
        "inconsistent",
    ),
    (
        "series:sales@2024.growth",
        dict(value=7, value_high=8, precision=1, unit="pct"),
        "consistent",
    ),
    ("series:rural@2024.value", dict(value=25600, precision=100), "unverified"),
    ("series:rural@2024.value", dict(value=25600, precision=100, cited_ref=None), "unsourced"),
    (
        "ratio:series:sales@2024/preliminary.value / series:total@2024.value",
        dict(value=31.8, precision=0.1, unit="pct"),
        "consistent",
    ),
    (
        "ratio:series:sales@2024/preliminary.value / series:total@2024.value",
        dict(value=26.8, precision=0.1, unit="pct"),
        "inconsistent",
    ),
    (
        "change:series:cover@2023.value to series:cover@2024.value",
        dict(value=85, baseline_value=60, precision=1, unit="pct"),
        "consistent",
    ),
    (
        "change:series:cover@2023.value to series:cover@2024.value",
        dict(value=85, baseline_value=70, precision=1, unit="pct"),
        "inconsistent",
    ),
    (
        "series:rural@2024.growth > series:sales@2024/preliminary.growth",
        dict(unit="pct"),
        "inconsistent",
    ),
    (
        "series:sales@2024.value > 150000[100m_yuan] & series:sales@2023.value < 155000[100m_yuan]",
        {},
        "consistent",
    ),
    ("series:sales@2024.value > value", dict(value=2e4), "consistent"),
    ("series:sales@2024.value > 16[trillion_yuan_unknown]", {}, "error"),
    ('paper:4 "四个维度"', dict(value=3, unit="count"), "inconsistent"),
    ('paper:2~3 "四个维度"', dict(value=2, value_high=3, unit="pct"), "consistent"),
    (
        "unverified: the communiqué has it; no copy was readable",
        dict(value=45, unit="days"),
        "unverified",
    ),
    ("not_checkable: no public data on firms' stock", dict(value=45, unit="days"), "not_checkable"),
    (None, dict(value=45, unit="days"), "pending"),
]


@pytest.mark.parametrize(("evidence", "fields", "expected"), CASES)
def test_each_evidence_form_gives_its_status(evidence, fields, expected):
    if expected == "error":
        with pytest.raises(claims.EvidenceError, match="not in data/units.csv"):
            judge(evidence, **fields)
    else:
        assert judge(evidence, **fields).status == expected


def test_latest_vintage_is_used_unless_one_is_named():
    latest = judge("series:sales@2024.growth", 7.5, 0.1, unit="pct")
    first = judge("series:sales@2024/preliminary.growth", 7.5, 0.1, unit="pct")
    assert (latest.status, latest.official_value) == ("consistent", 7.5)
    assert (first.status, first.official_value) == ("inconsistent", 7.2)
    assert first.source_ids == ("release_a",)


def test_units_are_converted_and_dimensions_refused():
    verdict = judge("series:sales@2024.value", 1.56e9, 1e7, unit="10k_yuan")
    assert verdict.official_value == pytest.approx(1.56e9)  # 156000 亿元 = 1.56e9 万元
    with pytest.raises(claims.EvidenceError, match="cannot compare 'pct' .ratio. with 'pp'"):
        judge("series:sales@2024.growth", 7.2, 0.1, unit="pp")
    with pytest.raises(claims.EvidenceError, match="different dimensions"):
        judge("series:sales@2024.value > 3[days]")


def test_truncation_is_named_in_the_basis():
    truncated = judge("series:sales@2024/preliminary.value", 150000, 10000, approximate=True)
    rounded = judge("series:sales@2024/preliminary.value", 160000, 10000, approximate=True)
    assert "truncation" in truncated.basis
    assert "truncation" not in rounded.basis


def test_a_range_compares_both_ends():
    inside = judge("series:sales@2024.growth", 7, 0.1, unit="pct", value_high=8)
    below = judge("series:sales@2024.growth", 7.6, 0.1, unit="pct", value_high=8)
    assert (inside.status, inside.difference) == ("consistent", 0.0)
    assert below.status == "inconsistent"
    assert below.difference == pytest.approx(0.1)  # low end 7.6 minus official 7.5


def test_from_x_to_y_reports_x_when_no_figure_exists():
    verdict = judge(
        "change:series:rural@2024.value to series:cover@2024.value",
        85,
        1,
        unit="pct",
        baseline_value=60,
    )
    assert verdict.status == "consistent"
    assert "the starting figure is not checked" in verdict.basis


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        ("series:sales@2024.level", "is not a series reference"),
        ("a guess", "follows no known form"),
        ("series:sales@2024.value > lots", "is not an operand"),
        ("series:sales@2024.value > 3", "is not an operand"),
        ("series:a@2024.value > 1[pct] and series:b@2024.value > 2[pct]", "with '&', not 'and'"),
        ('paper:4 "五个维度"', "quote not found in the paper"),
        ("ratio:series:sales@2024.value", "does not follow ratio:"),
        ("change:series:sales@2023.value -> series:sales@2024.value", "does not follow change:"),
        ("unsourced:", "does not follow unverified|unsourced|not_checkable: <reason>"),
    ],
)
def test_malformed_evidence_is_an_error_naming_the_claim(evidence, message):
    with pytest.raises(claims.EvidenceError, match=r"claim S1-99: .*" + re.escape(message)):
        claims.parse_evidence("S1-99", evidence)


def test_a_reference_to_a_missing_row_is_an_error_naming_it():
    with pytest.raises(claims.EvidenceError, match="'series:sales@2030.value': no row for this"):
        judge("series:sales@2030.value", 1, 1)


def test_a_value_claim_needs_its_precision_and_its_value():
    with pytest.raises(claims.EvidenceError, match="stated_precision must be above 0"):
        judge("series:sales@2024.value", 150000)
    with pytest.raises(claims.EvidenceError, match="value is empty"):
        judge("series:sales@2024.value", None, 100)


def test_reasoned_statuses_keep_their_reason():
    verdict = judge("unsourced: the cited release is about exports", 45, unit="days")
    assert (verdict.status, verdict.basis) == ("unsourced", "the cited release is about exports")


@pytest.fixture
def damaged_ledger(monkeypatch):
    """Load the real ledger with one cell changed, as if the CSV had been edited."""
    real = data.load_table

    def damage(claim_id: str, column: str, value):
        def load_table(name, *args):
            table = real(name, *args)
            if name == "claims":
                table.loc[table["claim_id"] == claim_id, column] = value
            return table

        monkeypatch.setattr(data, "load_table", load_table)

    return damage


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (
            "evidence",
            "series:online_retail_sales@2024.value & 1",
            "claim S1-01: comparison evidence",
        ),
        ("model_check", "ecommod.market:no_such_check", "is not a registered check"),
        ("model_check", "ecommod.claims:evaluate", "is not a registered check"),
        ("model_check", "ecommod.nowhere:check", "module 'ecommod.nowhere' does not exist"),
        ("model_check", "market.check", "is not of the form ecommod.<module>:<function>"),
        ("model_verdict", "reproduced", "model_verdict 'reproduced' without a model_check"),
    ],
)
def test_a_malformed_ledger_fails_when_loaded(damaged_ledger, column, value, message):
    damaged_ledger("S1-01", column, value)
    with pytest.raises(claims.EvidenceError, match=re.escape(message)) as error:
        claims.load_claims()
    # S1-01 is the first claim: row 2 of the file, under the header
    where = "evidence" if column == "evidence" else "model_check"
    assert str(error.value).startswith(f"data/claims.csv row 2, column {where}: claim S1-01")


def test_a_model_check_must_return_its_finding(monkeypatch):
    from ecommod import market

    monkeypatch.setattr(market, "physical_goods_level_from_share", lambda claim_id: 130000)
    with pytest.raises(claims.EvidenceError, match="returned 130000, expected"):
        claims.run_model_check("S1-04", "ecommod.market:physical_goods_level_from_share")


def test_a_registered_check_judges_only_its_own_claims(damaged_ledger):
    damaged_ledger("S1-05", "model_check", "ecommod.market:physical_goods_level_from_share")
    with pytest.raises(claims.EvidenceError, match=r"registered for \['S1-04'\], not for"):
        claims.load_claims()


def test_conversion_through_the_units_table():
    assert claims.convert(2.71, "pct", "fraction") == pytest.approx(0.0271)
    assert claims.convert(1, "100m_yuan", "10k_yuan") == pytest.approx(10_000)
    assert claims.convert(48, "hours", "days") == pytest.approx(2)
    with pytest.raises(claims.EvidenceError, match="from_unit 'trillion' is not in data/units.csv"):
        claims.convert(1, "trillion", "yuan")


def _needs_missing_data(claim_id):
    raise data.ExternalDataUnavailable("The PKU-DFIIC workbook is not available here.")


def test_a_check_without_its_data_keeps_the_recorded_verdict(monkeypatch):
    monkeypatch.delenv(data.REQUIRE_EXTERNAL_ENV_VAR, raising=False)
    ledger = claims.load_claims()
    row = ledger[ledger["claim_id"] == "S1-04"].copy()
    monkeypatch.setattr(claims, "resolve_model_check", lambda cid, name: _needs_missing_data)
    result = claims.evaluate(row).iloc[0]
    assert result["model_verdict"] == row.iloc[0]["model_verdict"] == "reproduced"
    assert result[claims.MODEL_BASIS] == claims.CHECK_NOT_RUN
    monkeypatch.setenv(data.REQUIRE_EXTERNAL_ENV_VAR, "1")
    with pytest.raises(data.ExternalDataUnavailable):
        claims.evaluate(row)
    monkeypatch.delenv(data.REQUIRE_EXTERNAL_ENV_VAR)
    row["model_verdict"] = pd.NA
    with pytest.raises(data.ExternalDataUnavailable):
        claims.evaluate(row)


def test_claimed_text_writes_ranges_at_both_ends():
    claim = pd.Series(
        {
            "value": 2.0,
            "value_high": 3.0,
            "baseline_value": 5.0,
            "baseline_value_high": 8.0,
            "stated_precision": 1.0,
        }
    )
    assert claims.claimed_text(claim, "%") == "5–8 → 2–3%"
    claim["baseline_value_high"] = math.nan
    assert claims.claimed_text(claim, "%") == "5 → 2–3%"


def test_verdict_summary_names_only_what_occurs():
    evaluated = pd.DataFrame(
        {
            "status": ["consistent", "unsourced", "unsourced", "not_checkable"],
            "model_verdict": ["", "conditional", "illustrated", "illustrated"],
        }
    )
    assert claims.verdict_summary(evaluated) == (
        "Of the 4 quantitative claims, 1 agrees with the official figure or the paper's own text, "
        "2 are unsourced and 1 is not checkable with public data. "
        "The models find 1 conditional and illustrate 2."
    )
    assert "pending" not in claims.verdict_summary(evaluated)
    with pytest.raises(ValueError, match="no claims"):
        claims.verdict_summary(evaluated.iloc[:0])


def test_key_findings_count_and_link_what_holds_and_what_does_not(evaluated):
    text = claims.key_findings(evaluated)
    status, verdict = evaluated["status"], evaluated["model_verdict"]
    assert f"**Holds.** {(status == 'consistent').sum()} of {len(evaluated)} claims" in text
    failing = evaluated[(status == "inconsistent") | (verdict == "contradicted")]
    assert len(failing) > 0
    for claim_id in failing["claim_id"]:
        assert f"[{claim_id}](../book/claims/{claim_id}.md)" in text
    listed = claims.not_holding(evaluated).splitlines()
    assert [line.split("]")[0].removeprefix("- [") for line in listed] == list(failing["claim_id"])
    assert "(a model contradicts it)" in claims.not_holding(
        failing[failing["status"] != "inconsistent"]
    )
    one = evaluated[evaluated["claim_id"] == "S1-14"]
    assert "**Holds.** 0 of 1 claims agree" in claims.key_findings(one)
    assert "1 figure disagrees" in claims.key_findings(one)
    with pytest.raises(ValueError, match="no claims"):
        claims.key_findings(evaluated.iloc[:0])
