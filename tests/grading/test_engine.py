"""Worked examples of sasaeai.grading.evaluate, one reason per row (docs/grading.md)."""

from __future__ import annotations

import pytest

from sasaeai.grading import (
    BUILTIN_SCHEMES,
    IndicatorInput,
    Observation,
    Result,
    TargetInput,
    evaluate,
    evaluate_many,
    parse_scheme,
)

from .helpers import indicator

K21 = BUILTIN_SCHEMES["kenko21"]
PREFECTURE = parse_scheme(
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
MAINTAIN = TargetInput(2025, None, "maintain")
INCREASE = TargetInput(2025, None, "increase")


def grade_of(ind: IndicatorInput, scheme: str = "kenko21", as_of: int | None = None) -> str:
    """Return the grade of ind under a built-in scheme."""
    return evaluate(ind, BUILTIN_SCHEMES[scheme], as_of).grade


# --- the documented example ----------------------------------------------------------------


def test_the_documented_example() -> None:
    # docs/grading.md «Output»: 10.2 (2019) → 11.0 (2022) against 12.0 (2025).
    result = evaluate(indicator(), K21)
    assert result == Result(
        id="x",
        grade="B*",
        achievement=0.444,
        expected=11.1,
        on_track=False,
        explanation=(
            "健康日本21方式：令和4年度（2022）の実績11.0は基準値10.2（令和元年度）から改善して"
            "いますが、目標12.0（令和7年度）への直線上の期待値11.1を下回るためB*です。"
        ),
        warnings=(),
        rule="kenko21",
        target_year=2025,
        actual_year=2022,
        actual=11.0,
    )


def test_as_dict_keeps_the_documented_key_order() -> None:
    keys = list(evaluate(indicator(), K21).as_dict())
    assert keys == [
        "id",
        "grade",
        "achievement",
        "expected",
        "on_track",
        "explanation",
        "warnings",
        "rule",
        "target_year",
        "actual_year",
        "actual",
    ]


def test_result_is_frozen() -> None:
    with pytest.raises(AttributeError):
        evaluate(indicator(), K21).grade = "A"  # type: ignore[misc]


# --- kenko21 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ind", "grade"),
    [
        # target reached
        (indicator(actuals=((2022, 12.5),)), "A"),
        # exactly at the target counts as reached
        (indicator(actuals=((2022, 12.0),)), "A"),
        # +12.7 %, above the expected 11.1
        (indicator(actuals=((2022, 11.5),)), "B"),
        # on the expected line exactly (11.1 = 11.1) is on track
        (indicator(actuals=((2022, 11.1),)), "B"),
        # +7.8 %, below the expected 11.1
        (indicator(actuals=((2022, 11.0),)), "B*"),
        # +2.9 %: within 5 %
        (indicator(actuals=((2022, 10.5),)), "C"),
        # exactly 5 % better is still within the tolerance
        (
            indicator(baseline=(2019, 100.0), targets=((2025, 200.0),), actuals=((2022, 105.0),)),
            "C",
        ),
        # -6.9 %
        (indicator(actuals=((2022, 9.5),)), "D"),
        # decrease: 30 → 25 against 20, expected 25 in 2022
        (indicator((2019, 30.0), ((2025, 20.0),), ((2022, 25.0),), "decrease"), "B"),
        # decrease: 30 → 26, above the expected 25
        (indicator((2019, 30.0), ((2025, 20.0),), ((2022, 26.0),), "decrease"), "B*"),
        # decrease: 30 → 19, below the target 20
        (indicator((2019, 30.0), ((2025, 20.0),), ((2022, 19.0),), "decrease"), "A"),
        # decrease: 30 → 33 is 10 % worse
        (indicator((2019, 30.0), ((2025, 20.0),), ((2022, 33.0),), "decrease"), "D"),
        # the actual's year is past the target year: expected is the target itself
        (indicator(actuals=((2027, 11.9),)), "B*"),
        # no baseline but the target is reached: A needs no baseline
        (indicator(baseline=None, actuals=((2022, 12.5),)), "A"),
        # no baseline and not reached: nothing to compare with
        (indicator(baseline=None), "E"),
        # baseline year unknown: no line, so an improvement is B
        (indicator(baseline=(None, 10.2), actuals=((2022, 11.0),)), "B"),
    ],
)
def test_kenko21(ind: IndicatorInput, grade: str) -> None:
    assert grade_of(ind) == grade


@pytest.mark.parametrize(
    ("survey", "grade"),
    [
        # A survey (意識調査) share 25 % → 28 % against a target of 80 %: +3 points is within
        # kenko21's 5 % read as 5 points, so C, as published. Read as a relative change (+12 %)
        # it would be an improvement, below the expected 52.5: B*.
        (True, "C"),
        (False, "B*"),
    ],
)
def test_survey_changes_are_points(survey: bool, grade: str) -> None:
    ind = indicator((2019, 25.0), ((2025, 80.0),), ((2022, 28.0),), survey=survey)
    result = evaluate(ind, K21)
    assert result.grade == grade
    if survey:
        assert "+3ポイントで、±5ポイント以内" in result.explanation


# --- maintain (維持) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "direction", "grade", "rate"),
    [
        # within ±5 % of the baseline: maintained
        (103.0, None, "A", 1.0),
        (96.0, None, "A", 1.0),
        # 8 % below: missed by 3 points of share
        (92.0, None, "D", 0.97),
        # 8 % above a pure 維持 target is also a departure from it
        (108.0, None, "D", 0.97),
        # 50 % off: 45 points beyond the tolerance, rate 1 − 0.45
        (150.0, None, "D", 0.55),
        # an indicator whose aim is 増加 with a 維持 target: above is welcome
        (108.0, "increase", "A", 1.0),
        (96.0, "increase", "A", 1.0),
        (92.0, "increase", "D", 0.97),
        # aim 減少 with a 維持 target: below is welcome
        (92.0, "decrease", "A", 1.0),
        (108.0, "decrease", "D", 0.97),
    ],
)
def test_maintain(actual: float, direction: str | None, grade: str, rate: float) -> None:
    ind = indicator((2019, 100.0), (MAINTAIN,), ((2022, actual),), direction)
    result = evaluate(ind, K21)
    assert (result.grade, result.achievement) == (grade, rate)
    assert result.expected == 100.0
    assert result.on_track is (grade == "A")
    assert "維持" in result.explanation


def test_maintain_rate_never_goes_below_zero() -> None:
    ind = indicator((2019, 100.0), (MAINTAIN,), ((2022, 300.0),), None)
    assert evaluate(ind, K21).achievement == 0.0


def test_maintain_survey_counts_points() -> None:
    # 50 % → 53 %: +3 points within 5 points
    ind = indicator((2019, 50.0), (MAINTAIN,), ((2022, 53.0),), None, survey=True)
    assert (evaluate(ind, K21).grade, evaluate(ind, K21).achievement) == ("A", 1.0)
    # 50 % → 42 %: 8 points off, 3 beyond the tolerance: rate 0.97
    ind = indicator((2019, 50.0), (MAINTAIN,), ((2022, 42.0),), None, survey=True)
    assert (evaluate(ind, K21).grade, evaluate(ind, K21).achievement) == ("D", 0.97)


def test_target_equal_to_baseline_is_a_maintain_target() -> None:
    # aim 増加 with a target equal to the baseline: kept at least at the baseline
    ind = indicator((2019, 100.0), ((2025, 100.0),), ((2022, 98.0),))
    result = evaluate(ind, K21)
    assert (result.grade, result.achievement, result.on_track) == ("A", 1.0, True)


@pytest.mark.parametrize(
    ("scheme", "inside", "outside"),
    [
        ("kenko21", "A", "D"),
        ("sabc", "S", "C"),
        ("abc", "b", "c"),
        ("level5", "5", "4"),
        ("toward", "前進", "後退・横ばい"),
    ],
)
def test_maintain_in_every_scheme(scheme: str, inside: str, outside: str) -> None:
    # 2 % off is inside every tolerance; 12 % off is outside (level5: rate 0.93 → 4)
    assert grade_of(indicator((2019, 100.0), (MAINTAIN,), ((2022, 98.0),), None), scheme) == inside
    ind = indicator((2019, 100.0), (MAINTAIN,), ((2022, 112.0),), None, survey=scheme == "abc")
    assert grade_of(ind, scheme) == outside


def test_stated_maintain_with_a_different_target_value_warns() -> None:
    ind = indicator((2019, 100.0), ((2025, 110.0),), ((2022, 101.0),), "maintain")
    result = evaluate(ind, K21)
    assert result.grade == "A"
    assert result.warnings == (
        "目標値（110）が基準値（100）異なるが、めざす方向は維持のため、基準値からの変化で評価しました。",
    )


# --- direction-only targets (増加・減少) ---------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "scheme", "grade"),
    [
        # +10 %: improved, but with no target value there is nothing to reach: B, never A
        (110.0, "kenko21", "B"),
        # -1 %: unchanged
        (99.0, "kenko21", "C"),
        # -10 %: worse
        (90.0, "kenko21", "D"),
        # sabc tops out at A without a value
        (115.0, "sabc", "A"),
        (95.0, "sabc", "B"),
        # band schemes need a rate: E
        (110.0, "level5", "E"),
        # the trend rule needs only the direction
        (100.5, "toward", "前進"),
        (100.0, "toward", "後退・横ばい"),
    ],
)
def test_direction_only(actual: float, scheme: str, grade: str) -> None:
    ind = indicator((2019, 100.0), (INCREASE,), ((2022, actual),), None)
    result = evaluate(ind, BUILTIN_SCHEMES[scheme])
    assert result.grade == grade
    assert result.achievement is None
    assert result.expected is None


def test_direction_only_explains_why_not_a() -> None:
    ind = indicator((2019, 100.0), (INCREASE,), ((2022, 110.0),), None)
    assert "目標「増加」（令和7年度）は方向のみ" in evaluate(ind, K21).explanation


def test_direction_only_in_a_band_scheme_says_why() -> None:
    ind = indicator((2019, 100.0), (INCREASE,), ((2022, 110.0),), None)
    explanation = evaluate(ind, BUILTIN_SCHEMES["level5"]).explanation
    assert explanation == "5段階評価：目標が方向のみで目標値がないため達成率を計算できずEです。"


# --- aim against target ---------------------------------------------------------------------


def test_aim_contradicts_the_target() -> None:
    # 所沢市 こどもと福祉の未来館: targets below the baseline because of COVID, aim 増加.
    ind = indicator(
        (2019, 179_792.0),
        ((2023, 160_020.0), (2026, 169_700.0)),
        ((2023, 170_000.0),),
        "increase",
    )
    result = evaluate(ind, K21)
    # judged by the change against the baseline: -5.4 % is beyond 5 % worse
    assert (result.grade, result.achievement, result.expected) == ("D", None, None)
    assert result.target_year == 2023
    assert result.warnings == (
        "目標値（160,020）が基準値（179,792）より低いが、めざす方向は増加のため、"
        "基準値からの変化で評価しました。",
    )
    assert "179,792" in result.explanation and "170,000" in result.explanation


def test_aim_contradicts_the_target_but_improved() -> None:
    ind = indicator((2019, 179_792.0), ((2023, 160_020.0),), ((2023, 190_000.0),), "increase")
    assert grade_of(ind) == "B"


def test_target_direction_against_the_stated_aim_warns() -> None:
    ind = indicator((2019, 100.0), (TargetInput(2025, None, "decrease"),), ((2022, 110.0),))
    result = evaluate(ind, K21)
    assert result.grade == "B"
    assert "めざす方向で評価しました" in result.warnings[0]


@pytest.mark.parametrize(
    ("target", "aim_word"),
    [
        # no stated aim: a target above the baseline means 増加
        (12.0, "増加"),
        # below: 減少
        (8.0, "減少"),
        # equal: 維持
        (10.2, "維持"),
    ],
)
def test_aim_taken_from_the_numbers_is_said(target: float, aim_word: str) -> None:
    ind = indicator(targets=((2025, target),), direction=None)
    explanation = evaluate(ind, K21).explanation
    assert explanation.startswith(
        f"健康日本21方式（めざす方向は目標値と基準値から{aim_word}と判断）："
    )


def test_no_aim_and_no_baseline_is_e() -> None:
    ind = indicator(baseline=None, direction=None)
    result = evaluate(ind, K21)
    assert result.grade == "E"
    assert "めざす方向が示されておらず基準値もない" in result.explanation


def test_unknown_direction_words_are_warned_and_ignored() -> None:
    ind = indicator(direction="up")
    result = evaluate(ind, K21)
    assert result.grade == "B*"  # aim taken from the numbers
    assert result.warnings == ("めざす方向「up」は使えないため、ないものとして扱いました。",)


def test_japanese_direction_words_are_understood() -> None:
    assert grade_of(indicator(direction="増加")) == "B*"


# --- which numbers are used -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual_year", "target_year"),
    [
        # the earliest target year at or after the actual's year
        (2023, 2023),
        (2024, 2026),
        (2026, 2026),
        # every target year earlier: the last one
        (2027, 2026),
    ],
)
def test_target_selection(actual_year: int, target_year: int) -> None:
    ind = indicator((2019, 100.0), ((2026, 130.0), (2023, 115.0)), ((actual_year, 110.0),))
    assert evaluate(ind, K21).target_year == target_year


def test_a_target_without_value_or_direction_is_skipped() -> None:
    ind = indicator(targets=(TargetInput(2023, None, None, "未定"), (2025, 12.0)))
    assert evaluate(ind, K21).target_year == 2025


def test_the_latest_actual_up_to_as_of_is_used() -> None:
    ind = indicator(actuals=((2021, 10.6), (2023, 11.9), (2022, 11.0), (2024, None)))
    assert evaluate(ind, K21).actual_year == 2023
    assert evaluate(ind, K21, as_of=2022).actual == 11.0
    assert evaluate(ind, K21, as_of=2021).actual_year == 2021


@pytest.mark.parametrize(
    ("ind", "as_of", "reason"),
    [
        # no actual by as_of
        (indicator(), 2021, "令和3年度（2021）までの実績がないためEです。"),
        (indicator(actuals=()), None, "：実績がないためEです。"),
        # every actual is null
        (indicator(actuals=((2022, None),)), None, "実績がない"),
        # no target at all
        (indicator(targets=()), None, "：目標がないためEです。"),
        # a target deliberately not set (―): the reason is in the explanation
        (
            indicator(targets=(TargetInput(2023, None, None, "新型コロナで未実施"),)),
            None,
            "：目標が設定されていない（新型コロナで未実施）ためEです。",
        ),
        # the counting method changed between the baseline and the actual
        (
            indicator(actuals=((2020, 10.5), Observation(2021, 10.8, True), (2022, 11.0))),
            None,
            "令和3年度（2021）に集計方法が変わり、基準値（令和元年度）と令和4年度の実績を比べられない",
        ),
        # … also when the year of the change has no value
        (
            indicator(actuals=(Observation(2021, None, True), (2022, 11.0))),
            None,
            "集計方法が変わり",
        ),
    ],
)
def test_e(ind: IndicatorInput, as_of: int | None, reason: str) -> None:
    result = evaluate(ind, K21, as_of)
    assert result.grade == "E"
    assert (result.achievement, result.expected, result.on_track) == (None, None, None)
    assert reason in result.explanation


@pytest.mark.parametrize(
    "actuals",
    [
        # a change in the baseline year: baseline and actual use the same new method
        (Observation(2019, 10.2, True), (2022, 11.0)),
        # a change after the actual's year (as_of 2022) does not matter yet
        ((2022, 11.0), Observation(2023, 11.5, True)),
    ],
)
def test_method_changes_that_do_not_matter(actuals: tuple[Observation, ...]) -> None:
    ind = indicator(actuals=actuals)
    assert evaluate(ind, K21, as_of=2022).grade == "B*"


# --- warnings -------------------------------------------------------------------------------


def test_cumulative_fall_is_warned() -> None:
    ind = indicator(actuals=((2021, 10.8), (2022, 10.5)), cumulative=True)
    assert evaluate(ind, K21).warnings == (
        "累計値が令和3年度の10.8から令和4年度の10.5に減っています。累計は減らないはずのため"
        "確認してください。",
    )


def test_a_rising_cumulative_total_is_not_warned() -> None:
    ind = indicator(actuals=((2021, 10.4), (2022, 11.0)), cumulative=True)
    assert evaluate(ind, K21).warnings == ()


def test_target_year_before_the_baseline() -> None:
    ind = indicator(targets=((2018, 12.0),), actuals=((2022, 11.5),))
    result = evaluate(ind, K21)
    # no line to be below: B, not B*
    assert (result.grade, result.expected) == ("B", None)
    assert result.warnings == (
        "目標年度（平成30年度）が基準年度（令和元年度）より前のため、期待値を計算できません。",
    )


def test_baseline_zero_uses_the_difference() -> None:
    ind = indicator((2019, 0.0), ((2025, 10.0),), ((2022, 3.0),))
    result = evaluate(ind, K21)
    assert result.grade == "B*"
    assert result.warnings == ("基準値が0のため、変化率ではなく差で評価しました。",)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_values_are_missing(bad: float) -> None:
    # a NaN actual falls back to the year before; a NaN baseline leaves none
    result = evaluate(indicator(actuals=((2021, 10.8), (2022, bad))), K21)
    assert (result.actual_year, result.grade) == (2021, "B")
    assert "令和4年度の実績値が数値でない" in result.warnings[0]
    result = evaluate(indicator(baseline=(2019, bad)), K21)
    assert result.grade == "E"
    assert "基準値が数値でない" in result.warnings[0]
    result = evaluate(indicator(targets=((2025, bad),)), K21)
    assert result.grade == "E"
    assert "目標値が数値でない" in result.warnings[0]


# --- formulas ---------------------------------------------------------------------------------


def band_scheme(formula: str) -> dict[str, object]:
    """Return level5 with another formula."""
    return {**BUILTIN_SCHEMES["level5"].to_dict(), "formula": formula}


@pytest.mark.parametrize(
    ("formula", "ind", "rate"),
    [
        # (実績 − 基準) ÷ (目標 − 基準) = 0.8 / 1.8
        ("baseline_relative", indicator(), 0.444),
        # 実績 ÷ 目標 = 11 / 12
        ("simple", indicator(), 0.917),
        # 目標 ÷ 実績 = 20 / 25
        (
            "decrease_inverse",
            indicator((2019, 30.0), ((2025, 20.0),), ((2022, 25.0),), "decrease"),
            0.8,
        ),
        # 2 − 実績 ÷ 目標 = 2 − 25 / 20
        (
            "decrease_shortfall",
            indicator((2019, 30.0), ((2025, 20.0),), ((2022, 25.0),), "decrease"),
            0.75,
        ),
        # 年次按分: year 3 of 6 expects half the way, 11.1; (11.0 − 10.2) ÷ (11.1 − 10.2)
        ("prorata", indicator(), 0.889),
        # simple and decrease_inverse need no baseline
        ("simple", indicator(baseline=None), 0.917),
    ],
)
def test_formulas(formula: str, ind: IndicatorInput, rate: float) -> None:
    assert evaluate(ind, parse_scheme(band_scheme(formula))).achievement == rate


@pytest.mark.parametrize(
    ("actual_year", "actual", "expected", "rate", "grade"),
    [
        # year 1 of 6 expects 1/6 of the way: 100 + 60/6 = 110; 108 is 80 % of that step
        (2020, 108.0, 110.0, 0.8, "B"),
        # year 3 of 6 expects half: 130; 124 is 24/30
        (2022, 124.0, 130.0, 0.8, "B"),
        # year 3 of 6: 130 reached exactly
        (2022, 130.0, 130.0, 1.0, "A"),
        # year 3 of 6: 118 is 18/30
        (2022, 118.0, 130.0, 0.6, "C"),
        # the target year expects all of it
        (2025, 150.0, 160.0, 0.833, "B"),
        # after the target year: still the target
        (2027, 165.0, 160.0, 1.083, "A"),
    ],
)
def test_prorata_expects_k_of_n(
    actual_year: int, actual: float, expected: float, rate: float, grade: str
) -> None:
    ind = indicator((2019, 100.0), ((2025, 160.0),), ((actual_year, actual),))
    result = evaluate(ind, PREFECTURE)
    assert (result.expected, result.achievement, result.grade) == (expected, rate, grade)


def test_prorata_in_the_baseline_year_has_no_rate() -> None:
    ind = indicator((2019, 100.0), ((2025, 160.0),), ((2019, 100.0),))
    result = evaluate(ind, PREFECTURE)
    assert result.grade == "E"
    assert "按分できず" in result.explanation


def test_a_formula_for_the_other_aim_is_mirrored_with_a_warning() -> None:
    ind = indicator((2019, 30.0), ((2025, 20.0),), ((2022, 25.0),), "decrease")
    result = evaluate(ind, parse_scheme(band_scheme("simple")))
    assert result.achievement == 0.8
    assert "「目標÷実績」で達成率を計算しました" in result.warnings[0]


@pytest.mark.parametrize("formula", ["simple", "decrease_shortfall"])
def test_ratio_formulas_need_a_positive_target(formula: str) -> None:
    ind = indicator((2019, -5.0), ((2025, 0.0),), ((2022, -1.0),))
    result = evaluate(ind, parse_scheme(band_scheme(formula)))
    assert result.grade == "E"
    assert "目標値が正の数でなく" in result.explanation


# --- the other schemes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "grade"),
    [
        # reached the target: S
        (12.0, "S"),
        # +11.8 %: beyond sabc's 10 %
        (11.4, "A"),
        # +7.8 %: within ±10 %
        (11.0, "B"),
        # -11.8 %
        (9.0, "C"),
    ],
)
def test_sabc(actual: float, grade: str) -> None:
    assert grade_of(indicator(actuals=((2022, actual),)), "sabc") == grade


@pytest.mark.parametrize(
    ("actual", "survey", "grade"),
    [
        # survey: +4 points is more than 3 points better
        (29.0, True, "a"),
        # +3 points is 変化なし (±3 points)
        (28.0, True, "b"),
        # -4 points
        (21.0, True, "c"),
        # not a survey: 3 read as 3 %: +4 % is better
        (26.0, False, "a"),
        # +2 % is within 3 %
        (25.5, False, "b"),
    ],
)
def test_abc(actual: float, survey: bool, grade: str) -> None:
    ind = indicator((2019, 25.0), ((2025, 80.0),), ((2022, actual),), survey=survey)
    result = evaluate(ind, BUILTIN_SCHEMES["abc"])
    assert result.grade == grade
    note = "（意識調査でないため許容幅3を3%の変化率として判定）"
    assert (note in result.explanation) is not survey


@pytest.mark.parametrize(
    ("actual", "grade"),
    [
        # rate 1.0
        (12.0, "5"),
        # rate 0.833
        (11.7, "4"),
        # rate 0.611
        (11.3, "3"),
        # rate 0.444
        (11.0, "2"),
        # rate 0.389
        (10.9, "1"),
        # worse than the baseline: rate below 0
        (9.0, "1"),
    ],
)
def test_level5(actual: float, grade: str) -> None:
    result = evaluate(indicator(actuals=((2022, actual),)), BUILTIN_SCHEMES["level5"])
    assert result.grade == grade


def test_level5_explains_the_band() -> None:
    explanation = evaluate(indicator(), BUILTIN_SCHEMES["level5"]).explanation
    assert explanation == (
        "5段階評価：令和4年度（2022）の実績11.0は基準値10.2（令和元年度）から目標12.0"
        "（令和7年度）への達成率44.4%で、40%以上のため2です。"
    )


@pytest.mark.parametrize(
    ("actual", "grade"),
    [
        # any move toward the target
        (10.3, "前進"),
        # no move
        (10.2, "後退・横ばい"),
        # away from it
        (10.1, "後退・横ばい"),
    ],
)
def test_toward(actual: float, grade: str) -> None:
    assert grade_of(indicator(actuals=((2022, actual),)), "toward") == grade


def test_toward_with_arrows() -> None:
    scheme = parse_scheme({"rule": "toward_target", "labels": {"toward": "↑", "not": "→"}})
    result = evaluate(indicator(), scheme)
    assert result.grade == "↑"
    assert result.explanation.endswith("改善しているため↑です。")


def test_the_indicators_own_scheme_wins() -> None:
    ind = indicator(scheme=BUILTIN_SCHEMES["sabc"])
    assert evaluate(ind, K21).rule == "sabc"
    assert [r.rule for r in evaluate_many([ind, indicator()], K21)] == ["sabc", "kenko21"]


# --- numbers in the explanation -------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        # the indicator's values decide the decimals: 12.0 and 11.0 keep their .0
        ((10.2, 12.0, 11.0), ("10.2", "12.0", "11.0")),
        # counts: thousands separators, no decimals
        ((3232.0, 4000.0, 3500.0), ("3,232", "4,000", "3,500")),
        # at most 3 decimals, rounded half up
        ((0.1235, 0.2, 0.15), ("0.124", "0.200", "0.150")),
    ],
)
def test_numbers_are_printed_as_a_committee_reads_them(
    values: tuple[float, float, float], shown: tuple[str, str, str]
) -> None:
    baseline, target, actual = values
    ind = indicator((2019, baseline), ((2025, target),), ((2022, actual),))
    explanation = evaluate(ind, BUILTIN_SCHEMES["level5"]).explanation
    assert all(text in explanation for text in shown), explanation


def test_wareki_of_early_years() -> None:
    ind = indicator((1988, 10.0), ((1990, 12.0),), ((1989, 12.5),))
    assert "平成元年度（1989）の実績12.5" in evaluate(ind, K21).explanation
    ind = indicator((1987, 10.0), ((1990, 12.0),), ((1988, 11.0),))
    assert "基準値10（昭和62年度）" in evaluate(ind, K21).explanation
