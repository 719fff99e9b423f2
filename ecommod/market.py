"""Model checks for §1's market figures (the market chapter, ``notebooks/00_market.ipynb``).

A check is registered with :func:`ecommod.claims.model_check`, called by the claim ledger with
the claim id, and returns a :class:`ecommod.claims.Finding`; the ledger's one rule turns it into
the verdict. It also holds the reader's tables that are specific to §1.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecommod import claims, data, validate
from ecommod.language import t

if TYPE_CHECKING:
    import pandas as pd

#: The cross-border e-commerce series of §1.3 and the words a reader sees for them, in the
#: order they are read (customs' survey-based totals; the narrow platform measure is separate).
CROSS_BORDER_FLOWS = {
    "cross_border_ecommerce_total": t("imports and exports", "进出口"),
    "cross_border_ecommerce_exports": t("exports", "出口"),
    "cross_border_ecommerce_imports": t("imports", "进口"),
}
#: The vintages of a customs figure (data.VINTAGES), shown as they are, with their Chinese twins.
VINTAGE_WORDS = {
    "preliminary": t("preliminary", "初步"),
    "revised": t("revised", "修订"),
}


@claims.model_check("S1-04")
def physical_goods_level_from_share(claim_id: str = "S1-04", year: int = 2024) -> claims.Finding:
    """S1-04: does the paper's share (S1-06, 26.8%) of the official retail total give 约13万亿元?

    The paper's physical-goods share of total retail sales of consumer goods times the NBS total
    for ``year`` (亿元) is the physical-goods level the paper's own share implies. Its interval
    is what the share's written precision allows (26.75%-26.85%). It tests the paper's
    arithmetic, not the official figure: the share is the paper's (itself unverified, S1-06); the
    total is the NBS figure.
    """
    level_claim, share_claim = claims.claim(claim_id), claims.claim("S1-06")
    validate.integer("year", year, 1900, 2100)
    retail = data.official_series("retail_sales_consumer_goods")["value"].dropna()
    if year not in retail.index:
        raise ValueError(
            f"year must be one with an official retail-sales total {list(retail.index)}, got {year}"
        )
    share = claims.convert(share_claim["value"], share_claim["unit"], "fraction")
    half_digit = claims.convert(
        share_claim["stated_precision"] / 2, share_claim["unit"], "fraction"
    )
    total = claims.convert(retail[year], "100m_yuan", level_claim["unit"])
    implied = share * total
    interval = ((share - half_digit) * total, (share + half_digit) * total)
    return claims.point_finding(
        claim_id,
        implied,
        t(
            "{share}% (the paper's share, S1-06) × NBS retail sales of consumer goods {year} "
            "({total} 亿元) = {implied} 亿元; the share's written precision allows "
            "{low}–{high} 亿元",
            "{share}%（论文的比重，S1-06）× 国家统计局 {year} 年社会消费品零售总额"
            "（{total} 亿元）= {implied} 亿元；按该比重的书写精度，区间为 {low}–{high} 亿元",
            share=f"{share_claim['value']:g}",
            year=year,
            total=f"{retail[year]:,.0f}",
            implied=f"{implied:,.0f}",
            low=f"{interval[0]:,.0f}",
            high=f"{interval[1]:,.0f}",
        ),
        interval=interval,
        sourced=(
            t(
                "NBS retail sales of consumer goods {year}",
                "国家统计局 {year} 年社会消费品零售总额",
                year=year,
            ),
            t("the paper's share (S1-06)", "论文的比重（S1-06）"),
        ),
    )


def cross_border_releases() -> pd.DataFrame:
    """Every customs figure of cross-border e-commerce trade that §1.3 tracks, for reading.

    One row per year, flow (:data:`CROSS_BORDER_FLOWS`, in words) and vintage (preliminary before
    revised), years ascending. Columns: ``year``, ``flow``, ``vintage``, ``value`` (亿元, missing
    where no figure was found), ``published_growth_pct`` and ``source`` (publisher and release
    date, as the claim cards name them). Customs' narrow measure of trade cleared through its own
    platforms is left out: it cannot be compared with these totals.
    """
    import pandas as pd

    series = data.load_table("official_series")
    rows = series[series["series_id"].isin(list(CROSS_BORDER_FLOWS))].copy()
    sources = data.load_table("sources").set_index("source_id")
    rows["source"] = [
        claims.describe_sources("" if pd.isna(s) else s, sources) for s in rows["source_id"]
    ]
    rows["flow_order"] = rows["series_id"].map(list(CROSS_BORDER_FLOWS).index)
    rows["vintage_order"] = rows["vintage"].map(data.VINTAGES.index)
    rows = rows.sort_values(["year", "flow_order", "vintage_order"], kind="stable")
    rows["flow"] = rows["series_id"].map(CROSS_BORDER_FLOWS)
    columns = ["year", "flow", "vintage", "value", "published_growth_pct", "source"]
    return pd.DataFrame(rows[columns].to_numpy(), columns=columns).astype(
        {"year": int, "value": float, "published_growth_pct": float}
    )
