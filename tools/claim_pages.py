"""Write one page per claim, ``book/claims/<claim_id>.md``, and their index, from the ledger.

Each page holds the paper's quote and the English, both verdicts with their reasons and the rule
that gave them, the evidence and its sources (cited from the book's bibliography), the model
finding with the chapter that shows it, and the code a student calls. Everything comes from
``data/claims.csv`` and ``ecommod.claims.evaluate()``; nothing is typed here but the wording.
Without the third-party data the pages are still written, with the recorded model verdicts
(tests/test_claim_pages.py compares only the pages whose checks ran).

Usage: python -m tools.claim_pages   (after changing the ledger, a model check or its chapter)
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ecommod import claims, data, paper
from ecommod.present import MISSING, format_value, is_missing

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "book" / "claims"
INDEX = "index"

#: The chapter that shows a model check, by the check's module (``ecommod.<module>``), and the
#: chapter of a claim without one, by its section; links are relative to book/claims/.
CHAPTER_OF_MODULE = {
    "market": "00_market",
    "logic": "01_logic",
    "path": "02_path",
    "segments": "03_segments",
    "challenges": "04_challenges",
    "policy": "05_policy",
}
CHAPTER_OF_SECTION = (
    ("1", "00_market"),
    ("3", "01_logic"),
    ("4.4", "03_segments"),
    ("4", "02_path"),
    ("5", "04_challenges"),
    ("6", "05_policy"),
)

#: The evidence rule of each evidence form, in words (ecommod.claims.EVIDENCE_FORMS).
FORM_RULES = {
    "series": "the claim is compared with the official figure at the precision the paper writes",
    "ratio": "the claim is compared with a share computed from two official figures, at the "
    "precision the paper writes",
    "change": "both ends of the change the claim states are compared with official figures",
    "comparison": "the order the claim asserts is checked on the figures it names",
    "paper": "the claim is compared with the same quantity stated elsewhere in the paper",
    "reasoned": "no figure decides it; the reason below is recorded with the claim",
    "pending": "the claim has not been examined yet",
}


def chapter_of(row: pd.Series) -> str:
    """The notebook (``00_market`` …) that shows the claim's model check, or lists the claim."""
    check = row["model_check"]
    if not is_missing(check):
        module = str(check).split(":")[0].split(".")[1]
        return CHAPTER_OF_MODULE[module]
    section = str(row["section"])
    return next(nb for prefix, nb in CHAPTER_OF_SECTION if (section + ".").startswith(prefix + "."))


def paper_references() -> dict[str, str]:
    """The paper's reference numbers ("[1]") -> their keys in book/references.bib."""
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    entries = re.findall(r"@\w+\{(\w+),(.*?)\n\}", bib, flags=re.DOTALL)
    found = {}
    for key, body in entries:
        if match := re.search(r"Reference (\[\d+\]) of Wu and Luo", body):
            found[match[1]] = key
    return found


def _text(value) -> str:
    return "" if is_missing(value) else " ".join(str(value).split())


def _quote(text: str) -> str:
    """Text from the data as Markdown, each claim id it names linked to that claim's page."""
    return claims.linked_text(text, "{claim_id}.md")


def _sources(source_ids: str, sources: pd.DataFrame) -> list[str]:
    lines = []
    for source_id in filter(None, source_ids.split(", ")):
        row = sources.loc[source_id]
        date = (
            "release date not established"
            if is_missing(row["date"])
            else (f"released {row['date']:%Y-%m-%d}")
        )
        lines.append(f"- {{cite:t}}`{source_id}`: *{_quote(_text(row['title']))}*, {date}.")
    return lines


def _cited(cited_ref, references: dict[str, str]) -> str:
    if is_missing(cited_ref) or not str(cited_ref).strip():
        return "The paper cites no source for it."
    numbers = re.findall(r"\[\d+\]", str(cited_ref))
    cited = [f"{n} {{cite:p}}`{references[n]}`" if n in references else n for n in numbers]
    return "The paper cites " + " and ".join(cited) + "."


def _model_code(check: str, claim_id: str) -> list[str]:
    module, function = check.split(":")
    return [
        "```python",
        "from ecommod import claims",
        f"from {module} import {function}",
        "",
        f'finding = {function}("{claim_id}")  # what the model computes',
        "claims.model_verdict(finding)  # the verdict the rule gives",
        "```",
    ]


def render_page(row: pd.Series, sources: pd.DataFrame, references, audit: pd.DataFrame) -> str:
    """The Markdown page of one evaluated claim (a row of ``claims.evaluate()``)."""
    claim_id, status, verdict = row["claim_id"], row["status"], row["model_verdict"]
    symbol = claims._units_table()["symbol"].fillna("")[row["unit"]]
    form = (
        "pending"
        if is_missing(row["evidence"])
        else claims.parse_evidence(claim_id, str(row["evidence"])).form.name
    )
    chapter = chapter_of(row)
    lines = [
        f"# Claim {claim_id}",
        "",
        f"**{_quote(_text(row['claim_en']))}**",
        "",
        f"> {_quote(_text(row['quote_zh']))}",
        ">",
        f"> — {{cite:t}}`wu2025logic`, {_quote(_text(row['paper_ref']))}"
        f" ({claims.words(row['kind'])})",
        "",
        f"- Evidence: {claims.swatch(status)}**{claims.words(status)}**, "
        f"{claims.STATUS_MEANINGS[status]}",
    ]
    if verdict:
        lines.append(
            f"- Model: {claims.swatch(verdict)}**{claims.words(verdict)}**, "
            f"{claims.MODEL_VERDICT_MEANINGS[verdict]}"
        )
    else:
        lines.append("- Model: no model check; no model of the book tests this claim")
    lines += [
        "",
        "## The evidence",
        "",
        f"**{claims.words(status).capitalize()}**, by {{ref}}`the evidence rule <status-rule>`: "
        f"{FORM_RULES[form]}.",
        "",
    ]
    claimed = claims.claimed_text(row, symbol)
    if claimed != MISSING:
        lines.append(f"- The paper's figure: {_quote(claimed)}")
    if not is_missing(row[claims.OFFICIAL_VALUE]):
        shown = claims.reader_table(row.to_frame().T)["official / check"].iloc[0]
        lines.append(f"- The figure it was checked against: {_quote(shown)}")
        if not is_missing(row[claims.TOLERANCE]):
            lines.append(
                "- Allowed difference: "
                f"{_quote(format_value(row[claims.TOLERANCE], 6) + symbol)} "
                f"({'approximate, 约' if row['approximate'] else 'exact'})"
            )
    lines.append(f"- Why: {_quote(_text(row[claims.BASIS]))}")
    lines += ["", _cited(row["cited_ref"], references), ""]
    source_lines = _sources(row[claims.SOURCES], sources)
    if source_lines:
        lines += ["The official figures were read in:", "", *source_lines, ""]
    if note := _text(row["note"]):
        lines += [f"The ledger's note: {_quote(note)}", ""]
    lines += ["## The model", ""]
    if verdict:
        finding, _, reason = _text(row[claims.MODEL_BASIS]).partition(". Verdict: ")
        lines += [
            f"**{claims.words(verdict).capitalize()}**, by {{ref}}`the model rule "
            f"<model-verdict-rule>`" + (f": {_quote(reason)}." if reason else "."),
            "",
            f"What the model finds: {_quote(finding)}",
            "",
            f"The chapter that shows it: [](../../notebooks/{chapter}.ipynb).",
        ]
    else:
        lines += [
            "No model of the book tests this claim. The chapter that lists it: "
            f"[](../../notebooks/{chapter}.ipynb).",
        ]
    findings = audit[audit["claim_ids"].fillna("").str.split("; ").map(lambda ids: claim_id in ids)]
    if not findings.empty:
        lines += ["", "## In the audit", ""]
        lines += [
            f"- {r.finding_id} ({r.severity} severity): {_quote(_text(r.finding_en))}"
            for r in findings.itertuples()
        ]
        lines += ["", "The whole audit is on the {ref}`reproducibility page <paper-audit>`."]
    section = str(row["section"])
    lines += [
        "",
        "## The code",
        "",
        "Both verdicts of this claim, computed afresh:",
        "",
        "```python",
        "from ecommod import claims",
        "",
        f'claims.evaluate(sections=("{section}",)).set_index("claim_id").loc["{claim_id}"]',
        "```",
    ]
    if verdict:
        lines += ["", "The model check alone:", "", *_model_code(str(row["model_check"]), claim_id)]
    return "\n".join(lines) + "\n"


def render_index(evaluated: pd.DataFrame) -> str:
    """The page that lists every claim by section, each linked to its page."""
    titles = {s.number: s.title for s in paper.sections()}
    lines = [
        "# Claims, one page each",
        "",
        "Every quantitative claim of the paper has a page of its own with its quote, both "
        "verdicts and why, the evidence and its sources, the model finding and the code. The "
        "{ref}`reproducibility page <claim-index>` has the same list as a table that sorts "
        "and filters.",
    ]
    for section, group in evaluated.groupby("section", sort=False):
        title = titles.get(section, "")
        lines += ["", f"## §{section} {_quote(title)}".rstrip(), ""]
        for row in group.itertuples():
            verdicts = claims.words(row.status) + (
                f"; model: {claims.words(row.model_verdict)}" if row.model_verdict else ""
            )
            lines.append(
                f"- [{row.claim_id}]({row.claim_id}.md): {_quote(_text(row.claim_en))} ({verdicts})"
            )
    return "\n".join(lines) + "\n"


def render(evaluated: pd.DataFrame | None = None) -> dict[str, str]:
    """Every page's file name (in book/claims/) -> its text."""
    evaluated = claims.evaluate() if evaluated is None else evaluated
    sources = data.load_table("sources").set_index("source_id")
    audit = data.load_table("audit")
    references = paper_references()
    pages = {
        f"{row['claim_id']}.md": render_page(row, sources, references, audit)
        for _, row in evaluated.iterrows()
    }
    pages[f"{INDEX}.md"] = render_index(evaluated)
    return pages


def main() -> None:
    evaluated = claims.evaluate()
    pages = render(evaluated)
    # A page whose model check could not run here (third-party data missing) keeps what the
    # check wrote when it last ran; it is written only if it does not exist yet.
    not_run = evaluated.loc[evaluated[claims.MODEL_BASIS] == claims.CHECK_NOT_RUN, "claim_id"]
    keep = {f"{claim_id}.md" for claim_id in not_run}
    PAGES.mkdir(parents=True, exist_ok=True)
    for stale in sorted(set(p.name for p in PAGES.glob("*.md")) - set(pages)):
        (PAGES / stale).unlink()
        print(f"removed book/claims/{stale}")
    for name, text in pages.items():
        path = PAGES / name
        if name in keep and path.exists():
            print(f"kept book/claims/{name}: its model check needs third-party data missing here")
        elif not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote book/claims/{name}")


if __name__ == "__main__":
    main()
