"""ecommod.cache: results kept by content digest, computed once, never kept when they fail."""

from __future__ import annotations

import sys

import pytest

from ecommod import cache, claims, data
from tests.test_data import rewrite_csv


@pytest.fixture
def cache_on(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV_VAR, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_result_is_computed_once_per_key_and_only_with_caching_on(cache_on, monkeypatch):
    calls = []

    def compute():
        calls.append(1)
        return {"value": len(calls)}

    assert cache.memoised("n", cache.key("a"), compute) == {"value": 1}
    assert cache.memoised("n", cache.key("a"), compute) == {"value": 1}
    assert cache.memoised("n", cache.key("b"), compute) == {"value": 2}
    monkeypatch.delenv(cache.CACHE_ENV_VAR)
    assert cache.memoised("n", cache.key("a"), compute) == {"value": 3}
    assert len(calls) == 3


def test_a_failure_is_not_kept(cache_on):
    def fail():
        raise ValueError("no")

    with pytest.raises(ValueError):
        cache.memoised("n", cache.key("a"), fail)
    assert cache.memoised("n", cache.key("a"), lambda: 1) == 1


def test_a_table_is_validated_once_per_content(cache_on, data_copy, monkeypatch):
    """The second load of unchanged data does not import frictionless; changed data are
    validated again and a damaged file fails although an earlier copy was valid."""
    data._load_own.cache_clear()
    data.load_table("sources", data_copy)
    assert len(list((cache_on / "validation").glob("*.pickle"))) == 1
    data._load_own.cache_clear()
    monkeypatch.setitem(sys.modules, "frictionless", None)  # importing it would fail
    data.load_table("sources", data_copy)
    monkeypatch.undo()
    monkeypatch.setenv(cache.CACHE_ENV_VAR, str(cache_on))
    data._load_own.cache_clear()
    rewrite_csv(data_copy / "sources.csv", lambda rows: rows[1].__setitem__(-1, "edited"))
    with pytest.raises(data.DataValidationError, match="sources.csv"):
        data.load_table("sources", data_copy)
    data._load_own.cache_clear()


def test_a_model_check_is_kept_by_the_digest_of_code_and_data(cache_on, monkeypatch):
    """Run once, then read back; a different third-party content (or code) is another key."""
    calls = []
    real = claims.run_model_check

    def counting(claim_id, name):
        calls.append(claim_id)
        return real(claim_id, name)

    monkeypatch.setattr(claims, "run_model_check", counting)
    claim_id, name = "S1-04", "ecommod.market:physical_goods_level_from_share"
    first = claims._cached_model_check(claim_id, name)
    assert claims._cached_model_check(claim_id, name) == first and calls == [claim_id]
    monkeypatch.setattr(cache, "external_digest", lambda: "other content")
    assert claims._cached_model_check(claim_id, name) == first and len(calls) == 2
