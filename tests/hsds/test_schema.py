"""Every answer of the feed is valid against our transcription of the HSDS 3.1 schemas."""

import pytest

from sasaeai.hsds.serializers import SAMPLE_NOTE

from .conftest import SCHEMAS, get_json, problems

LISTS = {
    "services": "page_services",
    "services?full=true": "page_services_full",
    "organizations": "page_organizations",
    "locations": "page_locations",
    "service_at_locations": "page_service_at_locations",
    "taxonomies": "page_taxonomies",
    "taxonomy_terms": "page_taxonomy_terms",
}
DETAILS = {
    "services": "service",
    "organizations": "organization",
    "locations": "location",
    "service_at_locations": "service_at_location",
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
}


def _pages(client, path: str) -> list[dict]:
    joiner = "&" if "?" in path else "?"
    pages = [get_json(client, f"/hsds/{path}{joiner}per_page=40")]
    while not pages[-1]["last_page"]:
        pages.append(get_json(client, f"/hsds/{path}{joiner}per_page=40&page={len(pages) + 1}"))
    return pages


def test_the_root_says_the_hsds_version(places, client):
    data = get_json(client, "/hsds/")
    assert problems("api", data) == []
    assert data["version"] == "3.1"


@pytest.mark.parametrize("path", LISTS)
def test_every_page_of_every_list_is_valid(places, client, path):
    pages = _pages(client, path)
    for page in pages:
        assert problems(LISTS[path], page) == [], page["page_number"]
    assert sum(page["size"] for page in pages) == pages[0]["total_items"] > 0


@pytest.mark.parametrize("path", DETAILS)
def test_every_detail_is_valid(places, client, path):
    ids = [item["id"] for page in _pages(client, path) for item in page["contents"]]
    assert len(ids) == len(set(ids)) > 0
    for hsds_id in ids:
        data = get_json(client, f"/hsds/{path}/{hsds_id}")
        assert problems(DETAILS[path], data) == [], (hsds_id, data.get("name"))
        assert data["id"] == hsds_id


def test_a_full_service_carries_its_nested_objects(places, client):
    service = _service(client, places.salon.name)
    data = get_json(client, f"/hsds/services/{service['id']}")
    assert {"organization", "schedules", "phones", "service_at_locations", "attributes"} <= set(
        data
    )
    location = data["service_at_locations"][0]["location"]
    assert location["addresses"][0]["address_1"] == "二ツ宮750 集会所"
    assert location["addresses"][0]["city"] == "上尾市"
    assert data["organization"]["name"] == "上尾東支部"


def test_the_bases_of_the_branches_are_locations_of_their_organizations(places, client):
    orgs = get_json(client, "/hsds/organizations?search=上尾東支部")["contents"]
    data = get_json(client, f"/hsds/organizations/{orgs[0]['id']}")
    (base,) = data["locations"]
    assert base["name"] == "上尾東支部拠点"
    assert base["phones"][0]["number"] == "776-6015"
    assert base["addresses"][0]["address_1"] == "二ツ宮750 文化センター内"
    assert places.salon.name in [s["name"] for s in data["services"]]


# The checker itself must be able to fail, or the tests above prove nothing.


def test_the_schemas_refuse_an_invented_field_a_bad_uuid_a_bad_enum_and_a_missing_field():
    good = {"id": "5c450374-650f-5968-8470-23ec2beb47b8", "name": "x", "status": "active"}
    assert problems("service", good) == []
    assert problems("service", {**good, "opening_hours": "10時"})
    assert problems("service", {**good, "id": "42"})
    assert problems("service", {**good, "status": "open"})
    assert problems("service", {"id": good["id"], "name": "x"})
    assert problems("service", {**good, "last_modified": "2026-11-23"})
    assert problems("schedule", {"id": good["id"], "freq": "DAILY"})
    assert problems("page_services", {"empty": False, "contents": [{"id": good["id"]}]})


def test_every_schema_names_its_source_and_refuses_unknown_fields():
    for name, schema in SCHEMAS.items():
        assert "openreferral/specification" in schema["$comment"], name
        assert "HSDS 3.1" in schema["$comment"], name
        assert schema["additionalProperties"] is False, name


def _service(client, name: str) -> dict:
    (found,) = get_json(client, f"/hsds/services?search={name}")["contents"]
    return found


def test_the_whole_ageo_demo_feed_is_valid(demo_registers, client):
    """The demo's own places (some at private homes, some ended or unpublished) validate too."""
    for path, kind in DETAILS.items():
        ids = [item["id"] for page in _pages(client, path) for item in page["contents"]]
        for hsds_id in ids:
            assert problems(kind, get_json(client, f"/hsds/{path}/{hsds_id}")) == [], hsds_id
    services = get_json(client, "/hsds/services?per_page=500")["contents"]
    assert len(services) > 50
    assert all(SAMPLE_NOTE in service["description"] for service in services)
