"""Every public function refuses an invalid input with an error that names the parameter.

:data:`REGISTRY` holds, for each public function of the covered modules (:data:`MODULES`), valid
keyword arguments and, per parameter, the kind of invalid value it must refuse; Hypothesis draws
values of that kind (:data:`KINDS`: negative, zero, NaN, infinite, strings, None, empty and huge
sizes, wrong types) and the call must raise ValueError or TypeError (KeyError for a name that is
looked up) from ecommod, naming the parameter. :func:`test_every_public_function_is_registered`
fails when a public function is neither registered nor exempt with a reason, so a new function
cannot skip the fuzz.

To cover another module (a chapter's model), add it to :data:`MODULES` and register its public
functions and parameters dataclasses in :data:`REGISTRY` (``Entry(valid=..., invalid=...)``); the
completeness test lists what is missing.

``python tests/test_fuzz_inputs.py`` prints how each canonical invalid call ends (named error,
unnamed error, error deep inside numpy or pandas, MemoryError, accepted silently).
"""

from __future__ import annotations

import collections
import importlib
import inspect
import math
import os
import sys
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecommod import data

#: The modules whose public functions are fuzzed (add chapter modules here).
MODULES = ("stats", "present", "plotting", "paper", "validate", "data")
ECOMMOD_DIR = str(Path(data.__file__).resolve().parent)
NAN, INF = math.nan, math.inf
HUGE = 10**12

YEARS = list(range(2015, 2023))
LEVELS = [100.0, 110.0, 121.0, 133.1, 146.4, 161.1, 177.2, 194.9]


def levels() -> pd.Series:
    return pd.Series(LEVELS, index=YEARS, name="level")


def growth() -> pd.Series:
    return pd.Series([NAN, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0], index=YEARS)


def outlook() -> pd.DataFrame:
    years = pd.Index([2023, 2024], name="year")
    return pd.DataFrame(
        {"forecast": [210.0, 230.0], "lower_80": [200.0, 215.0], "upper_80": [220.0, 245.0]},
        index=years,
    )


def axes():
    return plt.figure().add_subplot()


def labelled_axes():
    ax = axes()
    ax.plot([0, 1], [0, 1], label="series")
    return ax


def figure():
    return plt.figure()


def with_value(values: list[float], where: int, value: float) -> pd.Series:
    series = pd.Series(values, index=YEARS[: len(values)], dtype=float)
    series.iloc[where] = value
    return series


# --- kinds of invalid values -----------------------------------------------------------------

WRONG_TYPES = [None, "1", b"1", [], {}, object()]


@dataclass(frozen=True)
class Kind:
    """Canonical invalid values (tried first, and tallied by :func:`report`) and generated ones."""

    canonical: tuple
    generated: st.SearchStrategy | None = None

    def strategy(self) -> st.SearchStrategy:
        canonical = st.sampled_from(self.canonical)
        return canonical if self.generated is None else st.one_of(canonical, self.generated)


def kind(*values, generated: st.SearchStrategy | None = None) -> Kind:
    return Kind(tuple(values), generated)


BAD_SERIES = [
    None,
    "levels",
    [100.0, 110.0],
    3.0,
    pd.Series([], dtype=float),
    pd.Series(LEVELS, index=[float(y) for y in YEARS]),
    with_value(LEVELS, 3, INF),
    with_value(LEVELS, 3, NAN),
    with_value(LEVELS, 3, -5.0),
    pd.Series(LEVELS, index=YEARS).astype(str),
    pd.DataFrame({"level": LEVELS}, index=YEARS),
]

KINDS: dict[str, Kind] = {
    "share": kind(
        -0.1,
        1.1,
        NAN,
        INF,
        True,
        *WRONG_TYPES,
        generated=st.floats().filter(lambda x: not 0 <= x <= 1),
    ),
    "positive_share": kind(
        0,
        0.0,
        -0.5,
        1.5,
        NAN,
        INF,
        True,
        *WRONG_TYPES,
        generated=st.floats().filter(lambda x: not 0 < x <= 1),
    ),
    "array": kind(None, "x", ["a"], [], [INF], [NAN], [1.0, -INF], {}, object()),
    "not_int": kind("1", None, 1.5, [], b"1"),
    # A drawn series may be negative and may miss years, but must be numbers and finite.
    "plot_series": kind(
        None,
        "levels",
        [100.0, 110.0],
        3.0,
        pd.Series([], dtype=float),
        pd.Series(LEVELS, index=[float(y) for y in YEARS]),
        with_value(LEVELS, 3, INF),
        pd.Series(LEVELS, index=YEARS).astype(str),
        pd.DataFrame({"level": LEVELS}, index=YEARS),
        pd.Series([NAN] * 3, index=YEARS[:3]),
    ),
    "shown_value": kind(NAN, INF, -INF, None, [NAN], b"1", {}, object(), 1 + 2j),
    "seed": kind(-1, 1.5, NAN, True, 2**40, *WRONG_TYPES, generated=st.integers(max_value=-1)),
    "size": kind(0, -1, 1.5, NAN, HUGE, True, *WRONG_TYPES, generated=st.integers(min_value=10**9)),
    "positive": kind(
        0, 0.0, -1, -2.5, NAN, INF, -INF, True, *WRONG_TYPES, generated=st.floats(max_value=0)
    ),
    "non_negative": kind(
        -1, -1e-9, NAN, INF, -INF, True, *WRONG_TYPES, generated=st.floats(max_value=-1e-12)
    ),
    "finite": kind(NAN, INF, -INF, True, *WRONG_TYPES, generated=st.text(max_size=3)),
    "open_share": kind(
        0,
        0.0,
        1,
        1.0,
        -0.5,
        1.5,
        NAN,
        INF,
        True,
        *WRONG_TYPES,
        generated=st.floats().filter(lambda x: not 0 < x < 1),
    ),
    "year": kind(
        NAN,
        2020.0,
        1.5,
        -1,
        HUGE,
        True,
        *WRONG_TYPES,
        generated=st.integers().filter(lambda y: not 1900 <= y <= 2100),
    ),
    "optional_year": kind(NAN, 2020.0, 1.5, -1, HUGE, True, "2020", b"1", []),
    "count": kind(0, -1, 1.5, NAN, INF, True, *WRONG_TYPES, generated=st.integers(max_value=0)),
    "decimals": kind(-1, 1.5, NAN, HUGE, True, *WRONG_TYPES, generated=st.integers(max_value=-1)),
    "text": kind("", "   ", 1, 1.5, NAN, True, None, b"x", []),
    "optional_text": kind(1, 1.5, NAN, True, b"x", [], {}),
    "flag": kind(None, "yes", "True", 1, 0, 1.0, NAN, []),
    "optional_flag": kind("yes", 1, 0, 1.0, NAN, []),
    "series": kind(*BAD_SERIES),
    "growth_series": kind(
        None,
        "g",
        [10.0],
        3.0,
        pd.DataFrame({"g": [1.0]}),
        with_value([10.0] * 8, 2, INF),
        with_value([10.0] * 8, 2, -150.0),
        pd.Series([10.0] * 8, index=[float(y) for y in YEARS]),
    ),
    "frame": kind(None, "frame", 1, [], {}, pd.Series([1.0])),
    "axes": kind(None, "ax", 1, []),
    "figure": kind(None, "fig", 1, []),
    # show(None) shows the current figure, as plt.show() does
    "given_figure": kind("fig", 1, []),
    "scale": kind("", "linear", None, 1, b"log", "LOG"),
    "levels_tuple": kind(
        (),
        (0.0,),
        (1.0,),
        (NAN,),
        (INF,),
        ("0.8",),
        (None,),
        (0.8, 0.8),
        "0.8",
        None,
        0.8,
        (True,),
        (-0.5,),
    ),
    "table_name": kind("no_such_table", "", None, 1, b"claims", []),
    "external_name": kind("no_such_dataset", "", None, 1, []),
    "series_id": kind("no_such_series", "", None, 1, []),
    "vintage": kind("final", "", None, 1, []),
    "data_dir": kind(None, 1, 1.5, [], True),
    "any_paper_text": kind("", 1, b"x", [], True),
    "paper": kind("", "no headings here", 1, b"x", [], True),
    "decimals_option": kind(-1, 1.5, NAN, HUGE, True, "2", None, {"a": -1}, {"a": "2"}),
    "heading": kind(None, "claim_id", [1], ["no_such_column"], 1),
    "descriptor": kind("x", 1, [], {}, {"resources": "x"}),
    "resource": kind(None, "x", 1, [], {}),
    "collection": kind(None, 1, 1.5),
    "name": kind(None, 1, 1.5, "", b"x", []),
}


# --- the registry --------------------------------------------------------------------------------


@dataclass
class Entry:
    """Valid keyword arguments (values or zero-argument factories) and each fuzzed parameter's kind.

    ``positional`` names parameters that cannot be passed by keyword (validate's checks take the
    parameter's name first).
    """

    valid: dict[str, object]
    invalid: dict[str, str]
    positional: tuple[str, ...] = ()

    def arguments(self) -> dict[str, object]:
        return {
            k: v() if callable(v) and not isinstance(v, type) else v for k, v in self.valid.items()
        }


def _paper_text() -> str:
    from ecommod import paper

    return paper.text()


def _claims() -> pd.DataFrame:
    return data.load_table("claims")


def _non_claims() -> pd.DataFrame:
    return data.load_table("non_claim_numbers")


def _census() -> pd.DataFrame:
    from ecommod import paper

    return paper.ledger_census()


def _resource() -> dict:
    import json

    descriptor = json.loads((data.DATA_DIR / data.EXTERNAL_DESCRIPTOR).read_text(encoding="utf-8"))
    return descriptor["resources"][0]


def _external_frame() -> pd.DataFrame:
    resource = _resource()
    return pd.DataFrame(
        {f["name"]: pd.Series([], dtype=object) for f in resource["schema"]["fields"]}
    )


def _pku_csv() -> Path:
    """A one-row CSV in the declared PKU-DFIIC provincial schema (values made up)."""
    import tempfile

    fields = [f["name"] for f in _resource()["schema"]["fields"]]
    row = ["2018", "北京市", "Beijing", "11", *["100.5"] * (len(fields) - 4)]
    path = Path(tempfile.mkdtemp()) / "pku.csv"
    path.write_text(",".join(fields) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    return path


def _dataset():
    return data.external_datasets()[0]


def _series_rows() -> pd.DataFrame:
    return data.load_table("official_series")


VALIDATE_CHECKS = {
    "number": ({}, "finite"),
    "positive": ({}, "positive"),
    "non_negative": ({}, "non_negative"),
    "share": ({}, "share"),
    "positive_share": ({}, "positive_share"),
    "count": ({}, "count"),
    "seed": ({}, "seed"),
    "size": ({}, "size"),
}

REGISTRY: dict[str, Entry] = {
    # stats
    "stats:growth_from_levels": Entry({"levels": levels}, {"levels": "series"}),
    "stats:growth_comparison": Entry(
        {"levels": levels, "published_growth": growth},
        {"levels": "series", "published_growth": "growth_series"},
    ),
    "stats:batch_standard_error": Entry(
        {
            "frame": lambda: pd.DataFrame({"path": range(20), "loss": range(20)}, dtype=float),
            "unit": "path",
            "statistic": lambda: lambda frame: float(frame["loss"].mean()),
            "batches": 4,
        },
        {"frame": "frame", "unit": "name", "statistic": "name", "batches": "count"},
    ),
    "stats:cagr": Entry(
        {"start_value": 100.0, "end_value": 200.0, "years": 5},
        {"start_value": "positive", "end_value": "positive", "years": "positive"},
    ),
    "stats:share": Entry(
        {"part": 30.0, "total": 100.0}, {"part": "non_negative", "total": "positive"}
    ),
    "stats:comparable_levels": Entry(
        {"published_growth": growth, "anchor_year": 2020, "anchor_level": 100.0},
        {"published_growth": "growth_series", "anchor_year": "year", "anchor_level": "positive"},
    ),
    "stats:chow_test": Entry(
        {"series": levels, "break_year": 2019}, {"series": "series", "break_year": "year"}
    ),
    "stats:aicc": Entry(
        {"log_likelihood": -3.0, "n_params": 2, "n_obs": 8},
        {"log_likelihood": "finite", "n_params": "count", "n_obs": "count"},
    ),
    "stats:linear_trend": Entry(
        {"series": levels, "level": 0.95, "hac_lags": None},
        # Any finite annual series (a trend may run through negative values).
        {"series": "plot_series", "level": "open_share"},
    ),
    "stats:trend_growth": Entry(
        {"series": levels, "level": 0.95}, {"series": "series", "level": "open_share"}
    ),
    "stats:break_model_name": Entry({"break_year": 2020}, {"break_year": "year"}),
    "stats:model_names": Entry({"break_year": 2020}, {"break_year": "optional_year"}),
    "stats:model_selection": Entry(
        {"series": levels, "scale": "log", "break_year": 2019},
        {"series": "series", "scale": "scale", "break_year": "optional_year"},
    ),
    "stats:interval_label": Entry({"level": 0.8}, {"level": "open_share"}),
    "stats:forecast": Entry(
        {
            "series": levels,
            "until": 2025,
            "scale": "log",
            "model": "linear trend",
            "break_year": None,
            "interval_levels": (0.8, 0.95),
        },
        {
            "series": "series",
            "until": "year",
            "scale": "scale",
            "model": "optional_text",
            "break_year": "optional_year",
            "interval_levels": "levels_tuple",
        },
    ),
    # present
    "present:format_number": Entry(
        {"value": 1.5, "decimals": 1, "signed": False},
        {"value": "finite", "decimals": "decimals", "signed": "flag"},
    ),
    "present:format_p_value": Entry({"p": 0.05}, {"p": "share"}),
    "present:direction": Entry(
        {"value": 1.0, "decimals": 1, "up": "rose", "down": "fell", "unchanged": "held"},
        {"value": "finite", "decimals": "decimals"},
    ),
    "present:glue_number": Entry(
        {"name": "value", "value": 1.5, "decimals": 1},
        {"name": "text", "value": "finite", "decimals": "decimals"},
    ),
    "present:glue_text": Entry(
        {"name": "x", "text": "y"}, {"name": "text", "text": "optional_text"}
    ),
    "present:table": Entry(
        {
            "frame": lambda: pd.DataFrame({"a": [1.0]}),
            "decimals": 1,
            "index": None,
            "caption": None,
        },
        {
            "frame": "frame",
            "decimals": "decimals_option",
            "index": "optional_flag",
            "caption": "optional_text",
        },
    ),
    "present:record_list": Entry(
        {
            "frame": lambda: pd.DataFrame({"a": [1.0], "b": ["x"]}),
            "heading": ["b"],
            "decimals": 1,
            "caption": None,
        },
        {
            "frame": "frame",
            "heading": "heading",
            "decimals": "decimals_option",
            "caption": "optional_text",
        },
    ),
    "present:interactive_table": Entry(
        {
            "frame": lambda: pd.DataFrame({"a": [1.0]}),
            "table_id": "t",
            "caption": None,
            "allow_html": False,
            "page_length": 10,
        },
        {
            "frame": "frame",
            "table_id": "text",
            "caption": "optional_text",
            "allow_html": "flag",
            "page_length": "not_int",
        },
    ),
    "present:external_notice": Entry({"name": "pku_dfiic_province"}, {"name": "external_name"}),
    "present:markdown": Entry({"text": "NBS"}, {"text": "text"}),
    "present:format_value": Entry(
        {"value": 0.35, "max_decimals": 6, "thousands": True, "missing": False},
        {
            "value": "shown_value",
            "max_decimals": "decimals",
            "thousands": "flag",
            "missing": "flag",
        },
    ),
    # plotting
    "plotting:font_available": Entry(
        {"family": "DejaVu Sans", "file_stem": "DejaVuSans"},
        {"family": "text", "file_stem": "text"},
    ),
    "plotting:phone_px": Entry(
        {"points": 9.0, "figure_width": 6.4}, {"points": "positive", "figure_width": "positive"}
    ),
    "plotting:legend_below": Entry({"ax": labelled_axes}, {"ax": "axes"}),
    "plotting:add_source": Entry({"fig": figure, "text": "NBS"}, {"fig": "figure", "text": "text"}),
    "plotting:show": Entry({"fig": figure}, {"fig": "given_figure"}),
    "plotting:annual_line": Entry(
        {"ax": axes, "series": levels, "fmt": "o-"},
        {"ax": "axes", "series": "plot_series", "fmt": "optional_text"},
    ),
    "plotting:fan_chart": Entry(
        {"ax": axes, "history": levels, "outlook": outlook, "ylabel": "yuan"},
        {
            "ax": "axes",
            "history": "plot_series",
            "outlook": "frame",
            "ylabel": "text",
            "xlabel": "optional_text",
            "history_label": "optional_text",
            "forecast_label": "optional_text",
            "history_color": "optional_text",
            "forecast_color": "optional_text",
        },
    ),
    # paper
    "paper:body_span": Entry({"paper": _paper_text}, {"paper": "paper"}),
    "paper:sections": Entry({"paper": _paper_text}, {"paper": "paper"}),
    "paper:body": Entry({"paper": _paper_text}, {"paper": "paper"}),
    "paper:tokens": Entry(
        {"fragment": "从 5% 降至 T+1", "chinese": True},
        {"fragment": "optional_text", "chinese": "flag"},
    ),
    "paper:numbers": Entry(
        {"paper": _paper_text, "chinese": True}, {"paper": "paper", "chinese": "flag"}
    ),
    "paper:occurrences": Entry(
        {"fragment": "电子商务", "paper": _paper_text},
        {"fragment": "text", "paper": "any_paper_text"},
    ),
    "paper:census": Entry(
        {"claims": _claims, "non_claims": _non_claims, "paper": _paper_text},
        {"claims": "frame", "non_claims": "frame", "paper": "paper"},
    ),
    "paper:census_summary": Entry({"table": _census}, {"table": "frame"}),
    # data
    "data:table_names": Entry({"data_dir": data.DATA_DIR}, {"data_dir": "data_dir"}),
    "data:load_table": Entry(
        {"name": "units", "data_dir": data.DATA_DIR},
        {"name": "table_name", "data_dir": "data_dir"},
    ),
    "data:validate_package": Entry(
        {"data_dir": data.DATA_DIR, "descriptor": None},
        {"data_dir": "data_dir", "descriptor": "descriptor"},
    ),
    "data:external_datasets": Entry({"data_dir": data.DATA_DIR}, {"data_dir": "data_dir"}),
    "data:external_dataset": Entry(
        {"name": "pku_dfiic_province", "data_dir": data.DATA_DIR},
        {"name": "external_name", "data_dir": "data_dir"},
    ),
    "data:unavailable_message": Entry({"dataset": _dataset}, {"dataset": "resource"}),
    "data:read_external_file": Entry(
        {
            "path": _pku_csv,
            "name": "pku_dfiic_province",
            "data_dir": data.DATA_DIR,
        },
        {"path": "data_dir", "name": "external_name", "data_dir": "data_dir"},
    ),
    "data:content_fingerprint": Entry(
        {"frame": _external_frame, "resource": _resource},
        {"frame": "frame", "resource": "resource"},
    ),
    "data:fingerprint_declaration": Entry(
        {"frame": _external_frame, "resource": _resource},
        {"frame": "frame", "resource": "resource"},
    ),
    "data:load_external": Entry(
        {"name": "pku_dfiic_province", "data_dir": data.DATA_DIR},
        {"name": "external_name", "data_dir": "data_dir"},
    ),
    "data:external_status": Entry(
        {"name": "pku_dfiic_province", "data_dir": data.DATA_DIR},
        {"name": "external_name", "data_dir": "data_dir"},
    ),
    "data:external_statuses": Entry({"data_dir": data.DATA_DIR}, {"data_dir": "data_dir"}),
    "data:affected_sections": Entry({"data_dir": data.DATA_DIR}, {"data_dir": "data_dir"}),
    "data:official_series": Entry(
        {"series_id": "online_retail_sales", "vintage": "latest", "data_dir": data.DATA_DIR},
        {"series_id": "series_id", "vintage": "vintage", "data_dir": "data_dir"},
    ),
    "data:latest_vintage": Entry({"rows": _series_rows}, {"rows": "frame"}),
    # validate: the checks themselves (the value is the second, positional argument)
    **{
        f"validate:{name}": Entry(
            {"name": "value", "value": 1}, {"value": kind_name}, ("name", "value")
        )
        for name, (_, kind_name) in VALIDATE_CHECKS.items()
    },
    "validate:text": Entry({"name": "value", "value": "a"}, {"value": "text"}, ("name", "value")),
    "validate:flag": Entry({"name": "value", "value": True}, {"value": "flag"}, ("name", "value")),
    "validate:in_range": Entry(
        {"name": "value", "value": 0.5, "low": 0.0, "high": 1.0},
        {"value": "share"},
        ("name", "value", "low", "high"),
    ),
    "validate:integer": Entry(
        {"name": "value", "value": 2020, "low": 1900, "high": 2100},
        {"value": "year"},
        ("name", "value", "low", "high"),
    ),
    "validate:one_of": Entry(
        {"name": "value", "value": "a", "allowed": ("a", "b")},
        {"value": "name"},
        ("name", "value", "allowed"),
    ),
    "validate:array": Entry(
        {"name": "values", "values": [1.0]}, {"values": "array"}, ("name", "values")
    ),
    "validate:columns": Entry(
        {"name": "frame", "frame": lambda: pd.DataFrame({"a": [1]}), "required": ["a"]},
        {"frame": "frame", "required": "collection"},
        ("name", "frame", "required"),
    ),
    "validate:instance": Entry(
        {"name": "value", "value": 1, "kind": int, "expected": "an int"},
        {"value": "not_int"},
        ("name", "value", "kind", "expected"),
    ),
}

#: Public callables that take no input to fuzz, with the reason.
EXEMPT = {
    "stats:ChowTest": "a result record built by chow_test, not an input",
    "stats:FittedModel": "an internal result record of model_selection and forecast",
    "present:is_missing": "accepts any value by design: it answers whether the value is missing",
    "present:assumption": "declares dataclass fields (validated at import); owned by claims work",
    "present:assumptions_table": "its input is a validated parameters dataclass; owned elsewhere",
    "plotting:font_families": "no parameters",
    "stats:Trend": "a result record built by linear_trend and trend_growth, not an input",
    "stats:break_year_bounds": "takes any number of year sequences; its errors are tested in "
    "test_stats",
    "validate:notebook_parameters": "a context manager without parameters; its checks are fuzzed",
    "plotting:set_theme": "no parameters",
    "paper:text": "no parameters",
    "paper:ledger_census": "no parameters",
    "paper:Section": "a result record of sections()",
    "data:external_dir": "no parameters (reads the environment variable)",
    "data:ExternalDataset": "a declaration record built from the descriptor",
    "data:ExternalStatus": "a result record built by external_status",
}


def public_callables(module_name: str) -> list[str]:
    """``module:name`` of every public function and class defined in the module."""
    module = importlib.import_module(f"ecommod.{module_name}")
    found = []
    for name, member in vars(module).items():
        if name.startswith("_") or getattr(member, "__module__", None) != module.__name__:
            continue
        if inspect.isclass(member) and issubclass(member, BaseException):
            continue
        if inspect.isfunction(inspect.unwrap(member)) or inspect.isclass(member):
            found.append(f"{module_name}:{name}")
    return found


def resolve(key: str) -> Callable:
    module_name, name = key.split(":")
    return getattr(importlib.import_module(f"ecommod.{module_name}"), name)


# --- calling and judging ---------------------------------------------------------------


def _raised_in_ecommod(error: BaseException) -> bool:
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and frames[-1].filename.startswith(ECOMMOD_DIR)


def call(key: str, parameter: str | None = None, value=None, registry=None):
    """Call the function ``key`` with its valid arguments, ``parameter`` set to ``value``
    (``registry``: this file's :data:`REGISTRY` unless another fuzz file passes its own)."""
    entry = (REGISTRY if registry is None else registry)[key]
    arguments = entry.arguments()
    if parameter is not None:
        arguments[parameter] = value
    positional = [arguments.pop(name) for name in entry.positional if name in arguments]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return resolve(key)(*positional, **arguments)
    finally:
        plt.close("all")


def outcome(key: str, parameter: str, value, registry=None) -> tuple[str, str]:
    """How a call with one invalid value ends, and the message.

    ``named``: ValueError/TypeError (KeyError for a looked-up name) from ecommod naming the
    parameter (or, for a lookup, the value); ``unnamed``: such an error not naming it; ``deep``:
    an error raised inside a library; ``memory``: MemoryError; ``accepted``: no error at all.
    """
    try:
        call(key, parameter, value, registry)
    except MemoryError as error:
        return "memory", str(error)[:200]
    except (ValueError, TypeError, KeyError) as error:
        message = str(error)
        if not _raised_in_ecommod(error):
            return "deep", f"{type(error).__name__}: {message[:200]}"
        names = parameter in message or (isinstance(error, KeyError) and repr(value) in message)
        return ("named" if names else "unnamed"), message[:200]
    except Exception as error:
        where = "unnamed" if _raised_in_ecommod(error) else "deep"
        return where, f"{type(error).__name__}: {str(error)[:200]}"
    return "accepted", repr(value)[:80]


CASES = [(key, parameter) for key, entry in REGISTRY.items() for parameter in entry.invalid]


def assert_every_public_function_is_listed(modules, registry, *exempt_lists) -> None:
    """Every public callable of ``modules`` is in ``registry`` or one of ``exempt_lists`` (each
    a name -> reason mapping), and nothing listed is no longer public."""
    public = {key for module in modules for key in public_callables(module)}
    listed = set(registry).union(*exempt_lists)
    missing = sorted(public - listed)
    assert not missing, f"register these in REGISTRY (or EXEMPT with a reason): {missing}"
    stale = sorted(listed - public)
    assert not stale, f"no longer public, remove from the registry: {stale}"


def skip_without_external_data(key: str, action) -> None:
    """Run ``action``; skip where it needs third-party data that are absent (a failure under
    ECOMMOD_REQUIRE_EXTERNAL=1)."""
    try:
        action()
    except data.ExternalDataUnavailable:
        if os.environ.get(data.REQUIRE_EXTERNAL_ENV_VAR) == "1":
            raise
        pytest.skip(f"{key} reads third-party data that are not on this machine")


def test_every_public_function_is_registered():
    assert_every_public_function_is_listed(MODULES, REGISTRY, EXEMPT)


@pytest.mark.parametrize("key", sorted(REGISTRY))
def test_the_valid_arguments_are_accepted(key, monkeypatch):
    """So that each refusal below is the invalid value's doing. A call that reads third-party
    data is skipped where they are absent (and fails under ECOMMOD_REQUIRE_EXTERNAL=1)."""
    monkeypatch.setattr("myst_nb.glue", lambda *args, **kwargs: None)
    skip_without_external_data(key, lambda: call(key))


@pytest.mark.parametrize(("key", "parameter"), CASES)
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(draw=st.data())
def test_an_invalid_value_is_refused_naming_the_parameter(key, parameter, draw, monkeypatch):
    monkeypatch.setattr("myst_nb.glue", lambda *args, **kwargs: None)
    value = draw.draw(KINDS[REGISTRY[key].invalid[parameter]].strategy(), label=parameter)
    result, message = outcome(key, parameter, value)
    assert result == "named", f"{key}({parameter}={value!r}): {result}: {message}"


def report(registry=None, kinds=None) -> collections.Counter:
    """Tally every canonical invalid call by outcome, printing those that are not named
    (``registry`` and ``kinds``: this file's unless another fuzz file passes its own)."""
    registry = REGISTRY if registry is None else registry
    kinds = KINDS if kinds is None else kinds
    tally = collections.Counter()
    for key, entry in registry.items():
        for parameter, kind_name in entry.invalid.items():
            for value in kinds[kind_name].canonical:
                result, message = outcome(key, parameter, value, registry)
                tally[result] += 1
                if result != "named":
                    shown = " ".join(repr(value).split())[:40]
                    print(
                        f"{result:9} {key}({parameter}={shown}): {' '.join(message.split())[:140]}"
                    )
    print(dict(tally), "calls:", sum(tally.values()))
    return tally


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    report()
