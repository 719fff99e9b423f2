"""The built book as a reader sees it: headless Chromium over http on 127.0.0.1.

Skipped when /usr/bin/chromium is absent, unless ECOMMOD_REQUIRE_BROWSER=1 (as in CI), where a
missing browser is a failure. Screenshots go to $ECOMMOD_SCREENSHOTS when it names a folder.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = [pytest.mark.book, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Console messages that sphinx-book-theme prints on every page and that mean nothing broke.
HARMLESS_CONSOLE = ("THEBE_JS_URL", "Got invalid theme mode")
PAGES = {
    "intro": "book/intro.html",
    "market": "notebooks/00_market.html",
    "reproducibility": "book/reproducibility.html",
    "data_availability": "book/data_availability.html",
    "glossary": "book/glossary.html",
    "references": "book/references.html",
}


@pytest.fixture(scope="module")
def site(built_book):
    html, _ = built_book
    handler = functools.partial(QuietHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        if os.environ.get("ECOMMOD_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing; install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium to run the browser checks)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_without_errors_or_remote_requests(site, browser, name):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    console_errors, remote, failed = [], [], []
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    page.on("pageerror", lambda e: console_errors.append(str(e)))
    page.on(
        "request",
        lambda r: (
            urlparse(r.url).hostname not in (None, "127.0.0.1")
            and urlparse(r.url).scheme in ("http", "https")
            and remote.append(r.url)
        ),
    )
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.goto(f"{site}/{PAGES[name]}", wait_until="networkidle")
    images = page.eval_on_selector_all("main img", "els => els.map(e => e.naturalWidth)")
    if folder := os.environ.get("ECOMMOD_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
    page.close()
    assert [e for e in console_errors if not any(h in e for h in HARMLESS_CONSOLE)] == []
    assert remote == []
    assert failed == []
    assert all(width > 0 for width in images), "an image failed to load"


def test_market_chapter_shows_its_figures_math_and_claims(site, browser):
    page = browser.new_page()
    page.goto(f"{site}/{PAGES['market']}", wait_until="networkidle")
    assert page.locator("main img").count() >= 4
    page.wait_for_selector("mjx-container", timeout=10_000)
    assert page.locator("table").filter(has_text="S1-14").count() == 1
    page.close()
