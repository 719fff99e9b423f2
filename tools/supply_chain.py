"""Supply-chain hygiene: audit the pinned requirements for known vulnerabilities, list licences.

``audit()`` runs pip-audit (the PyPA auditor, pinned in requirements.txt) over requirements.txt as
pinned (``--no-deps --disable-pip``: the exact versions, no resolution) against the PyPI advisory
service, and sorts its JSON report into vulnerable pins, pins the service could not answer for, and
audited pins (``read_report``). ``licence_table()`` writes the licences of the direct dependencies,
read from the installed packages' metadata, into the marked block of README.md: the dependencies
declared in pyproject.toml, every distribution that ``ecommod/`` imports, and the book and test
toolchain (BOOK_AND_TEST_TOOLCHAIN). tests/test_supply_chain.py regenerates and compares.

Usage: python -m tools.supply_chain licences   (rewrite README.md's licence table)
       python -m tools.supply_chain audit      (print the audit; exit 1 on a vulnerable pin)
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from tools.replication import render
from tools.toc import ROOT

README = ROOT / "README.md"
REQUIREMENTS = ROOT / "requirements.txt"
#: What builds the book and runs the checks (the Makefile, _config.yml and tests use them directly).
BOOK_AND_TEST_TOOLCHAIN = (
    "jupyter-book",
    "sphinx",
    "myst-nb",
    "jupyter-cache",
    "sphinx-book-theme",
    "sphinxcontrib-bibtex",
    "sphinx-mathjax-offline",
    "jieba",
    "pystemmer",
    "jupyterlab",
    "jupyterlab-myst",
    "nbclient",
    "pytest",
    "hypothesis",
    "nbval",
    "playwright",
    "beautifulsoup4",
    "ruff",
    "uv",
    "pip-audit",
)
LICENCE_CLASSIFIER = re.compile(r"^License :: (?:OSI Approved :: )?(.+)$")
MAX_LICENCE_TEXT = 60  # longer License fields are the licence's full text, not its name


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def direct_dependencies() -> list[str]:
    """Distribution names of the direct dependencies, normalised and sorted."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = {
        re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0]
        for spec in pyproject["project"]["dependencies"]
    }
    module_to_distributions = metadata.packages_distributions()
    for path in sorted((ROOT / "ecommod").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top != "ecommod":
                    names.update(module_to_distributions.get(top, []))
    names.update(BOOK_AND_TEST_TOOLCHAIN)
    return sorted({_normalise(name) for name in names})


def licence(distribution: str) -> str:
    """The licence an installed distribution declares: its SPDX expression, name or classifier."""
    meta = metadata.metadata(distribution)
    expression = meta.get("License-Expression")
    if expression:
        return expression.strip()
    declared = (meta.get("License") or "").strip()
    if declared and "\n" not in declared and len(declared) <= MAX_LICENCE_TEXT:
        return declared
    classifiers = [
        match[1]
        for match in map(LICENCE_CLASSIFIER.match, meta.get_all("Classifier") or [])
        if match
    ]
    return "; ".join(classifiers) or "not declared in the package metadata"


def licence_table() -> str:
    """Markdown table: each direct dependency, its installed version and its licence."""
    lines = ["| package | version | licence |", "|---|---|---|"]
    for name in direct_dependencies():
        lines.append(f"| {name} | {metadata.version(name)} | {licence(name)} |")
    return "\n".join(lines)


@dataclass
class AuditReport:
    """What pip-audit found: vulnerable pins, pins it could not audit, how many it audited."""

    vulnerable: list[str] = field(default_factory=list)
    unaudited: list[str] = field(default_factory=list)
    audited: int = 0


def read_report(report: dict) -> AuditReport:
    """Sort pip-audit's JSON report (``--format json``) into an AuditReport.

    A vulnerable pin reads "name version: ID (fixed in X, Y)"; an unaudited one gives the reason.
    """
    result = AuditReport()
    for dependency in report.get("dependencies", []):
        name, version = dependency["name"], dependency.get("version", "")
        if "skip_reason" in dependency:
            result.unaudited.append(f"{name}: {dependency['skip_reason']}")
            continue
        result.audited += 1
        for vulnerability in dependency.get("vulns", []):
            fixes = ", ".join(vulnerability.get("fix_versions", [])) or "no fixed version"
            result.vulnerable.append(f"{name} {version}: {vulnerability['id']} (fixed in {fixes})")
    return result


def audit(requirements: Path = REQUIREMENTS, timeout: float = 600) -> tuple[AuditReport, str]:
    """Run pip-audit over the pinned ``requirements``; return its report and its error output.

    Raises ConnectionError with pip-audit's message when it produced no report (no network).
    """
    command = [
        str(Path(sys.executable).parent / "pip-audit"),
        "--requirement",
        str(requirements),
        "--no-deps",
        "--disable-pip",
        "--progress-spinner",
        "off",
        "--format",
        "json",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise ConnectionError(
            f"pip-audit gave no report (exit {result.returncode}): {result.stderr.strip()[-500:]}"
        ) from None
    return read_report(report), result.stderr


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "licences":
        README.write_text(render(README.read_text(encoding="utf-8"), {"licences": licence_table}))
        print("wrote the licence table of README.md")
    elif command == "audit":
        report, _ = audit()
        print(f"audited {report.audited} pins; {len(report.unaudited)} could not be audited")
        print("\n".join(report.vulnerable) or "no known vulnerability in the audited pins")
        sys.exit(1 if report.vulnerable else 0)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
