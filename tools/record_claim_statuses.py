"""Write the verdicts that ecommod.claims computes into data/claims.csv, refreshing checksums.

The ``status`` and ``model_verdict`` columns are a record for readers of the raw CSV;
``tests/test_claims.py`` fails when they differ from what is computed, so run this
(``make claims``) after changing evidence or official series, and review the diff before committing.

Nothing is written unless every table validates, first with the edits that brought you here and
then with the new claims.csv; claims.csv and datapackage.json are replaced together or not at all.
Each recorded value that changes is printed by claim id with its old and new value, and a value
edited by hand since the last commit that the recomputation overrides is flagged as such.

Usage: python -m tools.record_claim_statuses
"""

import csv
import io
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from tools import refresh_checksums
from tools.rewrite import warn_uncommitted, write_all_or_nothing

DATA_DIR = refresh_checksums.DATA_DIR
CLAIMS = "claims.csv"
RECORDED = ("status", "model_verdict")


def _committed_rows(path: Path) -> dict[str, dict[str, str]]:
    """The claims as last committed, by id (empty outside a git work tree)."""
    try:
        result = subprocess.run(
            ["git", "show", f"HEAD:./{path.name}"],
            capture_output=True,
            text=True,
            cwd=path.parent,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return {}
    return {row["claim_id"]: row for row in csv.DictReader(io.StringIO(result.stdout))}


def overridden(
    rows: list[dict], computed: dict[str, dict], committed: dict[str, dict]
) -> list[str]:
    """One line per recorded value the recomputation changes: claim id, column, old -> new."""
    lines = []
    for row in rows:
        for column in RECORDED:
            old, new = row[column], computed[row["claim_id"]][column]
            if old == new:
                continue
            line = f"{row['claim_id']} {column}: {old!r} -> {new!r}"
            before = committed.get(row["claim_id"], {}).get(column)
            if before is not None and before != old:
                line += f" (overrides a hand edit: {before!r} was committed)"
            lines.append(line)
    return lines


def _claims_text(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _validated_descriptor(data_dir: Path, claims_text: str) -> dict:
    """The descriptor declaring ``claims_text``, every table validated in a scratch copy."""
    from ecommod import data

    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "data"
        shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns("external", ".*"))
        (copy / CLAIMS).write_text(claims_text, encoding="utf-8")
        descriptor, _ = refresh_checksums.refreshed(copy)
        data.validate_package(copy, descriptor)
    return descriptor


def record(data_dir: Path = DATA_DIR, evaluate: Callable | None = None) -> list[str]:
    """Record the computed verdicts in ``data_dir/claims.csv``; return the lines of what changed.

    ``evaluate`` returns the evaluated ledger (default :func:`ecommod.claims.evaluate`).
    Raises :class:`ecommod.data.DataValidationError` with nothing written when a table is bad.
    """
    from ecommod import claims, data

    claims_path, descriptor_path = data_dir / CLAIMS, data_dir / refresh_checksums.DESCRIPTOR
    warn_uncommitted([claims_path, descriptor_path], "make claims")
    # The edits that brought you here (evidence, series) are the reviewed change: validate them,
    # then declare them for the evaluation, restoring the descriptor should it fail.
    descriptor, checksum_changes = refresh_checksums.refreshed(data_dir)
    data.validate_package(data_dir, descriptor)
    original = descriptor_path.read_text(encoding="utf-8")
    write_all_or_nothing({descriptor_path: refresh_checksums.descriptor_text(descriptor)})
    try:
        evaluated = (evaluate or claims.evaluate)()
        computed = {
            row["claim_id"]: {column: row[column] for column in RECORDED}
            for row in evaluated.to_dict("records")
        }
        with claims_path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        lines = overridden(rows, computed, _committed_rows(claims_path))
        for row in rows:
            row.update(computed[row["claim_id"]])
        text = _claims_text(rows)
        final = _validated_descriptor(data_dir, text)
    except BaseException:
        write_all_or_nothing({descriptor_path: original})
        raise
    write_all_or_nothing(
        {claims_path: text, descriptor_path: refresh_checksums.descriptor_text(final)}
    )
    return refresh_checksums.describe_changes(checksum_changes) + lines


def main() -> None:
    lines = record()
    print("\n".join(lines) if lines else "no recorded verdict or checksum changed")


if __name__ == "__main__":
    main()
