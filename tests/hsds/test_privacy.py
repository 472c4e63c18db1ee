"""A place held at a private home shows only its area: no street address, map position or phone."""

from sasaeai.hsds.ids import hsds_id

from .conftest import PRIVATE_SECRETS, get_json


def _urls(place) -> list[str]:
    return [
        "/hsds/services?per_page=500",
        "/hsds/services?per_page=500&full=true",
        f"/hsds/services/{hsds_id('service', place.pk)}",
        "/hsds/service_at_locations?per_page=500",
        f"/hsds/service_at_locations/{hsds_id('service_at_location', place.pk)}",
        "/hsds/locations?per_page=500",
        f"/hsds/locations/{hsds_id('place-location', place.pk)}",
        f"/hsds/organizations/{hsds_id('organization', place.branch_id)}",
    ]


def test_no_answer_holds_the_private_hosts_address_position_phone_or_name(places, client):
    for url in _urls(places.private):
        text = client.get(url).content.decode()
        assert places.private.name in text or "locations" in url, url
        for secret in PRIVATE_SECRETS:
            assert secret not in text, (url, secret)


def test_the_private_location_is_named_after_the_area_and_its_address_stops_there(places, client):
    data = get_json(client, f"/hsds/services/{hsds_id('service', places.private.pk)}")
    location = data["service_at_locations"][0]["location"]
    assert location["name"] == "上尾市柏座"
    assert "latitude" not in location and "longitude" not in location
    (address,) = location["addresses"]
    assert address["address_1"] == ""
    assert (address["city"], address["region"]) == ("上尾市", "柏座")
    assert "phones" not in data
    assert "運営" not in data.get("description", "")


def test_a_shown_place_keeps_its_address_position_phone_and_organizer(places, client):
    data = get_json(client, f"/hsds/services/{hsds_id('service', places.salon.pk)}")
    location = data["service_at_locations"][0]["location"]
    assert (location["latitude"], location["longitude"]) == (35.981234, 139.601234)
    assert location["addresses"][0]["address_1"] == "二ツ宮750 集会所"
    assert data["phones"][0]["number"] == "048-776-0001"
    assert "運営：二ツ宮自治会" in data["description"]
    assert "架空" not in data["description"]  # a real row is not marked as demo data


def test_searching_for_what_is_withheld_finds_nothing(places, client):
    for word in ("山田花子", "柏座9-8-7", "山田方"):
        assert get_json(client, f"/hsds/services?search={word}")["total_items"] == 0, word
    assert get_json(client, "/hsds/services?search=柏座お茶のみ")["total_items"] == 1
