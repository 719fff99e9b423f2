"""The reviewer's audit (data/audit.csv): every quote is the paper's, every link resolves."""

import csv
import json
import re
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


def test_each_question_of_the_whole_paper_audit_has_a_finding(audit):
    """Issue 22's questions: attribution, dates, promises, conclusion, recommendations, fit."""
    kinds = set(audit["kind"])
    for kind in (
        "misattribution",
        "announces_more",
        "conclusion_mismatch",
        "recommendation_done",
        "contradiction",
        "source_cannot_contain",
    ):
        assert kind in kinds, kind
    dated = [row.finding_id for row in audit.itertuples() if "录用日期" in row.quote_zh]
    assert dated, "no finding sets a reference's date against the paper's acceptance date"


def test_references_that_do_not_support_their_citations_are_findings(audit):
    """Every reference whose record contradicts part of what is cited to it is quoted, with its
    marker, by a misattribution or source_cannot_contain finding, and every misattribution
    finding quotes a reference whose verdict is not 'supports'."""
    refs = data.load_table("references_audit").set_index("ref")
    cited_by_kind: dict[str, set[int]] = {}
    for row in audit.itertuples():
        markers = {int(n) for n in re.findall(r"\[(\d+)\]", row.quote_zh)}
        cited_by_kind.setdefault(row.kind, set()).update(markers)
    flagged = cited_by_kind.get("misattribution", set()) | cited_by_kind.get(
        "source_cannot_contain", set()
    )
    weak = set(refs.index[refs["verdict"].isin(["partly", "does not"])])
    assert weak <= flagged, sorted(weak - flagged)
    for number in cited_by_kind.get("misattribution", set()):
        assert refs.loc[number, "verdict"] != "supports", number


def _raw_rows(name: str) -> list[dict[str, str]]:
    with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _glued(notebook: Path) -> dict[str, str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return {
        output["metadata"]["scrapbook"]["name"]: output["data"][
            "application/papermill.record/text/markdown"
        ]
        for cell in cells
        for output in cell.get("outputs", [])
        if "scrapbook" in output.get("metadata", {})
    }


def test_reproducibility_page_counts_agree_with_the_csv_files():
    glued = _glued(ROOT / "book" / "reproducibility.ipynb")
    ledger = _raw_rows("claims")
    findings = _raw_rows("audit")
    expected = {"n_claims": len(ledger), "n_audit": len(findings)}
    expected |= {
        f"n_{status}": sum(row["status"] == status for row in ledger) for status in claims.STATUSES
    }
    expected |= {
        f"n_audit_{severity}": sum(row["severity"] == severity for row in findings)
        for severity in ("high", "medium", "low")
    }
    expected["n_inconsistent_first"] = expected["n_inconsistent"]
    references = _raw_rows("references_audit")
    expected["n_refs"] = len(references)
    for verdict in ("supports", "partly", "does not", "cannot be checked"):
        name = f"n_refs_{verdict.replace(' ', '_')}"
        expected[name] = sum(row["verdict"] == verdict for row in references)
    assert {name: glued[name] for name in expected} == {
        name: f"{count:,}" for name, count in expected.items()
    }


def test_the_page_states_the_severity_rule_of_the_schema():
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "audit")
    field = next(f for f in resource["schema"]["fields"] if f["name"] == "severity")
    rule = field["description"]
    assert rule.startswith("The severity rule: high when") and rule in resource["description"]
    assert _glued(ROOT / "book" / "reproducibility.ipynb")["severity_rule"] == rule


@pytest.mark.book
@pytest.mark.parametrize("page_name", ["reproducibility", "intro"])
def test_the_built_page_offers_the_ledger_and_the_audit_as_csv(built_book, page_name):
    from bs4 import BeautifulSoup

    html, _ = built_book
    page = html / "book" / f"{page_name}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    links = {Path(a["href"]).name: a["href"] for a in soup.select("a.download[href]")}
    for name in ("claims.csv", "audit.csv"):
        assert name in links, f"no download link to {name} on {page.name}: {links}"
        target = (page.parent / links[name]).resolve()
        assert target.read_bytes() == (ROOT / "data" / name).read_bytes()
