"""Tests for grade schemes: parsing, canonical objects, labels, composite grades."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pytest

from sasaeai.grading import (
    BUILTIN_SCHEMES,
    Band,
    Scheme,
    SchemeError,
    composite,
    distribution,
    parse_scheme,
)

# The objects docs/grading.md gives for the built-in names.
DOCUMENTED = {
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
PREFECTURE = {
    "formula": "prorata",
    "bands": [{"min": 1.0, "grade": "A"}, {"min": 0.8, "grade": "B"}, {"min": 0.6, "grade": "C"}],
    "else": "D",
}


@pytest.mark.parametrize("name", DOCUMENTED)
def test_builtins_are_the_documented_objects(name: str) -> None:
    scheme = BUILTIN_SCHEMES[name]
    assert scheme.to_dict() == DOCUMENTED[name]
    assert scheme.name == name
    assert parse_scheme(name) is scheme
    assert parse_scheme(DOCUMENTED[name]) == scheme
    assert parse_scheme(DOCUMENTED[name]).name == name


@pytest.mark.parametrize(
    ("name", "grades"),
    [
        ("kenko21", ("A", "B", "B*", "C", "D", "E")),
        ("sabc", ("S", "A", "B", "C", "E")),
        ("abc", ("a", "b", "c", "E")),
        ("level5", ("5", "4", "3", "2", "1", "E")),
        ("toward", ("前進", "後退・横ばい", "E")),
    ],
)
def test_grades_best_first(name: str, grades: tuple[str, ...]) -> None:
    assert BUILTIN_SCHEMES[name].grades == grades


def test_a_changed_threshold_is_custom() -> None:
    scheme = parse_scheme({"rule": "kenko21", "tolerance": 0.1})
    assert scheme.name == "custom"
    assert scheme.to_dict() == {"rule": "kenko21", "tolerance": 0.1, "formula": "baseline_relative"}
    assert parse_scheme(PREFECTURE).name == "custom"
    assert parse_scheme(PREFECTURE).to_dict() == PREFECTURE


def test_optional_keys_round_trip() -> None:
    spec = {"rule": "toward_target", "labels": {"toward": "↑", "not": "→"}, "tolerance": 0.02}
    assert parse_scheme(spec).to_dict() == spec
    assert parse_scheme(spec).grades == ("↑", "→", "E")
    # one label given: the other stays, and both are written out
    half = parse_scheme({"rule": "toward_target", "labels": {"toward": "↑"}})
    assert half.to_dict()["labels"] == {"toward": "↑", "not": "後退・横ばい"}
    bands = {**PREFECTURE, "tolerance": 0.03}
    assert parse_scheme(bands).to_dict() == bands


def test_schemes_are_frozen_and_hashable() -> None:
    scheme = BUILTIN_SCHEMES["kenko21"]
    with pytest.raises(AttributeError):
        scheme.rule = "sabc"  # type: ignore[misc]
    assert len({scheme, parse_scheme(DOCUMENTED["kenko21"])}) == 1


def test_direct_construction_validates_and_fills_defaults() -> None:
    assert Scheme(rule="sabc") == BUILTIN_SCHEMES["sabc"]
    assert Scheme(rule="sabc").tolerance == 0.1
    with pytest.raises(SchemeError, match=re.escape("bands[1].min は前の帯の min より小さく")):
        Scheme(rule="bands", bands=(Band(0.5, "A"), Band(0.8, "B")), else_grade="C")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            "kenko",
            "scheme は kenko21, sabc, abc, level5, toward のいずれかかスキームのオブジェクト",
        ),
        (42, "scheme はスキーム名（文字列）かオブジェクトにしてください"),
        ({}, "rule は指定してください（帯で評価するときは bands と else）"),
        ({"rule": "kenko22"}, "rule は kenko21, sabc, abc, toward_target のいずれかにしてください"),
        ({"rule": "kenko21", "tolerance": "5%"}, "tolerance は数値にしてください"),
        (
            {"rule": "kenko21", "tolerance": 5},
            "tolerance は割合（0.05 = 5%）で、0以上1未満にしてください",
        ),
        ({"rule": "kenko21", "tolerance": -0.1}, "tolerance は割合"),
        ({"rule": "kenko21", "tolerance": True}, "tolerance は数値にしてください"),
        ({"rule": "abc", "tolerance": 300}, "tolerance はポイント数（0以上100以下）にしてください"),
        ({"rule": "kenko21", "formula": "ratio"}, "formula は baseline_relative, simple"),
        ({"rule": "kenko21", "bands": []}, "bands は使えないキーです"),
        ({"rule": "toward_target", "labels": ["↑", "→"]}, "labels は"),
        (
            {"rule": "toward_target", "labels": {"toward": "↑", "not": "↑"}},
            "labels.not はほかと重ならない評語",
        ),
        ({"rule": "toward_target", "labels": {"up": "↑"}}, "labels.up は使えないキーです"),
        ({**PREFECTURE, "bands": "A"}, "bands は配列にしてください"),
        ({**PREFECTURE, "bands": []}, "bands は1つ以上の帯を並べてください"),
        (
            {**PREFECTURE, "bands": [{"min": 1.0, "grade": "A"}, {"min": "80%", "grade": "B"}]},
            "bands[1].min は数値にしてください",
        ),
        (
            {**PREFECTURE, "bands": [{"min": 1.0, "grade": "A"}, {"grade": "B"}]},
            "bands[1].min は指定してください",
        ),
        (
            {**PREFECTURE, "bands": [{"min": 1.0, "grade": "A"}, {"min": 1.0, "grade": "B"}]},
            "bands[1].min は前の帯の min より小さく",
        ),
        (
            {**PREFECTURE, "bands": [{"min": 1.0, "grade": ""}]},
            "bands[0].grade は空でない文字列にしてください",
        ),
        (
            {**PREFECTURE, "bands": [{"min": 1.0, "grade": "E"}]},
            "bands[0].grade は E 以外にしてください",
        ),
        (
            {**PREFECTURE, "bands": [{"min": 1.0, "grade": "A", "max": 2}]},
            "bands[0].max は使えないキーです",
        ),
        ({**PREFECTURE, "bands": ["A"]}, "bands[0] は"),
        ({**PREFECTURE, "else": "A"}, "else はほかと重ならない評語にしてください（「A」が重複）"),
        ({"formula": "prorata", "bands": [{"min": 1.0, "grade": "A"}]}, "else は指定してください"),
        ({**PREFECTURE, "else": "x" * 21}, "else は20文字以内にしてください"),
    ],
)
def test_parse_errors_name_the_field(spec: str | Mapping[str, object], message: str) -> None:
    with pytest.raises(SchemeError) as raised:
        parse_scheme(spec)
    assert message in str(raised.value)


def test_scheme_error_carries_field_and_problem() -> None:
    with pytest.raises(SchemeError) as raised:
        parse_scheme({**PREFECTURE, "bands": [{"min": 1.0, "grade": "A"}, {"min": None}]})
    assert (raised.value.field, raised.value.problem) == ("bands[1].min", "数値にしてください")
    assert isinstance(raised.value, ValueError)


# --- labels and points -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "grade", "label"),
    [
        ("kenko21", "A", "目標値に達した"),
        ("kenko21", "B*", "改善しているが目標年度までの到達が危ぶまれる"),
        ("kenko21", "E", "評価困難"),
        ("sabc", "B", "基準値の±10%以内"),
        ("abc", "a", "改善（3ポイント超）"),
        ("level5", "4", "達成率80%以上"),
        ("level5", "1", "達成率40%未満"),
        ("toward", "前進", "目標に向かって前進した"),
        ("kenko21", "Z", ""),
    ],
)
def test_labels(name: str, grade: str, label: str) -> None:
    assert BUILTIN_SCHEMES[name].label(grade) == label


def test_prorata_band_labels_say_so() -> None:
    assert parse_scheme(PREFECTURE).label("B") == "年次按分の達成率80%以上"


@pytest.mark.parametrize(
    ("scheme", "points"),
    [
        (BUILTIN_SCHEMES["kenko21"], {"A": 5, "B": 4, "B*": 4, "C": 3, "D": 2, "E": None}),
        (BUILTIN_SCHEMES["sabc"], {"S": 5, "A": 4, "B": 3, "C": 2, "E": None}),
        (BUILTIN_SCHEMES["abc"], {"a": 5, "b": 3, "c": 2, "E": None}),
        (BUILTIN_SCHEMES["level5"], {"5": 5, "4": 4, "3": 3, "2": 2, "1": 1, "E": None}),
        # letters count by rank: A, B, C, D as in kenko21
        (parse_scheme(PREFECTURE), {"A": 5, "B": 4, "C": 3, "D": 2, "E": None}),
        # the trend rule has no points
        (BUILTIN_SCHEMES["toward"], {"前進": None, "後退・横ばい": None, "E": None}),
    ],
)
def test_points(scheme: Scheme, points: dict[str, int | None]) -> None:
    assert {g: scheme.points(g) for g in scheme.grades} == points


# --- composite and distribution --------------------------------------------------------------


@pytest.mark.parametrize(
    ("scheme", "grades", "expected"),
    [
        # docs/grading.md: D, B*, D averages 2.7 → C
        ("kenko21", ["D", "B*", "D"], (2.7, "C")),
        # 2.5 goes down (五捨): C, D → D
        ("kenko21", ["C", "D"], (2.5, "D")),
        # 2.6 goes up (六入): C, C, C, D, D → C
        ("kenko21", ["C", "C", "C", "D", "D"], (2.6, "C")),
        # B* counts as B
        ("kenko21", ["B*", "B*"], (4.0, "B")),
        # E is left out
        ("kenko21", ["A", "E", "E"], (5.0, "A")),
        # nothing to average
        ("kenko21", ["E"], (None, None)),
        ("kenko21", [], (None, None)),
        # the average is rounded half up to one decimal first: 2.55 shows as 2.6 → C
        ("kenko21", ["C"] * 11 + ["D"] * 9, (2.6, "C")),
        # 2.45 shows as 2.5 → D
        ("kenko21", ["C"] * 9 + ["D"] * 11, (2.5, "D")),
        # sabc: S = 5 … C = 2; S, A = 4.5 → A
        ("sabc", ["S", "A"], (4.5, "A")),
        # abc: a = 5, b = 3: 4.0 is halfway between b and a → b; beyond halfway → a
        ("abc", ["a", "b"], (4.0, "b")),
        ("abc", ["a", "a", "b"], (4.3, "a")),
        # level5 by number
        ("level5", ["5", "4", "4"], (4.3, "4")),
        ("level5", ["5", "4"], (4.5, "4")),
        # no points in the trend rule
        ("toward", ["前進"], (None, None)),
        # a grade of another scheme is left out
        ("kenko21", ["S", "A"], (5.0, "A")),
    ],
)
def test_composite(
    scheme: str, grades: list[str], expected: tuple[float | None, str | None]
) -> None:
    assert composite(grades, BUILTIN_SCHEMES[scheme]) == expected


def test_composite_takes_any_iterable() -> None:
    assert composite(iter(["D", "B*", "D"]), BUILTIN_SCHEMES["kenko21"]) == (2.7, "C")


def test_distribution_counts_every_grade_in_order() -> None:
    counts = distribution(["A", "B*", "E", "A"], BUILTIN_SCHEMES["kenko21"])
    assert list(counts.items()) == [("A", 2), ("B", 0), ("B*", 1), ("C", 0), ("D", 0), ("E", 1)]


def test_distribution_keeps_grades_of_other_schemes_at_the_end() -> None:
    counts = distribution(["S", "A"], BUILTIN_SCHEMES["kenko21"])
    assert list(counts) == ["A", "B", "B*", "C", "D", "E", "S"]
    assert counts["S"] == 1
