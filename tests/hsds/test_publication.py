"""Only published places that have not ended are in the feed, and a change shows at once."""

from datetime import timedelta

from sasaeai.hsds.ids import hsds_id
from sasaeai.hsds.selectors import today

from .conftest import get_json


def _names(client, path: str) -> set[str]:
    items = get_json(client, f"/hsds/{path}")["contents"]
    return {item.get("name") or item["service"]["name"] for item in items}


def test_unpublished_and_ended_places_are_in_no_list(places, client):
    shown = {places.salon.name, places.private.name, places.ending.name}
    hidden = {places.unpublished.name, places.ended.name}
    services = _names(client, "services?per_page=500")
    assert shown <= services and not hidden & services
    pairs = _names(client, "service_at_locations?per_page=500")
    assert shown <= pairs and not hidden & pairs
    venues = _names(client, "locations?per_page=500")
    assert places.salon.name in venues and not hidden & venues
    branch = get_json(client, f"/hsds/organizations/{hsds_id('organization', places.branch.pk)}")
    names = {s["name"] for s in branch["services"]}
    assert shown <= names and not hidden & names


def test_unpublished_and_ended_places_have_no_detail(places, client):
    for place in (places.unpublished, places.ended):
        for kind, path in [
            ("service", "services"),
            ("service_at_location", "service_at_locations"),
            ("place-location", "locations"),
        ]:
            response = client.get(f"/hsds/{path}/{hsds_id(kind, place.pk)}")
            assert response.status_code == 404, (place.name, path)
            assert response.json()["error"] == "not_found"


def test_a_place_ending_tomorrow_is_still_shown_and_one_starting_later_is_inactive(places, client):
    places.ending.started_on = today() + timedelta(days=30)
    places.ending.save()
    data = get_json(client, f"/hsds/services/{hsds_id('service', places.ending.pk)}")
    assert data["status"] == "inactive"
    assert (
        get_json(client, f"/hsds/services/{hsds_id('service', places.salon.pk)}")["status"]
        == "active"
    )


def test_unpublishing_a_place_takes_it_out_of_the_cached_answers_at_once(places, client):
    detail = f"/hsds/services/{hsds_id('service', places.salon.pk)}"
    assert places.salon.name in _names(client, "services")  # cached: no query string
    assert client.get(detail).status_code == 200
    places.salon.published = False
    places.salon.save()
    assert places.salon.name not in _names(client, "services")
    assert client.get(detail).status_code == 404


def test_a_changed_schedule_shows_in_the_cached_detail_at_once(places, client):
    detail = f"/hsds/services/{hsds_id('service', places.salon.pk)}"
    assert get_json(client, detail)["schedules"][0]["byday"] == "2TU,4TU"
    schedule = places.salon.schedules.get()
    schedule.byday = "1TU"
    schedule.save()
    assert get_json(client, detail)["schedules"][0]["byday"] == "1TU"
