"""A signed-in browser passes Django's CSRF check to change anything; a token does not need to."""

import pytest
from django.test import Client

from sasaeai.demo.services import PASSWORD


@pytest.fixture
def browser(demo):
    browser = Client(enforce_csrf_checks=True)
    assert browser.login(username="somu", password=PASSWORD)
    return browser


def test_a_session_reads_without_csrf_token(api, browser, entry):
    assert api.get(f"/entries/{entry.pk}", client=browser).status_code == 200


def test_a_session_patch_without_csrf_token_is_refused(api, browser, entry):
    response = api.patch(f"/entries/{entry.pk}", {"version": 1, "issues": "x"}, client=browser)

    assert response.status_code == 403 and response.data["error"] == "csrf"
    entry.refresh_from_db()
    assert entry.version == 1


def test_a_session_patch_with_the_csrf_token_is_saved(api, browser, entry):
    browser.get("/accounts/login/")
    token = browser.cookies["csrftoken"].value

    response = api.patch(
        f"/entries/{entry.pk}",
        {"version": 1, "issues": "x"},
        client=browser,
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 200 and response.data["issues"] == "x"


def test_a_token_needs_no_csrf_token(api, entry):
    strict = Client(enforce_csrf_checks=True)

    response = api.patch(f"/entries/{entry.pk}", {"version": 1}, user="somu", client=strict)

    assert response.status_code == 200
