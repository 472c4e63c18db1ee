"""The input file of `sasaeai evaluate --input` (docs/grading.md «Input») and its output.

`parse_input` checks the whole object and raises InputError naming the JSON path of the first
problem; nothing is graded unless every indicator is valid. `run` grades and returns the
documented {"results": [...]} object.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TypeVar

from .engine import IndicatorInput, Observation, TargetInput, evaluate_many
from .schemes import BUILTIN_SCHEMES, Scheme, SchemeError, parse_scheme

__all__ = ["InputError", "parse_input", "run"]

DEFAULT_SCHEME = "kenko21"
MIN_YEAR, MAX_YEAR = 1868, 2200
DIRECTIONS = ("increase", "decrease", "maintain")
_TOP_KEYS = ("scheme", "as_of", "indicators")
_INDICATOR_KEYS = (
    "id",
    "direction",
    "survey",
    "cumulative",
    "baseline",
    "targets",
    "actuals",
    "scheme",
)
_BASELINE_KEYS = ("fiscal_year", "value")
_TARGET_KEYS = ("fiscal_year", "value", "direction", "not_set_reason")
_ACTUAL_KEYS = ("fiscal_year", "value", "method_changed")

_Item = TypeVar("_Item", TargetInput, Observation)


class InputError(ValueError):
    """Raised for an invalid input file; the message starts with the JSON path of the problem."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def run(
    data: object,
    *,
    scheme: str | Mapping[str, object] | None = None,
    as_of: int | None = None,
) -> dict[str, object]:
    """Return {"results": [...]} for the input object data.

    scheme and as_of (the command line's --scheme and --as-of) replace the file's; an
    indicator's own scheme still wins. Raise InputError, or SchemeError for a bad scheme.
    """
    indicators, file_scheme, file_as_of = parse_input(data)
    chosen = parse_scheme(scheme) if scheme is not None else file_scheme
    year = as_of if as_of is not None else file_as_of
    return {"results": [r.as_dict() for r in evaluate_many(indicators, chosen, year)]}


def parse_input(data: object) -> tuple[list[IndicatorInput], Scheme, int | None]:
    """Return (indicators, scheme, as_of) of an input object; raise InputError."""
    top = _mapping(data, "入力全体", _TOP_KEYS)
    scheme = _scheme(top.get("scheme"), "scheme")
    as_of = _year(top.get("as_of"), "as_of", required=False)
    raw = top.get("indicators")
    if not isinstance(raw, list):
        raise InputError("indicators", "指標の配列にしてください")
    return [_indicator(item, f"indicators[{i}]") for i, item in enumerate(raw)], scheme, as_of


def _indicator(data: object, path: str) -> IndicatorInput:
    """Return the indicator at path."""
    d = _mapping(data, path, _INDICATOR_KEYS)
    ident = d.get("id")
    if not isinstance(ident, str):
        raise InputError(f"{path}.id", "文字列にしてください")
    own = d.get("scheme")
    return IndicatorInput(
        id=ident,
        baseline=_baseline(d.get("baseline"), f"{path}.baseline"),
        targets=tuple(_items(d, "targets", path, _target)),
        actuals=tuple(_items(d, "actuals", path, _actual)),
        direction=_direction(d.get("direction"), f"{path}.direction"),
        survey=_flag(d.get("survey"), f"{path}.survey"),
        cumulative=_flag(d.get("cumulative"), f"{path}.cumulative"),
        scheme=None if own is None else _scheme(own, f"{path}.scheme"),
    )


def _items(
    d: Mapping[str, object], key: str, path: str, read: Callable[[object, str], _Item]
) -> list[_Item]:
    """Return each element of the list d[key] (absent or null: none) read by read."""
    raw = d.get(key)
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InputError(f"{path}.{key}", "配列にしてください")
    return [read(item, f"{path}.{key}[{i}]") for i, item in enumerate(raw)]


def _baseline(data: object, path: str) -> Observation | None:
    """Return the baseline at path, None for null."""
    if data is None:
        return None
    d = _mapping(data, path, _BASELINE_KEYS)
    fiscal_year = _year(d.get("fiscal_year"), f"{path}.fiscal_year", required=False)
    return Observation(fiscal_year, _value(d.get("value"), f"{path}.value"))


def _target(data: object, path: str) -> TargetInput:
    """Return the target at path; it needs a value, a direction or a reason for having none."""
    d = _mapping(data, path, _TARGET_KEYS)
    reason = d.get("not_set_reason")
    if reason is not None and not isinstance(reason, str):
        raise InputError(f"{path}.not_set_reason", "文字列か null にしてください")
    target = TargetInput(
        _year(d.get("fiscal_year"), f"{path}.fiscal_year", required=False),
        _value(d.get("value"), f"{path}.value"),
        _direction(d.get("direction"), f"{path}.direction"),
        reason or None,
    )
    if target.value is None and target.direction is None and target.not_set_reason is None:
        raise InputError(path, "value・direction・not_set_reason のいずれかを指定してください")
    return target


def _actual(data: object, path: str) -> Observation:
    """Return the actual at path."""
    d = _mapping(data, path, _ACTUAL_KEYS)
    return Observation(
        _year(d.get("fiscal_year"), f"{path}.fiscal_year", required=True),
        _value(d.get("value"), f"{path}.value"),
        _flag(d.get("method_changed"), f"{path}.method_changed"),
    )


# --- scalars ---------------------------------------------------------------------------------


def _mapping(data: object, path: str, allowed: tuple[str, ...]) -> Mapping[str, object]:
    """Return data as a mapping with only allowed keys, else raise InputError."""
    if not isinstance(data, Mapping):
        raise InputError(path, "オブジェクトにしてください")
    for key in data:
        if key not in allowed:
            where = f"{path}.{key}" if path != "入力全体" else str(key)
            raise InputError(where, f"使えないキーです（使えるのは {', '.join(allowed)}）")
    return data


def _scheme(data: object, path: str) -> Scheme:
    """Return the scheme at path (absent: kenko21), turning SchemeError into InputError."""
    if data is None:
        return BUILTIN_SCHEMES[DEFAULT_SCHEME]
    if not isinstance(data, str | Mapping):
        raise InputError(path, "スキーム名（文字列）かオブジェクトにしてください")
    try:
        return parse_scheme(data)
    except SchemeError as error:
        raise InputError(f"{path}.{error.field}" if error.field else path, error.problem) from None


def _year(data: object, path: str, *, required: bool) -> int | None:
    """Return a fiscal year (a western year as an int), or None when allowed."""
    if data is None and not required:
        return None
    if isinstance(data, bool) or not isinstance(data, int) or not MIN_YEAR <= data <= MAX_YEAR:
        null = "" if required else "か null "
        raise InputError(path, f"西暦の年度（{MIN_YEAR}〜{MAX_YEAR}の整数）{null}にしてください")
    return data


def _value(data: object, path: str) -> float | None:
    """Return a finite number as a float, or None for null."""
    if data is None:
        return None
    if isinstance(data, bool) or not isinstance(data, int | float) or not math.isfinite(data):
        raise InputError(path, "数値か null にしてください")
    return float(data)


def _direction(data: object, path: str) -> str | None:
    """Return increase, decrease, maintain or None."""
    if data is None:
        return None
    if isinstance(data, str) and data in DIRECTIONS:
        return data
    raise InputError(path, f"{', '.join(DIRECTIONS)} か null にしてください")


def _flag(data: object, path: str) -> bool:
    """Return a boolean (absent or null: false)."""
    if data is None:
        return False
    if not isinstance(data, bool):
        raise InputError(path, "true か false にしてください")
    return data
