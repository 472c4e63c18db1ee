"""Walk every URL of Sasaeai with every persona: nobody sees another department's drafts.

The URLs come from the resolver, so a new page or endpoint is walked without being listed here;
a URL parameter this walk cannot fill fails the test until it is taught.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from sasaeai.demo.services import PASSWORD
from sasaeai.plans.models import Indicator, Node
from sasaeai.progress.models import Entry

PERSONAS = ["secretariat", "somu", "kourei", "shakyo", "iin", "chair"]
SKIP = ("admin/", "i18n/", "accounts/logout/")


def _patterns(resolver: URLResolver = None, prefix: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    out = []
    for item in resolver.url_patterns:
        route = prefix + str(item.pattern)
        if isinstance(item, URLResolver):
            out += _patterns(item, route)
        elif isinstance(item, URLPattern):
            out.append(route)
    return [r for r in out if not r.startswith(SKIP)]


def _fill(route: str, values: dict[str, object]) -> str:
    def value(match: re.Match) -> str:
        name = match.group(2)
        assert name in values, f"the access walk does not know how to fill <{name}> in {route}"
        return str(values[name])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route).lstrip("^").rstrip("$")


@pytest.fixture
def world(demo):
    """Return what the walk fills URLs with: a 福祉総務課 draft and a confirmed entry."""
    draft = Entry.objects.filter(cycle__plan__slug="ageo", department__name="福祉総務課").first()
    confirmed = Entry.objects.filter(cycle__plan__slug="shimotsuke").first()
    return {
        "draft": draft,
        "confirmed": confirmed,
        "values": {
            "slug": "ageo",
            "fy": 2023,
            "fiscal_year": 2023,
            "number": 1,
            "action": "submit",
            "kind": "progress",
            "draft_id": 1,
            "node_id": Node.objects.filter(plan__slug="ageo").first().pk,
            "indicator_id": Indicator.objects.filter(node__plan__slug="ageo").first().pk,
            "entry_id": draft.pk,
            "id": draft.pk,
            "pk": draft.pk,
        },
    }


def _open_to_everyone(route: str) -> bool:
    """The sign-in page, the API's description, the public site and its open-data API answer
    without a login."""
    return "openapi" in route or route.startswith(("accounts/login", "public/", "api/v1/public/"))


def _client(client, username):
    client.logout()
    if username:
        assert client.login(username=username, password=PASSWORD)
    return client


def test_every_url_answers_every_persona_without_a_server_error(world, client):
    routes = _patterns()
    assert len(routes) > 10
    for username in [None, *PERSONAS]:
        who = _client(client, username)
        for route in routes:
            response = who.get(_fill(route, world["values"]))
            assert response.status_code < 500, (username, route, response.status_code)
            if username is None and not _open_to_everyone(route):
                assert response.status_code in (302, 401, 404, 405), (route, response.status_code)


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("somu", 200),
        ("secretariat", 200),
        ("kourei", 404),
        ("shakyo", 404),
        ("iin", 404),
        ("chair", 404),
    ],
)
def test_a_department_draft_is_seen_only_by_its_department_and_the_secretariat(
    world, client, username, expected
):
    who = _client(client, username)
    entry_routes = [
        r for r in _patterns() if "entry_id" in r or re.search(r"entries/<int:(id|pk)>", r)
    ]
    assert entry_routes, "no entry URL found"
    for route in entry_routes:
        url = _fill(route, world["values"])
        status = who.get(url).status_code
        # POST-only URLs answer a GET with 405 whoever asks, which reveals nothing.
        assert status in (expected, 405), (username, url, status)


@pytest.mark.parametrize("username", ["kourei", "shakyo", "iin", "chair"])
def test_nobody_else_can_change_a_department_draft_by_page(world, client, username):
    who = _client(client, username)
    entry = world["draft"]
    for action in ["", "submit/", "return/", "accept/", "reopen/", "comment/"]:
        response = who.post(
            f"/plans/ageo/entries/{entry.pk}/{action}",
            {"version": entry.version, "progress": "x", "reason": "x", "text": "x"},
        )
        assert response.status_code == 404, (username, action, response.status_code)
    entry.refresh_from_db()
    assert entry.progress != "x"


@pytest.mark.parametrize("username", [None, *PERSONAS])
def test_confirmed_progress_is_readable_by_everyone_signed_in(world, client, username):
    who = _client(client, username)
    entry = world["confirmed"]
    status = who.get(f"/plans/shimotsuke/entries/{entry.pk}/").status_code
    assert status == (302 if username is None else 200)


def test_the_committee_reads_accepted_entries_but_not_drafts(world, client):
    from sasaeai.accounts.models import User
    from sasaeai.progress import services

    submitted = Entry.objects.filter(cycle__fiscal_year=2023, status=Entry.Status.SUBMITTED).first()
    url = f"/plans/ageo/entries/{submitted.pk}/"
    assert _client(client, "iin").get(url).status_code == 404
    services.accept(submitted, user=User.objects.get(username="secretariat"))
    assert _client(client, "iin").get(url).status_code == 200


@pytest.mark.parametrize("username", ["kourei", "shakyo", "iin", "chair", "somu"])
def test_node_pages_show_only_confirmed_progress(world, client, username):
    draft = world["draft"]
    draft.progress = "未確定の記述"
    draft.save()
    html = _client(client, username).get(f"/plans/ageo/nodes/{draft.node_id}/").content.decode()
    assert "未確定の記述" not in html


def test_the_chair_sees_how_many_entries_still_wait(world, client):
    html = _client(client, "chair").get("/plans/ageo/cycles/2023/").content.decode()
    assert "受理されていない進捗が75件あります" in html and "disabled" in html
