"""ecommod.inequality: regional concentration of a member-by-period table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ecommod import inequality


@pytest.fixture
def sales() -> pd.DataFrame:
    """Four provinces over two years; the largest two change between the years."""
    table = pd.DataFrame(
        {"A": [10.0, 40.0], "B": [20.0, 5.0], "C": [30.0, 30.0], "D": [40.0, 25.0]},
        index=pd.Index([2015, 2024], name="year"),
    )
    table.columns.name = "province"
    return table


def test_top_n_share_by_hand(sales):
    # 2015: (40 + 30) / 100 = 70 %; 2024: (40 + 30) / 100 = 70 %, from other provinces.
    # Top 1: 40 / 100 in both; top 3: 90 / 100 and 95 / 100.
    pd.testing.assert_series_equal(
        inequality.top_n_share(sales, n=2),
        pd.Series([70.0, 70.0], index=sales.index, name="top_2_share_pct"),
    )
    np.testing.assert_allclose(inequality.top_n_share(sales, n=1), [40.0, 40.0])
    np.testing.assert_allclose(inequality.top_n_share(sales, n=3), [90.0, 95.0])
    np.testing.assert_allclose(inequality.top_n_share(sales, n=4), [100.0, 100.0])


def test_largest_members_by_hand(sales):
    leaders = inequality.largest_members(sales, 2024, n=2)
    assert list(leaders.index) == ["A", "C"]
    assert leaders.index.name == "province"
    np.testing.assert_allclose(leaders["value"], [40.0, 30.0])
    np.testing.assert_allclose(leaders["share_pct"], [40.0, 30.0])


@given(
    hnp.arrays(
        float,
        hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=8),
        elements=st.floats(0.01, 1e6),
    )
)
def test_top_n_share_rises_with_n_from_at_least_equal_shares_to_100(values):
    table = pd.DataFrame(values)
    members = values.shape[1]
    shares = [inequality.top_n_share(table, n) for n in range(1, members + 1)]
    for n, share in enumerate(shares, start=1):
        assert (share >= n / members * 100 - 1e-9).all()
    for smaller, larger in zip(shares, shares[1:], strict=False):
        assert (larger >= smaller - 1e-9).all()
    np.testing.assert_allclose(shares[-1], 100.0)


@pytest.mark.parametrize("n", [0, 5, -1, 2.5, True, "2"])
def test_bad_n_is_named_with_the_allowed_range(sales, n):
    with pytest.raises(ValueError, match=r"n must be a whole number of members in 1\.\.4"):
        inequality.top_n_share(sales, n=n)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (pd.DataFrame(), "table is empty"),
        (pd.DataFrame({"A": [1.0, -2.0]}, index=[2015, 2016]), r"negative values .*\(2016, 'A'\)"),
        (pd.DataFrame({"A": [1.0, np.nan]}, index=[2015, 2016]), r"missing values .*\(2016, 'A'\)"),
        (pd.DataFrame({"A": [1.0, 0.0]}, index=[2015, 2016]), r"rows \[2016\] sum to 0"),
        (pd.DataFrame({"A": ["x", "y"]}), r"columns \['A'\] do not"),
    ],
)
def test_bad_tables_are_rejected_with_the_reason(table, message):
    with pytest.raises(ValueError, match=message):
        inequality.top_n_share(table, n=1)


def test_a_series_is_not_a_table():
    with pytest.raises(TypeError, match="table must be a pandas DataFrame"):
        inequality.top_n_share(pd.Series([1.0, 2.0]), n=1)


def test_largest_members_names_a_missing_row(sales):
    with pytest.raises(ValueError, match=r"row must be one of .*\[2015, 2024\], got 2030"):
        inequality.largest_members(sales, 2030, n=2)


# --- Gini, Theil, Dagum --------------------------------------------------------------------------

FIVE = np.array([1.0, 2.0, 3.0, 4.0, 10.0])
FIVE_GROUPS = np.array(["a", "a", "b", "b", "b"])


def test_gini_by_hand():
    # mean 4; Σ_i Σ_j |x_i − x_j| = 2 × 40 = 80; G = 80 / (2 × 5² × 4) = 0.4
    assert inequality.gini(FIVE) == pytest.approx(0.4)
    # weights (1, 3) on (1, 3): shares .25/.75, mean 2.5, Σ w w |d| = 2 × .25 × .75 × 2 = .75
    assert inequality.gini([1.0, 3.0], weights=[1.0, 3.0]) == pytest.approx(0.15)


def test_theil_by_hand():
    # mean 2: ½(½ ln ½) + ½(1.5 ln 1.5)
    expected = 0.5 * (0.5 * np.log(0.5)) + 0.5 * (1.5 * np.log(1.5))
    assert inequality.theil([1.0, 3.0]) == pytest.approx(expected)
    assert inequality.theil([1.0, 3.0], weights=[1.0, 1.0]) == pytest.approx(expected)


def test_theil_decomposition_by_hand():
    # groups a = {1, 2} (mean 1.5), b = {3, 4, 10} (mean 17/3); overall mean 4.
    between = 0.4 * (1.5 / 4) * np.log(1.5 / 4) + 0.6 * (17 / 3 / 4) * np.log(17 / 3 / 4)
    parts = inequality.theil_decomposition(FIVE, FIVE_GROUPS)
    assert parts["between"] == pytest.approx(between)
    assert parts["within"] + parts["between"] == pytest.approx(parts["total"])
    assert parts["between_share"] == pytest.approx(between / parts["total"])


def test_dagum_by_hand_without_overlap():
    # G_aa = mean |d| 0.5 / (2 × 1.5) = 1/6, p_a = .4, s_a = 6/40; G_bb = (28/9) / (2 × 17/3),
    # p_b = .6, s_b = 34/40; G_w = Σ G_jj p_j s_j = 0.01 + 0.14. No member of a exceeds one of b.
    parts = inequality.dagum_gini(FIVE, FIVE_GROUPS)
    assert parts["within"] == pytest.approx(0.15)
    assert parts["transvariation"] == pytest.approx(0.0)
    assert parts["net_between"] == pytest.approx(0.25)
    assert parts["total"] == pytest.approx(inequality.gini(FIVE))
    matrix = inequality.dagum_group_ginis(FIVE, FIVE_GROUPS)
    assert matrix.loc["a", "a"] == pytest.approx(1 / 6)
    assert matrix.loc["b", "b"] == pytest.approx(inequality.gini([3.0, 4.0, 10.0]))


def test_dagum_counts_overlap_as_transvariation():
    parts = inequality.dagum_gini([1.0, 5.0, 2.0, 6.0], ["a", "a", "b", "b"])
    assert parts["transvariation"] > 0
    assert parts["total"] == pytest.approx(inequality.gini([1.0, 5.0, 2.0, 6.0]))


positive_values = hnp.arrays(float, st.integers(2, 12), elements=st.floats(0.1, 1e4))


@given(positive_values, st.data())
def test_decompositions_add_up_and_match_pysal(values, draw):
    groups = np.array(
        draw.draw(st.lists(st.sampled_from("xyz"), min_size=len(values), max_size=len(values)))
    )
    from inequality.gini import Gini
    from inequality.theil import Theil

    assert inequality.gini(values) == pytest.approx(Gini(values).g)
    assert inequality.gini(values, np.ones(len(values))) == pytest.approx(Gini(values).g)
    assert inequality.theil(values, np.ones(len(values))) == pytest.approx(Theil(values).T)
    if len(set(groups)) < 2:
        return
    dagum = inequality.dagum_gini(values, groups)
    assert dagum["total"] == pytest.approx(inequality.gini(values), rel=1e-9, abs=1e-12)
    theil = inequality.theil_decomposition(values, groups)
    weighted = inequality.theil_decomposition(values, groups, np.ones(len(values)))
    assert theil["within"] + theil["between"] == pytest.approx(theil["total"])
    assert weighted["between"] == pytest.approx(theil["between"], abs=1e-9)


@given(positive_values, st.lists(st.integers(1, 4), min_size=12, max_size=12))
def test_integer_weights_equal_repeating_members(values, counts):
    counts = np.array(counts[: len(values)])
    repeated = np.repeat(values, counts)
    assert inequality.gini(values, counts) == pytest.approx(inequality.gini(repeated))
    assert inequality.theil(values, counts) == pytest.approx(inequality.theil(repeated), abs=1e-12)


def test_perfect_equality_gives_zero():
    equal = np.full(6, 3.0)
    groups = ["a", "a", "b", "b", "c", "c"]
    assert inequality.gini(equal) == pytest.approx(0.0)
    assert inequality.theil(equal) == pytest.approx(0.0, abs=1e-12)
    assert inequality.dagum_gini(equal, groups)["total"] == pytest.approx(0.0)
    assert inequality.theil_decomposition(equal, groups, np.arange(1.0, 7.0))["total"] == (
        pytest.approx(0.0, abs=1e-12)
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: inequality.gini([]), "values must be non-empty"),
        (lambda: inequality.gini([1.0, -2.0]), r"values\[1\] must be finite and between 0"),
        (lambda: inequality.gini([0.0, 0.0]), "values must have a positive total"),
        (lambda: inequality.gini([1.0, 2.0], weights=[1.0]), "weights must have one value per"),
        (lambda: inequality.gini([1.0, 2.0], weights=[1.0, -1.0]), r"weights\[1\] must be"),
        (lambda: inequality.theil([0.0, 2.0]), r"values\[0\] must be above 0"),
        (lambda: inequality.theil_decomposition([1.0, 2.0], ["a", "a"]), "at least two groups"),
        (lambda: inequality.dagum_gini([1.0, 2.0], ["a"]), "one group label per member"),
        (lambda: inequality.dagum_gini([1.0, 2.0], ["a", None]), "no label for member"),
    ],
)
def test_bad_distributions_name_the_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- over time, convergence, Moran's I ----------------------------------------------------------


@pytest.fixture
def panel() -> pd.DataFrame:
    """Three members over three years; C starts lowest and grows fastest."""
    return pd.DataFrame(
        {"A": [4.0, 5.0, 6.0], "B": [2.0, 3.0, 4.0], "C": [1.0, 2.0, 3.5]},
        index=pd.Index([2011, 2012, 2013], name="year"),
    )


def test_inequality_by_period_matches_the_single_measures(panel):
    groups = pd.Series({"A": "east", "B": "west", "C": "west"})
    table = inequality.inequality_by_period(panel, groups)
    assert list(table.index) == [2011, 2012, 2013]
    assert table.loc[2012, "gini"] == pytest.approx(inequality.gini([5.0, 3.0, 2.0]))
    parts = table[["dagum_within", "dagum_net_between", "dagum_transvariation"]].sum(axis=1)
    np.testing.assert_allclose(parts, table["gini"])


def test_a_member_without_group_is_named(panel):
    with pytest.raises(ValueError, match=r"groups has no value for member\(s\) \['C'\]"):
        inequality.inequality_by_period(panel, pd.Series({"A": "east", "B": "west"}))


def test_sigma_by_hand():
    table = pd.DataFrame({"A": [1.0], "B": [np.e]}, index=[2020])
    sigma = inequality.sigma_convergence(table)
    assert sigma.loc[2020, "sd_log"] == pytest.approx(0.5)  # ln values 0 and 1, ddof = 0
    assert sigma.loc[2020, "cv"] == pytest.approx((np.e - 1) / 2 / ((1 + np.e) / 2))


def test_trend_by_hand():
    result = inequality.trend(pd.Series([3.0, 2.0, 1.0, 0.0], index=[2020, 2021, 2022, 2023]))
    assert result["slope"] == pytest.approx(-1.0)
    assert result["n"] == 4


def test_beta_convergence_recovers_a_known_beta():
    # growth = 0.5 − 0.1 ln y0 exactly over 10 years
    initial = np.array([1.0, 2.0, 5.0, 10.0, 20.0])
    growth = 0.5 - 0.1 * np.log(initial)
    table = pd.DataFrame([initial, initial * np.exp(10 * growth)], index=[2010, 2020])
    result = inequality.beta_convergence(table, 2010, 2020)
    assert result.beta == pytest.approx(-0.1)
    half = pd.DataFrame(
        [initial, initial * np.exp(10 * (0.2 - 0.05 * np.log(initial)))], index=[2010, 2020]
    )
    slower = inequality.beta_convergence(half, 2010, 2020)
    assert slower.beta == pytest.approx(-0.05)
    assert slower.speed == pytest.approx(-np.log(1 - 0.5) / 10)
    assert slower.half_life == pytest.approx(np.log(2) / slower.speed)


def test_beta_convergence_with_controls_and_neighbours(panel):
    weights = inequality.contiguity_matrix(
        pd.DataFrame({"a": ["A", "B"], "b": ["B", "C"]}), panel.columns
    )
    controls = pd.DataFrame({"east": [1.0, 0.0, 0.0]}, index=["A", "B", "C"])
    with pytest.raises(ValueError, match="controls must have a row"):
        inequality.beta_convergence(panel, 2011, 2013, controls=controls.iloc[:2])
    result = inequality.beta_convergence(panel, 2011, 2012, neighbours=weights)
    assert "neighbours_log_initial" in result.coefficients.index


def test_panel_beta_recovers_a_known_beta():
    rng = np.random.default_rng(0)
    members, years, beta = 8, 6, -0.3
    levels = np.empty((years, members))
    levels[0] = rng.uniform(0, 2, members)
    fixed, shocks = rng.normal(0, 0.1, members), rng.normal(0, 0.1, years)
    for t in range(1, years):
        levels[t] = (1 + beta) * levels[t - 1] + fixed + shocks[t]
    table = pd.DataFrame(
        np.exp(levels), index=range(2010, 2010 + years), columns=[f"m{i}" for i in range(members)]
    )
    result = inequality.panel_beta_convergence(table)
    assert result.beta == pytest.approx(beta, abs=1e-8)
    assert result.speed == pytest.approx(-np.log(1 + beta))


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(2011, 2030, "end must be a period"), (2013, 2011, "end must come after start")],
)
def test_beta_convergence_names_bad_periods(panel, start, end, message):
    with pytest.raises(ValueError, match=message):
        inequality.beta_convergence(panel, start, end)


def test_contiguity_matrix_by_hand():
    matrix = inequality.contiguity_matrix(
        pd.DataFrame({"a": ["A", "B"], "b": ["B", "C"]}), ["A", "B", "C", "D"]
    )
    np.testing.assert_allclose(
        matrix.to_numpy(),
        [[0, 1, 0, 0], [0.5, 0, 0.5, 0], [0, 1, 0, 0], [0, 0, 0, 0]],  # D is an island
    )


def test_contiguity_names_an_unknown_member():
    with pytest.raises(ValueError, match=r"pairs name member\(s\) \['Z'\] not in members"):
        inequality.contiguity_matrix(pd.DataFrame({"a": ["A"], "b": ["Z"]}), ["A", "B"])


def test_morans_i_by_hand():
    members = list("ABCDE")
    chain = pd.DataFrame({"a": members[:-1], "b": members[1:]})
    weights = inequality.contiguity_matrix(chain, members)
    values = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0], index=members)
    z = values.to_numpy() - values.mean()
    w = weights.to_numpy()
    expected = len(z) / w.sum() * (z @ w @ z) / (z @ z)
    result = inequality.morans_i(values, weights)
    assert result["I"] == pytest.approx(expected)
    assert result["expected"] == pytest.approx(-1 / 4)
    assert result["I"] > 0  # a smooth gradient clusters


def test_an_empty_panel_is_named():
    with pytest.raises(ValueError, match="table is empty"):
        inequality.inequality_by_period(pd.DataFrame(), pd.Series(dtype=str))
    with pytest.raises(ValueError, match=r"table must be above 0 everywhere .*\(2012, 'B'\)"):
        inequality.sigma_convergence(
            pd.DataFrame({"A": [1.0, 2.0], "B": [1.0, 0.0]}, index=[2011, 2012])
        )


# --- level and gap, bootstrap, Newey-West trends, start years ------------------------------------


def test_gini_mean_decomposition_by_hand():
    # [1, 3]: mean 2, mean |x_i - x_j| over the 4 pairs = 1, Gini 1 / (2 * 2) = 0.25, gap 0.5.
    # Adding 10 leaves the gap at 0.5 and lowers the Gini to 0.5 / 12: all of its fall is the
    # mean's (mean_share 1), and the gains (10, 10) are perfectly even (Gini 0).
    table = pd.DataFrame({"a": [1.0, 11.0], "b": [3.0, 13.0]}, index=[2011, 2012])
    result = inequality.gini_mean_decomposition(table, 2011)
    assert result["gini"].tolist() == pytest.approx([0.25, 0.5 / 12])
    assert result["gap"].tolist() == pytest.approx([0.5, 0.5])
    assert result.loc[2012, "mean_share"] == pytest.approx(1.0)
    assert result.loc[2012, "gini_of_gain"] == pytest.approx(0.0)
    assert np.isnan(result.loc[2011, "gini_of_gain"])
    with pytest.raises(ValueError, match="base must be a period of the table"):
        inequality.gini_mean_decomposition(table, 2010)


@given(
    hnp.arrays(float, 6, elements=st.floats(1.0, 100.0)),
    st.floats(1.0, 1_000.0),
    st.floats(0.1, 10.0),
)
def test_the_gap_and_the_cv_of_gains_do_not_depend_on_origin_and_scale(values, shift, scale):
    gains = np.linspace(1.0, 6.0, 6)
    table = pd.DataFrame([values, values + gains], index=[0, 1])
    moved = shift + scale * table
    original = inequality.gini_mean_decomposition(table, 0)
    other = inequality.gini_mean_decomposition(moved, 0)
    assert other.loc[1, "gini_of_gain"] == pytest.approx(original.loc[1, "gini_of_gain"])
    assert other["gap"].to_numpy() == pytest.approx(scale * original["gap"].to_numpy())
    assert inequality.coefficient_of_variation(moved.loc[1] - moved.loc[0]) == pytest.approx(
        inequality.coefficient_of_variation(gains)
    )


def test_coefficient_of_variation_by_hand():
    assert inequality.coefficient_of_variation([1.0, 3.0]) == pytest.approx(0.5)  # sd 1, mean 2
    with pytest.raises(ValueError, match="values must have a positive mean"):
        inequality.coefficient_of_variation([-1.0, -3.0])


def test_bootstrap_keeps_members_paired_and_follows_its_seed():
    values = np.arange(1.0, 11.0)
    same = inequality.bootstrap_members(lambda a, b: a.sum() - b.sum(), values, values, draws=50)
    assert same.shape == (50,) and (same == 0).all()  # the same members are drawn for both
    means = inequality.bootstrap_members(np.mean, values, draws=4_000, seed=3)
    assert means.mean() == pytest.approx(5.5, abs=0.05)  # the bootstrap mean centres on 5.5
    assert means.std() == pytest.approx(np.std(values) / np.sqrt(10), rel=0.05)
    again = inequality.bootstrap_members(np.mean, values, draws=4_000, seed=3)
    assert (again == means).all()
    with pytest.raises(ValueError, match="samples must be one-dimensional and of equal length"):
        inequality.bootstrap_members(np.mean, values, values[:5])


def test_newey_west_trend_by_hand():
    y = pd.Series([5.0, 4.1, 3.6, 2.2, 2.0, 1.1, 0.3, 0.2, -0.9, -1.0], index=range(2011, 2021))
    result = inequality.trend(y, hac_lags=2)
    x = np.column_stack([np.ones(10), np.arange(2011.0, 2021.0)])
    coef = np.linalg.lstsq(x, y.to_numpy(), rcond=None)[0]
    residual = y.to_numpy() - x @ coef
    scores = x * residual[:, None]
    meat = scores.T @ scores
    for lag in (1, 2):  # Bartlett weights 1 - lag / (lags + 1)
        cross = scores[lag:].T @ scores[:-lag]
        meat += (1 - lag / 3) * (cross + cross.T)
    bread = np.linalg.inv(x.T @ x)
    assert result["slope"] == pytest.approx(coef[1])
    assert result["std_error"] == pytest.approx(np.sqrt((bread @ meat @ bread)[1, 1]))
    assert result["lags"] == 2
    assert inequality.trend(y)["lags"] == 0
    with pytest.raises(ValueError, match="hac_lags must be below n - 2 = 8"):
        inequality.trend(y, hac_lags=8)


def test_newey_west_lag_rule():
    assert [inequality.newey_west_lags(n) for n in (6, 13, 100, 300)] == [2, 2, 4, 5]


def test_change_by_period_by_hand():
    result = inequality.change_by_period(pd.Series([3.0, 1.0, 0.0], index=[1, 2, 3]))
    assert result["change"].tolist() == [-2.0, -1.0]
    assert result["share_of_total"].tolist() == pytest.approx([2 / 3, 1 / 3])
    with pytest.raises(ValueError, match="ends where it starts"):
        inequality.change_by_period(pd.Series([1.0, 2.0, 1.0]))


def test_beta_reaches_its_mechanical_limit_when_members_end_level():
    # Every member ends at 100: growth = (ln 100 - ln x_start) / T, so β = -1/T with R² = 1.
    rng = np.random.default_rng(1)
    start = rng.uniform(10, 50, size=8)
    table = pd.DataFrame(
        [start, (start + 100) / 2, np.full(8, 100.0), np.full(8, 100.0)], index=[0, 1, 2, 3]
    )
    result = inequality.convergence_by_start(table, [0, 1], 3, hac_lags=0)
    assert result["beta"].tolist() == pytest.approx([-1 / 3, -1 / 2])
    assert result["beta_limit"].tolist() == pytest.approx([-1 / 3, -1 / 2])
    assert result["r_squared"].tolist() == pytest.approx([1.0, 1.0])
    assert result.loc[0, "sigma_end"] == pytest.approx(0.0, abs=1e-12)


def test_a_beta_too_small_to_move_has_no_half_life():
    # 1 + β rounds to 1: speed 0 and an infinite half-life, without a division by zero
    assert inequality._speed(-1e-18, 1.0, per_year=True) == (0.0, np.inf)
    speed, half_life = inequality._speed(-0.1, 1.0, per_year=True)
    assert speed == pytest.approx(-np.log(0.9)) and half_life == pytest.approx(np.log(2) / speed)
