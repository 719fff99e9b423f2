"""Recompute the sha256 and byte counts that data/datapackage.json declares for the project's files.

Run after an intentional, reviewed change to a file in data/ (``make checksums``). It rewrites only
the ``hash`` and ``bytes`` properties of ``data/datapackage.json``; the external descriptor's
checksums are the publisher's files' and are never refreshed from whatever is on disk.
"""

import hashlib
import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def main() -> None:
    descriptor_path = DATA_DIR / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        content = (DATA_DIR / resource["path"]).read_bytes()
        resource["hash"] = "sha256:" + hashlib.sha256(content).hexdigest()
        resource["bytes"] = len(content)
    descriptor_path.write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    for resource in descriptor["resources"]:
        print(f"{resource['path']}: {resource['hash']}")


if __name__ == "__main__":
    main()
