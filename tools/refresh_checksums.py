"""Recompute the sha256 and byte counts that data/datapackage.json declares for the project's files.

The one checksum refresher: ``make checksums`` after an intentional, reviewed change to a file in
data/, ``make claims`` after recording verdicts, and tests that change a copy of data/ on purpose
(``refresh(copy, only=["sources.csv"])``). It rewrites only the ``hash`` and ``bytes`` properties;
the external descriptor's checksums are the publisher's files' and are never refreshed from disk.
"""

import hashlib
import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def refresh(data_dir: Path = DATA_DIR, only: list[str] | None = None) -> dict[str, str]:
    """Update ``data_dir/datapackage.json`` for ``only`` these resource paths (default: all).

    Returns the new ``sha256:...`` hash of each refreshed resource path.
    """
    descriptor_path = data_dir / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    refreshed = {}
    for resource in descriptor["resources"]:
        if only is not None and resource["path"] not in only:
            continue
        content = (data_dir / resource["path"]).read_bytes()
        resource["hash"] = "sha256:" + hashlib.sha256(content).hexdigest()
        resource["bytes"] = len(content)
        refreshed[resource["path"]] = resource["hash"]
    unknown = sorted(set(only or ()) - set(refreshed))
    if unknown:
        raise ValueError(f"{descriptor_path}: no resource with path {unknown} (only={only})")
    descriptor_path.write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return refreshed


def main() -> None:
    for path, digest in refresh().items():
        print(f"{path}: {digest}")


if __name__ == "__main__":
    main()
