"""Matching a request in a real browser: the volunteer is suggested with the reasons, put
forward, confirmed, and the request shows 決定."""

import re

import pytest
from playwright.sync_api import expect

from sasaeai.demo.services import PASSWORD
from sasaeai.volunteers.models import Booking, Request

from .conftest import HIGASHI, request_row, volunteer

pytestmark = pytest.mark.browser


def _block_the_network(page, base_url: str) -> None:
    """Let only the live test server answer; any other request is aborted."""
    page.route(
        re.compile(r".*"),
        lambda route: (
            route.continue_() if route.request.url.startswith(base_url) else route.abort()
        ),
    )


def test_a_request_is_matched_end_to_end(live_server, demo, page):
    req = request_row(skills=["傾聴B"], area=HIGASHI, requester="特養あげお", what="話し相手")
    volunteer(name="候補 一子", skills=["傾聴B"], availability=["tue_am"], insurance_year=2026)
    _block_the_network(page, live_server.url)
    page.goto(live_server.url + f"/registers/volunteers/requests/{req.pk}/")
    page.get_by_label("利用者名").fill("vc")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.locator("form.login").get_by_role("button", name="ログイン").click()

    expect(page.locator("#request-status")).to_have_text("調整中")
    suggestion = page.locator("table.suggestions tr").filter(has_text="候補 一子")
    expect(suggestion).to_contain_text("できること：傾聴B")
    expect(suggestion).to_contain_text("時間帯：火午前に活動できる")
    suggestion.get_by_role("button", name="候補 一子さんに打診").click()

    booking = page.locator("table.bookings tr").filter(has_text="候補 一子")
    expect(booking).to_contain_text("打診中")
    booking.get_by_role("button", name="候補 一子さんを決定").click()

    expect(page.locator("#request-status")).to_have_text("決定")
    expect(page.locator("ul.messages")).to_contain_text("候補 一子さんを決定しました。")
    expect(page.locator("table.bookings tr").filter(has_text="候補 一子")).to_contain_text("決定")
    assert Request.objects.get(pk=req.pk).status == Request.Status.MATCHED
    assert Booking.objects.get(request=req).status == Booking.Status.CONFIRMED
