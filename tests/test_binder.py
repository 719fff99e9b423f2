"""Binder installs what a reader needs to run the chapters, at the book's versions, no more."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import nbformat
import pytest

from tools import binder_requirements
from tools.toc import ROOT, book_notebooks

BINDER = ROOT / "binder"
#: The test and build toolchain: a reader on Binder needs none of it.
TOOLCHAIN = re.compile(
    r"^(pytest.*|playwright|ruff|jupyter-book|sphinx.*|nbval|pip-audit|hypothesis)$"
)


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version.strip()
    return pins


def _needs() -> set[str]:
    lines = binder_requirements.READER_NEEDS.read_text(encoding="utf-8").splitlines()
    names = (line.split("#")[0].strip() for line in lines)
    return {re.sub(r"[-_.]+", "-", name).lower() for name in names if name}


def _imported_modules(source: str) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module.split(".")[0])
    return modules


def test_binder_pins_are_the_books_versions():
    project, binder = _pins(ROOT / "requirements.txt"), _pins(BINDER / "requirements.txt")
    differ = {name: (version, project.get(name)) for name, version in binder.items()}
    differ = {name: pair for name, pair in differ.items() if pair[0] != pair[1]}
    assert not differ, f"binder/requirements.txt differs from requirements.txt: {differ}"
    assert _needs() <= set(binder), f"not pinned for Binder: {sorted(_needs() - set(binder))}"


def test_binder_installs_no_test_or_build_tool():
    tools = sorted(name for name in _pins(BINDER / "requirements.txt") if TOOLCHAIN.match(name))
    assert not tools, f"Binder would install the toolchain: {tools}"


def test_binder_has_every_library_the_package_and_the_chapters_import():
    sources = [
        path.read_text(encoding="utf-8") for path in sorted((ROOT / "ecommod").rglob("*.py"))
    ]
    for notebook in book_notebooks():
        cells = nbformat.read(notebook, as_version=4).cells
        sources += [cell.source for cell in cells if cell.cell_type == "code"]
    modules = set().union(*map(_imported_modules, sources)) - set(sys.stdlib_module_names)
    modules -= {"ecommod", "__future__"}
    distributions = metadata.packages_distributions()
    pinned = set(_pins(BINDER / "requirements.txt"))
    missing = {
        module
        for module in modules
        if not {re.sub(r"[-_.]+", "-", d).lower() for d in distributions.get(module, [])} & pinned
    }
    assert not missing, f"imported but not installed on Binder: {sorted(missing)}"


def test_binder_and_make_install_give_jupyterlab_the_same_settings():
    post_build = (BINDER / "postBuild").read_text(encoding="utf-8")
    assert "binder/jupyterlab-settings.json" in post_build
    settings = json.loads((BINDER / "jupyterlab-settings.json").read_text(encoding="utf-8"))
    assert settings["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    installed = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert json.loads(installed.read_text(encoding="utf-8")) == settings, "run make install"


@pytest.mark.parametrize("extension", ["jupyterlab-myst"])
def test_jupyterlab_loads_the_myst_extension_as_compatible(extension):
    listed = subprocess.run(
        [str(Path(sys.executable).with_name("jupyter")), "labextension", "list"],
        capture_output=True,
        text=True,
        check=True,
    )
    output = listed.stdout + listed.stderr
    assert extension in output
    assert "not compatible" not in output, output
