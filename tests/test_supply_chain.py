"""Supply chain: no pinned requirement has a known vulnerability; the licence table is current."""

from __future__ import annotations

from importlib import metadata

import pytest

from tools import supply_chain
from tools.replication import render

ADVISORY_URL = "https://pypi.org/pypi"


def test_licence_table_in_the_readme_is_current():
    current = supply_chain.README.read_text(encoding="utf-8")
    fresh = render(current, {"licences": supply_chain.licence_table})
    assert fresh == current, (
        "README.md's licence table is stale: python -m tools.supply_chain licences"
    )


def test_direct_dependencies_cover_pyproject_and_the_toolchain():
    names = supply_chain.direct_dependencies()
    for expected in ("numpy", "pandas", "statsmodels", "jupyter-book", "pytest", "pip-audit"):
        assert expected in names
    assert "linearmodels" in names, "imported inside an ecommod function, so it is direct"
    assert "ecommod" not in names


def test_every_direct_dependency_declares_a_licence():
    undeclared = [
        name
        for name in supply_chain.direct_dependencies()
        if supply_chain.licence(name).startswith("not declared")
    ]
    assert undeclared == []


def test_report_reading_finds_vulnerable_and_unaudited_pins():
    """A known answer: pip-audit's JSON with one vulnerable, one clean and one skipped pin."""
    report = {
        "dependencies": [
            {
                "name": "jinja2",
                "version": "2.10",
                "vulns": [{"id": "PYSEC-2019-217", "fix_versions": ["2.10.1"]}],
            },
            {"name": "numpy", "version": "2.4.6", "vulns": []},
            {"name": "private-pkg", "skip_reason": "Dependency not found on PyPI"},
        ]
    }
    result = supply_chain.read_report(report)
    assert result.vulnerable == ["jinja2 2.10: PYSEC-2019-217 (fixed in 2.10.1)"]
    assert result.unaudited == ["private-pkg: Dependency not found on PyPI"]
    assert result.audited == 2


def _advisory_service_problem(timeout: float = 10) -> str | None:
    """Why pip-audit's advisory look-up cannot work from here, or None when it can.

    pip-audit asks PyPI's per-version JSON (``/pypi/NAME/VERSION/json``) for each pin's advisories.
    """
    import urllib.error
    import urllib.request

    url = f"{ADVISORY_URL}/pip-audit/{metadata.version('pip-audit')}/json"
    try:
        with urllib.request.urlopen(url, timeout=timeout):
            return None
    except urllib.error.HTTPError as error:
        return f"{url} answers HTTP {error.code} (a mirror without PyPI's per-version JSON?)"
    except OSError as error:
        return f"the advisory service cannot be reached from here ({url}: {error})"


def test_pinned_requirements_have_no_known_vulnerability():
    """pip-audit over requirements.txt as pinned; skipped with the reason when it cannot ask."""
    if problem := _advisory_service_problem():
        pytest.skip(problem)
    try:
        report, _ = supply_chain.audit()
    except ConnectionError as error:
        pytest.skip(f"pip-audit could not reach the advisory service: {error}")
    if report.audited == 0:
        pytest.skip(
            f"the advisory service answered for none of the {len(report.unaudited)} pins "
            f"(a mirror without PyPI's per-version JSON?), e.g. {report.unaudited[0]}"
        )
    assert report.vulnerable == [], "pins with known vulnerabilities:\n" + "\n".join(
        report.vulnerable
    )
    assert report.unaudited == [], "pins pip-audit could not audit:\n" + "\n".join(report.unaudited)
