"""The one verdict rule (claims.model_verdict) on hand-made findings, and the ledger as the single
source of the paper's numbers (claims.ledger_value, claim_parameter, plausible ranges)."""

from __future__ import annotations

import dataclasses
import math

import pytest

from ecommod import claims, present


def finding(**changes) -> claims.Finding:
    base = dict(
        claim_id="X-01",
        unit="pct",
        claimed_low=40.0,
        claimed_high=40.0,
        tolerance=0.5,
        explanation="a hand-made finding",
    )
    return claims.Finding(**(base | changes))


@pytest.mark.parametrize(
    ("changes", "verdict"),
    [
        # over the plausible region: the share where the claim holds decides
        (dict(share_holding=0.0, region=(("a", 0.0, 1.0),)), "contradicted"),
        (dict(share_holding=0.25, region=(("a", 0.0, 1.0),)), "conditional"),
        (dict(share_holding=1.0, region=(("a", 0.0, 1.0),)), "reproduced"),
        # a condition that restates the claimed quantity tests nothing
        (dict(share_holding=0.25, region=(("a", 0.0, 1.0),), restates_claim=True), "illustrated"),
        # at one point: assumed driving inputs illustrate
        (dict(interval=(39.0, 41.0), assumed=("rate",), sourced=("NBS",)), "illustrated"),
        (dict(interval=(39.0, 41.0)), "illustrated"),  # no sourced input at all
        # sourced inputs: the claim, widened by its tolerance, meets the interval or not
        (dict(interval=(39.0, 41.0), sourced=("NBS",)), "reproduced"),
        (dict(interval=(40.4, 41.0), sourced=("NBS",)), "reproduced"),  # 40 + 0.5 reaches 40.4
        (dict(interval=(40.6, 41.0), sourced=("NBS",)), "contradicted"),
        (dict(interval=(30.0, 39.4), sourced=("NBS",)), "contradicted"),
        # a parameter set from the claim itself cannot test it
        (dict(interval=(39.0, 41.0), sourced=("NBS",), set_from_claim=("rate",)), "illustrated"),
    ],
)
def test_the_rule_on_hand_made_findings(changes, verdict):
    assert claims.model_verdict(finding(**changes)) == verdict


def test_a_direction_claim_meets_an_interval_on_its_side():
    above_one = dict(claimed_low=1.0, claimed_high=math.inf, tolerance=0.0, sourced=("PKU",))
    assert claims.model_verdict(finding(interval=(0.2, 0.4), **above_one)) == "contradicted"
    assert claims.model_verdict(finding(interval=(0.8, 1.3), **above_one)) == "reproduced"
    assert "more than 1" in claims.verdict_reason(finding(interval=(0.2, 0.4), **above_one))


def test_a_small_share_is_not_rounded_to_zero_or_to_all():
    region = (("a", 0.0, 1.0),)
    assert "holds in 0.4% of" in claims.verdict_reason(finding(share_holding=0.004, region=region))
    assert "holds in 99.6% of" in claims.verdict_reason(finding(share_holding=0.996, region=region))
    assert "holds in 14% of" in claims.verdict_reason(finding(share_holding=0.144, region=region))


def test_the_reason_states_the_share_and_region():
    reason = claims.verdict_reason(
        finding(share_holding=0.3, region=(("volatility", 0.02, 0.3),), holds_where="5-9%")
    )
    assert reason == ("the claim holds in 30% of the plausible region (volatility 0.02–0.3): 5-9%")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (dict(share_holding=1.5, region=(("a", 0.0, 1.0),)), "share_holding must be in"),
        (dict(share_holding=0.5), "needs the region"),
        (dict(interval=(2.0, 1.0)), "interval must be"),
        (dict(explanation=" "), "explanation must not be empty"),
    ],
)
def test_a_malformed_finding_is_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        finding(**changes)


def test_a_point_finding_with_sourced_inputs_needs_an_interval():
    with pytest.raises(ValueError, match="needs the model's interval"):
        claims.model_verdict(finding(sourced=("NBS",)))


def test_point_finding_reads_the_claim_from_the_ledger():
    # S1-04 claims 约13万亿元: 130000 亿元 with a whole unit (10000) of tolerance for 约.
    result = claims.point_finding("S1-04", 1.3, "x", unit="100m_yuan", interval=(1, 2))
    assert (result.claimed_low, result.tolerance) == (130000, 10000)
    in_trillions = claims.point_finding("S1-04", 1.3, "x", unit="yuan", interval=(1, 2))
    assert in_trillions.claimed_low == pytest.approx(1.3e13)


def test_region_finding_counts_the_share_of_the_grid():
    @dataclasses.dataclass(frozen=True)
    class Params:
        a: float = present.assumption(0.5, "fraction", "a", plausible=(0.0, 1.0, "reason"))
        b: float = present.assumption(2.0, "days", "b", plausible=(1.0, 3.0, "reason"))

    grid = claims.plausible_grid(Params(), ["a", "b"], points=5)
    assert len(grid) == 25
    assert grid["a"].min() == 0.0 and grid["b"].max() == 3.0
    result = claims.region_finding("S1-04", grid, grid["a"] > 0.5, "x")
    assert result.share_holding == pytest.approx(10 / 25)
    assert claims.model_verdict(result) == "conditional"
    assert result.assumed == ("a", "b")


def test_plausible_grid_refuses_a_parameter_without_a_range():
    @dataclasses.dataclass(frozen=True)
    class Params:
        a: float = present.assumption(0.5, "fraction", "a")

    with pytest.raises(ValueError, match="Params.a declares no plausible range"):
        claims.plausible_grid(Params(), ["a"])


def test_a_default_outside_its_plausible_range_is_refused():
    with pytest.raises(ValueError, match="outside its plausible range 0.1–0.2"):
        present.assumption(0.5, "fraction", "a", plausible=(0.1, 0.2, "reason"))
    with pytest.raises(ValueError, match="low < high"):
        present.assumption(0.5, "fraction", "a", plausible=(0.9, 0.2, "reason"))


def test_ledger_value_converts_through_the_units_table():
    # S1-01: 150000 亿元 (约15万亿元)
    assert claims.ledger_value("S1-01", "100m_yuan") == 150000
    assert claims.ledger_value("S1-01", "yuan") == pytest.approx(1.5e13)
    assert claims.ledger_value("S1-02", "fraction") == pytest.approx(0.072)
    with pytest.raises(ValueError, match="cannot express claim S1-01"):
        claims.ledger_value("S1-01", "days")
    with pytest.raises(KeyError, match="S9-99"):
        claims.ledger_value("S9-99", "pct")
