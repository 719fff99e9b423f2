"""Recompute the sha256 and byte counts that data/datapackage.json declares for the project's files.

The one checksum refresher: ``make checksums`` after an intentional, reviewed change to a file in
data/, ``make claims`` after recording verdicts, and tests that change a copy of data/ on purpose
(``refresh(copy, only=["sources.csv"], validate=False)``). It rewrites only the ``hash`` and
``bytes`` properties; the external descriptor's checksums are the publisher's files' and are never
refreshed from disk.

Every table is validated against the new descriptor (schema, keys, plausible ranges) before
anything is written, so a damaged file is never declared; the descriptor is replaced in one
rename, and each changed checksum is printed with its old and new value.
"""

import hashlib
import json
from pathlib import Path

from tools.rewrite import write_all_or_nothing

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DESCRIPTOR = "datapackage.json"


def refreshed(data_dir: Path = DATA_DIR, only: list[str] | None = None) -> tuple[dict, dict]:
    """The descriptor with fresh checksums for ``only`` these resource paths (default: all).

    Returns the new descriptor (not written) and, per resource path whose checksum changed, its
    ``(old, new)`` hash.
    """
    descriptor_path = data_dir / DESCRIPTOR
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    changes, seen = {}, set()
    for resource in descriptor["resources"]:
        if only is not None and resource["path"] not in only:
            continue
        seen.add(resource["path"])
        content = (data_dir / resource["path"]).read_bytes()
        old = resource.get("hash")
        resource["hash"] = "sha256:" + hashlib.sha256(content).hexdigest()
        resource["bytes"] = len(content)
        if resource["hash"] != old:
            changes[resource["path"]] = (old, resource["hash"])
    unknown = sorted(set(only or ()) - seen)
    if unknown:
        raise ValueError(f"{descriptor_path}: no resource with path {unknown} (only={only})")
    return descriptor, changes


def descriptor_text(descriptor: dict) -> str:
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


def describe_changes(changes: dict[str, tuple[str | None, str]]) -> list[str]:
    return [f"{path}: {old} -> {new}" for path, (old, new) in changes.items()]


def refresh(
    data_dir: Path = DATA_DIR, only: list[str] | None = None, *, validate: bool = True
) -> dict[str, tuple[str | None, str]]:
    """Update ``data_dir/datapackage.json`` for ``only`` these resource paths (default: all).

    With ``validate`` (the default) every table must pass validation under the new checksums
    first, else :class:`ecommod.data.DataValidationError` is raised and nothing is written; tests
    that damage a copy on purpose pass ``validate=False``. Returns ``(old, new)`` hashes of each
    resource path whose checksum changed.
    """
    descriptor, changes = refreshed(data_dir, only)
    if validate:
        from ecommod import data

        data.validate_package(data_dir, descriptor)
    if changes:
        write_all_or_nothing({data_dir / DESCRIPTOR: descriptor_text(descriptor)})
    return changes


def main() -> None:
    print("\n".join(describe_changes(refresh())) or "checksums unchanged")


if __name__ == "__main__":
    main()
