"""Input checks every model shares: one message format for a bad parameter.

Each check raises ``ValueError`` naming the parameter, the value it got and what was expected, and
returns the value unchanged so that a model can write ``rate = validate.share("rate", rate)``.
Nothing is coerced: a string where a number is expected is an error, not a conversion.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from numbers import Real

import numpy as np


def _fail(name: str, value, expected: str):
    raise ValueError(f"{name} must be {expected}, got {value!r}")


def number(name: str, value) -> float:
    """A finite real number (bools are refused: ``True`` is not a rate)."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        _fail(name, value, "a finite number")
    return value


def in_range(
    name: str, value, low: float = -math.inf, high: float = math.inf, *, unit: str = ""
) -> float:
    """A finite number with ``low <= value <= high``."""
    number(name, value)
    if not low <= value <= high:
        suffix = f" {unit}" if unit else ""
        _fail(name, value, f"between {low:g} and {high:g}{suffix}")
    return value


def positive(name: str, value, *, unit: str = "") -> float:
    """A finite number above zero (amounts, volatilities, sizes)."""
    number(name, value)
    if value <= 0:
        _fail(name, value, f"> 0{' ' + unit if unit else ''}")
    return value


def non_negative(name: str, value, *, unit: str = "") -> float:
    """A finite number at or above zero (costs, days, counts)."""
    number(name, value)
    if value < 0:
        _fail(name, value, f">= 0{' ' + unit if unit else ''}")
    return value


def share(name: str, value) -> float:
    """A share (fraction) in [0, 1]; 35% is written 0.35."""
    return in_range(name, value, 0.0, 1.0, unit="(a fraction: 35% is 0.35)")


def count(name: str, value, *, minimum: int = 1) -> int:
    """A whole number (int or numpy integer) at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        _fail(name, value, f"a whole number >= {minimum}")
    return value


def one_of(name: str, value, allowed: Collection):
    """One of ``allowed``."""
    if value not in allowed:
        _fail(name, value, f"one of {sorted(allowed)!r}")
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
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s) {missing}; it has {list(frame.columns)}")
