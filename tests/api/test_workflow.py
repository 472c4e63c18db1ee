"""Submit, return, accept: the yearly cycle through the API, with its audit trail."""

from sasaeai.audit.models import Event

from .conftest import LIST


def _submitted(api, entry, filled):
    api.patch(f"/entries/{entry.pk}", {"version": 1, **filled}, user="somu")
    return api.post(f"/entries/{entry.pk}/submit", user="somu")


def test_submit_then_the_entry_can_no_longer_be_changed(api, entry, filled):
    response = _submitted(api, entry, filled)

    assert response.status_code == 200
    assert response.data["status"] == "submitted" and response.data["submitted_at"]
    assert response.data["late"] is False
    path = f"/entries/{entry.pk}"
    refused = api.patch(path, {"version": response.data["version"], "issues": "x"}, user="somu")
    assert refused.status_code == 403 and refused.data["error"] == "forbidden"
    assert api.post(path + "/submit", user="somu").status_code == 403


def test_an_incomplete_entry_is_not_submitted_and_the_problems_name_the_indicators(api, entry):
    response = api.post(f"/entries/{entry.pk}/submit", user="somu")

    assert response.status_code == 400
    assert set(response.data["problems"]) == {"values.3/6#1", "values.3/6#2"}


def test_the_secretariat_returns_with_a_reason_and_accepts(api, entry, filled):
    path = f"/entries/{entry.pk}"
    _submitted(api, entry, filled)

    assert api.post(path + "/return", {"reason": "差し戻し"}, user="somu").status_code == 403
    no_reason = api.post(path + "/return", {}, user="secretariat")
    assert no_reason.status_code == 400 and "reason" in no_reason.data["problems"]
    returned = api.post(path + "/return", {"reason": "数値の出典を注記に"}, user="secretariat")
    assert returned.status_code == 200
    assert returned.data["status"] == "returned"
    assert returned.data["return_reason"] == "数値の出典を注記に"

    version = returned.data["version"]
    note = {"values": {"3/6#1": {"note": "市民意識調査"}}}
    assert api.patch(path, {"version": version, **note}, user="somu").status_code == 200
    assert api.post(path + "/accept", user="secretariat").status_code == 400  # not submitted
    assert api.post(path + "/submit", user="somu").status_code == 200
    assert api.post(path + "/accept", user="somu").status_code == 403
    accepted = api.post(path + "/accept", user="secretariat")
    assert accepted.status_code == 200 and accepted.data["status"] == "accepted"


def test_the_committee_reads_an_accepted_entry_but_cannot_change_it(api, entry, filled):
    path = f"/entries/{entry.pk}"
    _submitted(api, entry, filled)
    assert api.get(path, user="iin").status_code == 404
    api.post(path + "/accept", user="secretariat")

    shown = api.get(path, user="iin")

    assert shown.status_code == 200 and shown.data["status"] == "accepted"
    listed = api.get(LIST, user="iin").data["results"]
    assert [e["id"] for e in listed] == [entry.pk]
    assert api.patch(path, {"version": shown.data["version"]}, user="iin").status_code == 403
    assert api.post(path + "/return", {"reason": "x"}, user="iin").status_code == 403


def test_every_transition_is_in_the_audit_log_with_who_did_it(api, entry, filled):
    path = f"/entries/{entry.pk}"
    _submitted(api, entry, filled)
    api.post(path + "/return", {"reason": "再確認"}, user="secretariat")
    api.post(path + "/submit", user="somu")
    api.post(path + "/accept", user="secretariat")

    events = Event.objects.filter(target_type="progress.entry", target_id=str(entry.pk))
    done = [(e.action, e.actor.username) for e in events.order_by("created_at", "id")]
    assert done == [
        ("entry.save", "somu"),
        ("entry.submit", "somu"),
        ("entry.return", "secretariat"),
        ("entry.submit", "somu"),
        ("entry.accept", "secretariat"),
    ]
    assert events.get(action="entry.return").reason == "再確認"
