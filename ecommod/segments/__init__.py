"""Cross-border and rural e-commerce, §4.4."""


def plausible_range(parameters, name: str) -> tuple[float, float]:
    """The declared plausible range (low, high) of field ``name`` of a parameters dataclass
    (``present.assumption(..., plausible=...)``), for checks that report across it."""
    import dataclasses

    fields = {f.name: f for f in dataclasses.fields(parameters)}
    if name not in fields or "plausible" not in fields[name].metadata:
        raise ValueError(f"{name!r} is not a parameter with a plausible range of {parameters!r}")
    low, high, _ = fields[name].metadata["plausible"]
    return low, high


def batch_standard_error(frame, unit: str, statistic, batches: int = 10):
    """Monte Carlo standard error of ``statistic(frame)`` by batch means: the independent
    simulation units (column ``unit``: merchant-years, seasons) are split into ``batches``
    consecutive groups, the statistic is computed on each, and the error of the whole-sample
    value is the standard deviation across groups over √batches.

    ``statistic`` returns a number or a dict of numbers (then a dict of errors is returned).
    """
    import math

    import numpy as np

    from ecommod import validate

    validate.count("batches", batches, minimum=2)
    validate.columns("frame", frame, (unit,))
    units = frame[unit].to_numpy()
    order = np.unique(units)
    if len(order) < batches:
        raise ValueError(f"frame has {len(order)} {unit} values, fewer than batches={batches}")
    group = np.searchsorted(order, units) * batches // len(order)
    results = [statistic(frame[group == g]) for g in range(batches)]
    if isinstance(results[0], dict):
        return {
            key: float(np.std([r[key] for r in results], ddof=1) / math.sqrt(batches))
            for key in results[0]
        }
    return float(np.std(results, ddof=1) / math.sqrt(batches))
