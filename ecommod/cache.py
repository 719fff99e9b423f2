"""Results kept on disk by the content digest of what they follow from (the one home of caching).

The book build sets ``ECOMMOD_CACHE_DIR`` (a folder under ``_build``) for its kernels, so that
what every notebook recomputes is computed once per build and content: a data file's validation
verdict (keyed by the bytes of the data package) and a model check's result (keyed by the package's
source, ``data/`` and the third-party files in use). Without the variable nothing is cached and
every call computes afresh, as a reader's own session and the unit tests want (a student who
changes an assumption in a running session must see its effect).

Keys are SHA-256 digests of file contents, never modification times. Nothing is written to
``data/``. Entries are written atomically, and a lock per key makes a second kernel wait for the
first instead of computing the same result twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import sysconfig
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

CACHE_ENV_VAR = "ECOMMOD_CACHE_DIR"
#: The form of an entry: (this version, the result, the Chinese twins registered making it).
ENTRY_VERSION = "ecommod-cache/2"
PACKAGE_DIR = Path(__file__).resolve().parent
T = TypeVar("T")


def _name(name: str, value) -> str:
    """A folder or file name inside the cache: a text without a path separator, not "." or
    ".."."""
    from ecommod import validate

    validate.text(name, value)
    if "/" in value or "\\" in value or value.strip() in (".", ".."):
        raise ValueError(f"{name} must be a name without a path separator, got {value!r}")
    return value


def _parts(parts) -> tuple[str, ...]:
    if not isinstance(parts, tuple | list) or not all(isinstance(p, str) for p in parts):
        raise TypeError(f"parts must be texts (a tuple of str), got {parts!r}")
    return tuple(parts)


def _compute(compute) -> None:
    if not callable(compute):
        raise TypeError(f"compute must be a function of no arguments, got {compute!r}")


def cache_dir() -> Path | None:
    """The folder of cached results (``$ECOMMOD_CACHE_DIR``), or None when caching is off."""
    configured = os.environ.get(CACHE_ENV_VAR, "").strip()
    return Path(configured) if configured else None


def _digest_files(paths: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def installed_packages() -> list[str]:
    """The installed distributions with their versions (names of the ``.dist-info`` folders)."""
    folders = {sysconfig.get_paths()[kind] for kind in ("purelib", "platlib")}
    return sorted(
        entry.name
        for folder in folders
        if Path(folder).is_dir()
        for entry in os.scandir(folder)
        if entry.name.endswith(".dist-info")
    )


@cache
def source_digest() -> str:
    """SHA-256 of the package's source, ``data/`` (third-party files excluded), Python's version
    and the installed packages, computed once per process: what a model check follows from
    besides the third-party files.
    """
    from ecommod import data

    files = sorted(p for p in PACKAGE_DIR.rglob("*.py") if "__pycache__" not in p.parts)
    files += sorted(
        p for p in data.DATA_DIR.rglob("*") if p.is_file() and "external" not in p.parts
    )
    environment = "\n".join([sys.version, *installed_packages()])
    return key(_digest_files(files, data.REPO_ROOT), environment)


def external_digest() -> str:
    """SHA-256 of the content of each declared third-party file found here ("missing" if not)."""
    from ecommod import data

    digest = hashlib.sha256()
    for dataset in data.external_datasets():
        found = dataset.found
        digest.update(dataset.name.encode() + b"\0")
        digest.update(hashlib.sha256(found.read_bytes()).digest() if found else b"missing")
    return digest.hexdigest()


@contextlib.contextmanager
def _locked(path: Path):
    """Hold an exclusive lock on ``path`` (no-op where ``fcntl`` does not exist)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def memoised(namespace: str, key: str, compute: Callable[[], T]) -> T:
    """``compute()``, kept in ``$ECOMMOD_CACHE_DIR/namespace/key`` when caching is on.

    ``key`` must be a digest of everything the result follows from. An exception is not cached.
    The Chinese twins registered while the result was computed and those of the texts in it
    (ecommod/language.py) are kept with it, so a kernel that reads the result can show its texts
    in both languages.
    """
    from ecommod import language

    _name("namespace", namespace)
    _name("key", key)
    _compute(compute)

    folder = cache_dir()
    if folder is None:
        return compute()
    folder = folder / namespace
    folder.mkdir(parents=True, exist_ok=True)
    entry = folder / f"{key}.pickle"
    with _locked(folder / f"{key}.lock"):
        stored = None
        if entry.is_file():
            with contextlib.suppress(Exception):  # a damaged or older entry is computed again
                stored = pickle.loads(entry.read_bytes())
        if isinstance(stored, tuple) and len(stored) == 3 and stored[0] == ENTRY_VERSION:
            _, value, twins = stored
            for english, chinese in twins.items():
                if english == chinese:  # a name kept as written, or a text that reads the same
                    language.keep_as_written(english)
                else:
                    language.register(english, chinese)
            return value
        with language.recording() as twins:
            value = compute()
        twins.update(language.twins_of(value))
        partial = entry.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps((ENTRY_VERSION, value, twins)))
        os.replace(partial, entry)
    return value


def key(*parts: str) -> str:
    """SHA-256 of ``parts`` (each a string), to key :func:`memoised`."""
    _parts(parts)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def memoised_on_inputs(namespace: str, parts: tuple[str, ...], compute: Callable[[], T]) -> T:
    """:func:`memoised` keyed by ``parts``, the package's source, data/ and the third-party files.

    For results that may read anything in the package and its data, such as a model check.
    """
    _name("namespace", namespace)
    _parts(parts)
    _compute(compute)
    if cache_dir() is None:
        return compute()
    return memoised(namespace, key(*parts, source_digest(), external_digest()), compute)
