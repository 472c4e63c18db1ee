"""Who sees and changes what: exactly the rules of progress.access, as on the staff pages."""

import pytest

from sasaeai.progress.models import Entry

from .conftest import LIST


def test_a_clerk_lists_only_the_entries_of_their_department_and_confirmed_ones(api, cycle):
    other = cycle.entries.filter(department__name="高齢介護課").first()
    Entry.objects.filter(pk=other.pk).update(status=Entry.Status.CONFIRMED)

    results = api.get(LIST, user="somu").data["results"]

    own = cycle.entries.filter(department__name="福祉総務課").count()
    assert len(results) == own + 1
    assert {e["responsible"] for e in results if e["status"] == "draft"} == {"福祉総務課"}
    assert [e["id"] for e in results if e["status"] == "confirmed"] == [other.pk]
    assert {(e["plan"], e["fiscal_year"]) for e in results} == {("ageo", 2024)}


def test_the_list_filters_by_status(api, cycle):
    assert api.get(LIST + "?status=submitted", user="somu").data["results"] == []
    drafts = api.get(LIST + "?status=draft", user="secretariat").data["results"]
    assert len(drafts) == cycle.entries.count()

    response = api.get(LIST + "?status=done", user="somu")
    assert response.status_code == 400 and "status" in response.data["problems"]


def test_the_list_of_a_missing_plan_or_cycle_is_404(api, cycle):
    assert api.get("/plans/nowhere/cycles/2024/entries", user="somu").status_code == 404
    assert api.get("/plans/ageo/cycles/2019/entries", user="somu").status_code == 404


def test_the_demo_cycle_shows_each_department_its_own_submissions(api, demo):
    path = "/plans/ageo/cycles/2023/entries"
    somu = api.get(path, user="somu").data["results"]
    assert somu and {(e["responsible"], e["status"]) for e in somu} == {("福祉総務課", "submitted")}
    kourei = api.get(path, user="kourei").data["results"]
    assert {e["responsible"] for e in kourei} == {"高齢介護課"}
    assert "returned" in {e["status"] for e in kourei}
    assert api.get(path, user="iin").data["results"] == []
    everything = api.get(path, user="secretariat").data["results"]
    assert len(everything) == Entry.objects.filter(cycle__fiscal_year=2023).count() > 19


def test_the_committee_lists_nothing_before_the_secretariat_accepts(api, cycle):
    assert api.get(LIST, user="iin").data["results"] == []


def test_another_department_can_neither_read_nor_change_a_draft(api, entry, filled):
    path = f"/entries/{entry.pk}"

    assert api.get(path, user="kourei").status_code == 404
    response = api.patch(path, {"version": 1, **filled}, user="kourei")
    assert response.status_code == 404
    assert response.data == {"error": "not_found", "message": "見つかりません。"}
    assert api.post(path + "/submit", user="kourei").status_code == 404
    entry.refresh_from_db()
    assert (entry.version, entry.progress) == (1, "")


@pytest.mark.parametrize("username", ["iin", "chair"])
def test_the_committee_cannot_see_a_draft(api, entry, username):
    assert api.get(f"/entries/{entry.pk}", user=username).status_code == 404


def test_a_method_the_endpoint_does_not_have_is_405_json(api, entry):
    response = api.call("DELETE", f"/entries/{entry.pk}", user="somu")

    assert response.status_code == 405
    assert response.data["error"] == "method_not_allowed"
    assert response["Allow"] == "GET, PATCH"
    assert api.get(f"/entries/{entry.pk}/submit", user="somu").status_code == 405
