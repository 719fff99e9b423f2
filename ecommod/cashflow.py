"""Money waiting to be paid: one day-count convention for every chapter, and the operating cycle.

Settlement delays (§4.4.1), farmers' payment cycles (§4.4.2), inventory and receivable days
(§4.1-4.3, S1-07) and trade-credit terms (§3.3) all turn days into yuan the same way: a steady
yearly flow that waits ``days`` keeps ``flow × days / 365`` yuan tied up on average. The cash
conversion cycle and the net working capital of a seller's operating cycle are built on it.
"""

from __future__ import annotations

from ecommod import validate

#: The day count of a year used throughout (actual/365).
DAYS_PER_YEAR = 365


def year_fraction(days):
    """``days`` as a fraction of a year (actual/365); days ≥ 0, vectorised."""
    return validate.array("days", days, low=0.0) / DAYS_PER_YEAR


def tied_up(annual_flow_yuan, days):
    """Yuan tied up on average by a steady yearly flow (yuan per year) that waits ``days``.

    >>> float(tied_up(365_000, 10))
    10000.0
    """
    flow = validate.array("annual_flow_yuan", annual_flow_yuan, low=0.0)
    return flow * year_fraction(days)


def cash_conversion_cycle(inventory_days, receivable_days, payable_days):
    """Cash conversion cycle (days) = inventory days + receivable days - payable days.

    Richards and Laughlin (1980). Vectorised over numpy arrays.
    """
    inventory = validate.array("inventory_days", inventory_days, low=0.0)
    receivable = validate.array("receivable_days", receivable_days, low=0.0)
    payable = validate.array("payable_days", payable_days, low=0.0)
    result = inventory + receivable - payable
    return float(result) if result.ndim == 0 else result


def working_capital(
    annual_sales_yuan, cost_of_goods_share, inventory_days, receivable_days, payable_days
):
    """Net working capital tied up in the operating cycle (yuan).

    Inventory and payables turn over at cost of goods, receivables at sales:
    ``COGS/365 * inventory_days + sales/365 * receivable_days - COGS/365 * payable_days``.
    """
    sales = validate.array("annual_sales_yuan", annual_sales_yuan, low=0.0)
    cogs_share = validate.array("cost_of_goods_share", cost_of_goods_share, low=0.0, high=1.0)
    inventory = validate.array("inventory_days", inventory_days, low=0.0)
    receivable = validate.array("receivable_days", receivable_days, low=0.0)
    payable = validate.array("payable_days", payable_days, low=0.0)
    cost = sales * cogs_share
    result = tied_up(cost, inventory) + tied_up(sales, receivable) - tied_up(cost, payable)
    return float(result) if result.ndim == 0 else result
