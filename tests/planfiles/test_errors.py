"""A bad plan file is refused with every problem named by path and line; nothing is written."""

import textwrap

import pytest
from django.core.management import CommandError, call_command

from sasaeai.planfiles import PlanFileError, load
from sasaeai.plans.models import Plan

GOOD = """\
format: sasaeai.plan/1
organizations:
- key: rei-city
  name: 例市
  kind: city
  departments: [福祉総務課, 高齢介護課]
slug: rei
title: 第1次例市地域福祉計画
owners: [rei-city]
level_names: [基本目標, 施策]
nodes:
- code: '1'
  title: 支え合いの地域づくり
  children:
  - code: (1)
    title: 交流の場づくり
    actions:
    - {actor: city, title: 交流の場の充実, departments: [高齢介護課]}
    indicators:
    - name: サロンの数
      unit: 箇所
      responsible: [高齢介護課]
      baseline: {fiscal_year: 2020, value: 75}
      targets:
      - {fiscal_year: 2025, value: 90}
      - {fiscal_year: 2027, direction: increase}
"""


def _load(tmp_path, text, name="plan.yaml", **kwargs):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load(str(path), **kwargs)


def _problems(tmp_path, text, name="plan.yaml"):
    with pytest.raises(PlanFileError) as caught:
        _load(tmp_path, text, name)
    return [(p.line, ".".join(map(str, p.path)), p.message) for p in caught.value.problems]


def test_the_good_file_loads(db, tmp_path):
    summary = _load(tmp_path, GOOD)
    assert summary.counts["indicators"] == 1
    assert Plan.objects.get(slug="rei").nodes.count() == 2


def test_a_wrong_type_is_named_by_path_and_line(db, tmp_path):
    text = GOOD.replace(
        "{fiscal_year: 2027, direction: increase}", "{fiscal_year: 令和9年度, direction: increase}"
    )
    problems = _problems(tmp_path, text)
    assert problems == [
        (
            26,
            "nodes.0.children.0.indicators.0.targets.1.fiscal_year",
            "整数・nullにしてください（書かれている値: '令和9年度'）",
        )
    ]
    assert not Plan.objects.filter(slug="rei").exists()


def test_every_problem_is_reported_not_just_the_first(db, tmp_path):
    text = GOOD.replace("unit: 箇所", "unit: 箇所\n      colour: red").replace(
        "direction: increase", "direction: up"
    )
    paths = {path for _, path, _ in _problems(tmp_path, text)}
    assert paths == {
        "nodes.0.children.0.indicators.0.colour",
        "nodes.0.children.0.indicators.0.targets.1.direction",
    }


def test_the_error_line_format_names_file_line_and_path(db, tmp_path):
    text = GOOD.replace("title: 交流の場づくり", "title: ''")
    with pytest.raises(PlanFileError) as caught:
        _load(tmp_path, text)
    assert caught.value.problems[0].format("plan.yaml") == (
        "plan.yaml:16: nodes[0].children[0].title: 空にはできません（書かれている値: ''）"
    )


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            ("departments: [高齢介護課]}", "departments: [障害福祉課]}"),
            "nodes.0.children.0.actions.0.departments.0",
            "担当「障害福祉課」",
        ),
        (
            ("responsible: [高齢介護課]", "responsible: [例市社会福祉協議会]"),
            "nodes.0.children.0.indicators.0.responsible.0",
            "担当「例市社会福祉協議会」",
        ),
        (("owners: [rei-city]", "owners: [nowhere]"), "owners.0", "組織「nowhere」がありません"),
        (
            ("  - code: (1)\n", "  - code: (1)\n    relist_of: '9'\n"),
            "nodes.0.children.0.relist_of",
            "項目「9」",
        ),
        (("  - code: (1)\n", "  - code: (1)\n    key: '1'\n"), "nodes.0.children.0.key", "重複"),
    ],
)
def test_meaning_is_checked_after_the_schema(db, tmp_path, change, path, message):
    problems = _problems(tmp_path, GOOD.replace(*change))
    assert [(p, message in m) for _, p, m in problems] == [(path, True)]


def test_a_target_not_set_cannot_also_have_a_value(db, tmp_path):
    text = GOOD.replace(
        "{fiscal_year: 2025, value: 90}", "{fiscal_year: 2025, value: 90, not_set_reason: 未定}"
    )
    assert (
        _problems(tmp_path, text)[0][1]
        == "nodes.0.children.0.indicators.0.targets.0.not_set_reason"
    )


def test_two_actuals_for_one_year_are_refused(db, tmp_path):
    text = GOOD.replace(
        "      targets:\n",
        "      actuals:\n      - {fiscal_year: 2021, value: 1}\n"
        "      - {fiscal_year: 2021, value: 2}\n      targets:\n",
    )
    assert "2021年度の実績値が二つあります" in _problems(tmp_path, text)[0][2]


@pytest.mark.parametrize(
    ("text", "name", "message"),
    [
        ("nodes: [\n", "plan.yaml", "YAML として読めません"),
        ('{"format": ', "plan.json", "JSON として読めません"),
        ("- a\n- b\n", "plan.yaml", "最上位は項目の並び"),
    ],
)
def test_unreadable_files_say_why(db, tmp_path, text, name, message):
    assert message in _problems(tmp_path, text, name)[0][2]


def test_json_errors_have_lines_too(db, tmp_path):
    import json

    import yaml

    data = yaml.safe_load(GOOD)
    data["nodes"][0]["children"][0]["indicators"][0]["baseline"]["value"] = "75人"
    text = json.dumps(data, ensure_ascii=False, indent=2)
    ((line, path, _),) = _problems(tmp_path, text, "plan.json")
    assert path == "nodes.0.children.0.indicators.0.baseline.value"
    assert text.splitlines()[line - 1].strip() == '"value": "75人"'


def test_dry_run_writes_nothing(db, tmp_path):
    summary = _load(tmp_path, GOOD, dry_run=True)
    assert summary.dry_run and summary.counts["nodes"] == 2
    assert not Plan.objects.filter(slug="rei").exists()


def test_an_existing_plan_is_replaced_only_when_asked(db, tmp_path):
    _load(tmp_path, GOOD)
    with pytest.raises(PlanFileError, match="--replace"):
        _load(tmp_path, GOOD)
    _load(tmp_path, GOOD.replace("サロンの数", "通いの場の数"), replace=True)
    assert (
        Plan.objects.get(slug="rei").nodes.get(key="1/(1)").indicators.get().name == "通いの場の数"
    )


def test_a_failure_half_way_leaves_the_old_plan_intact(db, tmp_path, monkeypatch):
    _load(tmp_path, GOOD)
    from sasaeai.planfiles import importer

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer._Writer, "write_cycles", broken)
    with pytest.raises(RuntimeError):
        _load(tmp_path, GOOD.replace("サロンの数", "別の名前"), replace=True)
    assert Plan.objects.get(slug="rei").nodes.get(key="1/(1)").indicators.get().name == "サロンの数"


def test_the_command_prints_every_error_and_fails(db, tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text(GOOD.replace("title: 第1次例市地域福祉計画\n", ""), encoding="utf-8")
    with pytest.raises(CommandError, match="何も書き込んでいません"):
        call_command("import_plan", str(path))
    assert "必須の項目「title」がありません" in capsys.readouterr().err


def test_the_command_dry_run_reports_counts(db, tmp_path, capsys):
    path = tmp_path / "good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_plan", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "確認のみ（書き込みなし）: rei" in out and "指標: 1" in out
    assert not Plan.objects.exists()


def test_a_plan_may_carry_its_grading_scheme(db, tmp_path):
    scheme = '{"formula": "prorata", "bands": [{"min": 1.0, "grade": "A"}], "else": "B"}'
    _load(tmp_path, GOOD.replace("level_names:", f"grading: {scheme}\nlevel_names:"))
    assert Plan.objects.get(slug="rei").grading_scheme["formula"] == "prorata"


def test_a_bad_grading_scheme_is_named(db, tmp_path):
    problems = _problems(tmp_path, GOOD.replace("level_names:", "grading: nonsense\nlevel_names:"))
    assert [(line, path) for line, path, _ in problems] == [(10, "grading")]
