"""The registers' home, a branch's page and the records behind a 集計値."""

from datetime import date

import pytest

from sasaeai.accounts.models import Organization
from sasaeai.demo.services import PASSWORD
from sasaeai.plans.models import Indicator
from sasaeai.registers.models import IndicatorBinding, Neighbourhood
from sasaeai.volunteers.models import Activity, Attendance, Course, Volunteer


@pytest.fixture
def branches(demo):
    return (
        Organization.objects.get(key="ageo-council"),
        Organization.objects.get(key="ageo-branch-ageo-higashi"),
        Organization.objects.get(key="ageo-branch-ageo-nishi"),
    )


def _as(client, username):
    client.logout()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_the_home_lists_the_thirteen_branches_with_their_bases(branches, client):
    html = _as(client, "shakyo").get("/registers/").content.decode()
    assert html.count("支部拠点") >= 13
    assert "上尾東支部" in html and "二ツ宮750 文化センター内" in html


def test_a_branch_coordinator_sees_only_its_branch(branches, client):
    _, higashi, nishi = branches
    who = _as(client, "shibu")
    html = who.get("/registers/").content.decode()
    assert "上尾東支部" in html and "上尾西支部" not in html
    assert who.get(f"/registers/branches/{higashi.pk}/").status_code == 200
    assert who.get(f"/registers/branches/{nishi.pk}/").status_code == 404


def test_the_menu_shows_the_registers_only_to_those_who_reach_them(branches, client):
    assert "/registers/" in _as(client, "shakyo").get("/plans/").content.decode()
    client.logout()
    assert client.get("/registers/").status_code == 302


def test_a_branch_page_lists_its_neighbourhoods(branches, client):
    _, higashi, _ = branches
    Neighbourhood.objects.create(branch=higashi, name="二ツ宮自治会", households=420, sample=True)
    html = _as(client, "kourei").get(f"/registers/branches/{higashi.pk}/").content.decode()
    assert "二ツ宮自治会" in html and "420" in html and "架空" in html


@pytest.fixture
def bound(branches):
    council, higashi, nishi = branches
    alice = Volunteer.objects.create(branch=higashi, name="見本 花子", phone="090-0000-0001")
    Activity.objects.create(
        branch=higashi, date=date(2023, 6, 1), volunteer=alice, people=3, description="配食"
    )
    Activity.objects.create(branch=nishi, date=date(2023, 7, 1), people=10, description="行事")
    Activity.objects.create(branch=nishi, date=date(2024, 7, 1), people=99, description="翌年度")
    indicator = Indicator.objects.get(node__plan__slug="ageo", name="ボランティア活動参加者数")
    return IndicatorBinding.objects.create(
        indicator=indicator, measure="volunteers.participants", council=council
    )


def test_the_records_behind_a_count_add_up_to_it(bound, client):
    html = _as(client, "kourei").get(f"/registers/bindings/{bound.pk}/2023/").content.decode()
    assert "<strong>13</strong>" in html
    assert "配食" in html and "行事" in html and "翌年度" not in html


def test_names_in_the_records_need_the_personal_level(bound, client):
    url = f"/registers/bindings/{bound.pk}/2023/"
    assert "見本 花子" not in _as(client, "kourei").get(url).content.decode()
    assert "見本 花子" in _as(client, "shakyo").get(url).content.decode()
    # The coordinator of the volunteer's own branch sees the name, the city does not.
    assert "見本 花子" in _as(client, "shibu").get(url).content.decode()
    assert "090-0000-0001" not in _as(client, "vc").get(url).content.decode()


def test_course_attendees_are_anonymous_to_the_city(branches, client):
    council, _, _ = branches
    course = Course.objects.create(
        branch=council,
        title="認知症サポーター養成講座",
        kind="dementia_supporter",
        held_on=date(2023, 9, 1),
    )
    Attendance.objects.create(course=course, name="受講 太郎")
    indicator = Indicator.objects.get(
        node__plan__slug="ageo", name="認知症サポーター養成講座受講人数"
    )
    binding = IndicatorBinding.objects.create(
        indicator=indicator,
        measure="volunteers.attendees",
        params={"course_kind": "dementia_supporter"},
        council=council,
    )
    url = f"/registers/bindings/{binding.pk}/2023/"
    assert "受講 太郎" not in _as(client, "kourei").get(url).content.decode()
    assert "受講 太郎" in _as(client, "shakyo").get(url).content.decode()


def test_records_pages_need_a_login_and_a_known_binding(bound, client):
    client.logout()
    assert client.get(f"/registers/bindings/{bound.pk}/2023/").status_code == 302
    assert _as(client, "kourei").get("/registers/bindings/999999/2023/").status_code == 404


def test_a_count_of_made_up_records_says_so(bound, client):
    from sasaeai.registers import measures

    url = f"/registers/bindings/{bound.pk}/2023/"
    page = f"/plans/ageo/indicators/{bound.indicator_id}/"
    mark = 'class="sample-mark">架空<'
    marks_before = _as(client, "kourei").get(page).content.decode().count(mark)
    assert measures.sample_years(bound, [2023, 2024]) == set()
    assert "デモのために作った記録" not in _as(client, "kourei").get(url).content.decode()
    Activity.objects.filter(fiscal_year=2023, branch__key="ageo-branch-ageo-nishi").update(
        sample=True
    )
    assert measures.sample_years(bound, [2023, 2024]) == {2023}
    assert "デモのために作った記録" in client.get(url).content.decode()
    assert client.get(page).content.decode().count(mark) == marks_before + 1
