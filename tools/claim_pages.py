"""Write one page per claim, ``book/claims/<claim_id>.md``, and their index, from the ledger;
and beside each its Chinese twin, ``<claim_id>.zh.md`` and ``index.zh.md`` (the Chinese edition
reads them in place of the English; same structure, links and numbers).

Each page holds the paper's quote and the English, both verdicts with their reasons and the rule
that gave them, the evidence and its sources (cited from the book's bibliography), the model
finding with the chapter that shows it, and the code a student calls. Everything comes from
``data/claims.csv`` and ``ecommod.claims.evaluate()``; nothing is typed here but the wording (in
both languages; the Chinese of the data's texts is their twin, ecommod/language.py). A text a
Chinese page would show without a Chinese twin is left in English and printed by ``main``.
Without the third-party data the pages are still written, with the recorded model verdicts
(tests/test_claim_pages.py compares only the pages whose checks ran).

Usage: python -m tools.claim_pages   (after changing the ledger, a model check or its chapter)
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ecommod import claims, data, paper
from ecommod import language as language_module
from ecommod.language import translate
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
FORM_RULES_ZH = {
    "series": "在论文所写的精度上，把论断与官方数字比较",
    "ratio": "在论文所写的精度上，把论断与由两个官方数字算出的比重比较",
    "change": "论断所述变化的两端分别与官方数字比较",
    "comparison": "在论断所提及的数字上核对它所断言的大小顺序",
    "paper": "把论断与论文别处所述的同一数量比较",
    "reasoned": "没有数字能判定它；下面的理由与论断一并记录",
    "pending": "该论断尚未审查",
}
#: The audit's severities (data/audit.csv) in Chinese.
SEVERITY_ZH = {"low": "低", "medium": "中", "high": "高"}
#: The page languages: English pages are ``<name>.md``, their Chinese twins ``<name>.zh.md``.
LANGUAGES = ("en", "zh")


def page_name(name: str, language: str) -> str:
    """``S1-01`` -> ``S1-01.md`` (English) or ``S1-01.zh.md`` (Chinese)."""
    return f"{name}.md" if language == "en" else f"{name}.{language}.md"


#: What the Chinese pages written by the last :func:`render` had to leave in English (a model
#: check's text whose module has no Chinese twin for it yet).
UNTRANSLATED: list[str] = []


def _in(text: str, language: str) -> str:
    """``text`` (from the data or ecommod.claims) in ``language``; a text without a Chinese
    twin stays English on a Chinese page and is listed in :data:`UNTRANSLATED`."""
    if language == "en" or not text:
        return text
    try:
        return translate(text, language)
    except language_module.Untranslated:
        UNTRANSLATED.append(text)
        return text


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


def _sources(source_ids: str, sources: pd.DataFrame, language: str = "en") -> list[str]:
    lines = []
    for source_id in filter(None, source_ids.split(", ")):
        row = sources.loc[source_id]
        title = _quote(_text(row["title"]))  # a title, quoted as its publisher wrote it
        if language == "en":
            date = (
                "release date not established"
                if is_missing(row["date"])
                else (f"released {row['date']:%Y-%m-%d}")
            )
            lines.append(f"- {{cite:t}}`{source_id}`: *{title}*, {date}.")
        else:
            date = "发布日期未确定" if is_missing(row["date"]) else f"发布于 {row['date']:%Y-%m-%d}"
            lines.append(f"- {{cite:t}}`{source_id}`：*{title}*，{date}。")
    return lines


def _cited(cited_ref, references: dict[str, str], language: str = "en") -> str:
    if is_missing(cited_ref) or not str(cited_ref).strip():
        return "The paper cites no source for it." if language == "en" else "论文没有为它引用来源。"
    numbers = re.findall(r"\[\d+\]", str(cited_ref))
    cited = [f"{n} {{cite:p}}`{references[n]}`" if n in references else n for n in numbers]
    if language == "en":
        return "The paper cites " + " and ".join(cited) + "."
    return "论文引用了 " + " 和 ".join(cited) + "。"


def _model_code(check: str, claim_id: str, language: str = "en") -> list[str]:
    module, function = check.split(":")
    computes, gives = (
        ("what the model computes", "the verdict the rule gives")
        if language == "en"
        else ("模型计算的结果", "规则给出的判定")
    )
    return [
        "```python",
        "from ecommod import claims",
        f"from {module} import {function}",
        "",
        f'finding = {function}("{claim_id}")  # {computes}',
        f"claims.model_verdict(finding)  # {gives}",
        "```",
    ]


def _audit_text(finding, language: str) -> str:
    """An audit finding's text in ``language``: its ``finding_zh`` (when data/audit.csv has one)
    or its registered twin; else what the Chinese page can say without it."""
    if language == "en":
        return _text(finding.finding_en)
    chinese = _text(getattr(finding, "finding_zh", ""))
    if chinese:
        return chinese
    try:
        return translate(_text(finding.finding_en), language)
    except language_module.Untranslated:
        return f"{_in(claims.words(finding.kind), language)}（说明见复现性页面）"


def render_page(
    row: pd.Series, sources: pd.DataFrame, references, audit: pd.DataFrame, language: str = "en"
) -> str:
    """The Markdown page of one evaluated claim (a row of ``claims.evaluate()``) in
    ``language``: the same structure, links and numbers in both."""
    if language == "zh":
        return _render_page_zh(row, sources, references, audit)
    claim_id, status, verdict = row["claim_id"], row["status"], row["model_verdict"]
    symbol = claims._units_table()["symbol"].fillna("")[row["unit"]]
    form = _form(row)
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
        shown = claims.reader_table(row.to_frame().T)[claims.OFFICIAL_OR_CHECK].iloc[0]
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
    findings = _audit_findings(audit, claim_id)
    if not findings.empty:
        lines += ["", "## In the audit", ""]
        lines += [
            f"- {r.finding_id} ({r.severity} severity): {_quote(_audit_text(r, 'en'))}"
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
        *_evaluate_code(section, claim_id),
    ]
    if verdict:
        lines += ["", "The model check alone:", "", *_model_code(str(row["model_check"]), claim_id)]
    return "\n".join(lines) + "\n"


def _form(row: pd.Series) -> str:
    if is_missing(row["evidence"]):
        return "pending"
    return claims.parse_evidence(row["claim_id"], str(row["evidence"])).form.name


def _audit_findings(audit: pd.DataFrame, claim_id: str) -> pd.DataFrame:
    return audit[audit["claim_ids"].fillna("").str.split("; ").map(lambda ids: claim_id in ids)]


def _evaluate_code(section: str, claim_id: str) -> list[str]:
    return [
        "```python",
        "from ecommod import claims",
        "",
        f'claims.evaluate(sections=("{section}",)).set_index("claim_id").loc["{claim_id}"]',
        "```",
    ]


def _render_page_zh(row: pd.Series, sources: pd.DataFrame, references, audit) -> str:
    """The Chinese twin of :func:`render_page`'s English page."""
    zh = "zh"
    claim_id, status, verdict = row["claim_id"], row["status"], row["model_verdict"]
    symbol = claims._units_table()["symbol"].fillna("")[row["unit"]]
    form = _form(row)
    chapter = chapter_of(row)

    def words(value: str) -> str:
        return _in(claims.words(value), zh)

    lines = [
        f"# 论断 {claim_id}",
        "",
        f"**{_quote(_in(_text(row['claim_en']), zh))}**",
        "",
        f"> {_quote(_text(row['quote_zh']))}",
        ">",
        f"> — {{cite:t}}`wu2025logic`，{_quote(_in(_text(row['paper_ref']), zh))}"
        f"（{words(row['kind'])}）",
        "",
        f"- 证据：{claims.swatch(status)}**{words(status)}**，"
        f"{_in(claims.STATUS_MEANINGS[status], zh)}",
    ]
    if verdict:
        lines.append(
            f"- 模型：{claims.swatch(verdict)}**{words(verdict)}**，"
            f"{_in(claims.MODEL_VERDICT_MEANINGS[verdict], zh)}"
        )
    else:
        lines.append("- 模型：无模型检验；本书没有模型检验这一论断")
    lines += [
        "",
        "## 证据",
        "",
        f"**{words(status)}**，依据{{ref}}`证据规则 <status-rule>`：{FORM_RULES_ZH[form]}。",
        "",
    ]
    claimed = claims.claimed_text(row, symbol)
    if claimed != MISSING:
        lines.append(f"- 论文的数字：{_quote(_in(claimed, zh))}")
    if not is_missing(row[claims.OFFICIAL_VALUE]):
        shown = claims.reader_table(row.to_frame().T)[claims.OFFICIAL_OR_CHECK].iloc[0]
        lines.append(f"- 用于核对的数字：{_quote(_in(shown, zh))}")
        if not is_missing(row[claims.TOLERANCE]):
            allowed = claims.with_symbol(format_value(row[claims.TOLERANCE], 6), symbol)
            lines.append(
                f"- 允许的差额：{_quote(_in(allowed, zh))}"
                f"（{'近似，约' if row['approximate'] else '精确'}）"
            )
    lines.append(f"- 理由：{_quote(_in(_text(row[claims.BASIS]), zh))}")
    lines += ["", _cited(row["cited_ref"], references, zh), ""]
    source_lines = _sources(row[claims.SOURCES], sources, zh)
    if source_lines:
        lines += ["官方数字读自：", "", *source_lines, ""]
    if note := _text(row["note"]):
        lines += [f"台账附注：{_quote(_in(note, zh))}", ""]
    lines += ["## 模型", ""]
    if verdict:
        basis = _text(row[claims.MODEL_BASIS])
        try:
            finding, _, reason = translate(basis, zh).partition("。判定：")
        except language_module.Untranslated:  # each part in Chinese where it has a twin
            finding, _, reason = basis.partition(". Verdict: ")
            finding, reason = _in(finding, zh), _in(reason, zh)
        lines += [
            f"**{words(verdict)}**，依据{{ref}}`模型规则 <model-verdict-rule>`"
            + (f"：{_quote(reason)}。" if reason else "。"),
            "",
            f"模型的发现：{_quote(finding)}",
            "",
            f"展示它的章节：[](../../notebooks/{chapter}.ipynb)。",
        ]
    else:
        lines += [
            f"本书没有模型检验这一论断。列出它的章节：[](../../notebooks/{chapter}.ipynb)。",
        ]
    findings = _audit_findings(audit, claim_id)
    if not findings.empty:
        lines += ["", "## 审计中", ""]
        lines += [
            f"- {r.finding_id}（严重程度：{SEVERITY_ZH.get(r.severity, r.severity)}）："
            f"{_quote(_audit_text(r, zh))}"
            for r in findings.itertuples()
        ]
        lines += ["", "完整的审计见{ref}`复现性页面 <paper-audit>`。"]
    section = str(row["section"])
    lines += [
        "",
        "## 代码",
        "",
        "重新计算这一论断的两个判定：",
        "",
        *_evaluate_code(section, claim_id),
    ]
    if verdict:
        lines += ["", "单独运行模型检验：", "", *_model_code(str(row["model_check"]), claim_id, zh)]
    return "\n".join(lines) + "\n"


def render_index(evaluated: pd.DataFrame, language: str = "en") -> str:
    """The page that lists every claim by section, each linked to its page, in ``language``."""
    titles = {s.number: s.title for s in paper.sections()}
    if language == "en":
        lines = [
            "# Claims, one page each",
            "",
            "Every quantitative claim of the paper has a page of its own with its quote, both "
            "verdicts and why, the evidence and its sources, the model finding and the code. The "
            "{ref}`reproducibility page <claim-index>` has the same list as a table that sorts "
            "and filters.",
        ]
    else:
        lines = [
            "# 论断，逐条成页",
            "",
            "论文的每一项定量论断都有自己的页面，列出其原文、两个判定及其理由、证据及其来源、"
            "模型的发现和代码。{ref}`复现性页面 <claim-index>` "
            "以可排序、可筛选的表格给出同一份清单。",
        ]
    for section, group in evaluated.groupby("section", sort=False):
        title = titles.get(section, "")
        lines += ["", f"## §{section} {_quote(title)}".rstrip(), ""]
        for row in group.itertuples():
            if language == "en":
                verdicts = claims.words(row.status) + (
                    f"; model: {claims.words(row.model_verdict)}" if row.model_verdict else ""
                )
                lines.append(
                    f"- [{row.claim_id}]({row.claim_id}.md): {_quote(_text(row.claim_en))} "
                    f"({verdicts})"
                )
            else:
                verdicts = _in(claims.words(row.status), language) + (
                    f"；模型：{_in(claims.words(row.model_verdict), language)}"
                    if row.model_verdict
                    else ""
                )
                claim = _in(_text(row.claim_en), language)
                lines.append(
                    f"- [{row.claim_id}]({row.claim_id}.md)：{_quote(claim)}（{verdicts}）"
                )
    return "\n".join(lines) + "\n"


def render(evaluated: pd.DataFrame | None = None) -> dict[str, str]:
    """Every page's file name (in book/claims/) -> its text: each claim's page and the index, in
    English (``<name>.md``) and Chinese (``<name>.zh.md``)."""
    evaluated = claims.evaluate() if evaluated is None else evaluated
    sources = data.load_table("sources").set_index("source_id")
    audit = data.load_table("audit")
    references = paper_references()
    UNTRANSLATED.clear()
    pages = {}
    for language in LANGUAGES:
        for _, row in evaluated.iterrows():
            pages[page_name(row["claim_id"], language)] = render_page(
                row, sources, references, audit, language
            )
        pages[page_name(INDEX, language)] = render_index(evaluated, language)
    return pages


def main() -> None:
    evaluated = claims.evaluate()
    pages = render(evaluated)
    # A page whose model check could not run here (third-party data missing) keeps what the
    # check wrote when it last ran; it is written only if it does not exist yet.
    not_run = evaluated.loc[evaluated[claims.MODEL_BASIS] == claims.CHECK_NOT_RUN, "claim_id"]
    keep = {page_name(claim_id, language) for claim_id in not_run for language in LANGUAGES}
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
    for text in dict.fromkeys(UNTRANSLATED):
        print(f"left in English on a Chinese page (no Chinese twin yet): {text[:100]!r}")


if __name__ == "__main__":
    main()
