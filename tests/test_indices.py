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


# --- fixed base, the modified coupling degree, the variance decomposition ---------------------


def _growing_panel(years, seed=3):
    """Three indicators for five provinces, trending up with the year (a toy provincial panel)."""
    rng = np.random.default_rng(seed)
    rows = [
        {
            "prov_code": p,
            "year": y,
            "a": 10 + y - 2015 + rng.normal(),
            "b": rng.uniform(1, 5) * p,
            "c": 100 - 2 * (y - 2015) + rng.normal(),
        }
        for p in range(1, 6)
        for y in years
    ]
    return pd.DataFrame(rows)


def test_fixed_bounds_by_hand():
    frame = pd.DataFrame({"good": [1.0, 2.0, 5.0], "cost": [10.0, 30.0, 40.0]})
    bounds = (pd.Series({"good": 1.0, "cost": 10.0}), pd.Series({"good": 3.0, "cost": 30.0}))
    # (5 - 1) / 2 = 2 beyond the base maximum; cost 40: (30 - 40) / 20 = -0.5.
    extended = indices.normalise(frame, negative=["cost"], bounds=bounds)
    assert extended["good"].tolist() == [0.0, 0.5, 2.0]
    assert extended["cost"].tolist() == [1.0, 0.0, -0.5]
    clipped = indices.normalise(frame, negative=["cost"], bounds=bounds, beyond="clip")
    assert clipped["good"].tolist() == [0.0, 0.5, 1.0]
    assert clipped["cost"].tolist() == [1.0, 0.0, 0.0]
    with pytest.raises(ValueError, match=r"no low and high for column\(s\) \['cost'\]"):
        indices.normalise(frame, bounds=(bounds[0].drop("cost"), bounds[1]))
    with pytest.raises(ValueError, match="beyond must be one of"):
        indices.normalise(frame, bounds=bounds, beyond="wrap")


def test_fit_base_by_hand():
    # Base rows 0 and 1: bounds (1, 3) and (0, 1); normalised base [[0, 0], [1, 1]] (equal
    # entropy, equal weights); row 2 (x = 5, y = 0.5) scores (2 + 0.5) / 2 = 1.25.
    frame = pd.DataFrame({"x": [1.0, 3.0, 5.0], "y": [0.0, 1.0, 0.5]})
    base = indices.fit_base(frame, np.array([True, True, False]))
    assert base.low.tolist() == [1.0, 0.0]
    assert base.high.tolist() == [3.0, 1.0]
    assert base.weights.tolist() == pytest.approx([0.5, 0.5])
    assert indices.base_index(frame, base).tolist() == pytest.approx([0.0, 1.0, 1.25])
    assert indices.base_index(frame, base, beyond="clip").tolist() == pytest.approx([0, 1, 0.75])
    with pytest.raises(ValueError, match="base must select at least 2 rows"):
        indices.fit_base(frame, np.array([True, False, False]))
    with pytest.raises(ValueError, match="base must be a boolean mask with one entry per row"):
        indices.fit_base(frame, np.array([1, 1, 0]))


def test_adding_a_year_leaves_past_values_unchanged():
    """The property the fixed base is for; the pooled (moving) base fails it on the same data."""
    columns = ["a", "b", "c"]
    longer = _growing_panel(range(2015, 2023))
    short = longer[longer["year"] <= 2020].reset_index(drop=True)
    base_short = indices.fit_base(short[columns], short["year"].between(2015, 2018).to_numpy())
    base_long = indices.fit_base(longer[columns], longer["year"].between(2015, 2018).to_numpy())
    past = longer["year"] <= 2020
    np.testing.assert_allclose(
        indices.base_index(longer[columns], base_long)[past.to_numpy()].to_numpy(),
        indices.base_index(short[columns], base_short).to_numpy(),
        rtol=0,
        atol=1e-12,
    )
    moving_short = indices.composite_index(
        indices.normalise(short[columns]),
        indices.entropy_weights(indices.normalise(short[columns])),
    )
    moving_long = indices.composite_index(
        indices.normalise(longer[columns]),
        indices.entropy_weights(indices.normalise(longer[columns])),
    )
    assert not np.allclose(moving_long[past].to_numpy(), moving_short.to_numpy())


def test_modified_coupling_by_hand():
    # (0.2, 0.4): traditional C = 2·sqrt(0.08)/0.6; modified C = sqrt((1 - 0.2)·0.5) = sqrt(0.4).
    # (0.01, 0.01): equal levels couple perfectly in both; (0.9, 0.3): sqrt(0.4 · 1/3).
    u1 = pd.Series([0.2, 0.01, 0.9, 0.0])
    u2 = pd.Series([0.4, 0.01, 0.3, 0.0])
    traditional = indices.coupling_coordination(u1, u2)
    modified = indices.coupling_coordination(u1, u2, model="modified")
    assert traditional["C"].tolist() == pytest.approx(
        [2 * math.sqrt(0.08) / 0.6, 1.0, 2 * math.sqrt(0.27) / 1.2, 0.0]
    )
    assert modified["C"].tolist() == pytest.approx([math.sqrt(0.4), 1.0, math.sqrt(0.4 / 3), 0.0])
    assert modified["T"].tolist() == pytest.approx(traditional["T"].tolist())
    assert modified["D"].tolist() == pytest.approx(np.sqrt(modified["C"] * modified["T"]).tolist())
    with pytest.raises(ValueError, match="model must be one of"):
        indices.coupling_coordination(u1, u2, model="fan")


def test_modified_coupling_never_exceeds_the_traditional():
    # min/max <= 2·sqrt(ab)/(a + b) and 1 - |a - b| <= 1, so modified C <= traditional C.
    rng = np.random.default_rng(11)
    u1, u2 = pd.Series(rng.uniform(0, 1, 500)), pd.Series(rng.uniform(0, 1, 500))
    traditional = indices.coupling_coordination(u1, u2)["C"]
    modified = indices.coupling_coordination(u1, u2, model="modified")["C"]
    assert (modified <= traditional + 1e-12).all()
    assert modified.between(0, 1).all()


def test_variance_decomposition_by_hand():
    # Provinces 1, 2 over years 2015, 2016: [[1, 3], [2, 4]]. Grand mean 2.5, total SS 5;
    # year means 1.5, 3.5: SS 4 (0.8); province means 2, 3: SS 1 (0.2); no interaction.
    frame = pd.DataFrame(
        {"prov_code": [1, 1, 2, 2], "year": [2015, 2016, 2015, 2016], "x": [1.0, 3.0, 2.0, 4.0]}
    )
    shares = indices.variance_decomposition(frame, "x")
    assert shares.tolist() == pytest.approx([0.8, 0.2, 0.0])
    # An interaction: [[1, 3], [2, 6]]: mean 3, SS 14; years 1.5, 4.5: 9; provinces 2, 4: 4.
    frame["x"] = [1.0, 3.0, 2.0, 6.0]
    shares = indices.variance_decomposition(frame, "x")
    assert shares.tolist() == pytest.approx([9 / 14, 4 / 14, 1 / 14])
    with pytest.raises(ValueError, match="'x' is constant"):
        indices.variance_decomposition(frame.assign(x=1.0), "x")
    with pytest.raises(ValueError, match=r"missing column\(s\) \['y'\]"):
        indices.variance_decomposition(frame, "y")
