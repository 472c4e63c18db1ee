"""Tests for the `sasaeai evaluate --input` format: docs/grading.md's example and bad files."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from sasaeai.grading import BUILTIN_SCHEMES, parse_scheme
from sasaeai.grading.io import InputError, parse_input, run

DOC = Path(__file__).resolve().parents[2] / "docs" / "grading.md"


def documented_json(heading: str) -> dict[str, object]:
    """Return the first JSON block after «## heading» in docs/grading.md."""
    section = DOC.read_text().split(f"## {heading}\n", 1)[1]
    block = re.search(r"```json\n(.*?)```", section, re.DOTALL)
    assert block is not None
    return json.loads(block.group(1).replace("…", ""))


EXAMPLE = documented_json("Input")


def test_the_documented_input_gives_the_documented_output() -> None:
    expected = documented_json("Output")["results"]
    results = run(EXAMPLE)["results"]
    assert isinstance(results, list) and isinstance(expected, list)
    assert len(results) == len(expected) == 1
    got, want = results[0], expected[0]
    assert list(got) == list(want)
    assert {k: v for k, v in got.items() if k != "explanation"} == {
        k: v for k, v in want.items() if k != "explanation"
    }
    assert got["explanation"].startswith("健康日本21方式：")


def test_output_is_json() -> None:
    assert json.loads(json.dumps(run(EXAMPLE), ensure_ascii=False)) == run(EXAMPLE)


def test_parse_input() -> None:
    indicators, scheme, as_of = parse_input(EXAMPLE)
    assert scheme is BUILTIN_SCHEMES["kenko21"]
    assert as_of == 2023
    assert [i.id for i in indicators] == ["x"]
    assert indicators[0].baseline is not None and indicators[0].baseline.value == 10.2


def test_defaults() -> None:
    # no scheme: kenko21; no as_of: the latest actual; omitted lists and flags: empty, false
    indicators, scheme, as_of = parse_input({"indicators": [{"id": "y"}]})
    assert (scheme.name, as_of) == ("kenko21", None)
    assert (indicators[0].targets, indicators[0].actuals, indicators[0].survey) == ((), (), False)
    assert run({"indicators": [{"id": "y"}]})["results"] == [
        {
            "id": "y",
            "grade": "E",
            "achievement": None,
            "expected": None,
            "on_track": None,
            "explanation": "健康日本21方式：実績がないためEです。",
            "warnings": [],
            "rule": "kenko21",
            "target_year": None,
            "actual_year": None,
            "actual": None,
        }
    ]


def test_scheme_and_as_of_override_the_file() -> None:
    result = run(EXAMPLE, scheme="sabc")["results"][0]  # type: ignore[index]
    assert result["rule"] == "sabc"
    result = run(EXAMPLE, scheme={"rule": "kenko21", "tolerance": 0.1}, as_of=2021)["results"][0]  # type: ignore[index]
    assert result["grade"] == "E"
    assert "令和3年度（2021）までの実績がない" in result["explanation"]


def test_an_indicators_own_scheme_wins_over_the_override() -> None:
    data = copy.deepcopy(EXAMPLE)
    data["indicators"][0]["scheme"] = "level5"  # type: ignore[index]
    assert run(data, scheme="sabc")["results"][0]["rule"] == "bands"  # type: ignore[index]


def test_a_bad_override_raises_scheme_error() -> None:
    with pytest.raises(ValueError, match="scheme は"):
        run(EXAMPLE, scheme="nope")


def test_scheme_objects_are_read() -> None:
    data = {**EXAMPLE, "scheme": BUILTIN_SCHEMES["level5"].to_dict()}
    assert parse_input(data)[1] == parse_scheme("level5")


def with_change(path: str, value: object) -> object:
    """Return the documented input with the value at a dotted path (list indexes as ints) set."""
    data = copy.deepcopy(EXAMPLE)
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    node: object = data
    for key in parents:
        node = node[key]  # type: ignore[index]
    node[last] = value  # type: ignore[index]
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "入力全体: オブジェクトにしてください"),
        ({"indicators": {}}, "indicators: 指標の配列にしてください"),
        ({}, "indicators: 指標の配列にしてください"),
        ({"indicators": [], "extra": 1}, "extra: 使えないキーです"),
        (
            with_change("as_of", "2023"),
            "as_of: 西暦の年度（1868〜2200の整数）か null にしてください",
        ),
        (with_change("as_of", 5), "as_of: 西暦の年度"),
        (with_change("scheme", "kenko"), "scheme: kenko21, sabc, abc, level5, toward のいずれか"),
        (with_change("scheme", 5), "scheme: スキーム名（文字列）かオブジェクトにしてください"),
        (
            with_change(
                "scheme",
                {
                    "formula": "prorata",
                    "bands": [{"min": 1, "grade": "A"}, {"min": "x", "grade": "B"}],
                    "else": "C",
                },
            ),
            "scheme.bands[1].min: 数値にしてください",
        ),
        (with_change("indicators.0", "x"), "indicators[0]: オブジェクトにしてください"),
        (with_change("indicators.0.id", 7), "indicators[0].id: 文字列にしてください"),
        (with_change("indicators.0.name", "x"), "indicators[0].name: 使えないキーです"),
        (
            with_change("indicators.0.direction", "up"),
            "indicators[0].direction: increase, decrease, maintain か null",
        ),
        (
            with_change("indicators.0.survey", "no"),
            "indicators[0].survey: true か false にしてください",
        ),
        (
            with_change("indicators.0.baseline", 10.2),
            "indicators[0].baseline: オブジェクトにしてください",
        ),
        (
            with_change("indicators.0.baseline.value", "10.2"),
            "indicators[0].baseline.value: 数値か null にしてください",
        ),
        (
            with_change("indicators.0.baseline.value", True),
            "indicators[0].baseline.value: 数値か null",
        ),
        (
            with_change("indicators.0.baseline.value", float("nan")),
            "indicators[0].baseline.value: 数値か null",
        ),
        (
            with_change("indicators.0.baseline.fiscal_year", 4),
            "indicators[0].baseline.fiscal_year: 西暦の年度",
        ),
        (with_change("indicators.0.targets", {}), "indicators[0].targets: 配列にしてください"),
        (
            with_change("indicators.0.targets.0", {"fiscal_year": 2025}),
            "indicators[0].targets[0]: value・direction・not_set_reason のいずれか",
        ),
        (
            with_change("indicators.0.targets.0.direction", "up"),
            "indicators[0].targets[0].direction: increase",
        ),
        (
            with_change("indicators.0.targets.0.not_set_reason", 1),
            "indicators[0].targets[0].not_set_reason: 文字列か null",
        ),
        (
            with_change("indicators.0.actuals.0.fiscal_year", None),
            "indicators[0].actuals[0].fiscal_year: 西暦の年度（1868〜2200の整数）にしてください",
        ),
        (
            with_change("indicators.0.actuals.0.method_changed", 1),
            "indicators[0].actuals[0].method_changed: true か false",
        ),
        (
            with_change("indicators.0.actuals.0.note", "x"),
            "indicators[0].actuals[0].note: 使えないキーです",
        ),
        (
            with_change("indicators.0.scheme", {"rule": "sabc", "tolerance": 10}),
            "indicators[0].scheme.tolerance: 割合",
        ),
    ],
)
def test_bad_input_names_the_path(data: object, message: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_input(data)
    assert str(raised.value).startswith(message), str(raised.value)


def test_input_error_is_a_value_error_with_its_path() -> None:
    with pytest.raises(ValueError) as raised:
        run(with_change("indicators.0.actuals.0.value", "11"))
    assert isinstance(raised.value, InputError)
    assert raised.value.path == "indicators[0].actuals[0].value"
    assert raised.value.problem == "数値か null にしてください"
