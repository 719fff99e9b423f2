"""The book builds from scratch with warnings as errors, offline, and shows computed numbers."""

from __future__ import annotations

import re

import pytest

from conftest import notebook_hashes
from ecommod import data

pytestmark = pytest.mark.book

PAGES = [
    "book/intro",
    "notebooks/00_market",
    "book/reproducibility",
    "book/data_availability",
    "book/glossary",
    "book/references",
]


def test_build_has_no_warnings(built_book):
    html, log = built_book
    warnings = [line for line in log.splitlines() if re.search(r"WARNING: |ERROR: ", line)]
    assert warnings == []
    for page in PAGES:
        assert (html / f"{page}.html").is_file(), page


def test_pages_load_nothing_from_the_network(built_book):
    html, _ = built_book
    remote_asset = re.compile(r'<(?:script[^>]+src|link[^>]+href)="(https?:)?//(?!127\.0\.0\.1)')
    for page in html.rglob("*.html"):
        links = [
            m.group(0)
            for m in remote_asset.finditer(page.read_text(encoding="utf-8"))
            if "stylesheet" in m.group(0) or "script" in m.group(0)
        ]
        assert links == [], page
    assert list((html / "_static").rglob("tex-chtml*.js")) or list(
        (html / "_static").rglob("mathjax/*.js")
    ), "MathJax is not served locally"


def test_prose_numbers_are_glued_from_the_data(built_book):
    html, _ = built_book
    page = (html / "notebooks" / "00_market.html").read_text(encoding="utf-8")
    online = data.official_series("online_retail_sales")
    assert f"{online.loc[2024, 'value'] / 10_000:.2f}" in page
    assert f"{online.loc[2024, 'published_growth_pct']:.1f}" in page


def test_notebook_download_and_launch_buttons(built_book):
    html, _ = built_book
    page = (html / "notebooks" / "00_market.html").read_text(encoding="utf-8")
    assert (html / "_sources" / "notebooks" / "00_market.ipynb").is_file()
    assert "mybinder.org" in page
    assert "colab.research.google.com" in page


def test_the_build_leaves_the_notebooks_untouched(built_book):
    html, _ = built_book
    assert html.parent.parent.joinpath("notebook-hashes-before").read_text() == notebook_hashes()
