"""Grades where people read them: tables, distributions, the indicator page, overrides, the CLI."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sasaeai.demo.services import PASSWORD
from sasaeai.evaluation.models import GradeOverride
from sasaeai.evaluation.selectors import evaluate_plan
from sasaeai.plans.models import Indicator, Plan


def _indicator(slug, key):
    return Indicator.objects.get(node__plan__slug=slug, key=key)


def _client(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def test_the_future_centre_follows_its_stated_aim_with_a_warning(demo):
    evaluation = evaluate_plan(Plan.objects.get(slug="tokorozawa"), 2024)
    result = evaluation.graded[_indicator("tokorozawa", "Ⅰ/4#1").pk].result
    assert (
        result.grade == "D"
    )  # 167,210 is 7% below the baseline 179,792: worse for an increase aim
    assert result.warnings and "めざす方向は増加" in result.warnings[0]


def test_a_target_deliberately_not_set_is_E_with_its_reason(demo):
    evaluation = evaluate_plan(Plan.objects.get(slug="tokorozawa"), 2024)
    result = evaluation.graded[_indicator("tokorozawa", "Ⅲ/9#1").pk].result
    assert result.grade == "E"
    assert "予測が困難" in result.explanation


def test_every_demo_indicator_gets_a_grade_and_a_sentence(demo):
    for plan in Plan.objects.all():
        for graded in evaluate_plan(plan).graded.values():
            assert graded.result.grade in evaluate_plan(plan).scheme.grades
            assert graded.result.explanation.endswith("。")


def test_the_node_table_shows_rate_grade_and_explanation(demo, client):
    node = _indicator("tokorozawa", "Ⅰ/1#1").node
    html = (
        _client(client, "somu")
        .get(f"/plans/tokorozawa/nodes/{node.pk}/?as_of=2024")
        .content.decode()
    )
    assert "達成率" in html and "評価の分布" in html and "<summary>説明</summary>" in html
    assert "健康日本21方式" in html


def test_the_plan_page_shows_the_distribution_per_goal_and_for_the_plan(demo, client):
    html = _client(client, "somu").get("/plans/tokorozawa/?as_of=2024").content.decode()
    assert "計画全体" in html and "基本方針 Ⅲ" in html and "総合評価" in html


def test_the_indicator_page_has_a_chart_with_a_text_alternative(demo, client):
    indicator = _indicator("tokorozawa", "Ⅰ/1#4")
    html = (
        _client(client, "somu")
        .get(f"/plans/tokorozawa/indicators/{indicator.pk}/")
        .content.decode()
    )
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert "<desc" in html and "基準値 2019年度 83" in html
    assert html.count('class="grade grade-') >= 2  # in the grade box and in the table row


def test_a_clerk_cannot_override_a_grade(demo, client):
    indicator = _indicator("ageo", "3/7#2")
    response = _client(client, "somu").post(
        f"/plans/ageo/indicators/{indicator.pk}/override/",
        {"grade": "A", "reason": "x", "as_of": 2022},
    )
    assert response.status_code == 404
    assert not GradeOverride.objects.exists()


def test_the_chair_overrides_with_a_reason_and_the_computed_grade_stays(demo, client):
    indicator = _indicator("ageo", "3/7#2")
    chair = _client(client, "chair")
    url = f"/plans/ageo/indicators/{indicator.pk}/"
    chair.post(
        url + "override/", {"grade": "A", "reason": "講座の定員を拡大したため", "as_of": 2022}
    )
    override = GradeOverride.objects.get()
    assert (override.grade, override.fiscal_year, override.created_by.username) == (
        "A",
        2022,
        "chair",
    )
    graded = evaluate_plan(indicator.node.plan, 2022).graded[indicator.pk]
    assert graded.grade == "A" and graded.result.grade == override.computed_grade
    html = chair.get(url + "?as_of=2022").content.decode()
    assert "手入力 A" in html and "講座の定員を拡大したため" in html
    assert f"grade-{override.computed_grade.lower()}" in html  # the computed grade is still shown


def test_an_override_needs_a_reason_and_a_grade_of_the_scheme(demo, client):
    indicator = _indicator("ageo", "3/7#2")
    chair = _client(client, "chair")
    url = f"/plans/ageo/indicators/{indicator.pk}/override/"
    chair.post(url, {"grade": "A", "reason": "  ", "as_of": 2022})
    chair.post(url, {"grade": "Z", "reason": "理由", "as_of": 2022})
    assert not GradeOverride.objects.exists()


def test_withdrawing_keeps_the_history(demo, client):
    indicator = _indicator("ageo", "3/7#2")
    chair = _client(client, "chair")
    url = f"/plans/ageo/indicators/{indicator.pk}/override/"
    chair.post(url, {"grade": "A", "reason": "最初の判断", "as_of": 2022})
    chair.post(url, {"grade": "", "reason": "算定どおりとする", "as_of": 2022})
    assert GradeOverride.objects.count() == 2
    assert evaluate_plan(indicator.node.plan, 2022).graded[indicator.pk].override is None


def test_grades_of_a_plan_take_a_fixed_number_of_queries(demo):
    plan = Plan.objects.get(slug="tokorozawa")
    with CaptureQueriesContext(connection) as queries:
        evaluate_plan(plan)
    assert len(queries) <= 5  # latest year, indicators, targets, actuals, overrides


def test_plan_and_node_pages_with_grades_stay_bounded(demo, client):
    somu = _client(client, "somu")
    node = _indicator("tokorozawa", "Ⅰ/1#1").node
    with CaptureQueriesContext(connection) as plan_queries:
        somu.get("/plans/tokorozawa/")
    with CaptureQueriesContext(connection) as node_queries:
        somu.get(f"/plans/tokorozawa/nodes/{node.pk}/")
    # 16: the plan, its tree and grades, the report menu, and one for the registers' menu link.
    assert len(plan_queries) <= 16
    assert len(node_queries) <= 30


def test_evaluate_plan_command_prints_json(demo, capsys):
    call_command("evaluate", "--plan", "tokorozawa", "--as-of", "2024")
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == 2024 and len(data["results"]) == 47
    assert {"id", "grade", "achievement", "expected", "on_track", "explanation", "warnings"} <= set(
        data["results"][0]
    )


def test_evaluate_input_command_grades_the_documented_example(tmp_path, capsys):
    doc = {
        "scheme": "kenko21",
        "as_of": 2023,
        "indicators": [
            {
                "id": "x",
                "direction": "increase",
                "survey": False,
                "cumulative": False,
                "baseline": {"fiscal_year": 2019, "value": 10.2},
                "targets": [{"fiscal_year": 2025, "value": 12.0, "direction": None}],
                "actuals": [{"fiscal_year": 2022, "value": 11.0}],
            }
        ],
    }
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    call_command("evaluate", "--input", str(path))
    (result,) = json.loads(capsys.readouterr().out)["results"]
    assert (result["id"], result["grade"], result["expected"], result["on_track"]) == (
        "x",
        "B*",
        11.1,
        False,
    )
    assert result["achievement"] == pytest.approx(0.444, abs=0.001)


def test_evaluate_command_names_a_bad_scheme(tmp_path):
    from django.core.management import CommandError

    path = tmp_path / "in.json"
    path.write_text('{"indicators": []}', encoding="utf-8")
    with pytest.raises(CommandError, match="--scheme"):
        call_command("evaluate", "--input", str(path), "--scheme", "nonsense")


def test_the_secretariat_chooses_the_plans_scheme(demo, client):
    secretariat = _client(client, "secretariat")
    assert "kenko21" in secretariat.get("/plans/ageo/grading/").content.decode()
    secretariat.post("/plans/ageo/grading/", {"scheme": "sabc"})
    assert Plan.objects.get(slug="ageo").grading_scheme == "sabc"
    assert evaluate_plan(Plan.objects.get(slug="ageo")).scheme.name == "sabc"


def test_edited_thresholds_are_saved_as_a_scheme_object(demo, client):
    secretariat = _client(client, "secretariat")
    custom = (
        '{"formula": "prorata", "bands": [{"min": 1.0, "grade": "A"}, '
        '{"min": 0.6, "grade": "B"}], "else": "C"}'
    )
    secretariat.post("/plans/ageo/grading/", {"scheme": "custom", "custom": custom})
    saved = Plan.objects.get(slug="ageo").grading_scheme
    assert saved["formula"] == "prorata" and saved["bands"][1]["min"] == 0.6


def test_a_bad_scheme_is_refused_with_the_field_named(demo, client):
    secretariat = _client(client, "secretariat")
    response = secretariat.post(
        "/plans/ageo/grading/", {"scheme": "custom", "custom": '{"bands": "x"}'}
    )
    assert "評価方式を保存できません" in response.content.decode()
    assert Plan.objects.get(slug="ageo").grading_scheme is None


def test_only_the_secretariat_may_change_the_scheme(demo, client):
    assert _client(client, "somu").get("/plans/ageo/grading/").status_code == 404


def test_overrides_and_scheme_changes_are_in_the_audit_log(demo, client):
    from sasaeai.audit.models import Event

    indicator = _indicator("ageo", "3/7#2")
    _client(client, "chair").post(
        f"/plans/ageo/indicators/{indicator.pk}/override/",
        {"grade": "A", "reason": "講座の定員を拡大したため", "as_of": 2022},
    )
    _client(client, "secretariat").post("/plans/ageo/grading/", {"scheme": "sabc"})
    events = {(e.action, e.actor.username, e.reason) for e in Event.objects.all()}
    assert ("grade.override", "chair", "講座の定員を拡大したため") in events
    assert ("plan.scheme", "secretariat", "") in events
