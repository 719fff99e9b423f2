"""§5 Challenges: uneven digital finance and technology across China, and data-security risk.

What is specific to the paper's §5 (``notebooks/04_challenges.ipynb``); the measures themselves
(Gini, Theil, Dagum, convergence, Moran's I) are general and live in :mod:`ecommod.inequality`.

* The data-security scenario model (5.1): a merchant's expected annual cost of data incidents
  against its compliance spending. Every parameter is an assumption stated in
  :class:`DataSecurityAssumptions` with its plausible range (the fine cap is the law's); it
  produces no statistic.
* 5.2: inequality trends per measure, and finance against technology on what does not depend on
  the PKU-DFIIC's arbitrary origin: how unevenly the gains are spread (:func:`uneven_gains`,
  with a bootstrap interval over provinces). The year-by-province tables, the regions and the
  neighbours come from :mod:`ecommod.provincial`.
* Talent (5.3): no dataset in hand measures it; :data:`TALENT_INDICATORS` lists public indicators
  that would.
* Model checks for the §5 claims of the ledger (S51-01, S52-01); they return findings, which
  :func:`ecommod.claims.model_verdict` turns into verdicts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ecommod import claims, inequality, provincial, validate
from ecommod.language import t
from ecommod.present import assumption

# --- 5.2: how uneven, and is it closing -----------------------------------------------------------


def _check_table(name: str, table) -> None:
    """``table`` is a year x province DataFrame with at least one row and one column."""
    validate.instance(name, table, pd.DataFrame, "a year x province DataFrame")
    if table.empty:
        raise ValueError(f"{name} must have at least one year and one province, got {table.shape}")


def _check_tables(name: str, tables) -> None:
    """``tables`` is a non-empty dict of measure -> year x province DataFrame."""
    validate.instance(name, tables, dict, "a dict measure -> year x province DataFrame")
    if not tables:
        raise ValueError(f"{name} must have at least one measure, got an empty dict")
    for measure, table in tables.items():
        _check_table(f"{name}[{measure!r}]", table)


def _check_year(name: str, year, table: pd.DataFrame) -> None:
    """``year`` (not a bool) is a row of ``table``."""
    if isinstance(year, bool):
        raise ValueError(f"{name} must be a year of the table, got {year!r}")
    validate.one_of(name, year, set(table.index))


def inequality_trends(panels: dict[str, pd.DataFrame], groups: pd.Series) -> pd.DataFrame:
    """Per measure: Gini and Theil in the first and last year, their change (%), and the share
    of Theil between groups in the last year. ``panels`` maps a measure to a year x member table."""
    _check_tables("panels", panels)
    validate.instance("groups", groups, pd.Series, "a pandas Series member -> group")
    rows = {}
    for measure, table in panels.items():
        by_year = inequality.inequality_by_period(table, groups)
        first, last = by_year.index.min(), by_year.index.max()
        rows[measure] = {
            "first_year": first,
            "last_year": last,
            "gini_first": by_year.loc[first, "gini"],
            "gini_last": by_year.loc[last, "gini"],
            "gini_change_pct": (by_year.loc[last, "gini"] / by_year.loc[first, "gini"] - 1) * 100,
            "theil_first": by_year.loc[first, "theil"],
            "theil_last": by_year.loc[last, "theil"],
            "theil_change_pct": (by_year.loc[last, "theil"] / by_year.loc[first, "theil"] - 1)
            * 100,
            "between_share_last": by_year.loc[last, "theil_between_share"],
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def rank_correlation(first: pd.Series, second: pd.Series) -> pd.Series:
    """Spearman rank correlation of two measures over the members both have (scipy)."""
    from scipy.stats import spearmanr

    validate.instance("first", first, pd.Series, "a pandas Series member -> value")
    validate.instance("second", second, pd.Series, "a pandas Series member -> value")
    both = pd.concat([first, second], axis=1, join="inner").dropna()
    if len(both) < 3:
        raise ValueError(f"first and second share {len(both)} members; at least 3 are needed")
    validate.array("first", both.iloc[:, 0])
    validate.array("second", both.iloc[:, 1])
    result = spearmanr(both.iloc[:, 0], both.iloc[:, 1])
    return pd.Series(
        {"rho": float(result.statistic), "p_value": float(result.pvalue), "n": len(both)}
    )


#: Bootstrap of the S52-01 comparison over provinces: draws and seed (fixed, so the interval and
#: the verdict do not move between runs).
BOOTSTRAP_DRAWS = 1999
BOOTSTRAP_SEED = 52


def _gains(
    finance: pd.DataFrame, technology: pd.DataFrame, start, end
) -> tuple[pd.Series, pd.Series]:
    """Each province's gain in both tables from ``start`` to ``end`` (a year, or a sequence of
    years whose average is taken), provinces in code order."""
    _check_table("finance", finance)
    _check_table("technology", technology)
    if set(finance.columns) != set(technology.columns):
        raise ValueError(
            "finance and technology must cover the same provinces, got "
            f"{len(finance.columns)} and {len(technology.columns)}"
        )
    provinces = sorted(finance.columns)
    gains = []
    for name, table in (("finance", finance), ("technology", technology)):
        levels = []
        for label, years in (("start", start), ("end", end)):
            years = list(years) if isinstance(years, list | tuple) else [years]
            if not years:
                raise ValueError(f"{label} must be a year or a non-empty list of years, got []")
            for year in years:
                _check_year(f"{label} (a year of {name})", year, table)
            levels.append(table.loc[years, provinces].mean())
        gains.append(levels[1] - levels[0])
    return gains[0], gains[1]


def uneven_gains(finance: pd.DataFrame, technology: pd.DataFrame, start, end) -> pd.Series:
    """How unevenly the gains from ``start`` to ``end`` are spread across provinces.

    ``finance`` and ``technology`` are year x province tables (e.g. the PKU-DFIIC index and the
    share of firms with e-commerce trading); ``start`` and ``end`` are years, or sequences of
    years whose average is taken (less sampling noise at the ends). Each province's gain
    x_end − x_start is taken; its coefficient of variation (standard deviation / mean, over
    provinces) does not depend on the origin or the scale of either measure, so an index with an
    arbitrary origin can be compared with a percentage. Returns ``finance_cv``,
    ``technology_cv``, their ``ratio`` (above 1: finance gains are the more uneven), and the
    provinces whose technology measure fell. Raises ValueError when the two tables do not cover
    the same provinces and years, or when a measure fell on average (then its gains have no
    positive mean to compare with).
    """
    finance_gain, technology_gain = _gains(finance, technology, start, end)
    return pd.Series(
        {
            "finance_cv": inequality.coefficient_of_variation(finance_gain),
            "technology_cv": inequality.coefficient_of_variation(technology_gain),
            "ratio": _cv_ratio(finance_gain.to_numpy(), technology_gain.to_numpy()),
            "technology_fell": int((technology_gain < 0).sum()),
            "provinces": len(finance_gain),
        },
        dtype=object,
    )


def _cv_ratio(finance_gain: np.ndarray, technology_gain: np.ndarray) -> float:
    """Coefficient of variation of the finance gains over that of the technology gains."""
    finance_cv = finance_gain.std() / finance_gain.mean()
    return finance_cv / (technology_gain.std() / technology_gain.mean())


def uneven_gains_interval(
    finance: pd.DataFrame,
    technology: pd.DataFrame,
    start,
    end,
    *,
    draws: int = BOOTSTRAP_DRAWS,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[float, float]:
    """95% percentile interval of :func:`uneven_gains`'s ratio from a bootstrap over provinces
    (the same provinces drawn for both measures, ``draws`` draws, ``seed``)."""
    _check_table("finance", finance)
    validate.size("draws", draws, per_item=len(finance.columns))
    validate.seed("seed", seed)
    uneven_gains(finance, technology, start, end)  # validates the tables, years and means
    finance_gain, technology_gain = _gains(finance, technology, start, end)
    ratios = inequality.bootstrap_members(
        _cv_ratio, finance_gain.to_numpy(), technology_gain.to_numpy(), draws=draws, seed=seed
    )
    low, high = np.percentile(ratios, [2.5, 97.5])
    return float(low), float(high)


#: Start years of the S52-01 robustness table end at least this many years before the last year.
GAINS_MIN_WINDOW = 5


def _window_label(years: tuple) -> str:
    if len(years) == 1:
        return str(years[0])
    return t(
        "{first}-{last} average", "{first}-{last} 年平均", first=years[0], last=str(years[-1])[-2:]
    )


def gains_comparisons(
    finance: pd.DataFrame, technology: dict[str, pd.DataFrame], headline: str
) -> pd.DataFrame:
    """S52-01 from several windows and measures: :func:`uneven_gains` with its 95% interval.

    Rows, over the years both tables cover: the ``headline`` technology measure from each start
    year that leaves at least :data:`GAINS_MIN_WINDOW` years to the last year; the headline
    between two-year averages at both ends; every other measure of ``technology`` (a dict of
    year x province tables) over the whole span. Columns: ``measure``, ``window`` (e.g. "2015 to
    2023"), ``finance_cv``, ``technology_cv``, ``ratio`` (finance / technology), ``low`` and
    ``high`` (95% bootstrap interval), ``fell`` (provinces whose technology measure fell) and
    ``provinces``. Where a technology measure fell on average its gains have no positive mean:
    the ratio and interval are NaN.
    """
    _check_table("finance", finance)
    _check_tables("technology", technology)
    validate.one_of("headline", headline, set(technology))
    common = sorted(set(finance.index) & set(technology[headline].index))
    if len(common) < 2:
        raise ValueError(
            f"finance and technology share {len(common)} year(s); at least 2 are needed"
        )
    last = common[-1]
    windows = [(headline, (s,), (last,)) for s in common if last - s >= GAINS_MIN_WINDOW]
    if len(common) >= 4:
        windows.append((headline, tuple(common[:2]), tuple(common[-2:])))
    for measure, table in technology.items():
        if measure != headline:
            years = sorted(set(finance.index) & set(table.index))
            windows.append((measure, (years[0],), (years[-1],)))
    rows = []
    for measure, start, end in windows:
        table = technology[measure]
        gain = table.loc[list(end)].mean() - table.loc[list(start)].mean()
        row = {
            "measure": measure,
            "window": t(
                "{start} to {end}",
                "{start} 至 {end}",
                start=_window_label(start),
                end=_window_label(end),
            ),
            "fell": int((gain < 0).sum()),
            "provinces": len(gain),
        }
        if gain.mean() > 0:
            gains = uneven_gains(finance, table, start, end)
            low, high = uneven_gains_interval(finance, table, start, end)
            row |= {
                "finance_cv": gains["finance_cv"],
                "technology_cv": gains["technology_cv"],
                "ratio": gains["ratio"],
                "low": low,
                "high": high,
            }
        rows.append(row)
    columns = ["measure", "window", "finance_cv", "technology_cv", "ratio", "low", "high"]
    return pd.DataFrame(rows).reindex(columns=[*columns, "fell", "provinces"])


def inside_provinces(cities: pd.DataFrame) -> pd.DataFrame:
    """Per province (``prov_code``): its number of cities, lowest and highest city ``value`` and
    the Gini across its cities (NaN for a province of one city), largest Gini first.
    ``cities`` is :func:`ecommod.provincial.city_panel`'s table."""
    validate.columns("cities", cities, ("prov_code", "value"))
    return (
        cities.groupby("prov_code")["value"]
        .agg(
            cities="size",
            lowest="min",
            highest="max",
            gini=lambda v: inequality.gini(v.to_numpy()) if len(v) > 1 else np.nan,
        )
        .sort_values("gini", ascending=False)
    )


def convergence_table(
    panels: dict[str, pd.DataFrame], start, end, controls: pd.DataFrame | None = None
) -> pd.DataFrame:
    """σ- and β-convergence of each measure from ``start`` to ``end``, one row per measure.

    Columns: ``sigma_start``, ``sigma_end`` (standard deviation of ln x), the σ trend
    (``sigma_slope`` per year, ``sigma_p_value`` with Newey-West errors), absolute β
    (``beta``, ``beta_se``, ``beta_p_value``, ``r_squared``, ``half_life`` in years), β with
    ``controls`` (``conditional_beta``, ``conditional_se``, ``conditional_p_value``), the
    panel fixed-effects β (``panel_beta``, ``panel_se``) and the mechanical limit ``limit`` =
    −1/T (:func:`ecommod.inequality.convergence_by_start`)."""
    _check_tables("panels", panels)
    for table in panels.values():
        _check_year("start", start, table)
        _check_year("end", end, table)
    if not end > start:
        raise ValueError(f"end must come after start, got start={start!r}, end={end!r}")
    if controls is not None:
        validate.instance("controls", controls, pd.DataFrame, "a members x variables DataFrame")
    rows = {}
    for measure, table in panels.items():
        window = table.loc[start:end]
        sd_log = inequality.sigma_convergence(window)["sd_log"]
        sigma = inequality.trend(sd_log, hac_lags=inequality.newey_west_lags(len(sd_log)))
        absolute = inequality.beta_convergence(table, start, end)
        conditional = inequality.beta_convergence(table, start, end, controls=controls)
        panel = inequality.panel_beta_convergence(window)
        rows[measure] = {
            "sigma_start": sd_log.iloc[0],
            "sigma_end": sd_log.iloc[-1],
            "sigma_slope": sigma["slope"],
            "sigma_p_value": sigma["p_value"],
            "beta": absolute.beta,
            "beta_se": absolute.std_error,
            "beta_p_value": absolute.p_value,
            "r_squared": absolute.r_squared,
            "half_life": absolute.half_life,
            "conditional_beta": conditional.beta,
            "conditional_se": conditional.std_error,
            "conditional_p_value": conditional.p_value,
            "panel_beta": panel.beta,
            "panel_se": panel.std_error,
            "limit": -1.0 / (end - start),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def sigma_timing(sd_log: pd.Series, share: float = 0.8) -> pd.Series:
    """When the dispersion σ (a series by year) fell: its fall, and how early it came.

    ``change`` is σ's change from the first to the last year. Where σ fell (``change`` < 0):
    ``first_share``, the share of the fall that came in the first year-on-year step;
    ``most_by``, the first year by which ``share`` of the fall had come, and ``most_by_share``,
    the share that had come by then; ``later_years``, the
    number of steps after ``most_by``; ``later_max``, the largest absolute step after it; and
    ``later_rises``, the steps after it in which σ rose. Where σ did not fall they are NaN.
    """
    validate.in_range("share", share, 0.0, 1.0)
    validate.instance("sd_log", sd_log, pd.Series, "a pandas Series year -> dispersion")
    if len(sd_log) < 2:
        raise ValueError(f"sd_log must have at least 2 years, got {len(sd_log)}")
    values = pd.Series(validate.array("sd_log", sd_log, low=0.0), index=sd_log.index)
    change = float(values.iloc[-1] - values.iloc[0])
    result = {
        "change": change,
        "first_share": np.nan,
        "most_by": np.nan,
        "most_by_share": np.nan,
        "later_years": np.nan,
        "later_max": np.nan,
        "later_rises": np.nan,
    }
    if change < 0:
        steps = inequality.change_by_period(values)
        cumulative = steps["share_of_total"].cumsum()
        most_by = cumulative.index[(cumulative >= share).to_numpy().argmax()]
        later = steps.loc[steps.index > most_by, "change"]
        result |= {
            "first_share": float(steps["share_of_total"].iloc[0]),
            "most_by": most_by,
            "most_by_share": float(cumulative.loc[most_by]),
            "later_years": len(later),
            "later_max": float(later.abs().max()) if len(later) else np.nan,
            "later_rises": int((later > 0).sum()),
        }
    return pd.Series(result, dtype=object)


#: The columns of :func:`ecommod.inequality.convergence_by_start` that
#: :func:`start_year_counts` reads.
SIGNIFICANCE_COLUMNS = (
    "beta",
    "beta_p_value",
    "sigma_slope",
    "sigma_p_value",
    "sigma_start",
    "sigma_end",
    "r_squared",
)


def start_year_counts(by_start: pd.DataFrame, significance: float = 0.05) -> pd.Series:
    """How many start years of :func:`ecommod.inequality.convergence_by_start`'s table show each
    result: β < 0 with p < ``significance`` (``beta_negative``), a σ trend < 0 with p <
    ``significance`` (``sigma_falling``), σ at the end below σ at the start (``sigma_lower``),
    out of ``starts``; and the range of β's R² (``r_squared_min``, ``r_squared_max``)."""
    validate.in_range("significance", significance, 0.0, 1.0)
    validate.columns("by_start", by_start, SIGNIFICANCE_COLUMNS)
    return pd.Series(
        {
            "starts": len(by_start),
            "beta_negative": int(
                ((by_start["beta"] < 0) & (by_start["beta_p_value"] < significance)).sum()
            ),
            "sigma_falling": int(
                ((by_start["sigma_slope"] < 0) & (by_start["sigma_p_value"] < significance)).sum()
            ),
            "sigma_lower": int((by_start["sigma_end"] < by_start["sigma_start"]).sum()),
            "r_squared_min": float(by_start["r_squared"].min()),
            "r_squared_max": float(by_start["r_squared"].max()),
        },
        dtype=object,  # counts stay whole numbers
    )


@claims.model_check("S52-01")
def finance_more_uneven_than_technology(
    claim_id: str = "S52-01", *, draws: int = BOOTSTRAP_DRAWS, seed: int = BOOTSTRAP_SEED
) -> claims.Finding:
    """S52-01: is finance spread more unevenly across provinces than technology adoption?

    The levels cannot be compared: the PKU-DFIIC index has an arbitrary origin, so its Gini
    changes when a constant is added, while the share of firms with e-commerce trading (NBS) is a
    percentage. What does not depend on origin or scale is how unevenly the *gains* over the
    years both cover are spread (:func:`uneven_gains`). The finding is the ratio of the two
    coefficients of variation (finance / technology; the claim: above 1) with a 95% bootstrap
    interval over the 31 provinces. Both inputs are published data. Provinces only: the paper's
    contrast (SMEs, rural and remote areas) lies partly below that level.
    """
    finance, technology = provincial.finance_panel(), provincial.technology_panel()
    years = sorted(set(finance.index) & set(technology.index))
    start, end = years[0], years[-1]
    gains = uneven_gains(finance, technology, start, end)
    low, high = uneven_gains_interval(finance, technology, start, end, draws=draws, seed=seed)
    base = int(finance.index.min())
    level_gini = inequality.gini(finance.loc[end].to_numpy())
    from_base = inequality.gini((finance.loc[end] - finance.loc[base]).to_numpy())
    return claims.point_finding(
        claim_id,
        gains["ratio"],
        t(
            "{start}-{end}, {provinces} provinces: the gains of the PKU-DFIIC aggregate "
            "index vary across provinces by {finance_cv:.0%} of their mean (coefficient of "
            "variation), those of the share of firms with e-commerce trading (NBS) by "
            "{technology_cv:.0%}; finance / technology {ratio:.2f}, 95% bootstrap "
            "interval over provinces {low:.2f}-{high:.2f} ({draws:,} draws, seed {seed}). "
            "The levels cannot be compared, because the index has no natural zero: its {end} "
            "Gini is {level_gini:.3f} measured from the index's zero and {from_base:.3f} "
            "measured from its {base} level",
            "{start}-{end} 年，{provinces} 个省份：PKU-DFIIC 总指数增量在各省之间的"
            "离散程度为其均值的 {finance_cv:.0%}（变异系数），有电子商务交易活动的企业比重"
            "（国家统计局）增量的离散程度为 {technology_cv:.0%}；金融 / 技术之比为 "
            "{ratio:.2f}，按省份 Bootstrap 的 95% 区间为 {low:.2f}-{high:.2f}"
            "（{draws:,} 次抽样，种子 {seed}）。水平无法比较，因为该指数没有自然零点："
            "其 {end} 年的基尼系数从指数零点起算为 {level_gini:.3f}，从 {base} 年水平"
            "起算为 {from_base:.3f}",
            start=start,
            end=end,
            provinces=gains["provinces"],
            finance_cv=gains["finance_cv"],
            technology_cv=gains["technology_cv"],
            ratio=gains["ratio"],
            low=low,
            high=high,
            draws=draws,
            seed=seed,
            level_gini=level_gini,
            from_base=from_base,
            base=base,
        ),
        interval=(low, high),
        claimed=(1.0, math.inf),
        sourced=(
            t(
                "PKU-DFIIC provincial aggregate index {start} and {end}",
                "PKU-DFIIC 省级总指数，{start} 年和 {end} 年",
                start=start,
                end=end,
            ),
            t(
                "NBS share of firms with e-commerce trading {start} and {end}",
                "国家统计局有电子商务交易活动的企业比重，{start} 年和 {end} 年",
                start=start,
                end=end,
            ),
        ),
    )


# --- 5.1: data security and compliance (scenario model) -------------------------------------------


@dataclass(frozen=True)
class DataSecurityAssumptions:
    """A merchant's data-incident risk and compliance spending, per year (scenario, not data).

    Expected annual cost E(s) = p(V)·exp(−s/c)·L(V) + s, with incident probability
    p(V) = p₀·(V/V₀)^a at data value V, loss per incident L(V) = ℓ·V + F + q·f·R, and compliance
    spending s that cuts the probability by the factor e every c yuan. The fine cap f is the law's
    (PIPL art. 66); every other number is an assumption chosen to illustrate, not an estimate.
    """

    data_value_yuan: float = assumption(
        2_000_000,
        t("yuan", "元"),
        t("value of the merchant's data assets (V)", "商户数据资产的价值（V）"),
        plausible=(
            200_000,
            20_000_000,
            t("scenario choice: a small to mid-sized online merchant", "情景设定：中小型网络商户"),
        ),
    )
    reference_data_value_yuan: float = assumption(
        1_000_000,
        t("yuan", "元"),
        t(
            "data value at which the incident probability is p₀ (V₀)",
            "事故概率等于 p₀ 时的数据价值（V₀）",
        ),
        plausible=(
            500_000,
            2_000_000,
            t(
                "normalisation point of p(V); moving it with p₀ fixed rescales the probability",
                "p(V) 的归一化点；在 p₀ 不变时移动它会按比例改变概率",
            ),
        ),
    )
    base_incident_probability: float = assumption(
        0.05,
        t("share per year", "每年比例"),
        t(
            "incident probability at V₀ without compliance spending (p₀)",
            "无合规支出时数据价值为 V₀ 的事故概率（p₀）",
        ),
        plausible=(
            0.01,
            0.2,
            t(
                "wide reasoned range (one incident in 5 to 100 years); no published incidence for "
                "Chinese online merchants was found",
                "较宽的推理区间（5 至 100 年发生一次事故）；未找到中国网络商户事故发生率的公开数据",
            ),
        ),
    )
    attractiveness: float = assumption(
        0.5,
        t("elasticity", "弹性"),
        t(
            "how fast the incident probability rises with data value (a)",
            "事故概率随数据价值上升的速度（a）",
        ),
        plausible=(
            0.0,
            1.0,
            t(
                "0: attacks ignore the data's value; 1: proportional to it",
                "0：攻击与数据价值无关；1：与数据价值成正比",
            ),
        ),
    )
    loss_share_of_data_value: float = assumption(
        0.3,
        t("share", "比例"),
        t(
            "loss per incident as a share of the data value: remediation, churn (ℓ)",
            "每次事故损失占数据价值的比例：补救、客户流失（ℓ）",
        ),
        plausible=(
            0.05,
            0.6,
            t(
                "reasoned range: from a contained leak to losing most of its value",
                "推理区间：从可控的泄露到损失大部分价值",
            ),
        ),
    )
    fixed_incident_cost_yuan: float = assumption(
        50_000,
        t("yuan", "元"),
        t(
            "fixed cost of handling an incident: forensics, notification (F)",
            "处理一次事故的固定成本：取证、通知（F）",
        ),
        plausible=(
            10_000,
            200_000,
            t(
                "reasoned range for a small merchant's incident handling",
                "小商户处理事故成本的推理区间",
            ),
        ),
    )
    annual_revenue_yuan: float = assumption(
        10_000_000,
        t("yuan", "元"),
        t("the merchant's previous-year revenue (R)", "商户上一年度营业额（R）"),
        plausible=(
            1_000_000,
            100_000_000,
            t("scenario choice: a small to mid-sized merchant", "情景设定：中小型商户"),
        ),
    )
    fine_cap_share_of_revenue: float = assumption(
        0.05,
        t("share", "比例"),
        t(
            "maximum fine for a serious violation: 5% of last year's revenue (f)",
            "情节严重违法行为的罚款上限：上一年度营业额的 5%（f）",
        ),
        t("pipl2021", "pipl2021"),  # a citation key, written as it is
    )
    fine_probability: float = assumption(
        0.1,
        t("share", "比例"),
        t(
            "probability that an incident draws a fine at the cap (q)",
            "事故导致按上限处罚的概率（q）",
        ),
        plausible=(
            0.0,
            0.3,
            t("reasoned range: fines at the cap are rare", "推理区间：按上限处罚的情形很少"),
        ),
    )
    compliance_efficacy_yuan: float = assumption(
        100_000,
        t("yuan per year", "元/年"),
        t(
            "spending that divides the incident probability by e (c)",
            "使事故概率降为 1/e 的合规支出（c）",
        ),
        plausible=(
            30_000,
            300_000,
            t("reasoned range for a small merchant's security budget", "小商户安全预算的推理区间"),
        ),
    )

    def __post_init__(self):
        for name in (
            "data_value_yuan",
            "reference_data_value_yuan",
            "annual_revenue_yuan",
            "compliance_efficacy_yuan",
        ):
            validate.positive(name, getattr(self, name), unit="yuan")
        validate.non_negative("fixed_incident_cost_yuan", self.fixed_incident_cost_yuan)
        validate.non_negative("attractiveness", self.attractiveness)
        for name in (
            "base_incident_probability",
            "loss_share_of_data_value",
            "fine_cap_share_of_revenue",
            "fine_probability",
        ):
            validate.share(name, getattr(self, name))


def incident_probability(params: DataSecurityAssumptions, data_value_yuan=None):
    """Yearly incident probability without compliance spending, p(V), capped at 1, at the
    scenario's data value or at each of ``data_value_yuan`` (yuan)."""
    validate.instance("params", params, DataSecurityAssumptions, "a DataSecurityAssumptions")
    value = _data_values(params, data_value_yuan)
    scaled = value / params.reference_data_value_yuan
    return np.minimum(1.0, params.base_incident_probability * scaled**params.attractiveness)


def loss_per_incident(params: DataSecurityAssumptions, data_value_yuan=None):
    """Expected loss of one incident, L(V) (yuan): data-value share, fixed cost, expected fine,
    at the scenario's data value or at each of ``data_value_yuan``."""
    validate.instance("params", params, DataSecurityAssumptions, "a DataSecurityAssumptions")
    value = _data_values(params, data_value_yuan)
    fine = params.fine_probability * params.fine_cap_share_of_revenue * params.annual_revenue_yuan
    return params.loss_share_of_data_value * value + params.fixed_incident_cost_yuan + fine


def _data_values(params: DataSecurityAssumptions, data_value_yuan):
    if data_value_yuan is None:
        return params.data_value_yuan
    return validate.array("data_value_yuan", data_value_yuan, low=1.0)


def expected_annual_cost(params: DataSecurityAssumptions, spending_yuan) -> np.ndarray:
    """Expected incident loss plus compliance spending (yuan/year) at each spending level s."""
    validate.instance("params", params, DataSecurityAssumptions, "a DataSecurityAssumptions")
    spending = validate.array("spending_yuan", spending_yuan, low=0.0, allow_empty=False)
    exposure = incident_probability(params) * loss_per_incident(params)
    return exposure * np.exp(-spending / params.compliance_efficacy_yuan) + spending


def optimal_compliance(params: DataSecurityAssumptions) -> pd.Series:
    """The spending that minimises expected cost, and what it saves (yuan per year).

    s* = c·ln(p·L/c) when the expected loss without spending, p·L, exceeds c; else 0 (no spending
    pays for itself). ``saving`` = expected cost at s = 0 minus that at s*.
    """
    validate.instance("params", params, DataSecurityAssumptions, "a DataSecurityAssumptions")
    exposure = float(incident_probability(params) * loss_per_incident(params))
    efficacy = params.compliance_efficacy_yuan
    spending = efficacy * math.log(exposure / efficacy) if exposure > efficacy else 0.0
    cost = float(expected_annual_cost(params, [spending])[0])
    return pd.Series(
        {
            "expected_loss_without_spending": exposure,
            "optimal_spending": spending,
            "expected_cost_at_optimum": cost,
            "saving": exposure - cost,
        }
    )


def break_even_data_value(params: DataSecurityAssumptions) -> float:
    """Data value (yuan) above which compliance spending pays for itself: p(V)·L(V) = c.

    NaN when no data value up to 10¹² yuan reaches it. Found by bisection on V (p·L rises in V).
    """
    validate.instance("params", params, DataSecurityAssumptions, "a DataSecurityAssumptions")
    from scipy.optimize import brentq

    def gap(value: float) -> float:
        at_value = replace(params, data_value_yuan=value)
        return (
            incident_probability(at_value) * loss_per_incident(at_value)
            - params.compliance_efficacy_yuan
        )

    low, high = 1.0, 1e12
    if gap(low) >= 0:
        return low
    if gap(high) < 0:
        return math.nan
    return float(brentq(gap, low, high, xtol=1.0))


def data_value_sweep(params: DataSecurityAssumptions, data_values_yuan) -> pd.DataFrame:
    """:func:`optimal_compliance` at each data value (one row per value, yuan)."""
    validate.instance("params", params, DataSecurityAssumptions, "a DataSecurityAssumptions")
    values = validate.array("data_values_yuan", data_values_yuan, low=1.0)
    rows = [optimal_compliance(replace(params, data_value_yuan=float(v))) for v in values]
    return pd.DataFrame(rows, index=pd.Index(values, name="data_value_yuan"))


#: The assumptions that drive S51-01, and the data values (multiples of the scenario's) over
#: which "more valuable data, more risk" is examined.
RISK_DRIVERS = (
    "base_incident_probability",
    "attractiveness",
    "loss_share_of_data_value",
    "fixed_incident_cost_yuan",
    "fine_probability",
)
RISK_VALUE_FACTORS = np.geomspace(0.1, 10, 21)
#: Points per assumption in the plausible grid of S51-01 (4⁵ = 1,024 combinations).
RISK_GRID_POINTS = 4


@claims.model_check("S51-01")
def higher_data_value_higher_risk(
    claim_id: str = "S51-01",
    params: DataSecurityAssumptions | None = None,
    points: int = RISK_GRID_POINTS,
) -> claims.Finding:
    """S51-01: "数据价值越高，合规风险越大" in yuan, over the plausible region of the assumptions.

    At each of ``points``⁵ combinations of the plausible values of :data:`RISK_DRIVERS`, the
    claim holds if the expected incident loss without compliance spending, p(V)·L(V), rises at
    every step of a grid of data values (0.1 to 10 times the scenario's). The model's form makes
    p and L rise with V for every a ≥ 0 and ℓ > 0, so the claim is an assumption of the model,
    not a result: the finding restates it. The estimate is the break-even data value (yuan)
    above which compliance spending pays for itself, at the scenario's assumptions.
    """
    params = DataSecurityAssumptions() if params is None else params
    validate.instance("params", params, DataSecurityAssumptions, "a DataSecurityAssumptions")
    # points ** 5 grid points, each an optimisation: at most MAX_ELEMENTS of them.
    ceiling = int(validate.MAX_ELEMENTS ** (1 / len(RISK_DRIVERS)))
    validate.integer("points", points, 2, ceiling)
    grid = claims.plausible_grid(params, RISK_DRIVERS, points)
    values = params.data_value_yuan * RISK_VALUE_FACTORS
    holds = []
    for row in grid.itertuples(index=False):
        at_point = replace(params, **row._asdict())
        loss = incident_probability(at_point, values) * loss_per_incident(at_point, values)
        holds.append(bool(np.all(np.diff(loss) > 0)))
    break_even = break_even_data_value(params)
    largest = optimal_compliance(replace(params, data_value_yuan=float(values[-1])))
    residual = largest["expected_cost_at_optimum"] - largest["optimal_spending"]
    return claims.region_finding(
        claim_id,
        grid,
        holds,
        t(
            "the expected incident loss without compliance spending rises with the data value "
            "({low:,.0f} to {high:,.0f} yuan) in {share:.0%} of "
            "{combinations:,} combinations of the plausible assumptions, as the model's form makes "
            "it; spending pays for itself above {break_even:.2f} million yuan of data; at the best "
            "spending the loss left is {residual:,.0f} yuan a year (the efficacy c) whatever the "
            "data's value above that, so what rises with the value is the cost of protection",
            "在不投入合规支出时，预期事故损失随数据价值（{low:,.0f} 至 {high:,.0f} 元）上升，"
            "这在合理假设的 {combinations:,} 种组合中占 {share:.0%}，这是模型形式所决定的；"
            "数据价值超过 {break_even:.2f} 百万元后，合规支出即可收回成本；在最优支出下，"
            "高于该价值时剩余损失为每年 {residual:,.0f} 元（即效力参数 c），与数据价值无关，"
            "因此随数据价值上升的是防护成本",
            low=values[0],
            high=values[-1],
            share=np.mean(holds),
            combinations=len(grid),
            break_even=break_even / 1e6,
            residual=residual,
        ),
        estimate=break_even,
        restates_claim=True,
    )


# --- 5.3: talent ---------------------------------------------------------------------------------

#: Public indicators that would measure the supply of people who know e-commerce, technology and
#: finance together (5.3). None is in the project's data: the chapter lists them, it does not
#: simulate a number.
TALENT_INDICATORS = pd.DataFrame(
    [
        (
            t(
                "Urban non-private employment in information transmission, software and IT "
                "services, by province",
                "分地区信息传输、软件和信息技术服务业城镇非私营单位就业人员",
            ),
            t(
                "国家统计局, 中国统计年鉴 (employment by sector and region)",
                "国家统计局，《中国统计年鉴》（分行业、分地区就业）",
            ),
            t("technology workforce", "技术从业人员"),
            t(
                "not in hand: needs the yearbook tables by province and year",
                "未获取：需要分省份、分年份的年鉴表格",
            ),
        ),
        (
            t(
                "Urban non-private employment in finance, by province",
                "分地区金融业城镇非私营单位就业人员",
            ),
            t(
                "国家统计局, 中国统计年鉴 (employment by sector and region)",
                "国家统计局，《中国统计年鉴》（分行业、分地区就业）",
            ),
            t("finance workforce", "金融从业人员"),
            t("not in hand: as above", "未获取：同上"),
        ),
        (
            t(
                "Graduates by discipline and major (e-commerce, computer science, finance)",
                "分学科、分专业毕业生数（电子商务、计算机科学、金融）",
            ),
            t(
                "教育部, 全国教育事业发展统计公报 and 教育统计数据",
                "教育部，《全国教育事业发展统计公报》和教育统计数据",
            ),
            t("new supply of each skill", "各项技能的新增供给"),
            t(
                "not in hand; by major, not by the combination of skills the paper asks for",
                "未获取；按专业统计，而非按论文所要求的技能组合统计",
            ),
        ),
        (
            t(
                "Vacancy-to-applicant ratios by occupation (e.g. e-commerce and internet marketing "
                "occupations)",
                "分职业岗位空缺与求职人数之比（如电子商务、互联网营销类职业）",
            ),
            t(
                "人力资源和社会保障部, quarterly shortage-occupation rankings",
                "人力资源和社会保障部，季度“最缺工”职业排行",
            ),
            t("unmet demand (shortage)", "未满足的需求（短缺）"),
            t(
                "not in hand; ranks occupations, gives no province panel",
                "未获取；只对职业排序，不提供分省面板",
            ),
        ),
        (
            t(
                "Digital-skills and digital-literacy surveys of rural residents",
                "农村居民数字技能与数字素养调查",
            ),
            t(
                "中国互联网络信息中心 (CNNIC), 中国互联网络发展状况统计报告",
                "中国互联网络信息中心（CNNIC），《中国互联网络发展状况统计报告》",
            ),
            t("rural digital skills (数字新农人)", "农村数字技能（数字新农人）"),
            t(
                "not in hand; survey design changes between editions",
                "未获取；各期调查设计不一致",
            ),
        ),
    ],
    columns=[
        t("indicator", "指标"),
        t("publisher", "发布机构"),
        t("what it would measure", "可度量的内容"),
        t("status", "状态"),
    ],
)
