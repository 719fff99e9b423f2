"""The built book: builds offline with warnings as errors, reproduces the committed notebooks'
outputs (nbval's comparison, so ``make test`` runs each notebook once), and reads right.

Glued numbers appear where they are glued and equal the values computed from the data; no page
shows NaN, <NA> or a local path; every repository file a page names exists; citation labels are
readable; only launch buttons that work are offered.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import missing_external, notebook_hashes, required_external
from ecommod import data
from tools import build_book
from tools.toc import ROOT, book_notebooks, html_pages

pytestmark = pytest.mark.book

PAGES = html_pages()
NBVAL_SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"
TRILLION = 10_000  # 1 万亿元 = 10,000 亿元 (the series are in 亿元)
# A glued value in the prose: {eval}`prose.name` (ecommod/prose.py; group 1 is then "eval"), or a
# glue role. Citations ({eval}`cite.key`) are not glued values.
GLUE_ROLE = re.compile(r"\{(glue(?::(?:text|md|any))?|eval)\}`(?:prose\.)?([^`.]+)`")
CHINESE_GLUE_ROLE = re.compile(r"\{(eval)\}`prose_zh\.([^`.]+)`")
# Characters at which the plain text around a glue role stops: markup (including a list item's
# marker at the start of a line), or text that Sphinx rewrites (smart quotes). What lies between
# them renders as written.
MARKUP = re.compile(r"(?:^|\n)\s*(?:[-+]|\d+\.)\s|[{}`*$\[\]<>|\\\"'_#]|\n\n|--")
CONTEXT_CHARS = 12
LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
STRAIGHT_QUOTES = str.maketrans("‘’“”", "''\"\"")  # Sphinx's smart quotes, undone to compare
# Market-chapter glue names and how to compute their value from data.official_series (the value
# shown must equal this, rounded to the decimals shown).
GLUED_FROM_DATA = {
    "online_2024_trillion": lambda: (
        data.official_series("online_retail_sales").loc[2024, "value"] / TRILLION
    ),
    "online_2023_trillion": lambda: (
        data.official_series("online_retail_sales").loc[2023, "value"] / TRILLION
    ),
    "online_2024_growth": lambda: data.official_series("online_retail_sales").loc[
        2024, "published_growth_pct"
    ],
    "online_2023_growth": lambda: data.official_series("online_retail_sales").loc[
        2023, "published_growth_pct"
    ],
    "rural_2024_growth": lambda: data.official_series("rural_online_retail_sales").loc[
        2024, "published_growth_pct"
    ],
}
UNREADABLE = re.compile(r"\bNaN\b|<NA>|\bnan%|(?<![\w.])/(?:work|root|home|tmp)/")
REPOSITORY_PATH = re.compile(
    r"(?<![\w./-])(?:data|ecommod|notebooks|book|tools|tests|binder|benchmarks|paper)/[\w./-]*"
)


def main_text(html: Path, page: str, *, without_code: bool = False, separator: str = " ") -> str:
    """The text of a page's <main>, whitespace collapsed (optionally without code cells' input).

    ``separator`` goes between the texts of adjacent elements: "" keeps inline text as a reader
    reads it ("(<b>15.4</b> 万亿元)" gives "(15.4 万亿元)"); " " keeps table cells apart.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((html / page).read_text(encoding="utf-8"), "html.parser")
    main = soup.select_one("main") or soup
    if without_code:
        for code in main.select("div.cell_input, pre"):
            code.decompose()
    return " ".join(main.get_text(separator).split())


def glue_store(html: Path, notebook: Path) -> dict:
    """What the build glued for ``notebook``: name -> mime bundle (myst-nb's .glue.json)."""
    relative = notebook.relative_to(ROOT).with_suffix(".glue.json")
    path = html.parent / "jupyter_execute" / relative
    return {k: v["data"] for k, v in json.loads(path.read_text(encoding="utf-8")).items()}


def shown(role: str | None, key: str, store: dict) -> str:
    """The text a reader sees for a glue role: formatted (glue:text), or the glued Markdown."""
    name, _, spec = key.partition(":")
    bundle = store[name]
    if role in ("glue:md", "eval"):
        return re.sub(r"[*`]", "", bundle["text/markdown"]).strip()
    value = bundle["text/plain"].strip("'\"")
    return format(float(value), spec) if spec else value


def context(source: str, start: int, end: int) -> tuple[str, str]:
    """The plain text (no markup) just before ``start`` and just after ``end`` in ``source``."""
    before = MARKUP.split(source[max(0, start - CONTEXT_CHARS) : start])[-1]
    after = MARKUP.split(source[end : end + CONTEXT_CHARS])[0]
    # A line break that the window cut before a list marker's space (Chinese packs more text
    # into the window than English) ends the text too.
    after = re.sub(r"\n\s*[-+]?$", "", after)
    return re.sub(r"\s+", " ", before), re.sub(r"\s+", " ", after)


def as_number(text: str) -> tuple[float, int]:
    """The number in a displayed text ("1,234.5%" -> 1234.5) and how many decimals it shows."""
    digits = text.replace(",", "").rstrip("%").strip()
    return float(digits), len(digits.partition(".")[2])


def test_build_has_no_warnings(built_book):
    html, log = built_book
    warnings = [line for line in log.splitlines() if re.search(r"WARNING: |ERROR: ", line)]
    assert warnings == []
    for page in PAGES:
        assert (html / page).is_file(), page


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


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("notebook", book_notebooks(), ids=lambda p: p.stem)
def test_glued_values_appear_where_they_are_glued(built_book, notebook, language):
    """Each glue role renders its glued value, between the words written around it, in the
    English edition and (``prose_zh``, the Chinese twin where one was glued) in the Chinese."""
    html, _ = built_book
    folder = "" if language == "en" else "zh/"
    page_path = folder + notebook.relative_to(ROOT).with_suffix(".html").as_posix()
    page = main_text(html, page_path, separator="")
    other = {"en": "zh", "zh": "en"}[language]
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    source = "\n\n".join(
        "".join(c["source"])
        for c in cells
        if c["cell_type"] == "markdown" and other not in c.get("metadata", {}).get("tags", [])
    )
    source = LINK_TARGET.sub("]", source)  # a link reads as its text
    pattern = GLUE_ROLE if language == "en" else CHINESE_GLUE_ROLE
    built = html if language == "en" else html.parent / "zh" / "_build" / "html"
    store = glue_store(built, notebook) if pattern.search(source) else {}
    missing = []
    for match in pattern.finditer(source):
        before, after = context(source, match.start(), match.end())
        name = match[2]
        if language == "zh" and f"{name}__zh" in store:
            name = f"{name}__zh"
        expected = " ".join(f"{before}{shown(match[1], name, store)}{after}".split())
        if expected.translate(STRAIGHT_QUOTES) not in page.translate(STRAIGHT_QUOTES):
            missing.append(f"{match[0]} -> {expected!r}")
    assert missing == [], f"{page_path}: glued text not found on the page:\n" + "\n".join(missing)


def test_market_glues_the_official_figures_at_the_precision_shown(built_book):
    html, _ = built_book
    notebook = ROOT / "notebooks" / "00_market.ipynb"
    store = glue_store(html, notebook)
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    roles = {
        m[2].partition(":")[0]: m for c in cells for m in GLUE_ROLE.finditer("".join(c["source"]))
    }
    wrong = []
    for name, compute in GLUED_FROM_DATA.items():
        assert name in roles, f"{name} is no longer glued in the prose; update GLUED_FROM_DATA"
        displayed, decimals = as_number(shown(roles[name][1], roles[name][2], store))
        expected = round(float(compute()), decimals)
        if displayed != expected:
            wrong.append(f"{name}: shows {displayed}, data give {expected}")
    assert wrong == []


@pytest.mark.parametrize("page", PAGES)
def test_no_missing_value_marker_or_local_path_on_a_page(built_book, page):
    html, _ = built_book
    text = main_text(html, page)
    found = sorted({m.group(0) for m in UNREADABLE.finditer(text)})
    examples = [text[max(0, m.start() - 40) : m.end() + 20] for m in UNREADABLE.finditer(text)]
    assert found == [], f"{page} shows {found}, e.g. …{examples[0]}…"


@pytest.mark.parametrize("page", PAGES)
def test_every_repository_file_a_page_names_exists(built_book, page):
    html, _ = built_book
    ignored = [
        line.strip().rstrip("/")
        for line in (ROOT / ".gitignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    named = {
        m.group(0).rstrip(".,;:)")
        for m in REPOSITORY_PATH.finditer(main_text(html, page, without_code=True))
    }
    missing = [
        path
        for path in sorted(named)
        if not any((ROOT / f"{path}{suffix}").exists() for suffix in ("", ".ipynb", ".md"))
        and path.rstrip("/") not in ignored
    ]
    assert missing == [], f"{page} names files that do not exist: {missing}"


def test_citation_labels_are_author_year(built_book):
    from bs4 import BeautifulSoup

    html, _ = built_book
    soup = BeautifulSoup(
        (html / "book" / "references.html").read_text(encoding="utf-8"), "html.parser"
    )
    labels = [span.get_text().strip("[] ") for span in soup.select("div.citation > span.label")]
    assert labels, "the references page lists no labelled entry"
    unreadable = [label for label in labels if len(label) > 30 or len(label) <= 1]
    assert unreadable == [], f"labels longer than 30 characters or of one character: {unreadable}"
    assert all(re.search(r"\d{4}[a-z]?$|n\.d\.[a-z]?$", label) for label in labels), labels
    assert len(set(labels)) == len(labels), "two entries share a label"


def test_launch_buttons_only_where_the_package_installs(built_book):
    import yaml

    html, _ = built_book
    page = (html / "notebooks" / "00_market.html").read_text(encoding="utf-8")
    repository = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    owner_name = repository.removeprefix("https://github.com/")
    assert (html / "_sources" / "notebooks" / "00_market.ipynb").is_file()
    assert f"mybinder.org/v2/gh/{owner_name}/" in page
    assert "colab.research.google.com" not in page
    # Binder installs the reader's pinned packages (tests/test_binder.py checks which), then the
    # package itself.
    binder_requirements = (ROOT / "binder" / "requirements.txt").read_text()
    assert "jupyterlab-myst==" in binder_requirements and "statsmodels==" in binder_requirements
    post_build = ROOT / "binder" / "postBuild"
    assert post_build.stat().st_mode & 0o111, "binder/postBuild must be executable"
    assert re.search(r"pip install .*-e \.", post_build.read_text())


def test_the_build_leaves_the_notebooks_untouched(built_book):
    html, _ = built_book
    assert html.parent.joinpath("notebook-hashes-before").read_text() == notebook_hashes()


@pytest.mark.parametrize("notebook", book_notebooks(), ids=lambda p: p.stem)
def test_the_build_reproduces_the_committed_outputs(built_book, notebook, request):
    """nbval's comparison, cell by cell, of the outputs the build computed with the committed ones.

    ``make test`` executes each notebook once, in the book build, instead of once for nbval and
    once more for the book. This is as strict as running nbval: every output comes from a fresh
    kernel running the committed notebook top to bottom in its folder (in a new folder, or in
    .ci/run's checkout, every notebook whose outputs for these exact files are not cached yet),
    and a cell that raises fails the build; cells needing absent third-party data keep their
    committed outputs and are not compared (skipped, with the reason); the outputs are compared
    with nbval's own code (its collector reads each cell's nbval tags and comment markers, and
    ``IPyNbCell.compare_outputs`` compares every output key, images excepted as without
    ``--nbdime``, after the sanitize rules of tests/nbval_sanitize.cfg); the cells whose external
    data are absent are skipped, or fail under ECOMMOD_REQUIRE_EXTERNAL=1, as conftest.py does
    for nbval's own items.
    """
    import nbformat
    from jupyter_cache import get_cache
    from nbval.plugin import IPyNbFile, coalesce_streams, get_sanitize_patterns

    html, _ = built_book
    committed = nbformat.read(notebook, as_version=4)
    require_external = os.environ.get(data.REQUIRE_EXTERNAL_ENV_VAR) == "1"
    differing, skipped = [], []
    # One execution, cached once per edition with that edition's outputs: each is compared with
    # the committed outputs of its language.
    for language, cache in build_book.EDITION_CACHES.items():
        _, executed = get_cache(str(html.parent / cache)).merge_match_into_notebook(
            nbformat.read(notebook, as_version=4)
        )
        executed_code = [cell for cell in executed.cells if cell.cell_type == "code"]
        reference = IPyNbFile.from_parent(request.session, path=notebook)
        reference.sanitize_patterns.update(get_sanitize_patterns(NBVAL_SANITIZE.read_text()))
        cells = list(reference.collect())
        count = sum(c.cell_type == "code" for c in committed.cells)
        assert len(cells) == len(executed_code) == count
        for cell, run in zip(cells, executed_code, strict=True):
            if absent := missing_external(required_external(cell)):
                assert not require_external, f"{data.REQUIRE_EXTERNAL_ENV_VAR}=1 and {absent}"
                skipped.append(cell.name)
                continue
            if (
                cell.options["skip"]
                or not cell.options["check"]
                or cell.cell.execution_count is None
            ):
                continue
            expected = build_book.in_language(nbformat.from_dict({"cells": [cell.cell]}), language)
            if not cell.compare_outputs(
                coalesce_streams(run.outputs), coalesce_streams(expected.cells[0].outputs)
            ):
                differing.append(
                    f"{cell.name} ({language}):\n" + "\n".join(cell.comparison_traceback)
                )
    hint = (
        "\n(without the third-party data: a cell whose output depends on them, through a notice, "
        "a loaded table or a model check that reads them, is tagged external:<dataset>)"
        if any(missing_external([d.name]) for d in data.external_datasets())
        else ""
    )
    assert differing == [], f"{notebook.name}: outputs differ from the committed ones{hint}\n" + (
        "\n".join(differing)
    )
    if skipped:
        pytest.skip(
            f"{notebook.name}: {len(set(skipped))} cells not compared (external data absent)"
        )


# --- never stale: pages follow the code and the third-party files ---------------------------

PROBE_TOC = "format: jb-book\nroot: probe\n"
PROBE_DATASET = "nbs_provincial_ecommerce"


def probe_project(folder: Path, external: Path | None) -> Path:
    """A one-page book of a copy of this project: the real build, a page that reads a constant of
    the package and, when ``external`` is given, a third-party file."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    project = folder / "project"
    for name in ("ecommod", "data", "paper"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("_ext", "_static"):
        shutil.copytree(ROOT / "book" / name, project / "book" / name)
    for bib in (ROOT / "book").glob("*.bib"):
        shutil.copy(bib, project / "book" / bib.name)
    shutil.copy(ROOT / "_config.yml", project / "_config.yml")
    (project / "_toc.yml").write_text(PROBE_TOC, encoding="utf-8")
    cells = [
        new_markdown_cell("# Probe"),
        new_code_cell(
            "from ecommod import cashflow, data\nprint(f'days per year: {cashflow.DAYS_PER_YEAR}')"
        ),
    ]
    if external is not None:
        cells.append(
            new_code_cell(
                f"panel = data.load_external({PROBE_DATASET!r})\n"
                f"state = data.external_status({PROBE_DATASET!r}).state\n"
                "print(f'copy: {state}; computers: {panel.computers_per_100_persons.sum()}')",
                metadata={"tags": [f"external:{PROBE_DATASET}"]},
            )
        )
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, project / "probe.ipynb")
    return project


def probe_build(project: Path, output: Path) -> tuple[int, str, str | None]:
    """Build the probe book; return the exit code, the log and the text of the page in both
    editions (None if either is absent)."""
    from tools.build_book import build

    returncode, log = build(output, capture=True, root=project)
    html = output / "_build" / "html"
    pages = [html / "probe.html", html / "zh" / "probe.html"]  # both editions
    if not all(page.is_file() for page in pages):
        return returncode, log, None
    return returncode, log, " || ".join(main_text(page.parent, page.name) for page in pages)


def replace_in_place(path: Path, old: bytes, new: bytes) -> None:
    """Change a file's content, keeping its size and modification time (so only content tells)."""
    stat = path.stat()
    content = path.read_bytes()
    assert len(old) == len(new) and content.count(old) >= 1
    path.write_bytes(content.replace(old, new, 1))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_pages_follow_the_code_and_the_third_party_files(tmp_path, monkeypatch):
    """Build, change a constant and a third-party file in place, build, revert, build: the page
    shows each version's outputs; a damaged third-party file fails the build and leaves no page."""
    available = not missing_external([PROBE_DATASET])
    external = tmp_path / "external"
    if available:
        shutil.copytree(data.external_dir(), external)
        external.chmod(0o755)
    else:
        external.mkdir()
    monkeypatch.setenv(data.EXTERNAL_ENV_VAR, str(external))
    project = probe_project(tmp_path, external if available else None)
    monkeypatch.setenv("PYTHONPATH", str(project))  # the kernels import the copy of ecommod
    module = project / "ecommod" / "cashflow.py"
    csv_file = data.external_dataset(PROBE_DATASET).path
    output = tmp_path / "out"

    returncode, log, first = probe_build(project, output)
    assert returncode == 0, log[-3000:]
    assert "days per year: 365" in first

    replace_in_place(module, b"DAYS_PER_YEAR = 365", b"DAYS_PER_YEAR = 360")
    if available:
        csv_file.chmod(0o644)
        replace_in_place(csv_file, b",11,2015,62,", b",11,2015,92,")
    returncode, log, changed = probe_build(project, output)
    assert returncode == 0, log[-3000:]
    assert "days per year: 360" in changed and "days per year: 365" not in changed
    if available:
        assert "copy: identical" in first and "copy: differs" in changed
        before = re.search(r"computers: (\d+)", first)[1]
        assert re.search(r"computers: (\d+)", changed)[1] == str(int(before) + 30)

    replace_in_place(module, b"DAYS_PER_YEAR = 360", b"DAYS_PER_YEAR = 365")
    if available:
        replace_in_place(csv_file, b",11,2015,92,", b",11,2015,62,")
    returncode, log, reverted = probe_build(project, output)
    assert returncode == 0, log[-3000:]
    assert reverted == first
    returncode, log, again = probe_build(project, output)
    assert returncode == 0 and "0 of 1 notebooks to execute" in log and again == first

    if available:
        replace_in_place(csv_file, b",11,2015,62,", b",11,2015,x2,")
        returncode, log, damaged = probe_build(project, output)
        assert returncode != 0 and damaged is None, log[-3000:]
        assert csv_file.name in log and "computers_per_100_persons" in log


@pytest.mark.parametrize("notebook", book_notebooks(), ids=lambda p: p.stem)
def test_a_page_without_its_third_party_data_says_whose_results_it_shows(built_book, notebook):
    """Cells needing absent data show the committed run's outputs, and the page says so: which
    data, their declared fingerprints and the date of that run. With the data, no such notice."""
    import nbformat
    from bs4 import BeautifulSoup

    from tools.execute_notebooks import METADATA_KEY, external_cells

    html, _ = built_book
    committed = nbformat.read(notebook, as_version=4)
    needed = {name for names in external_cells(committed).values() for name in names}
    absent = [name for name in sorted(needed) if missing_external([name])]
    page = html / notebook.relative_to(ROOT).with_suffix(".html")
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    notices = [n.get_text(" ", strip=True) for n in soup.select(".ecommod-committed-results")]
    if not absent:
        assert notices == []
        return
    record = committed.metadata[METADATA_KEY]
    assert len(notices) == 1, notices
    assert f"with the declared copies on {record['external_run_date']}" in notices[0]
    for name in absent:
        assert data.external_dataset(name).title in notices[0]
        assert record["external_data"][name][:12] in notices[0]


# --- references cite publishers; the copies read are named in the data availability statement ---


def source_copies() -> list[dict]:
    """The rows of data/sources.csv with the kind of copy read (ecommod_sources.RETRIEVED_VIA)."""
    import csv
    import sys

    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    from ecommod_sources import RETRIEVED_VIA

    with (ROOT / "data" / "sources.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        match = RETRIEVED_VIA.match(row["retrieved_via"])
        assert match, f"{row['source_id']}: retrieved_via {row['retrieved_via']!r}"
        row["kind"] = match["kind"]
    return rows


def bib_urls(path: Path) -> dict[str, list[str]]:
    """Every address an entry of a .bib file would link to (url, howpublished, note), by key."""
    from pybtex.database import parse_file

    addresses = re.compile(r"https?://[^\s{}]+")
    return {
        key: addresses.findall(" ".join(entry.fields.values()))
        for key, entry in parse_file(path, "bibtex").entries.items()
    }


def test_no_reference_links_to_a_reprint():
    """A source read in a reprint is cited without the reprint's address; one read on the
    publisher's own page (or in a named publication carrying it) links to that page."""
    copies = source_copies()
    linked = bib_urls(ROOT / "book" / "data-sources.bib")
    reprints = {row["url"] for row in copies if row["kind"].endswith("reprint")}
    assert len(reprints) >= 20  # most releases were read in reprints (data/sources.csv)
    for row in copies:
        if row["kind"].endswith("reprint"):
            assert row["url"] not in linked[row["source_id"]], row["source_id"]
        else:
            assert linked[row["source_id"]] == [row["url"]], row["source_id"]
    other = [u for urls in bib_urls(ROOT / "book" / "references.bib").values() for u in urls]
    assert reprints.isdisjoint(other)
    assert [u for u in other if "zgkjsz.com" in u] == []  # the PIPL commentary's reprint


def test_retrieved_via_is_in_a_readers_words():
    words = re.compile(r"search tool|corpus|corpora|stored copy|helper|agent", re.IGNORECASE)
    assert [r["source_id"] for r in source_copies() if words.search(r["retrieved_via"])] == []


def test_the_repository_address_is_one_setting():
    """The buttons' repository (_config.yml) and CITATION.cff's repository-code agree."""
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert config["repository"]["url"].startswith("https://github.com/")
    assert citation["repository-code"] == config["repository"]["url"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`repository: url:`" in readme and "repository-code" in readme


def test_the_references_page_links_no_reprint_and_data_availability_names_each_copy(built_book):
    from bs4 import BeautifulSoup

    html, _ = built_book
    copies = source_copies()
    reprint_hosts = {urlparse_host(row["url"]) for row in copies if row["kind"].endswith("reprint")}
    references = BeautifulSoup(
        (html / "book" / "references.html").read_text("utf-8"), "html.parser"
    )
    links = [a["href"] for a in references.select("main div.citation a[href^='http']")]
    assert links, "the references page links to no publisher at all"
    assert [link for link in links if urlparse_host(link) in reprint_hosts] == []
    statement = BeautifulSoup(
        (html / "book" / "data_availability.html").read_text("utf-8"), "html.parser"
    )
    named = {a["href"] for a in statement.select("main a[href^='http']")}
    assert [row["source_id"] for row in copies if row["url"] not in named] == []
    text = " ".join(statement.get_text(" ").split())
    assert "a verbatim reprint at http" in text


def urlparse_host(url: str) -> str:
    from urllib.parse import urlparse

    return urlparse(url).netloc.lower()
