"""The grading package stays pure: standard library only, no Django, no clock."""

from __future__ import annotations

import ast
from pathlib import Path

import sasaeai.grading

PACKAGE = Path(sasaeai.grading.__file__).parent
ALLOWED = {"__future__", "collections", "dataclasses", "itertools", "math", "typing"}


def imported_modules(path: Path) -> set[str]:
    """Return the top-level names of the absolute imports in path."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_grading_imports_only_the_standard_library() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        assert imported_modules(path) <= ALLOWED, path.name


def test_the_public_api() -> None:
    assert set(sasaeai.grading.__all__) >= {
        "BUILTIN_SCHEMES",
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
    }
