"""Shorthands for building grading inputs in tests."""

from __future__ import annotations

from sasaeai.grading import IndicatorInput, Observation, Scheme, TargetInput

Target = tuple[int | None, float | None] | TargetInput
Actual = tuple[int | None, float | None] | Observation


def indicator(
    baseline: tuple[int | None, float | None] | None = (2019, 10.2),
    targets: tuple[Target, ...] = ((2025, 12.0),),
    actuals: tuple[Actual, ...] = ((2022, 11.0),),
    direction: str | None = "increase",
    *,
    survey: bool = False,
    cumulative: bool = False,
    scheme: Scheme | None = None,
) -> IndicatorInput:
    """Return an IndicatorInput; (year, value) pairs stand for targets and actuals."""
    return IndicatorInput(
        id="x",
        baseline=None if baseline is None else Observation(*baseline),
        targets=tuple(t if isinstance(t, TargetInput) else TargetInput(*t) for t in targets),
        actuals=tuple(a if isinstance(a, Observation) else Observation(*a) for a in actuals),
        direction=direction,
        survey=survey,
        cumulative=cumulative,
        scheme=scheme,
    )
