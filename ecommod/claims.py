"""The claim ledger: every quantitative claim of the paper with two computed verdicts.

``data/claims.csv`` holds one row per claim (DESIGN.md, "Claim ledger"). Two verdicts are computed
here and only recorded in the CSV (a test keeps the record equal to the computation):

* ``status``, what the evidence says about the number: see :data:`STATUS_MEANINGS`.
* ``model_verdict``, what a model says about the mechanism: see :data:`MODEL_VERDICT_MEANINGS`.
  ``model_check`` names the function as ``ecommod.<module>:<function>``; it is imported by name,
  called with no arguments and returns a :class:`ModelCheck`.

Evidence forms. The ``evidence`` cell takes one of the forms in :data:`EVIDENCE_FORMS`, each with
its own parser (run when the ledger is loaded, so a malformed cell fails early, naming the claim)
and judge:

``series:<series_id>@<year>[/<vintage>].<value|growth>``
    An official figure of ``data/official_series.csv`` (latest vintage unless one is named;
    ``growth`` is the *published* growth rate, in %). The claim's value, or its range, is compared
    at the claim's precision, after converting the official figure into the claim's unit.
``ratio:<series reference> / <series reference>``
    A quantity derived from two official figures (a share computed from two levels), in the
    claim's unit (``pct``).
``change:<reference for X> to <reference for Y>``
    A claim "from X to Y": Y (``value``) is compared with the second reference, X
    (``baseline_value``) with the first where an official figure for it exists.
``<operand> <op> <operand> [& <operand> <op> <operand> …]``
    A comparison the claim asserts; ``op`` is one of ``> >= < <=``. An operand is a series
    reference, the claim's own ``value``/``value_high``/``baseline_value``, or a number with its
    unit in brackets (``20000[100m_yuan]``). Both sides are converted to one unit; a comparison
    across dimensions is refused. A comparison claim needs no value of its own.
``paper:<number or low~high> "<quote>"``
    The paper states the same quantity elsewhere, in ``<quote>`` (checked to occur in the paper).
``unverified: <reason>`` / ``unsourced: <reason>`` / ``not_checkable: <reason>``
    A status that no data can compute, with the reason.

Units. Every ``unit`` is a row of ``data/units.csv`` (dimension, factor to the dimension's base
unit, label). Figures are converted through it; a comparison of two dimensions (percent against
percentage points, yuan against days) raises :class:`EvidenceError`.

Tolerance. A claim is taken to the precision the paper writes it with: ``stated_precision`` is the
value of one unit in the last digit written (0.1 for "7.2%", 10000 亿元 for "15 万亿元"). An exact
claim must round to the official figure (tolerance half that unit); an approximate one (约) may
differ by one whole unit, so that truncation is accepted too, and the basis says when only
truncation makes it hold. A missing official figure makes the claim ``unverified`` when the paper
cites a source for it (an official series of that kind exists, but no readable copy gave the
figure) and ``unsourced`` when it cites none.
"""

from __future__ import annotations

import importlib
import math
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from ecommod import data, validate
from ecommod.present import MISSING, RECORD_CSS, format_number, format_value, is_missing

#: What each evidence status means (the reproducibility page shows these sentences).
STATUS_MEANINGS = {
    "consistent": "the official figure, or the paper's own text, agrees at the precision the paper "
    "writes",
    "inconsistent": "the official figure, or the paper's own text, disagrees at that precision",
    "unverified": "the paper cites a source that could contain the figure, but no readable copy "
    "of it was found; the figure may be right",
    "unsourced": "no source is given, or the cited one cannot contain the figure (wrong publisher, "
    "date or scope); this says nothing about whether the figure is right",
    "not_checkable": "no public data could settle it; the reason says why",
    "pending": "not yet examined",
}
STATUSES = tuple(STATUS_MEANINGS)

#: What each model verdict means.
MODEL_VERDICT_MEANINGS = {
    "reproduced": "a model with sourced or stated inputs gives the claimed value at its precision",
    "conditional": "the claim holds only in a stated region of the model's parameters",
    "contradicted": "the model shows the claim cannot hold as stated",
    "illustrated": "the model turns the claim into a concrete case without testing it",
}
MODEL_VERDICTS = tuple(MODEL_VERDICT_MEANINGS)

#: The label of a claim without a model check, wherever model verdicts are counted or shown.
NO_MODEL_CHECK = "no model check"

#: The one verdict palette (Okabe-Ito, colour-blind safe), used by every page and figure:
#: green agrees, vermilion disagrees, orange and purple lack a source, blue cannot be checked.
STATUS_COLOURS = {
    "consistent": "#009E73",
    "inconsistent": "#D55E00",
    "unverified": "#E69F00",
    "unsourced": "#CC79A7",
    "not_checkable": "#56B4E9",
    "pending": "#BBBBBB",
}
MODEL_VERDICT_COLOURS = {
    "reproduced": "#009E73",
    "conditional": "#E69F00",
    "contradicted": "#D55E00",
    "illustrated": "#56B4E9",
    NO_MODEL_CHECK: "#DDDDDD",
}

#: What each kind of claim is called in the reader's text.
KIND_WORDS = {
    "official_statistic": "official statistic",
    "survey_figure": "survey figure",
    "firm_case": "firm case",
    "model_parameter": "model parameter",
    "policy_rule": "policy rule",
}

#: Where each claim's page is, relative to a page one folder below the book's root (a chapter
#: in notebooks/ or a page in book/): a markdown link that the book and JupyterLab both follow.
CLAIM_PAGE = "../book/claims/{claim_id}.md"


def words(value: str) -> str:
    """A status, model verdict or kind as a reader reads it ("not_checkable" -> "not checkable";
    "" -> "no model check")."""
    if value == "":
        return NO_MODEL_CHECK
    return KIND_WORDS.get(value, value.replace("_", " "))


def claim_link(claim_id: str, page: str = CLAIM_PAGE) -> str:
    """A markdown link from a claim id to its page, e.g. ``[S1-01](../book/claims/S1-01.md)``."""
    return f"[{claim_id}]({page.format(claim_id=claim_id)})"


_CLAIM_ID = re.compile(r"\bS\d+-\d\d\b")


def linked_text(text: str, page: str = CLAIM_PAGE) -> str:
    """``text`` (from the data) safe inside a Markdown paragraph, with each claim id it names
    linked to that claim's page (``page`` as in :func:`claim_link`): nothing in it is taken as
    a role, emphasis, maths or HTML."""
    escaped = re.sub(r"([\\`*_<>\[\]{}|$#])", r"\\\1", " ".join(str(text).split()))
    return _CLAIM_ID.sub(lambda m: claim_link(m[0], page), escaped)


#: Columns of :func:`evaluate`, defined once (notebooks and tests use these names).
RECORDED_STATUS = "recorded_status"
RECORDED_MODEL_VERDICT = "recorded_model_verdict"
OFFICIAL_VALUE = "official_value"
DIFFERENCE = "difference"
TOLERANCE = "tolerance"
SOURCES = "sources"
BASIS = "basis"
MODEL_VALUE = "model_value"
MODEL_BASIS = "model_basis"

_SERIES_REF = re.compile(
    r"^series:(?P<series_id>[a-z0-9_]+)@(?P<year>\d{4})"
    rf"(?:/(?P<vintage>{'|'.join(data.VINTAGES)}))?"
    r"\.(?P<measure>value|growth)$"
)
_NUMBER = r"-?\d+(?:\.\d+)?"
_COMPARISON = re.compile(r"^(?P<left>\S+)\s*(?P<op>>=|<=|>|<)\s*(?P<right>\S+)$")
_NUMBER_WITH_UNIT = re.compile(rf"^(?P<number>{_NUMBER})\[(?P<unit>[A-Za-z0-9_]+)\]$")
_CLAIM_FIELDS = ("value", "value_high", "baseline_value")
_PAPER = re.compile(rf'^paper:(?P<low>{_NUMBER})(?:~(?P<high>{_NUMBER}))?\s+"(?P<quote>[^"]+)"$')
_REASONED = re.compile(
    r"^(?P<status>unverified|unsourced|not_checkable):\s*(?P<reason>\S.*)$", re.DOTALL
)
_RATIO = re.compile(r"^ratio:(?P<part>\S+)\s*/\s*(?P<total>\S+)$")
_CHANGE = re.compile(r"^change:(?P<start>\S+)\s+to\s+(?P<end>\S+)$")
_MODEL_CHECK = re.compile(r"^(?P<module>ecommod(?:\.[a-z_][a-z0-9_]*)+):(?P<function>[a-z_]\w*)$")
_OPERATORS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}
# Absorbs binary floating point in comparisons such as 26.8 against 26.85 (relative).
_EPSILON = 1e-9


class EvidenceError(ValueError):
    """An ``evidence`` or ``model_check`` cell that is malformed or names data that do not exist."""


@dataclass(frozen=True)
class SeriesRef:
    """A parsed ``series:`` reference."""

    text: str
    series_id: str
    year: int
    vintage: str | None
    measure: str


@dataclass(frozen=True)
class Figure:
    """A number with its unit, and where it came from (empty for the claim's own numbers)."""

    value: float
    unit: str
    label: str
    source_id: str = ""


@dataclass(frozen=True)
class Verdict:
    """What the evidence says about one claim; numbers are in the claim's unit."""

    status: str
    official_value: float = math.nan
    difference: float = math.nan
    tolerance: float = math.nan
    source_ids: tuple[str, ...] = ()
    basis: str = ""


@dataclass(frozen=True)
class Context:
    """What the judges read: the official series and the units table (indexed by unit)."""

    series: pd.DataFrame
    units: pd.DataFrame = field(repr=False)


@dataclass(frozen=True)
class EvidenceForm:
    """One evidence form: how to recognise it, parse it (at load) and judge a claim with it."""

    name: str
    syntax: str
    recognise: Callable[[str], bool]
    parse: Callable[[str], Any]
    judge: Callable[[pd.Series, Any, Context], Verdict]


# --- units -------------------------------------------------------------------------------------


@cache
def _units_table() -> pd.DataFrame:
    return data.load_table("units").set_index("unit")


def convert(value: float, from_unit: str, to_unit: str, units: pd.DataFrame | None = None) -> float:
    """``value`` in ``from_unit`` expressed in ``to_unit``; refuses different dimensions."""
    units = _units_table() if units is None else units
    for name, unit in (("from_unit", from_unit), ("to_unit", to_unit)):
        if unit not in units.index:
            raise EvidenceError(
                f"{name} {unit!r} is not in data/units.csv; known: {list(units.index)}"
            )
    source, target = units.loc[from_unit], units.loc[to_unit]
    if source["dimension"] != target["dimension"]:
        raise EvidenceError(
            f"cannot compare {from_unit!r} ({source['dimension']}) with {to_unit!r} "
            f"({target['dimension']}): different dimensions"
        )
    # The factor first, so that a unit converted into itself stays exact (0.01 / 0.01 == 1).
    return float(value) * (float(source["factor_to_base"]) / float(target["factor_to_base"]))


# --- parsers -----------------------------------------------------------------------------------


def parse_series_ref(text: str) -> SeriesRef:
    match = _SERIES_REF.match(text)
    if not match:
        raise EvidenceError(
            f"{text!r} is not a series reference "
            "(expected series:<series_id>@<year>[/<vintage>].<value|growth>)"
        )
    return SeriesRef(
        text, match["series_id"], int(match["year"]), match["vintage"], match["measure"]
    )


def _parse_operand(token: str):
    if token.startswith("series:"):
        return parse_series_ref(token)
    if token in _CLAIM_FIELDS:
        return token
    if match := _NUMBER_WITH_UNIT.match(token):
        return (float(match["number"]), match["unit"])
    raise EvidenceError(
        f"{token!r} is not an operand: expected a series reference, one of {_CLAIM_FIELDS}, "
        "or a number with its unit in brackets such as 20000[100m_yuan]"
    )


def _parse_comparison(text: str) -> list[tuple[Any, str, Any]]:
    if re.search(r"\band\b", text):
        raise EvidenceError(f"{text!r}: join comparisons with '&', not 'and'")
    clauses = []
    for clause in text.split("&"):
        match = _COMPARISON.match(clause.strip())
        if not match:
            raise EvidenceError(f"{clause.strip()!r} is not a comparison (<a> <op> <b>)")
        clauses.append((_parse_operand(match["left"]), match["op"], _parse_operand(match["right"])))
    return clauses


def _parse_with(pattern: re.Pattern, syntax: str) -> Callable[[str], re.Match]:
    def parse(text: str) -> re.Match:
        if match := pattern.match(text):
            return match
        raise EvidenceError(f"{text!r} does not follow {syntax}")

    return parse


def _parse_ratio(text: str) -> tuple[SeriesRef, SeriesRef]:
    match = _parse_with(_RATIO, "ratio:<series reference> / <series reference>")(text)
    return parse_series_ref(match["part"]), parse_series_ref(match["total"])


def _parse_change(text: str) -> tuple[SeriesRef, SeriesRef]:
    match = _parse_with(_CHANGE, "change:<series reference> to <series reference>")(text)
    return parse_series_ref(match["start"]), parse_series_ref(match["end"])


def _parse_paper(text: str) -> tuple[float, float | None, str]:
    match = _parse_with(_PAPER, 'paper:<number or low~high> "<quote>"')(text)
    from ecommod import paper

    if match["quote"] not in paper.text():
        raise EvidenceError(f"quote not found in the paper: {match['quote']!r}")
    high = None if match["high"] is None else float(match["high"])
    return float(match["low"]), high, match["quote"]


# --- figures -----------------------------------------------------------------------------------


def official_figure(reference: SeriesRef, context: Context) -> Figure | None:
    """The official figure a reference names; ``None`` when its row exists without a value."""
    series = context.series
    rows = series[(series["series_id"] == reference.series_id) & (series["year"] == reference.year)]
    if reference.vintage:
        rows = rows[rows["vintage"] == reference.vintage]
    if rows.empty:
        raise EvidenceError(
            f"{reference.text!r}: no row for this series and year in official_series"
        )
    row = data.latest_vintage(rows).iloc[0]
    column, unit = (
        ("value", row["unit"]) if reference.measure == "value" else ("published_growth_pct", "pct")
    )
    if is_missing(row[column]):
        return None
    label = f"{series_words(reference)} ({row['vintage']} figure)"
    return Figure(float(row[column]), unit, label, row["source_id"])


def series_words(reference: SeriesRef) -> str:
    """A series reference as a reader reads it: "online retail sales, 2024" or "online retail
    sales, 2024, published growth rate"."""
    text = f"{reference.series_id.replace('_', ' ')}, {reference.year}"
    return text + (", published growth rate" if reference.measure == "growth" else "")


def _claim_figure(claim: pd.Series, name: str) -> Figure:
    if is_missing(claim[name]):
        raise EvidenceError(f"claim {claim['claim_id']}: the evidence uses {name}, which is empty")
    return Figure(float(claim[name]), claim["unit"], f"the claim's {name}")


def _operand_figure(operand, claim: pd.Series, context: Context) -> Figure | None:
    if isinstance(operand, SeriesRef):
        return official_figure(operand, context)
    if isinstance(operand, str):
        return _claim_figure(claim, operand)
    number, unit = operand
    return Figure(number, unit, f"{number:g} {unit}")


# --- judges ------------------------------------------------------------------------------------


def tolerance(claim: pd.Series) -> float:
    """How far, in the claim's unit, an official figure may lie from the claim (module doc)."""
    precision = claim["stated_precision"]
    if is_missing(precision) or precision <= 0:
        raise EvidenceError(
            f"claim {claim['claim_id']}: stated_precision must be above 0 to compare a value, "
            f"got {precision}"
        )
    return float(precision) if bool(claim["approximate"]) else float(precision) / 2.0


def _no_figure(claim: pd.Series, what: str) -> Verdict:
    cited = claim["cited_ref"]
    if is_missing(cited) or not str(cited).strip():
        return Verdict("unsourced", basis=f"no source is cited and no official figure for {what}")
    return Verdict(
        "unverified",
        basis=f"the paper cites {cited}; no readable copy gave an official figure for {what}",
    )


def _compare_value(
    claim: pd.Series,
    figure: Figure,
    context: Context,
    *,
    field_low="value",
    field_high="value_high",
) -> Verdict:
    """Judge the claim's value (or range) against one official figure, in the claim's unit."""
    if is_missing(claim[field_low]):
        raise EvidenceError(f"claim {claim['claim_id']}: {field_low} is empty; nothing to compare")
    official = convert(figure.value, figure.unit, claim["unit"], context.units)
    allowed = tolerance(claim)
    low = float(claim[field_low])
    high = low if is_missing(claim[field_high]) else float(claim[field_high])
    slack = _EPSILON * max(1.0, abs(official))
    within = low - allowed - slack <= official <= high + allowed + slack
    difference = (
        0.0 if low <= official <= high else (low - official if official < low else high - official)
    )
    basis = figure.label
    if within and bool(claim["approximate"]) and abs(difference) > allowed / 2 + slack:
        basis += "; holds only because 约 allows a whole unit (truncation), not by rounding"
    return Verdict(
        "consistent" if within else "inconsistent",
        official_value=official,
        difference=difference,
        tolerance=allowed,
        source_ids=(figure.source_id,) if figure.source_id else (),
        basis=basis,
    )


def _judge_series(claim, reference: SeriesRef, context: Context) -> Verdict:
    figure = official_figure(reference, context)
    if figure is None:
        return _no_figure(claim, series_words(reference))
    return _compare_value(claim, figure, context)


def _judge_ratio(claim, references: tuple[SeriesRef, SeriesRef], context: Context) -> Verdict:
    part, total = (official_figure(r, context) for r in references)
    if part is None or total is None:
        return _no_figure(claim, " as a share of ".join(series_words(r) for r in references))
    part_in_total_unit = convert(part.value, part.unit, total.unit, context.units)
    ratio = Figure(
        part_in_total_unit / total.value,
        "fraction",
        f"{part.label} as a share of {total.label}",
        "",
    )
    verdict = _compare_value(claim, ratio, context)
    sources = tuple(dict.fromkeys(f.source_id for f in (part, total) if f.source_id))
    return replace(verdict, source_ids=sources)


def _judge_change(claim, references: tuple[SeriesRef, SeriesRef], context: Context) -> Verdict:
    start_ref, end_ref = references
    end = official_figure(end_ref, context)
    if end is None:
        return _no_figure(claim, series_words(end_ref))
    verdict = _compare_value(claim, end, context)
    start = official_figure(start_ref, context)
    if start is None or is_missing(claim["baseline_value"]):
        return replace(
            verdict,
            basis=verdict.basis + "; the starting figure is not checked: no official figure",
        )
    start_verdict = _compare_value(
        claim, start, context, field_low="baseline_value", field_high="baseline_value_high"
    )
    both = verdict.status == start_verdict.status == "consistent"
    sources = tuple(dict.fromkeys(verdict.source_ids + start_verdict.source_ids))
    return replace(
        verdict,
        status="consistent" if both else "inconsistent",
        source_ids=sources,
        basis=f"end: {verdict.basis}; start: {start_verdict.basis} "
        f"(official {start_verdict.official_value:g}, "
        f"the paper's {float(claim['baseline_value']):g})",
    )


#: How a comparison reads in words.
_OPERATOR_WORDS = {">": "above", ">=": "at least", "<": "below", "<=": "at most"}


def _judge_comparison(claim, clauses, context: Context) -> Verdict:
    holds, sources, parts = True, [], []
    for left_operand, op, right_operand in clauses:
        left, right = (_operand_figure(o, claim, context) for o in (left_operand, right_operand))
        text = f"{_describe(left_operand)} {_OPERATOR_WORDS[op]} {_describe(right_operand)}"
        if left is None or right is None:
            return _no_figure(claim, text)
        right_value = convert(right.value, right.unit, left.unit, context.units)
        result = _OPERATORS[op](left.value, right_value)
        holds &= result
        sources += [f.source_id for f in (left, right) if f.source_id]
        symbol = context.units["symbol"].get(left.unit)
        symbol = "" if is_missing(symbol) else str(symbol)
        parts.append(
            f"{_describe(left_operand)} ({left.value:g}{symbol}) is "
            f"{'' if result else 'not '}{_OPERATOR_WORDS[op]} "
            f"{_describe(right_operand)} ({right_value:g}{symbol})"
        )
    return Verdict(
        "consistent" if holds else "inconsistent",
        source_ids=tuple(dict.fromkeys(sources)),
        basis="; ".join(parts),
    )


def _describe(operand) -> str:
    if isinstance(operand, SeriesRef):
        return series_words(operand)
    if isinstance(operand, str):
        return _FIELD_WORDS[operand]
    return f"{operand[0]:g} ({_unit_label(operand[1])})"


#: The claim's own numbers as the basis names them.
_FIELD_WORDS = {
    "value": "the paper's figure",
    "value_high": "the upper end of the paper's range",
    "baseline_value": "the paper's starting figure",
}


def _unit_label(unit: str) -> str:
    """The unit's label from the units table ("100 million yuan (亿元)"), or the unit itself."""
    units = _units_table()
    return str(units.loc[unit, "label"]) if unit in units.index else unit


def _judge_paper(claim, parsed: tuple[float, float | None, str], context: Context) -> Verdict:
    low, high, quote = parsed
    if is_missing(claim["value"]):
        raise EvidenceError(f"claim {claim['claim_id']}: value is empty; nothing to compare")
    claimed_high = claim["value"] if is_missing(claim["value_high"]) else claim["value_high"]
    stated_high = low if high is None else high
    same = math.isclose(low, claim["value"]) and math.isclose(stated_high, claimed_high)
    stated = f"{low:g}" if high is None else f"{low:g}~{high:g}"
    return Verdict(
        "consistent" if same else "inconsistent",
        official_value=low,
        difference=float(claim["value"]) - low,
        basis=f"the paper elsewhere states {stated}: 「{quote}」",
    )


def _judge_reasoned(claim, match: re.Match, context: Context) -> Verdict:
    return Verdict(match["status"], basis=match["reason"].strip())


def _has_operator(text: str) -> bool:
    return bool(re.search(r"\s(?:>=|<=|>|<)\s", text)) or "&" in text


#: Every evidence form, in the order they are tried; the first that recognises a cell parses it.
EVIDENCE_FORMS: tuple[EvidenceForm, ...] = (
    EvidenceForm(
        "reasoned",
        "unverified|unsourced|not_checkable: <reason>",
        lambda text: bool(re.match(r"^(unverified|unsourced|not_checkable):", text)),
        _parse_with(_REASONED, "unverified|unsourced|not_checkable: <reason>"),
        _judge_reasoned,
    ),
    EvidenceForm(
        "paper",
        'paper:<number or low~high> "<quote>"',
        lambda text: text.startswith("paper:"),
        _parse_paper,
        _judge_paper,
    ),
    EvidenceForm(
        "ratio",
        "ratio:<series reference> / <series reference>",
        lambda text: text.startswith("ratio:"),
        _parse_ratio,
        _judge_ratio,
    ),
    EvidenceForm(
        "change",
        "change:<series reference for X> to <series reference for Y>",
        lambda text: text.startswith("change:"),
        _parse_change,
        _judge_change,
    ),
    EvidenceForm(
        "comparison",
        "<operand> <op> <operand> [& …]",
        _has_operator,
        _parse_comparison,
        _judge_comparison,
    ),
    EvidenceForm(
        "series",
        "series:<series_id>@<year>[/<vintage>].<value|growth>",
        lambda text: text.startswith("series:"),
        parse_series_ref,
        _judge_series,
    ),
)


@dataclass(frozen=True)
class ParsedEvidence:
    form: EvidenceForm
    parsed: Any


def parse_evidence(claim_id: str, evidence: str) -> ParsedEvidence:
    """Recognise and parse one evidence cell; the error names the claim and what was expected."""
    text = evidence.strip()
    for form in EVIDENCE_FORMS:
        if form.recognise(text):
            try:
                return ParsedEvidence(form, form.parse(text))
            except EvidenceError as err:
                raise EvidenceError(f"claim {claim_id}: {form.name} evidence: {err}") from err
    expected = "; ".join(form.syntax for form in EVIDENCE_FORMS)
    raise EvidenceError(f"claim {claim_id}: evidence {text!r} follows no known form ({expected})")


# --- model checks: findings and the one verdict rule ----------------------------------------------

#: Every registered model check: ``"ecommod.<module>:<function>"`` -> the claim ids it may judge.
#: Filled by :func:`model_check` when a chapter module is imported; the ledger accepts no other.
REGISTERED_CHECKS: dict[str, tuple[str, ...]] = {}


def model_check(*claim_ids: str) -> Callable:
    """Register a function as the model check of ``claim_ids`` (decorator).

    The function is called as ``function(claim_id)`` by :func:`evaluate` and returns a
    :class:`Finding`; only a registered function may stand in a ledger's ``model_check`` cell.
    """
    if not claim_ids or not all(isinstance(c, str) and c for c in claim_ids):
        raise ValueError(f"model_check needs one or more claim ids, got {claim_ids!r}")

    def register(function: Callable) -> Callable:
        REGISTERED_CHECKS[f"{function.__module__}:{function.__name__}"] = tuple(claim_ids)
        return function

    return register


@dataclass(frozen=True)
class Finding:
    """What a model computes about one claim; :func:`model_verdict` turns it into the verdict.

    A check fills it with :func:`point_finding` or :func:`region_finding`, which read the claimed
    value and its tolerance from the ledger. Numbers are in ``unit`` (the claim's unit).

    * ``claimed_low`` / ``claimed_high``: the claim as a closed interval (a single value has
      ``low == high``; a claim "more than X" has ``high = inf``), widened by ``tolerance``.
    * ``estimate`` / ``interval``: the model's number and its interval (e.g. a 95% confidence
      interval or a Monte Carlo interval); a point finding only.
    * ``share_holding`` and ``region``: for a finding over the declared plausible region of the
      assumed parameters, the share of that region where the claim holds, and the region
      (parameter -> (low, high)), with each parameter's meaning in ``region_labels`` for the
      reader's text; ``holds_where`` says where it holds.
    * ``sourced`` / ``assumed``: the inputs that drive the result, sourced (with their source) and
      assumed; ``set_from_claim``: inputs set from this claim's own figure (then the model cannot
      test it); ``restates_claim``: the condition examined is the claimed quantity itself.
    """

    claim_id: str
    unit: str
    claimed_low: float
    claimed_high: float
    tolerance: float
    explanation: str
    estimate: float = math.nan
    interval: tuple[float, float] | None = None
    share_holding: float | None = None
    region: tuple[tuple[str, float, float], ...] = ()
    region_labels: tuple[str, ...] = ()
    holds_where: str = ""
    sourced: tuple[str, ...] = ()
    assumed: tuple[str, ...] = ()
    set_from_claim: tuple[str, ...] = ()
    restates_claim: bool = False

    def __post_init__(self):
        if not self.explanation.strip():
            raise ValueError(f"Finding for {self.claim_id}: explanation must not be empty")
        if self.share_holding is not None:
            if not 0.0 <= self.share_holding <= 1.0:
                raise ValueError(
                    f"Finding for {self.claim_id}: share_holding must be in [0, 1], "
                    f"got {self.share_holding}"
                )
            if not self.region:
                raise ValueError(
                    f"Finding for {self.claim_id}: a share over a region needs the region"
                )
        if self.interval is not None and not self.interval[0] <= self.interval[1]:
            raise ValueError(
                f"Finding for {self.claim_id}: interval must be (low, high), got {self.interval}"
            )


def model_verdict(finding: Finding) -> str:
    """The one rule that turns a :class:`Finding` into a model verdict (DESIGN.md, "Claim ledger").

    * The condition examined restates the claimed quantity, or an input was set from the claim
      itself: ``illustrated`` (nothing is tested).
    * Over the plausible region of the assumed parameters: ``contradicted`` if the claim holds
      nowhere in it, ``reproduced`` if everywhere, ``conditional`` otherwise.
    * At one point: ``illustrated`` if any input that drives the result is assumed; otherwise
      ``reproduced`` if the claim (widened by its tolerance) meets the model's interval and
      ``contradicted`` if it does not.
    """
    if finding.restates_claim or finding.set_from_claim:
        return "illustrated"
    if finding.share_holding is not None:
        if finding.share_holding == 0.0:
            return "contradicted"
        return "reproduced" if finding.share_holding == 1.0 else "conditional"
    if finding.assumed or not finding.sourced:
        return "illustrated"
    if finding.interval is None:
        raise ValueError(
            f"Finding for {finding.claim_id}: a point finding with sourced inputs needs the "
            "model's interval"
        )
    return "reproduced" if _claim_meets_interval(finding) else "contradicted"


def _claim_meets_interval(finding: Finding) -> bool:
    low, high = finding.interval
    slack = finding.tolerance + _EPSILON * max(1.0, abs(low), abs(high))
    return finding.claimed_low - slack <= high and low <= finding.claimed_high + slack


def verdict_reason(finding: Finding) -> str:
    """Why :func:`model_verdict` gave its verdict, in a reader's words (built from the numbers)."""
    verdict = model_verdict(finding)
    if finding.restates_claim:
        return "the condition found restates the claimed quantity, so it tests nothing"
    if finding.set_from_claim:
        return "set from the claim itself: " + ", ".join(finding.set_from_claim)
    if finding.share_holding is not None:
        region = "; ".join(
            f"{label} {format_value(low, 4)}–{format_value(high, 4)}"
            for label, (_, low, high) in zip(
                finding.region_labels or [name for name, _, _ in finding.region],
                finding.region,
                strict=True,
            )
        )
        share = finding.share_holding
        shown = f"{share:.1%}" if 0 < share < 0.095 or 0.905 < share < 1 else f"{share:.0%}"
        return f"the claim holds in {shown} of the plausible region ({region})" + (
            f": {finding.holds_where}" if finding.holds_where else ""
        )
    if verdict == "illustrated":
        assumed = ", ".join(finding.assumed) or "every input"
        return f"the inputs that drive the result are assumptions ({assumed})"
    low, high = finding.interval
    where = "meets" if verdict == "reproduced" else "lies outside"
    return (
        f"the claimed {_claimed_range(finding)} {where} the model's interval "
        f"{format_number(low, _places(low))}–{format_number(high, _places(high))} "
        f"(inputs: {', '.join(finding.sourced)})"
    )


def _places(value: float) -> int:
    """Decimals to show a model number with: three significant digits, at most four decimals."""
    if not math.isfinite(value) or value == 0:
        return 0
    return int(min(4, max(0, 2 - math.floor(math.log10(abs(value))))))


def _claimed_range(finding: Finding) -> str:
    low, high = finding.claimed_low, finding.claimed_high
    if math.isinf(high):
        return f"more than {format_number(low, _places(low))}"
    if math.isinf(low):
        return f"less than {format_number(high, _places(high))}"
    if low == high:
        return format_number(low, _places(low))
    return f"{format_number(low, _places(low))}–{format_number(high, _places(high))}"


def _claimed_interval(claim_id: str, unit: str | None) -> tuple[str, float, float, float]:
    """The unit (the claim's unless given), the claim's value or range in it and its tolerance,
    read from the ledger; a comparison claim has no value: (-inf, inf)."""
    row = claim(claim_id)
    unit = row["unit"] if unit is None else unit
    if is_missing(row["value"]):
        return unit, -math.inf, math.inf, 0.0
    low = convert(row["value"], row["unit"], unit)
    high = low if is_missing(row["value_high"]) else convert(row["value_high"], row["unit"], unit)
    allowed = 0.0 if is_missing(row["stated_precision"]) else tolerance(row)
    return unit, low, high, convert(allowed, row["unit"], unit) if allowed else 0.0


def point_finding(
    claim_id: str,
    estimate: float,
    explanation: str,
    *,
    interval: tuple[float, float] | None = None,
    unit: str | None = None,
    claimed: tuple[float, float] | None = None,
    sourced: Sequence[str] = (),
    assumed: Sequence[str] = (),
    set_from_claim: Sequence[str] = (),
    restates_claim: bool = False,
) -> Finding:
    """A finding at one point: the model's ``estimate`` (and ``interval``) in ``unit`` (the
    claim's unit unless given), with the inputs that drive it.

    The claimed value and tolerance are read from the ledger; ``claimed`` overrides the interval
    for a claim that asserts a direction (for example ``(1, inf)`` for "A is larger than B" on a
    ratio A/B).
    """
    unit, low, high, allowed = _claimed_interval(claim_id, unit)
    if claimed is not None:
        (low, high), allowed = claimed, 0.0
    return Finding(
        claim_id,
        unit,
        low,
        high,
        allowed,
        explanation,
        estimate=float(estimate),
        interval=None if interval is None else (float(interval[0]), float(interval[1])),
        sourced=tuple(sourced),
        assumed=tuple(assumed),
        set_from_claim=tuple(set_from_claim),
        restates_claim=restates_claim,
    )


def region_finding(
    claim_id: str,
    grid: pd.DataFrame,
    holds,
    explanation: str,
    *,
    estimate: float = math.nan,
    unit: str | None = None,
    holds_where: str = "",
    sourced: Sequence[str] = (),
    restates_claim: bool = False,
) -> Finding:
    """A finding over the plausible region: ``grid`` (from :func:`plausible_grid`, one row per
    point of the region) and ``holds`` (one bool per row: does the claim hold there?).

    ``estimate`` is the model's value at the default assumptions, in ``unit``.
    """
    holds = np.asarray(holds, dtype=bool)
    if len(holds) != len(grid) or len(grid) == 0:
        raise ValueError(
            f"holds must have one value per grid row ({len(grid)} rows), got {len(holds)}"
        )
    unit, low, high, allowed = _claimed_interval(claim_id, unit)
    region = tuple(
        (name, float(grid[name].min()), float(grid[name].max())) for name in grid.columns
    )
    labels = grid.attrs.get("labels", {})
    return Finding(
        claim_id,
        unit,
        low,
        high,
        allowed,
        explanation,
        estimate=float(estimate),
        share_holding=float(holds.mean()),
        region=region,
        region_labels=tuple(labels.get(name, name) for name in grid.columns),
        holds_where=holds_where,
        sourced=tuple(sourced),
        assumed=tuple(grid.columns),
        restates_claim=restates_claim,
    )


def plausible_range(parameters, name: str) -> tuple[float, float]:
    """The declared plausible range (low, high) of field ``name`` of a parameters dataclass
    instance (``present.assumption(..., plausible=...)``); the error names a field without one."""
    import dataclasses

    fields = {f.name: f for f in dataclasses.fields(parameters)}
    owner = getattr(parameters, "__name__", type(parameters).__name__)
    if name not in fields:
        raise ValueError(f"{owner} has no parameter {name!r}")
    plausible = fields[name].metadata.get("plausible")
    if plausible is None:
        raise ValueError(
            f"{owner}.{name} declares no plausible range: give "
            "present.assumption(..., plausible=(low, high, reason))"
        )
    return plausible[0], plausible[1]


def plausible_grid(parameters, names: Sequence[str], points: int = 11) -> pd.DataFrame:
    """Every combination of ``points`` evenly spaced values of each named parameter over its
    declared plausible range (:func:`plausible_range`), one row each.

    ``parameters`` is a parameters dataclass instance. The grid's ``attrs["labels"]`` holds each
    parameter's meaning, which :func:`region_finding` writes in the reader's text.
    """
    import dataclasses
    import itertools

    validate.count("points", points, minimum=2)
    axes = [np.linspace(*plausible_range(parameters, name), points) for name in names]
    grid = pd.DataFrame(list(itertools.product(*axes)), columns=list(names))
    meanings = {f.name: f.metadata.get("meaning", f.name) for f in dataclasses.fields(parameters)}
    grid.attrs["labels"] = {name: meanings[name] for name in names}
    return grid


def resolve_model_check(claim_id: str, name: str) -> Callable[[str], Finding]:
    """The registered function a ``model_check`` cell names; the error names the claim and
    what is wrong (malformed, unknown module, not registered, or registered for other claims)."""
    match = _MODEL_CHECK.match(name)
    if not match:
        raise EvidenceError(
            f"claim {claim_id}: model_check {name!r} is not of the form ecommod.<module>:<function>"
        )
    try:
        module = importlib.import_module(match["module"])
    except ModuleNotFoundError as err:
        raise EvidenceError(
            f"claim {claim_id}: model_check module {match['module']!r} does not exist"
        ) from err
    if name not in REGISTERED_CHECKS:
        raise EvidenceError(
            f"claim {claim_id}: model_check {name!r} is not a registered check "
            f"(registered: {sorted(REGISTERED_CHECKS)})"
        )
    if claim_id not in REGISTERED_CHECKS[name]:
        raise EvidenceError(
            f"claim {claim_id}: model_check {name!r} is registered for "
            f"{list(REGISTERED_CHECKS[name])}, not for this claim"
        )
    return getattr(module, match["function"])


def run_model_check(claim_id: str, name: str) -> Finding:
    """Call the named check for ``claim_id`` and make sure it returned its :class:`Finding`."""
    result = resolve_model_check(claim_id, name)(claim_id)
    if not isinstance(result, Finding) or result.claim_id != claim_id:
        raise EvidenceError(
            f"claim {claim_id}: model_check {name!r} returned {result!r}, expected an "
            f"ecommod.claims.Finding for {claim_id}"
        )
    return result


# --- the ledger --------------------------------------------------------------------------------


def load_claims(data_dir=data.DATA_DIR, sections: tuple[str, ...] = ()) -> pd.DataFrame:
    """The validated claim ledger, in paper order; every evidence and model_check cell parsed
    (only the claims of ``sections`` and below, when given: a chapter imports only its checks).

    Raises :class:`EvidenceError` naming the file, the row (as a spreadsheet numbers it, the
    header being row 1), the column and the claim of the first malformed cell.
    """
    ledger = data.load_table("claims", data_dir)
    ledger.index = ledger.index + 2  # the file's row numbers (the header is row 1)
    if sections:
        ledger = ledger[in_sections(ledger["section"], sections)]
    columns = ["claim_id", "evidence", "status", "model_check", "model_verdict"]
    for row, (claim_id, evidence, status, check, verdict) in zip(
        ledger.index, ledger[columns].itertuples(index=False), strict=True
    ):
        where = f"data/claims.csv row {row}"
        try:
            if not is_missing(evidence):
                parse_evidence(claim_id, evidence)
            elif status != "pending":
                raise EvidenceError(f"claim {claim_id}: status {status!r} without evidence")
        except EvidenceError as err:
            raise EvidenceError(f"{where}, column evidence: {err}") from err
        try:
            if not is_missing(check):
                resolve_model_check(claim_id, check)
            elif not is_missing(verdict):
                raise EvidenceError(
                    f"claim {claim_id}: model_verdict {verdict!r} without a model_check"
                )
        except EvidenceError as err:
            raise EvidenceError(f"{where}, column model_check: {err}") from err
    return ledger.reset_index(drop=True)


def claim(claim_id: str) -> pd.Series:
    """One row of the ledger by its id (for model checks that read the claim they test)."""
    ledger = data.load_table("claims")
    rows = ledger[ledger["claim_id"] == claim_id]
    if rows.empty:
        raise KeyError(f"claim_id {claim_id!r} is not in data/claims.csv")
    return rows.iloc[0]


@cache
def _ledger_numbers() -> dict[str, dict[str, str]]:
    """claim_id -> the ledger's unit and numbers as written (a light read for defaults)."""
    import csv

    path = data.DATA_DIR / "claims.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["claim_id"]: {k: row[k] for k in ("unit", *_CLAIM_FIELDS)}
            for row in csv.DictReader(handle)
        }


@cache
def _unit_factors() -> dict[str, tuple[str, float]]:
    """unit -> (dimension, factor to base), read from data/units.csv (a light read)."""
    import csv

    with (data.DATA_DIR / "units.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {
            r["unit"]: (r["dimension"], float(r["factor_to_base"])) for r in csv.DictReader(handle)
        }


def ledger_value(claim_id: str, unit: str, field: str = "value") -> float:
    """The paper's figure for ``claim_id`` (its ``value``, ``value_high`` or ``baseline_value``)
    from the ledger, converted into ``unit`` through the units table.

    Parameters whose source is a claim read their default here, so the ledger stays the single
    source of the paper's numbers (DESIGN.md, "Claim ledger").
    """
    validate.one_of("field", field, _CLAIM_FIELDS)
    numbers = _ledger_numbers()
    if claim_id not in numbers:
        raise KeyError(f"claim_id {claim_id!r} is not in data/claims.csv")
    row = numbers[claim_id]
    if not row[field].strip():
        raise ValueError(f"claim {claim_id} has no {field} in data/claims.csv")
    factors = _unit_factors()
    for name, value in (("unit", unit), (f"claim {claim_id}'s unit", row["unit"])):
        if value not in factors:
            raise ValueError(f"{name} {value!r} is not in data/units.csv; known: {sorted(factors)}")
    (source_dimension, source_factor), (target_dimension, target_factor) = (
        factors[row["unit"]],
        factors[unit],
    )
    if source_dimension != target_dimension:
        raise ValueError(
            f"unit {unit!r} ({target_dimension}) cannot express claim {claim_id}'s "
            f"{row['unit']!r} ({source_dimension})"
        )
    return float(row[field]) * (source_factor / target_factor)


def claim_parameter(
    claim_id: str,
    unit: str,
    meaning: str,
    *,
    field: str = "value",
    ledger_unit: str | None = None,
):
    """A parameters-dataclass field whose default is the paper's figure for ``claim_id``, read
    from the ledger (:func:`ledger_value`) and documented with its claim id as the source.

    ``unit`` is how the assumptions table writes the unit; ``ledger_unit`` (a units-table unit,
    default ``unit``) is the unit the value is converted into, e.g. ``"fraction"`` for a share.
    """
    import dataclasses

    from ecommod.present import assumption

    ledger_unit = unit if ledger_unit is None else ledger_unit
    made = assumption(ledger_value(claim_id, ledger_unit, field), unit, meaning, claim_id)
    metadata = dict(made.metadata) | {"ledger": (claim_id, ledger_unit, field)}
    return dataclasses.field(default=made.default, metadata=metadata)


def judge(claim: pd.Series, context: Context) -> Verdict:
    """The evidence status of one claim (a row of the ledger)."""
    evidence = claim["evidence"]
    if is_missing(evidence) or not str(evidence).strip():
        return Verdict("pending", basis="not yet examined")
    parsed = parse_evidence(claim["claim_id"], str(evidence))
    return parsed.form.judge(claim, parsed.parsed, context)


# --- issue 17: each model check computed once per build (the cache is in ecommod/cache.py) ---


def _cached_model_check(claim_id: str, name: str) -> Finding:
    """:func:`run_model_check`, kept by the content digest of the code and data it follows from
    when the book build turns caching on (``ECOMMOD_CACHE_DIR``); computed afresh otherwise."""
    from ecommod import cache

    return cache.memoised_on_inputs(
        "model-checks", (claim_id, name), lambda: run_model_check(claim_id, name)
    )


# --- end of issue 17 ---


#: The basis of a model check that could not run because its third-party data are missing.
CHECK_NOT_RUN = (
    "not run here: the third-party data this check needs are missing; the verdict shown is the "
    "one recorded with the declared data"
)


@dataclass(frozen=True)
class CheckResult:
    """A model check as the ledger records it: the verdict, the model's number and why."""

    verdict: str
    value: float
    basis: str


def _check_or_recorded(claim_id: str, name: str, recorded) -> CheckResult:
    """Run the check and apply the rule; if its third-party data are missing, keep the recorded
    verdict and say so (an error instead when ``ECOMMOD_REQUIRE_EXTERNAL=1``)."""
    import os

    try:
        finding = _cached_model_check(claim_id, name)
    except data.ExternalDataUnavailable:
        if (
            os.environ.get(data.REQUIRE_EXTERNAL_ENV_VAR) == "1"
            or is_missing(recorded)
            or recorded not in MODEL_VERDICTS
        ):
            raise
        return CheckResult(recorded, math.nan, CHECK_NOT_RUN)
    return CheckResult(
        model_verdict(finding),
        finding.estimate,
        f"{finding.explanation}. Verdict: {verdict_reason(finding)}",
    )


def evaluate(ledger: pd.DataFrame | None = None, sections: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every claim (or those of ``sections``) with both computed verdicts and their basis.

    Only the model checks of the claims evaluated are run, so a chapter's table runs only that
    chapter's checks; each finding is turned into its verdict by :func:`model_verdict`. A check
    whose third-party data are missing keeps its recorded verdict, with :data:`CHECK_NOT_RUN`
    as its basis. Numbers are in each claim's unit.
    """
    ledger = load_claims(sections=sections) if ledger is None else ledger
    if sections:
        ledger = ledger[in_sections(ledger["section"], sections)]
    context = Context(data.load_table("official_series"), _units_table())
    verdicts = [judge(claim, context) for _, claim in ledger.iterrows()]
    checks = [
        None if is_missing(name) else _check_or_recorded(claim_id, name, recorded)
        for claim_id, name, recorded in zip(
            ledger["claim_id"], ledger["model_check"], ledger["model_verdict"], strict=True
        )
    ]
    result = ledger.rename(
        columns={"status": RECORDED_STATUS, "model_verdict": RECORDED_MODEL_VERDICT}
    ).reset_index(drop=True)
    result["status"] = [v.status for v in verdicts]
    result[OFFICIAL_VALUE] = [v.official_value for v in verdicts]
    result[DIFFERENCE] = [v.difference for v in verdicts]
    result[TOLERANCE] = [v.tolerance for v in verdicts]
    result[SOURCES] = [", ".join(v.source_ids) for v in verdicts]
    result[BASIS] = [v.basis for v in verdicts]
    result["model_verdict"] = [c.verdict if c else "" for c in checks]
    result[MODEL_VALUE] = [c.value if c else math.nan for c in checks]
    result[MODEL_BASIS] = [c.basis if c else "" for c in checks]
    return result


def in_sections(section_column: pd.Series, sections: tuple[str, ...]) -> pd.Series:
    """Rows whose section is one of ``sections`` or below it ("4.4" takes 4.4.1 and 4.4.2)."""
    wanted = section_column.astype(str).map(
        lambda s: any(s == w or s.startswith(w + ".") for w in sections)
    )
    if not wanted.any():
        known = sorted(section_column.astype(str).unique(), key=_section_key)
        raise ValueError(f"sections {list(sections)} have no claims; sections: {known}")
    return wanted


def _section_key(section: str) -> list[int]:
    return [int(part) for part in section.split(".")]


#: How the summary sentence words each status and model verdict (singular, plural).
_STATUS_PHRASES = {
    "consistent": (
        "agrees with the official figure or the paper's own text",
        "agree with the official figure or the paper's own text",
    ),
    "inconsistent": ("does not", "do not"),
    "unverified": ("is unverified", "are unverified"),
    "unsourced": ("is unsourced", "are unsourced"),
    "not_checkable": ("is not checkable with public data", "are not checkable with public data"),
    "pending": ("is still pending", "are still pending"),
}
_VERDICT_PHRASES = {
    "reproduced": "reproduce {n}",
    "conditional": "find {n} conditional",
    "contradicted": "contradict {n}",
    "illustrated": "illustrate {n}",
}


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def verdict_summary(evaluated: pd.DataFrame, what: str = "quantitative claims") -> str:
    """One or two sentences counting the statuses and model verdicts of ``evaluated`` (from
    :func:`evaluate`), naming only those that occur, with singular and plural right."""
    if evaluated.empty:
        raise ValueError("evaluated has no claims to summarise")
    statuses = evaluated["status"].value_counts()
    parts = [
        f"{statuses[s]} {_STATUS_PHRASES[s][int(statuses[s] != 1)]}"
        for s in STATUSES
        if s in statuses
    ]
    total = len(evaluated)
    text = (
        f"Of the {total} {what}, {_join(parts)}."
        if total != 1
        else f"The one claim {parts[0].split(' ', 1)[1]}."
    )
    verdicts = evaluated["model_verdict"].value_counts()
    found = [_VERDICT_PHRASES[v].format(n=verdicts[v]) for v in MODEL_VERDICTS if v in verdicts]
    if found:
        text += f" The models {_join(found)}."
    return text


def status_counts(evaluated: pd.DataFrame) -> pd.DataFrame:
    """Claims per section (paper order) and evidence status (contract order), zeros included."""
    table = pd.crosstab(evaluated["section"], evaluated["status"])
    table = table.reindex(columns=list(STATUSES), fill_value=0)
    return table.loc[sorted(table.index, key=_section_key)]


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
        date = "date not established" if is_missing(row["date"]) else f"{row['date']:%Y-%m-%d}"
        described.append(f"{publisher} ({date})")
    return "; ".join(described)


def _decimals(precision) -> int:
    """Decimals a number written at ``precision`` shows (0.1 -> 1, 1 or 10000 -> 0)."""
    if is_missing(precision) or precision >= 1:
        return 0
    return max(0, -math.floor(math.log10(float(precision)) + 1e-9))


def claimed_text(claim: pd.Series, symbol: str = "") -> str:
    """The claimed figure as the paper writes it: a value, a range "2–3", "60 → 85" or
    "5–8 → 2–3".

    ``symbol`` is the unit's symbol from the units table (" 亿元", "%"), written after it.
    """
    if is_missing(claim["value"]):
        return MISSING  # a comparison claim asserts an order, not a value
    places = _decimals(claim["stated_precision"])
    text = format_number(claim["value"], places)
    if not is_missing(claim["value_high"]):
        text += "–" + format_number(claim["value_high"], places)
    if not is_missing(claim["baseline_value"]):
        baseline = format_number(claim["baseline_value"], places)
        if not is_missing(claim.get("baseline_value_high")):
            baseline += "–" + format_number(claim["baseline_value_high"], places)
        text = baseline + " → " + text
    return text + symbol


def reader_table(evaluated: pd.DataFrame, *, quotes: bool = True) -> pd.DataFrame:
    """Evaluated claims as readers see them: both verdicts first, figures with their unit.

    Numbers are formatted as text (thousands separators, "—" when missing) so that the table
    shows the paper's precision, not 17 digits. The model-check column appears only when a
    claim of ``evaluated`` has one.
    """
    sources = data.load_table("sources").set_index("source_id")
    symbols = _units_table()["symbol"].fillna("")

    def official(row: pd.Series) -> str:
        value = row[OFFICIAL_VALUE]
        if is_missing(value):
            return MISSING
        places = _decimals(row["stated_precision"])
        places += round(float(value), places) != float(value)  # one more digit when it has more
        return format_number(value, places) + symbols[row["unit"]]

    rows = [row for _, row in evaluated.iterrows()]
    table = pd.DataFrame(
        {
            "claim": evaluated["claim_id"].to_numpy(),
            "status": evaluated["status"].map(words).to_numpy(),
            "model verdict": [MISSING if v == "" else words(v) for v in evaluated["model_verdict"]],
            "claimed": [claimed_text(row, symbols[row["unit"]]) for row in rows],
            "official / check": [official(row) for row in rows],
            "source": [describe_sources(row[SOURCES], sources) or MISSING for row in rows],
            "claim (paper)": evaluated["claim_en"].to_numpy(),
            "basis": evaluated[BASIS].to_numpy(),
        }
    )
    if quotes:
        table.insert(
            table.columns.get_loc("claim (paper)") + 1,
            "quote (原文)",
            evaluated["quote_zh"].to_numpy(),
        )
    if (evaluated["model_verdict"] != "").any():
        table["model finding"] = [row[MODEL_BASIS] or MISSING for row in rows]
    return table


def swatch(verdict: str) -> str:
    """A dot in the verdict's colour (:data:`STATUS_COLOURS`, :data:`MODEL_VERDICT_COLOURS`),
    as inline HTML before the verdict's word; "" for a word without a colour."""
    colour = {**STATUS_COLOURS, **MODEL_VERDICT_COLOURS}.get(verdict)
    return f'<span style="color:{colour}" aria-hidden="true">●</span>\u00a0' if colour else ""


def cards(evaluated: pd.DataFrame, *, quotes: bool = True, model: bool = True):
    """The claims of ``evaluated`` (from :func:`evaluate`) as one card each, for chapters and
    pages: the claim id, linked to its page, and both verdicts on the first line, every other
    field of :func:`reader_table` labelled below. ``model=False`` leaves the model verdict out.

    Returns an ``IPython.display.Markdown`` object: the links resolve in the book and in
    JupyterLab alike (a page one folder below the book's root, see :data:`CLAIM_PAGE`).
    """
    from html import escape

    from IPython.display import Markdown

    table = reader_table(evaluated, quotes=quotes)
    heading = ["claim", "status", "model verdict"] if model else ["claim", "status"]
    if not model:
        table = table.drop(columns=["model verdict", "model finding"], errors="ignore")
    blocks = []
    for (_, row), status, verdict in zip(
        table.iterrows(), evaluated["status"], evaluated["model_verdict"], strict=True
    ):
        head = f"**{claim_link(row['claim'])}** · {swatch(status)}{escape(row['status'])}"
        if model and verdict:
            head += f" · {swatch(verdict)}{escape(row['model verdict'])}"
        fields = "".join(
            f"<dt>{escape(str(c))}</dt><dd>{escape(' '.join(str(row[c]).split()))}</dd>"
            for c in table.columns
            if c not in heading and row[c] != MISSING
        )
        # Markdown between the raw HTML blocks (blank lines around it) keeps the link a link.
        blocks.append(f'<div class="ecommod-record">\n\n{head}\n\n<dl>{fields}</dl>\n\n</div>')
    return Markdown(RECORD_CSS + "\n\n" + "\n\n".join(blocks))


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def _failing(evaluated: pd.DataFrame) -> pd.DataFrame:
    """Claims that do not hold: by the evidence (inconsistent) or by a model (contradicted)."""
    return evaluated[
        (evaluated["status"] == "inconsistent") | (evaluated["model_verdict"] == "contradicted")
    ]


def key_findings(evaluated: pd.DataFrame, page: str = CLAIM_PAGE) -> str:
    """What holds, what does not and what cannot be told, in three short paragraphs for a
    reader's first screen (Markdown; claim ids linked with ``page`` as in :func:`claim_link`)."""
    if evaluated.empty:
        raise ValueError("evaluated has no claims to summarise")

    def ids(mask) -> str:
        return ", ".join(claim_link(c, page) for c in evaluated.loc[mask, "claim_id"])

    status, verdict = evaluated["status"], evaluated["model_verdict"]
    n_agree, n_reproduced = (
        int((status == "consistent").sum()),
        int((verdict == "reproduced").sum()),
    )
    n_conditional = int((verdict == "conditional").sum())
    agree = evaluated.loc[status == "consistent", "claim_id"].head(2)
    holds = (
        f"**Holds.** {n_agree} of {len(evaluated)} claims "
        f"{'agrees' if n_agree == 1 else 'agree'} with official figures or the paper's own text"
        + (f" (such as {', '.join(claim_link(c, page) for c in agree)})" if n_agree else "")
        + f"; models reproduce {_count(n_reproduced, 'mechanism', 'mechanisms')}"
        + (f" ({ids(verdict == 'reproduced')})" if n_reproduced else "")
        + f" and find {n_conditional} true only under some of their assumptions."
    )
    n_wrong_figures = int((status == "inconsistent").sum())
    n_contradicted = int((verdict == "contradicted").sum())
    does_not = (
        f"**Does not hold.** {_count(n_wrong_figures, 'figure disagrees', 'figures disagree')} "
        "with official figures or the paper itself"
        + (f" ({ids(status == 'inconsistent')})" if n_wrong_figures else "")
        + f", and models contradict {_count(n_contradicted, 'claim', 'claims')}"
        + (f" ({ids(verdict == 'contradicted')})" if n_contradicted else "")
        + "."
    )
    untraced = int(status.isin(["unverified", "unsourced"]).sum())
    unknown = (
        f"**Cannot be told yet.** {_count(untraced, 'figure lacks', 'figures lack')} a source "
        f"that could hold {'it' if untraced == 1 else 'them'} or a readable copy of it; "
        f"{int((status == 'not_checkable').sum())} cannot be checked with public data."
    )
    return "\n\n".join([holds, does_not, unknown])


def not_holding(evaluated: pd.DataFrame, page: str = CLAIM_PAGE) -> str:
    """The claims that do not hold, one Markdown bullet each: the claim, linked, and why."""
    why = {
        "paper": "the paper's own text says otherwise",
        "comparison": "the official figures do not bear it out",
    }

    def reason(row) -> str:
        if row.status != "inconsistent":
            return "a model contradicts it"
        form = parse_evidence(row.claim_id, row.evidence).form.name
        return why.get(form, "the official figure differs")

    return "\n".join(
        f"- {claim_link(row.claim_id, page)} {linked_text(row.claim_en, page)} ({reason(row)})"
        for row in _failing(evaluated).itertuples()
    )


def index_table(evaluated: pd.DataFrame) -> pd.DataFrame:
    """The ledger as a compact index: claim id (an HTML link to its page from a page in
    ``book/``), section, the claim in English, status and model verdict in words (short column
    titles, so that the five columns fit a phone)."""
    from html import escape

    return pd.DataFrame(
        {
            "id": [f'<a href="claims/{c}.html">{escape(c)}</a>' for c in evaluated["claim_id"]],
            "§": evaluated["section"].to_numpy(),
            "claim": evaluated["claim_en"].map(escape).to_numpy(),
            "status": evaluated["status"].map(words).to_numpy(),
            "model": evaluated["model_verdict"].map(words).to_numpy(),
        }
    )
