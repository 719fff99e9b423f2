"""The claim ledger, the two languages, the prose and the cache refuse invalid inputs.

The same fuzz as ``tests/test_fuzz_inputs.py`` (whose :class:`Kind`, :data:`KINDS` and
:class:`Entry` it imports) over :data:`MODULES`: for each public function and dataclass, valid
keyword arguments and, per parameter, the kind of invalid value it must refuse with a ValueError
or TypeError from ecommod naming the parameter (KeyError naming a looked-up value).
:func:`test_every_public_function_is_registered` fails when a public function or class of these
modules is neither registered nor exempt with a reason.

The claims' tables are evaluated over a few claims without model checks (the whole ledger takes
seconds). ``python tests/test_fuzz_models_c.py`` prints how each canonical invalid call ends.
"""

from __future__ import annotations

import collections
import sys
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

import test_fuzz_inputs as fuzz
from test_fuzz_inputs import INF, KINDS, NAN, Entry, kind

from ecommod import challenges, claims, data, language

MODULES = ("claims", "language", "prose", "cache")

NOT_TEXT = (None, 1, 1.5, NAN, True, b"x", [], {})

#: Kinds these modules need beyond test_fuzz_inputs.py's.
MODEL_KINDS = {
    **KINDS,
    # a value that must be a str (an empty one allowed)
    "any_text": kind(*NOT_TEXT),
    "texts": kind(None, 1, "ab", [1], [None], ("a", b"b"), {}),
    "claim_id": kind("S9-99", "", "   ", None, 1, b"S1-01", []),
    "page": kind(None, 1, "", b"x", "claims.md", "{id}.md", "{claim_id}{", []),
    "unit": kind("no_such_unit", "", None, 1, b"pct", []),
    "optional_unit": kind("no_such_unit", "", 1, b"pct", []),
    # a number or NaN ("none"), not an infinity
    "number_or_nan": kind(INF, -INF, "1", None, True, [], b"1", 1 + 2j),
    "bound": kind(NAN, "1", None, True, [], b"1"),
    "optional_share": kind(-0.1, 1.1, NAN, INF, True, "0.5", []),
    "interval": kind((2.0, 1.0), (1.0,), "x", (NAN, 1.0), 1.0, (1.0, "2"), (None, 1.0)),
    "finding": kind(None, 1, "x", {}, claims.Verdict("pending")),
    "dataclass": kind(None, 1, "x", [], {}),
    "grid": kind(None, "grid", 1, [], {}, pd.DataFrame(), pd.Series([1.0])),
    "holds": kind(None, "x", 1, [], [True], [True] * 9, ["yes", "no"] * 2),
    "parameter_name": kind(None, 1, "", "no_such_parameter", b"x", []),
    "parameter_names": kind(None, 1, "a", [], ["no_such_parameter"], [1], {}),
    "sections": kind(None, 1, "4.4", [4.4], [None], ["9.9"], {}),
    "section_column": kind(None, "1", 1, [], pd.DataFrame({"section": ["1"]})),
    "model_check_name": kind(
        None,
        1,
        "",
        "inventory_gap_check",
        "ecommod.no_such_module:check",
        "ecommod.path:no_such_check",
        "ecommod.market:physical_goods_level_from_share",
        b"x",
        [],
    ),
    "evidence": kind(None, 1, "", "no such form", "series:x", b"x", []),
    "series_text": kind(None, 1, "", "series:x", "series:sales@24.value", b"x", []),
    "series_ref": kind(None, 1, "series:online_retail_sales@2024.value", [], {}),
    "context": kind(None, 1, "x", {}, pd.DataFrame()),
    "claim_row": kind(None, 1, "x", {}, pd.Series([1.0]), pd.DataFrame(), pd.Series(dtype=float)),
    "ledger": kind(1, "x", [], {}, pd.Series([1.0]), pd.DataFrame(), pd.DataFrame({"a": [1]})),
    "evaluated": kind(
        None,
        1,
        "x",
        [],
        {},
        pd.Series([1.0]),
        pd.DataFrame(),
        pd.DataFrame({"status": ["consistent"]}),
    ),
    "source_ids": kind(None, 1, "no_such_source", b"x", []),
    "sources": kind(None, 1, "x", [], {}, pd.DataFrame()),
    "field": kind("value_low", "", None, 1, []),
    "language": kind("fr", "", "EN", "en,zh", None, 1, b"en", []),
    "languages": kind("fr", "", ",", "en,en", None, 1, b"en", []),
    "callable": kind(None, 1, "x", []),
    "cache_name": kind("", "   ", None, 1, b"x", "a/b", "..", []),
    "parts": kind(None, 1, "ab", [1], [None], {}),
    "optional_frame": kind("frame", 1, [], {}, pd.Series([1.0]), pd.DataFrame()),
}


def dataclass_entry(valid: dict, **kinds: str) -> Entry:
    return Entry(valid, kinds)


CLAIM_IDS = ("S1-01", "S1-02", "S1-14", "S1-18")
CHECKED_CLAIM = "S1-07"
CHECK = "ecommod.path:inventory_gap_check"


@cache
def _ledger() -> pd.DataFrame:
    """A few claims of section 1 without model checks (consistent, inconsistent, unsourced)."""
    ledger = claims.load_claims(sections=("1",))
    return ledger[ledger["claim_id"].isin(CLAIM_IDS)].reset_index(drop=True)


@cache
def _evaluated() -> pd.DataFrame:
    return claims.evaluate(_ledger())


def _context() -> claims.Context:
    return claims.Context(data.load_table("official_series"), claims._units_table())


def _claim_row() -> pd.Series:
    return _ledger().iloc[0].copy()


def _reference() -> claims.SeriesRef:
    return claims.parse_series_ref("series:online_retail_sales@2024.value")


def _finding() -> claims.Finding:
    return claims.point_finding("S1-04", 1.3e5, "x", interval=(1.2e5, 1.4e5), sourced=("a",))


def _grid() -> pd.DataFrame:
    return claims.plausible_grid(_parameters(), ["data_value_yuan"], points=2)


def _parameters():
    return challenges.DataSecurityAssumptions()


def _sources() -> pd.DataFrame:
    return data.load_table("sources").set_index("source_id")


def _source_id() -> str:
    return str(_sources().index[0])


FINDING = {
    "claim_id": "S1-04",
    "unit": "100m_yuan",
    "claimed_low": 1.0,
    "claimed_high": 2.0,
    "tolerance": 0.1,
    "explanation": "x",
    "estimate": 1.5,
}

REGISTRY: dict[str, Entry] = {
    # claims: words and links
    "claims:words": Entry({"value": "not_checkable"}, {"value": "any_text"}),
    "claims:claim_link": Entry({"claim_id": "S1-01"}, {"claim_id": "text", "page": "page"}),
    "claims:linked_text": Entry({"text": "see S1-01"}, {"page": "page"}),
    "claims:joined": Entry(
        {"parts": ["a", "b"]},
        {"parts": "texts", "separator": "any_text", "chinese_separator": "any_text"},
    ),
    "claims:with_symbol": Entry(
        {"number": "30", "symbol": " days"}, {"number": "text", "symbol": "any_text"}
    ),
    "claims:swatch": Entry({"verdict": "consistent"}, {"verdict": "any_text"}),
    # claims: records
    "claims:Verdict": dataclass_entry(
        {"status": "consistent", "official_value": 1.0, "difference": 0.0, "tolerance": 0.5},
        status="name",
        official_value="number_or_nan",
        difference="number_or_nan",
        tolerance="number_or_nan",
        source_ids="texts",
        basis="any_text",
    ),
    "claims:Finding": dataclass_entry(
        FINDING,
        claim_id="text",
        unit="text",
        claimed_low="bound",
        claimed_high="bound",
        tolerance="non_negative",
        explanation="text",
        estimate="number_or_nan",
        interval="interval",
        share_holding="optional_share",
        region_labels="texts",
        holds_where="any_text",
        sourced="texts",
        assumed="texts",
        set_from_claim="texts",
        restates_claim="flag",
    ),
    # claims: units and evidence
    "claims:convert": Entry(
        {"value": 1.0, "from_unit": "100m_yuan", "to_unit": "yuan"},
        {"value": "finite", "from_unit": "unit", "to_unit": "unit", "units": "optional_frame"},
    ),
    "claims:parse_series_ref": Entry(
        {"text": "series:online_retail_sales@2024.value"}, {"text": "series_text"}
    ),
    "claims:official_figure": Entry(
        {"reference": _reference, "context": _context},
        {"reference": "series_ref", "context": "context"},
    ),
    "claims:series_words": Entry({"reference": _reference}, {"reference": "series_ref"}),
    "claims:tolerance": Entry({"claim": _claim_row}, {"claim": "claim_row"}),
    "claims:parse_evidence": Entry(
        {"claim_id": "S1-01", "evidence": "series:online_retail_sales@2024.value"},
        {"claim_id": "text", "evidence": "evidence"},
    ),
    "claims:judge": Entry(
        {"claim": _claim_row, "context": _context}, {"claim": "claim_row", "context": "context"}
    ),
    # claims: model checks and findings
    "claims:model_check": Entry(
        {"claim_ids": "S1-01"}, {"claim_ids": "text"}, positional=("claim_ids",)
    ),
    "claims:model_verdict": Entry({"finding": _finding}, {"finding": "finding"}),
    "claims:verdict_reason": Entry({"finding": _finding}, {"finding": "finding"}),
    "claims:point_finding": Entry(
        {"claim_id": "S1-04", "estimate": 1.3e5, "explanation": "x"},
        {
            "claim_id": "claim_id",
            "estimate": "finite",
            "explanation": "text",
            "interval": "interval",
            "unit": "optional_unit",
            "claimed": "interval",
            "sourced": "texts",
            "assumed": "texts",
            "set_from_claim": "texts",
            "restates_claim": "flag",
        },
    ),
    "claims:region_finding": Entry(
        {
            "claim_id": "S1-04",
            "grid": _grid,
            "holds": [True, False],
            "explanation": "x",
            "estimate": 1.0,
        },
        {
            "claim_id": "claim_id",
            "grid": "grid",
            "holds": "holds",
            "explanation": "text",
            "estimate": "number_or_nan",
            "unit": "optional_unit",
            "holds_where": "any_text",
            "sourced": "texts",
            "restates_claim": "flag",
        },
    ),
    "claims:plausible_range": Entry(
        {"parameters": _parameters, "name": "data_value_yuan"},
        {"parameters": "dataclass", "name": "parameter_name"},
    ),
    "claims:plausible_grid": Entry(
        {"parameters": _parameters, "names": ["data_value_yuan"], "points": 2},
        {"parameters": "dataclass", "names": "parameter_names", "points": "size"},
    ),
    "claims:resolve_model_check": Entry(
        {"claim_id": CHECKED_CLAIM, "name": CHECK},
        {"claim_id": "claim_id", "name": "model_check_name"},
    ),
    "claims:run_model_check": Entry(
        {"claim_id": CHECKED_CLAIM, "name": CHECK},
        {"claim_id": "claim_id", "name": "model_check_name"},
    ),
    # claims: the ledger
    "claims:load_claims": Entry(
        {"sections": ("1",)}, {"data_dir": "data_dir", "sections": "sections"}
    ),
    "claims:register_translations": Entry({"ledger": _ledger}, {"ledger": "ledger"}),
    "claims:claim": Entry({"claim_id": "S1-01"}, {"claim_id": "claim_id"}),
    "claims:ledger_value": Entry(
        {"claim_id": "S1-01", "unit": "yuan"},
        {"claim_id": "claim_id", "unit": "unit", "field": "field"},
    ),
    "claims:claim_parameter": Entry(
        {"claim_id": "S1-01", "unit": "100m_yuan", "meaning": "online retail sales"},
        {
            "claim_id": "claim_id",
            "unit": "unit",
            "meaning": "text",
            "field": "field",
            "ledger_unit": "optional_unit",
        },
    ),
    "claims:evaluate": Entry({"ledger": _ledger}, {"ledger": "ledger", "sections": "sections"}),
    "claims:in_sections": Entry(
        {"section_column": lambda: _ledger()["section"], "sections": ("1",)},
        {"section_column": "section_column", "sections": "sections"},
    ),
    # claims: what readers see
    "claims:verdict_summary": Entry(
        {"evaluated": _evaluated}, {"evaluated": "evaluated", "what": "text"}
    ),
    "claims:status_counts": Entry({"evaluated": _evaluated}, {"evaluated": "evaluated"}),
    "claims:describe_sources": Entry(
        {"source_ids": _source_id, "sources": _sources},
        {"source_ids": "source_ids", "sources": "sources"},
    ),
    "claims:claimed_text": Entry(
        {"claim": _claim_row, "symbol": " 亿元"}, {"claim": "claim_row", "symbol": "any_text"}
    ),
    "claims:reader_table": Entry(
        {"evaluated": _evaluated}, {"evaluated": "evaluated", "quotes": "flag"}
    ),
    "claims:cards": Entry(
        {"evaluated": _evaluated},
        {"evaluated": "evaluated", "quotes": "flag", "model": "flag"},
    ),
    "claims:key_findings": Entry(
        {"evaluated": _evaluated}, {"evaluated": "evaluated", "page": "page"}
    ),
    "claims:not_holding": Entry(
        {"evaluated": _evaluated}, {"evaluated": "evaluated", "page": "page"}
    ),
    "claims:index_table": Entry({"evaluated": _evaluated}, {"evaluated": "evaluated"}),
    # language
    "language:use": Entry(
        {"languages": lambda: ",".join(language.output_languages())}, {"languages": "languages"}
    ),
    "language:is_neutral": Entry({"text": "S1-14"}, {"text": "any_text"}),
    "language:register": Entry(
        {"english": "fuzzed text", "chinese": "模糊测试文本"},
        {"english": "any_text", "chinese": "any_text"},
    ),
    "language:keep_as_written": Entry({"text": "fuzzed_parameter"}, {"text": "any_text"}),
    "language:AsWritten": Entry({"text": "claims.csv"}, {"text": "any_text"}),
    "language:t": Entry(
        {"en": "fuzzed text", "zh": "模糊测试文本"},
        {"en": "text", "zh": "text"},
        positional=("en", "zh"),
    ),
    "language:chinese_of": Entry({"text": "2024"}, {"text": "any_text"}),
    "language:translate": Entry(
        {"text": "2024", "language": "zh"}, {"text": "any_text", "language": "language"}
    ),
    "language:output_metadata": Entry({"language": "zh"}, {"language": "language"}),
    "language:InLanguages": Entry(
        {"make": lambda: lambda language: language}, {"make": "callable"}
    ),
    # prose
    "prose:citation_authors": Entry({"key": "theil1967economics"}, {"key": "name"}),
    "prose:citation_year": Entry({"key": "theil1967economics"}, {"key": "name"}),
    "prose:Citations": Entry({"parenthetical": True}, {"parenthetical": "flag"}),
    # cache (off here: no ECOMMOD_CACHE_DIR, so compute runs afresh)
    "cache:memoised": Entry(
        {"namespace": "fuzz", "key": "0" * 64, "compute": lambda: lambda: 1},
        {"namespace": "cache_name", "key": "cache_name", "compute": "callable"},
    ),
    "cache:key": Entry({"parts": "a"}, {"parts": "any_text"}, positional=("parts",)),
    "cache:memoised_on_inputs": Entry(
        {"namespace": "fuzz", "parts": ("a",), "compute": lambda: lambda: 1},
        {"namespace": "cache_name", "parts": "parts", "compute": "callable"},
    ),
}

_RECORD = "a record built by the module from validated inputs, not an input"
_NONE = "no parameters"

#: Public callables that take no input to fuzz, with the reason.
EXEMPT = {
    "claims:SeriesRef": "a parsed reference built by parse_series_ref (fuzzed) from its text",
    "claims:Figure": _RECORD + " (the judges' figures, from the ledger and official_series)",
    "claims:Context": "the judges' two tables, read from data/ (official_series, units)",
    "claims:EvidenceForm": "a declaration of EVIDENCE_FORMS: parser and judge functions",
    "claims:ParsedEvidence": "the result of parse_evidence (fuzzed)",
    "claims:CheckResult": "a result record of evaluate: a verdict, the model's number, the basis",
    "claims:evidence_reason": "takes any ledger cell by design: a missing one has no reason ('')",
    "language:output_languages": _NONE + " (reads use() or the environment)",
    "language:twins_of": "takes any value by design: it collects the twins of the texts inside",
    "language:recording": "a context manager without parameters",
    "language:twins": _NONE,
    "prose:ProseText": "a str subclass: any text, shown without quotes",
    "prose:Prose": _NONE,
    "cache:cache_dir": _NONE + " (reads the environment variable)",
    "cache:installed_packages": _NONE,
    "cache:source_digest": _NONE,
    "cache:external_digest": _NONE,
}

# --- calling and judging (test_fuzz_inputs.py's, with this registry) --------------------------


def call(key: str, parameter: str | None = None, value=None):
    return fuzz.call(key, parameter, value, REGISTRY)


def outcome(key: str, parameter: str, value) -> tuple[str, str]:
    return fuzz.outcome(key, parameter, value, REGISTRY)


CASES = [(key, parameter) for key, entry in REGISTRY.items() for parameter in entry.invalid]


@pytest.fixture(autouse=True)
def _kernel_state(monkeypatch):
    """language.use sets this kernel's output languages: each test restores them."""
    monkeypatch.setattr(language, "_chosen", language._chosen)


def test_every_public_function_is_registered():
    fuzz.assert_every_public_function_is_listed(MODULES, REGISTRY, EXEMPT)
    assert not set(REGISTRY) & set(EXEMPT)


@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_the_valid_arguments_are_accepted(key):
    call(key)


@pytest.mark.parametrize(("key", "parameter"), CASES)
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(draw=st.data())
def test_an_invalid_value_is_refused_naming_the_parameter(key, parameter, draw):
    value = draw.draw(MODEL_KINDS[REGISTRY[key].invalid[parameter]].strategy(), label=parameter)
    result, message = outcome(key, parameter, value)
    assert result == "named", f"{key}({parameter}={value!r}): {result}: {message}"


def report() -> collections.Counter:
    """Tally every canonical invalid call of this file's registry by outcome."""
    return fuzz.report(REGISTRY, MODEL_KINDS)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    report()
