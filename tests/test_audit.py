"""The reviewer's audit (data/audit.csv): every quote is the paper's, every link resolves."""

import json
from pathlib import Path

import pytest

from ecommod import claims, data, paper

ROOT = Path(__file__).resolve().parents[1]
QUOTE_SEPARATOR = " | "
CLAIM_SEPARATOR = "; "


@pytest.fixture(scope="module")
def audit():
    return data.load_table("audit")


def _headings(notebook: Path) -> set[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return {
        line.lstrip("#").strip()
        for cell in cells
        if cell["cell_type"] == "markdown"
        for line in "".join(cell["source"]).splitlines()
        if line.startswith("#")
    }


def _split(value, separator: str) -> list[str]:
    return [part for part in str(value).split(separator) if part] if isinstance(value, str) else []


def test_every_quote_occurs_verbatim_in_the_paper(audit):
    text = paper.text()
    missing = [
        (row.finding_id, quote)
        for row in audit.itertuples()
        for quote in _split(row.quote_zh, QUOTE_SEPARATOR)
        if quote not in text
    ]
    assert not missing


def test_every_claim_id_is_a_ledger_row(audit):
    known = set(claims.load_claims()["claim_id"])
    unknown = [
        (row.finding_id, claim_id)
        for row in audit.itertuples()
        for claim_id in _split(row.claim_ids, CLAIM_SEPARATOR)
        if claim_id not in known
    ]
    assert not unknown


def test_every_notebook_section_is_a_heading_of_that_notebook(audit):
    unknown = []
    for row in audit.itertuples():
        for link in _split(row.notebook_sections, QUOTE_SEPARATOR):
            stem, _, heading = link.partition(":")
            notebook = ROOT / "notebooks" / f"{stem}.ipynb"
            if not notebook.exists() or heading not in _headings(notebook):
                unknown.append((row.finding_id, link))
    assert not unknown


def test_the_findings_the_issue_requires_are_rows(audit):
    linked = {
        claim_id for value in audit["claim_ids"] for claim_id in _split(value, CLAIM_SEPARATOR)
    }
    for claim_id in ("S441-01", "S442-01", "S1-14", "S1-17", "S442-05", "S442-29", "S62-01"):
        assert claim_id in linked, claim_id
