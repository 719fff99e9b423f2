"""The "Build status" page: how each notebook ran in the build, and the main packages' versions.

Two directives, written by the build itself so the page cannot disagree with it:

- ``ecommod-execution-table``: one row per notebook in reading order (the table of contents), with
  how this build got its outputs (executed now, or taken from the execution cache, which keeps the
  time of the run that filled it: a cache record older than the build's start), its execution time
  in seconds and whether it succeeded. The times come from myst-nb's execution records, so the
  table is filled in after every page is read.
- ``ecommod-versions``: Python and the installed versions of the packages in MAIN_PACKAGES.

A page that uses either directive is re-read on every build (``env-get-outdated``), so a no-change
rebuild still shows the environment it ran in. Execution times differ between runs; nothing else on
the page does, and it carries no date.

It also keeps every notebook page fresh and honest, from the manifest that tools/build_book.py
writes (``ECOMMOD_NOTEBOOKS_MANIFEST``): a notebook whose executed outputs changed since Sphinx last
read it is read again (Sphinx alone re-reads only a changed ``.ipynb``), and a page built without
third-party data it needs opens with a notice saying which of its results come from the committed
run with those data, with their content fingerprints and the date of that run.
"""

from __future__ import annotations

import json
import os
import platform
import time
from importlib import metadata

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

STATUS_KEY = "ecommod_status_page"
#: The packages a reader of the status page wants the versions of (the models and the book).
MAIN_PACKAGES = (
    "ecommod",
    "numpy",
    "pandas",
    "scipy",
    "statsmodels",
    "linearmodels",
    "matplotlib",
    "seaborn",
    "inequality",
    "libpysal",
    "esda",
    "dask",
    "frictionless",
    "jupyter-book",
    "sphinx",
    "myst-nb",
    "jupyter-cache",
    "sphinx-book-theme",
    "sphinxcontrib-bibtex",
)
EXECUTED_NOW = "executed in this build"
FROM_CACHE = "execution cache of an earlier run"
#: Every text these directives write on a page, in English and in Chinese: the edition's Sphinx
#: ``language`` ("en", or "zh_CN" for the Chinese edition) chooses (:func:`text`).
TEXTS = {
    EXECUTED_NOW: "本次构建中执行",
    FROM_CACHE: "先前运行的执行缓存",
    "succeeded": "成功",
    "failed": "失败",
    "all notebooks": "全部 notebook",
    "notebook": "notebook",
    "outputs from": "输出来源",
    "execution time (s)": "执行时间（秒）",
    "status": "状态",
    "package": "软件包",
    "version": "版本",
    "not installed": "未安装",
    "This build executed no notebook and read none from the execution cache.": (
        "本次构建没有执行任何 notebook，也没有从执行缓存中读取任何 notebook。"
    ),
    "Results computed with the licensed data": "用授权数据计算的结果",
    "{title} (content fingerprint {fingerprint})": "“{title}”（内容指纹 {fingerprint}）",
    "on {run_date}": "于 {run_date} ",
    "when it was last run with them": "在上一次使用这些数据运行时",
    "one cell needs": "有 1 个单元格需要",
    "{cells} cells need": "有 {cells} 个单元格需要",
    "This copy of the book was built without third-party data that this project may not "
    "redistribute: {declared}. On this page {cells} them: their results are shown as the "
    "notebook computed them with the declared copies {when}. Every other cell was executed "
    "again for this build.": (
        "本书的这一副本在构建时没有本项目无权再分发的第三方数据：{declared}。本页{cells}这些"
        "数据：其结果显示的是 notebook {when}用声明的副本计算得到的结果。其余单元格均已在本次"
        "构建中重新执行。"
    ),
}


def is_chinese(config) -> bool:
    """Whether the edition being built is the Chinese one (Sphinx ``language`` "zh_CN")."""
    from ecommod_editions import edition

    return edition(config) == "zh"


def text(config, english: str, **values) -> str:
    """``english`` (a key of :data:`TEXTS`) in the edition's language, its fields filled."""
    chosen = TEXTS[english] if is_chinese(config) else english
    return chosen.format(**values) if values else chosen


class ExecutionTablePlaceholder(nodes.General, nodes.Element):
    """Where the execution table goes once every notebook has run."""


def _mark_status_page(directive: SphinxDirective) -> None:
    from myst_nb.sphinx_ import NbMetadataCollector

    NbMetadataCollector.set_doc_data(directive.env, directive.env.docname, STATUS_KEY, True)


class ExecutionTable(SphinxDirective):
    """Placeholder for the table of notebook execution times (filled in by a post-transform)."""

    def run(self):
        _mark_status_page(self)
        return [ExecutionTablePlaceholder()]


class VersionsTable(SphinxDirective):
    """Table of Python and the installed versions of MAIN_PACKAGES."""

    def run(self):
        _mark_status_page(self)
        config = self.env.config
        rows = [("Python", platform.python_version())]
        rows += [(name, _version(name) or text(config, "not installed")) for name in MAIN_PACKAGES]
        header = (text(config, "package"), text(config, "version"))
        return [_table(header, [[nodes.Text(c) for c in row] for row in rows])]


def _version(distribution: str) -> str | None:
    """The installed version of ``distribution``; None when it is not installed."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _table(header: tuple[str, ...], rows: list[list[nodes.Node]]) -> nodes.table:
    """A docutils table with ``header`` and one row per list of inline nodes."""
    table = nodes.table(classes=["colwidths-auto"])
    group = nodes.tgroup(cols=len(header))
    table += group
    for _ in header:
        group += nodes.colspec(colwidth=1)
    head, body = nodes.thead(), nodes.tbody()
    group += head
    group += body
    head += _row([nodes.Text(name) for name in header])
    for cells in rows:
        body += _row(cells)
    return table


def _row(cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for content in cells:
        paragraph = nodes.paragraph()
        paragraph += content
        row += nodes.entry("", paragraph)
    return row


def reading_order(env) -> list[str]:
    """Every document in table-of-contents order (depth first from the root document)."""
    order, stack = [], [env.config.root_doc]
    while stack:
        docname = stack.pop()
        if docname in order:
            continue
        order.append(docname)
        stack.extend(reversed(env.toctree_includes.get(docname, [])))
    return order


class ExecutionTableTransform(SphinxPostTransform):
    """Replace the placeholder with one row per executed notebook."""

    default_priority = 8  # before the cross-references are resolved

    def _how_it_ran(self, record: dict) -> str:
        """Executed now, or outputs taken from the cache (its record predates this build)."""
        if record.get("method") != "cache":
            return EXECUTED_NOW
        started = getattr(self.app, "ecommod_build_started", None)
        executed_now = started is not None and (record.get("mtime") or 0) >= started
        return EXECUTED_NOW if executed_now else FROM_CACHE

    def run(self, **kwargs) -> None:
        from myst_nb.sphinx_ import NbMetadataCollector

        records = NbMetadataCollector.get_doc_data(self.env)
        docnames = [d for d in reading_order(self.env) if records.get(d, {}).get("exec_data")]
        docnames += sorted(d for d in records if d not in docnames and records[d].get("exec_data"))
        config = self.env.config
        rows, total = [], 0.0
        for docname in docnames:
            record = records[docname]["exec_data"]
            runtime = record.get("runtime")
            total += runtime or 0.0
            link = pending_xref(
                refdoc=self.env.docname,
                reftarget="/" + docname,
                reftype="doc",
                refdomain="std",
                refexplicit=False,
                refwarn=True,
            )
            link += nodes.literal(text=docname)
            rows.append(
                [
                    link,
                    nodes.Text(text(config, self._how_it_ran(record))),
                    nodes.Text("—" if runtime is None else f"{runtime:.1f}"),
                    nodes.Text(text(config, "succeeded" if record.get("succeeded") else "failed")),
                ]
            )
        rows.append(
            [nodes.strong(text=text(config, "all notebooks")), nodes.Text("")]
            + [nodes.Text(f"{total:.1f}"), nodes.Text("")]
        )
        header = tuple(
            text(config, name)
            for name in ("notebook", "outputs from", "execution time (s)", "status")
        )
        for placeholder in list(self.document.findall(ExecutionTablePlaceholder)):
            if docnames:
                placeholder.replace_self(_table(header, rows))
            else:
                note = "This build executed no notebook and read none from the execution cache."
                placeholder.replace_self(nodes.paragraph(text=text(config, note)))


def outdated_status_pages(app, env, added, changed, removed) -> list[str]:
    """Re-read the status page on every build, so its versions and times are this build's."""
    from myst_nb.sphinx_ import NbMetadataCollector

    return [d for d, data in NbMetadataCollector.get_doc_data(env).items() if data.get(STATUS_KEY)]


MANIFEST_ENV_VAR = "ECOMMOD_NOTEBOOKS_MANIFEST"
FINGERPRINT_CHARS = 12


def read_manifest(app) -> None:
    """The build's record of each notebook's outputs (empty when Sphinx runs on its own)."""
    path = os.environ.get(MANIFEST_ENV_VAR)
    manifest = {}
    if path and os.path.isfile(path):
        with open(path, encoding="utf-8") as handle:
            manifest = json.load(handle)
    app.ecommod_manifest = {uri.rsplit(".", 1)[0]: entry for uri, entry in manifest.items()}


def _manifest_digest(app, docname: str) -> str | None:
    entry = app.ecommod_manifest.get(docname)
    return None if entry is None else json.dumps([entry["outputs"], entry["replayed"]])


def outdated_notebooks(app, env, added, changed, removed) -> list[str]:
    """Notebooks whose executed outputs differ from those Sphinx read last time."""
    read = getattr(env, "ecommod_outputs", {})
    return [
        docname
        for docname in app.ecommod_manifest
        if docname in env.all_docs and read.get(docname) != _manifest_digest(app, docname)
    ]


def _replay_notice(record: dict, config) -> nodes.admonition:
    """The notice of a page whose cells needing absent third-party data show committed outputs,
    in the edition's language (``config.language``)."""
    from ecommod import data
    from ecommod.language import translate

    language = "zh" if is_chinese(config) else "en"
    titles = [translate(data.external_dataset(name).title, language) for name in record["datasets"]]
    fingerprints = record.get("fingerprints", {})
    declared = ("；" if language == "zh" else "; ").join(
        text(
            config,
            "{title} (content fingerprint {fingerprint})",
            title=title,
            fingerprint=fingerprints[name][:FINGERPRINT_CHARS],
        )
        if name in fingerprints
        else (f"“{title}”" if language == "zh" else title)
        for name, title in zip(record["datasets"], titles, strict=True)
    )
    when = (
        text(config, "on {run_date}", run_date=record["run_date"])
        if record.get("run_date")
        else text(config, "when it was last run with them")
    )
    cells = (
        text(config, "one cell needs")
        if record["cells"] == 1
        else text(config, "{cells} cells need", cells=record["cells"])
    )
    notice = text(
        config,
        "This copy of the book was built without third-party data that this project may not "
        "redistribute: {declared}. On this page {cells} them: their results are shown as the "
        "notebook computed them with the declared copies {when}. Every other cell was executed "
        "again for this build.",
        declared=declared,
        cells=cells,
        when=when,
    )
    admonition = nodes.admonition(classes=["note", "ecommod-committed-results"])
    admonition += nodes.title(text=text(config, "Results computed with the licensed data"))
    admonition += nodes.paragraph(text=notice)
    return admonition


def mark_notebook_page(app, doctree) -> None:
    """Remember the outputs read for this page; add the notice of committed results."""
    env, docname = app.env, app.env.docname
    if not hasattr(env, "ecommod_outputs"):
        env.ecommod_outputs = {}
    env.ecommod_outputs[docname] = _manifest_digest(app, docname)
    record = app.ecommod_manifest.get(docname, {}).get("replayed")
    sections = list(doctree.findall(nodes.section))
    if record and sections:
        sections[0].insert(1, _replay_notice(record, app.config))


def purge_outputs(app, env, docname) -> None:
    getattr(env, "ecommod_outputs", {}).pop(docname, None)


def merge_outputs(app, env, docnames, other) -> None:
    if not hasattr(env, "ecommod_outputs"):
        env.ecommod_outputs = {}
    for docname in docnames:
        if docname in getattr(other, "ecommod_outputs", {}):
            env.ecommod_outputs[docname] = other.ecommod_outputs[docname]


def record_build_start(app) -> None:
    """When this build began: ECOMMOD_BUILD_STARTED when tools/build_book.py set it (it executes
    the notebooks before Sphinx starts), else now."""
    started = os.environ.get("ECOMMOD_BUILD_STARTED")
    app.ecommod_build_started = float(started) if started else time.time()


def setup(app):
    app.connect("builder-inited", record_build_start)
    app.connect("builder-inited", read_manifest)
    app.connect("env-get-outdated", outdated_notebooks)
    app.connect("doctree-read", mark_notebook_page)
    app.connect("env-purge-doc", purge_outputs)
    app.connect("env-merge-info", merge_outputs)
    app.add_node(ExecutionTablePlaceholder)
    app.add_directive("ecommod-execution-table", ExecutionTable)
    app.add_directive("ecommod-versions", VersionsTable)
    app.add_post_transform(ExecutionTableTransform)
    app.connect("env-get-outdated", outdated_status_pages)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
