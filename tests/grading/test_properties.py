"""Properties of grading that hold for any input (hypothesis)."""

from __future__ import annotations

import math

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sasaeai.grading import (
    BUILTIN_SCHEMES,
    IndicatorInput,
    Observation,
    Result,
    Scheme,
    TargetInput,
    composite,
    evaluate,
    parse_scheme,
)

PRORATA_BANDS = parse_scheme(
    {
        "formula": "prorata",
        "bands": [
            {"min": 1.0, "grade": "A"},
            {"min": 0.8, "grade": "B"},
            {"min": 0.6, "grade": "C"},
        ],
        "else": "D",
    }
)
SCHEMES = [
    *BUILTIN_SCHEMES.values(),
    PRORATA_BANDS,
    parse_scheme({"rule": "kenko21", "formula": "prorata"}),
]
RELATIVE_SCHEMES = [s for s in SCHEMES if s.formula in ("baseline_relative", "prorata")]

years = st.integers(min_value=2015, max_value=2035)
# Plan values: bounded so that differences do not overflow, with zeros and negatives.
values = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False) | st.sampled_from(
    [0.0, 1.0, 100.0]
)
aims = st.sampled_from(["increase", "decrease"])
schemes = st.sampled_from(SCHEMES)

labels = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20).filter(
    lambda s: s.strip() and s != "E"
)


@st.composite
def band_schemes(draw: st.DrawFn) -> Scheme:
    """Return a random valid band scheme."""
    grades = draw(st.lists(labels, min_size=2, max_size=7, unique=True))
    mins = draw(
        st.lists(
            st.floats(min_value=-10, max_value=10, allow_nan=False),
            min_size=len(grades) - 1,
            max_size=len(grades) - 1,
            unique=True,
        )
    )
    formula = draw(st.sampled_from(["baseline_relative", "simple", "prorata", "decrease_inverse"]))
    spec: dict[str, object] = {
        "formula": formula,
        "bands": [
            {"min": m, "grade": g} for m, g in zip(sorted(mins, reverse=True), grades, strict=False)
        ],
        "else": grades[-1],
    }
    if draw(st.booleans()):
        spec["tolerance"] = draw(st.floats(min_value=0, max_value=0.99))
    return parse_scheme(spec)


@st.composite
def rule_schemes(draw: st.DrawFn) -> Scheme:
    """Return a random valid rule scheme."""
    rule = draw(st.sampled_from(["kenko21", "sabc", "abc", "toward_target"]))
    top = 100.0 if rule == "abc" else 0.99
    spec: dict[str, object] = {
        "rule": rule,
        "tolerance": draw(st.floats(min_value=0, max_value=top)),
    }
    if rule != "toward_target":
        spec["formula"] = draw(st.sampled_from(["baseline_relative", "simple", "prorata"]))
    return parse_scheme(spec)


def rank(result: Result, scheme: Scheme) -> int:
    """Return the position of the result's grade, best first."""
    return scheme.grades.index(result.grade)


def single(
    baseline: float, target: float, actual: float, aim: str, *, survey: bool, year: int
) -> IndicatorInput:
    """Return an indicator with one baseline (2019), target (2025) and actual."""
    return IndicatorInput(
        id="p",
        baseline=Observation(2019, baseline),
        targets=(TargetInput(2025, target),),
        actuals=(Observation(year, actual),),
        direction=aim,
        survey=survey,
    )


@settings(deadline=None)
@given(
    scheme=schemes,
    aim=aims,
    baseline=values,
    target=values,
    actual=values,
    better_by=st.floats(min_value=1e-6, max_value=1e6),
    survey=st.booleans(),
    year=st.integers(min_value=2018, max_value=2028),
)
def test_a_better_actual_never_gives_a_worse_grade(
    scheme: Scheme,
    aim: str,
    baseline: float,
    target: float,
    actual: float,
    better_by: float,
    survey: bool,
    year: int,
) -> None:
    sign = 1 if aim == "increase" else -1
    better = actual + sign * better_by
    assume(better != actual)
    worse_result = evaluate(single(baseline, target, actual, aim, survey=survey, year=year), scheme)
    better_result = evaluate(
        single(baseline, target, better, aim, survey=survey, year=year), scheme
    )
    if "E" not in (worse_result.grade, better_result.grade):
        assert rank(better_result, scheme) <= rank(worse_result, scheme)


@settings(deadline=None)
@given(
    scheme=st.sampled_from(RELATIVE_SCHEMES),
    aim=aims,
    baseline=values,
    target=values,
    actual=values,
    survey=st.booleans(),
    year=st.integers(min_value=2018, max_value=2028),
)
def test_increase_and_decrease_are_mirror_images(
    scheme: Scheme, aim: str, baseline: float, target: float, actual: float, survey: bool, year: int
) -> None:
    other = "decrease" if aim == "increase" else "increase"
    one = evaluate(single(baseline, target, actual, aim, survey=survey, year=year), scheme)
    mirror = evaluate(single(-baseline, -target, -actual, other, survey=survey, year=year), scheme)
    assert (one.grade, one.achievement, one.on_track) == (
        mirror.grade,
        mirror.achievement,
        mirror.on_track,
    )
    assert one.expected == (None if mirror.expected is None else -mirror.expected)


anything = st.floats() | st.none() | st.sampled_from([0.0, -0.0, 1.0, -1.0, 1e308, -1e308, 5e-324])
any_year = st.none() | st.integers(min_value=1800, max_value=2300) | st.sampled_from([0, -1, 10**6])
directions = st.none() | st.sampled_from(
    ["increase", "decrease", "maintain", "増加", "減少", "維持", "", "up"]
)
observations = st.builds(Observation, any_year, anything, st.booleans())
targets = st.builds(TargetInput, any_year, anything, directions, st.none() | st.text(max_size=10))
indicators = st.builds(
    IndicatorInput,
    id=st.text(max_size=5),
    baseline=st.none() | observations,
    targets=st.lists(targets, max_size=3).map(tuple),
    actuals=st.lists(observations, max_size=4).map(tuple),
    direction=directions,
    survey=st.booleans(),
    cumulative=st.booleans(),
    scheme=st.none() | schemes,
)


@settings(deadline=None, max_examples=400)
@given(ind=indicators, scheme=schemes | band_schemes() | rule_schemes(), as_of=st.none() | any_year)
def test_evaluate_never_raises(ind: IndicatorInput, scheme: Scheme, as_of: int | None) -> None:
    result = evaluate(ind, scheme, as_of)
    used = ind.scheme or scheme
    assert result.grade in used.grades
    assert result.explanation.startswith(used.title)
    assert result.explanation.endswith("です。")
    assert result.rule == used.rule
    for number in (result.achievement, result.expected):
        assert number is None or math.isfinite(number) or result.grade != "E"
    if result.grade == "E":
        assert (result.achievement, result.expected, result.on_track) == (None, None, None)
    assert next(iter(result.as_dict())) == "id"


@settings(deadline=None)
@given(
    baseline=values,
    actual=values,
    aim=aims,
    year=st.integers(min_value=2015, max_value=2030),
)
def test_equal_baseline_and_target_never_raises(
    baseline: float, actual: float, aim: str, year: int
) -> None:
    for scheme in SCHEMES:
        evaluate(single(baseline, baseline, actual, aim, survey=False, year=year), scheme)


@given(st.sampled_from(list(BUILTIN_SCHEMES.values())) | band_schemes() | rule_schemes())
def test_to_dict_round_trips(scheme: Scheme) -> None:
    again = parse_scheme(scheme.to_dict())
    assert again == scheme
    assert again.name == scheme.name
    assert again.grades == scheme.grades


grade_lists = st.lists(
    st.sampled_from(["A", "B", "B*", "C", "D", "E", "S", "a", "5", "前進", "?"]), max_size=30
)


@given(grades=grade_lists, extra_e=st.integers(min_value=0, max_value=5), scheme=schemes)
def test_composite_never_raises_and_ignores_e(
    grades: list[str], extra_e: int, scheme: Scheme
) -> None:
    average, grade = composite(grades, scheme)
    assert composite([*grades, *["E"] * extra_e], scheme) == (average, grade)
    if average is None:
        assert grade is None
    else:
        assert grade in scheme.grades and grade != "E"
        points = [p for g in grades if (p := scheme.points(g)) is not None]
        assert min(points) <= average <= max(points)
