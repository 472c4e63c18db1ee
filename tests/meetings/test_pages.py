"""The meeting register's pages through the HTTP client: who sees and changes what, the audit
trail, the list's filters and totals, and the issues shown on the plan node they concern."""

from datetime import date

import pytest

from sasaeai.accounts.models import User
from sasaeai.audit.models import Event
from sasaeai.meetings.models import Meeting, MeetingIssue
from sasaeai.plans.models import Node

from .conftest import HIGASHI, NISHI, ageo_node, hood, meeting, org, signed_in


@pytest.fixture
def outsider(demo, client):
    """A clerk of 所沢市, whose plans no 社協 makes: no register at all, but every plan."""
    user = User.objects.create_user(
        "tokoro", password="pw-tokoro", organization=org("tokorozawa-city"), role="clerk"
    )
    client.force_login(user)
    return client


def form_data(branch: str = HIGASHI, **values) -> dict:  # type: ignore[no-untyped-def]
    issues = values.pop("issues", [])
    data = {
        "branch": org(branch).pk,
        "neighbourhood": "",
        "held_on": "2024-07-10",
        "theme": "見守りを考える",
        "venue": "二ツ宮集会所",
        "participants": "25",
        "note": "支部長あいさつのあと意見交換。",
        "issue-TOTAL_FORMS": "3",
        "issue-INITIAL_FORMS": "0",
        "issue-MIN_NUM_FORMS": "0",
        "issue-MAX_NUM_FORMS": "1000",
    }
    for n, (text, node) in enumerate(issues):
        data[f"issue-{n}-text"] = text
        data[f"issue-{n}-node"] = str(node.pk) if node else ""
    data.update(values)
    return data


def test_the_register_asks_to_sign_in_and_hides_from_users_without_a_scope(demo, client):
    assert client.get("/registers/meetings/")["Location"].startswith("/accounts/login/")
    user = User.objects.create_user("tokoro", organization=org("tokorozawa-city"), role="clerk")
    client.force_login(user)
    assert client.get("/registers/meetings/").status_code == 404
    row = meeting()
    assert client.get(f"/registers/meetings/{row.pk}/").status_code == 404


def test_a_branch_sees_its_own_meetings_only(shibu):
    own = meeting(theme="東の懇談会")
    other = meeting(NISHI, theme="西の懇談会")
    html = shibu.get("/registers/meetings/").content.decode()
    assert "東の懇談会" in html and "西の懇談会" not in html
    assert shibu.get(f"/registers/meetings/{own.pk}/").status_code == 200
    assert shibu.get(f"/registers/meetings/{other.pk}/").status_code == 404
    assert shibu.get(f"/registers/meetings/{other.pk}/edit/").status_code == 404


def test_the_list_filters_and_totals_meetings_and_participants_per_year(shakyo):
    Meeting.objects.all().delete()
    a = hood(HIGASHI, "試験町自治会")
    meeting(theme="防災の懇談会", held_on=date(2023, 4, 1), participants=10, neighbourhood=a)
    meeting(theme="見守りの懇談会", held_on=date(2024, 3, 31), participants=15)
    meeting(NISHI, theme="防災と子ども", held_on=date(2024, 4, 1), participants=7)
    response = shakyo.get("/registers/meetings/")
    assert [
        (t["fiscal_year"], t["meetings"], t["participants"]) for t in response.context["totals"]
    ] == [(2024, 1, 7), (2023, 2, 25)]
    themed = shakyo.get("/registers/meetings/", {"theme": "防災"})
    assert [m.theme for m in themed.context["page"]] == ["防災と子ども", "防災の懇談会"]
    by_year = shakyo.get("/registers/meetings/", {"fy": "2023", "branch": org(HIGASHI).pk})
    assert by_year.context["page"].paginator.count == 2
    by_hood = shakyo.get("/registers/meetings/", {"neighbourhood": a.pk})
    assert [m.theme for m in by_hood.context["page"]] == ["防災の懇談会"]
    html = by_hood.content.decode()
    assert "令和5年度（2023）" in html


def test_a_city_reader_may_read_but_not_write(demo, client):
    signed_in(client, "somu")
    row = meeting()
    assert client.get(f"/registers/meetings/{row.pk}/").status_code == 200
    assert client.get("/registers/meetings/new/").status_code == 404
    assert client.get(f"/registers/meetings/{row.pk}/edit/").status_code == 404
    issue = MeetingIssue.objects.create(meeting=row, text="課題")
    url = f"/registers/meetings/{row.pk}/issues/{issue.pk}/link/"
    assert client.post(url, {"node": ageo_node().pk}).status_code == 404
    assert MeetingIssue.objects.get(pk=issue.pk).node is None


def test_creating_a_meeting_with_its_issues_is_audited(shibu):
    node = ageo_node("3/6/(2)")
    a = hood(HIGASHI, "試験町自治会")
    data = form_data(
        neighbourhood=a.pk, issues=[("男性の参加が少ない。", node), ("集会所が遠い。", None)]
    )
    response = shibu.post("/registers/meetings/new/", data)
    row = Meeting.objects.get(theme="見守りを考える")
    assert response.status_code == 302 and response["Location"] == f"/registers/meetings/{row.pk}/"
    assert (row.branch.key, row.neighbourhood, row.fiscal_year, row.participants) == (
        HIGASHI,
        a,
        2024,
        25,
    )
    assert [(i.text, i.node) for i in row.issues.all()] == [
        ("男性の参加が少ない。", node),
        ("集会所が遠い。", None),
    ]
    event = Event.objects.get(action="meetings.create", target_id=str(row.pk))
    assert event.actor.username == "shibu"
    assert event.after["issues"] == [
        {"text": "男性の参加が少ない。", "node": node.pk},
        {"text": "集会所が遠い。", "node": None},
    ]
    html = shibu.get(response["Location"]).content.decode()
    assert "男性の参加が少ない。" in html and f"/plans/ageo/nodes/{node.pk}/" in html


def test_a_neighbourhood_of_another_branch_is_refused_and_nothing_is_written(shakyo):
    other = hood(NISHI, "よその町内会")
    before = Meeting.objects.count()
    response = shakyo.post("/registers/meetings/new/", form_data(neighbourhood=other.pk))
    assert response.status_code == 400
    assert "自治会・町内会" in response.content.decode()
    assert "「よその町内会」は上尾東支部" in response.content.decode()
    assert Meeting.objects.count() == before
    assert not Event.objects.filter(action="meetings.create").exists()


def test_a_branch_cannot_record_a_meeting_of_another_branch(shibu):
    response = shibu.post("/registers/meetings/new/", form_data(NISHI))
    assert response.status_code == 400
    assert not Meeting.objects.filter(theme="見守りを考える").exists()


def test_an_issue_cannot_name_a_node_of_a_plan_the_council_does_not_make(shibu):
    foreign = Node.objects.filter(plan__slug="tokorozawa").first()
    response = shibu.post("/registers/meetings/new/", form_data(issues=[("よその計画", foreign)]))
    assert response.status_code == 400
    assert not Meeting.objects.filter(theme="見守りを考える").exists()


def test_editing_changes_the_issues_in_place_and_records_before_and_after(shibu):
    row = meeting(issues=[("古い課題", None), ("消す課題", None)])
    kept = row.issues.get(text="古い課題")
    node = ageo_node()
    data = form_data(theme="変えたテーマ", issues=[("新しい課題", node)])
    data["issue-INITIAL_FORMS"] = "2"
    response = shibu.post(f"/registers/meetings/{row.pk}/edit/", data)
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.theme == "変えたテーマ"
    assert [(i.pk, i.text, i.node) for i in row.issues.all()] == [(kept.pk, "新しい課題", node)]
    event = Event.objects.get(action="meetings.update", target_id=str(row.pk))
    assert event.before["theme"] == "試験の懇談会" and event.after["theme"] == "変えたテーマ"
    assert event.before["issues"] == [
        {"text": "古い課題", "node": None},
        {"text": "消す課題", "node": None},
    ]
    assert event.after["issues"] == [{"text": "新しい課題", "node": node.pk}]


def test_linking_and_unlinking_an_issue_is_audited(shibu):
    row = meeting(issues=[("見守りの手が足りない。", None)])
    issue = row.issues.get()
    url = f"/registers/meetings/{row.pk}/issues/{issue.pk}/link/"
    node = ageo_node()
    assert shibu.post(url, {"node": node.pk}).status_code == 302
    issue.refresh_from_db()
    assert issue.node == node
    assert shibu.post(url, {"node": ""}).status_code == 302
    issue.refresh_from_db()
    assert issue.node is None
    events = Event.objects.filter(action="meetings.issue.link", target_id=str(issue.pk))
    assert [(e.before, e.after) for e in events.order_by("id")] == [
        ({"node": None}, {"node": node.pk}),
        ({"node": node.pk}, {"node": None}),
    ]
    foreign = Node.objects.filter(plan__slug="tokorozawa").first()
    assert shibu.post(url, {"node": foreign.pk}).status_code == 404


def test_the_node_page_shows_issues_and_links_meetings_only_within_the_scope(demo, client):
    node = ageo_node("3/7/(1)")
    MeetingIssue.objects.filter(node=node).delete()
    own = meeting(issues=[("東で出た課題", node)], held_on=date(2024, 5, 1))
    other = meeting(NISHI, issues=[("西で出た課題", node)], held_on=date(2024, 6, 1))
    url = f"/plans/ageo/nodes/{node.pk}/"
    signed_in(client, "shibu")
    html = client.get(url).content.decode()
    assert "地域福祉懇談会で出された課題" in html
    assert "東で出た課題" in html and "西で出た課題" in html
    assert "2024年5月1日" in html and "上尾西" in html
    assert f"/registers/meetings/{own.pk}/" in html
    assert f"/registers/meetings/{other.pk}/" not in html
    signed_in(client, "shakyo")
    html = client.get(url).content.decode()
    assert f"/registers/meetings/{other.pk}/" in html


def test_a_plan_reader_without_registers_sees_the_issue_but_no_meeting(outsider):
    node = ageo_node("3/7/(1)")
    row = meeting(issues=[("東で出た課題", node)])
    html = outsider.get(f"/plans/ageo/nodes/{node.pk}/").content.decode()
    assert "東で出た課題" in html
    assert f"/registers/meetings/{row.pk}/" not in html
    assert "試験の懇談会" not in html


def test_a_node_without_issues_has_no_such_section(somu):
    node = ageo_node("3/7/(1)")
    MeetingIssue.objects.filter(node=node).delete()
    html = somu.get(f"/plans/ageo/nodes/{node.pk}/").content.decode()
    assert "地域福祉懇談会で出された課題" not in html
