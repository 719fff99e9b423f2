"""The data layer: every declared table validates; damaged files fail loudly, naming the file."""

from __future__ import annotations

import csv
import hashlib
import json
import math
from pathlib import Path

import pytest

from ecommod import data


def rewrite_csv(path: Path, change) -> None:
    """Apply ``change(rows)`` to the CSV at ``path`` (rows are lists of cells, header first)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def refresh_hash(data_dir: Path, file_name: str) -> None:
    """Make the copy's descriptor agree with a deliberately changed file (so only schema fails)."""
    descriptor_path = data_dir / data.PACKAGE_DESCRIPTOR
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["path"] == file_name:
            content = (data_dir / file_name).read_bytes()
            resource["hash"] = "sha256:" + hashlib.sha256(content).hexdigest()
            resource["bytes"] = len(content)
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")


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
    with pytest.raises(data.DataValidationError, match="foreign-key"):
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


def test_missing_external_file_says_which_file_who_publishes_it_and_how_to_obtain_it(
    tmp_path, monkeypatch
):
    monkeypatch.setenv(data.EXTERNAL_ENV_VAR, str(tmp_path))
    with pytest.raises(data.ExternalDataUnavailable) as error:
        data.load_external("pku_dfiic_province")
    message = str(error.value)
    assert "pku_dfiic_province_2011_2023.csv" in message
    assert "Peking University" in message
    assert "idf.pku.edu.cn" in message
    assert data.EXTERNAL_ENV_VAR in message


@pytest.mark.external("nbs_provincial_ecommerce")
def test_altered_external_file_fails_its_checksum(tmp_path, monkeypatch):
    dataset = data.external_dataset("nbs_provincial_ecommerce")
    altered = dataset.path.read_text(encoding="utf-8").replace("北京,11,2015,62", "北京,11,2015,63")
    (tmp_path / dataset.path.name).write_text(altered, encoding="utf-8")
    monkeypatch.setenv(data.EXTERNAL_ENV_VAR, str(tmp_path))
    with pytest.raises(data.DataValidationError, match="nbs_provincial_ecommerce_internet"):
        data.load_external("nbs_provincial_ecommerce")


@pytest.mark.external("pku_dfiic_province", "pku_dfiic_city", "nbs_provincial_ecommerce")
@pytest.mark.parametrize(
    "name", ["pku_dfiic_province", "pku_dfiic_city", "nbs_provincial_ecommerce"]
)
def test_external_dataset_validates_with_declared_rows(name):
    descriptor = json.loads((data.DATA_DIR / data.EXTERNAL_DESCRIPTOR).read_text(encoding="utf-8"))
    declared = {r["name"]: r["ecommod:rows"] for r in descriptor["resources"]}
    assert len(data.load_external(name)) == declared[name]


def test_importing_the_package_stays_light():
    import subprocess
    import sys

    heavy = ("pandas", "matplotlib", "statsmodels", "frictionless")
    code = f"import sys, ecommod; print(sorted(m for m in {heavy} if m in sys.modules))"
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "[]"
