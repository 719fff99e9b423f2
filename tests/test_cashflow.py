"""The shared day-count convention, cash conversion cycle and working capital."""

import numpy as np
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


def test_cash_conversion_cycle_and_working_capital_by_hand():
    assert cashflow.cash_conversion_cycle(45, 10, 20) == 35.0
    # 365 yuan of sales a year = 1 yuan a day, goods at half: 0.5 * (10 - 4) + 1 * 2 = 5 yuan.
    assert cashflow.working_capital(365.0, 0.5, 10, 2, 4) == pytest.approx(5.0)
    np.testing.assert_allclose(cashflow.cash_conversion_cycle([45, 23], [10, 1], [20, 20]), [35, 4])


def test_working_capital_arrays_name_bad_elements():
    with pytest.raises(ValueError, match=r"inventory_days\[1\]"):
        cashflow.cash_conversion_cycle([1, -2], [0, 0], [0, 0])
