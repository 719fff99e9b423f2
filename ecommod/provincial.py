"""The provinces, their regions, and the provincial data: the one home of each.

* The 31 provinces and their NBS region (``data/provinces.csv``): :func:`provinces`,
  :func:`regions`, :data:`REGIONS` (the only region list), and land-border neighbours
  (:func:`contiguity`).
* Year-by-province tables of one measure (§5): :func:`finance_panel` (PKU-DFIIC),
  :func:`technology_panel` (NBS enterprise e-commerce and internet panel) and the PKU-DFIIC
  cities of one year (:func:`city_panel`).
* The long provincial panel: PKU-DFIIC joined with the NBS panel, one row per province-year that
  both cover, with the region and intensities derived from the NBS sizes
  (:func:`provincial_panel`). The logic chapter (§3, the two wheels) and the path chapter
  (§4.1-4.3, the stage index) read it.
"""

from __future__ import annotations

import pandas as pd

from ecommod import data, validate
from ecommod.language import t

#: The NBS regions (东西中部和东北地区划分方法), in the book's order.
REGIONS = (t("east", "东部"), t("central", "中部"), t("west", "西部"), t("northeast", "东北"))

#: PKU-DFIIC measures: the aggregate index and its three first-level dimensions.
FINANCE_MEASURES = {
    "index_aggregate": t("aggregate index (总指数)", "总指数"),
    "coverage_breadth": t("coverage breadth (覆盖广度)", "覆盖广度"),
    "usage_depth": t("usage depth (使用深度)", "使用深度"),
    "digitization_level": t("digitisation (数字化程度)", "数字化程度"),
}
#: The same measures without their Chinese names (legends, sentences).
FINANCE_SHORT_NAMES = {
    "index_aggregate": t("aggregate index", "总指数"),
    "coverage_breadth": t("coverage breadth", "覆盖广度"),
    "usage_depth": t("usage depth", "使用深度"),
    "digitization_level": t("digitisation", "数字化程度"),
}
#: NBS measures of technology adoption that do not need population to compare provinces.
TECHNOLOGY_MEASURES = {
    "firms_with_ec_share_pct": t(
        "firms with e-commerce trading (% of firms)", "有电子商务交易活动的企业比重（%）"
    ),
    "computers_per_100_persons": t(
        "computers per 100 persons (in firms)", "企业每百人使用计算机数"
    ),
    "websites_per_100_firms": t("websites per 100 firms", "每百家企业拥有网站数"),
}
#: Names of the third-party datasets (``data/datapackage.json``).
FINANCE_DATASET = "pku_dfiic_province"
CITY_DATASET = "pku_dfiic_city"
TECHNOLOGY_DATASET = "nbs_provincial_ecommerce"


def provinces() -> pd.DataFrame:
    """The 31 provinces (``data/provinces.csv``) indexed by integer GB/T 2260 code."""
    table = data.load_table("provinces")
    for english, chinese in zip(table["prov_name_eng"], table["prov_name_short"], strict=True):
        t(english, chinese)  # a province's name in each language (tables, figure ticks)
    return table.set_index(table["prov_code"].astype(int)).drop(columns="prov_code")


def regions() -> pd.Series:
    """NBS region (one of :data:`REGIONS`) of each province code."""
    return provinces()["region"].astype(str)


def contiguity() -> pd.DataFrame:
    """Row-standardised land-border weights of the 31 provinces; Hainan (no land border) is an
    island with no neighbours (the strait link of the contiguity file is not used)."""
    from ecommod import inequality

    pairs = data.load_table("province_contiguity")
    land = pairs.loc[pairs["link"] == "land_border", ["prov_code_a", "prov_code_b"]].astype(int)
    return inequality.contiguity_matrix(land, provinces().index)


def _year_by_province(frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    validate.instance("frame", frame, pd.DataFrame, "a pandas DataFrame (or None)")
    validate.columns("frame", frame, ("year", "prov_code", measure))
    table = frame.pivot(index="year", columns="prov_code", values=measure).astype(float)
    table.columns = table.columns.astype(int)
    unknown = sorted(set(table.columns) - set(provinces().index))
    if unknown:
        raise ValueError(f"province code(s) {unknown} are not in data/provinces.csv")
    table.index = table.index.astype(int)
    return table.dropna(how="any").sort_index()


def finance_panel(measure: str = "index_aggregate", frame: pd.DataFrame | None = None):
    """Year x province table of one PKU-DFIIC measure (index points), years with every province.

    ``frame`` is the PKU-DFIIC provincial table (read from the third-party folder if omitted).
    """
    validate.one_of("measure", measure, FINANCE_MEASURES)  # before reading the file
    frame = data.load_external(FINANCE_DATASET) if frame is None else frame
    return _year_by_province(frame, measure)


def technology_panel(measure: str = "firms_with_ec_share_pct", frame: pd.DataFrame | None = None):
    """Year x province table of one NBS measure, keeping years where every province has a value
    (the NBS leaves the e-commerce share blank for 2024)."""
    validate.one_of("measure", measure, TECHNOLOGY_MEASURES)  # before reading the file
    frame = data.load_external(TECHNOLOGY_DATASET) if frame is None else frame
    return _year_by_province(frame, measure)


def city_panel(year: int, measure: str = "index_aggregate", frame: pd.DataFrame | None = None):
    """PKU-DFIIC cities in ``year``: city, province code (first two digits of the city code),
    region and the measure; cities with a missing value are dropped."""
    validate.one_of("measure", measure, FINANCE_MEASURES)
    validate.integer("year", year, 1900, 2100)
    frame = data.load_external(CITY_DATASET) if frame is None else frame
    validate.instance("frame", frame, pd.DataFrame, "a pandas DataFrame (or None)")
    validate.columns("frame", frame, ("year", "city_name", "city_code", measure))
    validate.one_of("year", year, set(frame["year"].astype(int)))
    cities = frame.loc[frame["year"].astype(int) == year, ["city_name", "city_code", measure]]
    cities = cities.dropna().assign(prov_code=lambda c: c["city_code"].astype(int) // 100)
    cities["region"] = cities["prov_code"].map(regions())
    if cities["region"].isna().any():
        bad = sorted(cities.loc[cities["region"].isna(), "prov_code"].unique().tolist())
        raise ValueError(f"city codes point to province code(s) {bad} not in data/provinces.csv")
    return cities.rename(columns={measure: "value"}).reset_index(drop=True)


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
        data.load_external(FINANCE_DATASET),
        data.load_external(TECHNOLOGY_DATASET),
        data.load_table("provinces"),
    )
