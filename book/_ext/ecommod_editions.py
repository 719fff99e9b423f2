"""The English and the Chinese edition of the book, from the same sources and one execution.

Each notebook holds both languages: a markdown cell of prose has the tag ``en`` and its Chinese
twin, the next cell, the tag ``zh``; code writes each output once per language and marks it
(ecommod/language.py). An edition is a Sphinx build with ``language`` ``en`` or ``zh_CN``
(tools/build_book.py executes each notebook once and caches its outputs twice, each edition's
cache holding the outputs of its language). Here:

- :func:`read_notebook` (myst-nb's reader for ``.ipynb``, ``nb_custom_formats``) leaves out the
  other language's markdown cells; figures get their caption and their image description in the
  edition's language (cell metadata ``ecommod.caption_zh`` and ``ecommod.alt_zh``);
- a page written in Markdown is read from its Chinese twin ``<page>.zh.md`` in the Chinese edition;
- every page links to its twin in the other edition (the Chinese edition lives in ``zh/``), and
  says so in its head (``<link rel="alternate" hreflang>``).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from docutils import nodes

#: The editions: Sphinx's ``language`` value → the language of ecommod/language.py.
EDITIONS = {"en": "en", "zh_CN": "zh"}
#: The folder of the Chinese edition inside the English one's HTML.
CHINESE_FOLDER = "zh"
#: The suffix of a Markdown page's Chinese twin.
CHINESE_SUFFIX = ".zh.md"
#: Sphinx's smart quotes, undone to match a caption as rendered with the caption as written.
STRAIGHT_QUOTES = str.maketrans("‘’“”", "''\"\"")
#: English figure caption → its Chinese twin (cell metadata ``ecommod.caption_zh``), as read.
CHINESE_CAPTIONS: dict[str, str] = {}
#: English image description (alt text) → its Chinese twin (cell metadata ``ecommod.alt_zh``).
CHINESE_ALT_TEXTS: dict[str, str] = {}
SWITCH_TEXT = {
    "en": ("中文", "zh-CN", "阅读本页中文版"),
    "zh": ("English", "en", "Read this page in English"),
}


def edition(config) -> str:
    """The language (en or zh) of the edition Sphinx builds with ``config``."""
    if config.language not in EDITIONS:
        raise ValueError(f"language must be one of {sorted(EDITIONS)}, got {config.language!r}")
    return EDITIONS[config.language]


def read_notebook(text: str, language: str = "en") -> nbformat.NotebookNode:
    """The notebook as the edition in ``language`` shows it: markdown cells tagged with the other
    language left out, figure captions in ``language``. Code cells stay as they are, so the
    execution cache matches them."""
    notebook = nbformat.reads(text, as_version=4)
    other = {"en": "zh", "zh": "en"}[language]
    notebook.cells = [
        cell
        for cell in notebook.cells
        if not (cell.cell_type == "markdown" and other in cell.metadata.get("tags", []))
    ]
    for cell in notebook.cells:  # the metadata stays: the execution cache's key includes it
        twins = cell.metadata.get("ecommod", {})
        figure = cell.metadata.get("mystnb", {}).get("figure", {})
        image = cell.metadata.get("mystnb", {}).get("image", {})
        if twins.get("caption_zh") and figure.get("caption"):
            CHINESE_CAPTIONS[figure["caption"].translate(STRAIGHT_QUOTES)] = twins["caption_zh"]
        if twins.get("alt_zh") and image.get("alt"):
            CHINESE_ALT_TEXTS[image["alt"]] = twins["alt_zh"]
    return notebook


def _chinese_captions(app, doctree) -> None:
    """In the Chinese edition, each figure's caption and image description that have a Chinese
    twin show the twin."""
    if edition(app.config) != "zh":
        return
    for caption in doctree.findall(nodes.caption):
        twin = CHINESE_CAPTIONS.get(caption.astext().translate(STRAIGHT_QUOTES))
        if twin is not None:
            caption.children = [nodes.Text(twin)]
    for image in doctree.findall(nodes.image):
        twin = CHINESE_ALT_TEXTS.get(image.get("alt", ""))
        if twin is not None:
            image["alt"] = twin


def _read_chinese_twin(app, docname: str, source: list[str]) -> None:
    if edition(app.config) != "zh":
        return
    path = Path(app.env.doc2path(docname))
    twin = path.with_name(path.stem + CHINESE_SUFFIX)
    if path.suffix == ".md" and twin.is_file():
        source[0] = twin.read_text(encoding="utf-8")
        app.env.note_dependency(str(twin))


def twin_url(pagename: str, language: str) -> str:
    """The address of the other edition's page, relative to ``pagename`` of ``language``."""
    up = "../" * pagename.count("/")
    if language == "en":
        return f"{up}{CHINESE_FOLDER}/{pagename}.html"
    return f"../{up}{pagename}.html"


def _add_switch(app, pagename, templatename, context, doctree) -> None:
    if doctree is None and "body" not in context:
        return
    language = edition(app.config)
    label, hreflang, title = SWITCH_TEXT[language]
    url = twin_url(pagename, language)
    context["body"] = (
        f'<p class="ecommod-language-switch"><a href="{url}" hreflang="{hreflang}" '
        f'lang="{hreflang}" title="{title}">{label}</a></p>\n' + context.get("body", "")
    )
    context["metatags"] = (
        context.get("metatags", "")
        + f'\n<link rel="alternate" hreflang="{hreflang}" href="{url}" />'
    )


def setup(app):
    app.connect("source-read", _read_chinese_twin)
    app.connect("doctree-read", _chinese_captions)
    app.connect("html-page-context", _add_switch)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
