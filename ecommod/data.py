"""Validated access to the project's data and to the third-party datasets it reads in place.

Two Frictionless Data Package descriptors declare every table:

* ``data/datapackage.json``: the project's own files (official series, their sources, the claim
  ledger), shipped in the repository.
* ``data/external.datapackage.json``: third-party datasets that may not be redistributed (PKU-DFIIC,
  the NBS provincial panel). They are read from the folder named by the environment variable
  ``ECOMMOD_EXTERNAL_DATA`` (default ``data/external/`` in the repository, git-ignored).

Every load checks the file's SHA-256 and its table schema (types, required cells, allowed values,
primary and foreign keys) before pandas reads it. A mismatch raises :class:`DataValidationError`
naming the file, and the row and column where there is one; a missing external file raises
:class:`ExternalDataUnavailable` saying who publishes it and how to obtain it. Nothing here writes
to ``data/``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
PACKAGE_DESCRIPTOR = "datapackage.json"
EXTERNAL_DESCRIPTOR = "external.datapackage.json"
EXTERNAL_ENV_VAR = "ECOMMOD_EXTERNAL_DATA"
DEFAULT_EXTERNAL_DIR = DATA_DIR / "external"
#: Vintages of an official figure, oldest first: a revision supersedes the preliminary figure.
VINTAGES = ("preliminary", "revised")

# How many validation errors to quote in one message before summarising the rest.
_ERRORS_SHOWN = 5


class DataError(Exception):
    """Base class for every data problem that ecommod reports."""


class DataValidationError(DataError):
    """A data file does not match its declaration (checksum, columns, types or constraints)."""


class ExternalDataUnavailable(DataError):
    """A declared third-party dataset is not in the external-data folder."""


@dataclass(frozen=True)
class ExternalDataset:
    """What the project declares about one third-party dataset."""

    name: str
    path: Path
    title: str
    publisher: str
    how_to_obtain: str

    @property
    def available(self) -> bool:
        return self.path.is_file()


def external_dir() -> Path:
    """The folder holding third-party datasets: ``$ECOMMOD_EXTERNAL_DATA`` or ``data/external``."""
    configured = os.environ.get(EXTERNAL_ENV_VAR, "").strip()
    return Path(configured).expanduser().resolve() if configured else DEFAULT_EXTERNAL_DIR


def _read_descriptor(path: Path) -> dict:
    if not path.is_file():
        raise DataValidationError(f"{path}: the data package descriptor is missing")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise DataValidationError(f"{path}: not valid JSON ({err})") from err


def _resource_descriptor(descriptor: dict, name: str, descriptor_path: Path) -> dict:
    for resource in descriptor.get("resources", []):
        if resource.get("name") == name:
            return resource
    known = ", ".join(r.get("name", "?") for r in descriptor.get("resources", []))
    raise KeyError(f"no table named {name!r} in {descriptor_path}; declared tables: {known}")


def table_names(data_dir: Path = DATA_DIR) -> list[str]:
    """Names of the project's own tables, in the order ``datapackage.json`` declares them."""
    descriptor = _read_descriptor(data_dir / PACKAGE_DESCRIPTOR)
    return [r["name"] for r in descriptor["resources"]]


def _describe_errors(path: Path, report) -> str:
    rows = report.flatten(["rowNumber", "fieldName", "cell", "type", "note"])
    lines = []
    for row_number, field_name, cell, error_type, note in rows[:_ERRORS_SHOWN]:
        where = []
        if row_number is not None:
            # Frictionless counts the header as row 1, as a spreadsheet does.
            where.append(f"row {row_number}")
        if field_name:
            where.append(f"column {field_name!r}")
        if cell is not None:
            where.append(f"value {cell!r}")
        place = ", ".join(where) or "file"
        lines.append(f"  - {place}: {error_type}: {note}")
    more = len(rows) - _ERRORS_SHOWN
    if more > 0:
        lines.append(f"  - … and {more} more")
    return f"{path}: does not match its declaration in the data package:\n" + "\n".join(lines)


def _validate(descriptor: dict, basepath: Path, name: str) -> Path:
    """Check one declared table (checksum, schema, keys); return the file's path."""
    import frictionless

    resource_descriptor = _resource_descriptor(descriptor, name, basepath)
    path = basepath / resource_descriptor["path"]
    if not path.is_file():
        raise DataValidationError(f"{path}: declared as table {name!r} but the file is missing")
    package = frictionless.Package(descriptor, basepath=str(basepath))
    report = package.get_resource(name).validate()
    if not report.valid:
        raise DataValidationError(_describe_errors(path, report))
    return path


def _pandas_dtypes(schema: dict) -> tuple[dict, list[str]]:
    dtypes, dates = {}, []
    for field in schema["fields"]:
        kind = field.get("type", "string")
        if kind == "integer":
            dtypes[field["name"]] = "Int64"
        elif kind == "number":
            dtypes[field["name"]] = "float64"
        elif kind == "boolean":
            dtypes[field["name"]] = "boolean"
        elif kind == "date":
            dates.append(field["name"])
        else:
            dtypes[field["name"]] = "string"
    return dtypes, dates


def _read_validated(descriptor: dict, basepath: Path, name: str) -> pd.DataFrame:
    import pandas as pd

    path = _validate(descriptor, basepath, name)
    schema = _resource_descriptor(descriptor, name, basepath)["schema"]
    dtypes, dates = _pandas_dtypes(schema)
    boolean_fields = [f for f in schema["fields"] if f.get("type") == "boolean"]
    true_values = sorted({v for f in boolean_fields for v in f.get("trueValues", ["true"])})
    false_values = sorted({v for f in boolean_fields for v in f.get("falseValues", ["false"])})
    frame = pd.read_csv(
        path,
        dtype=dtypes,
        parse_dates=dates,
        keep_default_na=False,
        na_values=[""],
        true_values=true_values or None,
        false_values=false_values or None,
    )
    frame.attrs["source_file"] = str(path)
    return frame


@cache
def _load_own(name: str, data_dir: Path) -> pd.DataFrame:
    descriptor = _read_descriptor(data_dir / PACKAGE_DESCRIPTOR)
    return _read_validated(descriptor, data_dir, name)


def load_table(name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """Load one of the project's own tables (see ``data/datapackage.json``), validated.

    The result is cached per process; a copy is returned so callers may modify it.
    """
    return _load_own(name, Path(data_dir).resolve()).copy()


def external_datasets(data_dir: Path = DATA_DIR) -> list[ExternalDataset]:
    """Every declared third-party dataset with where this machine expects it."""
    descriptor = _read_descriptor(data_dir / EXTERNAL_DESCRIPTOR)
    folder = external_dir()
    declared = []
    for resource in descriptor["resources"]:
        source = resource["sources"][0]
        declared.append(
            ExternalDataset(
                name=resource["name"],
                path=folder / resource["path"],
                title=resource["title"],
                publisher=source["title"],
                how_to_obtain=resource["ecommod:how_to_obtain"],
            )
        )
    return declared


def external_dataset(name: str, data_dir: Path = DATA_DIR) -> ExternalDataset:
    """The declaration of one third-party dataset (see ``data/external.datapackage.json``)."""
    for dataset in external_datasets(data_dir):
        if dataset.name == name:
            return dataset
    known = ", ".join(d.name for d in external_datasets(data_dir))
    raise KeyError(f"no external dataset named {name!r}; declared: {known}")


def unavailable_message(dataset: ExternalDataset) -> str:
    """The sentence shown wherever a section needs a dataset that is not on this machine."""
    return (
        f"External dataset {dataset.name!r} is not available: expected the file {dataset.path} "
        f"({dataset.title}, published by {dataset.publisher}). {dataset.how_to_obtain} "
        f"Then set {EXTERNAL_ENV_VAR} to the folder that holds it "
        f"(default: {DEFAULT_EXTERNAL_DIR})."
    )


@cache
def _load_external(name: str, folder: Path, data_dir: Path) -> pd.DataFrame:
    descriptor = _read_descriptor(data_dir / EXTERNAL_DESCRIPTOR)
    return _read_validated(descriptor, folder, name)


def load_external(name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """Load a declared third-party dataset from the external-data folder, validated.

    Raises :class:`ExternalDataUnavailable` when the file is absent and
    :class:`DataValidationError` when it differs from the declared checksum or schema.
    """
    dataset = external_dataset(name, data_dir)
    if not dataset.available:
        raise ExternalDataUnavailable(unavailable_message(dataset))
    return _load_external(name, external_dir(), Path(data_dir).resolve()).copy()


def official_series(
    series_id: str, vintage: str = "latest", data_dir: Path = DATA_DIR
) -> pd.DataFrame:
    """One official national series, indexed by year: value, unit, published growth, source.

    ``vintage`` is "preliminary", "revised", or "latest" (the revised figure where there is one,
    else the preliminary). Years whose value was not found keep a row with a missing value.
    """
    table = load_table("official_series", data_dir)
    known = sorted(table["series_id"].unique())
    if series_id not in known:
        raise KeyError(f"series_id {series_id!r} is not in official_series; known: {known}")
    if vintage not in ("latest", "preliminary", "revised"):
        raise ValueError(f"vintage must be 'latest', 'preliminary' or 'revised', got {vintage!r}")
    rows = table[table["series_id"] == series_id]
    if vintage == "latest":
        rows = latest_vintage(rows)
    else:
        rows = rows[rows["vintage"] == vintage]
    rows = rows.set_index(rows["year"].astype(int)).drop(columns=["series_id", "year"])
    rows.index.name = "year"
    return rows.sort_index()


def latest_vintage(rows: pd.DataFrame) -> pd.DataFrame:
    """Of official-series rows, the latest vintage (see :data:`VINTAGES`) per series and year."""
    order = rows["vintage"].map(VINTAGES.index)
    latest = rows.assign(_order=order).sort_values(["series_id", "year", "_order"])
    return latest.drop_duplicates(["series_id", "year"], keep="last").drop(columns="_order")
