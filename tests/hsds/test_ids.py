"""HSDS ids are UUIDv5s of a row's kind and key: the same on every request and after any edit."""

import uuid

from sasaeai.hsds.ids import NAMESPACE, find_key, hsds_id

from .conftest import get_json


def test_the_namespace_never_changes():
    # Every consumer that stored an id would lose it: change this only with a migration plan.
    assert uuid.UUID("3e0d9005-2f23-4ddb-8c10-99b86cf8f876") == NAMESPACE
    assert hsds_id("service", 42) == str(uuid.uuid5(NAMESPACE, "service:42"))
    assert uuid.UUID(hsds_id("service", 42)).version == 5


def test_find_key_reverses_an_id_among_candidates():
    assert find_key("service", hsds_id("service", 7), [5, 6, 7, 8]) == 7
    assert find_key("service", hsds_id("location", 7), [5, 6, 7, 8]) is None


def test_a_place_keeps_its_ids_across_requests_and_edits(places, client):
    url = f"/hsds/services/{hsds_id('service', places.salon.pk)}"
    before = get_json(client, url)
    places.salon.name = "二ツ宮ふれあいサロン（改称）"
    places.salon.save()
    after = get_json(client, url)
    assert after["name"].endswith("（改称）")
    assert _ids(after) == _ids(before)
    assert after["id"] == str(uuid.uuid5(NAMESPACE, f"service:{places.salon.pk}"))
    location = after["service_at_locations"][0]["location"]
    assert location["id"] == hsds_id("place-location", places.salon.pk)
    assert after["organization_id"] == hsds_id("organization", places.branch.pk)


KINDS = {
    "organization": "organization",
    "services": "service",
    "schedules": "schedule",
    "phones": "phone",
    "service_at_locations": "service_at_location",
    "location": "location",
    "locations": "location",
    "addresses": "address",
    "attributes": "attribute",
    "taxonomy_term": "taxonomy_term",
}


def test_no_two_objects_of_the_feed_share_an_id(places, client):
    full = get_json(client, "/hsds/services?per_page=500&full=true")["contents"]
    orgs = get_json(client, "/hsds/organizations?per_page=500")["contents"]
    details = [get_json(client, f"/hsds/organizations/{o['id']}") for o in orgs]
    seen: dict[str, tuple[str, dict]] = {}
    objects = list(_walk(full, "service")) + list(_walk(details, "organization"))
    assert len(objects) > 80
    for obj, kind in objects:
        scalars = {k: v for k, v in obj.items() if not isinstance(v, (dict, list))}
        # The same object may appear twice (a branch in each of its services), never two objects.
        assert seen.setdefault(obj["id"], (kind, scalars)) == (kind, scalars), obj["id"]


def _walk(value, kind):
    if isinstance(value, list):
        for child in value:
            yield from _walk(child, kind)
    elif isinstance(value, dict):
        yield value, kind
        for key, child in value.items():
            if key in KINDS:
                yield from _walk(child, KINDS[key])


def _ids(data) -> list[str]:
    return [obj["id"] for obj, _ in _walk(data, "service")]
