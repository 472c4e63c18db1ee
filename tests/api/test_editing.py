"""Saving an entry: versions, conflicts with what the other person changed, value checks."""

from decimal import Decimal

import pytest

from sasaeai.plans.models import Actual
from sasaeai.progress.models import Entry

from .conftest import FISCAL_YEAR


@pytest.fixture
def last_year(entry):
    """A confirmed 10.1％ for 近所付き合い the year before, against which jumps are checked."""
    slot = entry.value_slots.get(indicator__key="3/6#1")
    Actual.objects.update_or_create(
        indicator=slot.indicator, fiscal_year=FISCAL_YEAR - 1, defaults={"value": Decimal("10.1")}
    )


def test_saving_at_the_current_version_answers_the_entry_one_version_on(api, entry, filled):
    response = api.patch(f"/entries/{entry.pk}", {"version": 1, **filled}, user="somu")

    assert response.status_code == 200
    saved = response.data
    assert saved["version"] == 2 and saved["status"] == "draft"
    assert saved["progress"] == "自治会と協力し、見守り活動を広げた。"
    assert saved["node"]["key"] == entry.node.key and saved["action"] is None
    values = {v["indicator"]: v for v in saved["values"]}
    assert values["3/6#1"]["value"] == 10.5 and values["3/6#1"]["unit"] == "％"
    assert values["3/6#2"]["value"] == 16.0
    assert saved["updated_at"] is not None and saved["updated_at"].endswith("+09:00")


def test_keys_left_out_keep_their_content(api, entry, filled):
    path = f"/entries/{entry.pk}"
    api.patch(path, {"version": 1, **filled}, user="somu")
    api.patch(path, {"version": 2, "values": {"3/6#1": {"note": "速報値"}}}, user="somu")

    saved = api.patch(path, {"version": 3, "issues": "担い手の高齢化"}, user="somu").data

    values = {v["indicator"]: v for v in saved["values"]}
    assert values["3/6#1"]["value"] == 10.5 and values["3/6#1"]["note"] == "速報値"
    assert saved["progress"] == filled["progress"] and saved["issues"] == "担い手の高齢化"


def test_a_stale_version_is_a_conflict_showing_what_the_other_person_changed(api, entry, filled):
    path = f"/entries/{entry.pk}"
    assert api.patch(path, {"version": 1, **filled}, user="somu").data["version"] == 2
    assert api.patch(path, {"version": 2, "progress": "事務局が補記"}, user="secretariat")

    response = api.patch(path, {"version": 2, "progress": "上書きしたい"}, user="somu")

    assert response.status_code == 409
    body = response.data
    assert body["error"] == "conflict" and "版3" in body["message"]
    assert body["current"]["version"] == 3 and body["current"]["progress"] == "事務局が補記"
    [change] = body["changes"]
    assert change["field"] == "progress" and change["label"] == "進捗状況"
    assert change["before"] == filled["progress"] and change["after"] == "事務局が補記"
    assert change["by"] == "上尾市 事務局"
    assert Entry.objects.get(pk=entry.pk).progress == "事務局が補記"


def test_a_conflict_names_changed_values_by_indicator_key(api, entry):
    path = f"/entries/{entry.pk}"
    api.patch(path, {"version": 1, "values": {"3/6#2": {"value": 15}}}, user="secretariat")

    response = api.patch(path, {"version": 1, "issues": "x"}, user="somu")

    [change] = response.data["changes"]
    assert change["field"] == "values"
    assert change["after"]["3/6#2"]["value"].startswith("15")


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"3/6#1": {"value": "たくさん"}}, "values.3/6#1", "数値として"),
        ({"3/6#1": {"value": "12件"}}, "values.3/6#1", "単位が違います"),
        ({"3/6#1": {"value": 30}}, "values.3/6#1", "注記"),
        ({"3/6#1": {"value": True}}, "values.3/6#1", "数値か文字列"),
        ({"3/6#1": {"value": 1e20}}, "values.3/6#1", "大きすぎます"),
        ({"3/6#1": 10}, "values.3/6#1", "の形で送って"),
        ({"3/6#1": {"value": 10, "unit": "％"}}, "values.3/6#1", "unit"),
        ({"9/9#9": {"value": 1}}, "values.9/9#9", "この進捗にない指標"),
        ([10], "values", "オブジェクト"),
    ],
)
def test_a_value_that_cannot_be_saved_is_400_naming_the_field(
    api, entry, last_year, values, field, words
):
    response = api.patch(f"/entries/{entry.pk}", {"version": 1, "values": values}, user="somu")

    assert response.status_code == 400
    assert response.data["error"] == "invalid"
    assert words in response.data["problems"][field]
    assert Entry.objects.get(pk=entry.pk).version == 1


@pytest.mark.parametrize(
    ("given", "shown"),
    [(12, 12), (12.25, 12.25), ("1,234", 1234), ("12.0％", 12.0), ("―", None), (None, None)],
)
def test_a_value_is_a_number_text_as_printed_or_null(api, entry, given, shown):
    body = {"version": 1, "values": {"3/6#2": {"value": given}}}

    saved = api.patch(f"/entries/{entry.pk}", body, user="somu").data

    assert saved["values"][1]["indicator"] == "3/6#2" and saved["values"][1]["value"] == shown


def test_a_jump_from_last_year_is_saved_with_a_note(api, entry, last_year):
    body = {"version": 1, "values": {"3/6#1": {"value": 30, "note": "調査方法を変更"}}}

    saved = api.patch(f"/entries/{entry.pk}", body, user="somu").data

    assert saved["values"][0]["value"] == 30 and saved["values"][0]["note"] == "調査方法を変更"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"progress": "x"}, "version"),
        ({"version": "1"}, "version"),
        ({"version": True}, "version"),
        ({"version": 1, "progress": 3}, "progress"),
        ({"version": 1, "self_rating": "A" * 51}, "self_rating"),
        ({"version": 1, "status": "accepted"}, "status"),
    ],
)
def test_a_body_of_the_wrong_shape_is_400(api, entry, body, field):
    response = api.patch(f"/entries/{entry.pk}", body, user="somu")

    assert response.status_code == 400 and field in response.data["problems"]


def test_a_body_that_is_not_json_is_400(api, entry, client):
    token = api.token("somu")
    response = client.patch(
        f"/api/v1/entries/{entry.pk}",
        "{version: 1",
        content_type="application/json",
        headers={"Authorization": f"Token {token}"},
    )
    assert response.status_code == 400 and "body" in response.json()["problems"]
