"""Every parameters dataclass of ecommod: claim-sourced defaults equal the ledger, and every
assumed number declares its plausible range (DESIGN.md, "Claim ledger")."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re

import pytest

import ecommod
from ecommod import claims

_CLAIM_ID = re.compile(r"^S\d[\d-]*\d$")


def _parameter_fields():
    """(module, class, field) for every documented field of every ecommod dataclass."""
    found = []
    for info in pkgutil.walk_packages(ecommod.__path__, "ecommod."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and dataclasses.is_dataclass(value)
                and value.__module__ == info.name
            ):
                for item in dataclasses.fields(value):
                    if "unit" in item.metadata:
                        found.append((info.name, value, item))
    return found


FIELDS = _parameter_fields()
IDS = [f"{cls.__name__}.{item.name}" for _, cls, item in FIELDS]


def test_the_walk_finds_the_parameters():
    assert len(FIELDS) > 50


@pytest.mark.parametrize(("module", "cls", "item"), FIELDS, ids=IDS)
def test_a_claim_sourced_default_is_read_from_the_ledger(module, cls, item):
    source = item.metadata["source"]
    if not _CLAIM_ID.match(source):
        return
    assert "ledger" in item.metadata, (
        f"{cls.__name__}.{item.name} cites {source} but does not read its default from the "
        "ledger: declare it with claims.claim_parameter"
    )
    claim_id, unit, field = item.metadata["ledger"]
    assert claim_id == source
    assert item.default == pytest.approx(claims.ledger_value(claim_id, unit, field))


@pytest.mark.parametrize(("module", "cls", "item"), FIELDS, ids=IDS)
def test_an_assumed_number_declares_its_plausible_range(module, cls, item):
    if item.metadata["source"] != "assumption":
        return
    default = item.default
    if isinstance(default, bool) or not isinstance(default, int | float):
        return
    assert "plausible" in item.metadata, (
        f"{cls.__name__}.{item.name} = {default} is an assumption without a plausible range: "
        "give present.assumption(..., plausible=(low, high, reason))"
    )
