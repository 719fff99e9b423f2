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
