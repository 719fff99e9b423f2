"""The provincial panel: PKU-DFIIC joined with the NBS e-commerce and internet indicators.

One row per province-year that both third-party datasets cover, with the province's NBS region
(``data/provinces.csv``) and intensities derived from the NBS sizes. The logic chapter (§3, the two
wheels) and the path chapter (§4.1-4.3, the stage index) both read it.
"""

from __future__ import annotations

import pandas as pd

from ecommod import data, validate

#: The NBS regions (东西中部和东北地区划分方法), in the book's order.
REGIONS = ("east", "central", "west", "northeast")


def assemble_panel(
    finance: pd.DataFrame, ecommerce: pd.DataFrame, provinces: pd.DataFrame
) -> pd.DataFrame:
    """One row per province-year present in both sources, with region and derived intensities:
    e-commerce sales and purchases per firm trading online (10,000 yuan) and mobile traffic per
    mobile-internet user (GB).

    ``finance`` is the PKU-DFIIC provincial table, ``ecommerce`` the NBS provincial panel,
    ``provinces`` the table of province codes and regions. Years present in only one source are
    dropped; a province without a region, or a province-year set that differs between the two
    sources in a shared year, raises ValueError naming the provinces.
    """
    validate.columns("finance", finance, ("prov_code", "year", "index_aggregate"))
    validate.columns(
        "ecommerce",
        ecommerce,
        (
            "prov_code",
            "year",
            "computers_per_100_persons",
            "websites_per_100_firms",
            "firms_with_ec_trading",
            "firms_with_ec_share_pct",
            "ec_sales_100m_yuan",
            "ec_purchases_100m_yuan",
            "mobile_internet_users_10k",
            "mobile_internet_traffic_10k_gb",
        ),
    )
    validate.columns("provinces", provinces, ("prov_code", "prov_name_eng", "region"))
    for name, frame in (("finance", finance), ("ecommerce", ecommerce)):
        if frame.empty:
            raise ValueError(f"{name} must have at least one row, got an empty table")
    shared_years = sorted(set(finance["year"]) & set(ecommerce["year"]))
    if not shared_years:
        raise ValueError(
            "finance and ecommerce share no year: finance has "
            f"{sorted(set(finance['year']))}, ecommerce {sorted(set(ecommerce['year']))}"
        )
    finance = finance[finance["year"].isin(shared_years)]
    ecommerce = ecommerce[ecommerce["year"].isin(shared_years)]
    keys = ["prov_code", "year"]
    only_finance = set(map(tuple, finance[keys].to_numpy())) - set(
        map(tuple, ecommerce[keys].to_numpy())
    )
    only_ecommerce = set(map(tuple, ecommerce[keys].to_numpy())) - set(
        map(tuple, finance[keys].to_numpy())
    )
    if only_finance or only_ecommerce:
        raise ValueError(
            "finance and ecommerce must cover the same provinces in their shared years; "
            f"(province code, year) only in finance: {sorted(only_finance)[:5]}, "
            f"only in ecommerce: {sorted(only_ecommerce)[:5]}"
        )
    unknown = sorted(set(finance["prov_code"]) - set(provinces["prov_code"]))
    if unknown:
        raise ValueError(f"provinces has no region for province code(s) {unknown}")
    regions = sorted(set(provinces["region"]) - set(REGIONS))
    if regions:
        raise ValueError(f"provinces region must be one of {list(REGIONS)}, got {regions}")
    names = [
        c for c in ("prov_name", "prov_name_eng", "province") if c in finance or c in ecommerce
    ]
    panel = finance.drop(columns=[c for c in names if c in finance]).merge(
        ecommerce.drop(columns=[c for c in names if c in ecommerce]), on=keys
    )
    panel = panel.merge(provinces[["prov_code", "prov_name_eng", "region"]], on="prov_code")
    firms = panel["firms_with_ec_trading"].astype(float)
    panel["ec_sales_per_firm_10k_yuan"] = panel["ec_sales_100m_yuan"] * 10_000 / firms
    panel["ec_purchases_per_firm_10k_yuan"] = panel["ec_purchases_100m_yuan"] * 10_000 / firms
    panel["traffic_per_user_gb"] = (
        panel["mobile_internet_traffic_10k_gb"] / panel["mobile_internet_users_10k"]
    )
    panel["region"] = pd.Categorical(panel["region"], categories=list(REGIONS))
    return panel.sort_values(keys).reset_index(drop=True)


def provincial_panel() -> pd.DataFrame:
    """:func:`assemble_panel` over the third-party files and ``data/provinces.csv``.

    Raises :class:`ecommod.data.ExternalDataUnavailable` when a third-party file is missing.
    """
    return assemble_panel(
        data.load_external("pku_dfiic_province"),
        data.load_external("nbs_provincial_ecommerce"),
        data.load_table("provinces"),
    )
