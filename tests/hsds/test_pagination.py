"""The HSDS page envelope: its arithmetic, its bounds and its errors."""

from math import ceil

import pytest

from sasaeai.hsds.selectors import bases
from sasaeai.hsds.selectors import places as published

from .conftest import get_json


def test_the_pages_of_services_add_up(many_places, client):
    total = published().count()
    assert total == 40
    pages = ceil(total / 7)
    first = get_json(client, "/hsds/services?per_page=7")
    assert (first["total_items"], first["total_pages"], first["page_number"]) == (total, pages, 1)
    assert (first["size"], first["first_page"], first["last_page"], first["empty"]) == (
        7,
        True,
        False,
        False,
    )
    last = get_json(client, f"/hsds/services?per_page=7&page={pages}")
    assert last["size"] == len(last["contents"]) == total - 7 * (pages - 1)
    assert (last["first_page"], last["last_page"]) == (False, True)
    ids = [
        item["id"]
        for page in range(1, pages + 1)
        for item in get_json(client, f"/hsds/services?per_page=7&page={page}")["contents"]
    ]
    assert len(ids) == len(set(ids)) == total


def test_a_page_past_the_end_is_empty(many_places, client):
    page = get_json(client, "/hsds/services?per_page=10&page=5")
    assert (page["size"], page["empty"], page["contents"], page["last_page"]) == (0, True, [], True)
    assert page["total_items"] == published().count()


def test_an_empty_result_has_no_pages(places, client):
    page = get_json(client, "/hsds/services?search=どこにもない名前")
    assert (page["total_items"], page["total_pages"], page["size"], page["empty"]) == (
        0,
        0,
        0,
        True,
    )
    assert page["first_page"] and page["last_page"]


def test_the_default_page_holds_fifty(many_places, client):
    page = get_json(client, "/hsds/locations")
    assert (page["size"], page["total_items"]) == (50, bases().count() + 40)
    assert get_json(client, "/hsds/locations?page=2")["size"] == bases().count() + 40 - 50


def test_locations_run_on_from_the_bases_to_the_places_across_pages(many_places, client):
    n_bases = bases().count()
    expected = [b.name for b in bases()] + [
        p.area if p.private_host else p.name for p in published()
    ]
    got = [
        item["name"]
        for page in range(1, ceil(len(expected) / 5) + 1)
        for item in get_json(client, f"/hsds/locations?per_page=5&page={page}")["contents"]
    ]
    assert got == expected
    assert n_bases % 5 != 0  # so that one page holds both bases and places


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("per_page=0", "per_page"),
        ("per_page=501", "per_page"),
        ("page=0", "page"),
        ("page=two", "page"),
        ("format=ndjson", "format"),
        ("modified_after=yesterday", "modified_after"),
    ],
)
def test_a_parameter_that_cannot_be_read_is_named_in_a_400(places, client, query, parameter):
    response = client.get(f"/hsds/services?{query}")
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert parameter in response.json()["message"]
    assert response["Access-Control-Allow-Origin"] == "*"
