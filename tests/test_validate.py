"""The shared input checks: each names the parameter, the value and what was expected."""

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from ecommod import present, validate


@pytest.mark.parametrize(
    ("check", "value", "message"),
    [
        (validate.share, 1.5, r"rate must be between 0 and 1 .*got 1.5"),
        (validate.share, -0.1, r"rate must be between 0 and 1"),
        (validate.positive, 0, r"rate must be above 0, got 0"),
        (validate.non_negative, -1, r"rate must be 0 or more, got -1"),
        (validate.number, "0.3", r"rate must be a finite number, got '0.3'"),
        (validate.number, True, r"rate must be a finite number, got True"),
        (validate.number, math.nan, r"rate must be a finite number"),
        (validate.count, 2.0, r"rate must be a whole number >= 1, got 2.0"),
    ],
)
def test_checks_name_parameter_value_and_expectation(check, value, message):
    with pytest.raises(ValueError, match=message):
        check("rate", value)


def test_checks_return_good_values_unchanged():
    assert validate.share("s", 0.35) == 0.35
    assert validate.count("n", np.int64(5)) == 5
    assert validate.in_range("t", 3, 1, 5) == 3
    assert validate.one_of("m", "a", {"a", "b"}) == "a"


def test_array_names_the_first_bad_element():
    with pytest.raises(
        ValueError, match=r"shares\[2\] must be finite and between 0 and 1, got 1.2"
    ):
        validate.array("shares", [0.1, 0.2, 1.2, 2.0], low=0, high=1)
    with pytest.raises(ValueError, match="shares must be non-empty"):
        validate.array("shares", [])
    with pytest.raises(ValueError, match="shares must be numeric"):
        validate.array("shares", ["a"])
    assert validate.array("shares", [0.5]).tolist() == [0.5]
    with pytest.raises(ValueError, match=r"^gmv must be finite and between 0 and inf, got -1.0$"):
        validate.array("gmv", -1.0, low=0)


def test_columns_lists_the_missing_ones():
    with pytest.raises(ValueError, match=r"panel is missing column\(s\) \['year'\]"):
        validate.columns("panel", pd.DataFrame({"province": []}), ["province", "year"])


def test_assumptions_table_reads_field_metadata():
    @dataclass(frozen=True)
    class Loan:
        rate: float = present.assumption(0.06, "fraction per year", "interest rate", "S1-01")
        term: int = present.assumption(12, "months", "loan term")

    frame = present.assumptions_table(Loan(rate=0.05))
    assert frame.to_dict("records") == [
        {
            "parameter": "rate",
            "value": "0.05",
            "unit": "fraction per year",
            "meaning": "interest rate",
            "source": "S1-01",
        },
        {
            "parameter": "term",
            "value": "12",
            "unit": "months",
            "meaning": "loan term",
            "source": "assumption",
        },
    ]


def test_assumptions_table_refuses_undocumented_fields():
    @dataclass(frozen=True)
    class Bare:
        rate: float = 0.1

    with pytest.raises(ValueError, match="Bare.rate is not documented"):
        present.assumptions_table(Bare())


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.35, "0.35"),
        (0.055, "0.055"),
        (500_000, "500,000"),
        (1e-4, "0.0001"),
        (True, "yes"),
        ((0.3, 0.55), "0.3, 0.55"),
        ("normal", "normal"),
        (-0.0, "0"),
        (2.0, "2"),
    ],
)
def test_format_value_keeps_every_decimal(value, text):
    assert present.format_value(value) == text


def test_assumptions_table_writes_years_without_separators():
    @dataclass(frozen=True)
    class Horizon:
        start: int = present.assumption(2024, "year", "first year")
        sales: float = present.assumption(2024.0, "yuan", "sales")
        flow: float = present.assumption(1e6, "yuan per year", "sales a year")

    assert present.assumptions_table(Horizon())["value"].tolist() == ["2024", "2,024", "1,000,000"]


@pytest.mark.parametrize("value", [-1, 1.0, "1", None, True, np.float64(3), validate.MAX_SEED + 1])
def test_seed_must_be_a_whole_number_in_range(value):
    expected = r"^seed must be a whole number between 0 and 4,294,967,295"
    with pytest.raises(ValueError, match=expected):
        validate.seed("seed", value)


def test_seed_accepts_numpy_and_python_integers_at_the_bounds():
    assert validate.seed("seed", 0) == 0
    assert validate.seed("seed", np.uint32(validate.MAX_SEED)) == 2**32 - 1
    np.random.RandomState(validate.seed("seed", validate.MAX_SEED))  # the legacy bound holds


def test_size_states_its_ceiling_before_anything_is_allocated():
    expected = r"^n_paths must be at most 100,000,000 .*got 1000000000000$"
    with pytest.raises(ValueError, match=expected):
        validate.size("n_paths", 10**12)
    with pytest.raises(ValueError, match=r"n_paths must be at most 1,000,000 of 100 elements each"):
        validate.size("n_paths", 2_000_000, per_item=100)
    with pytest.raises(ValueError, match="a whole number >= 1"):
        validate.size("n_paths", 0)
    assert validate.size("n_paths", 1_000_000, per_item=100) == 1_000_000


@pytest.mark.parametrize(
    ("check", "value", "message"),
    [
        (validate.text, "", "a non-empty string"),
        (validate.text, None, "a non-empty string"),
        (validate.flag, 1, "True or False"),
        (validate.integer, 2020.0, "a whole number between"),
    ],
)
def test_text_flag_and_integer_refuse_other_types(check, value, message):
    arguments = ("year", value, 1800, 2200) if check is validate.integer else ("year", value)
    with pytest.raises(ValueError, match=f"year must be {message}"):
        check(*arguments)


def test_instance_shows_a_large_value_by_type_and_length():
    with pytest.raises(ValueError, match=r"frame must be a DataFrame, got a list of length 3$"):
        validate.instance("frame", [1, 2, 3], pd.DataFrame, "a DataFrame")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: validate.in_range("rate", 0.5, math.nan, 1.0), r"^low must be a number or an"),
        (lambda: validate.in_range("rate", 0.5, 0.0, None), r"^high must be a number, got None"),
        (lambda: validate.array("rates", [0.5], low="0"), r"^low must be a number, got '0'"),
        (lambda: validate.array("rates", [0.5], high=np.array([])), r"^high must be a number"),
        (lambda: validate.integer("year", 2020, 1900, math.inf), r"^high must be a whole number"),
        (lambda: validate.count("n", 3, minimum=math.nan), r"^minimum must be a whole number"),
        (lambda: validate.size("n", 3, per_item=0.5), r"^per_item must be a whole number >= 1"),
    ],
)
def test_a_check_refuses_a_bound_that_no_value_can_be_compared_with(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_infinite_bounds_stay_allowed():
    assert validate.in_range("rate", 0.5, -math.inf, math.inf) == 0.5
    assert validate.array("rates", [0.5], low=-math.inf, high=np.float64(1.0)).tolist() == [0.5]
