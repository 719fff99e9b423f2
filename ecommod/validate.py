"""Input checks every model shares: one message format for a bad parameter.

Each check raises ``ValueError`` naming the parameter, the value it got and what was expected, and
returns the value unchanged so that a model can write ``rate = validate.share("rate", rate)``.
Nothing is coerced: a string where a number is expected is an error, not a conversion.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from numbers import Real

import numpy as np


def _fail(name: str, value, expected: str):
    raise ValueError(f"{name} must be {expected}, got {value!r}")


class ParameterError(ValueError):
    """A value set in a notebook's parameters cell that the chapter cannot use.

    Shown in a notebook as its one-line message, without a traceback: the student's own cell is
    the only place to look.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"ParameterError: {self}"]


@contextmanager
def notebook_parameters() -> Iterator[None]:
    """Check a parameters cell before anything else runs: the first bad value stops the chapter.

    Inside the block, each check names the parameter as the notebook spells it::

        with validate.notebook_parameters():
            validate.share("MAX_DEFAULT_RATE", MAX_DEFAULT_RATE)

    and a failed check becomes a :class:`ParameterError` whose message is that one line.
    """
    try:
        yield
    except (ValueError, TypeError) as error:
        raise ParameterError(f"{error} (change it in the parameters cell)") from None


def _bound(name: str, value, *, whole: bool = False):
    """A bound a check is given (``low``, ``high``, ``minimum``): a real number, infinite allowed,
    never NaN (against which every comparison is false); with ``whole``, a whole number."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer if whole else Real):
        _fail(name, value, "a whole number (a bound of the check)" if whole else "a number")
    if not whole and math.isnan(value):
        _fail(name, value, "a number or an infinity, not NaN (a bound of the check)")
    return value


def _ordered_bounds(low, high, *, whole: bool = False) -> None:
    """Bounds of a range check: each a number (:func:`_bound`), ``low`` not above ``high``."""
    _bound("low", low, whole=whole)
    _bound("high", high, whole=whole)
    if low > high:
        _fail("high", high, f"at least low ({low}) (the bounds of the check)")


def number(name: str, value) -> float:
    """A finite real number (bools are refused: ``True`` is not a rate)."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        _fail(name, value, "a finite number")
    return value


def in_range(
    name: str, value, low: float = -math.inf, high: float = math.inf, *, unit: str = ""
) -> float:
    """A finite number with ``low <= value <= high``."""
    _ordered_bounds(low, high)
    number(name, value)
    if not low <= value <= high:
        suffix = f" {unit}" if unit else ""
        _fail(name, value, f"between {low:g} and {high:g}{suffix}")
    return value


def positive(name: str, value, *, unit: str = "") -> float:
    """A finite number above zero (amounts, volatilities, sizes)."""
    number(name, value)
    if value <= 0:
        _fail(name, value, f"above 0{' (' + unit + ')' if unit else ''}")
    return value


def non_negative(name: str, value, *, unit: str = "") -> float:
    """A finite number at or above zero (costs, days, counts)."""
    number(name, value)
    if value < 0:
        _fail(name, value, f"0 or more{' (' + unit + ')' if unit else ''}")
    return value


def share(name: str, value) -> float:
    """A share (fraction) in [0, 1]; 35% is written 0.35."""
    return in_range(name, value, 0.0, 1.0, unit="(a fraction: 35% is 0.35)")


def positive_share(name: str, value) -> float:
    """A share (fraction) in (0, 1], such as a target default rate of approved loans (at 0 no
    loan is approved, and the rate among the approved is undefined)."""
    share(name, value)
    if value <= 0:
        _fail(name, value, "above 0 (a fraction: 35% is 0.35)")
    return value


def count(name: str, value, *, minimum: int = 1) -> int:
    """A whole number (int or numpy integer) at least ``minimum``."""
    _bound("minimum", minimum, whole=True)
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        _fail(name, value, f"a whole number >= {minimum}")
    return value


#: The largest number of elements (draws, paths, cells) a model may be asked to allocate: 10^8
#: float64 values are 0.8 GB, beyond which a laptop runs out of memory rather than failing clearly.
MAX_ELEMENTS = 100_000_000
#: The largest seed: 2^32 - 1, which every numpy generator (legacy RandomState too) accepts.
MAX_SEED = 2**32 - 1


def seed(name: str, value) -> int:
    """A seed: a whole number in [0, 2^32 - 1] (not None: every result is reproducible)."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        _fail(name, value, f"a whole number between 0 and {MAX_SEED:,} (a reproducible seed)")
    if value > MAX_SEED:
        _fail(name, value, f"a whole number between 0 and {MAX_SEED:,} (a reproducible seed)")
    return int(value)


def size(name: str, value, *, minimum: int = 1, per_item: int = 1) -> int:
    """A count of things to allocate: ``value * per_item`` elements at most :data:`MAX_ELEMENTS`.

    ``per_item`` is what one unit of ``value`` allocates (e.g. the years of one simulated path),
    so the ceiling applies to the whole array before numpy tries to allocate it.
    """
    count("per_item", per_item)
    count(name, value, minimum=minimum)
    if value * per_item > MAX_ELEMENTS:
        per = f" of {per_item:,} elements each" if per_item != 1 else ""
        _fail(
            name,
            value,
            f"at most {MAX_ELEMENTS // per_item:,}{per} (the ceiling of {MAX_ELEMENTS:,} elements, "
            "0.8 GB of float64)",
        )
    return int(value)


def integer(name: str, value, low: int, high: int) -> int:
    """A whole number (not a bool, not a float) with ``low <= value <= high``."""
    _ordered_bounds(low, high, whole=True)
    if (
        isinstance(value, bool)
        or not isinstance(value, int | np.integer)
        or not low <= value <= high
    ):
        _fail(name, value, f"a whole number between {low} and {high}")
    return int(value)


def text(name: str, value, *, allow_empty: bool = False) -> str:
    """A string (non-blank unless ``allow_empty``)."""
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        _fail(name, value, "a string" if allow_empty else "a non-empty string")
    return value


def flag(name: str, value) -> bool:
    """A bool (numpy's too): 1 and "yes" are not flags."""
    if not isinstance(value, bool | np.bool_):
        _fail(name, value, "True or False")
    return bool(value)


def instance(name: str, value, kind: type | tuple[type, ...], expected: str):
    """An instance of ``kind`` (e.g. a pandas DataFrame), ``expected`` saying so in words."""
    if not isinstance(value, kind):
        _fail(name, _shown(value), expected)
    return value


def _shown(value):
    """A value as a message shows it: a large object by its type and length, not its repr."""
    if hasattr(value, "__len__") and not isinstance(value, str | bytes):
        return _Shown(f"a {type(value).__name__} of length {len(value)}")
    return value


class _Shown(str):
    def __repr__(self) -> str:
        return str(self)


def one_of(name: str, value, allowed: Collection):
    """One of ``allowed``."""
    try:
        known = value in allowed
    except TypeError:  # an unhashable value is in no set
        known = False
    if not known:
        try:
            shown = sorted(allowed)
        except TypeError:  # mixed kinds (None beside strings) sort by their text
            shown = sorted(allowed, key=str)
        _fail(name, _shown(value), f"one of {shown!r}")
    return value


def array(
    name: str,
    values,
    *,
    low: float = -math.inf,
    high: float = math.inf,
    allow_empty: bool = False,
) -> np.ndarray:
    """A numeric array with every element finite and in [low, high]; names the first bad element."""
    _ordered_bounds(low, high)
    result = np.asarray(values, dtype=float) if _numeric(values) else None
    if result is None:
        _fail(name, values, "numeric")
    if result.size == 0 and not allow_empty:
        _fail(name, values, "non-empty")
    bad = ~np.isfinite(result) | (result < low) | (result > high)
    if bad.any():
        expected = f"finite and between {low:g} and {high:g}"
        if result.ndim == 0:
            _fail(name, result.item(), expected)
        position = tuple(int(i) for i in np.argwhere(bad)[0])
        where = position[0] if len(position) == 1 else position
        _fail(f"{name}[{where}]", result[bad][0].item(), expected)
    return result


def _numeric(values) -> bool:
    try:
        kind = np.asarray(values).dtype.kind
    except (TypeError, ValueError):
        return False
    return kind in "iuf"


def columns(name: str, frame, required: Iterable[str]) -> None:
    """``frame`` has every column in ``required``; the error lists the missing ones."""
    import pandas as pd

    instance(name, frame, pd.DataFrame, "a pandas DataFrame")
    if isinstance(required, str) or not isinstance(required, Iterable):
        _fail("required", required, "column names (a list)")
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s) {missing}; it has {list(frame.columns)}")
