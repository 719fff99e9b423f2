"""The shared day-count convention."""

import pytest

from ecommod import cashflow


def test_tied_up_by_hand():
    assert float(cashflow.tied_up(365_000, 10)) == 10_000.0
    assert float(cashflow.tied_up(0, 30)) == 0.0
    assert cashflow.year_fraction([0, 73, 365]).tolist() == [0.0, 0.2, 1.0]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: cashflow.tied_up(-1.0, 10), "annual_flow_yuan must be finite and between 0"),
        (lambda: cashflow.tied_up(100.0, -3), "days must be finite and between 0"),
    ],
)
def test_bad_input_names_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()
