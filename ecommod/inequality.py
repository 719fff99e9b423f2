"""Inequality across members (provinces, cities) and over time: general functions over any panel.

A table here is a ``pandas.DataFrame`` with one row per period (a year) and one column per member
(a province), holding a non-negative amount in one unit (e.g. 亿元 of e-commerce sales). Shares are
in percent of the row's total over all members.

* Concentration: :func:`top_n_share`, :func:`largest_members` (the market chapter).
* One distribution: :func:`gini` and :func:`theil` (PySAL ``inequality``; population weights
  optional), :func:`theil_decomposition` (within / between groups), :func:`dagum_gini` (Dagum
  1997, written here: PySAL has none).
* Over time: :func:`inequality_by_period`, how much of a Gini's change is the mean's
  (:func:`gini_mean_decomposition`), σ-convergence (:func:`sigma_convergence`, :func:`trend` with
  optional Newey-West errors, :func:`change_by_period`), β-convergence (:func:`beta_convergence`
  in the cross-section, :func:`panel_beta_convergence` with fixed effects) and both for every
  start year (:func:`convergence_by_start`).
* Uncertainty over members: :func:`coefficient_of_variation`, :func:`bootstrap_members`.
* Space: :func:`contiguity_matrix` and :func:`morans_i` (libpysal, esda).

Heavy libraries (PySAL, statsmodels, linearmodels, scipy) are imported inside the functions.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from ecommod import validate


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
    validate.one_of("row", row, table.index)
    amounts = table.loc[row].astype(float)
    leaders = amounts.sort_values(ascending=False, kind="stable").head(n)
    result = pd.DataFrame({"value": leaders, "share_pct": leaders / amounts.sum() * 100.0})
    result.index.name = table.columns.name
    return result


# --- inequality of one distribution ------------------------------------------------------------
#
# A distribution here is one value per member (a province's index in one year) with optional
# weights (the member's population). Unweighted Gini and Theil come from PySAL's ``inequality``
# package; the package takes no weights, so the weighted forms are computed here and tested to
# equal the package's when all weights are equal.


def _check_values(values, *, name: str = "values") -> np.ndarray:
    values = validate.array(name, values, low=0.0)
    if values.ndim != 1:
        raise ValueError(
            f"{name} must be one-dimensional (one value per member), got {values.shape}"
        )
    if values.sum() <= 0:
        raise ValueError(f"{name} must have a positive total, got total {values.sum()!r}")
    return values


def _check_weights(weights, n_members: int) -> np.ndarray | None:
    if weights is None:
        return None
    weights = validate.array("weights", weights, low=0.0)
    if weights.shape != (n_members,):
        raise ValueError(
            f"weights must have one value per member ({n_members}), got shape {weights.shape}"
        )
    if weights.sum() <= 0:
        raise ValueError(f"weights must have a positive total, got {weights.sum()!r}")
    return weights


def gini(values, weights=None) -> float:
    """Gini coefficient of ``values`` (>= 0), 0 for perfect equality; optional member weights.

    G = Σ_i Σ_j w_i w_j |x_i − x_j| / (2 W² μ), μ the weighted mean. Unweighted: PySAL
    ``inequality.gini.Gini`` (the same formula with w = 1).
    """
    values = _check_values(values)
    weights = _check_weights(weights, values.size)
    if weights is None:
        from inequality.gini import Gini

        return float(Gini(values).g)
    # Σ_j p_j |x_i − x_j| from cumulative sums over the sorted values: O(n log n), no n x n matrix.
    order = np.argsort(values, kind="stable")
    sorted_values, shares = values[order], (weights / weights.sum())[order]
    weighted = shares * sorted_values
    below_share = np.cumsum(shares) - shares
    below_amount = np.cumsum(weighted) - weighted
    above_share = 1.0 - below_share - shares
    above_amount = weighted.sum() - below_amount - weighted
    distance = sorted_values * (below_share - above_share) + above_amount - below_amount
    return float(shares @ distance / (2.0 * weighted.sum()))


def theil(values, weights=None) -> float:
    """Theil's T of ``values`` (> 0), 0 for perfect equality; optional member weights.

    T = Σ_i p_i (x_i/μ) ln(x_i/μ), p_i the weight shares and μ = Σ p_i x_i. Unweighted: PySAL
    ``inequality.theil.Theil``.
    """
    values = _check_positive(values)
    weights = _check_weights(weights, values.size)
    if weights is None:
        from inequality.theil import Theil

        return float(Theil(values).T)
    shares = weights / weights.sum()
    ratio = values / (shares @ values)
    return float(shares @ (ratio * np.log(ratio)))


def _check_positive(values, *, name: str = "values") -> np.ndarray:
    values = _check_values(values, name=name)
    if (values <= 0).any():
        position = int(np.argmax(values <= 0))
        raise ValueError(
            f"{name}[{position}] must be above 0 (Theil's T takes logarithms), "
            f"got {values[position]!r}"
        )
    return values


def _check_groups(groups, n_members: int) -> np.ndarray:
    groups = np.asarray(groups, dtype=object)
    if groups.shape != (n_members,):
        raise ValueError(
            f"groups must give one group label per member ({n_members}), got shape {groups.shape}"
        )
    missing = [i for i, g in enumerate(groups) if g is None or (isinstance(g, float) and g != g)]
    if missing:
        raise ValueError(f"groups has no label for member(s) at position {missing[:5]}")
    if len(set(groups.tolist())) < 2:
        raise ValueError(
            f"groups must hold at least two groups to decompose, got {sorted(set(groups.tolist()))}"
        )
    return groups


def theil_decomposition(values, groups, weights=None) -> pd.Series:
    """Theil's T split into within- and between-group parts (they add up to the total).

    Returns ``total``, ``within``, ``between`` and ``between_share`` (between / total, a fraction).
    Between: the Theil of the group means with each group's weight (Σ_g P_g (μ_g/μ) ln(μ_g/μ));
    within: Σ_g P_g (μ_g/μ) T_g. Unweighted: PySAL ``inequality.theil.TheilD``.
    """
    values = _check_positive(values)
    groups = _check_groups(groups, values.size)
    weights = _check_weights(weights, values.size)
    if weights is None:
        from inequality.theil import TheilD

        decomposition = TheilD(values, groups)
        total, between = float(decomposition.T), float(np.ravel(decomposition.bg)[0])
    else:
        shares = weights / weights.sum()
        mean = shares @ values
        total = theil(values, weights)
        between = 0.0
        for label in _ordered_labels(groups):
            member = groups == label
            group_share = shares[member].sum()
            group_mean = shares[member] @ values[member] / group_share
            between += group_share * group_mean / mean * np.log(group_mean / mean)
    within = total - between
    return pd.Series(
        {
            "total": total,
            "within": within,
            "between": between,
            "between_share": between / total if total > 0 else np.nan,
        }
    )


def _ordered_labels(groups: np.ndarray) -> list:
    """Group labels in the order they first appear (stable, independent of label types)."""
    return list(dict.fromkeys(groups.tolist()))


def dagum_gini(values, groups) -> pd.Series:
    """Dagum's (1997) decomposition of the Gini coefficient by groups (unweighted members).

    G = G_w + G_nb + G_t: ``within`` (inequality inside the groups), ``net_between`` (the
    between-group gaps net of overlap) and ``transvariation`` (members of a poorer group above
    members of a richer one). Also returns ``total`` and the three parts as shares of it. PySAL
    has no Dagum decomposition; this follows Dagum (1997), Empirical Economics 22: 515-531.
    """
    values = _check_values(values)
    groups = _check_groups(groups, values.size)
    parts = _dagum_parts(values, groups)
    total = parts["within"] + parts["net_between"] + parts["transvariation"]
    result = {"total": total, **parts}
    for part in ("within", "net_between", "transvariation"):
        result[f"{part}_share"] = parts[part] / total if total > 0 else np.nan
    return pd.Series(result)


def dagum_group_ginis(values, groups) -> pd.DataFrame:
    """Dagum's group Ginis: G_jj on the diagonal, between-group G_jh off it (groups by label)."""
    values = _check_values(values)
    groups = _check_groups(groups, values.size)
    labels = _ordered_labels(groups)
    matrix = pd.DataFrame(np.nan, index=labels, columns=labels)
    for j in labels:
        for h in labels:
            matrix.loc[j, h] = _pair_gini(values[groups == j], values[groups == h])
    return matrix


def _pair_gini(first: np.ndarray, second: np.ndarray) -> float:
    """G_jh = Σ_i Σ_r |y_ji − y_hr| / (n_j n_h (μ_j + μ_h)); for j = h this is the group's Gini."""
    spread = np.abs(first[:, None] - second[None, :]).mean()
    return float(spread / (first.mean() + second.mean()))


def _dagum_parts(values: np.ndarray, groups: np.ndarray) -> dict[str, float]:
    n, mean = values.size, values.mean()
    labels = sorted(_ordered_labels(groups), key=lambda g: values[groups == g].mean())
    members = {g: values[groups == g] for g in labels}
    population = {g: members[g].size / n for g in labels}
    income = {g: members[g].sum() / (n * mean) for g in labels}
    within = sum(_pair_gini(members[g], members[g]) * population[g] * income[g] for g in labels)
    net_between = transvariation = 0.0
    for position, richer in enumerate(labels):
        for poorer in labels[:position]:
            gap = members[richer][:, None] - members[poorer][None, :]
            gross, overlap = np.clip(gap, 0, None).mean(), np.clip(-gap, 0, None).mean()
            relative = (gross - overlap) / (gross + overlap) if gross + overlap > 0 else 0.0
            weight = population[richer] * income[poorer] + population[poorer] * income[richer]
            pair = _pair_gini(members[richer], members[poorer]) * weight
            net_between += pair * relative
            transvariation += pair * (1.0 - relative)
    return {"within": within, "net_between": net_between, "transvariation": transvariation}


# --- inequality over time, convergence -----------------------------------------------------------
#
# A panel here is a period-by-member table as above (rows: years, columns: provinces) of positive
# values of one indicator. Groups and weights are indexed by member.


def _check_panel(table: pd.DataFrame, *, name: str = "table") -> pd.DataFrame:
    values = _check_table(table)
    if (values <= 0).any():
        rows, columns = np.nonzero(values <= 0)
        raise ValueError(
            f"{name} must be above 0 everywhere (logarithms are taken); "
            f"got {values[rows[0], columns[0]].item()!r} at ({table.index.tolist()[rows[0]]!r}, "
            f"{table.columns.tolist()[columns[0]]!r})"
        )
    return table.astype(float)


def _member_series(series: pd.Series | None, members: pd.Index, name: str) -> pd.Series | None:
    if series is None:
        return None
    validate.instance(name, series, pd.Series, "a pandas Series indexed by member")
    missing = [m for m in members if m not in series.index]
    if missing:
        raise ValueError(f"{name} has no value for member(s) {missing[:5]} of the table")
    return series.reindex(members)


def inequality_by_period(
    table: pd.DataFrame, groups: pd.Series, weights: pd.Series | None = None
) -> pd.DataFrame:
    """Gini, Theil (within / between groups) and Dagum's parts for every row of ``table``.

    ``groups`` maps each member (column) to its group; ``weights`` (optional) to its weight, used
    by Gini and Theil (Dagum's decomposition is unweighted). One row per period.
    """
    table = _check_panel(table)
    validate.instance("groups", groups, pd.Series, "a pandas Series of groups by member")
    groups = _member_series(groups, table.columns, "groups")
    weights = _member_series(weights, table.columns, "weights")
    rows = {}
    for period, row in table.iterrows():
        w = None if weights is None else weights.to_numpy(dtype=float)
        theil_parts = theil_decomposition(row.to_numpy(), groups.to_numpy(), w)
        dagum = dagum_gini(row.to_numpy(), groups.to_numpy())
        rows[period] = {
            "gini": gini(row.to_numpy(), w),
            "theil": theil_parts["total"],
            "theil_within": theil_parts["within"],
            "theil_between": theil_parts["between"],
            "theil_between_share": theil_parts["between_share"],
            "dagum_within": dagum["within"],
            "dagum_net_between": dagum["net_between"],
            "dagum_transvariation": dagum["transvariation"],
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis(table.index.name)


def gini_mean_decomposition(table: pd.DataFrame, base) -> pd.DataFrame:
    """How much of the change of the Gini since period ``base`` is the mean's, period by period.

    The Gini is the gap divided by the mean, G = D / μ, with D = G·μ half the mean absolute
    difference between two members (in the table's unit), so ln G_t − ln G_base =
    (ln D_t − ln D_base) − (ln μ_t − ln μ_base) exactly. Adding a constant to every member leaves
    D unchanged and lowers G: for an index with an arbitrary origin, only D and the Gini of the
    gains since ``base`` (``gini_of_gain``, NaN where a gain is negative or at ``base``) do not
    depend on the origin. ``mean_share`` = −Δln μ / Δln G: the share of the Gini's log change
    that the mean accounts for (above 1 when the absolute gap widened while the Gini fell).
    """
    values = _check_table(table)
    _period("base", base, table)
    ginis = np.array([gini(row) for row in values])
    means = values.mean(axis=1)
    gaps = ginis * means
    position = table.index.get_loc(base)
    gains = values - values[position]
    gain_ginis = [gini(row) if (row >= 0).all() and row.sum() > 0 else np.nan for row in gains]
    with np.errstate(divide="ignore", invalid="ignore"):  # a Gini of 0 has no logarithm
        log_gini = np.log(ginis) - np.log(ginis[position])
        log_gap = np.log(gaps) - np.log(gaps[position])
        log_mean = np.log(means) - np.log(means[position])
        mean_share = np.where(log_gini != 0, -log_mean / log_gini, np.nan)
    return pd.DataFrame(
        {
            "gini": ginis,
            "mean": means,
            "gap": gaps,
            "gini_of_gain": gain_ginis,
            "log_change_gini": log_gini,
            "log_change_gap": log_gap,
            "log_change_mean": log_mean,
            "mean_share": mean_share,
        },
        index=table.index,
    )


def coefficient_of_variation(values) -> float:
    """Standard deviation (ddof = 0) over the mean of ``values``; the mean must be above 0.

    Unit-free, and for changes of an index (differences, in which its origin cancels) it does
    not depend on the index's origin or scale either.
    """
    values = validate.array("values", values, allow_empty=False)
    mean = values.mean()
    if mean <= 0:
        raise ValueError(f"values must have a positive mean, got {mean!r}")
    return float(values.std() / mean)


def bootstrap_members(statistic, *samples, draws: int = 999, seed: int = 0) -> np.ndarray:
    """``statistic(*samples)`` on ``draws`` resamples of the members (with replacement).

    ``samples`` are one-dimensional arrays aligned by member (e.g. two measures of the same 31
    provinces); every draw takes the same members from each, so a statistic comparing them keeps
    the pairing. Use the 2.5th and 97.5th percentiles of the result as a 95% interval.
    """
    if not callable(statistic):
        raise TypeError(f"statistic must be a function of the samples, got {statistic!r}")
    arrays = [validate.array(f"samples[{i}]", s, allow_empty=False) for i, s in enumerate(samples)]
    if not arrays:
        raise ValueError("bootstrap_members needs at least one sample")
    n = arrays[0].size
    if any(a.shape != (n,) for a in arrays):
        raise ValueError(
            f"samples must be one-dimensional and of equal length, got {[a.shape for a in arrays]}"
        )
    validate.size("draws", draws, per_item=n)
    validate.seed("seed", seed)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, n, size=(draws, n))
    return np.array([statistic(*(a[pick] for a in arrays)) for pick in picks])


def sigma_convergence(table: pd.DataFrame) -> pd.DataFrame:
    """Dispersion across members per period: ``sd_log`` (standard deviation of ln x, over the
    members, ddof = 0) and ``cv`` (standard deviation / mean). Falling values: σ-convergence."""
    table = _check_panel(table)
    logs = np.log(table)
    return pd.DataFrame(
        {"sd_log": logs.std(axis=1, ddof=0), "cv": table.std(axis=1, ddof=0) / table.mean(axis=1)}
    )


def newey_west_lags(n_obs: int) -> int:
    """Newey and West's (1994) rule for the HAC lag length: floor(4 (n/100)^(2/9)) (2 for 6 to
    15 observations)."""
    n_obs = validate.count("n_obs", n_obs)
    return int(np.floor(4 * (n_obs / 100) ** (2 / 9)))


def _numeric_series(name: str, series) -> pd.Series:
    """``series`` without its missing values: a pandas Series of finite numbers."""
    validate.instance(name, series, pd.Series, "a pandas Series")
    values = series.dropna()
    validate.array(name, values.to_numpy(), allow_empty=True)
    return values


def trend(series: pd.Series, *, hac_lags: int | None = None) -> pd.Series:
    """OLS slope of ``series`` on its (numeric) index, per index unit, with its standard error,
    p-value and number of observations (statsmodels).

    Standard errors are conventional, or Newey-West (HAC, Bartlett kernel, ``hac_lags`` lags,
    robust to autocorrelation) when ``hac_lags`` is given; ``lags`` says which (0: conventional).
    """
    import statsmodels.api as sm

    values = _numeric_series("series", series)
    if len(values) < 3:
        raise ValueError(f"series must have at least 3 values for a trend, got {len(values)}")
    model = sm.OLS(values.to_numpy(dtype=float), sm.add_constant(values.index.to_numpy(float)))
    if hac_lags is None:
        fit = model.fit()
    else:
        validate.count("hac_lags", hac_lags, minimum=0)
        if hac_lags >= len(values) - 2:
            raise ValueError(
                f"hac_lags must be below n - 2 = {len(values) - 2} for {len(values)} values, "
                f"got {hac_lags}"
            )
        fit = model.fit(cov_type="HAC", cov_kwds={"maxlags": hac_lags}, use_t=True)
    return pd.Series(
        {
            "slope": fit.params[1],
            "std_error": fit.bse[1],
            "p_value": fit.pvalues[1],
            "n": len(values),
            "lags": 0 if hac_lags is None else hac_lags,
        }
    )


def change_by_period(series: pd.Series) -> pd.DataFrame:
    """Each period's change of ``series`` (from the period before) and its share of the change
    over the whole series (a fraction: the shares add up to 1). The first period has none."""
    values = _numeric_series("series", series).astype(float)
    if len(values) < 2:
        raise ValueError(f"series must have at least 2 values, got {len(values)}")
    total = values.iloc[-1] - values.iloc[0]
    if total == 0:
        raise ValueError("series ends where it starts, so no share of its change is defined")
    change = values.diff().iloc[1:]
    return pd.DataFrame({"change": change, "share_of_total": change / total})


@dataclasses.dataclass(frozen=True)
class BetaConvergence:
    """A β-convergence regression: growth on the initial log level (and controls).

    ``beta`` < 0 means members that started lower grew faster. ``speed`` is the implied annual
    rate of convergence λ (β = −(1 − e^(−λT))/T in the cross-section, β = e^(−λ) − 1 per year in
    the panel) and ``half_life`` = ln 2 / λ in years (NaN when β >= 0). ``coefficients`` and
    ``std_errors`` hold every term; ``specification`` says what was estimated, with which errors.
    """

    beta: float
    std_error: float
    p_value: float
    speed: float
    half_life: float
    n_obs: int
    r_squared: float
    coefficients: pd.Series
    std_errors: pd.Series
    specification: str


def _speed(beta: float, years: float, *, per_year: bool) -> tuple[float, float]:
    base = 1.0 + beta if per_year else 1.0 + beta * years
    if beta >= 0 or base <= 0:
        return np.nan, np.nan
    speed = -np.log(base) if per_year else -np.log(base) / years
    if speed == 0:  # a β so small that 1 + β rounds to 1: no convergence to speak of
        return 0.0, np.inf
    return float(speed), float(np.log(2) / speed)


def _period(name: str, value, table: pd.DataFrame):
    """``value`` is a period (row label) of ``table``."""
    try:
        known = not isinstance(value, bool) and value in table.index
    except TypeError:  # an unhashable value is no label
        known = False
    if not known:
        raise ValueError(f"{name} must be a period of the table {list(table.index)}, got {value!r}")
    return value


def beta_convergence(
    table: pd.DataFrame,
    start,
    end,
    *,
    controls: pd.DataFrame | None = None,
    neighbours: pd.DataFrame | None = None,
) -> BetaConvergence:
    """Cross-section β-convergence from period ``start`` to ``end`` (OLS, HC1 standard errors).

    Average annual log growth (ln x_end − ln x_start) / (end − start) on ln x_start: absolute
    convergence. ``controls`` (members × variables, e.g. region dummies) makes it conditional;
    ``neighbours`` (a row-standardised members × members weight matrix) adds the neighbours'
    average initial log level, so its coefficient says whether neighbours predict catch-up.
    """
    import statsmodels.api as sm

    table = _check_panel(table)
    for name, period in (("start", start), ("end", end)):
        _period(name, period, table)
    years = float(end - start)
    if years <= 0:
        raise ValueError(f"end must come after start, got start={start!r}, end={end!r}")
    initial = np.log(table.loc[start])
    design = pd.DataFrame({"log_initial": initial})
    specification = f"OLS, {len(initial)} members, growth {start}-{end} on ln level {start}"
    if neighbours is not None:
        matrix = neighbours.reindex(index=table.columns, columns=table.columns)
        if matrix.isna().to_numpy().any():
            raise ValueError("neighbours must be a members x members matrix covering the table")
        design["neighbours_log_initial"] = matrix.to_numpy() @ initial.to_numpy()
        specification += ", with the neighbours' mean ln level"
    if controls is not None:
        controls = controls.reindex(table.columns)
        if controls.isna().to_numpy().any():
            raise ValueError("controls must have a row, without missing values, for every member")
        design = design.join(controls.astype(float))
        specification += f", controls {list(controls.columns)}"
    growth = (np.log(table.loc[end]) - initial) / years
    fit = sm.OLS(growth, sm.add_constant(design)).fit(cov_type="HC1")
    beta = float(fit.params["log_initial"])
    speed, half_life = _speed(beta, years, per_year=False)
    return BetaConvergence(
        beta=beta,
        std_error=float(fit.bse["log_initial"]),
        p_value=float(fit.pvalues["log_initial"]),
        speed=speed,
        half_life=half_life,
        n_obs=int(fit.nobs),
        r_squared=float(fit.rsquared),
        coefficients=fit.params,
        std_errors=fit.bse,
        specification=specification + "; HC1 (heteroskedasticity-robust) standard errors",
    )


def panel_beta_convergence(table: pd.DataFrame) -> BetaConvergence:
    """Conditional β-convergence in the panel: Δln x_it = β ln x_i,t−1 + α_i + δ_t + ε_it.

    Member fixed effects α_i let every member converge to its own steady state (conditional
    convergence); period effects δ_t absorb common shocks. linearmodels PanelOLS with standard
    errors clustered by member. With few periods the fixed-effects β is biased downwards (Nickell
    1981), so the speed it implies is an upper bound.
    """
    from linearmodels.panel import PanelOLS

    table = _check_panel(table)
    if len(table) < 3:
        raise ValueError(
            f"table must have at least 3 periods for a panel regression, got {len(table)}"
        )
    logs = np.log(table)
    long = pd.DataFrame(
        {"growth": logs.diff().stack(), "log_lagged": logs.shift(1).stack()}
    ).dropna()
    long.index = long.index.set_names(["period", "member"]).swaplevel()
    long = long.sort_index()
    model = PanelOLS(long["growth"], long[["log_lagged"]], entity_effects=True, time_effects=True)
    fit = model.fit(cov_type="clustered", cluster_entity=True)
    beta = float(fit.params["log_lagged"])
    speed, half_life = _speed(beta, 1.0, per_year=True)
    return BetaConvergence(
        beta=beta,
        std_error=float(fit.std_errors["log_lagged"]),
        p_value=float(fit.pvalues["log_lagged"]),
        speed=speed,
        half_life=half_life,
        n_obs=int(fit.nobs),
        r_squared=float(fit.rsquared_within),
        coefficients=fit.params,
        std_errors=fit.std_errors,
        specification=(
            f"PanelOLS, {table.shape[1]} members x {len(table) - 1} annual changes, member and "
            "period fixed effects; standard errors clustered by member; R² within"
        ),
    )


def convergence_by_start(table: pd.DataFrame, starts, end, *, hac_lags: int | None = None):
    """σ- and absolute β-convergence from each period of ``starts`` to ``end``, one row each.

    σ: the standard deviation of ln x in the start and end periods and its OLS trend over the
    window with Newey-West errors (``hac_lags`` lags; by default :func:`newey_west_lags` of the
    window's length). β: :func:`beta_convergence` from the start to ``end`` (HC1 errors) with its
    R² and ``beta_limit`` = −1/T, T = end − start. Growth (ln x_end − ln x_start)/T regressed on
    ln x_start gives exactly −1/T with R² = 1 when every member ends at the same level, whatever
    the speed, so a β near −1/T with R² near 1 says the members ended close together, not how
    fast they converged.
    """
    table = _check_panel(table)
    _period("end", end, table)
    if isinstance(starts, str) or not isinstance(starts, list | tuple | range | np.ndarray):
        raise ValueError(f"starts must be a list of periods of the table, got {starts!r}")
    for start in starts:
        _period("starts", start, table)
    rows = {}
    for start in starts:
        window = table.loc[start:end]
        sd_log = sigma_convergence(window)["sd_log"]
        lags = newey_west_lags(len(window)) if hac_lags is None else hac_lags
        sigma_trend = trend(sd_log, hac_lags=lags)
        beta = beta_convergence(table, start, end)
        rows[start] = {
            "years": end - start,
            "sigma_start": sd_log.iloc[0],
            "sigma_end": sd_log.iloc[-1],
            "sigma_slope": sigma_trend["slope"],
            "sigma_std_error": sigma_trend["std_error"],
            "sigma_p_value": sigma_trend["p_value"],
            "hac_lags": lags,
            "beta": beta.beta,
            "beta_std_error": beta.std_error,
            "beta_p_value": beta.p_value,
            "beta_limit": -1.0 / (end - start),
            "r_squared": beta.r_squared,
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("start")


# --- spatial autocorrelation ---------------------------------------------------------------------


def contiguity_matrix(pairs: pd.DataFrame, members) -> pd.DataFrame:
    """Row-standardised contiguity weights (members × members) from neighbour ``pairs``.

    ``pairs`` has two columns of member labels (each unordered pair once); a member without a
    neighbour (an island) keeps a row of zeros. A pair naming a member not in ``members`` is an
    error.
    """
    validate.instance("pairs", pairs, pd.DataFrame, "a pandas DataFrame of two columns")
    if isinstance(members, str) or not isinstance(
        members, list | tuple | np.ndarray | pd.Index | pd.Series
    ):
        raise ValueError(f"members must be a list of member labels, got {members!r}")
    members = pd.Index(members)
    if pairs.shape[1] != 2:
        raise ValueError(f"pairs must have two columns (the two neighbours), got {pairs.shape[1]}")
    unknown = sorted(set(pairs.to_numpy().ravel().tolist()) - set(members.tolist()))
    if unknown:
        raise ValueError(f"pairs name member(s) {unknown[:5]} not in members")
    links = np.zeros((len(members), len(members)))
    first = members.get_indexer(pairs.iloc[:, 0].to_numpy())
    second = members.get_indexer(pairs.iloc[:, 1].to_numpy())
    if (first == second).any():
        raise ValueError("pairs must not pair a member with itself")
    links[first, second] = links[second, first] = 1.0
    matrix = pd.DataFrame(links, index=members, columns=members)
    row_sums = matrix.sum(axis=1).replace(0.0, 1.0)
    return matrix.div(row_sums, axis=0)


def morans_i(values: pd.Series, weights: pd.DataFrame) -> pd.Series:
    """Global Moran's I of ``values`` (indexed by member) under ``weights`` (esda.Moran).

    Returns ``I``, its expectation under no spatial autocorrelation ``expected`` (−1/(n−1)), and
    the z-score and two-sided p-value under the randomisation assumption (analytical, so the
    result does not depend on a random seed).
    """
    import esda
    from libpysal.weights import full2W

    validate.instance("values", values, pd.Series, "a pandas Series indexed by member")
    validate.array("values", values.to_numpy())
    validate.instance("weights", weights, pd.DataFrame, "a members x members pandas DataFrame")
    weights = weights.reindex(index=values.index, columns=values.index)
    if weights.isna().to_numpy().any():
        raise ValueError(
            "weights must be a members x members matrix covering every member of values, "
            f"got values indexed {list(values.index)[:5]}"
        )
    w = full2W(weights.to_numpy(), ids=list(values.index), silence_warnings=True)
    moran = esda.Moran(
        validate.array("values", values.to_numpy()), w, transformation="r", permutations=0
    )
    return pd.Series(
        {"I": moran.I, "expected": moran.EI, "z": moran.z_rand, "p_value": moran.p_rand}
    )
