"""The shared Bass diffusion: known answers, inverse, continuation, bad input."""

import numpy as np
import pytest

from ecommod import diffusion


def test_known_answers():
    assert diffusion.bass_fraction(0.0, 0.01, 0.4) == 0.0
    assert diffusion.bass_fraction(500.0, 0.01, 0.4) == pytest.approx(1.0)
    # Without imitation the Bass model is the exponential 1 - exp(-p t).
    assert diffusion.bass_fraction(3.0, 0.1, 0.0) == pytest.approx(1 - np.exp(-0.3))
    # By hand: p = 0.03, q = 0.38, t = 1.
    decay = np.exp(-0.41)
    assert diffusion.bass_fraction(1.0, 0.03, 0.38) == pytest.approx(
        (1 - decay) / (1 + 0.38 / 0.03 * decay)
    )


def test_inverse_and_continuation_agree_with_the_curve():
    years = np.array([0.5, 2.0, 7.5])
    fractions = diffusion.bass_fraction(years, 0.02, 0.35)
    np.testing.assert_allclose(diffusion.bass_years_to(fractions, 0.02, 0.35), years)
    later = diffusion.bass_fraction(years + 3.0, 0.02, 0.35)
    np.testing.assert_allclose(diffusion.bass_from(fractions, 0.02, 0.35, 3.0), later)
    assert diffusion.bass_from(1.0, 0.02, 0.35, 2.0) == 1.0


def test_faster_innovation_means_faster_adoption():
    slow, fast = diffusion.bass_fraction(4.0, [0.01, 0.05], 0.3)
    assert fast > slow
    assert np.all(np.diff(diffusion.bass_fraction(np.linspace(0, 30, 50), 0.01, 0.3)) > 0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: diffusion.bass_fraction(1.0, 0.0, 0.3), "innovation must be > 0"),
        (
            lambda: diffusion.bass_fraction(1.0, 0.01, -0.3),
            "imitation must be finite and between 0",
        ),
        (lambda: diffusion.bass_fraction(-1.0, 0.01, 0.3), "years must be finite and between 0"),
        (lambda: diffusion.bass_years_to(1.0, 0.01, 0.3), "fraction must be below 1"),
        (
            lambda: diffusion.bass_from(1.2, 0.01, 0.3, 1.0),
            "start_fraction must be finite and between",
        ),
    ],
)
def test_bad_input_names_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()
