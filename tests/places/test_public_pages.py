"""The public map and list: only published places that have not ended, and of a private host
only its area — never its address or position, in the HTML or the GeoJSON."""

import json

from django.urls import reverse

LIST = reverse("public_places:list")
GEOJSON = reverse("public_places:geojson")


def _geojson(client, query=""):
    response = client.get(GEOJSON + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(response.content)


def test_the_list_shows_published_places_with_what_a_resident_needs(client, places):
    response = client.get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    assert "ふれあいサロン二ツ宮" in text and "よその支部のサロン" in text
    assert "毎月第2・第4火曜 10:00–12:00" in text
    for fact in ("100円", "20人", "二ツ宮自治会", "048-000-0000", "上尾市二ツ宮1-2-3"):
        assert fact in text
    assert "架空" in text
    assert 'href="/public/places/"' in text  # the site's header links to the map


def test_unpublished_and_ended_places_never_show(client, places):
    pages = [
        client.get(LIST).content.decode(),
        client.get(GEOJSON).content.decode(),
        client.get(LIST + "?kind=kayoi").content.decode(),
    ]
    for text in pages:
        assert "非公開の通いの場" not in text
        assert "終わった子ども食堂" not in text
    for key in ("hidden", "ended"):
        url = reverse("public_places:detail", args=[places[key].pk])
        assert client.get(url).status_code == 404


def test_a_private_host_shows_only_its_area(client, places):
    home = places["home"]
    pages = [
        client.get(LIST).content.decode(),
        client.get(reverse("public_places:detail", args=[home.pk])).content.decode(),
        client.get(GEOJSON).content.decode(),
    ]
    for text in pages:
        assert "おうちサロンさくら" in text
        assert "上尾市春日" in text
        assert "9-8-7" not in text and "山田" not in text and "048-111-2222" not in text
        assert "35.97" not in text and "139.59" not in text
    feature = next(f for f in _geojson(client)["features"] if f["id"] == home.pk)
    assert feature["geometry"] is None
    assert feature["properties"]["address"] == ""
    assert feature["properties"]["organizer"] == ""
    # Residents reach a private host through the branch's base.
    assert feature["properties"]["contact_via"] == "上尾東支部拠点"
    assert feature["properties"]["phone"] == "776-6015"


def test_the_geojson_is_a_feature_collection_with_the_list_filters(client, places, other_branch):
    collection = _geojson(client)
    assert collection["type"] == "FeatureCollection"
    by_name = {f["properties"]["name"]: f for f in collection["features"]}
    assert set(by_name) == {"ふれあいサロン二ツ宮", "おうちサロンさくら", "よその支部のサロン"}
    point = by_name["ふれあいサロン二ツ宮"]["geometry"]
    assert point == {"type": "Point", "coordinates": [139.601234, 35.981234]}
    assert by_name["ふれあいサロン二ツ宮"]["properties"]["sample"] is True
    only_other = _geojson(client, f"?branch={other_branch.pk}")
    assert [f["properties"]["name"] for f in only_other["features"]] == ["よその支部のサロン"]
    children = _geojson(client, "?category=childcare")
    assert [f["properties"]["name"] for f in children["features"]] == ["よその支部のサロン"]


def test_the_list_filters_and_its_map_reads_the_same_filter(client, places, other_branch):
    response = client.get(f"{LIST}?branch={other_branch.pk}")
    text = response.content.decode()
    assert "よその支部のサロン" in text and "ふれあいサロン二ツ宮" not in text
    assert f'data-geojson="{GEOJSON}?branch={other_branch.pk}"' in text


def test_the_detail_page_shows_one_place(client, places):
    response = client.get(reverse("public_places:detail", args=[places["open"].pk]))
    text = response.content.decode()
    assert "ふれあいサロン二ツ宮" in text and "毎月第2・第4火曜 10:00–12:00" in text
    assert "139.601234" in text  # a public place's position is on its map
    assert "内部" not in text


def test_a_place_shows_until_its_end_date(client, places, monkeypatch):
    from datetime import date

    from sasaeai.places import services
    from sasaeai.places.models import GatheringPlace

    GatheringPlace.objects.filter(pk=places["open"].pk).update(ended_on=date(2026, 6, 30))
    monkeypatch.setattr(services, "today", lambda: date(2026, 6, 29))
    assert "ふれあいサロン二ツ宮" in client.get(LIST).content.decode()
    monkeypatch.setattr(services, "today", lambda: date(2026, 6, 30))
    assert "ふれあいサロン二ツ宮" not in client.get(LIST).content.decode()
    assert "ふれあいサロン二ツ宮" not in client.get(GEOJSON).content.decode()
