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

Languages. Every text shown here is English with a Chinese twin (ecommod/language.py): the words
and meanings of statuses and verdicts, the cards' labels, every basis and verdict reason (made
with ``t``), and the ledger's own texts, whose twins are its columns ``claim_zh``, ``note_zh``,
``reason_zh`` (of a reasoned evidence cell) and ``paper_ref_zh``, registered when the ledger is
loaded. :func:`cards` shows each output language; :func:`key_findings`, :func:`not_holding` and
:func:`verdict_summary` return English whose Chinese is registered. A model check's own texts
are its module's to translate; a :class:`Finding` keeps their twins, also through the cache.
"""

from __future__ import annotations

import importlib
import math
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from ecommod import data, validate
from ecommod.language import AsWritten, Untranslated, register, t, translate
from ecommod.present import MISSING, RECORD_CSS, format_number, format_value, is_missing

#: What each evidence status means (the reproducibility page shows these sentences).
STATUS_MEANINGS = {
    "consistent": t(
        "the official figure, or the paper's own text, agrees at the precision the paper writes",
        "官方数字或论文自身的文字在论文所写的精度上与之相符",
    ),
    "inconsistent": t(
        "the official figure, or the paper's own text, disagrees at that precision",
        "官方数字或论文自身的文字在该精度上与之不符",
    ),
    "unverified": t(
        "the paper cites a source that could contain the figure, but no readable copy of it was "
        "found; the figure may be right",
        "论文引用的来源可能包含该数字，但未找到可读的副本；该数字可能是对的",
    ),
    "unsourced": t(
        "no source is given, or the cited one cannot contain the figure (wrong publisher, date or "
        "scope); this says nothing about whether the figure is right",
        "未给出来源，或所引来源不可能包含该数字（发布机构、日期或范围不符）；这并不说明该数字是否正确",
    ),
    "not_checkable": t(
        "no public data could settle it; the reason says why",
        "没有公开数据能判定它；理由中说明原因",
    ),
    "pending": t("not yet examined", "尚未审查"),
}
STATUSES = tuple(STATUS_MEANINGS)

#: What each model verdict means.
MODEL_VERDICT_MEANINGS = {
    "reproduced": t(
        "a model with sourced or stated inputs gives the claimed value at its precision",
        "以有来源或论文所述的输入构建的模型，在其精度上得到所称的数值",
    ),
    "conditional": t(
        "the claim holds only in a stated region of the model's parameters",
        "论断仅在模型参数的某一明确区域内成立",
    ),
    "contradicted": t(
        "the model shows the claim cannot hold as stated",
        "模型表明该论断按其表述不可能成立",
    ),
    "illustrated": t(
        "the model turns the claim into a concrete case without testing it",
        "模型把论断化为一个具体案例，但并未检验它",
    ),
}
MODEL_VERDICTS = tuple(MODEL_VERDICT_MEANINGS)

#: The label of a claim without a model check, wherever model verdicts are counted or shown.
NO_MODEL_CHECK = t("no model check", "无模型检验")

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
    "official_statistic": t("official statistic", "官方统计"),
    "survey_figure": t("survey figure", "调查数据"),
    "firm_case": t("firm case", "企业案例"),
    "model_parameter": t("model parameter", "模型参数"),
    "policy_rule": t("policy rule", "政策规则"),
}

#: Every status, model verdict, kind of claim and kind of audit finding in a reader's words
#: (English, with its Chinese twin): what :func:`words` returns.
_WORDS = {
    **KIND_WORDS,
    "consistent": t("consistent", "一致"),
    "inconsistent": t("inconsistent", "不一致"),
    "unverified": t("unverified", "未核实"),
    "unsourced": t("unsourced", "无来源"),
    "not_checkable": t("not checkable", "无法核查"),
    "pending": t("pending", "待审查"),
    "reproduced": t("reproduced", "复现"),
    "conditional": t("conditional", "有条件成立"),
    "contradicted": t("contradicted", "被否定"),
    "illustrated": t("illustrated", "示例说明"),
    # The kinds of finding of the paper's audit (data/audit.csv).
    "structure": t("structure", "结构"),
    "announces_more": t("announces more", "预告多于论述"),
    "source_cannot_contain": t("source cannot contain", "来源不可能包含"),
    "recommendation_done": t("recommendation done", "建议已实施"),
    "contradiction": t("contradiction", "自相矛盾"),
    "misattribution": t("misattribution", "出处误引"),
    "conclusion_mismatch": t("conclusion mismatch", "结论与正文不符"),
}

#: Where each claim's page is, relative to a page one folder below the book's root (a chapter
#: in notebooks/ or a page in book/): a markdown link that the book and JupyterLab both follow.
CLAIM_PAGE = "../book/claims/{claim_id}.md"


def _page(page) -> str:
    """A page pattern as :data:`CLAIM_PAGE`: a text with a ``{claim_id}`` field and no other."""
    validate.text("page", page)
    try:
        shown = page.format(claim_id="S1-01")
    except (KeyError, IndexError, ValueError):
        shown = None
    if shown is None or "{claim_id}" not in page:
        raise ValueError(
            f"page must be a path with one {{claim_id}} field such as {CLAIM_PAGE!r}, got {page!r}"
        )
    return page


def _texts(name: str, values) -> tuple[str, ...]:
    """A list or tuple of texts (a str alone is refused: it is not a list of texts)."""
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise TypeError(f"{name} must be a list or tuple of texts, got {values!r}")
    return tuple(values)


def _real(name: str, value, *, allow_nan: bool = True, allow_inf: bool = True) -> float:
    """A real number (not a bool); NaN ("no number") unless ``allow_nan`` is False, an infinity
    (an open end) unless ``allow_inf`` is False."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if (not allow_nan and math.isnan(value)) or (not allow_inf and math.isinf(value)):
        expected = " or ".join(
            ["a finite number"] + ["NaN (none)"] * allow_nan + ["an infinity"] * allow_inf
        )
        raise ValueError(f"{name} must be {expected}, got {value!r}")
    return value


def _interval(name: str, interval) -> tuple[float, float] | None:
    """None or a pair (low, high) of numbers (infinities allowed, NaN not) with low <= high."""
    if interval is None:
        return None
    if not isinstance(interval, tuple | list) or len(interval) != 2:
        raise TypeError(f"{name} must be a pair (low, high) of numbers, got {interval!r}")
    low, high = (_real(f"{name}[{i}]", v, allow_nan=False) for i, v in enumerate(interval))
    if low > high:
        raise ValueError(f"{name} must be (low, high) with low <= high, got {interval!r}")
    return interval


def _row(name: str, row, fields: Sequence[str]) -> pd.Series:
    """A ledger row (a pandas Series) with every field in ``fields``."""
    validate.instance(name, row, pd.Series, "a row of the ledger (a pandas Series)")
    missing = [f for f in fields if f not in row.index]
    if missing:
        raise ValueError(f"{name} is missing field(s) {missing}; it has {list(row.index)}")
    return row


def words(value: str) -> str:
    """A status, model verdict or kind as a reader reads it ("not_checkable" -> "not checkable";
    "" -> "no model check")."""
    validate.instance("value", value, str, "a status, model verdict or kind (a str)")
    if value == "":
        return NO_MODEL_CHECK
    return _WORDS.get(value, value.replace("_", " "))


def claim_link(claim_id: str, page: str = CLAIM_PAGE) -> str:
    """A markdown link from a claim id to its page, e.g. ``[S1-01](../book/claims/S1-01.md)``."""
    validate.text("claim_id", claim_id)
    _page(page)
    return f"[{claim_id}]({page.format(claim_id=claim_id)})"


_CLAIM_ID = re.compile(r"\bS\d+-\d\d\b")


def linked_text(text: str, page: str = CLAIM_PAGE) -> str:
    """``text`` (from the data) safe inside a Markdown paragraph, with each claim id it names
    linked to that claim's page (``page`` as in :func:`claim_link`): nothing in it is taken as
    a role, emphasis, maths or HTML."""
    _page(page)
    escaped = re.sub(r"([\\`*_<>\[\]{}|$#])", r"\\\1", " ".join(str(text).split()))
    return _CLAIM_ID.sub(lambda m: claim_link(m[0], page), escaped)


def joined(parts: Sequence[str], separator: str = ", ", chinese_separator: str = "、") -> str:
    """``parts`` (texts with Chinese twins) joined by ``separator``, with its Chinese twin (the
    twins joined by ``chinese_separator``) registered (ecommod/language.py)."""
    _texts("parts", parts)
    validate.text("separator", separator, allow_empty=True)
    validate.text("chinese_separator", chinese_separator, allow_empty=True)
    english = separator.join(parts)
    try:
        register(english, chinese_separator.join(translate(part, "zh") for part in parts))
    except Untranslated:
        pass  # a part from another module without a twin: the error comes where it is shown
    return english


#: The Chinese of the units' symbols that are English words (data/units.csv, column symbol).
_SYMBOL_ZH = {" days": " 天", " years": " 年", " h": " 小时"}
#: Each unit's label (data/units.csv, column label) in Chinese.
_UNIT_LABEL_ZH = {
    "yuan": "元",
    "10k_yuan": "万元",
    "100m_yuan": "亿元",
    "pct": "%",
    "fraction": "比例（0–1）",
    "pp": "百分点",
    "hours": "小时",
    "days": "天",
    "years": "年",
    "count": "个数",
    "times": "倍",
    "GB": "GB",
}


def with_symbol(number: str, symbol: str) -> str:
    """A number written with its unit's symbol ("30 days"), its Chinese twin ("30 天")
    registered."""
    validate.text("number", number)
    validate.text("symbol", symbol, allow_empty=True)
    english = number + symbol
    register(english, number + _SYMBOL_ZH.get(symbol, symbol))
    return english


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
#: The ledger's columns that :func:`evaluate` reads.
LEDGER_COLUMNS = ("claim_id", "section", "evidence", "model_check", "model_verdict", "status")
#: The columns of :func:`evaluate` that :func:`reader_table` and :func:`cards` read.
EVALUATED_COLUMNS = (
    "claim_id",
    "status",
    "model_verdict",
    "unit",
    "value",
    "value_high",
    "baseline_value",
    "stated_precision",
    "claim_en",
    OFFICIAL_VALUE,
    SOURCES,
    BASIS,
    MODEL_BASIS,
)

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

    def __post_init__(self):
        validate.one_of("status", self.status, STATUSES)
        for name in ("official_value", "difference", "tolerance"):
            _real(name, getattr(self, name), allow_inf=False)  # NaN: no official figure
        if self.tolerance < 0:
            raise ValueError(f"tolerance must be 0 or more (or NaN), got {self.tolerance!r}")
        _texts("source_ids", self.source_ids)
        validate.text("basis", self.basis, allow_empty=True)


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
    validate.number("value", value)
    if units is None:
        units = _units_table()
    else:
        validate.columns("units", units, ["dimension", "factor_to_base"])
    for name, unit in (("from_unit", from_unit), ("to_unit", to_unit)):
        validate.text(name, unit)
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
    validate.text("text", text)
    match = _SERIES_REF.match(text)
    if not match:
        raise EvidenceError(
            f"text {text!r} is not a series reference "
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
    validate.instance("reference", reference, SeriesRef, "a SeriesRef (parse_series_ref)")
    validate.instance("context", context, Context, "a claims.Context")
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
    label = t(
        "{series} ({vintage} figure)",
        "{series}的{vintage}数",
        series=series_words(reference),
        vintage=_VINTAGE_WORDS[row["vintage"]],
    )
    return Figure(float(row[column]), unit, label, row["source_id"])


#: The vintages of an official figure (data.VINTAGES) in a reader's words.
_VINTAGE_WORDS = {
    "preliminary": t("preliminary", "初步"),
    "revised": t("revised", "修订"),
}

#: Each official series (data/official_series.csv, series_id) in Chinese.
SERIES_ZH = {
    "administrative_villages_with_5g_share": "通 5G 的行政村比例",
    "agricultural_online_retail_sales": "农产品网络零售额",
    "cross_border_ecommerce_customs_platform_exports": "海关跨境电商平台出口额",
    "cross_border_ecommerce_customs_platform_imports": "海关跨境电商平台进口额",
    "cross_border_ecommerce_customs_platform_total": "海关跨境电商平台进出口总额",
    "cross_border_ecommerce_exports": "跨境电商出口额",
    "cross_border_ecommerce_imports": "跨境电商进口额",
    "cross_border_ecommerce_total": "跨境电商进出口总额",
    "online_retail_sales": "网上零售额",
    "physical_goods_online_retail_sales": "实物商品网上零售额",
    "physical_goods_online_share_of_retail": "实物商品网上零售额占社会消费品零售总额的比重",
    "retail_sales_consumer_goods": "社会消费品零售总额",
    "rural_adults_using_electronic_payment_share": "使用电子支付的农村成年人比例",
    "rural_online_retail_sales": "农村网络零售额",
    "worlds_largest_online_retail_market_years": "连续成为全球最大网络零售市场的年数",
}


def series_words(reference: SeriesRef) -> str:
    """A series reference as a reader reads it: "online retail sales, 2024" or "online retail
    sales, 2024, published growth rate" (with its Chinese twin: "网上零售额（2024 年）")."""
    validate.instance("reference", reference, SeriesRef, "a SeriesRef (parse_series_ref)")
    words = reference.series_id.replace("_", " ")
    # A series without a Chinese name (a test's) is named as written, not as its own twin.
    chinese = SERIES_ZH.get(reference.series_id)
    name = t(words, chinese) if chinese else AsWritten(words)
    if reference.measure == "growth":
        return t(
            "{name}, {year}, published growth rate",
            "{name}（{year} 年，公布的增长率）",
            name=name,
            year=reference.year,
        )
    return t("{name}, {year}", "{name}（{year} 年）", name=name, year=reference.year)


def _claim_figure(claim: pd.Series, name: str) -> Figure:
    if is_missing(claim[name]):
        raise EvidenceError(f"claim {claim['claim_id']}: the evidence uses {name}, which is empty")
    return Figure(float(claim[name]), claim["unit"], _FIELD_WORDS[name])


def _operand_figure(operand, claim: pd.Series, context: Context) -> Figure | None:
    if isinstance(operand, SeriesRef):
        return official_figure(operand, context)
    if isinstance(operand, str):
        return _claim_figure(claim, operand)
    number, unit = operand
    return Figure(number, unit, _describe(operand))


# --- judges ------------------------------------------------------------------------------------


def tolerance(claim: pd.Series) -> float:
    """How far, in the claim's unit, an official figure may lie from the claim (module doc)."""
    _row("claim", claim, ["claim_id", "stated_precision", "approximate"])
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
        return Verdict(
            "unsourced",
            basis=t(
                "no source is cited and no official figure for {what}",
                "论文未引用来源，也没有{what}的官方数字",
                what=what,
            ),
        )
    return Verdict(
        "unverified",
        basis=t(
            "the paper cites {cited}; no readable copy gave an official figure for {what}",
            "论文引用了 {cited}；但没有找到给出{what}官方数字的可读副本",
            cited=str(cited),
            what=what,
        ),
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
        basis = t(
            "{basis}; holds only because 约 allows a whole unit (truncation), not by rounding",
            "{basis}；只因“约”允许相差一整个单位（截断）才成立，按四舍五入并不成立",
            basis=basis,
        )
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
        return _no_figure(claim, _share_of(*(series_words(r) for r in references)))
    part_in_total_unit = convert(part.value, part.unit, total.unit, context.units)
    ratio = Figure(
        part_in_total_unit / total.value,
        "fraction",
        _share_of(part.label, total.label),
        "",
    )
    verdict = _compare_value(claim, ratio, context)
    sources = tuple(dict.fromkeys(f.source_id for f in (part, total) if f.source_id))
    return replace(verdict, source_ids=sources)


def _share_of(part: str, total: str) -> str:
    return t("{part} as a share of {total}", "{part}占{total}的比重", part=part, total=total)


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
            basis=t(
                "{basis}; the starting figure is not checked: no official figure",
                "{basis}；起点数字未核对：没有官方数字",
                basis=verdict.basis,
            ),
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
        basis=t(
            "end: {end}; start: {start} (official {official}, the paper's {paper})",
            "终点：{end}；起点：{start}（官方数字 {official}，论文数字 {paper}）",
            end=verdict.basis,
            start=start_verdict.basis,
            official=f"{start_verdict.official_value:g}",
            paper=f"{float(claim['baseline_value']):g}",
        ),
    )


#: How a comparison reads in words.
_OPERATOR_WORDS = {
    ">": t("above", "高于"),
    ">=": t("at least", "不低于"),
    "<": t("below", "低于"),
    "<=": t("at most", "不高于"),
}
#: The same, for an order that does not hold ("is not above").
_NOT_OPERATOR_WORDS = {
    ">": t("not above", "并不高于"),
    ">=": t("not at least", "并未达到"),
    "<": t("not below", "并不低于"),
    "<=": t("not at most", "超过"),
}


def _judge_comparison(claim, clauses, context: Context) -> Verdict:
    holds, sources, parts = True, [], []
    for left_operand, op, right_operand in clauses:
        left, right = (_operand_figure(o, claim, context) for o in (left_operand, right_operand))
        text = t(
            "{left} {op} {right}",
            "判断“{left}{op}{right}”所需",
            left=_describe(left_operand),
            op=_OPERATOR_WORDS[op],
            right=_describe(right_operand),
        )
        if left is None or right is None:
            return _no_figure(claim, text)
        right_value = convert(right.value, right.unit, left.unit, context.units)
        result = _OPERATORS[op](left.value, right_value)
        holds &= result
        sources += [f.source_id for f in (left, right) if f.source_id]
        symbol = context.units["symbol"].get(left.unit)
        symbol = "" if is_missing(symbol) else str(symbol)
        parts.append(
            t(
                "{left} ({left_value}) is {op} {right} ({right_value})",
                "{left}为 {left_value}，{op}{right}的 {right_value}",
                left=_describe(left_operand),
                left_value=with_symbol(f"{left.value:g}", symbol),
                op=(_OPERATOR_WORDS if result else _NOT_OPERATOR_WORDS)[op],
                right=_describe(right_operand),
                right_value=with_symbol(f"{right_value:g}", symbol),
            )
        )
    return Verdict(
        "consistent" if holds else "inconsistent",
        source_ids=tuple(dict.fromkeys(sources)),
        basis=joined(parts, "; ", "；"),
    )


def _describe(operand) -> str:
    if isinstance(operand, SeriesRef):
        return series_words(operand)
    if isinstance(operand, str):
        return _FIELD_WORDS[operand]
    return t(
        "{number} ({unit})",
        "{number}（{unit}）",
        number=f"{operand[0]:g}",
        unit=_unit_label(operand[1]),
    )


#: The claim's own numbers as the basis names them.
_FIELD_WORDS = {
    "value": t("the paper's figure", "论文的数字"),
    "value_high": t("the upper end of the paper's range", "论文所给区间的上限"),
    "baseline_value": t("the paper's starting figure", "论文的起点数字"),
}


def _unit_label(unit: str) -> str:
    """The unit's label from the units table ("100 million yuan (亿元)"), or the unit itself;
    with its Chinese twin ("亿元")."""
    units = _units_table()
    label = str(units.loc[unit, "label"]) if unit in units.index else unit
    return t(label, _UNIT_LABEL_ZH.get(unit, label))


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
        basis=t(
            "the paper elsewhere states {stated}: 「{quote}」",
            "论文在别处给出 {stated}：「{quote}」",
            stated=stated,
            quote=quote,
        ),
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
    validate.text("claim_id", claim_id)
    validate.text("evidence", evidence)
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
    if not claim_ids or not all(isinstance(c, str) and c.strip() for c in claim_ids):
        raise ValueError(f"claim_ids must be one or more claim ids (texts), got {claim_ids!r}")

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
    #: The Chinese twins of the texts above, kept when the finding is made, so that a finding
    #: read back from the build's cache shows in Chinese too (:func:`register_twins`).
    twins: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)

    def texts(self) -> tuple[str, ...]:
        """Every text of the finding a reader may see."""
        return (
            self.explanation,
            self.holds_where,
            *self.region_labels,
            *self.sourced,
            *self.assumed,
            *self.set_from_claim,
        )

    def register_twins(self) -> None:
        """Register the Chinese twins kept with the finding (ecommod/language.py)."""
        for english, chinese in self.twins:
            register(english, chinese)

    def __post_init__(self):
        validate.text("claim_id", self.claim_id)
        validate.text("unit", self.unit)
        _real("claimed_low", self.claimed_low, allow_nan=False)
        _real("claimed_high", self.claimed_high, allow_nan=False)
        if self.claimed_low > self.claimed_high:
            raise ValueError(
                f"claimed_high must be at least claimed_low ({self.claimed_low!r}), "
                f"got {self.claimed_high!r}"
            )
        validate.non_negative("tolerance", self.tolerance)
        validate.text("explanation", self.explanation, allow_empty=True)
        _real("estimate", self.estimate, allow_inf=False)  # NaN: no estimate
        _interval("interval", self.interval)
        if self.share_holding is not None:  # its range is checked below
            _real("share_holding", self.share_holding)
        for name in ("region_labels", "sourced", "assumed", "set_from_claim"):
            _texts(name, getattr(self, name))
        validate.text("holds_where", self.holds_where, allow_empty=True)
        validate.flag("restates_claim", self.restates_claim)
        if not self.twins:
            twins = []
            for text in dict.fromkeys(self.texts()):
                try:
                    chinese = translate(text, "zh")
                except Untranslated:
                    continue
                if chinese != text:
                    twins.append((text, chinese))
            object.__setattr__(self, "twins", tuple(twins))
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
    validate.instance("finding", finding, Finding, "a claims.Finding")
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
    validate.instance("finding", finding, Finding, "a claims.Finding")
    verdict = model_verdict(finding)
    if finding.restates_claim:
        return t(
            "the condition found restates the claimed quantity, so it tests nothing",
            "所得的条件只是复述了所称的数量，因此什么也没有检验",
        )
    if finding.set_from_claim:
        return _lenient(
            "set from the claim itself: {inputs}",
            "取自论断本身：{inputs}",
            inputs=joined(finding.set_from_claim),
        )
    if finding.share_holding is not None:
        region = joined(
            [
                _lenient(
                    "{label} {low}–{high}",
                    "{label} {low}–{high}",
                    label=label,
                    low=format_value(low, 4),
                    high=format_value(high, 4),
                )
                for label, (_, low, high) in zip(
                    finding.region_labels or [name for name, _, _ in finding.region],
                    finding.region,
                    strict=True,
                )
            ],
            "; ",
            "；",
        )
        share = finding.share_holding
        shown = f"{share:.1%}" if 0 < share < 0.095 or 0.905 < share < 1 else f"{share:.0%}"
        reason = _lenient(
            "the claim holds in {shown} of the plausible region ({region})",
            "论断在合理区域的 {shown} 内成立（{region}）",
            shown=shown,
            region=region,
        )
        if finding.holds_where:
            return _lenient(
                "{reason}: {where}", "{reason}：{where}", reason=reason, where=finding.holds_where
            )
        return reason
    if verdict == "illustrated":
        assumed = joined(finding.assumed) if finding.assumed else t("every input", "所有输入")
        return _lenient(
            "the inputs that drive the result are assumptions ({assumed})",
            "驱动结果的输入是假设（{assumed}）",
            assumed=assumed,
        )
    low, high = finding.interval
    values = {
        "claimed": _claimed_range(finding),
        "low": format_number(low, _places(low)),
        "high": format_number(high, _places(high)),
        "inputs": joined(finding.sourced),
    }
    if verdict == "reproduced":
        return _lenient(
            "the claimed {claimed} meets the model's interval {low}–{high} (inputs: {inputs})",
            "所称的 {claimed} 与模型区间 {low}–{high} 相交（输入：{inputs}）",
            **values,
        )
    return _lenient(
        "the claimed {claimed} lies outside the model's interval {low}–{high} (inputs: {inputs})",
        "所称的 {claimed} 落在模型区间 {low}–{high} 之外（输入：{inputs}）",
        **values,
    )


def _places(value: float) -> int:
    """Decimals to show a model number with: three significant digits, at most four decimals."""
    if not math.isfinite(value) or value == 0:
        return 0
    return int(min(4, max(0, 2 - math.floor(math.log10(abs(value))))))


def _claimed_range(finding: Finding) -> str:
    low, high = finding.claimed_low, finding.claimed_high
    if math.isinf(high):
        return t("more than {low}", "超过 {low}", low=format_number(low, _places(low)))
    if math.isinf(low):
        return t("less than {high}", "低于 {high}", high=format_number(high, _places(high)))
    if low == high:
        return format_number(low, _places(low))
    return f"{format_number(low, _places(low))}–{format_number(high, _places(high))}"


def _claimed_interval(claim_id: str, unit: str | None) -> tuple[str, float, float, float]:
    """The unit (the claim's unless given), the claim's value or range in it and its tolerance,
    read from the ledger; a comparison claim has no value: (-inf, inf)."""
    if unit is not None:
        validate.one_of("unit", unit, _units_table().index)
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
    validate.number("estimate", estimate)
    validate.text("explanation", explanation)
    _interval("interval", interval)
    _interval("claimed", claimed)
    for name, texts in (
        ("sourced", sourced),
        ("assumed", assumed),
        ("set_from_claim", set_from_claim),
    ):
        _texts(name, texts)
    validate.flag("restates_claim", restates_claim)
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
    validate.instance("grid", grid, pd.DataFrame, "a grid of plausible_grid (a pandas DataFrame)")
    if np.asarray(holds).dtype.kind != "b":
        raise TypeError(f"holds must be one bool per grid row, got {holds!r}")
    validate.text("explanation", explanation)
    _real("estimate", estimate, allow_inf=False)
    validate.text("holds_where", holds_where, allow_empty=True)
    _texts("sourced", sourced)
    validate.flag("restates_claim", restates_claim)
    holds = np.asarray(holds, dtype=bool)
    if holds.ndim != 1 or len(holds) != len(grid) or len(grid) == 0:
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

    if not dataclasses.is_dataclass(parameters):
        raise TypeError(f"parameters must be a parameters dataclass, got {parameters!r}")
    validate.text("name", name)
    fields = {f.name: f for f in dataclasses.fields(parameters)}
    owner = getattr(parameters, "__name__", type(parameters).__name__)
    if name not in fields:
        raise ValueError(f"name {name!r}: {owner} has no parameter {name!r}")
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
    if not dataclasses.is_dataclass(parameters):
        raise TypeError(f"parameters must be a parameters dataclass, got {parameters!r}")
    known = [f.name for f in dataclasses.fields(parameters)]
    if not _texts("names", names) or not set(names) <= set(known):
        raise ValueError(f"names must be one or more of {known}, got {names!r}")
    if points ** len(names) > validate.MAX_ELEMENTS:
        raise ValueError(
            f"points must leave at most {validate.MAX_ELEMENTS:,} grid rows "
            f"(points ** {len(names)} parameters), got {points}"
        )
    axes = [np.linspace(*plausible_range(parameters, name), points) for name in names]
    grid = pd.DataFrame(list(itertools.product(*axes)), columns=list(names))
    meanings = {f.name: f.metadata.get("meaning", f.name) for f in dataclasses.fields(parameters)}
    grid.attrs["labels"] = {name: meanings[name] for name in names}
    return grid


def resolve_model_check(claim_id: str, name: str) -> Callable[[str], Finding]:
    """The registered function a ``model_check`` cell names; the error names the claim and
    what is wrong (malformed, unknown module, not registered, or registered for other claims)."""
    validate.text("claim_id", claim_id)
    validate.text("name", name)
    match = _MODEL_CHECK.match(name)
    if not match:
        raise EvidenceError(
            f"claim {claim_id}: model_check name {name!r} is not of the form "
            "ecommod.<module>:<function>"
        )
    try:
        module = importlib.import_module(match["module"])
    except ModuleNotFoundError as err:
        raise EvidenceError(
            f"claim {claim_id}: model_check module {match['module']!r} does not exist "
            f"(name {name!r})"
        ) from err
    if name not in REGISTERED_CHECKS:
        raise EvidenceError(
            f"claim {claim_id}: model_check name {name!r} is not a registered check "
            f"(registered: {sorted(REGISTERED_CHECKS)})"
        )
    if claim_id not in REGISTERED_CHECKS[name]:
        raise EvidenceError(
            f"claim {claim_id}: model_check name {name!r} is registered for "
            f"{list(REGISTERED_CHECKS[name])}, not for claim_id {claim_id!r}"
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
    _sections(sections)
    ledger = data.load_table("claims", data_dir)
    register_translations(ledger)
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


#: The ledger's English text columns a reader sees, each with the column of its Chinese twin.
#: The reason of a reasoned evidence cell ("unverified: <reason>") has its twin in reason_zh.
TRANSLATED_COLUMNS = {"claim_en": "claim_zh", "note": "note_zh", "paper_ref": "paper_ref_zh"}
REASON_ZH = "reason_zh"


def evidence_reason(evidence) -> str:
    """The reason of a reasoned evidence cell ("unsourced: <reason>"); "" for another form."""
    if is_missing(evidence):
        return ""
    match = _REASONED.match(str(evidence).strip())
    return match["reason"].strip() if match else ""


def register_translations(ledger: pd.DataFrame) -> None:
    """Register the Chinese twin of every English text of ``ledger`` a reader sees (the claim,
    the note, the place in the paper, the reason of a reasoned evidence cell), from their
    ``*_zh`` columns (an empty one: the text reads the same in Chinese), also with
    its whitespace collapsed and as HTML; the paper's quote is its own twin. A ledger without
    the ``*_zh`` columns (a test's) registers only its quotes."""
    from html import escape

    validate.instance("ledger", ledger, pd.DataFrame, "the ledger (a pandas DataFrame)")
    validate.columns(
        "ledger", ledger, ["quote_zh", "evidence"] if REASON_ZH in ledger else ["quote_zh"]
    )

    pairs = [
        (english, chinese)
        for column, column_zh in TRANSLATED_COLUMNS.items()
        if column_zh in ledger.columns
        for english, chinese in zip(ledger[column], ledger[column_zh], strict=True)
    ]
    if REASON_ZH in ledger.columns:
        pairs += list(zip(ledger["evidence"].map(evidence_reason), ledger[REASON_ZH], strict=True))
    # The paper's quote is Chinese as the paper writes it (with its Latin names): its own twin.
    pairs += [(quote, quote) for quote in ledger["quote_zh"]]
    for english, chinese in pairs:
        if is_missing(english) or not str(english).strip():
            continue
        if is_missing(chinese) or not str(chinese).strip():
            continue
        english, chinese = str(english), " ".join(str(chinese).split())
        for text in dict.fromkeys((english, " ".join(english.split()))):
            register(text, chinese)
            register(escape(text), escape(chinese))


def claim(claim_id: str) -> pd.Series:
    """One row of the ledger by its id (for model checks that read the claim they test)."""
    validate.text("claim_id", claim_id)
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
    validate.text("claim_id", claim_id)
    validate.text("unit", unit)
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

    validate.text("unit", unit)
    validate.text("meaning", meaning)
    if ledger_unit is not None:
        validate.one_of("ledger_unit", ledger_unit, _unit_factors())
    ledger_unit = unit if ledger_unit is None else ledger_unit
    made = assumption(ledger_value(claim_id, ledger_unit, field), unit, meaning, claim_id)
    metadata = dict(made.metadata) | {"ledger": (claim_id, ledger_unit, field)}
    return dataclasses.field(default=made.default, metadata=metadata)


def judge(claim: pd.Series, context: Context) -> Verdict:
    """The evidence status of one claim (a row of the ledger)."""
    _row("claim", claim, ["claim_id", "evidence"])
    validate.instance("context", context, Context, "a claims.Context")
    evidence = claim["evidence"]
    if is_missing(evidence) or not str(evidence).strip():
        return Verdict("pending", basis=STATUS_MEANINGS["pending"])
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
CHECK_NOT_RUN = t(
    "not run here: the third-party data this check needs are missing; the verdict shown is the "
    "one recorded with the declared data",
    "此处未运行：该检验所需的第三方数据缺失；所示判定是以声明的数据记录下来的判定",
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
    finding.register_twins()
    return CheckResult(
        model_verdict(finding),
        finding.estimate,
        _lenient(
            "{finding}. Verdict: {reason}",
            "{finding}。判定：{reason}",
            finding=finding.explanation,
            reason=verdict_reason(finding),
        ),
    )


def _lenient(en: str, zh: str, /, **values) -> str:
    """:func:`ecommod.language.t`, except that a value without a Chinese twin (a model check's
    text another module has not translated) leaves the whole text without one, whatever the
    output languages, so that the error is raised where it is shown in Chinese, not where it is
    computed (and no Chinese twin holds English)."""
    try:
        chinese = {k: translate(v, "zh") if isinstance(v, str) else v for k, v in values.items()}
    except Untranslated:
        return en.format(**values)
    english = en.format(**values)
    register(english, zh.format(**chinese))
    return english


def evaluate(ledger: pd.DataFrame | None = None, sections: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every claim (or those of ``sections``) with both computed verdicts and their basis.

    Only the model checks of the claims evaluated are run, so a chapter's table runs only that
    chapter's checks; each finding is turned into its verdict by :func:`model_verdict`. A check
    whose third-party data are missing keeps its recorded verdict, with :data:`CHECK_NOT_RUN`
    as its basis. Numbers are in each claim's unit.
    """
    _sections(sections)
    if ledger is not None:
        validate.columns("ledger", ledger, LEDGER_COLUMNS)
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
    validate.instance("section_column", section_column, pd.Series, "a pandas Series")
    _sections(sections)
    wanted = section_column.astype(str).map(
        lambda s: any(s == w or s.startswith(w + ".") for w in sections)
    )
    if not wanted.any():
        known = sorted(section_column.astype(str).unique(), key=_section_key)
        raise ValueError(f"sections {list(sections)} have no claims; sections: {known}")
    return wanted


def _sections(sections) -> tuple[str, ...]:
    """Section numbers ("4.4"), as a list or tuple of texts; none: every section."""
    return _texts("sections", sections)


def _section_key(section: str) -> list[int]:
    return [int(part) for part in section.split(".")]


#: How the summary sentence words each status and model verdict (singular, plural; Chinese).
_STATUS_PHRASES = {
    "consistent": (
        "agrees with the official figure or the paper's own text",
        "agree with the official figure or the paper's own text",
        "与官方数字或论文自身的文字相符",
    ),
    "inconsistent": ("does not", "do not", "不相符"),
    "unverified": ("is unverified", "are unverified", "未核实"),
    "unsourced": ("is unsourced", "are unsourced", "无来源"),
    "not_checkable": (
        "is not checkable with public data",
        "are not checkable with public data",
        "无法用公开数据核查",
    ),
    "pending": ("is still pending", "are still pending", "尚待审查"),
}
_VERDICT_PHRASES = {
    "reproduced": ("reproduce {n}", "复现了 {n} 项"),
    "conditional": ("find {n} conditional", "认为 {n} 项有条件成立"),
    "contradicted": ("contradict {n}", "否定了 {n} 项"),
    "illustrated": ("illustrate {n}", "以 {n} 项作示例说明"),
}


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


#: What :func:`verdict_summary` counts unless told.
QUANTITATIVE_CLAIMS = t("quantitative claims", "定量论断")


def verdict_summary(evaluated: pd.DataFrame, what: str = QUANTITATIVE_CLAIMS) -> str:
    """One or two sentences counting the statuses and model verdicts of ``evaluated`` (from
    :func:`evaluate`), naming only those that occur, with singular and plural right.

    ``what`` names the claims (written with :func:`ecommod.language.t`); the Chinese twin of the
    sentences is registered."""
    validate.columns("evaluated", evaluated, ["status", "model_verdict"])
    validate.text("what", what)
    if evaluated.empty:
        raise ValueError("evaluated has no claims to summarise")
    statuses = evaluated["status"].value_counts()
    occurring = [s for s in STATUSES if s in statuses]
    parts = [f"{statuses[s]} {_STATUS_PHRASES[s][int(statuses[s] != 1)]}" for s in occurring]
    parts_zh = [f"{statuses[s]} 项{_STATUS_PHRASES[s][2]}" for s in occurring]
    total = len(evaluated)
    what_zh = _chinese_or_none(what) if total != 1 else ""
    if total != 1:
        text = f"Of the {total} {what}, {_join(parts)}."
        chinese = f"在 {total} 项{what_zh}中，{'，'.join(parts_zh)}。"
    else:
        text = f"The one claim {parts[0].split(' ', 1)[1]}."
        chinese = f"这一项论断{_STATUS_PHRASES[occurring[0]][2]}。"
    verdicts = evaluated["model_verdict"].value_counts()
    found = [v for v in MODEL_VERDICTS if v in verdicts]
    if found:
        text += (
            f" The models {_join([_VERDICT_PHRASES[v][0].format(n=verdicts[v]) for v in found])}."
        )
        chinese += f"模型{'，'.join(_VERDICT_PHRASES[v][1].format(n=verdicts[v]) for v in found)}。"
    if what_zh is not None:  # else ``what`` has no twin: the error comes where it is shown
        register(text, chinese)
    return text


def _chinese_or_none(text: str) -> str | None:
    """The Chinese twin of ``text``, or None when it has none (then nothing is registered)."""
    try:
        return translate(text, "zh")
    except Untranslated:
        return None


def status_counts(evaluated: pd.DataFrame) -> pd.DataFrame:
    """Claims per section (paper order) and evidence status (contract order), zeros included."""
    validate.columns("evaluated", evaluated, ["section", "status"])
    table = pd.crosstab(evaluated["section"], evaluated["status"])
    table = table.reindex(columns=list(STATUSES), fill_value=0)
    return table.loc[sorted(table.index, key=_section_key)]


DATE_NOT_ESTABLISHED = t("date not established", "日期未确定")

#: The publishers of data/sources.csv whose name (before " (") is not Chinese, in Chinese.
_PUBLISHER_ZH = {
    "China Daily": "《中国日报》",
    "China.org.cn": "中国网",
    "Unattributed news dispatch reporting 商务部": "转述商务部的未署名新闻稿",
    "CGTN Japanese": "中国国际电视台日语频道",
    "サーチナ Searchina": "サーチナ（日本新闻网站）",
    "kr.brnn.com": "kr.brnn.com",
    "chinaservicesinfo.com": "chinaservicesinfo.com",
    "Bilingual": "中英双语新闻",
    "Global Times": "《环球时报》",
}


def describe_sources(source_ids: str, sources: pd.DataFrame) -> str:
    """``"id_a, id_b"`` as "publisher (release date)" for each source, joined by "; ".

    ``sources`` is the sources table indexed by ``source_id``; the full record (title, URL, how
    it was read) is there and on the book's references page. The publisher is its Chinese name
    (the part before " ("), the same in both languages.
    """
    validate.text("source_ids", source_ids, allow_empty=True)
    validate.columns("sources", sources, ["publisher", "date"])
    unknown = [s for s in source_ids.split(", ") if source_ids and s not in sources.index]
    if unknown:
        raise ValueError(f"source_ids {source_ids!r}: {unknown} are not in sources")
    if not source_ids:
        return ""
    described = []
    for source_id in source_ids.split(", "):
        row = sources.loc[source_id]
        publisher = row["publisher"].split(" (")[0]
        if publisher in _PUBLISHER_ZH:
            publisher = t(publisher, _PUBLISHER_ZH[publisher])
        date = DATE_NOT_ESTABLISHED if is_missing(row["date"]) else f"{row['date']:%Y-%m-%d}"
        described.append(
            _lenient(
                "{publisher} ({date})", "{publisher}（{date}）", publisher=publisher, date=date
            )
        )
    return joined(described, "; ", "；")


def _decimals(precision) -> int:
    """Decimals a number written at ``precision`` shows (0.1 -> 1, 1 or 10000 -> 0)."""
    if is_missing(precision) or precision >= 1:
        return 0
    return max(0, -math.floor(math.log10(float(precision)) + 1e-9))


def claimed_text(claim: pd.Series, symbol: str = "") -> str:
    """The claimed figure as the paper writes it: a value, a range "2–3", "60 → 85" or
    "5–8 → 2–3".

    ``symbol`` is the unit's symbol from the units table (" 亿元", "%"), written after it (its
    Chinese twin registered: " days" is " 天").
    """
    _row("claim", claim, ["value", "stated_precision", "value_high", "baseline_value"])
    validate.text("symbol", symbol, allow_empty=True)
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
    return with_symbol(text, symbol)


#: The columns of :func:`reader_table` (and the labels of :func:`cards`), in both languages.
CLAIM = t("claim", "论断")
STATUS = t("status", "状态")
MODEL_VERDICT = t("model verdict", "模型判定")
CLAIMED = t("claimed", "论文数字")
OFFICIAL_OR_CHECK = t("official / check", "官方数字 / 核对值")
SOURCE = t("source", "来源")
CLAIM_PAPER = t("claim (paper)", "论断（论文）")
QUOTE = t("quote (原文)", "原文")
BASIS_LABEL = t("basis", "依据")
MODEL_FINDING = t("model finding", "模型发现")


def reader_table(evaluated: pd.DataFrame, *, quotes: bool = True) -> pd.DataFrame:
    """Evaluated claims as readers see them: both verdicts first, figures with their unit.

    Numbers are formatted as text (thousands separators, "—" when missing) so that the table
    shows the paper's precision, not 17 digits. The model-check column appears only when a
    claim of ``evaluated`` has one. Every text has its Chinese twin.
    """
    validate.flag("quotes", quotes)
    validate.columns("evaluated", evaluated, EVALUATED_COLUMNS + (("quote_zh",) if quotes else ()))
    sources = data.load_table("sources").set_index("source_id")
    symbols = _units_table()["symbol"].fillna("")

    def official(row: pd.Series) -> str:
        value = row[OFFICIAL_VALUE]
        if is_missing(value):
            return MISSING
        places = _decimals(row["stated_precision"])
        places += round(float(value), places) != float(value)  # one more digit when it has more
        return with_symbol(format_number(value, places), symbols[row["unit"]])

    rows = [row for _, row in evaluated.iterrows()]
    table = pd.DataFrame(
        {
            CLAIM: evaluated["claim_id"].to_numpy(),
            STATUS: evaluated["status"].map(words).to_numpy(),
            MODEL_VERDICT: [MISSING if v == "" else words(v) for v in evaluated["model_verdict"]],
            CLAIMED: [claimed_text(row, symbols[row["unit"]]) for row in rows],
            OFFICIAL_OR_CHECK: [official(row) for row in rows],
            SOURCE: [describe_sources(row[SOURCES], sources) or MISSING for row in rows],
            CLAIM_PAPER: evaluated["claim_en"].to_numpy(),
            BASIS_LABEL: evaluated[BASIS].to_numpy(),
        }
    )
    if quotes:
        table.insert(
            table.columns.get_loc(CLAIM_PAPER) + 1,
            QUOTE,
            evaluated["quote_zh"].to_numpy(),
        )
    if (evaluated["model_verdict"] != "").any():
        table[MODEL_FINDING] = [row[MODEL_BASIS] or MISSING for row in rows]
    return table


def swatch(verdict: str) -> str:
    """A dot in the verdict's colour (:data:`STATUS_COLOURS`, :data:`MODEL_VERDICT_COLOURS`),
    as inline HTML before the verdict's word; "" for a word without a colour."""
    validate.instance("verdict", verdict, str, "a status or model verdict (a str)")
    colour = {**STATUS_COLOURS, **MODEL_VERDICT_COLOURS}.get(verdict)
    return f'<span style="color:{colour}" aria-hidden="true">●</span>\u00a0' if colour else ""


def cards(evaluated: pd.DataFrame, *, quotes: bool = True, model: bool = True):
    """The claims of ``evaluated`` (from :func:`evaluate`) as one card each, for chapters and
    pages: the claim id, linked to its page, and both verdicts on the first line, every other
    field of :func:`reader_table` labelled below. ``model=False`` leaves the model verdict out.

    Returns what shows an ``IPython.display.Markdown`` object in each output language
    (:class:`ecommod.language.InLanguages`; its ``data`` is the first language's Markdown): the
    links resolve in the book and in JupyterLab alike (a page one folder below the book's root,
    see :data:`CLAIM_PAGE`).
    """
    from html import escape

    validate.flag("model", model)

    from IPython.display import Markdown

    from ecommod.language import InLanguages

    table = reader_table(evaluated, quotes=quotes)
    heading = [CLAIM, STATUS, MODEL_VERDICT] if model else [CLAIM, STATUS]
    if not model:
        table = table.drop(columns=[MODEL_VERDICT, MODEL_FINDING], errors="ignore")
    fields = [c for c in table.columns if c not in heading]

    def text(value, language: str) -> str:
        return escape(translate(" ".join(str(value).split()), language))

    def render(language: str):
        blocks = []
        for (_, row), status, verdict in zip(
            table.iterrows(), evaluated["status"], evaluated["model_verdict"], strict=True
        ):
            head = f"**{claim_link(row[CLAIM])}** · {swatch(status)}{text(row[STATUS], language)}"
            if model and verdict:
                head += f" · {swatch(verdict)}{text(row[MODEL_VERDICT], language)}"
            shown = "".join(
                f"<dt>{text(c, language)}</dt><dd>{text(row[c], language)}</dd>"
                for c in fields
                if row[c] != MISSING
            )
            # Markdown between the raw HTML blocks (blank lines around it) keeps the link a link.
            blocks.append(f'<div class="ecommod-record">\n\n{head}\n\n<dl>{shown}</dl>\n\n</div>')
        return Markdown(RECORD_CSS + "\n\n" + "\n\n".join(blocks))

    return InLanguages(render)


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def _failing(evaluated: pd.DataFrame) -> pd.DataFrame:
    """Claims that do not hold: by the evidence (inconsistent) or by a model (contradicted)."""
    return evaluated[
        (evaluated["status"] == "inconsistent") | (evaluated["model_verdict"] == "contradicted")
    ]


def key_findings(evaluated: pd.DataFrame, page: str = CLAIM_PAGE) -> str:
    """What holds, what does not and what cannot be told, in three short paragraphs for a
    reader's first screen (Markdown; claim ids linked with ``page`` as in :func:`claim_link`).

    Returns the English; its Chinese twin is registered (show it with
    :func:`ecommod.present.markdown`)."""
    validate.columns("evaluated", evaluated, ["claim_id", "status", "model_verdict"])
    _page(page)
    if evaluated.empty:
        raise ValueError("evaluated has no claims to summarise")

    def ids(mask) -> str:
        return ", ".join(claim_link(c, page) for c in evaluated.loc[mask, "claim_id"])

    def ids_zh(mask) -> str:
        return "、".join(claim_link(c, page) for c in evaluated.loc[mask, "claim_id"])

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
    holds_zh = (
        f"**成立。** {len(evaluated)} 项论断中有 {n_agree} 项与官方数字或论文自身的文字相符"
        + (f"（如 {'、'.join(claim_link(c, page) for c in agree)}）" if n_agree else "")
        + f"；模型复现了 {n_reproduced} 项机制"
        + (f"（{ids_zh(verdict == 'reproduced')}）" if n_reproduced else "")
        + f"，并发现 {n_conditional} 项仅在部分假设下成立。"
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
    does_not_zh = (
        f"**不成立。** {n_wrong_figures} 个数字与官方数字或论文自身不符"
        + (f"（{ids_zh(status == 'inconsistent')}）" if n_wrong_figures else "")
        + f"，模型否定了 {n_contradicted} 项论断"
        + (f"（{ids_zh(verdict == 'contradicted')}）" if n_contradicted else "")
        + "。"
    )
    untraced = int(status.isin(["unverified", "unsourced"]).sum())
    n_not_checkable = int((status == "not_checkable").sum())
    unknown = (
        f"**Cannot be told yet.** {_count(untraced, 'figure lacks', 'figures lack')} a source "
        f"that could hold {'it' if untraced == 1 else 'them'} or a readable copy of it; "
        f"{n_not_checkable} cannot be checked with public data."
    )
    unknown_zh = (
        f"**尚无法判断。** {untraced} 个数字缺少可能包含它的来源或该来源的可读副本；"
        f"{n_not_checkable} 项无法用公开数据核查。"
    )
    english = "\n\n".join([holds, does_not, unknown])
    register(english, "\n\n".join([holds_zh, does_not_zh, unknown_zh]))
    return english


#: Why a claim does not hold, by its evidence form (:func:`not_holding`).
_WHY_NOT = {
    "paper": t("the paper's own text says otherwise", "论文自身的文字另有说法"),
    "comparison": t("the official figures do not bear it out", "官方数字并不支持它"),
}
_OFFICIAL_DIFFERS = t("the official figure differs", "官方数字与之不同")
_MODEL_CONTRADICTS = t("a model contradicts it", "有模型否定了它")


def not_holding(evaluated: pd.DataFrame, page: str = CLAIM_PAGE) -> str:
    """The claims that do not hold, one Markdown bullet each: the claim, linked, and why.

    Returns the English; its Chinese twin is registered (the claims' Chinese from the ledger)."""
    validate.columns(
        "evaluated", evaluated, ["claim_id", "status", "model_verdict", "evidence", "claim_en"]
    )
    _page(page)

    def reason(row) -> str:
        if row.status != "inconsistent":
            return _MODEL_CONTRADICTS
        form = parse_evidence(row.claim_id, row.evidence).form.name
        return _WHY_NOT.get(form, _OFFICIAL_DIFFERS)

    rows = list(_failing(evaluated).itertuples())
    english = "\n".join(
        f"- {claim_link(row.claim_id, page)} {linked_text(row.claim_en, page)} ({reason(row)})"
        for row in rows
    )
    claims_zh = [_chinese_or_none(" ".join(row.claim_en.split())) for row in rows]
    chinese = "\n".join(
        f"- {claim_link(row.claim_id, page)} {linked_text(claim_zh, page)}"
        f"（{translate(reason(row), 'zh')}）"
        for row, claim_zh in zip(rows, claims_zh, strict=True)
    )
    if english and None not in claims_zh:
        register(english, chinese)
    return english


#: The column titles of :func:`index_table`.
INDEX_ID = t("id", "编号")
INDEX_MODEL = t("model", "模型")


def index_table(evaluated: pd.DataFrame) -> pd.DataFrame:
    """The ledger as a compact index: claim id (an HTML link to its page from a page in
    ``book/``), section, the claim in English, status and model verdict in words (short column
    titles, so that the five columns fit a phone). Every text has its Chinese twin (the link is
    the same in both editions)."""
    from html import escape

    validate.columns(
        "evaluated", evaluated, ["claim_id", "section", "claim_en", "status", "model_verdict"]
    )

    links = []
    for claim_id in evaluated["claim_id"]:
        link = f'<a href="claims/{claim_id}.html">{escape(claim_id)}</a>'
        register(link, link)
        links.append(link)
    return pd.DataFrame(
        {
            INDEX_ID: links,
            "§": evaluated["section"].to_numpy(),
            CLAIM: evaluated["claim_en"].map(escape).to_numpy(),
            STATUS: evaluated["status"].map(words).to_numpy(),
            INDEX_MODEL: evaluated["model_verdict"].map(words).to_numpy(),
        }
    )
