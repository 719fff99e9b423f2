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
