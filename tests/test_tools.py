"""make checksums and make claims: validate before writing, all files or none, say what changed."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from test_data import rewrite_csv

from ecommod import data
from tools import record_claim_statuses, refresh_checksums, rewrite
from tools.toc import ROOT


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder (hidden temporary files included) with its content."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def wrong_unit(rows):
    index = next(i for i, r in enumerate(rows) if r[:2] == ["online_retail_sales", "2020"])
    rows[index][rows[0].index("unit")] = "10k_yuan"


def test_checksums_refuse_a_damaged_file_and_write_nothing(data_copy):
    rewrite_csv(data_copy / "official_series.csv", wrong_unit)
    before = snapshot(data_copy)
    with pytest.raises(data.DataValidationError, match=r"column 'unit': value '10k_yuan'"):
        refresh_checksums.refresh(data_copy)
    assert snapshot(data_copy) == before


def test_checksums_of_a_valid_edit_are_written_and_reported(data_copy):
    rewrite_csv(data_copy / "sources.csv", lambda rows: rows[1].__setitem__(-1, "edited note"))
    old = refresh_checksums.refreshed(data_copy, [])[0]
    changes = refresh_checksums.refresh(data_copy)
    assert list(changes) == ["sources.csv"]
    previous = next(r for r in old["resources"] if r["path"] == "sources.csv")["hash"]
    assert changes["sources.csv"][0] == previous
    assert data.load_table("sources", data_copy).iloc[0]["note"] == "edited note"
    assert not [p for p in data_copy.iterdir() if p.name.startswith(".")]  # no temporary left
    lines = refresh_checksums.describe_changes(changes)
    assert lines == [f"sources.csv: {previous} -> {changes['sources.csv'][1]}"]


def test_write_all_or_nothing_restores_the_first_file_when_the_second_fails(tmp_path, monkeypatch):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("old a")
    second.write_text("old b")
    real_replace, calls = os.replace, []

    def failing_second(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError("disk full")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_second)
    with pytest.raises(OSError, match="disk full"):
        rewrite.write_all_or_nothing({first: "new a", second: "new b"})
    assert (first.read_text(), second.read_text()) == ("old a", "old b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_uncommitted_changes_are_named(tmp_path, capsys):
    git = ["git", "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "claims.csv").write_text("a\n")
    (tmp_path / "other.csv").write_text("b\n")
    subprocess.run([*git, "add", "."], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=tmp_path, check=True)
    assert rewrite.uncommitted([tmp_path / "claims.csv"]) == []
    (tmp_path / "claims.csv").write_text("edited\n")
    (tmp_path / "other.csv").write_text("edited\n")
    assert rewrite.warn_uncommitted([tmp_path / "claims.csv"], "make claims") == ["claims.csv"]
    assert (
        "make claims rewrites files with uncommitted changes: claims.csv" in capsys.readouterr().err
    )


def ledger_with(data_dir: Path, changes: dict[str, str]):
    """An evaluator: the recorded ledger of ``data_dir`` with some statuses recomputed."""

    def evaluate() -> pd.DataFrame:
        with (data_dir / "claims.csv").open(encoding="utf-8", newline="") as handle:
            frame = pd.DataFrame(list(csv.DictReader(handle)))
        frame["status"] = [
            changes.get(c, s) for c, s in zip(frame.claim_id, frame.status, strict=True)
        ]
        return frame

    return evaluate


def claims_rows(data_dir: Path) -> list[dict]:
    text = (data_dir / "claims.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_claims_on_a_damaged_series_fail_before_writing_anything(data_copy):
    rewrite_csv(data_copy / "official_series.csv", wrong_unit)
    before = snapshot(data_copy)
    with pytest.raises(data.DataValidationError, match="official_series.csv"):
        record_claim_statuses.record(data_copy, ledger_with(data_copy, {}))
    assert snapshot(data_copy) == before


def test_claims_restore_the_descriptor_when_the_evaluation_fails(data_copy):
    rewrite_csv(data_copy / "sources.csv", lambda rows: rows[1].__setitem__(-1, "edited note"))
    before = snapshot(data_copy)

    def broken():
        raise RuntimeError("a check failed")

    with pytest.raises(RuntimeError, match="a check failed"):
        record_claim_statuses.record(data_copy, broken)
    assert snapshot(data_copy) == before


def test_claims_report_each_recorded_value_they_change_by_id(data_copy):
    first = claims_rows(data_copy)[0]
    new = "inconsistent" if first["status"] != "inconsistent" else "consistent"
    lines = record_claim_statuses.record(
        data_copy, ledger_with(data_copy, {first["claim_id"]: new})
    )
    assert f"{first['claim_id']} status: {first['status']!r} -> {new!r}" in lines
    assert claims_rows(data_copy)[0]["status"] == new
    assert data.load_table("claims", data_copy).iloc[0]["status"] == new  # checksum declared
    assert record_claim_statuses.record(data_copy, ledger_with(data_copy, {})) == []


def test_claims_refuse_a_computed_value_the_schema_does_not_allow(data_copy):
    claim_id = claims_rows(data_copy)[0]["claim_id"]
    before = snapshot(data_copy)
    with pytest.raises(data.DataValidationError, match=r"claims\.csv[\s\S]*'probably'"):
        record_claim_statuses.record(data_copy, ledger_with(data_copy, {claim_id: "probably"}))
    assert snapshot(data_copy) == before


def test_an_overridden_hand_edit_is_flagged_with_the_committed_value():
    rows = [{"claim_id": "S1-01", "status": "consistent", "model_verdict": ""}]
    computed = {"S1-01": {"status": "contradicted", "model_verdict": ""}}
    committed = {"S1-01": {"status": "contradicted", "model_verdict": ""}}
    assert record_claim_statuses.overridden(rows, computed, committed) == [
        "S1-01 status: 'consistent' -> 'contradicted' "
        "(overrides a hand edit: 'contradicted' was committed)"
    ]
    assert record_claim_statuses.overridden(rows, computed, {}) == [
        "S1-01 status: 'consistent' -> 'contradicted'"
    ]


def test_make_notebooks_warns_about_uncommitted_notebooks(tmp_path, monkeypatch, capsys):
    from tools import execute_notebooks

    calls = []
    monkeypatch.setattr(rewrite, "uncommitted", lambda paths: calls.append(paths) or ["n.ipynb"])
    assert execute_notebooks.warn_uncommitted_notebooks([str(tmp_path / "n.ipynb")]) == ["n.ipynb"]
    assert calls == [[tmp_path / "n.ipynb"]]
    assert (
        "make notebooks rewrites files with uncommitted changes: n.ipynb" in capsys.readouterr().err
    )


def test_tool_processes_do_not_build_the_iri_parsers():
    # tools/__init__.py blocks rfc3987_syntax (39 parsers built on import); nbformat still
    # validates notebooks without it.
    code = (
        "import sys, tools, nbformat; "
        "nbformat.validate(nbformat.v4.new_notebook()); "
        "print(sys.modules['rfc3987_syntax'] is None)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert run.stdout.strip() == "True"
