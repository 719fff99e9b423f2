"""The claim ledger: every quantitative claim of the paper and the status its evidence gives it.

``data/claims.csv`` holds one row per claim. Its ``evidence`` column names what the claim is
checked against, in one of these forms:

``series:<series_id>@<year>[/<vintage>].<value|growth>``
    The official figure in ``data/official_series.csv`` (the latest vintage unless one is named;
    ``growth`` is the *published* growth rate). The claim is **consistent** when it lies within
    its tolerance of the official figure, **inconsistent** otherwise, and **unsourced** when no
    official figure was found.
``<operand> <op> <operand> [& …]``
    A comparison the claim asserts, with operands that are series references as above or numbers
    and ``op`` one of ``> >= < <=``: **consistent** when every comparison holds.
``paper:<number> "<quote>"``
    The paper itself states ``<number>`` for the same quantity in ``<quote>`` (checked to occur in
    the paper's text): **consistent** when the claim's value equals it, else **inconsistent**.
``unsourced: <reason>`` / ``not_checkable: <reason>``
    No source could be found (or the cited one cannot contain the figure) / the claim cannot be
    checked against any data, with the reason.

Tolerance. A claim is taken to the precision the paper writes it with: ``stated_precision`` is the
value of one unit in the last digit written (0.1 for "7.2%", 10000 亿元 for "15 万亿元"). An exact
claim must round to the official figure (tolerance half that unit); a claim the paper marks as
approximate (``approximate`` = true, "约 15 万亿元") may differ by one whole unit, so that both
rounding and truncation are accepted.

The ``status`` column of the CSV records the result for readers of the raw file; the tests check
that it equals what :func:`evaluate` computes, so it is never typed by hand.
"""

from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from ecommod import data

STATUSES = (
    "consistent",
    "inconsistent",
    "unsourced",
    "reproduced_by_model",
    "not_checkable",
    "pending",
)
PAPER_TEXT = data.REPO_ROOT / "paper" / "wu-luo-2025-ecl.md"

_SERIES_REF = re.compile(
    r"^series:(?P<series_id>[a-z0-9_]+)@(?P<year>\d{4})"
    rf"(?:/(?P<vintage>{'|'.join(data.VINTAGES)}))?"
    r"\.(?P<measure>value|growth)$"
)
_COMPARISON = re.compile(r"^(?P<left>\S+)\s*(?P<op>>=|<=|>|<)\s*(?P<right>\S+)$")
_PAPER = re.compile(r'^paper:(?P<number>-?\d+(?:\.\d+)?)\s+"(?P<quote>[^"]+)"$')
_REASONED = re.compile(r"^(?P<status>unsourced|not_checkable):\s*(?P<reason>\S.*)$", re.DOTALL)
_OPERATORS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


class EvidenceError(ValueError):
    """An ``evidence`` cell that does not follow the grammar, or names data that do not exist."""


@dataclass(frozen=True)
class OfficialFigure:
    series_id: str
    year: int
    vintage: str
    measure: str
    value: float
    source_id: str
    quote_zh: str


@dataclass(frozen=True)
class Verdict:
    status: str
    official_value: float = math.nan
    difference: float = math.nan
    tolerance: float = math.nan
    source_ids: tuple[str, ...] = ()
    explanation: str = ""


def load_claims(data_dir: Path = data.DATA_DIR) -> pd.DataFrame:
    """The validated claim ledger, in paper order."""
    return data.load_table("claims", data_dir)


def official_figure(series: pd.DataFrame, reference: str) -> OfficialFigure | None:
    """Resolve a ``series:…`` reference; ``None`` when the row exists but its value is missing."""
    match = _SERIES_REF.match(reference)
    if not match:
        raise EvidenceError(
            f"{reference!r} is not a series reference "
            "(expected series:<series_id>@<year>[/<vintage>].<value|growth>)"
        )
    series_id, year = match["series_id"], int(match["year"])
    rows = series[(series["series_id"] == series_id) & (series["year"] == year)]
    if match["vintage"]:
        rows = rows[rows["vintage"] == match["vintage"]]
    if rows.empty:
        raise EvidenceError(f"{reference!r}: no row for {series_id} in {year} in official_series")
    row = data.latest_vintage(rows).iloc[0]
    column = "value" if match["measure"] == "value" else "published_growth_pct"
    if pd.isna(row[column]):
        return None
    return OfficialFigure(
        series_id,
        year,
        row["vintage"],
        match["measure"],
        float(row[column]),
        row["source_id"],
        row["quote_zh"],
    )


def tolerance(claim: pd.Series) -> float:
    """How far (in the claim's unit) the official figure may lie from the claim; see module doc."""
    precision = claim["stated_precision"]
    if pd.isna(precision) or precision <= 0:
        raise EvidenceError(
            f"claim {claim['claim_id']}: stated_precision must be > 0 to compare with a series, "
            f"got {precision}"
        )
    return float(precision) if bool(claim["approximate"]) else float(precision) / 2.0


def _operand(token: str, series: pd.DataFrame) -> tuple[float | None, OfficialFigure | None]:
    if token.startswith("series:"):
        figure = official_figure(series, token)
        return (None, None) if figure is None else (figure.value, figure)
    try:
        return float(token), None
    except ValueError as err:
        raise EvidenceError(f"{token!r} is neither a series reference nor a number") from err


def _judge_comparison(evidence: str, series: pd.DataFrame) -> Verdict:
    holds, sources, parts = True, [], []
    for clause in evidence.split("&"):
        match = _COMPARISON.match(clause.strip())
        if not match:
            raise EvidenceError(f"{clause.strip()!r} is not a comparison (<a> <op> <b>)")
        (left, left_fig), (right, right_fig) = (
            _operand(match["left"], series),
            _operand(match["right"], series),
        )
        if left is None or right is None:
            return Verdict("unsourced", explanation=f"no official figure for {clause.strip()}")
        sources += [f.source_id for f in (left_fig, right_fig) if f is not None]
        holds &= _OPERATORS[match["op"]](left, right)
        parts.append(f"{left:g} {match['op']} {right:g}: {_OPERATORS[match['op']](left, right)}")
    return Verdict(
        "consistent" if holds else "inconsistent",
        source_ids=tuple(dict.fromkeys(sources)),
        explanation="; ".join(parts),
    )


@cache
def _paper_text() -> str:
    return PAPER_TEXT.read_text(encoding="utf-8")


def judge(claim: pd.Series, series: pd.DataFrame) -> Verdict:
    """The status of one claim (a row of the ledger) given the official series."""
    evidence = claim["evidence"]
    if pd.isna(evidence) or not str(evidence).strip():
        return Verdict("pending", explanation="not yet examined")
    evidence = str(evidence).strip()
    if reasoned := _REASONED.match(evidence):
        return Verdict(reasoned["status"], explanation=reasoned["reason"].strip())
    if paper := _PAPER.match(evidence):
        if paper["quote"] not in _paper_text():
            raise EvidenceError(
                f"claim {claim['claim_id']}: quote not found in the paper: {paper['quote']!r}"
            )
        stated = float(paper["number"])
        status = "consistent" if math.isclose(stated, claim["value"]) else "inconsistent"
        return Verdict(
            status,
            official_value=stated,
            difference=claim["value"] - stated,
            explanation=f"the paper elsewhere states {stated:g}: 「{paper['quote']}」",
        )
    if evidence.startswith("series:") and _SERIES_REF.match(evidence):
        figure = official_figure(series, evidence)
        if figure is None:
            return Verdict("unsourced", explanation=f"no official figure found for {evidence}")
        allowed = tolerance(claim)
        difference = float(claim["value"]) - figure.value
        # A small epsilon absorbs binary floating point in values such as 26.8 vs 26.85.
        within = abs(difference) <= allowed + 1e-9 * max(1.0, abs(figure.value))
        return Verdict(
            "consistent" if within else "inconsistent",
            official_value=figure.value,
            difference=difference,
            tolerance=allowed,
            source_ids=(figure.source_id,),
            explanation=f"{figure.series_id} {figure.year} ({figure.vintage}, {figure.measure})",
        )
    if _COMPARISON.match(evidence.split("&")[0].strip()):
        return _judge_comparison(evidence, series)
    raise EvidenceError(
        f"claim {claim['claim_id']}: evidence {evidence!r} follows no known form "
        "(see ecommod.claims)"
    )


def evaluate(
    claims: pd.DataFrame | None = None, series: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Every claim with its computed status, the official figure, the difference and sources."""
    claims = load_claims() if claims is None else claims
    series = data.load_table("official_series") if series is None else series
    verdicts = [judge(claim, series) for _, claim in claims.iterrows()]
    result = claims[
        ["claim_id", "section", "claim_en", "value", "unit", "year", "kind", "cited_ref", "status"]
    ].rename(columns={"status": "recorded_status"})
    result["status"] = [v.status for v in verdicts]
    result["official_value"] = [v.official_value for v in verdicts]
    result["difference"] = [v.difference for v in verdicts]
    result["tolerance"] = [v.tolerance for v in verdicts]
    result["sources"] = [", ".join(v.source_ids) for v in verdicts]
    result["explanation"] = [v.explanation for v in verdicts]
    return result


def section_table(section: str, evaluated: pd.DataFrame | None = None) -> pd.DataFrame:
    """The claims of one paper section (``"1"``, ``"4.4"`` takes 4.4.1 and 4.4.2) for display."""
    evaluated = evaluate() if evaluated is None else evaluated
    in_section = (
        evaluated["section"].astype(str).map(lambda s: s == section or s.startswith(section + "."))
    )
    if not in_section.any():
        raise ValueError(
            f"section {section!r} has no claims; sections: "
            f"{sorted(evaluated['section'].astype(str).unique())}"
        )
    table = evaluated.loc[in_section].set_index("claim_id")
    table.index.name = "claim"
    sources = data.load_table("sources").set_index("source_id")
    table["source"] = table["sources"].map(lambda ids: describe_sources(ids, sources))
    columns = {
        "status": "status",
        "value": "paper",
        "official_value": "official / check",
        "difference": "difference",
        "unit": "unit",
        "source": "source",
        "claim_en": "claim (paper)",
        "explanation": "basis",
    }
    return table[list(columns)].rename(columns=columns)


def describe_sources(source_ids: str, sources: pd.DataFrame) -> str:
    """``"id_a, id_b"`` as "publisher (release date)" for each source, joined by "; ".

    ``sources`` is the sources table indexed by ``source_id``; the full record (title, URL, how
    it was read) is there and on the book's references page.
    """
    if not source_ids:
        return ""
    described = []
    for source_id in source_ids.split(", "):
        row = sources.loc[source_id]
        publisher = row["publisher"].split(" (")[0]
        date = "undated" if pd.isna(row["date"]) else f"{row['date']:%Y-%m-%d}"
        described.append(f"{publisher} ({date})")
    return "; ".join(described)


def status_counts(evaluated: pd.DataFrame | None = None) -> pd.DataFrame:
    """Claims per section and status (rows: sections in paper order; columns: statuses)."""
    evaluated = evaluate() if evaluated is None else evaluated
    table = pd.crosstab(evaluated["section"], evaluated["status"])
    table = table.reindex(columns=[s for s in STATUSES if s in table.columns])
    order = sorted(table.index, key=lambda s: [int(p) for p in str(s).split(".")])
    return table.loc[order]
