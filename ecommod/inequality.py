"""Inequality across members (provinces, cities) and over time: general functions over any panel.

A table here is a ``pandas.DataFrame`` with one row per period (a year) and one column per member
(a province), holding a non-negative amount in one unit (e.g. 亿元 of e-commerce sales). Shares are
in percent of the row's total over all members.

* Concentration: :func:`top_n_share`, :func:`largest_members` (the market chapter).
* One distribution: :func:`gini` and :func:`theil` (PySAL ``inequality``; population weights
  optional), :func:`theil_decomposition` (within / between groups), :func:`dagum_gini` (Dagum
  1997, written here: PySAL has none).
* Over time: :func:`inequality_by_period`, σ-convergence (:func:`sigma_convergence`,
  :func:`trend`), β-convergence (:func:`beta_convergence` in the cross-section,
  :func:`panel_beta_convergence` with fixed effects).
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
    if row not in table.index:
        raise ValueError(f"row must be one of the table's rows {list(table.index)}, got {row!r}")
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
            f"{name}[{position}] must be > 0 (Theil's T takes logarithms), got {values[position]!r}"
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
            f"{name} must be > 0 everywhere (logarithms are taken); "
            f"got {values[rows[0], columns[0]].item()!r} at ({table.index.tolist()[rows[0]]!r}, "
            f"{table.columns.tolist()[columns[0]]!r})"
        )
    return table.astype(float)


def _member_series(series: pd.Series | None, members: pd.Index, name: str) -> pd.Series | None:
    if series is None:
        return None
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


def sigma_convergence(table: pd.DataFrame) -> pd.DataFrame:
    """Dispersion across members per period: ``sd_log`` (standard deviation of ln x, over the
    members, ddof = 0) and ``cv`` (standard deviation / mean). Falling values: σ-convergence."""
    table = _check_panel(table)
    logs = np.log(table)
    return pd.DataFrame(
        {"sd_log": logs.std(axis=1, ddof=0), "cv": table.std(axis=1, ddof=0) / table.mean(axis=1)}
    )


def trend(series: pd.Series) -> pd.Series:
    """OLS slope of ``series`` on its (numeric) index, per index unit, with its conventional
    standard error, p-value and number of observations (statsmodels)."""
    import statsmodels.api as sm

    values = series.dropna()
    if len(values) < 3:
        raise ValueError(f"series must have at least 3 values for a trend, got {len(values)}")
    fit = sm.OLS(values.to_numpy(dtype=float), sm.add_constant(values.index.to_numpy(float))).fit()
    return pd.Series(
        {
            "slope": fit.params[1],
            "std_error": fit.bse[1],
            "p_value": fit.pvalues[1],
            "n": len(values),
        }
    )


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
    return float(speed), float(np.log(2) / speed)


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
        if period not in table.index:
            raise ValueError(
                f"{name} must be a period of the table {list(table.index)}, got {period!r}"
            )
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


# --- spatial autocorrelation ---------------------------------------------------------------------


def contiguity_matrix(pairs: pd.DataFrame, members) -> pd.DataFrame:
    """Row-standardised contiguity weights (members × members) from neighbour ``pairs``.

    ``pairs`` has two columns of member labels (each unordered pair once); a member without a
    neighbour (an island) keeps a row of zeros. A pair naming a member not in ``members`` is an
    error.
    """
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

    weights = weights.reindex(index=values.index, columns=values.index)
    if weights.isna().to_numpy().any():
        raise ValueError("weights must be a members x members matrix covering every value")
    w = full2W(weights.to_numpy(), ids=list(values.index), silence_warnings=True)
    moran = esda.Moran(
        validate.array("values", values.to_numpy()), w, transformation="r", permutations=0
    )
    return pd.Series(
        {"I": moran.I, "expected": moran.EI, "z": moran.z_rand, "p_value": moran.p_rand}
    )
