"""Composite-index methods: hand-worked cases, bounds, and bad input."""

import math

import numpy as np
import pandas as pd
import pytest

from ecommod import indices


def test_normalise_by_hand():
    frame = pd.DataFrame({"good": [1.0, 2.0, 3.0], "cost": [10.0, 20.0, 30.0]})
    result = indices.normalise(frame, negative=["cost"])
    assert result["good"].tolist() == [0.0, 0.5, 1.0]
    assert result["cost"].tolist() == [1.0, 0.5, 0.0]


@pytest.mark.parametrize(
    ("frame", "options", "message"),
    [
        (pd.DataFrame(), {}, "frame must have at least one row"),
        (pd.DataFrame({"x": [1.0, 1.0]}), {}, r"\['x'\] are constant"),
        (pd.DataFrame({"x": [1.0, None]}), {}, "'x' has a missing value at 1"),
        (pd.DataFrame({"x": ["a", "b"]}), {}, "'x' must be numeric"),
        (
            pd.DataFrame({"x": [1.0, 2.0]}),
            {"negative": ["y"]},
            r"negative names column\(s\) \['y'\]",
        ),
    ],
)
def test_normalise_refuses_bad_frames(frame, options, message):
    with pytest.raises(ValueError, match=message):
        indices.normalise(frame, **options)


def test_entropy_weights_by_hand():
    # Column a is uniform (entropy 1, weight 0); b puts everything on one row (entropy 0).
    frame = pd.DataFrame({"a": [0.5, 0.5], "b": [1.0, 0.0]})
    weights = indices.entropy_weights(frame)
    assert weights["a"] == pytest.approx(0.0)
    assert weights["b"] == pytest.approx(1.0)
    # Two rows with shares 1/4 and 3/4: e = -(0.25 ln 0.25 + 0.75 ln 0.75) / ln 2.
    frame = pd.DataFrame({"a": [0.25, 0.75], "b": [1.0, 0.0]})
    e_a = -(0.25 * math.log(0.25) + 0.75 * math.log(0.75)) / math.log(2)
    expected_a = (1 - e_a) / ((1 - e_a) + 1)
    assert indices.entropy_weights(frame)["a"] == pytest.approx(expected_a)


def test_entropy_weights_sum_to_one_and_favour_spread():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"narrow": rng.uniform(0.45, 0.55, 50), "wide": rng.uniform(0, 1, 50)})
    weights = indices.entropy_weights(indices.normalise(frame))
    assert weights.sum() == pytest.approx(1.0)
    assert (weights >= 0).all()


def test_entropy_weights_refuse_bad_input():
    with pytest.raises(ValueError, match="outside \\[0, 1\\]"):
        indices.entropy_weights(pd.DataFrame({"a": [2.0, 0.5]}))
    with pytest.raises(ValueError, match="at least 2 rows"):
        indices.entropy_weights(pd.DataFrame({"a": [0.5]}))
    with pytest.raises(ValueError, match="'a' is zero in every row"):
        indices.entropy_weights(pd.DataFrame({"a": [0.0, 0.0], "b": [0.0, 1.0]}))


def test_composite_index_is_the_weighted_sum():
    frame = pd.DataFrame({"a": [0.0, 1.0], "b": [1.0, 0.5]})
    weights = pd.Series({"b": 0.25, "a": 0.75})
    assert indices.composite_index(frame, weights).tolist() == [0.25, 0.875]
    with pytest.raises(ValueError, match="weights must sum to 1"):
        indices.composite_index(frame, pd.Series({"a": 0.5, "b": 0.6}))
    with pytest.raises(ValueError, match="must name exactly the columns"):
        indices.composite_index(frame, pd.Series({"a": 1.0}))
    with pytest.raises(ValueError, match=r"weights\[0\] must be finite and between 0"):
        indices.composite_index(frame, pd.Series({"a": -0.5, "b": 1.5}))


def test_coupling_coordination_by_hand():
    u1 = pd.Series([0.5, 0.8, 0.0, 0.0], index=list("abcd"))
    u2 = pd.Series([0.5, 0.2, 0.6, 0.0], index=list("abcd"))
    result = indices.coupling_coordination(u1, u2)
    # Equal levels couple perfectly; 0.8 and 0.2: C = 2·sqrt(0.16)/1 = 0.8, T = 0.5, D = sqrt(0.4).
    assert result.loc["a"].tolist() == pytest.approx([1.0, 0.5, math.sqrt(0.5)])
    assert result.loc["b"].tolist() == pytest.approx([0.8, 0.5, math.sqrt(0.4)])
    assert result.loc["c", "C"] == 0.0
    assert result.loc["d"].tolist() == [0.0, 0.0, 0.0]


def test_coupling_coordination_stays_in_unit_interval():
    rng = np.random.default_rng(7)
    u1, u2 = pd.Series(rng.uniform(0, 1, 1000)), pd.Series(rng.uniform(0, 1, 1000))
    result = indices.coupling_coordination(u1, u2, alpha=0.3, beta=0.7)
    assert ((result >= 0) & (result <= 1 + 1e-12)).all().all()
    # C is symmetric in the two subsystems; swapping them and their weights changes nothing.
    swapped = indices.coupling_coordination(u2, u1, alpha=0.7, beta=0.3)
    assert np.allclose(result.to_numpy(), swapped.to_numpy())


@pytest.mark.parametrize(
    ("u1", "u2", "options", "message"),
    [
        (
            pd.Series([0.5, 1.2]),
            pd.Series([0.5, 0.5]),
            {},
            r"u1\[1\] must be finite and between 0 and 1",
        ),
        (pd.Series([0.5]), pd.Series([0.5]), {"alpha": 0.6}, "alpha \\+ beta must be 1"),
        (
            pd.Series([0.5], index=["Beijing"]),
            pd.Series([0.5], index=["Tianjin"]),
            {},
            r"only in u1: \['Beijing'\], only in u2: \['Tianjin'\]",
        ),
        (pd.Series([], dtype=float), pd.Series([], dtype=float), {}, "u1 must be non-empty"),
    ],
)
def test_coupling_coordination_refuses_bad_input(u1, u2, options, message):
    with pytest.raises(ValueError, match=message):
        indices.coupling_coordination(u1, u2, **options)


def test_coordination_level_boundaries():
    d = pd.Series([0.0, 0.1, 0.100001, 0.3, 0.55, 0.95, 1.0])
    levels = indices.coordination_level(d).tolist()
    assert levels == [
        "extreme imbalance",
        "extreme imbalance",
        "severe imbalance",
        "moderate imbalance",
        "barely coordinated",
        "high-quality coordination",
        "high-quality coordination",
    ]
    assert indices.coordination_level(pd.Series([0.65]), language="zh").tolist() == ["初级协调"]
    with pytest.raises(ValueError, match=r"d\[0\] must be finite and between 0 and 1"):
        indices.coordination_level(pd.Series([1.5]))
