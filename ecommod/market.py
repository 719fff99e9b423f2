"""Model checks for §1's market figures (the market chapter, ``notebooks/00_market.ipynb``).

A check is called by the claim ledger with no arguments and returns a
:class:`ecommod.claims.ModelCheck`: its verdict, the value it computed and one line of explanation.
"""

from __future__ import annotations

from ecommod import claims, data


def physical_goods_level_from_share(year: int = 2024) -> claims.ModelCheck:
    """S1-04: does the paper's share (S1-06, 26.8%) of the official retail total give 约13万亿元?

    The paper's physical-goods share of total retail sales of consumer goods times the NBS total
    for ``year`` (亿元) is the physical-goods level the paper's own share implies. The verdict is
    ``reproduced`` when that level lies within S1-04's tolerance of the claimed 约13万亿元, else
    ``contradicted``. It tests the paper's arithmetic, not the official figure: the share is the
    paper's (itself unverified, S1-06); the total is the NBS figure.
    """
    level_claim, share_claim = claims.claim("S1-04"), claims.claim("S1-06")
    retail = data.official_series("retail_sales_consumer_goods")["value"].dropna()
    if year not in retail.index:
        raise ValueError(
            f"year must be one with an official retail-sales total {list(retail.index)}, got {year}"
        )
    share = claims.convert(share_claim["value"], share_claim["unit"], "fraction")
    total = claims.convert(retail[year], "100m_yuan", level_claim["unit"])
    implied = share * total
    tolerance = claims.tolerance(level_claim)
    holds = abs(implied - level_claim["value"]) <= tolerance
    return claims.ModelCheck(
        "reproduced" if holds else "contradicted",
        implied,
        f"{share_claim['value']:g}% (paper, S1-06) × NBS retail sales {year} "
        f"({retail[year]:,.0f} 亿元) = {implied:,.0f} 亿元, "
        f"{'within' if holds else 'outside'} ±{tolerance:,.0f} 亿元 of the claimed "
        f"{level_claim['value']:,.0f} 亿元",
    )
