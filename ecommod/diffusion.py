"""The Bass (1969) diffusion model, shared by the logic (§3.1.3, IoT adoption) and path (§4.1,
online retail) chapters.

Adoption F (a fraction of the eventual adopters, in [0, 1]) follows dF/dt = (p + q·F)(1 − F)
with innovation coefficient p (adoption independent of others, per year, > 0) and imitation
coefficient q (word of mouth, per year, ≥ 0). From F(0) = 0 the solution is
F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p)·e^{−(p+q)t}); bib key ``bass1969growth``.
"""

from __future__ import annotations

import numpy as np

from ecommod import validate


def _coefficients(innovation, imitation) -> tuple[np.ndarray, np.ndarray]:
    p = validate.array("innovation", innovation, low=0.0)
    if (p <= 0).any():
        raise ValueError(f"innovation must be > 0 per year, got {innovation!r}")
    return p, validate.array("imitation", imitation, low=0.0)


def bass_fraction(years, innovation, imitation) -> np.ndarray:
    """F(t): the adopted fraction ``years`` (≥ 0, vectorised) after diffusion starts at zero."""
    p, q = _coefficients(innovation, imitation)
    t = validate.array("years", years, low=0.0)
    decay = np.exp(-(p + q) * t)
    return (1.0 - decay) / (1.0 + q / p * decay)


def bass_years_to(fraction, innovation, imitation) -> np.ndarray:
    """The inverse of :func:`bass_fraction`: years from zero adoption to ``fraction`` (< 1)."""
    p, q = _coefficients(innovation, imitation)
    share = validate.array("fraction", fraction, low=0.0, high=1.0)
    if (share >= 1).any():
        raise ValueError(
            f"fraction must be below 1 (full adoption takes forever), got {fraction!r}"
        )
    return np.log((1.0 + q / p * share) / (1.0 - share)) / (p + q)


def bass_from(start_fraction, innovation, imitation, years_ahead) -> np.ndarray:
    """The adopted fraction ``years_ahead`` (≥ 0) after a moment when it was ``start_fraction``.

    The closed form from F0: R = (p + q·F0) / (1 − F0) · e^{(p+q)t}, F = (R − p) / (q + R); it lets
    a scenario change p or q from a given year on without refitting the past.
    """
    p, q = _coefficients(innovation, imitation)
    start = validate.array("start_fraction", start_fraction, low=0.0, high=1.0)
    elapsed = validate.array("years_ahead", years_ahead, low=0.0)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        ratio = (p + q * start) / (1.0 - start) * np.exp((p + q) * elapsed)
        fraction = (ratio - p) / (q + ratio)
    return np.where(start >= 1.0, 1.0, np.where(np.isinf(ratio), 1.0, fraction))
