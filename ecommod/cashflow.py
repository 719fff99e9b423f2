"""Money waiting to be paid: one day-count convention for every chapter.

Settlement delays (§4.4.1), farmers' payment cycles (§4.4.2), inventory and receivable days
(§4.1-4.3, S1-07) and trade-credit terms (§3.3) all turn days into yuan the same way: a steady
yearly flow that waits ``days`` keeps ``flow × days / 365`` yuan tied up on average.
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
