"""Composite indices over any panel: normalisation, entropy weights, coupling coordination.

Shared by the logic chapter (§3, the two "wheels" of technology and finance) and the path chapter
(§4.1-4.3, one index per stage). Every function takes a DataFrame whose rows are units (for
example province-years) and whose columns are indicators; none knows about provinces or years
except :func:`variance_decomposition`, which is told which column is which.

**Fixed base.** Min-max bounds and entropy weights computed over all rows move every past value
when a row (a year) is added. :func:`fit_base` takes them from a declared base (a set of rows,
e.g. the years of a base period) once; :func:`base_index` applies them to any rows, so adding a
year leaves every earlier value unchanged. A value beyond the base bounds is extended linearly
(``beyond="extend"``: an indicator above the base maximum scores above 1, below the minimum
below 0) or capped to [0, 1] (``beyond="clip"``: growth beyond the base is then not seen).

The coupling coordination model for two subsystems with levels u1, u2 in [0, 1]:

* traditional coupling C = 2·sqrt(u1·u2) / (u1 + u2), in [0, 1] (1 when the two levels are
  equal, whatever their size: (0.01, 0.01) couples as well as (0.9, 0.9));
* modified coupling of Wang et al. (2021; bib key ``wang2021coupling``, as defined in the copy
  read, the ``coupling`` R package's description of their model, doi 10.31497/zrzyxb.20210319):
  for n subsystems C = sqrt([1 − Σ_{i>j} |u_i − u_j| / Σ_{m=1}^{n−1} m]
  · (Π_i (u_i / max u))^{1/(n−1)}); for two C = sqrt((1 − |u1 − u2|) · min(u1, u2) / max(u1, u2)):
  it falls with the gap between the levels, not only with their ratio, and spreads over [0, 1]
  instead of crowding near 1;
* comprehensive development T = α·u1 + β·u2 with α + β = 1;
* coordination D = sqrt(C·T), in [0, 1].

D is read in ten classes of width 0.1, from "extreme imbalance" to "high-quality coordination"
(:data:`COORDINATION_LEVELS`, the grading used e.g. by Tian et al. 2021; bib key
``tian2021coupling``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ecommod import validate
from ecommod.language import t

#: Declared base period (first and last year, inclusive) of the book's provincial composite
#: indices: the years of the joined provincial panel in this edition. A later edition that adds
#: a year keeps this base, so every value printed here stays as printed.
BASE_YEARS = (2015, 2023)

#: The ten classes of D, each the interval (lower, lower + 0.1]; D = 0 is in the first.
COORDINATION_LEVELS = (
    "extreme imbalance",
    "severe imbalance",
    "moderate imbalance",
    "mild imbalance",
    "verging on imbalance",
    "barely coordinated",
    "primary coordination",
    "intermediate coordination",
    "good coordination",
    "high-quality coordination",
)
#: The same classes in Chinese, as the literature names them (极度失调 … 优质协调).
COORDINATION_LEVELS_ZH = (
    "极度失调",
    "严重失调",
    "中度失调",
    "轻度失调",
    "濒临失调",
    "勉强协调",
    "初级协调",
    "中级协调",
    "良好协调",
    "优质协调",
)
# Each class's Chinese is its twin where a chapter shows it (ecommod/language.py).
COORDINATION_LEVELS = tuple(
    t(en, zh) for en, zh in zip(COORDINATION_LEVELS, COORDINATION_LEVELS_ZH, strict=True)
)


def _numeric_frame(name: str, frame: pd.DataFrame, *, unit_interval: bool = False) -> np.ndarray:
    """The frame's values as floats, after checking it is non-empty, numeric and complete (and,
    with ``unit_interval``, in [0, 1]). One pass finds the minimum, which is NaN exactly when a
    value is missing."""
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    if frame.empty or frame.shape[1] == 0:
        raise ValueError(f"{name} must have at least one row and one column, got {frame.shape}")
    for column, dtype in frame.dtypes.items():
        if not pd.api.types.is_numeric_dtype(dtype):
            raise ValueError(f"{name} column {column!r} must be numeric, got {dtype}")
    values = frame.to_numpy(dtype=float)
    lowest = values.min()
    if np.isnan(lowest):
        row, column = np.argwhere(np.isnan(values))[0]
        raise ValueError(
            f"{name} column {frame.columns[column]!r} has a missing value at "
            f"{frame.index[row]!r}: drop or fill missing indicators before building an index"
        )
    if unit_interval and (lowest < 0 or values.max() > 1):
        outside = (values < 0) | (values > 1)
        column = frame.columns[outside.any(axis=0)][0]
        raise ValueError(
            f"{name} column {column!r} has values outside [0, 1]: pass normalise(...)'s result"
        )
    return values


def _column_list(name: str, columns):
    """Column names (a list or tuple; a string is one name, not a list of its letters)."""
    if isinstance(columns, str) or not isinstance(columns, list | tuple | set | frozenset):
        raise ValueError(f"{name} must be a list of column names, got {columns!r}")
    return columns


def normalise(
    frame: pd.DataFrame,
    *,
    negative: Iterable[str] = (),
    bounds: tuple[pd.Series, pd.Series] | None = None,
    beyond: str = "extend",
) -> pd.DataFrame:
    """Min-max normalise every column, over all rows or to fixed ``bounds``.

    A positive indicator becomes (x − min) / (max − min); an indicator named in ``negative``
    (more is worse, e.g. cost) becomes (max − x) / (max − min). Without ``bounds`` min and max
    are the frame's own (every value in [0, 1]); with ``bounds = (low, high)`` (Series indexed by
    column, e.g. :class:`IndexBase`'s) they are fixed, and a value outside them is extended
    linearly (``beyond="extend"``) or capped to [0, 1] (``"clip"``). A constant column carries
    no information and is refused, naming the column.
    """
    raw = _numeric_frame("frame", frame)
    validate.one_of("beyond", beyond, {"extend", "clip"})
    negative = list(_column_list("negative", negative))
    unknown = [column for column in negative if column not in frame.columns]
    if unknown:
        raise ValueError(f"negative names column(s) {unknown} not in frame {list(frame.columns)}")
    if bounds is None:
        low, high = raw.min(axis=0), raw.max(axis=0)
    else:
        low, high = (pd.Series(b, dtype=float) for b in bounds)
        absent = [c for c in frame.columns if c not in low.index or c not in high.index]
        if absent:
            raise ValueError(f"bounds have no low and high for column(s) {absent}")
        low, high = low[frame.columns].to_numpy(), high[frame.columns].to_numpy()
    spread = high - low
    constant = frame.columns[~(spread > 0)].tolist()
    if constant:
        raise ValueError(
            f"frame column(s) {constant} are constant: min-max normalisation needs spread"
        )
    values = raw - low
    values /= spread
    for position, column in enumerate(frame.columns):
        if column in negative:
            values[:, position] = 1.0 - values[:, position]
    if beyond == "clip":
        np.clip(values, 0.0, 1.0, out=values)
    return pd.DataFrame(values, index=frame.index, columns=frame.columns, copy=False)


@dataclass(frozen=True)
class IndexBase:
    """The fixed base of a composite index: bounds and entropy weights of a declared base.

    ``low`` and ``high`` are each indicator's minimum and maximum over the base rows (natural
    units), ``weights`` the entropy weights of the base rows normalised to them, ``negative``
    the indicators where more is worse.
    """

    low: pd.Series
    high: pd.Series
    weights: pd.Series
    negative: tuple[str, ...] = ()


def fit_base(frame: pd.DataFrame, base=None, *, negative: Iterable[str] = ()) -> IndexBase:
    """Bounds and entropy weights from the base rows of ``frame`` (all rows if ``base`` is None).

    ``base`` is a boolean mask over the rows (e.g. ``panel["year"].between(2015, 2023)``); it
    must select at least two rows.
    """
    _numeric_frame("frame", frame)
    if base is None:
        rows = frame
    else:
        mask = np.asarray(base)
        if mask.dtype != bool or mask.shape != (len(frame),):
            raise ValueError(
                f"base must be a boolean mask with one entry per row ({len(frame)}), "
                f"got dtype {mask.dtype} and shape {mask.shape}"
            )
        rows = frame[mask]
    if len(rows) < 2:
        raise ValueError(f"base must select at least 2 rows, got {len(rows)}")
    negative = tuple(_column_list("negative", negative))
    normalised = normalise(rows, negative=negative)
    return IndexBase(
        low=rows.min().astype(float),
        high=rows.max().astype(float),
        weights=entropy_weights(normalised),
        negative=negative,
    )


def base_index(frame: pd.DataFrame, base: IndexBase, *, beyond: str = "extend") -> pd.Series:
    """The composite index of every row on a fixed base (see :func:`fit_base`).

    Each row's value depends only on that row and the base: adding rows (years) leaves it
    unchanged. Rows of the base lie in [0, 1]; others may leave it with ``beyond="extend"``.
    """
    if not isinstance(base, IndexBase):
        raise ValueError(f"base must be an IndexBase (from fit_base), got {type(base).__name__}")
    validate.columns("frame", frame, list(base.weights.index))
    normalised = normalise(
        frame[list(base.weights.index)],
        negative=base.negative,
        bounds=(base.low, base.high),
        beyond=beyond,
    )
    return (normalised @ base.weights).rename("index")


def entropy_weights(normalised: pd.DataFrame) -> pd.Series:
    """Entropy-method weights of the columns of a normalised frame (sum to 1).

    With p_ij = x_ij / Σ_i x_ij, the entropy of indicator j is e_j = −Σ_i p_ij ln p_ij / ln n
    (0·ln 0 = 0), its divergence d_j = 1 − e_j, and its weight d_j / Σ_j d_j: an indicator that
    varies more across units gets more weight. Needs at least two rows and a column total above
    zero in every column.
    """
    values = _numeric_frame("normalised", normalised, unit_interval=True)
    rows = len(normalised)
    if rows < 2:
        raise ValueError(f"normalised must have at least 2 rows for entropy weights, got {rows}")
    totals = values.sum(axis=0)
    if (totals == 0).any():
        column = normalised.columns[totals == 0][0]
        raise ValueError(f"normalised column {column!r} is zero in every row: it has no entropy")
    # Σ p ln p with p = x / T equals Σ x ln x / T − ln T (0 · ln 0 = 0): no array of shares.
    with np.errstate(divide="ignore"):
        logs = np.log(values)
    logs[values == 0] = 0.0
    x_log_x = np.einsum("ij,ij->j", values, logs)
    entropy = -(x_log_x / totals - np.log(totals)) / np.log(rows)
    divergence = 1.0 - entropy
    if divergence.sum() <= 0:
        raise ValueError("normalised columns are all uniform: entropy weights are undefined")
    return pd.Series(divergence / divergence.sum(), index=normalised.columns, name="weight")


def composite_index(normalised: pd.DataFrame, weights: pd.Series) -> pd.Series:
    """The weighted sum of normalised indicators, one value in [0, 1] per row.

    ``weights`` is indexed by the frame's columns, non-negative and sums to 1.
    """
    values = _numeric_frame("normalised", normalised, unit_interval=True)
    if not isinstance(weights, pd.Series):
        raise ValueError(f"weights must be a pandas Series, got {type(weights).__name__}")
    if set(weights.index) != set(normalised.columns):
        raise ValueError(
            f"weights index {list(weights.index)} must name exactly the columns "
            f"{list(normalised.columns)}"
        )
    validate.array("weights", weights.to_numpy(), low=0.0)
    if not np.isclose(weights.sum(), 1.0):
        raise ValueError(f"weights must sum to 1, got {weights.sum():.6g}")
    combined = values @ weights.reindex(normalised.columns).to_numpy(dtype=float)
    return pd.Series(combined, index=normalised.index, name="index", copy=False)


def coupling_coordination(
    u1: pd.Series,
    u2: pd.Series,
    *,
    alpha: float = 0.5,
    beta: float = 0.5,
    model: str = "traditional",
) -> pd.DataFrame:
    """Coupling C, comprehensive development T and coordination D of two subsystems.

    ``u1`` and ``u2`` are subsystem levels in [0, 1] on the same index (e.g. province-years);
    ``alpha`` and ``beta`` weight them in T and sum to 1; ``model`` is ``"traditional"`` or
    ``"modified"`` (Wang et al. 2021; formulas in the module docstring). Where both levels are
    zero there is nothing to couple: C = T = D = 0.
    """
    validate.one_of("model", model, {"traditional", "modified"})
    for name, series in (("u1", u1), ("u2", u2)):
        if not isinstance(series, pd.Series):
            raise ValueError(f"{name} must be a pandas Series, got {type(series).__name__}")
        values = series.to_numpy(dtype=float) if series.size else None
        # One min/max pass (NaN fails both tests); the full check names the bad element.
        if values is None or not (values.min() >= 0.0 and values.max() <= 1.0):
            validate.array(name, series.to_numpy(), low=0.0, high=1.0)
    if not u1.index.equals(u2.index):
        only_u1 = u1.index.difference(u2.index).tolist()[:3]
        only_u2 = u2.index.difference(u1.index).tolist()[:3]
        raise ValueError(
            "u1 and u2 must have the same index (the same units in the same order); "
            f"only in u1: {only_u1}, only in u2: {only_u2}"
        )
    validate.share("alpha", alpha)
    validate.share("beta", beta)
    if not np.isclose(alpha + beta, 1.0):
        raise ValueError(f"alpha + beta must be 1, got {alpha} + {beta} = {alpha + beta:g}")
    a, b = u1.to_numpy(dtype=float), u2.to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if model == "traditional":
            total = a + b
            coupling = np.multiply(a, b)
            np.sqrt(coupling, out=coupling)
            coupling *= 2.0
            coupling /= total
            coupling[total == 0] = 0.0  # both levels zero: nothing to couple
        else:
            larger = np.maximum(a, b)
            coupling = np.minimum(a, b)
            coupling /= larger
            coupling[larger == 0] = 0.0
            coupling *= 1.0 - np.abs(a - b)
            np.sqrt(coupling, out=coupling)
    development = alpha * a
    development += beta * b
    coordination = coupling * development
    np.sqrt(coordination, out=coordination)
    return pd.DataFrame(
        {"C": coupling, "T": development, "D": coordination}, index=u1.index, copy=False
    )


def coordination_level(d: pd.Series, *, language: str = "en") -> pd.Series:
    """The coordination class of each D (ten classes of width 0.1; see the module docstring)."""
    if not isinstance(d, pd.Series):
        raise ValueError(f"d must be a pandas Series, got {type(d).__name__}")
    validate.one_of("language", language, {"en", "zh"})
    values = validate.array("d", d.to_numpy(), low=0.0, high=1.0)
    labels = COORDINATION_LEVELS if language == "en" else COORDINATION_LEVELS_ZH
    # Class k holds (k/10, (k+1)/10]; D = 0 belongs to the first. Rounding first keeps 0.3 in
    # the class it is printed in despite binary floating point.
    classes = np.clip(np.ceil(np.round(values * 10, 9)) - 1, 0, 9).astype(int)
    return pd.Series(
        pd.Categorical.from_codes(classes, categories=list(labels), ordered=True),
        index=d.index,
        name="coordination_level",
    )


def variance_decomposition(
    frame: pd.DataFrame, value: str, *, period: str = "year", unit: str = "prov_code"
) -> pd.Series:
    """How much of ``value``'s variance is the calendar trend, and how much is between units.

    Shares (fractions, summing to 1) of the total sum of squares about the grand mean:
    ``period`` is the share explained by period (year) means alone (the common calendar trend);
    ``unit`` the further share explained by adding unit (province) effects (lasting differences
    between provinces, net of the trend); ``residual`` what neither explains (provinces moving
    differently over time). On a balanced panel the first two are the usual two-way ANOVA sums
    of squares; on an unbalanced one they are sequential (period first). Rows with a missing
    value are dropped.
    """
    validate.instance("frame", frame, pd.DataFrame, "a pandas DataFrame")
    for name, column in (("value", value), ("period", period), ("unit", unit)):
        validate.text(name, column)
    validate.columns("frame", frame, (value, period, unit))
    data = frame[[value, period, unit]].dropna()
    if len(data) < 3:
        raise ValueError(f"frame must have at least 3 complete rows, got {len(data)}")
    y = data[value].to_numpy(dtype=float)
    centred = y - y.mean()
    total = centred @ centred
    if total == 0:
        raise ValueError(f"frame column {value!r} is constant: there is no variance to split")
    periods = pd.get_dummies(data[period], dtype=float).to_numpy()
    units = pd.get_dummies(data[unit], dtype=float).to_numpy()

    def explained(design: np.ndarray) -> float:
        fitted = design @ np.linalg.lstsq(design, y, rcond=None)[0]
        return float(((fitted - y.mean()) ** 2).sum() / total)

    by_period = explained(periods)
    both = explained(np.column_stack([periods, units]))
    return pd.Series(
        {"period": by_period, "unit": both - by_period, "residual": 1.0 - both},
        name=f"share of the variance of {value}",
    )
