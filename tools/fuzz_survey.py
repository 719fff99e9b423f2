"""A survey of how every public callable of ``ecommod`` meets bad numbers (issue 18's yardstick).

Not a test: it counts, so that the fuzz of ``tests/test_fuzz_*.py`` can be judged by a survey of
the kind an outside reviewer runs. For every public function and dataclass defined in a module of
``ecommod`` (names not starting with ``_``), the valid keyword arguments come from the fuzz
registries (:data:`REGISTRY_FILES` in ``tests/``);
every parameter whose valid value (or, where the registries give none, whose default) is a real
number is set in turn to each of :data:`VALUES`, with a time limit of :data:`TIME_LIMIT` seconds
per call. Each call is classified:

* ``named``: ValueError, TypeError or KeyError raised in ecommod whose message names the parameter;
* ``unnamed``: an error raised in ecommod that does not name it;
* ``deep``: an error whose innermost frame is outside ecommod (numpy, pandas, scipy, ...);
* ``memory``: MemoryError; ``hang``: the time limit passed;
* ``accepted``: no error although the value is NaN, infinite, a string, None or an empty array,
  or a result holding a non-finite number;
* ``accepted-valid``: no error and a finite result for -1, 0 or 10**12 (values that can be valid);
* ``declared``: no error for a value the signature itself declares: the parameter's default
  (None: "use the assumption's value"; NaN: "no figure"; infinity: an open bound), or None where
  its annotation admits None ("no break year").

Usage: python -m tools.fuzz_survey [--module NAME ...] [--quiet]
(with ECOMMOD_EXTERNAL_DATA set, the functions that read third-party data are driven too).
Prints the tally and every bad call; the exit code is 0 whatever it finds.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import importlib
import inspect
import math
import pkgutil
import signal
import sys
import traceback
import warnings
from numbers import Real
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import ecommod

ROOT = Path(__file__).resolve().parent.parent
ECOMMOD_DIR = str(Path(ecommod.__file__).resolve().parent)
REGISTRY_FILES = (
    "test_fuzz_inputs",
    "test_fuzz_models_a",
    "test_fuzz_models_b",
    "test_fuzz_models_c",
)
#: The bad numbers of the survey, with how each is shown.
VALUES = (
    ("-1", -1),
    ("0", 0),
    ("nan", math.nan),
    ("inf", math.inf),
    ('"1"', "1"),
    ("None", None),
    ("array([])", np.array([])),
    ("10**12", 10**12),
)
#: Values that a parameter may accept: a finite result for them is not counted as bad.
MAYBE_VALID = {"-1", "0", "10**12"}
TIME_LIMIT = 20
BAD = ("unnamed", "deep", "memory", "hang", "accepted")
#: Elements of an object array (or entries of a container) looked at for a non-finite number.
MAX_INSPECTED = 100_000


class Hang(BaseException):
    """The call ran past the time limit (a BaseException, so that no ``except Exception``
    inside the call swallows it)."""


def _on_alarm(signum, frame):
    raise Hang


def registries() -> tuple[dict, dict]:
    """``module:name`` -> the fuzz's Entry (valid arguments), and ``module:name`` -> the reason
    it is exempt, from the three registry files."""
    sys.path.insert(0, str(ROOT / "tests"))
    registered, exempt = {}, {}
    for name in REGISTRY_FILES:
        module = importlib.import_module(name)
        registered |= module.REGISTRY
        exempt |= module.EXEMPT
    return registered, exempt


def modules() -> list[str]:
    """Every module of ecommod, as ``stats`` or ``segments.rural``."""
    found = []
    for info in pkgutil.walk_packages(ecommod.__path__, prefix="ecommod."):
        if not info.ispkg:
            found.append(info.name.removeprefix("ecommod."))
    return sorted(found)


def public_callables(module_name: str) -> list[str]:
    """``module:name`` of the public functions and dataclasses defined in the module."""
    module = importlib.import_module(f"ecommod.{module_name}")
    found = []
    for name, member in vars(module).items():
        if name.startswith("_") or getattr(member, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(inspect.unwrap(member)) or (
            inspect.isclass(member) and dataclasses.is_dataclass(member)
        ):
            found.append(f"{module_name}:{name}")
    return found


def _is_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def numeric_parameters(target, valid: dict) -> list[str]:
    """Parameters whose valid value, or else whose default, is a real number."""
    names = [name for name, value in valid.items() if _is_number(value)]
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        return names
    for name, parameter in signature.parameters.items():
        if name not in valid and _is_number(parameter.default):
            names.append(name)
    return names


def non_finite(value, depth: int = 0) -> bool:
    """Whether a result holds a non-finite number anywhere in its numeric fields."""
    if depth > 6 or value is None or isinstance(value, bool | str | bytes):
        return False
    if isinstance(value, Real | complex | np.number):
        try:
            return not np.isfinite(value)
        except TypeError:
            return False
    if isinstance(value, pd.DataFrame):
        return any(non_finite(value[column], depth + 1) for column in value.columns)
    if isinstance(value, pd.Series | pd.Index):
        return non_finite(value.to_numpy(), depth + 1)
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc":
            return not np.isfinite(value).all()
        if value.dtype.kind == "O":
            return any(non_finite(v, depth + 1) for v in value.ravel()[:MAX_INSPECTED])
        return False
    if isinstance(value, dict):
        items = list(value.values())[:MAX_INSPECTED]
        return any(non_finite(v, depth + 1) for v in items)
    if isinstance(value, list | tuple | set | frozenset):
        return any(non_finite(v, depth + 1) for v in list(value)[:MAX_INSPECTED])
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(
            non_finite(getattr(value, field.name), depth + 1) for field in dataclasses.fields(value)
        )
    return False


def _raised_in_ecommod(error: BaseException) -> bool:
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and frames[-1].filename.startswith(ECOMMOD_DIR)


def invoke(target, entry, arguments: dict):
    """Call ``target`` with ``arguments`` (the entry's positional names passed by position),
    within the time limit, warnings silenced, figures closed afterwards."""
    arguments = dict(arguments)
    positional = [arguments.pop(name) for name in entry.positional if name in arguments]
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return target(*positional, **arguments)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        plt.close("all")


def classify(target, entry, valid: dict, parameter: str, shown: str, value) -> tuple[str, str]:
    """How one call with ``parameter`` set to ``value`` ends, and why."""
    try:
        result = invoke(target, entry, valid | {parameter: value})
    except Hang:
        return "hang", f"over {TIME_LIMIT} s"
    except MemoryError as error:
        return "memory", str(error)[:160]
    except Exception as error:
        message = f"{type(error).__name__}: {' '.join(str(error).split())}"[:200]
        if not _raised_in_ecommod(error):
            frame = traceback.extract_tb(error.__traceback__)[-1]
            return "deep", f"{message} (in {Path(frame.filename).name}:{frame.lineno})"
        named = isinstance(error, ValueError | TypeError | KeyError) and parameter in str(error)
        return ("named" if named else "unnamed"), message
    if declared(target, parameter, value):
        return "declared", "the signature declares it"
    if shown not in MAYBE_VALID:
        return "accepted", "no error"
    if non_finite(result):
        return "accepted", NON_FINITE
    return "accepted-valid", ""


NON_FINITE = "a non-finite number in the result"


def declared(target, parameter: str, value) -> bool:
    """Whether ``target``'s signature declares ``value`` for ``parameter``: its default (None,
    NaN for "no figure", an infinite open bound), or None where its annotation admits None."""
    try:
        declaration = inspect.signature(target).parameters[parameter]
    except (TypeError, ValueError, KeyError):
        return False
    default, annotation = declaration.default, str(declaration.annotation)
    if value is None:
        return default is None or "None" in annotation.replace("NoneType", "None").split(" | ")
    if isinstance(value, float) and isinstance(default, Real) and not isinstance(default, bool):
        both_nan = math.isnan(value) and math.isnan(default)
        return both_nan or (math.isinf(value) and default == value)
    return False


def _valid_result_non_finite(target, entry) -> bool:
    """Whether the call with the valid arguments alone returns a non-finite number too (then the
    bad value is not what put it there)."""
    try:
        return non_finite(invoke(target, entry or _NoEntry(), _fresh_arguments(entry)))
    except (Exception, Hang):
        return False


def _fresh_arguments(entry) -> dict:
    """The entry's valid arguments (factories called), or {} for a callable not registered."""
    return entry.arguments() if entry is not None else {}


@dataclasses.dataclass
class _NoEntry:
    """What the survey knows of a callable in no registry: nothing passed by position."""

    positional: tuple[str, ...] = ()


def _required(target, valid: dict) -> list[str]:
    """Parameters without a default that ``valid`` does not give."""
    try:
        parameters = inspect.signature(target).parameters.values()
    except (TypeError, ValueError):
        return []
    return [
        p.name
        for p in parameters
        if p.default is inspect.Parameter.empty
        and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        and p.name not in valid
    ]


def survey(module_names: list[str], *, quiet: bool = False) -> collections.Counter:
    from ecommod import data

    try:  # a glued number outside a notebook: nothing to glue into
        import myst_nb

        myst_nb.glue = lambda *args, **kwargs: None
    except ImportError:
        pass
    signal.signal(signal.SIGALRM, _on_alarm)
    registry, exempt = registries()
    tally: collections.Counter = collections.Counter()
    bad_calls, unregistered, not_driven = [], [], []
    for module_name in module_names:
        for key in public_callables(module_name):
            entry = registry.get(key)
            if entry is None and key not in exempt:
                unregistered.append(key)
            module, name = key.split(":")
            target = getattr(importlib.import_module(f"ecommod.{module}"), name)
            try:
                valid = _fresh_arguments(entry)
            except data.ExternalDataUnavailable:
                not_driven.append(f"{key}: third-party data absent")
                continue
            parameters = numeric_parameters(target, valid)
            if not parameters:
                continue
            missing = _required(target, valid)
            if missing:
                not_driven.append(f"{key}: no valid value of {missing}")
                continue
            for parameter in parameters:
                for shown, value in VALUES:
                    try:
                        arguments = _fresh_arguments(entry)
                    except data.ExternalDataUnavailable:
                        continue
                    result, why = classify(
                        target, entry or _NoEntry(), arguments, parameter, shown, value
                    )
                    tally[result] += 1
                    if why == NON_FINITE and _valid_result_non_finite(target, entry):
                        why += " (as has the valid call's)"
                    if result in BAD:
                        bad_calls.append(f"{result:9} {key}({parameter}={shown}): {why}")
            if not quiet:
                print(f"  {key}: {len(parameters)} numeric parameter(s)", file=sys.stderr)
    print("\nBad calls:")
    for line in bad_calls:
        print(line)
    if unregistered:
        print(
            f"\nNeither registered nor exempt ({len(unregistered)}; driven with their defaults "
            "only, if they have numeric ones):"
        )
        for key in unregistered:
            print(f"  {key}")
    if not_driven:
        print("\nNot driven:")
        for line in not_driven:
            print(f"  {line}")
    shown = ("named", *BAD, "accepted-valid", "declared")
    print("\nTally:", ", ".join(f"{k} {tally[k]}" for k in shown))
    print("calls:", sum(tally.values()))
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", help="only these modules (e.g. path)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    arguments = parser.parse_args(argv)
    survey(arguments.module or modules(), quiet=arguments.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
