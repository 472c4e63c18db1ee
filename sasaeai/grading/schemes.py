"""Grade schemes (評価方式): data that says how an achievement becomes a grade.

A scheme is either a rule (`kenko21`, `sabc`, `abc`, `toward_target`) with a tolerance and a
formula, or a band scheme (`bands` + `else`) that grades the achievement rate. `parse_scheme`
reads a name or a JSON object, `Scheme.to_dict` writes the canonical object back. `composite`
and `distribution` summarise the grades of several indicators.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise

__all__ = [
    "BUILTIN_SCHEMES",
    "DEFAULT_LABELS",
    "FORMULAS",
    "RULES",
    "Band",
    "Scheme",
    "SchemeError",
    "composite",
    "distribution",
    "parse_scheme",
]

RULES = ("kenko21", "sabc", "abc", "toward_target")
FORMULAS = ("baseline_relative", "simple", "decrease_inverse", "decrease_shortfall", "prorata")
DEFAULT_LABELS = ("前進", "後退・横ばい")
E = "E"

# The tolerance of kenko21, sabc, toward_target and band schemes is a share (0.05 = 5 %);
# that of abc is in percentage points (3 = 3 points), as the published abc rule is written.
_DEFAULT_TOLERANCE = {"kenko21": 0.05, "sabc": 0.10, "abc": 3.0, "toward_target": 0.05}
_BAND_TOLERANCE = 0.05
_FIXED_GRADES = {
    "kenko21": ("A", "B", "B*", "C", "D", E),
    "sabc": ("S", "A", "B", "C", E),
    "abc": ("a", "b", "c", E),
}
_FIXED_POINTS = {
    "kenko21": {"A": 5, "B": 4, "B*": 4, "C": 3, "D": 2},
    "sabc": {"S": 5, "A": 4, "B": 3, "C": 2},
    "abc": {"a": 5, "b": 3, "c": 2},
}
_TITLES = {
    "kenko21": "健康日本21方式",
    "sabc": "SABC方式",
    "abc": "abc方式",
    "level5": "5段階評価",
    "toward": "前進・後退評価",
}
_RULE_KEYS = {"rule", "tolerance", "formula"}
_TOWARD_KEYS = {"rule", "labels", "tolerance"}
_BAND_KEYS = {"formula", "bands", "else", "tolerance"}
_MAX_LABEL = 20

BUILTIN_SPECS: dict[str, dict[str, object]] = {
    "kenko21": {"rule": "kenko21", "tolerance": 0.05, "formula": "baseline_relative"},
    "sabc": {"rule": "sabc", "tolerance": 0.10, "formula": "baseline_relative"},
    "abc": {"rule": "abc", "tolerance": 3, "formula": "baseline_relative"},
    "level5": {
        "formula": "baseline_relative",
        "bands": [
            {"min": 1.0, "grade": "5"},
            {"min": 0.8, "grade": "4"},
            {"min": 0.6, "grade": "3"},
            {"min": 0.4, "grade": "2"},
        ],
        "else": "1",
    },
    "toward": {"rule": "toward_target"},
}


class SchemeError(ValueError):
    """Raised for a scheme that cannot be used; the message names the field (「bands[1].min は…」).

    `field` is the path inside the scheme object ("" for the scheme itself) and `problem`
    the Japanese sentence without it, so a caller can prefix its own path.
    """

    def __init__(self, field: str, problem: str) -> None:
        first = problem[:1]
        space = " " if first.isascii() and first.isalpha() else ""  # 「は kenko21」「は指定」
        super().__init__(f"{field or 'scheme'} は{space}{problem}")
        self.field = field
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Band:
    """One band of a band scheme: a rate of at least `min` gives `grade`."""

    min: float
    grade: str


@dataclass(frozen=True, slots=True)
class Scheme:
    """A grade scheme. Build it with `parse_scheme`; `rule` is "bands" for a band scheme.

    `tolerance` None means the rule's default. `name`, `grades`, the Japanese labels and the
    tolerance as a share, in points and as text (「5%」「5ポイント」「0.05」: relative change,
    survey points, difference from a zero baseline) are derived when the scheme is made; an
    invalid scheme raises SchemeError.
    """

    rule: str = "kenko21"
    tolerance: float | None = None
    formula: str = "baseline_relative"
    bands: tuple[Band, ...] = ()
    else_grade: str | None = None
    labels: tuple[str, str] = DEFAULT_LABELS
    name: str = field(init=False, compare=False)
    grades: tuple[str, ...] = field(init=False, compare=False, repr=False)
    _points: dict[str, int] = field(init=False, compare=False, repr=False)
    _labels: dict[str, str] = field(init=False, compare=False, repr=False)
    title: str = field(init=False, compare=False, repr=False)
    tolerance_share: float = field(init=False, compare=False, repr=False)
    tolerance_points: float = field(init=False, compare=False, repr=False)
    tolerance_texts: tuple[str, str, str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        """Validate the scheme, fill the default tolerance, derive name, grades and labels."""
        _validate(self)
        tolerance = self.tolerance
        if tolerance is None:
            default = _BAND_TOLERANCE if self.rule == "bands" else _DEFAULT_TOLERANCE[self.rule]
            tolerance = default
        object.__setattr__(self, "tolerance", float(tolerance))
        spec = self.to_dict()
        name = next((n for n, s in BUILTIN_SPECS.items() if s == spec), "custom")
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "grades", _grades_of(self))
        object.__setattr__(self, "_points", _points_of(self))
        object.__setattr__(self, "_labels", _labels_of(self))
        object.__setattr__(self, "title", _title_of(self))
        # A share for relative changes, points for survey indicators (abc's own unit is points).
        share = self.tol / 100 if self.rule == "abc" else self.tol
        object.__setattr__(self, "tolerance_share", share)
        object.__setattr__(self, "tolerance_points", share * 100)
        texts = (_share_text(share), f"{_number_text(share * 100)}ポイント", _number_text(share))
        object.__setattr__(self, "tolerance_texts", texts)

    @property
    def tol(self) -> float:
        """Return the tolerance as a float (always set after construction)."""
        return self.tolerance if self.tolerance is not None else 0.0

    def to_dict(self) -> dict[str, object]:
        """Return the canonical JSON-able object; `parse_scheme` reads it back to an equal scheme.

        Defaults that the documented objects leave out (band and toward tolerance, toward
        labels) are left out here too, so a built-in gives exactly its documented object.
        """
        if self.rule == "bands":
            out: dict[str, object] = {
                "formula": self.formula,
                "bands": [{"min": b.min, "grade": b.grade} for b in self.bands],
                "else": self.else_grade,
            }
            return _with_tolerance(out, self.tolerance, _BAND_TOLERANCE)
        if self.rule == "toward_target":
            out = {"rule": self.rule}
            if self.labels != DEFAULT_LABELS:
                out["labels"] = {"toward": self.labels[0], "not": self.labels[1]}
            return _with_tolerance(out, self.tolerance, _DEFAULT_TOLERANCE[self.rule])
        return {"rule": self.rule, "tolerance": _plain(self.tol), "formula": self.formula}

    def label(self, grade: str) -> str:
        """Return the Japanese description of grade for a badge ("" when not in the scheme)."""
        return self._labels.get(grade, "")

    def points(self, grade: str) -> int | None:
        """Return the composite points of grade; None for E and grades not in the scheme."""
        return self._points.get(grade)


def _with_tolerance(
    out: dict[str, object], tolerance: float | None, default: float
) -> dict[str, object]:
    """Add tolerance to out when it differs from default."""
    if tolerance is not None and tolerance != default:
        out["tolerance"] = _plain(tolerance)
    return out


def _plain(x: float) -> float | int:
    """Return x as an int when it is whole (3.0 → 3), else as it is."""
    return int(x) if x.is_integer() else x


# --- validation ------------------------------------------------------------------------------


def _validate(s: Scheme) -> None:
    """Raise SchemeError for the first invalid field of s."""
    if s.rule != "bands" and s.rule not in RULES:
        raise SchemeError("rule", f"{', '.join(RULES)} のいずれかにしてください")
    if s.formula not in FORMULAS:
        raise SchemeError("formula", f"{', '.join(FORMULAS)} のいずれかにしてください")
    if s.tolerance is not None:
        _validate_tolerance(s.rule, s.tolerance)
    if s.rule == "bands":
        _validate_bands(s.bands, s.else_grade)
    elif s.rule == "toward_target":
        _validate_labels(s.labels)


def _validate_tolerance(rule: str, tolerance: float) -> None:
    """Raise SchemeError unless tolerance is finite and in the rule's range."""
    if not isinstance(tolerance, int | float) or isinstance(tolerance, bool):
        raise SchemeError("tolerance", "数値にしてください")
    if rule == "abc":
        if not 0 <= tolerance <= 100:
            raise SchemeError("tolerance", "ポイント数（0以上100以下）にしてください")
    elif not 0 <= tolerance < 1:
        raise SchemeError("tolerance", "割合（0.05 = 5%）で、0以上1未満にしてください")


def _validate_bands(bands: tuple[Band, ...], else_grade: str | None) -> None:
    """Raise SchemeError unless bands is non-empty, decreasing, with distinct labels."""
    if not bands:
        raise SchemeError("bands", "1つ以上の帯を並べてください")
    seen: set[str] = set()
    previous = math.inf
    for i, band in enumerate(bands):
        if not isinstance(band.min, int | float) or isinstance(band.min, bool):
            raise SchemeError(f"bands[{i}].min", "数値にしてください")
        if not math.isfinite(band.min):
            raise SchemeError(f"bands[{i}].min", "有限の数値にしてください")
        if band.min >= previous:
            raise SchemeError(f"bands[{i}].min", "前の帯の min より小さくしてください")
        previous = band.min
        _validate_grade(f"bands[{i}].grade", band.grade, seen)
    _validate_grade("else", else_grade, seen)


def _validate_labels(labels: tuple[str, str]) -> None:
    """Raise SchemeError unless the two toward_target labels are usable and distinct."""
    seen: set[str] = set()
    _validate_grade("labels.toward", labels[0], seen)
    _validate_grade("labels.not", labels[1], seen)


def _validate_grade(where: str, grade: object, seen: set[str]) -> None:
    """Raise SchemeError unless grade is a new, short, non-empty label other than E."""
    if not isinstance(grade, str) or not grade.strip():
        raise SchemeError(where, "空でない文字列にしてください")
    if len(grade) > _MAX_LABEL:
        raise SchemeError(where, f"{_MAX_LABEL}文字以内にしてください")
    if grade == E:
        raise SchemeError(where, "E 以外にしてください（E は評価困難に使います）")
    if grade in seen:
        raise SchemeError(where, f"ほかと重ならない評語にしてください（「{grade}」が重複）")
    seen.add(grade)


# --- derived data ----------------------------------------------------------------------------


def _grades_of(s: Scheme) -> tuple[str, ...]:
    """Return the grades of s, best first, ending with E."""
    if s.rule == "bands":
        return (*(b.grade for b in s.bands), s.else_grade or "", E)
    if s.rule == "toward_target":
        return (*s.labels, E)
    return _FIXED_GRADES[s.rule]


def _points_of(s: Scheme) -> dict[str, int]:
    """Return the composite points of each grade of s but E.

    Band labels that are all whole numbers count as their number (level5: "5" = 5); other
    band labels count by rank, 5 for the best band and one less for each band below (so
    A, B, C, D count 5, 4, 3, 2 as in kenko21). toward_target grades carry no points.
    """
    if s.rule in _FIXED_POINTS:
        return dict(_FIXED_POINTS[s.rule])
    if s.rule == "toward_target":
        return {}
    labels = s.grades[:-1]
    numbers = [_whole_number(g) for g in labels]
    if all(n is not None for n in numbers):
        return {g: n for g, n in zip(labels, numbers, strict=True) if n is not None}
    return {g: 5 - i for i, g in enumerate(labels)}


def _whole_number(text: str) -> int | None:
    """Return text as an int when it is one ("5", "-1"), else None."""
    stripped = text.strip()
    digits = stripped[1:] if stripped[:1] in "+-" else stripped
    return int(stripped) if digits.isascii() and digits.isdigit() else None


def _labels_of(s: Scheme) -> dict[str, str]:
    """Return the Japanese description of each grade of s."""
    if s.rule == "bands":
        return _band_labels(s)
    if s.rule == "toward_target":
        return {
            s.labels[0]: "目標に向かって前進した",
            s.labels[1]: "後退または横ばい",
            E: "評価困難",
        }
    if s.rule == "kenko21":
        return {
            "A": "目標値に達した",
            "B": "改善傾向にある",
            "B*": "改善しているが目標年度までの到達が危ぶまれる",
            "C": "変わらない",
            "D": "悪化している",
            E: "評価困難",
        }
    if s.rule == "sabc":
        tol = _share_text(s.tol)
        return {
            "S": "目標を上回った",
            "A": "基準値より改善",
            "B": f"基準値の±{tol}以内",
            "C": "悪化",
            E: "評価困難",
        }
    tol = _number_text(s.tol)
    return {
        "a": f"改善（{tol}ポイント超）",
        "b": f"変化なし（±{tol}ポイント以内）",
        "c": f"悪化（{tol}ポイント超）",
        E: "評価困難",
    }


def _title_of(s: Scheme) -> str:
    """Return the Japanese name of the scheme that starts each explanation (「健康日本21方式」)."""
    if s.name in _TITLES:
        return _TITLES[s.name]
    if s.rule == "bands":
        return "段階評価（年次按分）" if s.formula == "prorata" else "段階評価"
    return _TITLES["toward" if s.rule == "toward_target" else s.rule]


def _band_labels(s: Scheme) -> dict[str, str]:
    """Return 「達成率80%以上」 for each band and 「達成率40%未満」 for the else grade."""
    rate = "年次按分の達成率" if s.formula == "prorata" else "達成率"
    out = {b.grade: f"{rate}{_share_text(b.min)}以上" for b in s.bands}
    out[s.else_grade or ""] = f"{rate}{_share_text(s.bands[-1].min)}未満"
    out[E] = "評価困難"
    return out


def _share_text(share: float) -> str:
    """Return a share as a percentage without trailing noise (0.05 → 「5%」, 0.125 → 「12.5%」)."""
    return f"{_number_text(share * 100)}%"


def _number_text(x: float) -> str:
    """Return x with at most 3 decimals and no trailing zeros (3.0 → 「3」)."""
    text = f"{x:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# --- parsing ---------------------------------------------------------------------------------


def parse_scheme(spec: str | Mapping[str, object]) -> Scheme:
    """Return the scheme named by spec or described by a scheme object; raise SchemeError."""
    if isinstance(spec, str):
        if spec not in BUILTIN_SCHEMES:
            names = ", ".join(BUILTIN_SCHEMES)
            raise SchemeError(
                "", f"{names} のいずれかかスキームのオブジェクトにしてください（「{spec}」）"
            )
        return BUILTIN_SCHEMES[spec]
    if not isinstance(spec, Mapping):
        raise SchemeError("", "スキーム名（文字列）かオブジェクトにしてください")
    if "rule" not in spec and "bands" in spec:
        return _parse_bands(spec)
    if "rule" not in spec:
        raise SchemeError("rule", "指定してください（帯で評価するときは bands と else）")
    return _parse_rule(spec)


def _parse_rule(spec: Mapping[str, object]) -> Scheme:
    """Return a rule scheme (kenko21, sabc, abc, toward_target) from its object."""
    rule = spec["rule"]
    if not isinstance(rule, str) or rule not in RULES:
        raise SchemeError("rule", f"{', '.join(RULES)} のいずれかにしてください")
    _check_keys(spec, _TOWARD_KEYS if rule == "toward_target" else _RULE_KEYS)
    tolerance = _optional_number(spec, "tolerance")
    if rule == "toward_target":
        return Scheme(rule=rule, tolerance=tolerance, labels=_parse_labels(spec.get("labels")))
    return Scheme(rule=rule, tolerance=tolerance, formula=_parse_formula(spec))


def _parse_bands(spec: Mapping[str, object]) -> Scheme:
    """Return a band scheme from its object."""
    _check_keys(spec, _BAND_KEYS)
    raw = spec["bands"]
    if not isinstance(raw, list | tuple):
        raise SchemeError("bands", "配列にしてください")
    bands = tuple(_parse_band(i, item) for i, item in enumerate(raw))
    if "else" not in spec:
        raise SchemeError("else", "指定してください（どの帯にも届かないときの評語）")
    else_grade = spec["else"]
    _validate_grade("else", else_grade, set())
    return Scheme(
        rule="bands",
        tolerance=_optional_number(spec, "tolerance"),
        formula=_parse_formula(spec),
        bands=bands,
        else_grade=str(else_grade),
    )


def _parse_band(i: int, item: object) -> Band:
    """Return band i from its object {"min": rate, "grade": label}."""
    where = f"bands[{i}]"
    if not isinstance(item, Mapping):
        raise SchemeError(where, '{"min": 数値, "grade": 評語} のオブジェクトにしてください')
    _check_keys(item, {"min", "grade"}, where + ".")
    if "min" not in item:
        raise SchemeError(f"{where}.min", "指定してください")
    minimum = item["min"]
    if not _is_number(minimum):
        raise SchemeError(f"{where}.min", "数値にしてください")
    grade = item.get("grade")
    _validate_grade(f"{where}.grade", grade, set())
    return Band(float(minimum), str(grade))


def _parse_labels(raw: object) -> tuple[str, str]:
    """Return the (toward, not) labels from {"toward": …, "not": …}; missing ones stay default."""
    if raw is None:
        return DEFAULT_LABELS
    if not isinstance(raw, Mapping):
        raise SchemeError("labels", '{"toward": 評語, "not": 評語} のオブジェクトにしてください')
    _check_keys(raw, {"toward", "not"}, "labels.")
    toward = raw.get("toward", DEFAULT_LABELS[0])
    not_toward = raw.get("not", DEFAULT_LABELS[1])
    _validate_grade("labels.toward", toward, set())
    _validate_grade("labels.not", not_toward, set())
    return (str(toward), str(not_toward))


def _parse_formula(spec: Mapping[str, object]) -> str:
    """Return the formula of spec (default baseline_relative)."""
    formula = spec.get("formula", "baseline_relative")
    if not isinstance(formula, str) or formula not in FORMULAS:
        raise SchemeError("formula", f"{', '.join(FORMULAS)} のいずれかにしてください")
    return formula


def _optional_number(spec: Mapping[str, object], key: str) -> float | None:
    """Return spec[key] as a float, None when absent; raise SchemeError for a non-number."""
    value = spec.get(key)
    if value is None:
        return None
    if not _is_number(value):
        raise SchemeError(key, "数値にしてください")
    return float(value)  # type: ignore[arg-type]


def _is_number(value: object) -> bool:
    """Return whether value is a finite int or float (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value)


def _check_keys(spec: Mapping[str, object], allowed: set[str], prefix: str = "") -> None:
    """Raise SchemeError for the first key of spec that is not allowed."""
    for key in spec:
        if key not in allowed:
            raise SchemeError(
                f"{prefix}{key}", f"使えないキーです（使えるのは {', '.join(sorted(allowed))}）"
            )


BUILTIN_SCHEMES: dict[str, Scheme] = {}
for _name, _spec in BUILTIN_SPECS.items():
    BUILTIN_SCHEMES[_name] = parse_scheme(_spec)


# --- summaries -------------------------------------------------------------------------------


def composite(grades: Iterable[str], scheme: Scheme) -> tuple[float | None, str | None]:
    """Return (average points to one decimal, composite grade) of grades under scheme.

    E and grades without points are left out; (None, None) when nothing is left. The
    average is rounded half up to one decimal, then 五捨六入 to a grade: between two
    grades the better one only when the average is more than halfway (2.5 → D, 2.6 → C).
    """
    total = count = 0
    for grade in grades:
        points = scheme._points.get(grade)
        if points is not None:
            total += points
            count += 1
    if count == 0:
        return None, None
    tenths = (20 * total + count) // (2 * count)  # round half up, in exact integers
    return tenths / 10, _grade_for_tenths(tenths, scheme)


def _grade_for_tenths(tenths: int, scheme: Scheme) -> str:
    """Return the grade whose points an average of tenths/10 rounds to, 五捨六入."""
    by_points: dict[int, str] = {}
    for grade in scheme.grades:
        points = scheme._points.get(grade)
        if points is not None:
            by_points.setdefault(points, grade)
    levels = sorted(by_points)
    chosen = levels[0]
    for low, high in pairwise(levels):
        if 2 * (tenths - 10 * low) > 10 * (high - low):
            chosen = high
    return by_points[chosen]


def distribution(grades: Iterable[str], scheme: Scheme) -> dict[str, int]:
    """Return the count of each grade of scheme, in scheme order, zero counts included.

    A grade that is not in the scheme (an override typed under another scheme) is counted
    after the scheme's own grades rather than dropped.
    """
    counts = dict.fromkeys(scheme.grades, 0)
    for grade in grades:
        counts[grade] = counts.get(grade, 0) + 1
    return counts
