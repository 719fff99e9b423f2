"""Shared fixtures, and the rule that skips only the checks whose external data are absent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ecommod import data

REPO_ROOT = data.REPO_ROOT


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the project's data/ (without external files) that a test may damage."""
    target = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, target, ignore=shutil.ignore_patterns("external"))
    return target


def missing_external(names: list[str]) -> list[str]:
    """Messages for each named external dataset that is not on this machine."""
    return [
        data.unavailable_message(d) for d in map(data.external_dataset, names) if not d.available
    ]


def pytest_collection_modifyitems(config, items):
    """Skip nbval cells of notebooks that declare external datasets this machine does not have.

    A notebook declares them in its metadata: ``{"ecommod": {"requires_external": [...]}}``.
    Tests marked ``external`` declare them with ``@pytest.mark.external("name", ...)``.
    """
    for item in items:
        if item.get_closest_marker("external"):
            names = list(item.get_closest_marker("external").args)
        else:
            notebook = getattr(item.parent, "nb", None)
            names = (
                notebook.metadata.get("ecommod", {}).get("requires_external", [])
                if notebook is not None
                else []
            )
        if names and (reasons := missing_external(names)):
            item.add_marker(pytest.mark.skip(reason=" | ".join(reasons)))
