"""Validated access to the project's data and to the third-party datasets it reads in place.

Two Frictionless Data Package descriptors declare every table:

* ``data/datapackage.json``: the project's own files (official series, their sources, the claim
  ledger), shipped in the repository. Every load checks the file's SHA-256 and its table schema
  (types, required cells, allowed values, primary and foreign keys) before pandas reads it.
* ``data/external.datapackage.json``: third-party datasets that may not be redistributed (PKU-DFIIC,
  the NBS provincial panel). They are read from the folder named by the environment variable
  ``ECOMMOD_EXTERNAL_DATA`` (default ``data/external/`` in the repository, git-ignored).

A third-party file is read the way a user has it: the publisher's own workbook (the PKU-DFIIC
workbook with its "Provinces" and "Prefecture_Level_Cities" sheets, mapped to the declared columns
by each resource's ``ecommod:publisher_format``) or a CSV in any of UTF-8, UTF-8 with BOM and
GB18030, any line ending and any column order. It is normalised to the declared schema (names,
types, order of columns, rows sorted by the primary key) and validated (required cells, ranges,
allowed values, unique keys). Whether it is the declared copy is decided on the normalised values:
the SHA-256 of a canonical CSV (``ecommod:fingerprint``). A copy whose values differ still loads;
:func:`external_status` says how many cells differ and how many rows were added or are missing,
counted against per-cell digests of the declared copy (``data/external_digests/``).

A mismatch raises :class:`DataValidationError` naming the file (and sheet), and the row and column
where there is one; a missing external file raises :class:`ExternalDataUnavailable` saying who
publishes it and how to obtain it. Nothing here writes to ``data/``.

Every notice for readers (a dataset missing, a copy that differs or is the declared one, rows of
members the book does not cover) is made with :func:`ecommod.language.t`, so the Chinese edition
shows it in Chinese; the declaration's titles, publishers, ways to obtain and sections have their
Chinese twins in :data:`DECLARED_TEXT_ZH`. Error messages for developers are English only.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import math
import os
import re
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ecommod.language import AsWritten, register, t

if TYPE_CHECKING:
    import pandas as pd

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
PACKAGE_DESCRIPTOR = "datapackage.json"
EXTERNAL_DESCRIPTOR = "external.datapackage.json"
EXTERNAL_ENV_VAR = "ECOMMOD_EXTERNAL_DATA"
DEFAULT_EXTERNAL_DIR = DATA_DIR / "external"
#: Set to 1 (as in CI) to make a test that needs a missing external dataset fail instead of skip.
REQUIRE_EXTERNAL_ENV_VAR = "ECOMMOD_REQUIRE_EXTERNAL"
#: What :func:`external_status` can say about a third-party dataset on this machine.
EXTERNAL_STATES = ("identical", "differs", "missing")
#: Vintages of an official figure, oldest first: a revision supersedes the preliminary figure.
VINTAGES = ("preliminary", "revised")

# How many validation errors to quote in one message before summarising the rest.
_ERRORS_SHOWN = 5


class DataError(Exception):
    """Base class for every data problem that ecommod reports."""


class DataValidationError(DataError):
    """A data file does not match its declaration (checksum, columns, types or constraints)."""


class DataNotice(UserWarning):
    """A third-party file has something the book does not use; the message says what is done."""


class ExternalDataUnavailable(DataError):
    """A declared third-party dataset is not in the external-data folder.

    The message is written for readers and names no local folder; ``path`` is where this machine
    looked for the declared CSV, for developers.
    """

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True)
class ExternalDataset:
    """What the project declares about one third-party dataset, and where this machine looks.

    ``path`` is the declared CSV in the external-data folder; ``workbook`` is the publisher's own
    file in the same folder, read from ``sheet`` when the CSV is absent (None when the publisher's
    format is not read). ``used_by`` lists the book sections whose results depend on the dataset.
    """

    name: str
    path: Path
    title: str
    publisher: str
    how_to_obtain: str
    publisher_url: str = ""
    workbook: Path | None = None
    sheet: str | None = None
    used_by: tuple[str, ...] = ()

    @property
    def found(self) -> Path | None:
        """The file to read: the declared CSV, else the publisher's workbook, else None."""
        if self.path.is_file():
            return self.path
        if self.workbook is not None and self.workbook.is_file():
            return self.workbook
        return None

    @property
    def available(self) -> bool:
        return self.found is not None


@dataclass(frozen=True)
class ExternalStatus:
    """Whether this machine has a declared third-party dataset, and how its copy compares.

    ``state`` is one of :data:`EXTERNAL_STATES`. Counts compare the local copy with the declared
    one by primary key: ``rows_added`` / ``rows_missing`` are keys only one side has;
    ``cells_differing`` counts differing non-key cells over the keys both have (out of
    ``cells_compared``), None when the dataset is missing or when the values differ only in cells
    the per-cell digests could not tell apart. ``notice`` is the text for readers (no local path).
    """

    name: str
    state: str
    title: str
    file_name: str
    sheet: str | None
    used_by: tuple[str, ...]
    notice: str
    rows: int | None = None
    declared_rows: int | None = None
    rows_added: int = 0
    rows_missing: int = 0
    cells_compared: int = 0
    cells_differing: int | None = None
    cells_differing_by_column: dict[str, int] = dataclasses.field(default_factory=dict)
    fingerprint: str | None = None
    declared_fingerprint: str | None = None
    #: The notice about rows left out because their member (province) is not one the book covers.
    members_notice: str = ""


def _directory(name: str, value) -> Path:
    """A folder argument: a str or path-like (not None, not a number)."""
    if isinstance(value, bool) or not isinstance(value, str | os.PathLike) or not str(value):
        raise TypeError(f"{name} must be a folder (a str or pathlib.Path), got {value!r}")
    return Path(value)


def _name(name: str, value) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError(f"{name} must be a non-empty str, got {value!r}")
    return value


def _frame(name: str, value) -> pd.DataFrame:
    import pandas as pd

    if not isinstance(value, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(value).__name__}")
    return value


def _resource_argument(resource) -> dict:
    if not isinstance(resource, dict) or not isinstance(resource.get("schema"), dict):
        raise TypeError(
            f"resource must be a resource of {EXTERNAL_DESCRIPTOR} (a dict with a schema), "
            f"got {resource!r:.80}"
        )
    return resource


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
    descriptor = _read_descriptor(_directory("data_dir", data_dir) / PACKAGE_DESCRIPTOR)
    return [r["name"] for r in descriptor["resources"]]


def _header_problems(path: Path, labels: list[str], schema: dict) -> list[str]:
    """The header's missing, unexpected, repeated or reordered columns, named (row 1)."""
    expected = [field["name"] for field in schema["fields"]]
    problems = [
        f"missing column {name!r} in {path.name}" for name in expected if name not in labels
    ]
    problems += [
        f"unexpected column {label!r} in {path.name} (row 1): it is not declared"
        for label in labels
        if label not in expected
    ]
    problems += [
        f"column {label!r} appears {labels.count(label)} times in {path.name} (row 1)"
        for label in dict.fromkeys(labels)
        if labels.count(label) > 1
    ]
    if not problems and labels != expected:
        problems.append(
            f"the columns of {path.name} (row 1) are {labels}; declared order {expected}"
        )
    return problems


def _duplicate_key_problem(path: Path, error: dict, labels: list[str], schema: dict) -> str:
    """A repeated primary key, naming the key's columns, its values and both rows."""
    keys = schema.get("primaryKey", [])
    keys = [keys] if isinstance(keys, str) else keys
    cells = error.get("cells") or []
    shown = ", ".join(
        f"{key}={cells[labels.index(key)]!r}"
        if key in labels and labels.index(key) < len(cells)
        else f"{key}=?"
        for key in keys
    )
    first = re.search(r"position (\d+)", error.get("note", ""))
    rows = (
        f"rows {first.group(1)} and {error['rowNumber']}" if first else f"row {error['rowNumber']}"
    )
    return f"{rows} of {path.name} share the key ({shown}); the key must be unique"


def _foreign_key_problem(error: dict) -> str:
    """A value not found in the table it refers to, by row, column(s) and value(s)."""
    columns = ", ".join(repr(name) for name in error["fieldNames"])
    values = ", ".join(repr(cell) for cell in error.get("fieldCells") or [])
    target = ", ".join(repr(name) for name in error.get("referenceFieldNames") or [])
    return (
        f"row {error['rowNumber']}, column {columns}, value {values}: not found in column "
        f"{target} of table {error.get('referenceName')!r} (foreign key)"
    )


def _describe_errors(path: Path, report, schema: dict | None = None) -> str:
    """One line per problem, each naming the file, row, column and value where there is one.

    A damaged header (a missing, extra or misplaced column) is reported as such, without the cell
    errors it causes in every row.
    """
    task = report.tasks[0] if report.tasks else None
    labels = list(task.labels or []) if task is not None else []
    errors = [error.to_dict() for error in task.errors] if task is not None else []
    header_broken = any("#header" in error.get("tags", []) for error in errors)
    if (
        schema is not None
        and header_broken
        and (problems := _header_problems(path, labels, schema))
    ):
        lines = [f"  - {problem}" for problem in problems]
        lines.append("  (the cell errors a damaged header causes in every row are not listed)")
        return f"{path}: does not match its declaration in the data package:\n" + "\n".join(lines)
    lines = []
    for error in errors[:_ERRORS_SHOWN]:
        if error["type"] == "primary-key" and schema is not None:
            lines.append(f"  - {_duplicate_key_problem(path, error, labels, schema)}")
            continue
        where = []
        if error["type"] == "foreign-key" and error.get("fieldNames"):
            lines.append(f"  - {_foreign_key_problem(error)}")
            continue
        if error.get("rowNumber") is not None:
            # Frictionless counts the header as row 1, as a spreadsheet does.
            where.append(f"row {error['rowNumber']}")
        if error.get("fieldName"):
            where.append(f"column {error['fieldName']!r}")
        if error.get("cell") is not None:
            where.append(f"value {error['cell']!r}")
        place = ", ".join(where) or "file"
        lines.append(f"  - {place}: {error['type']}: {error.get('note', '')}")
    more = len(errors) - _ERRORS_SHOWN
    if more > 0:
        lines.append(f"  - … and {more} more")
    return f"{path}: does not match its declaration in the data package:\n" + "\n".join(lines)


def _frictionless_validate(descriptor: dict, basepath: Path, name: str) -> bool:
    """Frictionless's validation of one table; raise :class:`DataValidationError` if invalid."""
    import frictionless

    resource_descriptor = _resource_descriptor(descriptor, name, basepath)
    path = basepath / resource_descriptor["path"]
    package = frictionless.Package(descriptor, basepath=str(basepath))
    report = package.get_resource(name).validate()
    if not report.valid:
        raise DataValidationError(_describe_errors(path, report, resource_descriptor["schema"]))
    return True


def _validation_key(descriptor: dict, basepath: Path, name: str) -> str:
    """Digest of what a table's validation follows from: the descriptor, the content of every
    file it declares (foreign keys read other tables) and the installed packages."""
    from ecommod import cache

    files = [
        hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"
        for path in (basepath / r["path"] for r in descriptor.get("resources", []))
    ]
    described = json.dumps(descriptor, sort_keys=True)
    return cache.key(name, described, *files, *cache.installed_packages())


def _validate(descriptor: dict, basepath: Path, name: str) -> Path:
    """Check one declared table (checksum, schema, keys); return the file's path.

    With caching on (ecommod/cache.py) a table is validated once per content: the verdict is
    kept by the digest of the descriptor and the files, so frictionless is not even imported
    by a kernel whose data were validated before. A failure is never kept.
    """
    from ecommod import cache

    resource_descriptor = _resource_descriptor(descriptor, name, basepath)
    path = basepath / resource_descriptor["path"]
    if not path.is_file():
        raise DataValidationError(f"{path}: declared as table {name!r} but the file is missing")
    if cache.cache_dir() is None:
        _frictionless_validate(descriptor, basepath, name)
    else:
        key = _validation_key(descriptor, basepath, name)
        cache.memoised(
            "validation", key, lambda: _frictionless_validate(descriptor, basepath, name)
        )
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
    data_dir = _directory("data_dir", data_dir).resolve()
    frame = _load_own(_name("name", name), data_dir)
    _checked_plausible(name, data_dir)
    _register_text_twins(name, frame)
    return frame.copy()


#: Columns of the project's tables that hold readers' text, each with the column of its Chinese
#: twin (ecommod/language.py); the ledger's own are registered by ecommod.claims.
TEXT_TWINS = {"audit": {"finding_en": "finding_zh"}}


def _register_text_twins(name: str, frame: pd.DataFrame) -> None:
    """Register the Chinese twin of each text of table ``name`` (:data:`TEXT_TWINS`); a missing
    twin is an error naming the table, column and row."""
    for column, column_zh in TEXT_TWINS.get(name, {}).items():
        if column_zh not in frame.columns:
            continue
        for position, (english, chinese) in enumerate(
            zip(frame[column], frame[column_zh], strict=True), start=2
        ):
            if isinstance(english, str) and english.strip():
                if not isinstance(chinese, str) or not chinese.strip():
                    raise ValueError(
                        f"{name}.csv row {position}, column {column_zh!r}: no Chinese twin of "
                        f"{column!r} {english[:60]!r}"
                    )
                register(english, chinese)


def _plausibility_problems(
    frame: pd.DataFrame, ranges: pd.DataFrame, ranges_file: str
) -> list[str]:
    """Rows whose unit is not their series' declared unit or whose value is outside its range.

    Row numbers count the header as row 1, as the validation messages do.
    """
    declared = ranges.set_index("series_id")
    problems = []
    for position, row in enumerate(frame.itertuples(index=False), start=2):
        if row.series_id not in declared.index:
            problems.append(
                f"row {position}, column 'series_id': value {row.series_id!r} has no declared "
                f"unit and plausible range in {ranges_file}"
            )
            continue
        bounds = declared.loc[row.series_id]
        if row.unit != bounds["unit"]:
            problems.append(
                f"row {position}, column 'unit': value {row.unit!r} is not the unit declared for "
                f"{row.series_id!r} in {ranges_file} ({bounds['unit']!r})"
            )
        elif not (row.value != row.value or bounds["low"] <= row.value <= bounds["high"]):
            problems.append(
                f"row {position}, column 'value': value {row.value:g} {row.unit} is outside the "
                f"plausible range {bounds['low']:g} to {bounds['high']:g} {bounds['unit']} of "
                f"{row.series_id!r} ({ranges_file}: {bounds['reason']})"
            )
    return problems


@cache
def _checked_plausible(name: str, data_dir: Path) -> None:
    """:func:`_check_plausible` of a loaded own table, once per process (as the load is cached)."""
    _check_plausible(name, _load_own(name, data_dir), data_dir)


def _check_plausible(
    name: str, frame: pd.DataFrame, data_dir: Path, descriptor: dict | None = None
):
    """Raise if a table with ``ecommod:plausible_ranges`` has a row outside its declared range."""
    on_disk = descriptor is None
    descriptor = descriptor or _read_descriptor(data_dir / PACKAGE_DESCRIPTOR)
    rule = _resource_descriptor(descriptor, name, data_dir).get("ecommod:plausible_ranges")
    if not rule:
        return
    ranges_resource = _resource_descriptor(descriptor, rule["table"], data_dir)
    if on_disk:
        ranges = _load_own(rule["table"], data_dir)
    else:
        ranges = _read_validated(descriptor, data_dir, rule["table"])
    path = data_dir / _resource_descriptor(descriptor, name, data_dir)["path"]
    problems = _plausibility_problems(frame, ranges, ranges_resource["path"])
    if problems:
        lines = [f"  - {problem}" for problem in problems[:_ERRORS_SHOWN]]
        if len(problems) > _ERRORS_SHOWN:
            lines.append(f"  - … and {len(problems) - _ERRORS_SHOWN} more")
        raise DataValidationError(
            f"{path}: values outside their declared unit or plausible range:\n" + "\n".join(lines)
        )


def validate_package(data_dir: Path = DATA_DIR, descriptor: dict | None = None) -> list[str]:
    """Validate every own table against ``descriptor`` (default: the one on disk), nothing cached.

    Checks what :func:`load_table` checks (checksum, schema, keys, plausible ranges) and returns
    the names of the tables checked; raises :class:`DataValidationError` at the first bad table.
    Tools call it with a descriptor they are about to write, before writing anything.
    """
    data_dir = _directory("data_dir", data_dir).resolve()
    if descriptor is not None and not (
        isinstance(descriptor, dict) and isinstance(descriptor.get("resources"), list)
    ):
        raise TypeError(
            f"descriptor must be a data package (a dict with resources), got {descriptor!r:.80}"
        )
    descriptor = descriptor or _read_descriptor(data_dir / PACKAGE_DESCRIPTOR)
    names = [resource["name"] for resource in descriptor["resources"]]
    for name in names:
        frame = _read_validated(descriptor, data_dir, name)
        _check_plausible(name, frame, data_dir, descriptor)
    return names


# --- third-party datasets ------------------------------------------------------------------------

#: Hex digits kept of each cell's SHA-256 in the declared copy's digests (16 bits: a changed cell
#: escapes the count with probability 1/65536).
_CELL_DIGEST_HEX = 4
_CSV_ENCODINGS = ("utf-8-sig", "gb18030")
_CSV_DELIMITERS = ",;\t"


def _external_descriptor(data_dir: Path) -> dict:
    return _read_descriptor(Path(data_dir) / EXTERNAL_DESCRIPTOR)


#: The Chinese twins of the texts for readers that ``data/external.datapackage.json`` declares
#: (each dataset's title, publisher, how to obtain it, the sections that use it), registered with
#: :func:`ecommod.language.t` when a declaration is read, so that notices made from them read in
#: Chinese in the Chinese edition. A declared text missing here stays English, and a notice made
#: from it raises :class:`ecommod.language.Untranslated` in a kernel that shows Chinese.
DECLARED_TEXT_ZH = {
    # Titles.
    "Peking University Digital Financial Inclusion Index of China (PKU-DFIIC), provinces, "
    "2011-2023": "北京大学数字普惠金融指数（PKU-DFIIC），省级，2011-2023 年",
    "Peking University Digital Financial Inclusion Index of China (PKU-DFIIC), prefecture-level "
    "cities, 2011-2023": "北京大学数字普惠金融指数（PKU-DFIIC），地级市，2011-2023 年",
    "NBS provincial enterprise e-commerce and internet indicators, 2015-2024 "
    "(企业信息化及电子商务情况; 互联网主要指标发展情况)": "国家统计局分省企业电子商务与互联网指标，"
    "2015-2024 年（企业信息化及电子商务情况；互联网主要指标发展情况）",
    # Publishers.
    "Institute of Digital Finance, Peking University (北京大学数字金融研究中心), with Ant Group "
    "Research Institute": "北京大学数字金融研究中心联合蚂蚁集团研究院",
    "国家统计局 (National Bureau of Statistics of China), 国家数据, 分省年度数据": (
        "国家统计局，国家数据，分省年度数据"
    ),
    # How to obtain each file.
    "Download the workbook 北京大学数字普惠金融指数（PKU-DFIIC）2011-2023 from the Institute of "
    "Digital Finance, Peking University (https://idf.pku.edu.cn/) and keep it as downloaded: its "
    'sheet "Provinces" is read directly. A CSV of that sheet named '
    "pku_dfiic_province_2011_2023.csv (UTF-8 or GB18030, columns in any order) works too.": (
        "从北京大学数字金融研究中心（https://idf.pku.edu.cn/）下载工作簿“北京大学数字普惠金融指数"
        "（PKU-DFIIC）2011-2023”，保持下载时的原样：本书直接读取其中的工作表“Provinces”。也可以使用"
        "该工作表的 CSV 文件，文件名为 pku_dfiic_province_2011_2023.csv（UTF-8 或 GB18030 编码，"
        "列的顺序不限）。"
    ),
    "Download the workbook 北京大学数字普惠金融指数（PKU-DFIIC）2011-2023 from the Institute of "
    "Digital Finance, Peking University (https://idf.pku.edu.cn/) and keep it as downloaded: its "
    'sheet "Prefecture_Level_Cities" is read directly (cities under their 2014 names and codes). '
    "A CSV of that sheet named pku_dfiic_city_2011_2023.csv (UTF-8 or GB18030, columns in any "
    "order) works too.": (
        "从北京大学数字金融研究中心（https://idf.pku.edu.cn/）下载工作簿“北京大学数字普惠金融指数"
        "（PKU-DFIIC）2011-2023”，保持下载时的原样：本书直接读取其中的工作表"
        "“Prefecture_Level_Cities”（城市采用其 2014 年的名称与代码）。也可以使用该工作表的 CSV "
        "文件，文件名为 pku_dfiic_city_2011_2023.csv（UTF-8 或 GB18030 编码，列的顺序不限）。"
    ),
    "Query 国家数据 (https://data.stats.gov.cn/), 分省年度数据, tables 企业信息化及电子商务情况 "
    "and 互联网主要指标发展情况 for 2015-2024, and save them as one CSV named "
    "nbs_provincial_ecommerce_internet_2015_2024.csv with the declared columns and units (UTF-8 "
    "or GB18030, columns in any order; the site's own per-indicator exports are not read "
    "directly). Scope: enterprises above the NBS size threshold; these are not 网上零售额.": (
        "在国家数据（https://data.stats.gov.cn/）的分省年度数据中查询 2015-2024 年的"
        "“企业信息化及电子商务情况”与“互联网主要指标发展情况”两张表，按声明的列与单位保存为一个 "
        "CSV 文件，文件名为 nbs_provincial_ecommerce_internet_2015_2024.csv（UTF-8 或 GB18030 "
        "编码，列的顺序不限；该网站按指标分别导出的文件不能直接读取）。统计范围为国家统计局规模以上"
        "企业；这些指标不是网上零售额。"
    ),
    # The sections whose results depend on a dataset.
    "§1.6 Where enterprise e-commerce happens": "§1.6 企业电子商务发生在哪里",
    "§3.1 The two wheels across China's provinces": "§3.1 中国各省的双轮驱动",
    "§4.1.2-4.1.3 The stage index on provincial data": "§4.1.2-4.1.3 基于省级数据的阶段指数",
    "§5.2.1-5.2.2 and 5.2.4 Inequality, convergence and clustering of digital finance": (
        "§5.2.1-5.2.2 与 5.2.4 数字金融的不平等、收敛与集聚"
    ),
    "§5.2.3 Inside provinces: prefecture-level cities": "§5.2.3 省份内部：地级市",
    "§5.2.5 Uneven technology adoption": "§5.2.5 技术应用不均衡",
}
#: The Chinese of the words of a declaration's ``ecommod:members`` rule (``what``, ``label``).
#: Kept out of the shared catalogue (generic words): only the notices made from them are registered.
MEMBERS_TEXT_ZH = {"provinces": "省份", "province code": "省份代码"}


def _declared_text(text: str) -> str:
    """A text for readers from a declaration, with its Chinese twin when DECLARED_TEXT_ZH has it."""
    if text in DECLARED_TEXT_ZH:
        t(text, DECLARED_TEXT_ZH[text])
    return text


def _dataset_from_resource(resource: dict, folder: Path) -> ExternalDataset:
    source = resource["sources"][0]
    for text in (resource["title"], source["title"], resource["ecommod:how_to_obtain"]):
        _declared_text(text)
    for section in resource.get("ecommod:used_by", []):
        _declared_text(section)
    publisher_format = resource.get("ecommod:publisher_format")
    return ExternalDataset(
        name=resource["name"],
        path=folder / resource["path"],
        title=resource["title"],
        publisher=source["title"],
        how_to_obtain=resource["ecommod:how_to_obtain"],
        publisher_url=source.get("path", ""),
        workbook=folder / publisher_format["file"] if publisher_format else None,
        sheet=publisher_format["sheet"] if publisher_format else None,
        used_by=tuple(resource.get("ecommod:used_by", [])),
    )


def external_datasets(data_dir: Path = DATA_DIR) -> list[ExternalDataset]:
    """Every declared third-party dataset with where this machine looks for it."""
    folder = external_dir()
    descriptor = _external_descriptor(_directory("data_dir", data_dir))
    return [_dataset_from_resource(r, folder) for r in descriptor["resources"]]


def external_dataset(name: str, data_dir: Path = DATA_DIR) -> ExternalDataset:
    """The declaration of one third-party dataset (see ``data/external.datapackage.json``)."""
    declared = external_datasets(data_dir)
    for dataset in declared:
        if dataset.name == name:
            return dataset
    known = ", ".join(d.name for d in declared)
    raise KeyError(f"no external dataset named {name!r}; declared: {known}")


def unavailable_message(dataset: ExternalDataset) -> str:
    """The notice for readers wherever a section needs a dataset that is not on this machine.

    It names the file, the publisher, how to obtain it and the environment variable, and no
    local folder (it is shown in the book).
    """
    if not isinstance(dataset, ExternalDataset):
        raise TypeError(
            f"dataset must be an ExternalDataset (see external_dataset), got {dataset!r}"
        )
    csv_name = AsWritten(dataset.path.name)
    if dataset.workbook is None:
        files = t("the file {file}", "文件 {file}", file=csv_name)
    else:
        files = t(
            "the file {file} or the publisher's workbook {workbook} (sheet '{sheet}')",
            "文件 {file} 或发布者的工作簿“{workbook}”（工作表“{sheet}”）",
            file=csv_name,
            workbook=AsWritten(dataset.workbook.name),
            sheet=AsWritten(dataset.sheet),
        )
    publisher = _declared_text(dataset.publisher)
    if dataset.publisher_url:
        publisher = t(
            "{publisher} ({url})",
            "{publisher}（{url}）",
            publisher=publisher,
            url=AsWritten(dataset.publisher_url),
        )
    return t(
        "{title} is not available on this machine, so the cells that depend on it show this "
        "notice instead of results (the results saved with the notebook, computed with the "
        "declared copy, stay in the book and in the saved notebook until those cells run again). "
        "It is third-party data that this project may not redistribute; its publisher is "
        "{publisher}. {how_to_obtain} The book looks for {files} in the folder named by the "
        "environment variable {variable} (by default data/external/ in the repository): with "
        "your own copy there, run the chapter again to compute every result yourself.",
        "本机上没有“{title}”，因此依赖它的单元格显示本说明而不是结果（随 notebook 保存的、"
        "用声明的副本计算的结果，在这些单元格重新运行之前仍保留在本书和所保存的 notebook 中）。"
        "这是本项目无权再分发的第三方数据，发布者为{publisher}。{how_to_obtain}本书在环境变量 "
        "{variable} 指定的文件夹（默认为仓库中的 data/external/）中查找{files}：把您自己的副本"
        "放在那里，重新运行本章，即可自行计算全部结果。",
        title=_declared_text(dataset.title),
        publisher=publisher,
        how_to_obtain=_declared_text(dataset.how_to_obtain),
        files=files,
        variable=AsWritten(EXTERNAL_ENV_VAR),
    )


# Reading: the publisher's workbook or a CSV, as raw rows of cells.


@dataclass(frozen=True)
class _RawTable:
    """Cells as read, before normalisation. Row numbers count the header as row ``header_row``."""

    where: str
    headers: list[str]
    rows: list[list]
    header_row: int = 1


def _decode_csv(path: Path) -> str:
    content = path.read_bytes()
    for encoding in _CSV_ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataValidationError(
        f"{path.name}: cannot decode the file as {' or '.join(_CSV_ENCODINGS)}; "
        "save it as UTF-8 or GB18030 text"
    )


def _read_csv_rows(path: Path) -> _RawTable:
    text = _decode_csv(path)
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = max(_CSV_DELIMITERS, key=first_line.count)
    rows = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    if not rows:
        raise DataValidationError(f"{path.name}: the file is empty; expected a header row")
    body = [row for row in rows[1:] if any(cell.strip() for cell in row)]
    return _RawTable(path.name, [h.strip() for h in rows[0]], body)


def _read_workbook_rows(path: Path, publisher_format: dict) -> _RawTable:
    from openpyxl import load_workbook

    sheet = publisher_format["sheet"]
    header_row = publisher_format.get("header_row", 1)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises several types for a file that is not a workbook
        raise DataValidationError(f"{path.name}: not a readable Excel workbook ({err})") from err
    try:
        if sheet not in workbook.sheetnames:
            raise DataValidationError(
                f"{path.name}: no sheet named {sheet!r} (the publisher's layout); "
                f"the workbook has sheets {workbook.sheetnames}"
            )
        rows = list(workbook[sheet].iter_rows(min_row=header_row, values_only=True))
    finally:
        workbook.close()
    if not rows:
        raise DataValidationError(f"{path.name}, sheet {sheet!r}: the sheet is empty")
    headers = ["" if h is None else str(h).strip() for h in rows[0]]
    body = [list(row) for row in rows[1:] if any(c not in (None, "") for c in row)]
    return _RawTable(f"{path.name}, sheet {sheet!r}", headers, body, header_row)


def _read_raw(path: Path, resource: dict) -> _RawTable:
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return _read_csv_rows(path)
    if not resource.get("ecommod:publisher_format"):
        raise DataValidationError(
            f"{path.name}: {resource['name']!r} declares no workbook layout; expected a CSV"
        )
    return _read_workbook_rows(path, resource["ecommod:publisher_format"])


# Normalising: declared names, types and constraints; rows sorted by the primary key.


def _parse_float(value, problem: str) -> float:
    try:
        return float(str(value).strip())
    except ValueError:
        raise ValueError(problem) from None


def _to_integer(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("is a boolean, not an integer")
    if isinstance(value, int):
        return value
    number = value if isinstance(value, float) else _parse_float(value, "is not an integer")
    if not (math.isfinite(number) and number.is_integer()):
        raise ValueError("is not an integer")
    return int(number)


def _to_number(value) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("is a boolean, not a number")
    number = (
        float(value) if isinstance(value, int | float) else _parse_float(value, "is not a number")
    )
    if not math.isfinite(number):
        raise ValueError("is not a finite number")
    return number


def _to_string(value) -> str | None:
    text = "" if value is None else str(value).strip()
    return text or None


_CONVERTERS = {"integer": _to_integer, "number": _to_number, "string": _to_string}


def _column_sources(raw: _RawTable, resource: dict) -> dict[str, tuple[str, object]]:
    """Source of each field: ``("column", (index, header))`` or ``("derive", rule)``.

    A field is found under its declared name, else under the publisher's header for it, else it
    is derived from another field by the publisher format's rule.
    """
    publisher_format = resource.get("ecommod:publisher_format") or {}
    publisher_headers = publisher_format.get("columns", {})
    derived = publisher_format.get("derived", {})
    position = {header: index for index, header in enumerate(raw.headers) if header}
    sources, absent = {}, []
    for declared in resource["schema"]["fields"]:
        name = declared["name"]
        header = publisher_headers.get(name)
        if name in position:
            sources[name] = ("column", (position[name], name))
        elif header in position:
            sources[name] = ("column", (position[header], header))
        elif name in derived:
            sources[name] = ("derive", derived[name])
        else:
            absent.append(name if header in (None, name) else f"{name} (publisher: {header})")
    if absent:
        raise DataValidationError(
            f"{raw.where}: missing declared column(s) {absent}; found {raw.headers}"
        )
    return sources


def _derive(rule: dict, values: dict[str, list]) -> list:
    """Apply a derivation rule of ``ecommod:publisher_format.derived`` to converted columns."""
    if "constant" in rule:
        return [rule["constant"]] * len(next(iter(values.values())))
    suffixes = rule["strip_one_suffix"]

    def strip(text: str | None) -> str | None:
        if text is None:
            return None
        for suffix in suffixes:
            if text.endswith(suffix) and len(text) > len(suffix):
                return text[: -len(suffix)]
        return text

    return [strip(text) for text in values[rule["from"]]]


def _constraint_problem(value, constraints: dict) -> str | None:
    if value is None:
        return "is empty but required" if constraints.get("required") else None
    if "minimum" in constraints and value < constraints["minimum"]:
        return f"is below the minimum {constraints['minimum']}"
    if "maximum" in constraints and value > constraints["maximum"]:
        return f"is above the maximum {constraints['maximum']}"
    if "enum" in constraints and value not in constraints["enum"]:
        return f"is not one of {constraints['enum']}"
    return None


def _raise_problems(where: str, problems: list[str]) -> None:
    if not problems:
        return
    lines = [f"  - {problem}" for problem in problems[:_ERRORS_SHOWN]]
    if len(problems) > _ERRORS_SHOWN:
        lines.append(f"  - … and {len(problems) - _ERRORS_SHOWN} more")
    raise DataValidationError(
        f"{where}: does not match its declaration in {EXTERNAL_DESCRIPTOR}:\n" + "\n".join(lines)
    )


def _convert_columns(
    raw: _RawTable, resource: dict, problems: list[str]
) -> tuple[dict[str, list], set[tuple[str, int]]]:
    """Each declared field's cells converted to its type (derived fields last).

    Appends a problem per cell that does not convert and returns those cells as (field, row).
    """
    fields = resource["schema"]["fields"]
    sources = _column_sources(raw, resource)
    values: dict[str, list] = {}
    unconvertible: set[tuple[str, int]] = set()
    for declared in fields:
        kind, origin = sources[declared["name"]]
        if kind != "column":
            continue
        index, header = origin
        label = header if header == declared["name"] else f"{header} ({declared['name']})"
        convert = _CONVERTERS[declared.get("type", "string")]
        column = []
        for row_number, row in enumerate(raw.rows, start=raw.header_row + 1):
            cell = row[index] if index < len(row) else None
            try:
                column.append(convert(cell))
            except ValueError as err:
                problems.append(f"row {row_number}, column {label!r}: value {cell!r} {err}")
                unconvertible.add((declared["name"], row_number))
                column.append(None)
        values[declared["name"]] = column
    for declared in fields:
        kind, rule = sources[declared["name"]]
        if kind == "derive":
            values[declared["name"]] = _derive(rule, values)
    return values, unconvertible


def _normalise(raw: _RawTable, resource: dict) -> pd.DataFrame:
    """The raw cells as the declared table: typed, validated, columns in order, sorted by key."""
    import pandas as pd

    schema = resource["schema"]
    problems: list[str] = []
    values, unconvertible = _convert_columns(raw, resource, problems)
    first_row = raw.header_row + 1
    for declared in schema["fields"]:
        name, constraints = declared["name"], declared.get("constraints", {})
        for row_number, value in enumerate(values[name], start=first_row):
            problem = _constraint_problem(value, constraints)
            if problem and (name, row_number) not in unconvertible:
                problems.append(f"row {row_number}, column {name!r}: value {value!r} {problem}")
    keys = schema["primaryKey"]
    first_row_of_key: dict[tuple, int] = {}
    for row_number, key in enumerate(zip(*(values[k] for k in keys), strict=True), first_row):
        if key in first_row_of_key:
            shown = ", ".join(f"{k}={v}" for k, v in zip(keys, key, strict=True))
            problems.append(f"rows {first_row_of_key[key]} and {row_number} share the key {shown}")
        first_row_of_key.setdefault(key, row_number)
    _raise_problems(raw.where, problems)
    dtypes, _ = _pandas_dtypes(schema)
    frame = pd.DataFrame(
        {f["name"]: pd.array(values[f["name"]], dtype=dtypes[f["name"]]) for f in schema["fields"]}
    )
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def read_external_file(path: Path, name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """Read any copy of a declared third-party dataset, normalised to its schema, not compared.

    ``path`` is a CSV (UTF-8, UTF-8 with BOM or GB18030; any line ending, delimiter ``,;`` or tab,
    column order) or, for a resource with ``ecommod:publisher_format``, the publisher's workbook
    (``.xlsx``). ``attrs`` holds the file name and sheet read. Raises :class:`DataValidationError`
    naming the file, sheet, row and column of what does not fit.
    """
    data_dir = _directory("data_dir", data_dir)
    resource = _resource_descriptor(_external_descriptor(data_dir), _name("name", name), data_dir)
    path = _directory("path", path)
    raw = _read_raw(path, resource)
    frame = _normalise(raw, resource)
    is_workbook = raw.where != path.name
    frame.attrs.update(
        source_file=path.name,
        sheet=resource["ecommod:publisher_format"]["sheet"] if is_workbook else None,
    )
    return frame


# Identity: a fingerprint of the normalised values; per-cell digests of the declared copy.


def _canonical_text(value, kind: str, decimals: int) -> str:
    """One present cell as canonical text: integers plain, numbers at ``decimals`` places."""
    if kind == "integer":
        return str(int(value))
    if kind == "number":
        text = f"{float(value):.{decimals}f}"
        return text.removeprefix("-") if float(text) == 0 else text
    return str(value)


def _canonical_rows(frame: pd.DataFrame, resource: dict) -> list[list[str]]:
    """The frame's cells as canonical text, columns in schema order, rows sorted by the key."""
    import pandas as pd

    fields = resource["schema"]["fields"]
    decimals = resource["ecommod:fingerprint"]["decimals"]
    ordered = frame.sort_values(resource["schema"]["primaryKey"], kind="stable")
    columns = [
        [
            "" if pd.isna(v) else _canonical_text(v, f.get("type", "string"), decimals)
            for v in ordered[f["name"]].tolist()
        ]
        for f in fields
    ]
    return [list(row) for row in zip(*columns, strict=True)]


def content_fingerprint(frame: pd.DataFrame, resource: dict) -> str:
    """SHA-256 (hex) of the canonical CSV of a normalised frame (see ``ecommod:fingerprint``)."""
    _frame("frame", frame)
    _resource_argument(resource)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([f["name"] for f in resource["schema"]["fields"]])
    writer.writerows(_canonical_rows(frame, resource))
    return hashlib.sha256(buffer.getvalue().encode("utf-8")).hexdigest()


def _cell_digest(field_name: str, text: str) -> str:
    return hashlib.sha256(f"{field_name}={text}".encode()).hexdigest()[:_CELL_DIGEST_HEX]


def _row_digests(frame: pd.DataFrame, resource: dict) -> dict[tuple[str, ...], str]:
    """Per row, keyed by the canonical key cells: the non-key cells' digests, concatenated."""
    names = [f["name"] for f in resource["schema"]["fields"]]
    keys = resource["schema"]["primaryKey"]
    key_positions = [names.index(k) for k in keys]
    value_positions = [i for i, name in enumerate(names) if name not in keys]
    digests = {}
    for row in _canonical_rows(frame, resource):
        key = tuple(row[i] for i in key_positions)
        digests[key] = "".join(_cell_digest(names[i], row[i]) for i in value_positions)
    return digests


def fingerprint_declaration(frame: pd.DataFrame, resource: dict) -> tuple[str, str]:
    """For a maintainer declaring a reviewed copy: its fingerprint and its cell-digest CSV text.

    ``resource`` must already carry ``ecommod:fingerprint.decimals``. Store the fingerprint as
    ``ecommod:fingerprint.sha256`` and the text in the file ``ecommod:fingerprint.cell_digests``
    names (the package itself never writes to ``data/``).
    """
    _frame("frame", frame)
    _resource_argument(resource)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*resource["schema"]["primaryKey"], "cells"])
    for key, cells in sorted(_row_digests(frame, resource).items()):
        writer.writerow([*key, cells])
    return content_fingerprint(frame, resource), buffer.getvalue()


def _declared_digests(resource: dict, data_dir: Path) -> dict[tuple[str, ...], str]:
    fingerprint = resource["ecommod:fingerprint"]
    path = Path(data_dir) / fingerprint["cell_digests"]
    if not path.is_file():
        raise DataValidationError(
            f"{path}: the declared cell digests of {resource['name']!r} are missing"
        )
    content = path.read_bytes()
    if "sha256:" + hashlib.sha256(content).hexdigest() != fingerprint["cell_digests_hash"]:
        raise DataValidationError(f"{path}: does not match its declared cell_digests_hash")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))
    return {tuple(row[:-1]): row[-1] for row in rows[1:]}


def _compare_with_declared(frame: pd.DataFrame, resource: dict, data_dir: Path) -> dict:
    """Rows added and missing by key, and differing cells per column, against the declared copy."""
    declared = _declared_digests(resource, data_dir)
    local = _row_digests(frame, resource)
    keys = resource["schema"]["primaryKey"]
    value_fields = [f["name"] for f in resource["schema"]["fields"] if f["name"] not in keys]
    common = local.keys() & declared.keys()
    by_column = dict.fromkeys(value_fields, 0)
    for key in common:
        mine, theirs = local[key], declared[key]
        for position, name in enumerate(value_fields):
            cut = slice(position * _CELL_DIGEST_HEX, (position + 1) * _CELL_DIGEST_HEX)
            by_column[name] += mine[cut] != theirs[cut]
    return {
        "rows_added": len(local.keys() - declared.keys()),
        "rows_missing": len(declared.keys() - local.keys()),
        "cells_compared": len(common) * len(value_fields),
        "cells_differing_by_column": {name: n for name, n in by_column.items() if n},
    }


# Loading and status.


def _rows(count: int) -> str:
    if count == 1:
        return t("{count:,} row", "{count:,} 行", count=count)
    return t("{count:,} rows", "{count:,} 行", count=count)


def _source(file_name: str, sheet: str | None) -> str | AsWritten:
    """The file read, and its sheet for a workbook: "x.xlsx, sheet 'Provinces'"."""
    if not sheet:
        return AsWritten(file_name)
    return t(
        "{file}, sheet '{sheet}'",
        "{file}，工作表“{sheet}”",
        file=AsWritten(file_name),
        sheet=AsWritten(sheet),
    )


def _status_notice(dataset: ExternalDataset, status: dict) -> str:
    title = _declared_text(dataset.title)
    source = _source(status["file_name"], status["sheet"])
    if status["state"] == "identical":
        return t(
            "The copy of {title} on this machine ({source}) has the same values as the copy this "
            "book declares (content fingerprint {fingerprint}).",
            "本机上的“{title}”副本（{source}）与本书声明的副本数值相同（内容指纹 {fingerprint}）。",
            title=title,
            source=source,
            fingerprint=AsWritten(status["fingerprint"][:12]),
        )
    cells = status["cells_differing"]
    if cells is None:
        what = t(
            "its values differ in cells that the declared per-cell digests cannot locate",
            "其数值在声明的逐单元格摘要无法定位的单元格中有所不同",
        )
    else:
        columns = [
            t("{count:,} in {column}", "{column} 中 {count:,} 个", count=n, column=AsWritten(c))
            for c, n in status["cells_differing_by_column"].items()
        ]
        what = t(
            "{cells:,} of {compared:,} cells differ",
            "{compared:,} 个单元格中有 {cells:,} 个不同",
            cells=cells,
            compared=status["cells_compared"],
        )
        if columns:
            english = f"{what} ({', '.join(columns)})"
            register(
                english,
                f"{_chinese(what)}（{'；'.join(_chinese(column) for column in columns)}）",
            )
            what = english
    return t(
        "The copy of {title} on this machine ({source}) is not the copy this book declares: "
        "{what}; by key, {added} added and {missing} missing ({read} read, {declared:,} "
        "declared). Results that depend on it are computed from this copy and will differ from "
        "the published book.",
        "本机上的“{title}”副本（{source}）不是本书声明的副本：{what}；按主键计，新增 {added}，"
        "缺少 {missing}（读取 {read}，声明 {declared:,} 行）。依赖它的结果由这份副本计算，"
        "将与已出版的本书不同。",
        title=title,
        source=source,
        what=what,
        added=_rows(status["rows_added"]),
        missing=_rows(status["rows_missing"]),
        read=_rows(status["rows"]),
        declared=status["declared_rows"],
    )


def _chinese(text: str | AsWritten) -> str:
    """The Chinese of a text made with t() (a name as written is itself)."""
    from ecommod.language import chinese_of

    return text.text if isinstance(text, AsWritten) else chinese_of(text)


@cache
def _load_and_compare(
    name: str, path: Path, modified_ns: int, size: int, data_dir: Path
) -> tuple[pd.DataFrame, ExternalStatus]:
    """Read, normalise and compare one file; cached per file version (path, mtime, size)."""
    del modified_ns, size  # part of the cache key only
    resource = _resource_descriptor(_external_descriptor(data_dir), name, data_dir)
    dataset = _dataset_from_resource(resource, path.parent)
    frame = read_external_file(path, name, data_dir)
    file_name, sheet = frame.attrs["source_file"], frame.attrs["sheet"]
    fingerprint = content_fingerprint(frame, resource)
    declared_fingerprint = resource["ecommod:fingerprint"]["sha256"]
    status = {
        "file_name": file_name,
        "sheet": sheet,
        "rows": len(frame),
        "declared_rows": resource["ecommod:rows"],
        "fingerprint": fingerprint,
        "declared_fingerprint": declared_fingerprint,
    }
    if fingerprint == declared_fingerprint:
        value_columns = len(frame.columns) - len(resource["schema"]["primaryKey"])
        status.update(
            state="identical", cells_compared=len(frame) * value_columns, cells_differing=0
        )
    else:
        comparison = _compare_with_declared(frame, resource, data_dir)
        differing = sum(comparison["cells_differing_by_column"].values())
        located = differing or comparison["rows_added"] or comparison["rows_missing"]
        status.update(comparison, state="differs", cells_differing=differing if located else None)
    status["notice"] = _status_notice(dataset, status)
    return frame, ExternalStatus(name=name, title=dataset.title, used_by=dataset.used_by, **status)


def _loaded(name: str, data_dir: Path) -> tuple[pd.DataFrame, ExternalStatus]:
    data_dir = _directory("data_dir", data_dir)
    dataset = external_dataset(name, data_dir)
    found = dataset.found
    if found is None:
        raise ExternalDataUnavailable(unavailable_message(dataset), path=dataset.path)
    stat = found.stat()
    data_dir = data_dir.resolve()
    return _members_checked(
        *_load_and_compare(name, found, stat.st_mtime_ns, stat.st_size, data_dir), data_dir
    )


def _members_checked(
    frame: pd.DataFrame, status: ExternalStatus, data_dir: Path
) -> tuple[pd.DataFrame, ExternalStatus]:
    """Leave out, with a notice, rows of members (provinces) the book's own tables do not list.

    A resource's ``ecommod:members`` names its key column, the own table and column listing the
    members the book covers, and a column naming each member for the notice.
    """
    resource = _resource_descriptor(_external_descriptor(data_dir), status.name, data_dir)
    rule = resource.get("ecommod:members")
    if not rule:
        return frame, status
    known = set(load_table(rule["table"], data_dir)[rule["table_field"]].dropna().astype(int))
    outside = ~frame[rule["field"]].isin(known)
    if not outside.any():
        return frame, status
    strangers = frame.loc[outside, [rule["field"], rule["label_field"]]].drop_duplicates()
    named = ", ".join(f"{code} {label}" for code, label in strangers.itertuples(index=False))
    rows = _rows(int(outside.sum()))
    values = {"named": named, "count": len(known), "table": f"{rule['table']}.csv"}
    left_out = (
        "{rows} of {what} that this book does not cover ({label} {named}): they are left out of "
        "every result, which covers the {count} {what} of {table}."
    ).format(rows=rows, what=rule["what"], label=rule["label"], **values)
    notice = f"{status.file_name} has {left_out}"
    only_these = (
        status.cells_differing == 0
        and status.rows_missing == 0
        and status.rows_added == int(outside.sum())
    )
    if only_these:  # the rows left out are the only difference: the results are the book's
        source = _source(status.file_name, status.sheet)
        full = (
            f"The copy of {status.title} on this machine ({source}) has the declared values and "
            f"{left_out} The results are those of the published book."
        )
    else:
        full = f"{status.notice} {notice}"
    if rule["what"] in MEMBERS_TEXT_ZH and rule["label"] in MEMBERS_TEXT_ZH:
        # The Chinese twins, made here: the declaration's generic words are not registered alone.
        left_out_zh = (
            "{rows}属于本书未涵盖的{what}（{label} {named}）：这些行不计入任何结果；结果涵盖 "
            "{table} 中的 {count} 个{what}。"
        ).format(
            rows=_chinese(rows),
            what=MEMBERS_TEXT_ZH[rule["what"]],
            label=MEMBERS_TEXT_ZH[rule["label"]],
            **values,
        )
        notice_zh = f"{status.file_name} 中有 {left_out_zh}"
        register(notice, notice_zh)
        if only_these:
            register(
                full,
                f"本机上的“{_chinese(status.title)}”副本（{_chinese(source)}）数值与声明的副本相同，"
                f"另有 {left_out_zh}因此结果与已出版的本书相同。",
            )
        else:
            register(full, f"{_chinese(status.notice)}{notice_zh}")
    status = dataclasses.replace(status, notice=full, members_notice=notice)
    return frame.loc[~outside].reset_index(drop=True), status


def load_external(name: str, data_dir: Path = DATA_DIR) -> pd.DataFrame:
    """Load a declared third-party dataset from the external-data folder, normalised and validated.

    Reads the declared CSV, else the publisher's workbook. Raises :class:`ExternalDataUnavailable`
    when neither is there and :class:`DataValidationError` when the file does not fit the schema.
    A copy whose values differ from the declared one loads: see :func:`external_status`.
    """
    frame, status = _loaded(name, data_dir)
    if status.members_notice:
        warnings.warn(status.members_notice, DataNotice, stacklevel=2)
    return frame.copy()


def external_status(name: str, data_dir: Path = DATA_DIR) -> ExternalStatus:
    """Whether this machine has the dataset and whether its values are the declared ones.

    Raises :class:`DataValidationError` for a file that does not fit the schema (that is an
    error, not a status) and ``KeyError`` for an undeclared name.
    """
    try:
        return _loaded(name, data_dir)[1]
    except ExternalDataUnavailable as missing:
        dataset = external_dataset(name, data_dir)
        return ExternalStatus(
            name=name,
            state="missing",
            title=dataset.title,
            file_name=dataset.path.name,
            sheet=None,
            used_by=dataset.used_by,
            notice=str(missing),
        )


def external_statuses(data_dir: Path = DATA_DIR) -> list[ExternalStatus]:
    """The status of every declared third-party dataset, in declaration order."""
    return [external_status(d.name, data_dir) for d in external_datasets(data_dir)]


def affected_sections(data_dir: Path = DATA_DIR) -> dict[str, list[ExternalStatus]]:
    """Book sections whose results depend on a dataset that is missing or differs here.

    Maps each section (as declared in ``ecommod:used_by``) to the statuses of those datasets;
    empty when every dataset is the declared copy.
    """
    affected: dict[str, list[ExternalStatus]] = {}
    for status in external_statuses(data_dir):
        if status.state != "identical":
            for section in status.used_by:
                affected.setdefault(section, []).append(status)
    return affected


def official_series(
    series_id: str, vintage: str = "latest", data_dir: Path = DATA_DIR
) -> pd.DataFrame:
    """One official national series, indexed by year: value, unit, published growth, source.

    ``vintage`` is "preliminary", "revised", or "latest" (the revised figure where there is one,
    else the preliminary). Years whose value was not found keep a row with a missing value.
    """
    _name("series_id", series_id)
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
    missing = {"series_id", "year", "vintage"} - set(_frame("rows", rows).columns)
    if missing:
        raise ValueError(f"rows must be official-series rows; missing column(s) {sorted(missing)}")
    order = rows["vintage"].map(VINTAGES.index)
    latest = rows.assign(_order=order).sort_values(["series_id", "year", "_order"])
    return latest.drop_duplicates(["series_id", "year"], keep="last").drop(columns="_order")
