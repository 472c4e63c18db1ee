"""The staff pages through the HTTP client: sign-in required, the tree, a node with its table."""

import pytest

from sasaeai.plans.models import Node


def _node(slug, key):
    return Node.objects.get(plan__slug=slug, key=key)


@pytest.mark.parametrize("url", ["/plans/", "/plans/ageo/", "/plans/ageo/nodes/1/"])
def test_pages_ask_to_sign_in_first(demo, client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_plan_list_shows_the_three_demo_plans(somu):
    html = somu.get("/plans/").content.decode()
    for title in [
        "第３次上尾市地域福祉計画・第６次上尾市地域福祉活動計画",
        "所沢市地域福祉計画",
        "第2期下野市地域福祉計画・地域福祉活動計画",
        "所沢市成年後見制度利用促進基本計画",
    ]:
        assert title in html


def test_the_plan_page_shows_the_tree_with_printed_codes(somu):
    html = somu.get("/plans/tokorozawa/").content.decode()
    assert "令和3年度（2021）〜令和8年度（2026）" in html
    for node in Node.objects.filter(plan__slug="tokorozawa"):
        assert f"/plans/tokorozawa/nodes/{node.pk}/" in html
    assert '<span class="code">Ⅲ</span>' in html and '<span class="code">11</span>' in html


def test_a_node_page_has_narratives_actions_and_the_indicator_table(somu):
    node = _node("tokorozawa", "Ⅰ/1")
    html = somu.get(f"/plans/tokorozawa/nodes/{node.pk}/").content.decode()
    assert "現状・これまでの主な取り組み" in html
    assert "障害者の就労の実現と職場定着に向けた支援" in html
    assert "令和元年度（2019）" in html and "令和8年度（2026）" in html
    assert "8,572,349" in html
    assert "83.0<small>（39/47校）</small>" in html
    assert "架空のデモ値（実在のデータではありません）" in html


def test_the_city_actions_list_every_department(somu):
    node = _node("ageo", "3/6/(1)")
    html = somu.get(f"/plans/ageo/nodes/{node.pk}/").content.decode()
    departments = [
        "子ども支援課",
        "福祉総務課",
        "高齢介護課",
        "健康増進課",
        "市民協働推進課",
        "市民活動支援センター",
        "生涯学習課",
    ]
    assert "<br>".join(departments) in html


def test_a_baseline_without_value_shows_its_note(somu):
    node = _node("ageo", "3/6")
    html = somu.get(f"/plans/ageo/nodes/{node.pk}/").content.decode()
    assert "―<sup>※1</sup>" in html and "※1 新型コロナウイルス禍で未実施" in html


def test_confirmed_progress_shows_on_its_node(somu):
    node = _node("shimotsuke", "3/⑤")
    html = somu.get(f"/plans/shimotsuke/nodes/{node.pk}/").content.decode()
    assert "ボランティアコーディネーター２名を専従で配置" in html
    assert "この内容は第２期計画推進委員会において確定したものです。" in html


@pytest.mark.parametrize("url", ["/plans/nowhere/", "/plans/ageo/nodes/999999/"])
def test_unknown_plans_and_nodes_are_not_found(somu, url):
    assert somu.get(url).status_code == 404


def test_a_node_of_another_plan_is_not_found_under_this_one(somu):
    other = _node("tokorozawa", "A")
    assert somu.get(f"/plans/ageo/nodes/{other.pk}/").status_code == 404


def test_english_is_available_on_request(somu):
    somu.post("/i18n/setlang/", {"language": "en", "next": "/plans/"})
    html = somu.get("/plans/").content.decode()
    assert '<html lang="en">' in html and "Plans" in html


def test_japanese_is_the_default_whatever_the_browser_says(somu):
    html = somu.get("/plans/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="ja">' in html and "計画一覧" in html


def test_the_admin_is_in_japanese(demo, client):
    client.login(username="admin", password="sasaeai-demo")
    html = client.get("/admin/plans/indicator/").content.decode()
    assert "指標" in html and "支え合い Sasaeai 管理画面" in html
