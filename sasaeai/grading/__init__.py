"""Grading (評価): achievement rates and grades of indicators, in pure Python.

docs/grading.md is the specification. Nothing here imports Django or the rest of the project:
plain values and frozen dataclasses in, frozen dataclasses out.
"""

from .engine import IndicatorInput, Observation, Result, TargetInput, evaluate, evaluate_many
from .schemes import (
    BUILTIN_SCHEMES,
    Band,
    Scheme,
    SchemeError,
    composite,
    distribution,
    parse_scheme,
)

__all__ = [
    "BUILTIN_SCHEMES",
    "Band",
    "IndicatorInput",
    "Observation",
    "Result",
    "Scheme",
    "SchemeError",
    "TargetInput",
    "composite",
    "distribution",
    "evaluate",
    "evaluate_many",
    "parse_scheme",
]
