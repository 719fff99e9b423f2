"""The market chapter's reader table of cross-border e-commerce releases (ecommod.market)."""

from __future__ import annotations

import csv
import re

from ecommod import market
from ecommod.data import DATA_DIR


def csv_rows() -> list[dict[str, str]]:
    """The official-series rows of the three cross-border flows, read without the package."""
    with open(DATA_DIR / "official_series.csv", encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if r["series_id"] in market.CROSS_BORDER_FLOWS]


def test_every_release_of_the_three_flows_is_a_row_and_the_narrow_measure_is_not():
    table = market.cross_border_releases()
    assert len(table) == len(csv_rows())
    assert set(table["flow"]) == {"imports and exports", "exports", "imports"}


def test_rows_read_in_order_years_ascending_then_flow_then_vintage():
    table = market.cross_border_releases()
    flow_rank = {"imports and exports": 0, "exports": 1, "imports": 2}
    vintage_rank = {"preliminary": 0, "revised": 1}
    keys = [
        (year, flow_rank[flow], vintage_rank[vintage])
        for year, flow, vintage in table[["year", "flow", "vintage"]].itertuples(index=False)
    ]
    assert keys == sorted(keys)
    assert table["year"].is_monotonic_increasing


def test_known_releases_keep_their_published_values():
    # 2024: customs' preliminary 2.63 万亿元 (+10.8%) and the verified 2.71 万亿元 (the paper's).
    table = market.cross_border_releases().set_index(["year", "flow", "vintage"])
    assert table.loc[(2024, "imports and exports", "preliminary"), "value"] == 26_300
    assert table.loc[(2024, "imports and exports", "preliminary"), "published_growth_pct"] == 10.8
    assert table.loc[(2024, "imports and exports", "revised"), "value"] == 27_100


def test_no_identifier_reaches_the_reader():
    table = market.cross_border_releases()
    text = " ".join(table.select_dtypes(exclude="number").astype(str).to_numpy().ravel())
    assert not re.search(r"\b[a-z0-9]+_[a-z0-9_]+\b", text), text
    found = [s for s in table["source"] if s]
    assert found and all(
        re.search(r"\((\d{4}-\d{2}-\d{2}|date not established)\)", s) for s in found
    )
