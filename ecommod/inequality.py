"""Regional concentration of a member-by-period table (e.g. provinces by year).

A table here is a ``pandas.DataFrame`` with one row per period (a year) and one column per member
(a province), holding a non-negative amount in one unit (e.g. 亿元 of e-commerce sales). Shares are
in percent of the row's total over all members. Gini, Theil and convergence measures for §5 will
join this module.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def _check_table(table: pd.DataFrame) -> np.ndarray:
    """Validate a member-by-period table; return its values as floats."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(
            f"table must be a pandas DataFrame (rows: periods, columns: members), "
            f"got {type(table).__name__}"
        )
    if table.empty:
        raise ValueError(
            f"table is empty ({table.shape[0]} rows, {table.shape[1]} columns); "
            f"expected at least one period and one member"
        )
    non_numeric = [c for c in table.columns if not pd.api.types.is_numeric_dtype(table[c])]
    if non_numeric:
        raise ValueError(f"table must hold numbers; columns {non_numeric} do not")
    values = table.to_numpy(dtype=float)
    for problem, mask in (("missing values", np.isnan(values)), ("negative values", values < 0)):
        if mask.any():
            rows, columns = np.nonzero(mask)
            labels = zip(table.index[rows].tolist(), table.columns[columns].tolist(), strict=True)
            where = list(labels)
            raise ValueError(
                f"table has {problem} at (row, column) {where[:5]}"
                f"{' and more' if len(where) > 5 else ''}; expected amounts >= 0 for every member"
            )
    zero_rows = table.index[values.sum(axis=1) == 0].tolist()
    if zero_rows:
        raise ValueError(f"table rows {zero_rows} sum to 0, so no share of them is defined")
    return values


def _check_n(n: object, n_members: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 1 <= n <= n_members:
        raise ValueError(
            f"n must be a whole number of members in 1..{n_members} (the table's columns), "
            f"got {n!r}"
        )


def top_n_share(table: pd.DataFrame, n: int = 5) -> pd.Series:
    """Share (%) of the ``n`` largest members in each row's total, one value per row.

    The ``n`` largest are chosen row by row, so they may differ between years.
    """
    values = _check_table(table)
    _check_n(n, values.shape[1])
    largest = -np.sort(-values, axis=1)[:, :n]
    shares = largest.sum(axis=1) / values.sum(axis=1) * 100.0
    return pd.Series(shares, index=table.index, name=f"top_{n}_share_pct")


def largest_members(table: pd.DataFrame, row: object, n: int = 5) -> pd.DataFrame:
    """The ``n`` largest members in ``row`` (a period label): amount and share (%) of the total.

    Columns ``value`` (the table's unit) and ``share_pct``; index: the members, largest first
    (ties in the order of the table's columns).
    """
    values = _check_table(table)
    _check_n(n, values.shape[1])
    if row not in table.index:
        raise ValueError(f"row must be one of the table's rows {list(table.index)}, got {row!r}")
    amounts = table.loc[row].astype(float)
    leaders = amounts.sort_values(ascending=False, kind="stable").head(n)
    result = pd.DataFrame({"value": leaders, "share_pct": leaders / amounts.sum() * 100.0})
    result.index.name = table.columns.name
    return result
