"""The built book as a reader sees it: headless Chromium over http on 127.0.0.1.

Every page of _toc.yml is opened on a desktop (1280 px) and a phone (390x844) viewport, and read as
a reader reads it: it loads with no console error and no request leaving the machine, every image
decodes, the page never scrolls sideways and no table scrolls inside its box (a wide table is
stacked into labelled rows on a phone); every figure has a number, a caption and an alt text that
says what it shows, and a click on it opens the full-size image; the prose (outside code, and
outside tables of parameters, where a student types the names) holds no code identifier and no
word about the tools used to develop the book. The search page finds each chapter by a word of
its name and Chinese words (跨境, 电商, 基尼); the reproducibility page's table holds every claim of
data/claims.csv and filters by status. Skipped when /usr/bin/chromium is absent, unless
ECOMMOD_REQUIRE_BROWSER=1 (as in CI), where a missing browser is a failure. A screenshot of each
page at each width is kept in the folder $ECOMMOD_SCREENSHOTS names, when it is set. Both editions
are opened: every page of the English one and its Chinese twin (of the claim pages, the index and
one page).
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import re
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import CHROMIUM, CHROMIUM_FLAGS
from ecommod import claims, plotting
from tools.toc import ROOT, book_notebooks, html_pages

pytestmark = [pytest.mark.book, pytest.mark.browser]


def _sampled_pages() -> list[str]:
    """Every page, except that of the claim pages (one template, tools/claim_pages.py, whose
    content tests/test_claim_pages.py checks for every claim) the browser opens the index and,
    for each evidence status and each model verdict, the first claim that has it."""
    import csv

    with open(ROOT / "data" / "claims.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    sample = {
        next(row["claim_id"] for row in rows if row[column] == value)
        for column in ("status", "model_verdict")
        for value in {row[column] for row in rows}
    }
    return [
        page
        for page in html_pages()
        if not page.startswith("book/claims/S")
        or page.removeprefix("book/claims/").removesuffix(".html") in sample
    ]


#: The sampled pages of both editions: the English one, and the Chinese twins in zh/ of every
#: page but the claim pages, of which the index and the first (one template, in both editions).
PAGES = [
    *_sampled_pages(),
    *(
        f"zh/{page}"
        for page in _sampled_pages()
        if not page.startswith("book/claims/S") or page == "book/claims/S1-01.html"
    ),
]
#: The desktop window's width (px), and the phone's window.
DESKTOP_WIDTH = 1280
PHONE = {"width": 390, "height": 844}
WIDTHS = (DESKTOP_WIDTH, PHONE["width"])
CHAPTERS = [p for p in book_notebooks() if p.parent.name == "notebooks"]
#: The reproducibility page's index of claims: present.interactive_table(..., "claim-index").
LEDGER_TABLE = "#itables_" + hashlib.sha256(b"claim-index").hexdigest()[:8]
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
    return ctx.getImageData(0, 0, 64, 64).data;
  };
  // Two drawings are the same glyph when every pixel's opacity is (stops at the first that
  // differs, as a real glyph's does at once).
  const same = (a, b) => {
    for (let i = 3; i < a.length; i += 4) if (a[i] !== b[i]) return false;
    return true;
  };
  const result = {checked: 0, fonts: fonts.size, tofu: [], unusable: []};
  for (const [font, chars] of fonts) {
    const box = draw(font, '\\u{10FFFD}');
    if (!same(box, draw(font, '\\u{10FFFC}')) || same(box, draw(font, 'A'))) {
      result.unusable.push(font);
      continue;
    }
    for (const c of chars) {
      result.checked += 1;
      if (same(draw(font, c), box)) result.tofu.push(c);
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


# Tables of main that scroll sideways inside a box (their box's scroll width exceeds its width).
SCROLLING_TABLES = """() => {
  const out = [];
  for (const table of document.querySelectorAll('main table')) {
    if (table.getBoundingClientRect().width === 0) continue;
    for (let a = table.parentElement; a && a !== document.body; a = a.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)
          && a.scrollWidth > a.clientWidth + 1) {
        out.push({box: a.className, width: a.scrollWidth, room: a.clientWidth,
          head: ((table.tHead && table.tHead.innerText) || '').trim().slice(0, 60)});
        break;
      }
    }
  }
  return out;
}"""

# Each image a cell draws (or a figure holds): its caption, alt text, link and what is wrong.
FIGURES = """widest => [...document.querySelectorAll('main .cell_output img, main figure img')]
  .map(img => {
    const figure = img.closest('figure');
    const caption = figure && figure.querySelector('figcaption');
    const text = caption ? caption.innerText.trim() : '';
    const alt = (img.getAttribute('alt') || '').trim();
    const link = img.closest('a');
    const problems = [];
    if (!text) problems.push('no caption');
    if (!/^(Fig(ure|\\.)|图)\\s*\\d+/.test(text)) problems.push('no figure number');
    if (/^[0-9a-f]{16,}$/i.test(alt) || /\\.(png|svg|jpe?g)$/i.test(alt)) {
      problems.push('alt text is a file hash');
    } else if (alt.length < (/[\\u4e00-\\u9fff]/.test(alt) ? 8 : 15)) {
      problems.push('alt text too short to say what the figure shows');
    }
    const href = link ? link.getAttribute('href') || '' : '';
    if (!href || href.startsWith('#')) problems.push('no link');
    if (img.naturalWidth > widest) {
      problems.push(`${img.naturalWidth} px wide: its text is too small on a phone`);
    }
    return {src: img.getAttribute('src'), alt: alt.slice(0, 80), caption: text.slice(0, 80),
      problems};
  })"""

# The visible prose of the page: its text outside code (inline code, code cells, blocks), math,
# addresses written out as links, and tables of parameters (where a student types the names).
PROSE = """() => {
  const root = document.querySelector('main article') || document.querySelector('main');
  const skip = 'code, pre, kbd, samp, script, style, .cell_input, mjx-container, .math, svg, '
    + '.headerlink, .copybtn';
  const parameters = t => !!t.tHead && [...t.tHead.rows[0].cells]
    .some(c => /parameter|参数/i.test(c.innerText));
  const chunks = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!element || element.closest(skip) || element.getClientRects().length === 0) continue;
    const table = element.closest('table');
    if (table && parameters(table)) continue;
    const link = element.closest('a');
    if (link && /^\\s*(https?:\\/\\/|doi:)/.test(link.textContent)) continue;
    chunks.push(walker.currentNode.textContent);
  }
  return chunks.join(' ').replace(/\\s+/g, ' ');
}"""


#: Widest image a figure may be (pixels): plotting.FIGURE_WIDTH inches at plotting.FIGURE_DPI, the
#: width at which the theme's fonts read on a phone (plotting.phone_px), with 3% for the tight crop.
WIDEST_FIGURE_PX = round(plotting.FIGURE_WIDTH * plotting.FIGURE_DPI * 1.03)


def bibliography_keys() -> list[str]:
    from pybtex.database import parse_file

    return [
        key
        for name in ("references.bib", "data-sources.bib")
        for key in parse_file(ROOT / "book" / name, "bibtex").entries
    ]


#: Code identifiers a reader should never meet in prose (issue 19): series ids, module paths,
#: ids joined by underscores (three parts or more: source ids, column names, enum values) and
#: bibliography keys.
CODE_IN_PROSE = (
    ("series id", re.compile(r"\bseries:\S")),
    ("module path", re.compile(r"\becommod\.[a-z_]")),
    ("joined id", re.compile(r"(?<![\w@/.:-])[A-Za-z0-9]+(?:_[A-Za-z0-9]+){2,}(?![\w/])")),
    (
        "bibliography key",
        re.compile(r"\b(?:" + "|".join(map(re.escape, bibliography_keys())) + r")\b"),
    ),
)
#: Words about the tools used to develop the book, which a reader cannot know.
TOOL_WORDS = re.compile(
    r"\bsearch tool|\bcorp(?:us|ora)\b|\bhelpers?\b|\bagents?\b|\bLLM\b"
    r"|\bstored (?:copy|copies|text|excerpt)",
    re.IGNORECASE,
)


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
def screenshots() -> Path | None:
    """The folder for the screenshots, $ECOMMOD_SCREENSHOTS; None (none taken) when unset."""
    configured = os.environ.get("ECOMMOD_SCREENSHOTS", "").strip()
    if not configured:
        return None
    folder = Path(configured)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def screenshot(page, folder: Path | None, name: str) -> None:
    """Save a full-page screenshot of ``page`` as ``folder/<name>.png`` (when a folder is set:
    a full page of a long chapter on a phone takes seconds)."""
    if folder is not None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True, timeout=180_000)


def shot_name(path: str, suffix: str) -> str:
    return path.removesuffix(".html").replace("/", "-") + suffix


def viewport(width: int) -> dict:
    """A desktop window, or a phone (touch, mobile layout, 2x pixels) at 390 px."""
    if width == PHONE["width"]:
        return {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
    return {"viewport": {"width": width, "height": 900}}


@functools.cache
def inspect(site: str, browser, screenshots: Path | None, path: str, width: int) -> dict:
    """Everything the page checks need, from one load of ``path`` at ``width`` (screenshot kept)."""
    page = browser.new_page(**viewport(width))
    report = {"console": [], "remote": [], "failed": []}
    page.on("console", lambda m: m.type == "error" and report["console"].append(m.text))
    page.on("pageerror", lambda e: report["console"].append(str(e)))
    page.on(
        "request",
        lambda r: (
            urlparse(r.url).hostname not in (None, "127.0.0.1")
            and urlparse(r.url).scheme in ("http", "https")
            and report["remote"].append(r.url)
        ),
    )
    page.on(
        "response", lambda r: r.status >= 400 and report["failed"].append(f"{r.status} {r.url}")
    )
    page.goto(f"{site}/{path}", wait_until="networkidle")
    page.wait_for_timeout(200)  # figures.js refits tables after the page's load event
    report["images"] = page.evaluate(DECODED_WIDTHS)
    report["overflow"] = page.evaluate(FIND_OVERFLOW, width)
    report["tables"] = page.evaluate(SCROLLING_TABLES)
    report["figures"] = page.evaluate(FIGURES, WIDEST_FIGURE_PX)
    report["prose"] = page.evaluate(PROSE)
    # Chinese glyphs are checked in the desktop window, where every text of the page is shown.
    report["tofu"] = page.evaluate(FIND_TOFU) if width == DESKTOP_WIDTH else None
    screenshot(page, screenshots, shot_name(path, f"-{width}"))
    page.close()
    return report


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_errors_or_remote_requests(site, browser, screenshots, path, width):
    found = inspect(site, browser, screenshots, path, width)
    assert found["console"] == [], f"{path} at {width} px: console errors"
    assert found["remote"] == [], f"{path} at {width} px: requests leaving the machine"
    assert found["failed"] == [], f"{path} at {width} px: requests that failed"
    undecoded = [source for source, natural in found["images"] if natural == 0]
    assert undecoded == [], f"{path}: images that do not decode: {undecoded}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_nothing_scrolls_sideways(site, browser, screenshots, path, width):
    """The page is no wider than the window, nothing sticks out of it, and no table scrolls
    inside its box (on a phone a wide table is stacked into labelled rows instead)."""
    found = inspect(site, browser, screenshots, path, width)["overflow"]
    widest = found["sticking"][0] if found["sticking"] else None
    assert found["page"] <= found["viewport"] and widest is None, (
        f"{path} at {width} px: page {found['page']} px wide; widest element sticking out: {widest}"
    )
    tables = inspect(site, browser, screenshots, path, width)["tables"]
    assert tables == [], (
        f"{path} at {width} px: {len(tables)} tables scroll in their box: {tables[:3]}"
    )


@pytest.mark.parametrize("path", PAGES)
def test_every_figure_is_numbered_with_a_caption_and_alt_text(site, browser, screenshots, path):
    """Each image a cell draws sits in a numbered figure ("Figure 3") with a caption, and its alt
    text says what it shows (not the file's hash), in a link that opens the full-size image; it is
    no wider than the theme's figure, so its text reads on a phone."""
    figures = inspect(site, browser, screenshots, path, DESKTOP_WIDTH)["figures"]
    problems = [f for f in figures if f["problems"]]
    assert problems == [], f"{path}: {len(problems)} of {len(figures)} figures: {problems[:3]}"


def test_the_figure_checks_catch_a_bare_image(site, browser):
    """The figure check fails on an image with a hash for alt text, no caption and no link."""
    page = browser.new_page()
    page.goto(f"{site}/{PAGES[0]}", wait_until="networkidle")
    page.evaluate(
        """() => {
          const output = document.createElement('div');
          output.className = 'cell_output';
          output.innerHTML = '<img alt="3f2a9c0d1e8b7a6f5c4d3e2f1a0b9c8d" src="x.png">';
          document.querySelector('main').appendChild(output);
        }"""
    )
    figures = page.evaluate(FIGURES, WIDEST_FIGURE_PX)
    page.close()
    bare = [f for f in figures if f["alt"].startswith("3f2a9c")]
    assert len(bare) == 1
    assert {"no caption", "no figure number", "alt text is a file hash", "no link"} <= set(
        bare[0]["problems"]
    )


def prose_problems(text: str) -> dict[str, list[str]]:
    """Code identifiers and words about development tools in ``text``, by kind (with context)."""
    found = {}
    for kind, pattern in (*CODE_IN_PROSE, ("tool word", TOOL_WORDS)):
        hits = [text[max(0, m.start() - 30) : m.end() + 30] for m in pattern.finditer(text)]
        if hits:
            found[kind] = hits
    return found


@pytest.mark.parametrize("path", PAGES)
def test_prose_holds_no_code_identifier(site, browser, screenshots, path):
    found = prose_problems(inspect(site, browser, screenshots, path, DESKTOP_WIDTH)["prose"])
    found.pop("tool word", None)
    counts = {kind: len(hits) for kind, hits in found.items()}
    examples = {kind: hits[:2] for kind, hits in found.items()}
    assert found == {}, f"{path}: code identifiers outside code {counts}, e.g. {examples}"


@pytest.mark.parametrize("path", PAGES)
def test_no_words_about_development_tools(site, browser, screenshots, path):
    hits = prose_problems(inspect(site, browser, screenshots, path, DESKTOP_WIDTH)["prose"])
    assert "tool word" not in hits, f"{path}: {hits.get('tool word', [])[:3]}"


def test_the_prose_checks_catch_identifiers_and_tool_words():
    text = (
        "Read series:online_retail_sales@2024.value from ecommod.segments, a source "
        "ibd_2025_01_24_mofcom_scio_online_retail (bass1969growth), found with the search tool "
        "in the pages corpus. Online retail sales in 2024; the Bass (1969) model; T+0 settlement."
    )
    found = prose_problems(text)
    assert set(found) == {"series id", "module path", "joined id", "bibliography key", "tool word"}
    assert prose_problems("Online retail sales in 2024 grew 7.2% (Bass 1969; T+0, 1+1>2).") == {}


@pytest.mark.parametrize("path", PAGES)
def test_chinese_text_is_drawn_with_a_font(site, browser, screenshots, path):
    found = inspect(site, browser, screenshots, path, DESKTOP_WIDTH)["tofu"]
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


def test_market_chapter_shows_its_figures_math_and_claims(site, browser):
    page = browser.new_page()
    page.goto(f"{site}/notebooks/00_market.html", wait_until="networkidle")
    assert page.locator("main img").count() >= 4
    page.wait_for_selector("mjx-container", timeout=10_000)
    assert page.locator(".ecommod-record").filter(has_text="S1-14").count() == 1
    page.close()


def test_a_click_on_a_figure_opens_the_full_size_image(site, browser):
    page = browser.new_page()
    page.goto(f"{site}/notebooks/00_market.html", wait_until="networkidle")
    link = page.locator("main .cell_output a.ecommod-figure-link").first
    natural = link.locator("img").evaluate("img => img.naturalWidth")
    shown = link.locator("img").evaluate("img => img.getBoundingClientRect().width")
    with page.expect_navigation():
        link.click()
    opened = page.evaluate("() => [location.pathname, document.images[0].naturalWidth]")
    page.close()
    assert opened[0].endswith(".png") and opened[1] == natural
    assert natural >= shown


def test_a_wide_table_is_stacked_into_labelled_rows_on_a_phone(site, browser):
    """A table too wide for the phone's column becomes one block per row, each cell labelled
    with its column's title; a narrow table stays a table."""
    page = browser.new_page(**viewport(PHONE["width"]))
    page.goto(f"{site}/{PAGES[0]}", wait_until="networkidle")
    found = page.evaluate(
        """async () => {
          const main = document.querySelector('main article') || document.querySelector('main');
          const add = (columns) => {
            const head = columns.map(c => `<th>${c}</th>`).join('');
            const row = columns.map((c, i) => `<td>value ${i} of a long row</td>`).join('');
            const box = document.createElement('div');
            box.innerHTML = `<table><thead><tr>${head}</tr></thead>`
              + `<tbody><tr>${row}</tr></tbody></table>`;
            main.appendChild(box);
            return box.querySelector('table');
          };
          const wide = add(['province', 'region', 'index 2011', 'index 2023', 'change (points)',
            'rank 2011', 'rank 2023', 'Gini contribution (%)']);
          const narrow = add(['year', 'value']);
          window.dispatchEvent(new Event('resize'));
          await new Promise(r => setTimeout(r, 300));
          const room = main.clientWidth;
          return {
            wide: wide.classList.contains('ecommod-stacked'),
            narrow: narrow.classList.contains('ecommod-stacked'),
            label: wide.querySelector('td:nth-child(4)').getAttribute('data-label'),
            fits: wide.getBoundingClientRect().width <= room + 1,
          };
        }"""
    )
    page.close()
    assert found == {"wide": True, "narrow": False, "label": "index 2023", "fits": True}


def search_results(page, site: str, term: str) -> list[str]:
    """The pages (paths relative to the site) that the book's search page lists for ``term``."""
    page.goto(f"{site}/search.html?q={term}", wait_until="networkidle")
    page.wait_for_function(
        "() => /Search finished|did not match|搜索完成|没有匹配到/.test("
        "document.querySelector('.search-summary')?.innerText)",
        timeout=15_000,
    )
    links = page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.href)")
    return [urlparse(link).path.lstrip("/") for link in links]


@pytest.mark.parametrize(
    ("term", "chapter"),
    [
        ("网上零售额", "zh/notebooks/00_market.html"),
        ("合作社", "zh/notebooks/03_segments.html"),
        ("耦合", "zh/notebooks/02_path.html"),
    ],
)
def test_the_chinese_edition_searches_its_chinese_prose(site, browser, term, chapter):
    """The Chinese edition has its own search index, of its Chinese prose split into words: a
    word of a chapter's Chinese text finds that chapter's Chinese page."""
    page = browser.new_page()
    found = search_results(page, f"{site}/zh", term)
    page.close()
    assert chapter.removeprefix("zh/") in [path.removeprefix("zh/") for path in found], (
        f"searching {term!r} in the Chinese edition lists {found}, not {chapter}"
    )


@pytest.mark.parametrize("path", ["notebooks/00_market.html", "book/claims/index.html"])
def test_the_language_switch_leads_to_the_twin_page_and_back(site, browser, path):
    """A click on 中文 opens the same page in the Chinese edition, and a click on English there
    returns to the page it came from."""
    page = browser.new_page()
    page.goto(f"{site}/{path}", wait_until="networkidle")
    page.click(".ecommod-language-switch a")
    page.wait_for_load_state("networkidle")
    chinese = urlparse(page.url).path.lstrip("/")
    lang = page.evaluate("document.documentElement.lang")
    page.click(".ecommod-language-switch a")
    page.wait_for_load_state("networkidle")
    back = urlparse(page.url).path.lstrip("/")
    page.close()
    assert (chinese, lang, back) == (f"zh/{path}", "zh-CN", path)


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
    [
        ("跨境", "notebooks/03_segments.html"),
        ("电商", "notebooks/04_challenges.html"),
        ("基尼", "book/glossary.html"),
    ],
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
          const text = html => $('<div>').html(html).text().trim();  // the id is a link
          const column = api.columns().header().toArray().map(h => h.innerText.trim())
            .indexOf('status');
          const ids = api.column(0).data().toArray().map(text);
          const byStatus = {};
          for (const status of statuses) {
            api.column(column).search('^' + status + '$', {regex: true, smart: false}).draw();
            byStatus[status] = api.rows({search: 'applied'}).data().toArray()
              .map(r => text(r[0]));
          }
          api.column(column).search('').draw();
          return {column, ids, byStatus};
        }""",
        [LEDGER_TABLE, [claims.words(status) for status in claims.STATUSES]],
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
        shown_ids = shown["byStatus"][claims.words(status)]
        assert sorted(shown_ids) == sorted(with_status), status
    assert rows and all(claim_id in row for row in rows), rows


def test_a_click_on_a_column_title_sorts_the_claim_index(site, browser):
    """Not only the small arrow: clicking the word "status" sorts, a second click reverses."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site}/book/reproducibility.html", wait_until="networkidle")
    page.wait_for_selector(f"{LEDGER_TABLE}.dataTable", timeout=15_000)
    # The visible titles are DataTables' copy above the scrolling body (the table's own are 0 px).
    head = page.locator(f"{LEDGER_TABLE}_wrapper .dt-scroll-head th", has_text="status")
    title = head.get_by_text("status", exact=True)
    firsts = []
    for _ in range(2):
        title.click()
        page.wait_for_timeout(300)
        firsts.append(page.locator(f"{LEDGER_TABLE} tbody tr td").nth(3).inner_text().strip())
    page.close()
    words = sorted({claims.words(status) for status in claims.load_claims()["status"]})
    assert firsts == [words[0], words[-1]]
