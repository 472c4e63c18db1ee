"""The feed over HTTP: public, JSON, CORS, GET only, cached, and the reference's filters."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sasaeai.hsds.ids import hsds_id

from .conftest import get_json

DETAIL_PATHS = [
    "services",
    "organizations",
    "locations",
    "service_at_locations",
    "taxonomies",
    "taxonomy_terms",
]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_feed_needs_no_login_and_is_readable_from_any_origin(places, client):
    for url in ["/hsds/", "/hsds/services", "/hsds/organizations?page=1"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/json"
        assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path", DETAIL_PATHS)
def test_an_unknown_id_is_a_json_404(places, client, path):
    response = client.get(f"/hsds/{path}/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_feed_is_read_only(places, client):
    response = client.post("/hsds/services", {"name": "x"})
    assert response.status_code == 405
    assert response["Allow"] == "GET"


def test_answers_without_a_query_string_come_from_the_cache(places, client):
    for url in ["/hsds/services", f"/hsds/services/{hsds_id('service', places.salon.pk)}"]:
        assert _queries(client, url) > 0
        assert _queries(client, url) == 0, url


def test_answers_with_a_query_string_are_computed_each_time(places, client):
    assert _queries(client, "/hsds/services?page=1") > 0
    assert _queries(client, "/hsds/services?page=1") > 0
    page_two = get_json(client, "/hsds/services?per_page=1&page=2")["contents"]
    assert page_two != get_json(client, "/hsds/services?per_page=1&page=1")["contents"]


def _names(client, query: str) -> set[str]:
    return {item["name"] for item in get_json(client, f"/hsds/services?{query}")["contents"]}


def test_search_finds_words_in_name_description_area_and_branch(places, client):
    assert _names(client, "search=ふれあい") == {places.salon.name}
    assert _names(client, "search=体操") == {places.salon.name}
    assert _names(client, "search=柏座") == {places.private.name}
    assert places.salon.name in _names(client, "search=上尾東 二ツ宮")


def test_organization_id_keeps_that_organizations_services(places, client):
    own = _names(client, f"organization_id={hsds_id('organization', places.branch.pk)}")
    assert own == {places.salon.name, places.private.name, places.ending.name}
    other = places.branch.parent.branches.exclude(pk=places.branch.pk).first()
    assert _names(client, f"organization_id={hsds_id('organization', other.pk)}") == set()
    assert _names(client, "organization_id=no-such-id") == set()


def test_taxonomy_filters(places, client):
    terms = get_json(client, "/hsds/taxonomy_terms?per_page=100")["contents"]
    gathering = next(t for t in terms if t["code"] == "gathering")
    salon = next(t for t in terms if t["code"] == "salon")
    assert _names(client, f"taxonomy_term_id={gathering['id']}") == {places.private.name}
    assert _names(client, f"taxonomy_term_id={salon['id']}") == {
        places.salon.name,
        places.ending.name,
    }
    assert _names(client, "taxonomy_term_id=nope") == set()
    assert len(_names(client, f"taxonomy_id={salon['taxonomy_id']}")) == 3
    assert _names(client, "taxonomy_id=nope") == set()
    kinds = get_json(client, f"/hsds/taxonomy_terms?taxonomy_id={salon['taxonomy_id']}")
    assert [t["code"] for t in kinds["contents"]] == [
        "salon",
        "gathering",
        "kayoi",
        "kodomo_shokudo",
        "other",
    ]


def test_modified_after(places, client):
    stamp = places.salon.updated_at.isoformat()
    assert places.salon.name in _names(client, f"modified_after={stamp}")
    assert _names(client, "modified_after=2999-01-01") == set()
    assert len(_names(client, "modified_after=2000-01-01T00:00:00+09:00")) == 3


def test_full_lists_nest_like_the_detail(places, client):
    (listed,) = get_json(client, "/hsds/services?search=ふれあい&full=true")["contents"]
    assert listed == get_json(client, f"/hsds/services/{listed['id']}")
