"""The data layer: every declared table validates; damaged files fail loudly, naming the file."""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from ecommod import data, language
from ecommod.language import is_neutral, translate
from tools import refresh_checksums


def rewrite_csv(path: Path, change) -> None:
    """Apply ``change(rows)`` to the CSV at ``path`` (rows are lists of cells, header first)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def refresh_hash(data_dir: Path, file_name: str) -> None:
    """Make the copy's descriptor agree with a deliberately changed file (so only schema fails)."""
    refresh_checksums.refresh(data_dir, only=[file_name], validate=False)


@pytest.mark.parametrize("name", data.table_names())
def test_every_own_table_validates_and_loads(name):
    frame = data.load_table(name)
    assert len(frame) > 0
    assert frame.attrs["source_file"].endswith(".csv")


def test_declared_checksums_match_the_files():
    descriptor = json.loads((data.DATA_DIR / data.PACKAGE_DESCRIPTOR).read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        content = (data.DATA_DIR / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest(), resource["path"]


def test_wrong_checksum_names_the_file(data_copy):
    rewrite_csv(data_copy / "sources.csv", lambda rows: rows[1].__setitem__(-1, "edited"))
    with pytest.raises(data.DataValidationError) as error:
        data.load_table("sources", data_copy)
    message = str(error.value)
    assert "sources.csv" in message
    assert "hash" in message


def test_missing_column_names_the_file_and_column(data_copy):
    def drop_unit(rows):
        position = rows[0].index("unit")
        for row in rows:
            del row[position]

    rewrite_csv(data_copy / "official_series.csv", drop_unit)
    refresh_hash(data_copy, "official_series.csv")
    with pytest.raises(data.DataValidationError) as error:
        data.load_table("official_series", data_copy)
    assert "official_series.csv" in str(error.value)
    assert "'unit'" in str(error.value)


def test_wrong_type_names_the_file_row_column_and_value(data_copy):
    def corrupt_value(rows):
        rows[3][rows[0].index("value")] = "about 15 trillion"

    rewrite_csv(data_copy / "official_series.csv", corrupt_value)
    refresh_hash(data_copy, "official_series.csv")
    with pytest.raises(data.DataValidationError) as error:
        data.load_table("official_series", data_copy)
    message = str(error.value)
    assert "official_series.csv" in message
    assert "row 4" in message
    assert "column 'value'" in message
    assert "'about 15 trillion'" in message


def test_value_outside_the_allowed_set_is_rejected(data_copy):
    rewrite_csv(
        data_copy / "claims.csv",
        lambda rows: rows[1].__setitem__(rows[0].index("status"), "probably fine"),
    )
    refresh_hash(data_copy, "claims.csv")
    with pytest.raises(data.DataValidationError, match=r"claims\.csv[\s\S]*column 'status'"):
        data.load_table("claims", data_copy)


def test_unknown_source_id_is_rejected(data_copy):
    rewrite_csv(
        data_copy / "official_series.csv",
        lambda rows: rows[1].__setitem__(rows[0].index("source_id"), "no_such_release"),
    )
    refresh_hash(data_copy, "official_series.csv")
    expected = (
        r"official_series\.csv[\s\S]*row 2, column 'source_id', value 'no_such_release': "
        r"not found in column 'source_id' of table 'sources' \(foreign key\)"
    )
    with pytest.raises(data.DataValidationError, match=expected):
        data.load_table("official_series", data_copy)


def test_unknown_table_lists_the_declared_ones():
    with pytest.raises(KeyError, match="official_series"):
        data.load_table("retail")


def test_every_value_quotes_its_source_sentence():
    """A value typed from a release must be findable in the sentence quoted from it."""
    series = data.load_table("official_series")
    sources = data.load_table("sources")
    assert set(series["source_id"].dropna()) <= set(sources["source_id"])
    for row in series.itertuples():
        where = f"{row.series_id} {row.year} {row.vintage}"
        if math.isnan(row.value):
            assert "not found" in str(row.note), (
                f"{where}: a missing value must say what was searched"
            )
            continue
        assert isinstance(row.quote_zh, str) and row.quote_zh.strip(), f"{where}: no quote"
        compact = row.quote_zh.replace(" ", "").replace(",", "")
        if not math.isnan(row.published_growth_pct):
            # A fall is quoted as a positive number after 下降 ("decreased").
            growth = f"{abs(row.published_growth_pct):g}"
            assert growth in compact, f"{where}: growth not in quote"
        converted = "published as" in str(row.note).lower()
        assert converted or f"{row.value:g}" in compact, f"{where}: value not in quote"


def test_every_source_has_a_date_or_says_why_not():
    sources = data.load_table("sources")
    undated = sources[sources["date"].isna()]
    for row in undated.itertuples():
        assert "date" in str(row.note), f"{row.source_id}: no date and no note saying why"


def test_official_series_latest_vintage_prefers_the_revision():
    table = data.load_table("official_series")
    revised = table[table["vintage"] == "revised"]
    if revised.empty:
        pytest.skip("no series has a revised vintage")
    row = revised.iloc[0]
    latest = data.official_series(row["series_id"])
    assert latest.loc[int(row["year"]), "vintage"] == "revised"
    assert latest.loc[int(row["year"]), "value"] == row["value"] or math.isnan(row["value"])


def test_official_series_rejects_unknown_names():
    with pytest.raises(KeyError, match="online_retail_sales"):
        data.official_series("online_sales")
    with pytest.raises(ValueError, match="vintage"):
        data.official_series("online_retail_sales", vintage="final")


# --- external, third-party datasets -------------------------------------------------------------
# A small table in the PKU-DFIIC provincial schema, made up for these tests, is declared in a copy
# of data/, then read as users have it: the publisher's workbook, re-encoded CSVs, altered copies.

PROVINCE = "pku_dfiic_province"
WORKBOOK_SHEETS = ("Provinces", "Prefecture_Level_Cities", "Counties")
# Values made up for the tests, in the shape of the publisher's (blank = not published that year).
# fmt: off
SMALL_PROVINCES = [
    # year, prov_name, prov_name_eng, prov_code, then the ten index columns in schema order
    [2018, "北京市", "Beijing", 11, 300.25, 301.5, 302.75, 303.0, 304.25, 305.5, 306.75, 307.0, 308.25, 309.5],  # noqa: E501
    [2018, "天津市", "Tianjin", 12, 200.25, 201.5, 202.75, 203.0, 204.25, 205.5, 206.75, 207.0, 208.25, 209.5],  # noqa: E501
    [2018, "河北省", "Hebei", 13, 100.25, 101.5, 102.75, 103.0, 104.25, 105.5, 106.75, 107.0, None, 109.5],  # noqa: E501
    [2019, "北京市", "Beijing", 11, 401.2345678901234, 311.5, 312.75, 313.0, 314.25, None, 316.75, 317.0, None, 319.5],  # noqa: E501
    [2019, "天津市", "Tianjin", 12, 210.25, 211.5, 212.75, 213.0, 214.25, None, 216.75, 217.0, None, 219.5],  # noqa: E501
    [2019, "河北省", "Hebei", 13, 110.25, 111.5, 112.75, 113.0, 114.25, None, 116.75, 117.0, None, 119.5],  # noqa: E501
]
# fmt: on


def province_fields(data_dir: Path) -> list[str]:
    return [f["name"] for f in external_resource(data_dir, PROVINCE)["schema"]["fields"]]


def external_resource(data_dir: Path, name: str) -> dict:
    descriptor = json.loads((data_dir / data.EXTERNAL_DESCRIPTOR).read_text(encoding="utf-8"))
    return next(r for r in descriptor["resources"] if r["name"] == name)


def write_csv(path: Path, header: list[str], rows: list[list], encoding="utf-8", newline="\n"):
    """A CSV as a spreadsheet program might save it: any encoding and line ending."""
    lines = [",".join(header)]
    lines += [",".join("" if cell is None else str(cell) for cell in row) for row in rows]
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


def write_workbook(path: Path, sheets: dict[str, tuple[list[str], list[list]]]) -> Path:
    """An .xlsx with the given sheets (header row first), as the publisher ships it."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (header, rows) in sheets.items():
        sheet = workbook.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def declare(data_dir: Path, name: str, frame) -> None:
    """Make ``frame`` the declared copy of ``name`` in a private data/ (fingerprint and digests)."""
    descriptor_path = data_dir / data.EXTERNAL_DESCRIPTOR
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == name)
    fingerprint, digests = data.fingerprint_declaration(frame, resource)
    digests_path = data_dir / resource["ecommod:fingerprint"]["cell_digests"]
    digests_path.write_text(digests, encoding="utf-8")
    resource["ecommod:fingerprint"]["sha256"] = fingerprint
    resource["ecommod:fingerprint"]["cell_digests_hash"] = (
        "sha256:" + hashlib.sha256(digests_path.read_bytes()).hexdigest()
    )
    resource["ecommod:rows"] = len(frame)
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def small_declared(data_copy, tmp_path, monkeypatch):
    """A data/ copy declaring SMALL_PROVINCES, and an empty external folder the variable names."""
    reference = write_csv(tmp_path / "reference.csv", province_fields(data_copy), SMALL_PROVINCES)
    declare(data_copy, PROVINCE, data.read_external_file(reference, PROVINCE, data_copy))
    folder = tmp_path / "external"
    folder.mkdir()
    monkeypatch.setenv(data.EXTERNAL_ENV_VAR, str(folder))
    return data_copy, folder


def declared_csv_name(data_dir: Path) -> str:
    return external_resource(data_dir, PROVINCE)["path"]


def workbook_name(data_dir: Path) -> str:
    return external_resource(data_dir, PROVINCE)["ecommod:publisher_format"]["file"]


def test_publisher_workbook_is_read_as_the_declared_table(small_declared):
    data_dir, folder = small_declared
    header = province_fields(data_dir)
    # The publisher's column order need not be ours: reverse it, and add a column we do not use.
    reordered = [*reversed(header), "note"]
    rows = [[*reversed(row), "x"] for row in reversed(SMALL_PROVINCES)]
    write_workbook(
        folder / workbook_name(data_dir),
        {"Provinces": (reordered, rows), "Prefecture_Level_Cities": (["year"], [[2011]])},
    )
    status = data.external_status(PROVINCE, data_dir)
    assert status.state == "identical"
    assert (status.file_name, status.sheet) == (workbook_name(data_dir), "Provinces")
    assert status.rows == len(SMALL_PROVINCES) == status.declared_rows
    frame = data.load_external(PROVINCE, data_dir)
    assert list(frame.columns) == header
    assert list(zip(frame["year"], frame["prov_code"], strict=True)) == [
        (2018, 11),
        (2018, 12),
        (2018, 13),
        (2019, 11),
        (2019, 12),
        (2019, 13),
    ]
    assert frame.loc[3, "index_aggregate"] == 401.2345678901234
    assert frame["monetary_fund"].isna().sum() == 3


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [("gb18030", "\r\n"), ("utf-8-sig", "\r\n"), ("utf-8-sig", "\n"), ("gb18030", "\r")],
)
def test_reencoded_csv_with_shuffled_columns_and_rows_is_identical(
    small_declared, encoding, newline
):
    data_dir, folder = small_declared
    header = province_fields(data_dir)
    order = [3, 0, 13, 1, 5, 2, 4, 12, 6, 11, 7, 10, 8, 9]
    rows = [[row[i] for i in order] for row in SMALL_PROVINCES[::-1]]
    path = write_csv(
        folder / declared_csv_name(data_dir), [header[i] for i in order], rows, encoding, newline
    )
    content = path.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    assert "北京".encode(encoding.removesuffix("-sig")) in content and newline.encode() in content
    status = data.external_status(PROVINCE, data_dir)
    assert status.state == "identical", status.notice
    assert status.cells_differing == 0
    assert status.cells_compared == len(SMALL_PROVINCES) * 12


def test_a_copy_with_three_changed_cells_loads_and_reports_them(small_declared, tmp_path):
    data_dir, folder = small_declared
    rows = [list(row) for row in SMALL_PROVINCES]
    rows[0][4] = 300.26  # index_aggregate, Beijing 2018
    rows[4][13] = 219.0  # digitization_level, Tianjin 2019
    rows[5][12] = 12.5  # credit_investigation, Hebei 2019: published blank, now a value
    rows.pop(2)  # Hebei 2018 is missing ...
    rows.append([2020, "北京市", "Beijing", 11, *[1.0] * 10])  # ... and Beijing 2020 is added
    write_csv(folder / declared_csv_name(data_dir), province_fields(data_dir), rows)
    status = data.external_status(PROVINCE, data_dir)
    assert status.state == "differs"
    assert status.cells_differing == 3
    assert status.cells_differing_by_column == {
        "index_aggregate": 1,
        "credit_investigation": 1,
        "digitization_level": 1,
    }
    assert (status.rows_added, status.rows_missing, status.rows) == (1, 1, 6)
    assert status.cells_compared == 5 * 12
    assert "3 of 60 cells differ" in status.notice
    assert "by key, 1 row added and 1 row missing (6 rows read, 6 declared)" in status.notice
    assert str(tmp_path) not in status.notice
    frame = data.load_external(PROVINCE, data_dir)  # a different copy is not an error
    assert frame.loc[0, "index_aggregate"] == 300.26
    chinese = translate(status.notice, "zh")
    assert "60 个单元格中有 3 个不同" in chinese and "新增 1 行，缺少 1 行" in chinese
    names = ("index_aggregate", "credit_investigation", "digitization_level", r"pku\w+\.csv")
    assert "index_aggregate 中 1 个" in chinese
    assert is_neutral(re.sub("|".join(names), "", chinese))


def test_a_copy_that_differs_only_in_digits_below_the_declared_precision_is_identical(
    small_declared,
):
    data_dir, folder = small_declared
    rows = [list(row) for row in SMALL_PROVINCES]
    rows[3][4] = float(f"{rows[3][4]:.12g}")  # as a 12-digit spreadsheet export writes it
    assert rows[3][4] != SMALL_PROVINCES[3][4]
    write_csv(folder / declared_csv_name(data_dir), province_fields(data_dir), rows)
    assert data.external_status(PROVINCE, data_dir).state == "identical"


def test_missing_dataset_has_a_notice_without_the_local_path(small_declared, tmp_path):
    data_dir, folder = small_declared
    status = data.external_status(PROVINCE, data_dir)
    assert status.state == "missing"
    for expected in (
        declared_csv_name(data_dir),
        workbook_name(data_dir),
        "Peking University",
        "idf.pku.edu.cn",
        data.EXTERNAL_ENV_VAR,
    ):
        assert expected in status.notice
    assert str(tmp_path) not in status.notice and str(data.REPO_ROOT) not in status.notice
    with pytest.raises(data.ExternalDataUnavailable) as error:
        data.load_external(PROVINCE, data_dir)
    assert str(error.value) == status.notice
    assert error.value.path == folder / declared_csv_name(data_dir)
    chinese = translate(status.notice, "zh")
    assert "本机上没有“北京大学数字普惠金融指数（PKU-DFIIC），省级，2011-2023 年”" in chinese
    assert data.EXTERNAL_ENV_VAR in chinese and "idf.pku.edu.cn" in chinese


def test_every_declared_text_for_readers_has_a_chinese_twin():
    """Titles, publishers, how to obtain and the sections that use each dataset (the notices
    and the landing page show them) read in Chinese in the Chinese edition."""
    for dataset in data.external_datasets():
        for text in (dataset.title, dataset.publisher, dataset.how_to_obtain, *dataset.used_by):
            assert translate(text, "zh") == data.DECLARED_TEXT_ZH[text]
        data.unavailable_message(dataset)
        for name in (dataset.path.name, dataset.sheet, data.EXTERNAL_ENV_VAR):
            # Names fill the notices as written, without becoming twins of themselves (a
            # heading elsewhere may give such a name a Chinese twin).
            assert name is None or name not in language._chinese


def test_affected_sections_lists_the_sections_of_missing_or_differing_datasets(
    data_copy, tmp_path, monkeypatch
):
    monkeypatch.setenv(data.EXTERNAL_ENV_VAR, str(tmp_path))  # nothing there
    affected = data.affected_sections(data_copy)
    for dataset in data.external_datasets(data_copy):
        for section in dataset.used_by:
            assert dataset.name in [status.name for status in affected[section]]
    assert set(affected) == {s for d in data.external_datasets(data_copy) for s in d.used_by}
    assert "§1.6 Where enterprise e-commerce happens" in affected


def test_workbook_without_the_publishers_sheet_names_file_and_sheets(small_declared):
    data_dir, folder = small_declared
    write_workbook(
        folder / workbook_name(data_dir), {"Sheet1": (province_fields(data_dir), SMALL_PROVINCES)}
    )
    with pytest.raises(data.DataValidationError) as error:
        data.load_external(PROVINCE, data_dir)
    message = str(error.value)
    assert workbook_name(data_dir) in message
    assert "'Provinces'" in message and "['Sheet1']" in message


def test_non_numeric_cell_names_file_sheet_row_column_and_value(small_declared):
    data_dir, folder = small_declared
    rows = [list(row) for row in SMALL_PROVINCES]
    rows[1][7] = "n/a"  # payment, Tianjin 2018: spreadsheet row 3 (the header is row 1)
    write_workbook(
        folder / workbook_name(data_dir),
        {name: (province_fields(data_dir), rows) for name in WORKBOOK_SHEETS},
    )
    with pytest.raises(data.DataValidationError) as error:
        data.load_external(PROVINCE, data_dir)
    message = str(error.value)
    assert f"{workbook_name(data_dir)}, sheet 'Provinces'" in message
    assert "row 3, column 'payment': value 'n/a' is not a number" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda rows: rows[0].__setitem__(3, None), r"row 2, column 'prov_code'.*required"),
        (lambda rows: rows[1].__setitem__(0, 2030), r"row 3, column 'year'.*maximum 2023"),
        (lambda rows: rows[1].__setitem__(3, 11), r"rows 2 and 3 share the key year=2018"),
        (lambda rows: rows[2].__setitem__(0, "2018.5"), r"row 4, column 'year'.*not an integer"),
    ],
    ids=["required", "range", "duplicate-key", "integer"],
)
def test_constraint_violations_name_the_row_and_column(small_declared, change, expected):
    data_dir, folder = small_declared
    rows = [list(row) for row in SMALL_PROVINCES]
    change(rows)
    write_csv(folder / declared_csv_name(data_dir), province_fields(data_dir), rows)
    with pytest.raises(data.DataValidationError, match=expected) as error:
        data.load_external(PROVINCE, data_dir)
    assert declared_csv_name(data_dir) in str(error.value)


def test_missing_column_is_named_with_the_columns_found(small_declared):
    data_dir, folder = small_declared
    header = province_fields(data_dir)
    keep = [i for i, name in enumerate(header) if name != "credit"]
    rows = [[row[i] for i in keep] for row in SMALL_PROVINCES]
    write_csv(folder / declared_csv_name(data_dir), [header[i] for i in keep], rows)
    with pytest.raises(
        data.DataValidationError, match=r"missing declared column\(s\) \['credit'\]"
    ):
        data.load_external(PROVINCE, data_dir)


def test_city_sheet_maps_the_publishers_2014_names_and_codes(tmp_path):
    header = ["year", "pref_name_year18", "pref_name_year18_eng", "pref_code_year18",
              "pref_name_year14", "pref_code_year14", "index_aggregate", "coverage_breadth",
              "usage_depth", "payment", "insurance", "monetary_fund", "investment", "credit",
              "credit_investigation", "digitization_level"]  # fmt: skip
    values = [50.0, 51.0, 52.0, 53.0, 54.0, None, None, 55.0, None, 56.0]
    rows = [
        [2011, "日喀则市", "Xigaze", 5402, "日喀则地区", 5423, *values],
        [2011, "延边朝鲜族自治州", "Yanbian", 2224, "延边朝鲜族自治州", 2224, *values],
        [2011, "兴安盟", "Hinggan", 1522, "兴安盟", 1522, *values],
    ]
    path = write_workbook(tmp_path / "dfiic.xlsx", {"Prefecture_Level_Cities": (header, rows)})
    frame = data.read_external_file(path, "pku_dfiic_city")
    assert frame.attrs["sheet"] == "Prefecture_Level_Cities"
    assert frame[["city_code", "city_name", "city_norm"]].values.tolist() == [
        [1522, "兴安盟", "兴安"],
        [2224, "延边朝鲜族自治州", "延边朝鲜族"],
        [5423, "日喀则地区", "日喀则"],
    ]
    assert set(frame["source_name_version"]) == {"year14"}


def test_external_data_variable_names_the_folder_that_is_read(small_declared, monkeypatch):
    data_dir, folder = small_declared
    rows = [list(row) for row in SMALL_PROVINCES]
    rows[0][4] = 123.456  # a value only this generated file has
    write_csv(folder / declared_csv_name(data_dir), province_fields(data_dir), rows)
    assert data.external_dataset(PROVINCE, data_dir).found == folder / declared_csv_name(data_dir)
    assert data.load_external(PROVINCE, data_dir).loc[0, "index_aggregate"] == 123.456

    monkeypatch.delenv(data.EXTERNAL_ENV_VAR)
    assert data.external_dir() == data.DEFAULT_EXTERNAL_DIR
    default = data.external_dataset(PROVINCE, data_dir)
    assert default.path == data.DEFAULT_EXTERNAL_DIR / declared_csv_name(data_dir)
    if not default.available:
        with pytest.raises(data.ExternalDataUnavailable):
            data.load_external(PROVINCE, data_dir)
    else:
        assert data.load_external(PROVINCE, data_dir).loc[0, "index_aggregate"] != 123.456


@pytest.mark.parametrize(
    "name", ["pku_dfiic_province", "pku_dfiic_city", "nbs_provincial_ecommerce"]
)
def test_declared_cell_digests_cover_every_declared_row(name):
    resource = external_resource(data.DATA_DIR, name)
    fingerprint = resource["ecommod:fingerprint"]
    path = data.DATA_DIR / fingerprint["cell_digests"]
    assert (
        fingerprint["cell_digests_hash"]
        == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    )
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    keys = resource["schema"]["primaryKey"]
    assert rows[0] == [*keys, "cells"]
    assert len(rows) - 1 == resource["ecommod:rows"]
    assert len({tuple(row[:-1]) for row in rows[1:]}) == resource["ecommod:rows"]
    value_fields = len(resource["schema"]["fields"]) - len(keys)
    assert {len(row[-1]) for row in rows[1:]} == {4 * value_fields}


# With the real third-party files (ECOMMOD_EXTERNAL_DATA): skipped when absent, failed in CI.

REAL = ["pku_dfiic_province", "pku_dfiic_city", "nbs_provincial_ecommerce"]


@pytest.mark.external(*REAL)
@pytest.mark.parametrize("name", REAL)
def test_real_external_dataset_is_the_declared_copy(name):
    status = data.external_status(name)
    assert status.state == "identical", status.notice
    assert status.rows == status.declared_rows
    assert len(data.load_external(name)) == status.declared_rows


@pytest.mark.external("pku_dfiic_province", "nbs_provincial_ecommerce")
@pytest.mark.parametrize("name", ["pku_dfiic_province", "nbs_provincial_ecommerce"])
def test_real_dataset_resaved_as_gb18030_with_crlf_and_shuffled_columns_is_identical(
    name, tmp_path, monkeypatch
):
    dataset = data.external_dataset(name)
    with dataset.path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    order = list(range(len(header)))[::-1]
    write_csv(
        tmp_path / dataset.path.name,
        [header[i] for i in order],
        [[row[i] for i in order] for row in rows[::-1]],
        "gb18030",
        "\r\n",
    )
    monkeypatch.setenv(data.EXTERNAL_ENV_VAR, str(tmp_path))
    status = data.external_status(name)
    assert status.state == "identical", status.notice
    assert (
        hashlib.sha256((tmp_path / dataset.path.name).read_bytes()).hexdigest()
        not in (external_resource(data.DATA_DIR, name)["hash"])
    )


@pytest.mark.external("pku_dfiic_province", "pku_dfiic_city")
def test_real_pku_dfiic_as_the_publishers_workbook_is_identical(tmp_path, monkeypatch):
    """Both PKU-DFIIC datasets read from one workbook in the publisher's layout."""
    province = data.load_external("pku_dfiic_province")
    city = data.load_external("pku_dfiic_city")
    values = [c for c in province.columns if c not in ("year", "prov_name", "prov_name_eng",
                                                        "prov_code")]  # fmt: skip
    city_sheet = city.assign(
        pref_name_year18=city["city_name"],
        pref_name_year18_eng="",
        pref_code_year18=city["city_code"],
        pref_name_year14=city["city_name"],
        pref_code_year14=city["city_code"],
    )[["year", "pref_name_year18", "pref_name_year18_eng", "pref_code_year18",
       "pref_name_year14", "pref_code_year14", *values]]  # fmt: skip

    def sheet(frame):
        rows = frame.astype(object).where(frame.notna(), None).values.tolist()
        return list(frame.columns), rows

    workbook = data.external_dataset("pku_dfiic_city").workbook.name
    write_workbook(
        tmp_path / workbook,
        {"Provinces": sheet(province), "Prefecture_Level_Cities": sheet(city_sheet)},
    )
    monkeypatch.setenv(data.EXTERNAL_ENV_VAR, str(tmp_path))
    for name in ("pku_dfiic_province", "pku_dfiic_city"):
        status = data.external_status(name)
        assert (status.state, status.file_name) == ("identical", workbook), status.notice


def test_external_tests_fail_instead_of_skipping_when_ci_requires_the_data(tmp_path):
    """ECOMMOD_REQUIRE_EXTERNAL=1 turns the skip of a test whose data are absent into a failure."""
    import os
    import subprocess
    import sys

    test = (
        "tests/test_data.py::test_real_external_dataset_is_the_declared_copy"
        "[nbs_provincial_ecommerce]"
    )
    environment = {**os.environ, data.EXTERNAL_ENV_VAR: str(tmp_path)}
    outcomes = {}
    for required in ("0", "1"):
        environment[data.REQUIRE_EXTERNAL_ENV_VAR] = required
        result = subprocess.run(
            [sys.executable, "-m", "pytest", test, "-q", "-p", "no:cacheprovider", "-rsf"],
            cwd=data.REPO_ROOT, env=environment, capture_output=True, text=True, check=False,
        )  # fmt: skip
        outcomes[required] = (result.returncode, result.stdout)
    assert outcomes["0"][0] == 0 and "1 skipped" in outcomes["0"][1]
    assert outcomes["1"][0] == 1 and "1 failed" in outcomes["1"][1]
    assert data.REQUIRE_EXTERNAL_ENV_VAR in outcomes["1"][1]


def test_importing_the_package_stays_light():
    import subprocess
    import sys

    heavy = ("pandas", "matplotlib", "statsmodels", "frictionless")
    code = f"import sys, ecommod; print(sorted(m for m in {heavy} if m in sys.modules))"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "[]"


def test_every_source_note_says_which_case_of_the_language_rule_applies():
    sources = data.load_table("sources")
    without = sources.loc[~sources["note"].fillna("").str.startswith("Case: "), "source_id"]
    assert list(without) == []


def test_the_bibliography_of_sources_matches_the_sources_table():
    """book/data-sources.bib has one entry per source, with its title and release date."""
    from pybtex.database import parse_file

    entries = parse_file(data.REPO_ROOT / "book" / "data-sources.bib", "bibtex").entries
    sources = data.load_table("sources").set_index("source_id")
    assert set(entries) == set(sources.index)
    for source_id, row in sources.iterrows():
        fields = entries[source_id].fields
        title = re.sub(r"\\([%&_#$])", r"\1", fields["title"].strip("{}"))  # LaTeX escapes
        assert title == row["title"], source_id
        if not pd.isna(row["date"]):
            # pybtex expands the month macro (jan -> January).
            assert (fields["year"], fields["month"]) == (
                str(row["date"].year),
                row["date"].strftime("%B"),
            ), source_id


# --- damaged files: each problem named by file, row, column and value ----------------------------


def official_rows(data_dir: Path) -> list[list[str]]:
    with (data_dir / "official_series.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def load_damaged_series(data_dir: Path, change) -> str:
    """Damage official_series.csv in a copy (hash refreshed, so only the content fails)."""
    rewrite_csv(data_dir / "official_series.csv", change)
    refresh_hash(data_dir, "official_series.csv")
    with pytest.raises(data.DataValidationError) as error:
        data.load_table("official_series", data_dir)
    return str(error.value)


@pytest.mark.parametrize("column", ["unit", "year", "note"])
def test_a_missing_column_is_called_missing(data_copy, column):
    def drop(rows):
        position = rows[0].index(column)
        for row in rows:
            del row[position]

    message = load_damaged_series(data_copy, drop)
    assert f"missing column {column!r} in official_series.csv" in message
    # Not the cascade of wrong labels and type errors the shifted columns cause.
    assert "incorrect-label" not in message
    assert "more" not in message


def test_an_unexpected_column_is_named(data_copy):
    message = load_damaged_series(data_copy, lambda rows: [row.append("x") for row in rows])
    assert "unexpected column 'x' in official_series.csv" in message


def test_a_duplicated_key_names_its_values_and_rows(data_copy):
    rows = official_rows(data_copy)
    series_id, year, vintage = rows[5][:3]
    message = load_damaged_series(data_copy, lambda rows: rows.insert(6, list(rows[5])))
    # rows[5] is spreadsheet row 6; its copy becomes row 7.
    assert "rows 6 and 7 of official_series.csv" in message
    assert f"series_id={series_id!r}, year={year!r}, vintage={vintage!r}" in message


def row_of(rows: list[list[str]], series_id: str, year: str) -> int:
    """Index in ``rows`` (= spreadsheet row number - 1) of one series-year."""
    return next(i for i, row in enumerate(rows) if row[:2] == [series_id, year])


def test_a_valid_but_wrong_unit_is_caught(data_copy):
    rows = official_rows(data_copy)
    index = row_of(rows, "online_retail_sales", "2020")
    unit = rows[0].index("unit")
    message = load_damaged_series(data_copy, lambda rows: rows[index].__setitem__(unit, "10k_yuan"))
    assert "official_series.csv" in message
    assert f"row {index + 1}, column 'unit': value '10k_yuan'" in message
    assert "'100m_yuan'" in message


def test_a_value_outside_its_plausible_range_is_caught(data_copy):
    rows = official_rows(data_copy)
    index = row_of(rows, "online_retail_sales", "2020")
    value = rows[0].index("value")
    level = float(rows[index][value])  # in 100m yuan; the same figure read as if in 10k yuan:
    wrong = level / 10_000
    message = load_damaged_series(data_copy, lambda rows: rows[index].__setitem__(value, wrong))
    assert f"row {index + 1}, column 'value': value {wrong:g} 100m_yuan" in message
    assert "plausible range 10000 to 300000" in message


def test_every_official_series_declares_its_unit_and_a_range_holding_its_values():
    series = data.load_table("official_series")
    ranges = data.load_table("official_series_ranges")
    assert set(series["series_id"]) <= set(ranges["series_id"])
    assert (ranges["low"] < ranges["high"]).all()
    joined = series.merge(ranges, on="series_id", suffixes=("", "_declared"))
    assert (joined["unit"] == joined["unit_declared"]).all()
    present = joined.dropna(subset=["value"])
    assert present["value"].between(present["low"], present["high"]).all()


def test_validate_package_checks_a_descriptor_before_it_is_written(data_copy):
    assert "official_series_ranges" in data.validate_package(data_copy)
    rewrite_csv(data_copy / "official_series.csv", lambda rows: rows.insert(2, list(rows[1])))
    descriptor = json.loads((data_copy / data.PACKAGE_DESCRIPTOR).read_text(encoding="utf-8"))
    with pytest.raises(data.DataValidationError, match="hash"):
        data.validate_package(data_copy, descriptor)


TAIWAN = [2018, "台湾省", "Taiwan", 71, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]


def test_an_extra_province_in_pku_dfiic_gives_a_notice_and_is_left_out(small_declared):
    data_dir, folder = small_declared
    header = province_fields(data_dir)
    write_csv(folder / declared_csv_name(data_dir), header, [*SMALL_PROVINCES, TAIWAN])
    with pytest.warns(data.DataNotice, match="71 台湾省") as notices:
        frame = data.load_external(PROVINCE, data_dir)
    assert "left out of every result" in str(notices[0].message)
    assert 71 not in set(frame["prov_code"])
    assert len(frame) == len(SMALL_PROVINCES)
    status = data.external_status(PROVINCE, data_dir)
    assert "(province code 71 台湾省): they are left out of every result" in status.notice
    assert status.notice.endswith("The results are those of the published book.")
    assert status.rows_added == 1
    chinese = translate(status.notice, "zh")
    assert "数值与声明的副本相同，另有 1 行属于本书未涵盖的省份（省份代码 71 台湾省）" in chinese
    assert chinese.endswith("因此结果与已出版的本书相同。")
    assert translate(str(notices[0].message), "zh").startswith(
        declared_csv_name(data_dir) + " 中有"
    )


def test_an_extra_province_beside_other_changes_keeps_the_differs_notice(small_declared):
    data_dir, folder = small_declared
    header = province_fields(data_dir)
    changed = [list(row) for row in SMALL_PROVINCES]
    changed[0][4] = 999.0  # one index value differs from the declared copy
    write_csv(folder / declared_csv_name(data_dir), header, [*changed, TAIWAN])
    status = data.external_status(PROVINCE, data_dir)
    assert "will differ from the published book" in status.notice
    assert "71 台湾省" in status.notice


@pytest.mark.external("nbs_provincial_ecommerce")
def test_an_extra_province_in_the_nbs_file_gives_a_notice(tmp_path, monkeypatch):
    name = "nbs_provincial_ecommerce"
    original = data.external_dataset(name).path
    rows = list(csv.reader(original.open(encoding="utf-8-sig", newline="")))
    extra = [list(rows[1])]
    extra[0][rows[0].index("province")] = "台湾"
    extra[0][rows[0].index("prov_code")] = "71"
    write_csv(tmp_path / original.name, rows[0], rows[1:] + extra)
    monkeypatch.setenv(data.EXTERNAL_ENV_VAR, str(tmp_path))
    with pytest.warns(data.DataNotice, match="71 台湾"):
        frame = data.load_external(name)
    assert len(frame) == len(rows) - 1
    assert 71 not in set(frame["prov_code"])
