"""The grading engine: an indicator's baseline, targets and actuals in, a graded Result out.

docs/grading.md is the specification. Everything here is plain values: no Django, no settings,
no clock. `evaluate` never raises; what cannot be graded is E with the reason in the sentence.
Values are floats, for speed: bench/bench_grading.py grades a national set of 174,100.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from itertools import pairwise

from .schemes import Scheme
from .text import FY_FULL, FY_SHORT, decimals, fy_full, fy_short, num, round_half_up

__all__ = [
    "IndicatorInput",
    "Observation",
    "Result",
    "TargetInput",
    "evaluate",
    "evaluate_many",
]

E = "E"
_EPS = 1e-9
_AIMS = {"increase": 1, "decrease": -1, "maintain": 0, "増加": 1, "減少": -1, "維持": 0}
_AIM_WORDS = {1: "増加", -1: "減少", 0: "維持"}
_FORMULA_WORDS = {
    "simple": "実績÷目標",
    "decrease_inverse": "目標÷実績",
    "decrease_shortfall": "2−実績÷目標",
}

# What the target asks for, once the aim is known.
NUMERIC = 0  # a value on the aim's side of the baseline (or no baseline to tell)
DIRECTION = 1  # only a direction (増加, 減少)
CONTRARY = 2  # a value on the other side of the baseline from the stated aim: graded as DIRECTION
MAINTAIN = 3  # 維持, or a value equal to the baseline

_NO_RATE = {
    NUMERIC: "目標値がない",
    DIRECTION: "目標が方向のみで目標値がない",
    CONTRARY: "目標値がめざす方向と逆側にある",
    MAINTAIN: "基準値がない",
}

# How a change against the baseline is measured.
RELATIVE = 0  # (実績 − 基準) ÷ |基準|
POINTS = 1  # 実績 − 基準 in percentage points (survey)
ABSOLUTE = 2  # 実績 − 基準 when the baseline is 0


@dataclass(frozen=True, slots=True)
class Observation:
    """A value of a fiscal year; method_changed when the counting method changed that year."""

    fiscal_year: int | None
    value: float | None
    method_changed: bool = False


@dataclass(frozen=True, slots=True)
class TargetInput:
    """A target: a value, or only a direction, or deliberately none (not_set_reason)."""

    fiscal_year: int | None
    value: float | None = None
    direction: str | None = None
    not_set_reason: str | None = None


@dataclass(frozen=True, slots=True)
class IndicatorInput:
    """What grading needs of an indicator; scheme overrides the scheme given to evaluate."""

    id: str
    baseline: Observation | None
    targets: tuple[TargetInput, ...]
    actuals: tuple[Observation, ...]
    direction: str | None = None
    survey: bool = False
    cumulative: bool = False
    scheme: Scheme | None = None


@dataclass(frozen=True, slots=True)
class Result:
    """The grade of one indicator at a fiscal year, with its numbers and one-sentence reason."""

    id: str
    grade: str
    achievement: float | None
    expected: float | None
    on_track: bool | None
    explanation: str
    warnings: tuple[str, ...]
    rule: str
    target_year: int | None
    actual_year: int | None
    actual: float | None

    def as_dict(self) -> dict[str, object]:
        """Return the result as the JSON object of docs/grading.md, keys in documented order."""
        return {
            "id": self.id,
            "grade": self.grade,
            "achievement": self.achievement,
            "expected": self.expected,
            "on_track": self.on_track,
            "explanation": self.explanation,
            "warnings": list(self.warnings),
            "rule": self.rule,
            "target_year": self.target_year,
            "actual_year": self.actual_year,
            "actual": self.actual,
        }


# A frozen dataclass's __init__ calls object.__setattr__ once per field, which costs as much as
# a fifth of grading an indicator; setting the slots through their descriptors builds the same
# object in half the time (bench/bench_grading.py).
(
    _set_id,
    _set_grade,
    _set_achievement,
    _set_expected,
    _set_on_track,
    _set_explanation,
    _set_warnings,
    _set_rule,
    _set_target_year,
    _set_actual_year,
    _set_actual,
) = (getattr(Result, f.name).__set__ for f in fields(Result))


def _result(
    id_: str,
    grade: str,
    achievement: float | None,
    expected: float | None,
    on_track: bool | None,
    explanation: str,
    warnings: tuple[str, ...],
    rule: str,
    target_year: int | None,
    actual_year: int | None,
    actual: float | None,
) -> Result:
    """Return Result(...) with these fields, built without the frozen __init__."""
    r: Result = object.__new__(Result)
    _set_id(r, id_)
    _set_grade(r, grade)
    _set_achievement(r, achievement)
    _set_expected(r, expected)
    _set_on_track(r, on_track)
    _set_explanation(r, explanation)
    _set_warnings(r, warnings)
    _set_rule(r, rule)
    _set_target_year(r, target_year)
    _set_actual_year(r, actual_year)
    _set_actual(r, actual)
    return r


def evaluate(indicator: IndicatorInput, scheme: Scheme, as_of: int | None = None) -> Result:
    """Return the grade of indicator at fiscal year as_of (default: its latest actual).

    The indicator's own scheme wins over scheme. Never raise: E carries the reason.
    """
    return _evaluate(indicator, indicator.scheme or scheme, as_of)


def evaluate_many(
    indicators: Iterable[IndicatorInput], scheme: Scheme, as_of: int | None = None
) -> list[Result]:
    """Return the results of evaluate for each indicator, in order."""
    run = _evaluate
    return [run(i, i.scheme or scheme, as_of) for i in indicators]


def _evaluate(ind: IndicatorInput, scheme: Scheme, as_of: int | None) -> Result:
    """Pick the numbers of docs/grading.md «Which numbers are used», then grade them."""
    warnings: list[str] = []
    actual, changes = _pick_actual(ind.actuals, _LATEST if as_of is None else as_of, warnings)
    base = ind.baseline
    b, by = (None, None) if base is None else (base.value, base.fiscal_year)
    if b is not None:
        if b - b == 0:
            b = float(b)
        else:
            _drop(b, "基準値", warnings)
            b = None
    ref = actual[0] if actual is not None else as_of
    target, not_set = _pick_target(ind.targets, ref, warnings)
    ty = target.fiscal_year if target is not None else None
    if actual is None:
        until = f"{fy_full(as_of)}までの" if as_of is not None else ""
        return _unrated(ind, scheme, warnings, f"{until}実績がない", ty, None, None)
    ay, a = actual
    if target is None:
        why = f"目標が設定されていない（{not_set}）" if not_set else "目標がない"
        return _unrated(ind, scheme, warnings, why, None, ay, a)
    if changes and _method_changed(changes, by, ay):
        why = _method_changed_reason(changes, by, ay)
        return _unrated(ind, scheme, warnings, why, ty, ay, a)
    if ind.cumulative:
        _warn_cumulative(ind.actuals, b, by, ay, warnings)
    return _Case(ind, scheme, warnings, a, ay, b, by, target).grade()


def _unrated(
    ind: IndicatorInput,
    scheme: Scheme,
    warnings: list[str],
    why: str,
    ty: int | None,
    ay: int | None,
    a: float | None,
) -> Result:
    """Return E with why (a clause ending in 「ない」 or similar) as the reason."""
    sentence = f"{scheme.title}：{why}ためEです。"
    return _result(ind.id, E, None, None, None, sentence, tuple(warnings), scheme.rule, ty, ay, a)


# --- picking the numbers ---------------------------------------------------------------------

_LATEST = 1 << 62  # as_of when none is given: every actual counts


def _drop(value: float, what: str, warnings: list[str]) -> None:
    """Warn that a NaN or infinite value is treated as missing."""
    warnings.append(f"{what}が数値でない（{value}）ため、ないものとして扱いました。")


def _pick_actual(
    actuals: tuple[Observation, ...], as_of: int, warnings: list[str]
) -> tuple[tuple[int, float] | None, list[int] | None]:
    """Return ((year, value) of the latest usable actual, or None; years the method changed)."""
    best_year = -_LATEST
    best: float | None = None
    changes: list[int] | None = None
    for obs in actuals:
        year = obs.fiscal_year
        if year is None or year > as_of:
            continue
        if obs.method_changed:
            changes = [year] if changes is None else [*changes, year]
        value = obs.value
        if value is None:
            continue
        if value - value != 0:
            _drop(value, f"{fy_short(year)}の実績値", warnings)
        elif year >= best_year:
            best_year, best = year, value
    return (None if best is None else (best_year, float(best))), changes


def _pick_target(
    targets: tuple[TargetInput, ...], ref: int | None, warnings: list[str]
) -> tuple[TargetInput | None, str | None]:
    """Return (the target to grade against, the reason of a deliberately unset target).

    The earliest target year ≥ ref with a value or a direction; else the latest such year;
    else a usable target without a year.
    """
    best: TargetInput | None = None
    last: TargetInput | None = None
    undated: TargetInput | None = None
    not_set: str | None = None
    best_year, last_year = _LATEST, -_LATEST
    if ref is None:
        ref = -_LATEST
    for t in targets:
        value = t.value
        if (value is None or value - value != 0) and not _usable_target(t, warnings):
            not_set = not_set or t.not_set_reason
            continue
        year = t.fiscal_year
        if year is None:
            undated = undated or t
            continue
        if ref <= year < best_year:
            best, best_year = t, year
        if year >= last_year:
            last, last_year = t, year
    return best or last or undated, not_set


def _usable_target(t: TargetInput, warnings: list[str]) -> bool:
    """Return whether t, which has no finite value, has a known direction; warn about oddities."""
    if t.value is not None:
        where = fy_short(t.fiscal_year) if t.fiscal_year is not None else ""
        _drop(t.value, f"{where}目標値", warnings)
    if t.direction is None or t.direction in _AIMS:
        return t.direction is not None
    warnings.append(f"目標の方向「{t.direction}」は使えないため、ないものとして扱いました。")
    return False


def _method_changed(changes: list[int], by: int | None, ay: int) -> bool:
    """Return whether the counting method changed after the baseline year, by the actual's year."""
    return any((by is None or year > by) and year <= ay for year in changes)


def _method_changed_reason(changes: list[int], by: int | None, ay: int) -> str:
    """Return the E reason for a change of counting method."""
    year = min(y for y in changes if (by is None or y > by) and y <= ay)
    since = f"基準値（{fy_short(by)}）と" if by is not None else "基準値と"
    return f"{fy_full(year)}に集計方法が変わり、{since}{fy_short(ay)}の実績を比べられない"


def _warn_cumulative(
    actuals: tuple[Observation, ...], b: float | None, by: int | None, ay: int, warnings: list[str]
) -> None:
    """Warn about each fall of a running total (累計) up to the actual's year."""
    series = [p for p in map(_point, actuals) if p is not None and p[0] <= ay]
    if b is not None and by is not None:
        series.append((by, b))
    series.sort(key=lambda p: p[0])
    for (y1, v1), (y2, v2) in pairwise(series):
        if v2 < v1:
            d = max(decimals(v1), decimals(v2))
            warnings.append(
                f"累計値が{fy_short(y1)}の{num(v1, d)}から{fy_short(y2)}の{num(v2, d)}に"
                "減っています。累計は減らないはずのため確認してください。"
            )


def _point(o: Observation) -> tuple[int, float] | None:
    """Return (year, value) of o when both are there and the value is finite."""
    y, v = o.fiscal_year, o.value
    return (y, v) if y is not None and v is not None and v - v == 0 else None


# --- grading ---------------------------------------------------------------------------------


class _Case:
    """One indicator's numbers while it is graded (internal, mutable).

    The national set runs through here 174,100 times, so the common path (a numeric target,
    baseline_relative) is worked out in `measure` with local variables and the rules write
    their sentences from the ready-made `head` and `base`; rarer cases go through helpers.
    """

    __slots__ = (
        "a",
        "aim",
        "ay",
        "b",
        "base",
        "by",
        "c",
        "d",
        "expected",
        "formula_used",
        "head",
        "ind",
        "kind",
        "prefix",
        "rate",
        "rate_why",
        "raw",
        "scheme",
        "t",
        "target",
        "tol",
        "ty",
        "unit",
        "warnings",
    )

    def __init__(
        self,
        ind: IndicatorInput,
        scheme: Scheme,
        warnings: list[str],
        a: float,
        ay: int,
        b: float | None,
        by: int | None,
        target: TargetInput,
    ) -> None:
        self.ind, self.scheme, self.warnings = ind, scheme, warnings
        self.a, self.ay, self.b, self.by, self.target = a, ay, b, by, target
        t = target.value
        self.t = float(t) if t is not None and t - t == 0 else None
        self.ty = target.fiscal_year
        self.expected: float | None = None
        self.rate: float | None = None
        self.rate_why = self.base = ""
        self.formula_used = scheme.formula

    def grade(self) -> Result:
        """Return the Result: aim, numbers, then the scheme's rule."""
        why = self.resolve_aim()
        if why:
            grade, sentence, on_track = E, f"{self.prefix}：{why}ためEです。", None
        else:
            on_track = self.measure()
            grade, sentence = _RULES[self.scheme.rule](self)
        rated = grade != E
        return _result(
            self.ind.id,
            grade,
            self.rate if rated else None,
            self.expected if rated else None,
            on_track if rated else None,
            sentence,
            tuple(self.warnings) if self.warnings else (),
            self.scheme.rule,
            self.ty,
            self.ay,
            self.a,
        )

    # --- aim and kind of target ---

    def resolve_aim(self) -> str:
        """Set aim, kind and the prefix (the scheme's name and notes); return an E reason."""
        ind, scheme, b, t = self.ind, self.scheme, self.b, self.t
        text = ind.direction
        stated = _AIMS.get(text) if text is not None else None
        of_target = _AIMS.get(self.target.direction or "")
        prefix = scheme.title
        if scheme.rule == "abc" and not ind.survey:
            tol = _plain(scheme.tol)
            prefix += f"（意識調査でないため許容幅{tol}を{tol}%の変化率として判定）"
        if (
            stated
            and of_target is None
            and t is not None
            and b is not None
            and (t - b) * stated > 0
        ):
            self.prefix, self.aim, self.kind = prefix, stated, NUMERIC  # the common case
            return ""
        if stated is None and text is not None:
            self.warnings.append(f"めざす方向「{text}」は使えないため、ないものとして扱いました。")
        if stated is None:
            aim = of_target
        else:
            aim = stated
            if of_target is not None and of_target != stated and of_target != 0:
                self.warn_directions(stated, of_target)
        if aim is None:
            self.prefix = prefix
            if b is None or t is None:
                return "めざす方向が示されておらず基準値もないため、評価できない"
            aim = (t > b) - (t < b)
            prefix += f"（めざす方向は目標値と基準値から{_AIM_WORDS[aim]}と判断）"
        self.prefix, self.aim = prefix, aim
        if aim != 0 and t is not None and b is not None and (t - b) * aim > 0:
            self.kind = NUMERIC
        else:
            self.kind = self.kind_of(aim, of_target, b, t)
        return ""

    def warn_directions(self, stated: int, of_target: int) -> None:
        """Warn that the target's direction differs from the stated aim."""
        self.warnings.append(
            f"目標の方向（{_AIM_WORDS[of_target]}）がめざす方向（{_AIM_WORDS[stated]}）と"
            "異なるため、めざす方向で評価しました。"
        )

    def kind_of(self, aim: int, of_target: int | None, b: float | None, t: float | None) -> int:
        """Return what the target asks for (NUMERIC, DIRECTION, CONTRARY, MAINTAIN)."""
        if aim == 0:
            if t is not None and b is not None and t != b:
                self.warn_contrary(t, b, "異なる")
            return MAINTAIN
        if t is None:
            return MAINTAIN if of_target == 0 else DIRECTION
        if b is None:
            return NUMERIC
        if t == b:
            return MAINTAIN
        self.warn_contrary(t, b, "より低い" if t < b else "より高い")
        return CONTRARY

    def warn_contrary(self, t: float, b: float, relation: str) -> None:
        """Warn that the target value does not lie in the stated aim's direction."""
        d = max(decimals(t), decimals(b))
        self.warnings.append(
            f"目標値（{num(t, d)}）が基準値（{num(b, d)}）{relation}が、めざす方向は"
            f"{_AIM_WORDS[self.aim]}のため、基準値からの変化で評価しました。"
        )

    # --- numbers ---

    def measure(self) -> bool | None:
        """Set the decimals, texts, change, expected value and rate; return on_track.

        Values are printed with the decimals the most exact of actual, baseline and target
        needs, at most 3 (10.2, 12.0, 11.0 → 「12.0」「11.0」; 179,792 → 「179,792」). The
        sentence begins with `head`: 「健康日本21方式：令和4年度（2022）の実績11.0は」.
        """
        a, b, t, aim, ay = self.a, self.b, self.t, self.aim, self.ay
        # decimals() inlined for whole numbers and one decimal, the usual cases (speed)
        d = 0 if a.is_integer() else 1 if (a * 10.0).is_integer() else decimals(a)
        if b is not None and not b.is_integer():
            db = 1 if (b * 10.0).is_integer() else decimals(b)
            d = db if db > d else d
        if t is not None and not t.is_integer():
            dt = 1 if (t * 10.0).is_integer() else decimals(t)
            d = dt if dt > d else d
        self.d = d
        self.head = f"{self.prefix}：{FY_FULL.get(ay) or fy_full(ay)}の実績{num(a, d)}は"
        if b is not None:
            by = self.by
            if by is None:
                self.base = f"基準値{num(b, d)}"
            else:
                self.base = f"基準値{num(b, d)}（{FY_SHORT.get(by) or fy_short(by)}）"
            scheme = self.scheme
            if self.ind.survey:
                self.unit, raw, self.tol = POINTS, a - b, scheme.tolerance_points
            elif b:
                self.unit, raw, self.tol = RELATIVE, (a - b) / abs(b), scheme.tolerance_share
            else:
                self.unit, raw, self.tol = ABSOLUTE, a - b, scheme.tolerance_share
                self.warnings.append("基準値が0のため、変化率ではなく差で評価しました。")
            self.raw, self.c = raw, raw * aim if aim else raw
        kind = self.kind
        if kind != NUMERIC or t is None:
            if kind == MAINTAIN and b is not None:
                return self.maintain()
            self.rate_why = _NO_RATE[kind]
            return None
        # a numeric target: the line to it, and the rate
        by, ty = self.by, self.ty
        if b is not None and by is not None and ty is not None and by < ty and by <= ay:
            exact: float | None = t if ay >= ty else b + (t - b) * (ay - by) / (ty - by)
        else:
            exact = self.no_line(b, by, ty, ay)
        if b is not None and self.formula_used == "baseline_relative":
            rate: float | None = (a - b) / (t - b)
        else:
            rate = self.formula_rate(a, b, t, exact)
        if rate is not None:
            if rate - rate == 0:
                self.rate = round_half_up(rate, 3)
            else:
                self.rate_why = "数値が大きすぎる"
        if exact is None:
            return True if (a - t) * aim >= 0 else None
        self.expected = expected = round_half_up(exact, 2 if d < 3 else 3)
        return (a - expected) * aim >= 0

    def no_line(self, b: float | None, by: int | None, ty: int | None, ay: int) -> float | None:
        """Return the baseline when the actual is not after its year, else None; warn why."""
        if b is None or by is None or ty is None:
            return None
        if ty <= by:
            relation = "と同じ" if ty == by else "より前"
            self.warnings.append(
                f"目標年度（{fy_short(ty)}）が基準年度（{fy_short(by)}）{relation}のため、"
                "期待値を計算できません。"
            )
            return None
        self.warnings.append(
            f"実績の年度（{fy_short(ay)}）が基準年度（{fy_short(by)}）より前です。"
        )
        return b

    def maintain(self) -> bool:
        """Set expected (the baseline) and the maintain rate; return whether it is maintained.

        The rate is 1.0 within the tolerance, else 1 − the part of the change beyond it
        (points count as hundredths), never below 0.
        """
        self.expected = round_half_up(self.b or 0.0, 2 if self.d < 3 else 3)
        met = self.maintained()
        if met:
            self.rate = 1.0
        else:
            beyond = abs(self.c) - self.tol
            rate = max(0.0, 1.0 - (beyond / 100 if self.unit == POINTS else beyond))
            self.rate = round_half_up(rate, 3)
        return met

    def maintained(self) -> bool:
        """Return whether a maintain target is met: within tolerance or beyond on the aim's side."""
        if self.aim == 0:
            return abs(self.c) <= self.tol + _EPS
        return self.c >= -self.tol - _EPS

    def formula_rate(
        self, a: float, b: float | None, t: float, exact: float | None
    ) -> float | None:
        """Return the rate by a formula other than baseline_relative, or None with rate_why."""
        formula = self.formula_used
        if b is None and formula in ("baseline_relative", "prorata"):
            self.rate_why = "基準値がない"
            return None
        if formula == "prorata":
            return self.prorata_rate(a, b or 0.0, exact)
        formula = self.formula_used = self.mirrored(formula)
        if t <= 0 or (formula == "decrease_inverse" and a <= 0):
            which = "実績" if t > 0 else "目標値"
            self.rate_why = f"{which}が正の数でなく「{_FORMULA_WORDS[formula]}」を計算できない"
            return None
        if formula == "simple":
            return a / t
        return t / a if formula == "decrease_inverse" else 2 - a / t

    def prorata_rate(self, a: float, b: float, exact: float | None) -> float | None:
        """Return (actual − baseline) ÷ (expected − baseline): year k of n expects k/n."""
        if exact is None:
            self.rate_why = (
                "基準年度か目標年度がない（または目標年度が基準年度以前の）ため按分できず"
            )
            return None
        if self.ay <= (self.by or 0):
            self.rate_why = "実績の年度が基準年度以前のため按分できず"
            return None
        return (a - b) / (exact - b)

    def mirrored(self, formula: str) -> str:
        """Return formula, or its mirror (with a warning) when it was made for the other aim."""
        if formula == "simple" and self.aim < 0:
            instead, aim = "decrease_inverse", "減少"
        elif formula != "simple" and self.aim > 0:
            instead, aim = "simple", "増加"
        else:
            return formula
        self.warnings.append(
            f"算定式「{_FORMULA_WORDS[formula]}」は{aim}をめざす指標に合わないため、"
            f"「{_FORMULA_WORDS[instead]}」で達成率を計算しました。"
        )
        return instead

    # --- text ---

    def target_text(self) -> str:
        """Return 「目標12.0（令和7年度）」, or 「目標「増加」（令和7年度）」 without a value."""
        t = self.t
        what = num(t, self.d) if t is not None else f"「{_AIM_WORDS[self.aim]}」"
        ty = self.ty
        return (
            f"目標{what}（{FY_SHORT.get(ty) or fy_short(ty)}）" if ty is not None else f"目標{what}"
        )

    def size(self) -> str:
        """Return the size of the change: 「7.8%」「3ポイント」「3」."""
        c = abs(self.c)
        if self.unit == RELATIVE:
            return f"{num(c * 100, 1)}%"
        return f"{num(c, self.d)}ポイント" if self.unit == POINTS else num(c, self.d)

    def signed(self) -> str:
        """Return the change with its sign as it happened: 「+2.0%」「-3ポイント」."""
        sign = "-" if self.raw < 0 else "+"
        raw = abs(self.raw)
        if self.unit == RELATIVE:
            return f"{sign}{num(raw * 100, 1)}%"
        unit = "ポイント" if self.unit == POINTS else ""
        return f"{sign}{num(raw, self.d)}{unit}"

    def tol_text(self) -> str:
        """Return the tolerance in the unit of the change: 「5%」「5ポイント」「0.05」."""
        return self.scheme.tolerance_texts[self.unit]

    def move(self) -> int:
        """Return 1 when better beyond the tolerance, -1 when worse beyond it, else 0."""
        if self.c > self.tol + _EPS:
            return 1
        return -1 if self.c < -self.tol - _EPS else 0

    def moved(self, move: int) -> str:
        """Return the clause on the change: 「基準値10.2（令和元年度）から7.8%改善し…」."""
        tol = self.scheme.tolerance_texts[self.unit]
        if move == 0:
            return f"{self.base}からの変化が{self.signed()}で、±{tol}以内の"
        word = "改善" if move > 0 else "悪化"
        why = self.why_by_change() if self.kind != NUMERIC else ""
        return f"{self.base}から{self.size()}{word}し、{tol}を超える{why}"

    def why_by_change(self) -> str:
        """Return why a target was judged by the change alone (no value, or the wrong side)."""
        if self.kind == DIRECTION:
            return f"（{self.target_text()}は方向のみ）"
        if self.kind == CONTRARY:
            return f"（目標値{num(self.t or 0.0, self.d)}はめざす方向と逆側）"
        return ""

    def maintain_clause(self) -> str:
        """Return the clause on a maintain target: within, above or outside the tolerance."""
        base, tol = self.base, self.tol_text()
        inside = abs(self.c) <= self.tol + _EPS
        if self.aim == 0 or inside:
            where = "以内の" if inside else "を超える"
            return f"{base}からの変化が{self.signed()}で、維持の許容幅±{tol}{where}"
        if self.c > 0:
            return f"{base}から{self.size()}改善し、維持の目標を上回る"
        return f"{base}から{self.size()}悪化し、維持の許容幅{tol}を超える"

    def expected_text(self) -> str:
        """Return the expected value with the indicator's decimals, more only when it needs them."""
        e, d = self.expected or 0.0, self.d
        if d < 2 and not e.is_integer():
            needs = 1 if (e * 10.0).is_integer() else decimals(e)
            d = needs if needs > d else d
        return num(e, d)

    def no_baseline(self) -> tuple[str, str]:
        """Return E for a rule that needs the baseline when there is none."""
        return E, f"{self.head[:-1]}を比べる基準値がないためEです。"


_PLAINS: dict[float, str] = {}


def _plain(x: float) -> str:
    """Return x with at most 3 decimals and no trailing zeros (5.000000001 → 「5」).

    Only tolerances and band limits come here, so the texts are kept.
    """
    text = _PLAINS.get(x)
    if text is None:
        text = f"{round_half_up(x, 3):.3f}".rstrip("0").rstrip(".")
        text = _PLAINS[x] = "0" if text == "-0" else text
    return text


# --- the rules -------------------------------------------------------------------------------
# Each returns (grade, sentence); the sentence is 「{head}{clause}ため{grade}です。」.


def _kenko21(c: _Case) -> tuple[str, str]:
    """Grade A (reached), B / B* (improved, on / below the line), C (unchanged), D (worse)."""
    kind = c.kind
    if kind == MAINTAIN:
        return _maintain(c, "A", "D")
    if kind == NUMERIC and c.t is not None and (c.a - c.t) * c.aim >= 0:
        return "A", f"{c.head}{c.target_text()}に達しているためAです。"
    if c.b is None:
        return c.no_baseline()
    if c.c < -c.tol - _EPS:
        return "D", f"{c.head}{c.moved(-1)}ためDです。"
    if c.c <= c.tol + _EPS:
        return "C", f"{c.head}{c.moved(0)}ためCです。"
    if kind != NUMERIC:
        return "B", f"{c.head}{c.moved(1)}ためBです。"
    return _b_or_b_star(c)


def _b_or_b_star(c: _Case) -> tuple[str, str]:
    """Grade an improvement against the expected line: B on or beyond it, B* below it.

    The sentence is the one docs/grading.md shows: the line decides, so the size of the
    improvement (already beyond the tolerance) is not repeated.
    """
    expected = c.expected
    if expected is None:
        clause = f"改善していますが{c.target_text()}に届かず、期待値を計算できない"
        return "B", f"{c.head}{c.base}から{clause}ためBです。"
    line = f"{c.target_text()}への直線上の期待値{c.expected_text()}"
    if (c.a - expected) * c.aim >= 0:
        return (
            "B",
            f"{c.head}{c.base}から改善し、{line}{'以上' if c.aim > 0 else '以下'}のためBです。",
        )
    below = "下回る" if c.aim > 0 else "上回る"
    return "B*", f"{c.head}{c.base}から改善していますが、{line}を{below}ためB*です。"


def _sabc(c: _Case) -> tuple[str, str]:
    """Grade S (reached), A (better beyond the tolerance), B (within it), C (worse)."""
    if c.kind == MAINTAIN:
        return _maintain(c, "S", "C")
    if c.kind == NUMERIC and c.t is not None and (c.a - c.t) * c.aim >= 0:
        return "S", f"{c.head}{c.target_text()}に達しているためSです。"
    if c.b is None:
        return c.no_baseline()
    move = c.move()
    grade = ("C", "B", "A")[move + 1]
    return grade, f"{c.head}{c.moved(move)}ため{grade}です。"


def _abc(c: _Case) -> tuple[str, str]:
    """Grade a (better beyond the tolerance), b (within it), c (worse) by the change alone."""
    if c.b is None:
        return c.no_baseline()
    if c.kind == MAINTAIN and c.aim == 0:
        grade = "b" if c.maintained() else "c"
        return grade, f"{c.head}{c.maintain_clause()}ため{grade}です。"
    move = c.move()
    grade = ("c", "b", "a")[move + 1]
    return grade, f"{c.head}{c.moved(move)}ため{grade}です。"


def _toward(c: _Case) -> tuple[str, str]:
    """Grade 前進 when the actual moved from the baseline toward the target, else 後退・横ばい."""
    toward, not_toward = c.scheme.labels
    if c.b is None:
        return c.no_baseline()
    if c.kind == MAINTAIN:
        grade = toward if c.maintained() else not_toward
        return grade, f"{c.head}{c.maintain_clause()}ため{grade}です。"
    if c.c > 0:
        return toward, f"{c.head}{c.base}から{c.size()}改善しているため{toward}です。"
    if c.c < 0:
        return not_toward, f"{c.head}{c.base}から{c.size()}悪化しているため{not_toward}です。"
    return not_toward, f"{c.head}{c.base}から変わっていないため{not_toward}です。"


def _maintain(c: _Case, met: str, missed: str) -> tuple[str, str]:
    """Grade a maintain target: met within the tolerance (or beyond on the aim's side)."""
    if c.b is None:
        return c.no_baseline()
    grade = met if c.maintained() else missed
    return grade, f"{c.head}{c.maintain_clause()}ため{grade}です。"


def _bands(c: _Case) -> tuple[str, str]:
    """Grade by the first band whose min the achievement rate reaches."""
    rate = c.rate
    if rate is None:
        return E, f"{c.prefix}：{c.rate_why}ため達成率を計算できずEです。"
    scheme = c.scheme
    grade, rule = scheme.else_grade or "", f"{_plain(scheme.bands[-1].min * 100)}%未満"
    for band in scheme.bands:
        if rate >= band.min:
            grade, rule = band.grade, f"{_plain(band.min * 100)}%以上"
            break
    return grade, f"{c.head}{_rate_text(c)}{num(rate * 100, 1)}%で、{rule}のため{grade}です。"


def _rate_text(c: _Case) -> str:
    """Return what the rate measures: 「基準値…から目標…への達成率」."""
    if c.kind == MAINTAIN:
        return f"{c.maintain_clause()}ため達成率"
    formula = c.formula_used
    if formula == "baseline_relative":
        return f"{c.base}から{c.target_text()}への達成率"
    if formula == "prorata":
        line = f"期待値{c.expected_text()}" if c.expected is not None else "期待値"
        return f"{c.base}から{c.target_text()}への直線上の{line}に対する達成率"
    return f"{c.target_text()}に対する達成率（{_FORMULA_WORDS[formula]}）"


_RULES = {
    "kenko21": _kenko21,
    "sabc": _sabc,
    "abc": _abc,
    "toward_target": _toward,
    "bands": _bands,
}
