"""§5 Challenges: uneven digital finance and technology across China, and data-security risk.

What is specific to the paper's §5 (``notebooks/04_challenges.ipynb``); the measures themselves
(Gini, Theil, Dagum, convergence, Moran's I) are general and live in :mod:`ecommod.inequality`.

* 5.2: finance against technology across provinces; the year-by-province tables they are
  measured on, the regions and neighbours come from :mod:`ecommod.provincial`.
* The data-security scenario model (5.1): a merchant's expected annual cost of data incidents
  against its compliance spending. Every parameter is an assumption stated in
  :class:`DataSecurityAssumptions` (the fine cap is the law's); it produces no statistic.
* Talent (5.3): no dataset in hand measures it; :data:`TALENT_INDICATORS` lists public indicators
  that would.
* Model checks for the §5 claims of the ledger (S51-01, S52-01).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ecommod import claims, inequality, provincial, validate
from ecommod.present import assumption

# --- 5.2: how uneven, and is it closing -----------------------------------------------------------


def inequality_trends(panels: dict[str, pd.DataFrame], groups: pd.Series) -> pd.DataFrame:
    """Per measure: Gini and Theil in the first and last year, their change (%), and the share
    of Theil between groups in the last year. ``panels`` maps a measure to a year x member table."""
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

    both = pd.concat([first, second], axis=1, join="inner").dropna()
    if len(both) < 3:
        raise ValueError(f"the two measures share {len(both)} members; at least 3 are needed")
    result = spearmanr(both.iloc[:, 0], both.iloc[:, 1])
    return pd.Series(
        {"rho": float(result.statistic), "p_value": float(result.pvalue), "n": len(both)}
    )


def finance_more_uneven_than_technology() -> claims.ModelCheck:
    """S52-01: is finance spread more unevenly across provinces than technology adoption?

    Compares the provincial Gini of the PKU-DFIIC aggregate index with that of the share of firms
    with e-commerce trading (NBS) in the latest year both cover. ``reproduced`` when finance is the
    more unequal, else ``contradicted``; the value is the ratio of the two Ginis. Provinces only:
    the paper's contrast (SMEs, rural and remote areas) lies partly below that level.
    """
    finance, technology = provincial.finance_panel(), provincial.technology_panel()
    year = int(min(finance.index.max(), technology.index.max()))
    finance_gini = inequality.gini(finance.loc[year].to_numpy())
    technology_gini = inequality.gini(technology.loc[year].to_numpy())
    ratio = finance_gini / technology_gini
    holds = finance_gini > technology_gini
    return claims.ModelCheck(
        "reproduced" if holds else "contradicted",
        ratio,
        f"{year}, 31 provinces: Gini of the PKU-DFIIC index {finance_gini:.3f} vs "
        f"{technology_gini:.3f} for the share of firms with e-commerce trading (NBS); finance is "
        f"{'more' if holds else 'less'} unequal (ratio {ratio:.2f})",
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
        2_000_000, "yuan", "value of the merchant's data assets (V)", "assumption"
    )
    reference_data_value_yuan: float = assumption(
        1_000_000, "yuan", "data value at which the incident probability is p₀ (V₀)", "assumption"
    )
    base_incident_probability: float = assumption(
        0.05, "share per year", "incident probability at V₀ without compliance spending (p₀)"
    )
    attractiveness: float = assumption(
        0.5, "elasticity", "how fast the incident probability rises with data value (a)"
    )
    loss_share_of_data_value: float = assumption(
        0.3, "share", "loss per incident as a share of the data value: remediation, churn (ℓ)"
    )
    fixed_incident_cost_yuan: float = assumption(
        50_000, "yuan", "fixed cost of handling an incident: forensics, notification (F)"
    )
    annual_revenue_yuan: float = assumption(
        10_000_000, "yuan", "the merchant's previous-year revenue (R)"
    )
    fine_cap_share_of_revenue: float = assumption(
        0.05,
        "share",
        "maximum fine for a serious violation: 5% of last year's revenue (f)",
        "pipl2021",
    )
    fine_probability: float = assumption(
        0.1, "share", "probability that an incident draws a fine at the cap (q)"
    )
    compliance_efficacy_yuan: float = assumption(
        100_000, "yuan per year", "spending that divides the incident probability by e (c)"
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


def incident_probability(params: DataSecurityAssumptions) -> float:
    """Yearly incident probability without compliance spending, p(V), capped at 1."""
    scaled = params.data_value_yuan / params.reference_data_value_yuan
    return min(1.0, params.base_incident_probability * scaled**params.attractiveness)


def loss_per_incident(params: DataSecurityAssumptions) -> float:
    """Expected loss of one incident, L(V) (yuan): data-value share, fixed cost, expected fine."""
    fine = params.fine_probability * params.fine_cap_share_of_revenue * params.annual_revenue_yuan
    return (
        params.loss_share_of_data_value * params.data_value_yuan
        + params.fixed_incident_cost_yuan
        + fine
    )


def expected_annual_cost(params: DataSecurityAssumptions, spending_yuan) -> np.ndarray:
    """Expected incident loss plus compliance spending (yuan/year) at each spending level s."""
    spending = validate.array("spending_yuan", spending_yuan, low=0.0, allow_empty=False)
    exposure = incident_probability(params) * loss_per_incident(params)
    return exposure * np.exp(-spending / params.compliance_efficacy_yuan) + spending


def optimal_compliance(params: DataSecurityAssumptions) -> pd.Series:
    """The spending that minimises expected cost, and what it saves (yuan per year).

    s* = c·ln(p·L/c) when the expected loss without spending, p·L, exceeds c; else 0 (no spending
    pays for itself). ``saving`` = expected cost at s = 0 minus that at s*.
    """
    exposure = incident_probability(params) * loss_per_incident(params)
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
    values = validate.array("data_values_yuan", data_values_yuan, low=1.0)
    rows = [optimal_compliance(replace(params, data_value_yuan=float(v))) for v in values]
    return pd.DataFrame(rows, index=pd.Index(values, name="data_value_yuan"))


def higher_data_value_higher_risk() -> claims.ModelCheck:
    """S51-01: "数据价值越高，合规风险越大" in yuan, under the stated assumptions.

    On a grid of data values (0.1 to 10 times the default) the expected loss without compliance
    and the optimal compliance spending both rise with the data value. That follows from the
    assumptions (loss and probability rise with V), so the verdict is ``illustrated``; the value
    is the break-even data value (yuan) above which compliance spending pays for itself.
    """
    params = DataSecurityAssumptions()
    sweep = data_value_sweep(params, params.data_value_yuan * np.geomspace(0.1, 10, 21))
    rising = bool(np.all(np.diff(sweep["expected_loss_without_spending"]) > 0))
    spending_rises = bool(np.all(np.diff(sweep["optimal_spending"]) >= 0))
    break_even = break_even_data_value(params)
    return claims.ModelCheck(
        "illustrated",
        break_even,
        f"expected loss without compliance {'rises' if rising else 'does not rise'} and optimal "
        f"spending {'rises' if spending_rises else 'does not rise'} with data value (scenario "
        f"assumptions); spending pays for itself above {break_even:,.0f} yuan of data",
    )


# --- 5.3: talent ---------------------------------------------------------------------------------

#: Public indicators that would measure the supply of people who know e-commerce, technology and
#: finance together (5.3). None is in the project's data: the chapter lists them, it does not
#: simulate a number.
TALENT_INDICATORS = pd.DataFrame(
    [
        (
            "Urban non-private employment in information transmission, software and IT services, "
            "by province",
            "国家统计局, 中国统计年鉴 (employment by sector and region)",
            "technology workforce",
            "not in hand: needs the yearbook tables by province and year",
        ),
        (
            "Urban non-private employment in finance, by province",
            "国家统计局, 中国统计年鉴 (employment by sector and region)",
            "finance workforce",
            "not in hand: as above",
        ),
        (
            "Graduates by discipline and major (e-commerce, computer science, finance)",
            "教育部, 全国教育事业发展统计公报 and 教育统计数据",
            "new supply of each skill",
            "not in hand; by major, not by the combination of skills the paper asks for",
        ),
        (
            "Vacancy-to-applicant ratios by occupation (e.g. e-commerce and internet marketing "
            "occupations)",
            "人力资源和社会保障部, quarterly shortage-occupation rankings",
            "unmet demand (shortage)",
            "not in hand; ranks occupations, gives no province panel",
        ),
        (
            "Digital-skills and digital-literacy surveys of rural residents",
            "中国互联网络信息中心 (CNNIC), 中国互联网络发展状况统计报告",
            "rural digital skills (数字新农人)",
            "not in hand; survey design changes between editions",
        ),
    ],
    columns=["indicator", "publisher", "what it would measure", "status"],
)
