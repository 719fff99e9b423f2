"""Build the HTML book: the one build command of ``make book``, the tests and the benchmarks.

Two steps. First every notebook of _toc.yml whose outputs are not those of the current inputs is
executed (tools/execute_notebooks: one kernel per core, progress notebook by notebook) and stored
in the execution cache. Then ``jupyter-book build`` (run by tools/sphinx_build.py) with warnings as
errors (``-W -n --keep-going``) reads every notebook's outputs from that cache
(``execute_notebooks: cache``).

Never stale. A notebook's outputs are keyed by a content digest (SHA-256, never modification
times) of everything they follow from: the notebook itself, the package (``ecommod/``), ``data/``,
``paper/``, the installed packages, and the content of each third-party file in use (or its
absence). A notebook whose key changed is executed again and its cache record replaced; one that
fails has its record and its page removed and the build stops with the cell's error, so the book
never shows outputs of older code or data. ``_build/.ecommod-notebooks.json`` keeps each
notebook's key and a digest of its outputs; the Sphinx extension book/_ext/ecommod_status.py
makes Sphinx read a notebook again whenever that digest changed (Sphinx alone would keep the page
of an unchanged ``.ipynb``).

A rebuild with nothing changed executes nothing, and when nothing Sphinx reads changed either
(:func:`book_digest`: the sources, the inputs, the outputs) it does not run Sphinx: the book in
``_build/html`` is already the book of these files.

Without the third-party data, the cells that need them keep their committed outputs (computed with
the declared data; see tools/execute_notebooks.py) and every other cell runs; the page says so.

Usage: python -m tools.build_book [--output FOLDER] [--serial]
(HTML in FOLDER/_build/html; default FOLDER: here)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from ecommod.cache import CACHE_ENV_VAR
from tools import execute_notebooks
from tools.toc import ROOT, book_notebooks

INPUTS = ("ecommod", "data", "paper")
CACHE = ".jupyter_cache"
#: Each edition's execution cache: the outputs of one execution, in that edition's language.
EDITION_CACHES = {"en": CACHE, "zh": ".jupyter_cache_zh"}
#: Where the Chinese edition is built, and the folder of the English HTML it is copied to.
CHINESE_BUILD = "zh"
CHINESE_FOLDER = "zh"
#: What the Chinese edition's configuration changes in _config.yml (see :func:`chinese_config`).
CHINESE_TITLE = "ecommod：吴腾威、罗利平（2025）的可执行研读本"
#: The captions of _toc.yml's parts in the Chinese edition.
CHINESE_CAPTIONS = {"Chapters": "章节", "Audit": "核查", "Reference": "参考资料"}
#: The folder of results the kernels keep by content digest (ecommod/cache.py), in the build.
RESULT_CACHE = ".ecommod-cache"
#: The digest of what Sphinx read in the last successful build (see :func:`book_digest`).
BOOK_STAMP = ".ecommod-book.sha256"
#: Per notebook: the inputs key of its cached outputs, their digest, the replayed cells.
MANIFEST = ".ecommod-notebooks.json"
#: Set for Sphinx: the manifest above (read by book/_ext/ecommod_status.py).
MANIFEST_ENV_VAR = "ECOMMOD_NOTEBOOKS_MANIFEST"
#: Set for Sphinx by :func:`build`: when this build began (seconds since the epoch), read by the
#: status page (book/_ext/ecommod_status.py).
BUILD_STARTED_ENV_VAR = "ECOMMOD_BUILD_STARTED"


def _hash_tree(digest, root: Path, folder: str) -> None:
    for path in sorted((root / folder).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and "external" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())


def inputs_digest(root: Path = ROOT) -> str:
    """SHA-256 of what every notebook's outputs follow from, besides the notebook itself.

    The files of ``ecommod/``, ``data/`` and ``paper/`` (names and content), the installed
    packages and Python's version, and the content of each declared third-party file found in
    the external-data folder (or that it is missing).
    """
    from ecommod.cache import external_digest, installed_packages

    digest = hashlib.sha256()
    for folder in INPUTS:
        _hash_tree(digest, root, folder)
    digest.update("\n".join([sys.version, *installed_packages()]).encode())
    digest.update(external_digest().encode())
    return digest.hexdigest()


def notebook_key(path: Path, inputs: str) -> str:
    """The key of a notebook's outputs: its own content and the inputs digest."""
    return hashlib.sha256(path.read_bytes() + inputs.encode()).hexdigest()


def outputs_digest(notebook) -> str:
    """SHA-256 of every code cell's outputs (what Sphinx renders of an executed notebook)."""
    cells = [c.get("outputs", []) for c in notebook["cells"] if c["cell_type"] == "code"]
    return hashlib.sha256(json.dumps(cells, sort_keys=True).encode()).hexdigest()


def execution_timeout(root: Path = ROOT) -> int:
    """The per-cell timeout of _config.yml (``execute.timeout``, seconds), as myst-nb uses it."""
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    return int(config["execute"]["timeout"])


def _read_manifest(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _replay_record(notebook_path: Path, replayed: dict[int, tuple[str, ...]]) -> dict:
    """What the page says about cells shown from the committed run: which data, which date."""
    if not replayed:
        return {}
    import nbformat

    recorded = nbformat.read(notebook_path, as_version=4).metadata.get(
        execute_notebooks.METADATA_KEY, {}
    )
    return {
        "cells": len(replayed),
        "datasets": sorted({name for names in replayed.values() for name in names}),
        "fingerprints": recorded.get("external_data", {}),
        "run_date": recorded.get("external_run_date"),
    }


def _remove_page(build_dir: Path, root: Path, notebook: Path) -> None:
    """Remove the notebook's page from both editions (and from the Chinese edition's own build,
    which a later build copies into ``html/zh``)."""
    page = notebook.relative_to(root).with_suffix(".html")
    for html in (
        build_dir / "html",
        build_dir / "html" / CHINESE_FOLDER,
        build_dir / CHINESE_BUILD / "_build" / "html",
    ):
        (html / page).unlink(missing_ok=True)


def _up_to_date(build_dir: Path, recorded: dict, key: str) -> bool:
    """Whether both editions' caches hold the outputs recorded for ``key`` (the record's
    notebook file is where jupyter-cache keeps it), checked without importing jupyter-cache."""
    hashkeys = recorded.get("hashkeys", {})
    return recorded.get("key") == key and all(
        (build_dir / cache / "executed" / hashkeys.get(language, "") / "base.ipynb").is_file()
        and hashkeys.get(language)
        for language, cache in EDITION_CACHES.items()
    )  # a build of one edition (a benchmark) leaves the other to execute next time


def in_language(notebook, language: str):
    """A copy of an executed notebook with the outputs of ``language`` only: those marked with
    another language (ecommod/language.py) are left out, unmarked ones kept."""
    import copy

    from ecommod.language import METADATA_KEY

    shown = copy.deepcopy(notebook)
    for cell in shown.cells:
        if cell.cell_type == "code":
            cell.outputs = [
                output
                for output in cell.get("outputs", [])
                if output.get("metadata", {}).get(METADATA_KEY, {}).get("language", language)
                == language
            ]
    return shown


def execute_into_cache(
    build_dir: Path,
    *,
    parallel: bool = True,
    root: Path = ROOT,
    report=print,
    editions: tuple[str, ...] = tuple(EDITION_CACHES),
) -> list[str]:
    """Execute the notebooks whose outputs are not those of the current inputs, and cache them.

    Returns a message for each notebook that failed (its cache record is removed, and so are the
    pages of every notebook executed, as the build stops before Sphinx writes them again).
    Older cache records of a notebook are removed when its new outputs are cached.
    """
    build_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = build_dir / MANIFEST
    manifest = _read_manifest(manifest_path)
    inputs = inputs_digest(root)
    notebooks = book_notebooks(root / "_toc.yml")
    uri = {path: path.relative_to(root).as_posix() for path in notebooks}
    stale = [
        path
        for path in notebooks
        if not _up_to_date(build_dir, manifest.get(uri[path], {}), notebook_key(path, inputs))
    ]
    report(
        f"{len(stale)} of {len(notebooks)} notebooks to execute "
        f"({len(notebooks) - len(stale)} up to date for the current code, data and packages)"
    )
    if not stale:
        return []
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    caches = {
        language: get_cache(str(build_dir / EDITION_CACHES[language])) for language in editions
    }
    results = execute_notebooks.execute(
        stale,
        jobs=None if parallel else 1,
        env={**os.environ, CACHE_ENV_VAR: str(build_dir / RESULT_CACHE)},
        timeout=execution_timeout(root),
        report=report,
        root=root,
        languages=",".join(editions),
    )
    failures = []
    for result in results:
        name = uri[result.path]
        for cache in caches.values():
            for record in cache.list_cache_records():
                if record.uri == name:  # outputs of an older version, or of other inputs
                    cache.remove_cache(record.pk)
        if result.error:
            manifest.pop(name, None)
            failures.append(f"{name} could not be executed:\n{result.error}")
            continue
        hashkeys = {}
        for language, cache in caches.items():
            bundle = CacheBundleIn(
                in_language(result.notebook, language),
                name,
                data={"execution_seconds": round(result.seconds, 2)},
            )
            record = cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
            hashkeys[language] = record.hashkey
        manifest[name] = {
            "key": notebook_key(result.path, inputs),
            "hashkeys": hashkeys,
            "outputs": outputs_digest(result.notebook),
            "replayed": _replay_record(result.path, result.replayed),
        }
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    if failures:  # Sphinx will not run: no page of this build's notebooks may stay as it was
        for path in stale:
            _remove_page(build_dir, root, path)
    return failures


def book_digest(root: Path, build_dir: Path) -> str:
    """SHA-256 of everything Sphinx reads: the book's sources and configuration, the inputs
    digest and the manifest of the notebooks' outputs."""
    digest = hashlib.sha256()
    for name in ("_config.yml", "_toc.yml"):
        digest.update((root / name).read_bytes())
    for folder in ("book", "notebooks"):
        _hash_tree(digest, root, folder)
    digest.update(inputs_digest(root).encode())
    digest.update((build_dir / MANIFEST).read_bytes())
    return digest.hexdigest()


def build(
    output: Path = ROOT,
    *,
    capture: bool = False,
    parallel: bool = True,
    root: Path = ROOT,
    editions: tuple[str, ...] = tuple(EDITION_CACHES),
) -> tuple[int, str]:
    """Build the book of ``root`` into ``output/_build/html`` (the Chinese edition into its
    ``zh/`` folder); return the exit code and the log.

    ``editions`` ("en" alone, for the benchmark that compares it with both) are executed and built.

    With ``capture=False`` the build prints to the terminal as it goes and the log is empty.
    A notebook that cannot be executed stops the build (exit 1) with its error.
    """
    build_dir = output / "_build"
    log: list[str] = []

    def report(line: str) -> None:
        if capture:
            log.append(line + "\n")
        else:
            print(line, flush=True)

    # The status page counts a notebook as executed in this build when its cache record is newer
    # than this moment, which comes before the execution, not at Sphinx's start.
    started = time.time()
    failures = execute_into_cache(
        build_dir, parallel=parallel, root=root, report=report, editions=editions
    )
    if failures:
        report("\n\n".join(failures))
        report(f"The book was not built: {len(failures)} notebook(s) could not be executed.")
        return 1, "".join(log)
    # What Sphinx reads: the sources, the outputs, and the Chinese edition's configuration.
    digest = hashlib.sha256(book_digest(root, build_dir).encode() + ",".join(editions).encode())
    chinese_files = chinese_config(root, build_dir)
    for path in chinese_files:
        digest.update(path.read_bytes())
    stamp, current = build_dir / BOOK_STAMP, digest.hexdigest()
    pages = (build_dir / "html" / "index.html", build_dir / "html" / CHINESE_FOLDER / "index.html")
    if all(page.is_file() for page in pages) and stamp.is_file():
        if stamp.read_text().strip() == current:
            report("Nothing changed since the last build: the book in _build/html is current.")
            return 0, "".join(log)
    stamp.unlink(missing_ok=True)
    returncode, sphinx_log = _build_editions(
        root,
        output,
        started,
        capture=capture,
        chinese_files=chinese_files if "zh" in editions else None,
    )
    if returncode == 0:
        stamp.write_text(current + "\n")
    return returncode, "".join(log) + sphinx_log


def chinese_config(root: Path, build_dir: Path) -> tuple[Path, Path]:
    """Write the Chinese edition's configuration: _config.yml in Chinese (``language: zh_CN``,
    title, figure numbers, the notebook reader's language) reading the Chinese execution cache,
    and _toc.yml with the parts' captions in Chinese. Returns the paths of both."""
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = CHINESE_TITLE
    config["execute"]["cache"] = str((build_dir / EDITION_CACHES["zh"]).resolve())
    # Paths in the configuration are read from the folder of the configuration file.
    extensions = config["sphinx"]["local_extensions"]
    for name, folder in extensions.items():
        extensions[name] = str((root / folder).resolve())
    sphinx = config["sphinx"]["config"]
    sphinx["language"] = "zh_CN"
    sphinx["numfig_format"] = {"figure": "图 %s"}
    sphinx["nb_code_prompt_show"] = "显示代码"
    sphinx["nb_code_prompt_hide"] = "隐藏代码"
    sphinx["nb_custom_formats"][".ipynb"][1]["language"] = "zh"
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    for part in toc.get("parts", []):
        part["caption"] = CHINESE_CAPTIONS[part["caption"]]
    folder = build_dir / CHINESE_BUILD
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in (("_config.yml", config), ("_toc.yml", toc)):
        text = yaml.safe_dump(content, allow_unicode=True, sort_keys=False)
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text:
            (folder / name).write_text(text, encoding="utf-8")
    return folder / "_config.yml", folder / "_toc.yml"


def _build_editions(
    root: Path,
    output: Path,
    started: float,
    *,
    capture: bool,
    chinese_files: tuple[Path, Path] | None,
) -> tuple[int, str]:
    """Run Sphinx (``jupyter-book build``, warnings as errors) for the English edition and, given
    its configuration and table of contents (:func:`chinese_config`), the Chinese one side by
    side, then copy the Chinese HTML into ``_build/html/zh``. Returns the exit code and the log."""
    build_dir = output / "_build"
    jupyter_book = [sys.executable, "-m", "tools.sphinx_build"]
    common = ["-W", "-n", "--keep-going"]
    english = [*jupyter_book, "build", str(root), *common]
    if output != root:
        english += ["--path-output", str(output)]
    # tools.sphinx_build is found in this checkout whatever folder the book is built from.
    checkout = str(Path(__file__).resolve().parents[1])
    python_path = os.pathsep.join(filter(None, (checkout, os.environ.get("PYTHONPATH"))))
    environment = {
        **os.environ,
        BUILD_STARTED_ENV_VAR: repr(started),
        MANIFEST_ENV_VAR: str(build_dir / MANIFEST),
        "PYTHONPATH": python_path,
    }
    if chinese_files is None:
        english_run = subprocess.run(
            english, capture_output=capture, text=True, check=False, env=environment, cwd=root
        )
        return english_run.returncode, (english_run.stdout + english_run.stderr) if capture else ""
    chinese_output = build_dir / CHINESE_BUILD
    config, toc = chinese_files
    chinese = [
        *jupyter_book,
        "build",
        str(root),
        *common,
        "--config",
        str(config),
        "--toc",
        str(toc),
        "--path-output",
        str(chinese_output),
    ]
    chinese_log = build_dir / "zh-build.log"
    with chinese_log.open("w") as log_file:  # both editions side by side, one per core
        chinese_run = subprocess.Popen(
            chinese, stdout=log_file, stderr=subprocess.STDOUT, text=True, env=environment, cwd=root
        )
        english_run = subprocess.run(
            english, capture_output=capture, text=True, check=False, env=environment, cwd=root
        )
        chinese_run.wait()
    log = (english_run.stdout + english_run.stderr) if capture else ""
    chinese_text = "\n== The Chinese edition (中文版) ==\n" + chinese_log.read_text()
    if capture:
        log += chinese_text
    else:
        print(chinese_text, flush=True)
    returncode = english_run.returncode or chinese_run.returncode
    if returncode == 0:
        shutil.copytree(
            chinese_output / "_build" / "html",
            build_dir / "html" / CHINESE_FOLDER,
            dirs_exist_ok=True,
        )
    return returncode, log


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT, help="folder that gets _build/html")
    parser.add_argument("--serial", action="store_true", help="execute one notebook at a time")
    arguments = parser.parse_args()
    output = arguments.output.resolve()
    start = time.perf_counter()
    returncode, _ = build(output, parallel=not arguments.serial)
    if returncode != 0:
        sys.exit(f"The book build failed (exit {returncode}); see the messages above.")
    index = output / "_build" / "html" / "index.html"
    chinese = output / "_build" / "html" / CHINESE_FOLDER / "index.html"
    print(
        f"The book is built in {time.perf_counter() - start:.0f} s: open file://{index}\n"
        f"中文版: file://{chinese}"
    )


if __name__ == "__main__":
    main()
