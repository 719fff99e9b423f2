"""The paper's text, its numbered sections, every number its body states, and the census of them.

One home for the text of Wu & Luo (2025), ``paper/wu-luo-2025-ecl.md``. Offsets are character
offsets into :func:`text` (Python ``str`` indices, not bytes).

Body. The body is §1 to §7: from the heading numbered ``1`` (``## 1. 引言``) up to the first
level-1 or level-2 heading without a section number after it (``## 参考文献``). The title block,
both abstracts, the keywords, the licence lines and the references lie outside it. A section is
the span from a heading whose text starts with a dotted number (``3.1.2.``) to the next such
heading, whatever the heading's Markdown level (the paper's levels are irregular: §3.2 is ``##``,
§3.1.3 is ``###``). Sub-headings numbered ``1、`` or ``1)`` stay inside their section.

What counts as a number (applied to the body only):

* Arabic numerals: a run of digits (ASCII or full-width ``０-９``), with thousands separators
  (``1,200``) and decimal points (``2.71``, ``．`` too). Dotted runs such as the section number
  ``3.1.2`` are one token. A range is two numbers: ``5%~8%`` gives ``5%`` and ``8%``.
* Attached marks belong to the token: a percent sign (``7.2%``), the lower-bound plus of
  ``200+`` (a ``+`` not followed by a digit, so ``1+1>2`` is three numbers), the settlement
  notation ``T+1``, and Latin letters written directly after the digits (``5G``, ``3C``,
  ``500GB``). Chinese multipliers (万, 亿) and units are not part of the token: in ``15 万亿元``
  the number is ``15``.
* Citation markers are not numbers: digits inside square brackets holding only numbers, commas,
  enumeration commas, dashes and spaces (``[1]``, ``[2, 3]``, ``[3] [4]``) are skipped by rule.
* Chinese numerals are counted only as cardinal counts: one of 二两三四五六七八九十 written
  directly before a measure word (个 大 类 层 阶 重 项 种 条 倍 方面) and not after 第. That
  catches the paper's announcements of its own structure (``三阶路径``, ``三个维度``,
  ``三大痛点``), which the audit checks against what the sections deliver. Not counted:
  一 (in this paper always lexical or an article: 一体化, 一站式, 统一, 一个平台), ordinals
  (第一阶段, 第三方, and the enumerators 一是/二是/三是), 双 and 两者/二者 (words: 双轮, 双重),
  and 万/亿 as multipliers of an Arabic number.

Census. A number is covered when its offset lies inside an occurrence, in the paper text, of the
``quote_zh`` of a claim of the ledger, or inside the one occurrence of the ``context`` of a row of
``data/non_claim_numbers.csv`` whose ``number`` is that token. Being covered is a matter of
position: the same digits elsewhere in the paper cover nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ecommod import data, validate

if TYPE_CHECKING:
    import pandas as pd

PAPER_PATH = data.REPO_ROOT / "paper" / "wu-luo-2025-ecl.md"
#: Characters of text shown on each side of a number in its ``context``.
CONTEXT_CHARS = 14

_DIGIT = "[0-9０-９]"
_ARABIC = re.compile(
    rf"(?P<prefix>(?<![A-Za-z])T\+)?"
    rf"(?P<digits>{_DIGIT}{{1,3}}(?:,{_DIGIT}{{3}})+(?!{_DIGIT})|{_DIGIT}+)"
    rf"(?P<fraction>(?:[.．]{_DIGIT}+)*)"
    rf"(?P<suffix>[%％]|\+(?!{_DIGIT})|[A-Za-z]+)?"
)
_CITATION = re.compile(rf"\[\s*{_DIGIT}+(?:\s*[,，、\-–]\s*{_DIGIT}+)*\s*\]")
_CHINESE_DIGITS = {"二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_MEASURE_WORDS = ("个", "大", "类", "层", "阶", "重", "项", "种", "条", "倍", "方面")
_CHINESE = re.compile(
    rf"(?<!第)(?P<numeral>[二两三四五六七八九十]+)(?=(?:{'|'.join(_MEASURE_WORDS)}))"
)
_HEADING = re.compile(r"^(?P<marks>#{1,6})[ \t]+(?P<title>.*)$", re.MULTILINE)
_SECTION_NUMBER = re.compile(r"(?P<number>\d+(?:\.\d+)*)\.?(?=\s)")


class PaperStructureError(ValueError):
    """The paper text does not have the structure this module expects (body headings)."""


@dataclass(frozen=True)
class Section:
    """One numbered section of the body: its number, heading title and character span."""

    number: str
    title: str
    start: int
    end: int


@cache
def text() -> str:
    """The full Markdown text of the paper (read once per process)."""
    return PAPER_PATH.read_text(encoding="utf-8")


def _headings(paper: str) -> Iterator[tuple[int, int, str]]:
    """Each heading as (offset, Markdown level, title)."""
    for match in _HEADING.finditer(paper):
        yield match.start(), len(match["marks"]), match["title"].strip()


def _paper(paper: str | None) -> str:
    """The paper's text, or the text given (a non-empty string)."""
    return text() if paper is None else validate.text("paper", paper)


def body_span(paper: str | None = None) -> tuple[int, int]:
    """Start and end offsets of the body (§1 to §7) in the paper text."""
    paper = _paper(paper)
    start = end = None
    for offset, level, title in _headings(paper):
        numbered = _SECTION_NUMBER.match(title)
        if start is None:
            if numbered and numbered["number"] == "1":
                start = offset
        elif level <= 2 and not numbered:
            end = offset
            break
    if start is None or end is None:
        raise PaperStructureError(
            f"paper ({PAPER_PATH.name} unless another text is given): expected a heading "
            "'1. …' opening the body and a later level-1/2 "
            f"heading without a section number closing it; found start={start}, end={end}"
        )
    return start, end


def sections(paper: str | None = None) -> list[Section]:
    """The numbered sections of the body in paper order (``"1"``, ``"3.1.2"``, ``"4.4.1"``…)."""
    paper = _paper(paper)
    body_start, body_end = body_span(paper)
    heads = []
    for offset, _level, title in _headings(paper):
        if body_start <= offset < body_end and (numbered := _SECTION_NUMBER.match(title)):
            heads.append((offset, numbered["number"], title[numbered.end() :].strip()))
    ends = [offset for offset, _, _ in heads[1:]] + [body_end]
    return [
        Section(number=number, title=title, start=offset, end=end)
        for (offset, number, title), end in zip(heads, ends, strict=True)
    ]


def body(paper: str | None = None) -> str:
    """The text of §1 to §7."""
    paper = _paper(paper)
    start, end = body_span(paper)
    return paper[start:end]


def _number_value(token: str) -> float | None:
    """The numeric value of an Arabic token, or None for a dotted section number such as 3.1.2."""
    digits = "".join(
        str(unicodedata.digit(c)) if c.isdigit() else "." if c in ".．" else ""
        for c in token.removeprefix("T+")
    )
    return float(digits) if digits.count(".") <= 1 else None


def _chinese_value(numeral: str) -> int:
    """The value of a Chinese cardinal from 2 to 99 (二, 十, 十二, 三十, 三十五)."""
    tens, _, units = numeral.rpartition("十")
    if "十" not in numeral:
        return _CHINESE_DIGITS[numeral]
    return 10 * (_CHINESE_DIGITS[tens] if tens else 1) + (_CHINESE_DIGITS[units] if units else 0)


def _context(paper: str, start: int, end: int) -> str:
    snippet = paper[max(0, start - CONTEXT_CHARS) : end + CONTEXT_CHARS]
    return " ".join(snippet.split())


def _scan(source: str, start: int, end: int, chinese: bool) -> list[tuple]:
    """Number tokens of ``source[start:end]`` as (offset, end, token, value, script), sorted."""
    citations = [m.span() for m in _CITATION.finditer(source, start, end)]
    found = []
    for match in _ARABIC.finditer(source, start, end):
        if not any(c_start <= match.start() < c_end for c_start, c_end in citations):
            token = match.group()
            found.append((match.start(), match.end(), token, _number_value(token), "arabic"))
    if chinese:
        for match in _CHINESE.finditer(source, start, end):
            numeral = match["numeral"]
            found.append((match.start(), match.end(), numeral, _chinese_value(numeral), "chinese"))
    return sorted(found)


def tokens(fragment: str, chinese: bool = True) -> list[str]:
    """The number tokens of any piece of text, in order (``"从 5%~8% 降至 T+1"`` gives
    ``["5%", "8%", "T+1"]``); the rules are those of the module docstring."""
    validate.text("fragment", fragment, allow_empty=True)
    validate.flag("chinese", chinese)
    return [token for _, _, token, _, _ in _scan(fragment, 0, len(fragment), chinese)]


def numbers(paper: str | None = None, chinese: bool = True) -> pd.DataFrame:
    """Every number of the body, one row per occurrence, in paper order.

    Columns: ``offset`` and ``end`` (character offsets into the paper text), ``number`` (the token
    as written, e.g. ``7.2%``, ``T+1``, ``200+``, ``三``), ``value`` (its numeric value, without
    unit or multiplier: 15 for ``15 万亿元``; missing for a dotted section number such as
    ``3.1.2``), ``script`` (``arabic`` or ``chinese``), ``section`` and ``context`` (the
    surrounding text on one line). ``chinese=False`` leaves out the Chinese cardinal counts.
    """
    import pandas as pd

    paper = _paper(paper)
    validate.flag("chinese", chinese)
    start, end = body_span(paper)
    columns = ["offset", "end", "number", "value", "script"]
    table = pd.DataFrame(_scan(paper, start, end, chinese), columns=columns)
    spans = sections(paper)
    table["section"] = [
        next(s.number for s in spans if s.start <= offset < s.end) for offset in table["offset"]
    ]
    table["context"] = [
        _context(paper, s, e) for s, e in zip(table["offset"], table["end"], strict=True)
    ]
    return table.astype({"value": "float64"})


def occurrences(fragment: str, paper: str | None = None) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of a fragment in the paper text."""
    paper = _paper(paper)
    validate.text("fragment", fragment)
    found, position = [], paper.find(fragment)
    while position != -1:
        found.append(position)
        position = paper.find(fragment, position + 1)
    return found


def _require_columns(frame: pd.DataFrame, name: str, columns: list[str]) -> None:
    import pandas as pd

    validate.instance(name, frame, pd.DataFrame, "a pandas DataFrame")
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(
            f"{name}: missing column(s) {missing}; expected at least {columns}, "
            f"got {list(frame.columns)}"
        )


def _claim_spans(claims: pd.DataFrame, paper: str) -> list[tuple[int, int, str]]:
    spans = []
    for claim_id, quote in zip(claims["claim_id"], claims["quote_zh"], strict=True):
        found = occurrences(str(quote), paper)
        if not found:
            raise ValueError(
                f"claims: quote_zh of {claim_id} does not occur verbatim in {PAPER_PATH.name}: "
                f"{quote!r}"
            )
        spans += [(position, position + len(quote), claim_id) for position in found]
    return spans


def _non_claim_spans(non_claims: pd.DataFrame, paper: str) -> list[tuple[int, int, str, str]]:
    spans = []
    for row, (number, context, reason) in enumerate(
        zip(non_claims["number"], non_claims["context"], non_claims["reason"], strict=True),
        start=2,
    ):
        found = occurrences(str(context), paper)
        if len(found) != 1:
            raise ValueError(
                f"non_claim_numbers row {row}: context {context!r} occurs {len(found)} times in "
                f"{PAPER_PATH.name}; expected exactly once (lengthen it until it is unique)"
            )
        spans.append((found[0], found[0] + len(context), str(number), str(reason)))
    return spans


def census(
    claims: pd.DataFrame, non_claims: pd.DataFrame, paper: str | None = None
) -> pd.DataFrame:
    """Which claim or non-claim row covers each number of the body.

    ``claims`` needs the columns ``claim_id`` and ``quote_zh`` (the ledger); ``non_claims`` needs
    ``number``, ``context`` and ``reason`` (``data/non_claim_numbers.csv``). Returns the table of
    :func:`numbers` with ``covered_by`` (``claim``, ``non_claim`` or ``""`` when uncovered),
    ``claim_ids`` (the claims whose quote holds the number, joined by ``"; "``) and ``reason``
    (the non-claim reason). A claim takes precedence over a non-claim row covering the same
    number. Raises ValueError when a quote is not in the paper, when a non-claim context does not
    occur exactly once, or when a non-claim row's number is not a token inside its context.
    """
    _require_columns(claims, "claims", ["claim_id", "quote_zh"])
    _require_columns(non_claims, "non_claims", ["number", "context", "reason"])
    paper = _paper(paper)
    table = numbers(paper)
    claim_spans = _claim_spans(claims, paper)
    non_claim_spans = _non_claim_spans(non_claims, paper)
    for start, end, number, _reason in non_claim_spans:
        inside = table[(table["offset"] >= start) & (table["end"] <= end)]
        if number not in set(inside["number"]):
            raise ValueError(
                f"non_claim_numbers: number {number!r} is not a number token of its context "
                f"{paper[start:end]!r}; tokens there: {list(inside['number'])}"
            )
    claim_ids, reasons = [], []
    for offset, token in zip(table["offset"], table["number"], strict=True):
        ids = dict.fromkeys(cid for start, end, cid in claim_spans if start <= offset < end)
        claim_ids.append("; ".join(ids))
        reasons.append(
            next(
                (r for start, end, n, r in non_claim_spans if start <= offset < end and n == token),
                "",
            )
        )
    table["claim_ids"] = claim_ids
    table["reason"] = reasons
    table["covered_by"] = [
        "claim" if ids else "non_claim" if reason else ""
        for ids, reason in zip(claim_ids, reasons, strict=True)
    ]
    return table


def census_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Numbers per section (rows, paper order) covered by claims, by non-claims, and uncovered."""
    import pandas as pd

    _require_columns(table, "table", ["section", "covered_by"])
    order = list(dict.fromkeys(table["section"]))
    counts = pd.crosstab(pd.Categorical(table["section"], categories=order), table["covered_by"])
    counts = counts.reindex(columns=["claim", "non_claim", ""], fill_value=0)
    counts.columns = ["claims", "non_claims", "uncovered"]
    counts.index.name = "section"
    counts["numbers"] = counts.sum(axis=1)
    return counts


def ledger_census() -> pd.DataFrame:
    """The census of the repository's ledger (``claims``) and ``non_claim_numbers`` tables."""
    return census(data.load_table("claims"), data.load_table("non_claim_numbers"))
