"""Write the verdicts that ecommod.claims computes into data/claims.csv, refreshing checksums.

The ``status`` and ``model_verdict`` columns are a record for readers of the raw CSV;
``tests/test_claims.py`` fails when they differ from what is computed, so run this
(``make claims``) after changing evidence or official series, and review the diff before committing.

Usage: python -m tools.record_claim_statuses
"""

import csv

from ecommod import claims
from tools import refresh_checksums
from tools.toc import ROOT


def main() -> None:
    # The edits that brought you here (evidence, series) are the reviewed change: accept them first.
    refresh_checksums.main()
    evaluated = claims.evaluate().set_index("claim_id")
    path = ROOT / "data" / "claims.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    changed = []
    for row in rows:
        computed = evaluated.loc[row["claim_id"], ["status", "model_verdict"]]
        if [row["status"], row["model_verdict"]] != list(computed):
            changed.append(row["claim_id"])
        row["status"], row["model_verdict"] = computed
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(changed)} claims' verdicts changed: {', '.join(changed) or 'none'}")
    refresh_checksums.main()


if __name__ == "__main__":
    main()
