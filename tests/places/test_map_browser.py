"""The maps in a real Chromium with every request off this machine refused, as when the tile
server cannot be reached: the markers and the list still show, a notice says the tiles failed,
the public pages pass axe-core and fit a 320 px phone, and the form's map sets 緯度・経度."""

from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from sasaeai.demo.services import PASSWORD
from sasaeai.places.models import GatheringPlace
from tests.browser.test_public_a11y import _violations

pytestmark = pytest.mark.browser
LOCAL = {"localhost", "127.0.0.1", "[::1]", "::1"}


def _offline(context) -> list[str]:
    """Abort every request that leaves this machine; return the URLs that tried."""
    refused: list[str] = []

    def handle(route):
        if urlsplit(route.request.url).hostname in LOCAL:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", handle)
    return refused


@pytest.fixture
def offline_page(browser):
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    refused = _offline(context)
    page = context.new_page()
    page.refused = refused
    yield page
    context.close()


def test_the_public_map_shows_markers_and_the_list_without_tiles(live_server, places, offline_page):
    page = offline_page
    page.goto(live_server.url + "/public/places/")
    expect(page.locator("#public-map-notice")).to_be_visible()
    expect(page.locator("#public-map")).to_have_attribute("data-markers", "2")
    markers = page.locator("#public-map .leaflet-marker-icon")
    expect(markers).to_have_count(2)
    assert sorted(markers.evaluate_all("els => els.map(e => e.alt)")) == sorted(
        ["ふれあいサロン二ツ宮", "よその支部のサロン"]
    )
    items = page.locator(".place-list > li")
    expect(items).to_have_count(3)
    expect(page.locator(f"#place-{places['home'].pk}")).to_contain_text("上尾市春日")
    assert any("cyberjapandata.gsi.go.jp" in url for url in page.refused)
    markers.first.click()
    expect(page.locator(".leaflet-popup-content a")).to_be_visible()


@pytest.mark.parametrize("which", ["list", "detail", "filtered"])
def test_the_public_pages_have_no_axe_violation(live_server, places, offline_page, which):
    path = {
        "list": "/public/places/",
        "detail": f"/public/places/{places['open'].pk}/",
        "filtered": f"/public/places/?branch={places['other'].branch_id}&kind=salon",
    }[which]
    offline_page.goto(live_server.url + path)
    expect(offline_page.locator("[data-places-map]")).to_have_attribute("data-ready", "true")
    assert _violations(offline_page) == []


def test_the_public_map_fits_a_320px_phone(live_server, places, browser):
    context = browser.new_context(locale="ja-JP", viewport={"width": 320, "height": 640})
    _offline(context)
    try:
        phone = context.new_page()
        phone.goto(live_server.url + "/public/places/")
        expect(phone.locator("#public-map")).to_have_attribute("data-markers", "2")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        context.close()


@pytest.fixture
def form_page(live_server, browser):
    """The new-place form, signed in as 上尾東支部's coordinator, with the outside world cut off."""
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    _offline(context)
    page = context.new_page()
    page.goto(live_server.url + "/registers/places/new/")
    page.get_by_label("利用者名").fill("shibu")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.locator("form.login").get_by_role("button", name="ログイン").click()
    yield page
    context.close()


def test_the_form_map_sets_latitude_and_longitude_on_a_click(higashi, form_page):
    page = form_page
    expect(page.locator("#picker-map")).to_have_attribute("data-ready", "true")
    page.locator("#picker-map").click(position={"x": 120, "y": 90})
    latitude, longitude = page.locator("#id_latitude"), page.locator("#id_longitude")
    expect(latitude).not_to_have_value("")
    lat, lon = Decimal(latitude.input_value()), Decimal(longitude.input_value())
    assert Decimal("35.9") < lat < Decimal("36.1") and Decimal("139.5") < lon < Decimal("139.7")
    assert lat != Decimal("35.977500")  # not the centre: where the click was
    expect(page.locator("#picker-map .leaflet-marker-icon")).to_have_count(1)
    page.get_by_label("名称").fill("地図で選んだサロン")
    page.get_by_label("開催日程").fill("毎月第1水曜 10:00-11:30")
    page.get_by_role("button", name="保存する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("地図で選んだサロン")
    place = GatheringPlace.objects.get(name="地図で選んだサロン")
    assert (place.latitude, place.longitude) == (lat, lon)
    assert place.branch == higashi


def test_the_form_map_is_used_from_the_keyboard(higashi, form_page):
    """Without a mouse: Tab to the map, pan with the arrow keys, Enter takes the centre; the
    button under the map does the same; a status line says what was put in."""
    page = form_page
    picker = page.locator("#picker-map")
    expect(picker).to_have_attribute("data-ready", "true")
    page.get_by_label("住所").focus()
    page.keyboard.press("Tab")
    expect(picker).to_be_focused()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(400)  # Leaflet's pan animation
    page.keyboard.press("Enter")
    latitude, longitude = page.locator("#id_latitude"), page.locator("#id_longitude")
    expect(latitude).not_to_have_value("")
    lat, lon = Decimal(latitude.input_value()), Decimal(longitude.input_value())
    assert abs(lat - Decimal("35.9775")) < Decimal("0.0005")  # panned sideways only
    assert lon > Decimal("139.5940")  # east of where the map started
    expect(page.locator("#picker-map-tools [role=status]")).to_contain_text(str(lat))
    expect(picker.locator(".leaflet-marker-icon")).to_have_count(1)

    for _ in range(2):
        page.keyboard.press("ArrowDown")
    page.wait_for_timeout(400)
    page.get_by_role("button", name="地図の中心を位置にする").click()
    expect(latitude).not_to_have_value(str(lat))
    assert Decimal(latitude.input_value()) < lat  # south of the first point
    assert _violations(page) == []
