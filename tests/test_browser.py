"""The built book as a reader sees it: headless Chromium over http on 127.0.0.1.

Every page of _toc.yml is opened on a desktop (1280 px) and a phone (390x844) viewport: it loads
with no console error of the book's own making and no request leaving the machine, and every
image on it decodes. The search page finds each chapter by a word of its name; the
reproducibility page's table holds every claim of data/claims.csv and filters by status. Skipped
when /usr/bin/chromium is absent, unless ECOMMOD_REQUIRE_BROWSER=1 (as in CI), where a missing
browser is a failure. A screenshot of each page at each width is kept as a test artefact in the
folder $ECOMMOD_SCREENSHOTS names, by default ``screenshots/`` beside the built HTML.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from ecommod import claims
from tools.toc import ROOT, book_notebooks, html_pages

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
PAGES = html_pages()
CHAPTERS = [p for p in book_notebooks() if p.parent.name == "notebooks"]
#: The reproducibility page's whole ledger: present.interactive_table(..., "whole-ledger").
LEDGER_TABLE = "#itables_" + hashlib.sha256(b"whole-ledger").hexdigest()[:8]
PHONE = {"width": 390, "height": 844}
LATIN_ONLY_FONTS = Path("/usr/share/fonts/truetype/dejavu")

# Draws every distinct Han character of the page's visible text, in the font of the element that
# holds it, and compares the pixels with those of code points no font covers (plane-16 private
# use): a character drawn exactly like them is an empty box ("tofu"), i.e. no font had it.
FIND_TOFU = """() => {
  const han = /[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff]/g;
  const fonts = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    const chars = walker.currentNode.textContent.match(han);
    if (!chars || !element || element.getClientRects().length === 0) continue;
    const s = getComputedStyle(element);
    if (s.visibility === 'hidden') continue;
    const font = `${s.fontStyle} ${s.fontWeight} 40px ${s.fontFamily}`;
    if (!fonts.has(font)) fonts.set(font, new Set());
    chars.forEach(c => fonts.get(font).add(c));
  }
  const canvas = document.createElement('canvas');
  canvas.width = 64; canvas.height = 64;
  const ctx = canvas.getContext('2d', {willReadFrequently: true});
  const draw = (font, text) => {
    ctx.clearRect(0, 0, 64, 64);
    ctx.font = font; ctx.fillStyle = '#000'; ctx.textBaseline = 'top';
    ctx.fillText(text, 8, 8);
    return ctx.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 3).join(',');
  };
  const result = {checked: 0, fonts: fonts.size, tofu: [], unusable: []};
  for (const [font, chars] of fonts) {
    const box = draw(font, '\\u{10FFFD}');
    if (box !== draw(font, '\\u{10FFFC}') || box === draw(font, 'A')) {
      result.unusable.push(font);
      continue;
    }
    for (const c of chars) {
      result.checked += 1;
      if (draw(font, c) === box) result.tofu.push(c);
    }
  }
  return result;
}"""

# Each image of the page (source, natural width) once the browser has fetched and decoded it: a
# width of 0 is an image that is missing or cannot be decoded.
DECODED_WIDTHS = """() => Promise.all([...document.querySelectorAll('main img')].map(
  img => img.decode().then(() => [img.src, img.naturalWidth], () => [img.src, 0])))"""

# The page's width against the phone's width, and the visible elements of main that stick out of it
# without a horizontally scrolling box around them (the widest first). The width is passed in: a
# mobile browser widens window.innerWidth to fit a page that is too wide.
FIND_OVERFLOW = """viewport => {
  const scrollBox = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)
    && e.getBoundingClientRect().right <= viewport + 1;
  const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (e.classList.length ? '.' + [...e.classList].join('.') : '');
  const sticking = [];
  for (const e of document.querySelectorAll('main *')) {
    const box = e.getBoundingClientRect();
    if (box.width === 0 || box.right <= viewport + 1) continue;
    if (getComputedStyle(e).visibility === 'hidden') continue;
    let a = e.parentElement, contained = false;
    while (a && a !== document.body && !contained) {
      contained = scrollBox(a);
      a = a.parentElement;
    }
    if (!contained) sticking.push({element: describe(e), right: Math.round(box.right),
      text: (e.textContent || '').trim().slice(0, 60)});
  }
  sticking.sort((x, y) => y.right - x.right);
  return {viewport, page: document.documentElement.scrollWidth, sticking: sticking.slice(0, 3)};
}"""


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
def playwright():
    if not CHROMIUM.is_file():
        if os.environ.get("ECOMMOD_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing; install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium to run the browser checks)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright):
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def screenshots(built_book) -> Path:
    """The folder for the screenshots: $ECOMMOD_SCREENSHOTS, else screenshots/ beside the HTML."""
    html, _ = built_book
    folder = Path(os.environ.get("ECOMMOD_SCREENSHOTS") or html.parent / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(page, folder: Path, name: str) -> None:
    """Save a full-page screenshot of ``page`` as ``folder/<name>.png``."""
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def shot_name(path: str, suffix: str) -> str:
    return path.removesuffix(".html").replace("/", "-") + suffix


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_without_errors_or_remote_requests(site, browser, screenshots, path):
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
    page.goto(f"{site}/{path}", wait_until="networkidle")
    images = page.evaluate(DECODED_WIDTHS)
    screenshot(page, screenshots, shot_name(path, "-1280"))
    page.close()
    assert [e for e in console_errors if not any(h in e for h in HARMLESS_CONSOLE)] == []
    assert remote == []
    assert failed == []
    undecoded = [source for source, width in images if width == 0]
    assert undecoded == [], f"{path}: images that do not decode: {undecoded}"


@pytest.mark.parametrize("path", PAGES)
def test_chinese_text_is_drawn_with_a_font(site, browser, path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site}/{path}", wait_until="networkidle")
    found = page.evaluate(FIND_TOFU)
    page.close()
    assert found["unusable"] == [], f"{path}: cannot tell glyphs from empty boxes in these fonts"
    assert found["tofu"] == [], (
        f"{path}: {len(found['tofu'])} of {found['checked']} distinct Chinese characters are "
        f"drawn as empty boxes, e.g. {''.join(found['tofu'][:20])}; install a CJK font "
        "(Debian: fonts-noto-cjk)"
    )


def test_the_tofu_check_fails_without_a_cjk_font(site, playwright, tmp_path):
    """Chromium that sees only the DejaVu fonts (no Chinese glyphs) must be caught drawing boxes."""
    if not LATIN_ONLY_FONTS.is_dir():
        pytest.skip(f"{LATIN_ONLY_FONTS} is missing (Debian: fonts-dejavu-core)")
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><fontconfig>'
        f"<dir>{LATIN_ONLY_FONTS}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    latin_only = playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        args=CHROMIUM_FLAGS,
        env={**os.environ, "FONTCONFIG_FILE": str(config)},
    )
    page = latin_only.new_page()
    page.goto(f"{site}/{PAGES[0]}", wait_until="networkidle")
    found = page.evaluate(FIND_TOFU)
    latin_only.close()
    assert found["checked"] > 0 and len(found["tofu"]) == found["checked"], found


@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_scroll_on_a_phone(site, browser, screenshots, path):
    page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page.goto(f"{site}/{path}", wait_until="networkidle")
    found = page.evaluate(FIND_OVERFLOW, PHONE["width"])
    screenshot(page, screenshots, shot_name(path, "-390"))
    page.close()
    widest = found["sticking"][0] if found["sticking"] else None
    assert found["page"] <= found["viewport"] and widest is None, (
        f"{path} at {PHONE['width']} px: page {found['page']} px wide; widest element sticking "
        f"out: {widest}"
    )


def test_market_chapter_shows_its_figures_math_and_claims(site, browser):
    page = browser.new_page()
    page.goto(f"{site}/notebooks/00_market.html", wait_until="networkidle")
    assert page.locator("main img").count() >= 4
    page.wait_for_selector("mjx-container", timeout=10_000)
    assert page.locator(".ecommod-record").filter(has_text="S1-14").count() == 1
    page.close()


def search_results(page, site: str, term: str) -> list[str]:
    """The pages (paths relative to the site) that the book's search page lists for ``term``."""
    page.goto(f"{site}/search.html?q={term}", wait_until="networkidle")
    page.wait_for_function(
        "() => /Search finished|did not match/.test("
        "document.querySelector('.search-summary')?.innerText)",
        timeout=15_000,
    )
    links = page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.href)")
    return [urlparse(link).path.lstrip("/") for link in links]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_search_finds_each_chapter(site, browser, chapter):
    """Searching for the chapter's subject (its file name: 03_segments -> segments) lists it."""
    term = chapter.stem.partition("_")[2]
    page = browser.new_page()
    found = search_results(page, site, term)
    page.close()
    expected = chapter.relative_to(ROOT).with_suffix(".html").as_posix()
    assert expected in found, f"searching {term!r} lists {found}, not {expected}"


@pytest.mark.parametrize(
    ("term", "chapter"),
    [("跨境", "notebooks/03_segments.html"), ("电商", "notebooks/04_challenges.html")],
)
def test_search_finds_chinese_words(site, browser, term, chapter):
    """Chinese text is split into words when the search index is built, so a Chinese word that
    a chapter uses (in the paper's quotes and the glossary terms) finds that chapter. The search
    box does not split a query: a phrase of several words is typed with spaces between them."""
    page = browser.new_page()
    found = search_results(page, site, term)
    page.close()
    assert chapter in found, f"searching {term!r} lists {found}, not {chapter}"


def test_search_finds_nothing_for_a_word_the_book_lacks(site, browser):
    """The search check can fail: a word on no page gives no result."""
    page = browser.new_page()
    found = search_results(page, site, "zzyzxqj")
    page.close()
    assert found == []


def test_reproducibility_page_lists_every_claim_and_filters_by_status(site, browser):
    """The ledger's interactive table holds each claim of data/claims.csv once; filtering its
    status column leaves exactly the claims with that status, and the search box finds a claim."""
    expected = claims.load_claims()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site}/book/reproducibility.html", wait_until="networkidle")
    page.wait_for_selector(f"{LEDGER_TABLE}.dataTable", timeout=15_000)
    shown = page.evaluate(
        """async ([table, statuses]) => {
          const bundle = Object.keys(window).find(key => /^_itables_\\d/.test(key));
          const { jQuery: $ } = await window[bundle];
          const api = $(table).DataTable();
          const column = api.columns().header().toArray().map(h => h.innerText.trim())
            .indexOf('status');
          const ids = api.column(0).data().toArray();
          const byStatus = {};
          for (const status of statuses) {
            api.column(column).search('^' + status + '$', {regex: true, smart: false}).draw();
            byStatus[status] = api.rows({search: 'applied'}).data().toArray().map(r => r[0]);
          }
          api.column(column).search('').draw();
          return {column, ids, byStatus};
        }""",
        [LEDGER_TABLE, list(claims.STATUSES)],
    )
    claim_id = expected["claim_id"].iloc[-1]
    page.fill(f"{LEDGER_TABLE}_wrapper .dt-search input", claim_id)
    page.wait_for_timeout(500)
    rows = page.locator(f"{LEDGER_TABLE} tbody tr").all_inner_texts()
    page.close()
    assert shown["column"] >= 0, "the ledger table has no status column"
    assert sorted(shown["ids"]) == sorted(expected["claim_id"])
    for status in claims.STATUSES:
        with_status = expected.loc[expected["status"] == status, "claim_id"]
        assert sorted(shown["byStatus"][status]) == sorted(with_status), status
    assert rows and all(claim_id in row for row in rows), rows
