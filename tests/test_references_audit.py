"""The reference audit (data/references_audit.csv): one row per reference, every citation covered.

Each test compares the table with something independent of it: the paper's text (quotes, citation
markers, the reference list, the received and accepted dates) or the rule that a fact typed
without a record is not allowed.
"""

import csv
import json
import re
from datetime import date

import pandas as pd
import pytest

from ecommod import data, paper

SEPARATOR = " | "
MARKER = re.compile(r"\[(\d+)\]")
VERDICTS = {"supports", "partly", "does not", "cannot be checked"}
RECORD_FIELDS = ("record_title", "record_authors", "record_venue", "record_address", "record_about")


@pytest.fixture(scope="module")
def refs():
    return data.load_table("references_audit")


def _quotes(value) -> list[str]:
    return [part for part in str(value).split(SEPARATOR) if part] if isinstance(value, str) else []


def _reference_list(text: str) -> dict[int, str]:
    """The paper's reference list: number -> entry as printed (after the list bullet)."""
    listing = text[text.index("## 参考文献") :]
    return {int(m[2]): m[1] for m in re.finditer(r"^- (\[(\d+)\] .*)$", listing, re.M)}


def _paper_date(label: str, text: str) -> date:
    year, month, day = re.search(label + r": (\d{4})年(\d{1,2})月(\d{1,2})日", text).groups()
    return date(int(year), int(month), int(day))


def test_one_row_per_reference_with_the_entry_as_printed(refs):
    text = paper.text()
    listing = _reference_list(text)
    assert sorted(refs["ref"]) == sorted(listing) == list(range(1, 12))
    for row in refs.itertuples():
        assert row.reference_zh == listing[row.ref], row.ref


def test_every_citing_sentence_is_verbatim_in_the_body_and_cites_its_reference(refs):
    body = paper.body()
    for row in refs.itertuples():
        sentences = _quotes(row.citing_sentences)
        assert sentences, row.ref
        for sentence in sentences:
            assert sentence in body, (row.ref, sentence[:40])
            assert f"[{row.ref}]" in sentence, (row.ref, sentence[:40])


def test_every_citation_marker_of_the_body_is_covered_by_a_quoted_sentence(refs):
    text = paper.text()
    start, end = paper.body_span(text)
    spans: dict[int, list[tuple[int, int]]] = {}
    for row in refs.itertuples():
        for sentence in _quotes(row.citing_sentences):
            spans.setdefault(row.ref, []).extend(
                (offset, offset + len(sentence)) for offset in paper.occurrences(sentence, text)
            )
    markers = [(int(m[1]), m.start(), m.end()) for m in MARKER.finditer(text, start, end)]
    assert len(markers) >= 11
    uncovered = [
        (number, offset)
        for number, offset, stop in markers
        if not any(a <= offset and stop <= b for a, b in spans.get(number, []))
    ]
    assert not uncovered


def test_every_record_has_an_address_and_a_quote_and_none_is_typed_without_one(refs):
    for row in refs.itertuples():
        values = {field: getattr(row, field) for field in RECORD_FIELDS}
        present = {
            field: isinstance(value, str) and value.strip() != "" for field, value in values.items()
        }
        if row.record_kind == "not found":
            assert not any(present.values()), (row.ref, present)
            assert pd.isna(row.record_year) and pd.isna(row.record_doi), row.ref
            assert row.verdict == "cannot be checked", row.ref
            assert row.reasoning.startswith("No record found"), row.ref
        else:
            assert all(present.values()), (row.ref, present)
            assert row.record_address.startswith("http"), row.ref
            assert f"Record read at {row.record_address}" in row.reasoning, row.ref
            assert row.verdict != "cannot be checked", row.ref


def test_verdicts_are_the_declared_four(refs):
    assert set(refs["verdict"]) <= VERDICTS
    descriptor = json.loads((data.DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "references_audit")
    field = next(f for f in resource["schema"]["fields"] if f["name"] == "verdict")
    assert set(field["constraints"]["enum"]) == VERDICTS


def test_the_loader_rejects_a_verdict_outside_the_four(data_copy):
    path = data_copy / "references_audit.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("verdict")] = "probably"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    from tools.refresh_checksums import refresh

    refresh(data_copy, only=["references_audit.csv"], validate=False)
    with pytest.raises(data.DataValidationError, match=r"references_audit\.csv[\s\S]*verdict"):
        data.load_table("references_audit", data_copy)


def test_date_status_follows_the_dates_the_reference_gives(refs):
    """Computed again from the entry: a full date after acceptance, a year before the paper's,
    or only the paper's own year (the issue date then needs a record)."""
    text = paper.text()
    received, accepted = _paper_date("收稿日期", text), _paper_date("录用日期", text)
    for row in refs.itertuples():
        days = [date.fromisoformat(d) for d in re.findall(r"\d{4}-\d{2}-\d{2}", row.reference_zh)]
        year = int(re.search(r"\b(20\d{2})\b", row.reference_zh)[1])
        if any(day > accepted for day in days):
            expected = "after acceptance"
        elif days and max(days) < received or year < received.year:
            expected = "before receipt"
        else:
            expected = "not established"
        assert row.date_status == expected, (row.ref, row.date_status, expected)


def test_reader_text_names_no_development_tool(refs):
    words = re.compile(r"search tool|corpus|helper|agent", re.IGNORECASE)
    for column in refs.columns:
        for value in refs[column].dropna().astype(str):
            assert not words.search(value), (column, value[:60])
