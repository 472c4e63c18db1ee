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

PERSONAS = ["secretariat", "somu", "kourei", "shakyo", "shibu", "vc", "iin", "chair"]
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
        for prefix in REGISTER_ROWS:
            if route.startswith(prefix) and name in values.get(prefix, {}):  # type: ignore[operator]
                return str(values[prefix][name])  # type: ignore[index]
        assert name in values, f"the access walk does not know how to fill <{name}> in {route}"
        return str(values[name])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route).lstrip("^").rstrip("$")


# A register route's <pk> is filled with a real row of 上尾西支部 (or of the 社協 itself), never
# of 上尾東支部, the branch of `shibu`: route prefix → how to find the row.
REGISTER_ROWS = {
    "registers/places/": ("places.GatheringPlace", {}),
    "registers/volunteers/people/": ("volunteers.Volunteer", {}),
    "registers/volunteers/groups/": ("volunteers.VolunteerGroup", {}),
    "registers/volunteers/requests/": ("volunteers.Request", {}),
    "registers/volunteers/bookings/": ("volunteers.Booking", {"outside": "request__branch"}),
    "registers/volunteers/activities/": ("volunteers.Activity", {}),
    "registers/volunteers/courses/": ("volunteers.Course", {}),
    "registers/volunteers/attendance/": ("volunteers.Attendance", {"outside": "course__branch"}),
    "registers/meetings/": ("meetings.Meeting", {}),
    "public/places/": ("places.GatheringPlace", {"published": True, "private_host": False}),
}


def _register_values() -> dict[str, dict[str, object]]:
    from django.apps import apps

    from sasaeai.accounts.models import Organization
    from sasaeai.hsds.ids import hsds_id

    higashi = Organization.objects.get(key="ageo-branch-ageo-higashi")
    values: dict[str, dict[str, object]] = {}
    for prefix, (label, spec) in REGISTER_ROWS.items():
        spec = dict(spec)
        outside = spec.pop("outside", "branch")
        row = apps.get_model(label).objects.filter(**spec).exclude(**{outside: higashi}).first()
        assert row is not None, f"the demo has no {label} outside 上尾東支部"
        values[prefix] = {"pk": row.pk}
        if label == "meetings.Meeting":
            values[prefix]["issue_id"] = row.issues.first().pk
    council = Organization.objects.get(key="ageo-council")
    values["branch"] = {"branch_id": council.branches.exclude(pk=higashi.pk).first().pk}
    values["hsds"] = {"hsds_id": hsds_id("organization", council.pk)}
    return values


@pytest.fixture
def world(demo_registers):
    """Return what the walk fills URLs with: a 福祉総務課 draft, a confirmed entry, and rows of
    every register outside 上尾東支部."""
    from sasaeai.registers.models import IndicatorBinding

    draft = Entry.objects.filter(cycle__plan__slug="ageo", department__name="福祉総務課").first()
    confirmed = Entry.objects.filter(cycle__plan__slug="shimotsuke").first()
    registers = _register_values()
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
            "branch_id": registers.pop("branch")["branch_id"],
            "hsds_id": registers.pop("hsds")["hsds_id"],
            "binding_id": IndicatorBinding.objects.first().pk,
            **registers,
        },
    }


def _open_to_everyone(route: str) -> bool:
    """The sign-in page, the API's description, the public site and its open-data API answer
    without a login."""
    return "openapi" in route or route.startswith(
        ("accounts/login", "public/", "api/v1/public/", "hsds/")
    )


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


def _register_routes() -> list[str]:
    return [r for r in _patterns() if r.startswith("registers/") and "<" in r]


def test_a_branch_coordinator_reaches_no_row_of_another_branch(world, client):
    who = _client(client, "shibu")
    for route in _register_routes():
        if route.startswith("registers/bindings/"):
            continue  # the records behind a plan's indicator: a plan page, not a register row
        url = _fill(route, world["values"])
        assert who.get(url).status_code in (404, 405), url
        assert who.post(url, {"name": "x"}).status_code in (404, 405), url


@pytest.mark.parametrize("username", ["secretariat", "somu", "kourei", "iin", "chair"])
def test_city_users_change_nothing_in_the_registers(world, client, username):
    from django.apps import apps

    from sasaeai.audit.models import Event

    def state():
        models = [apps.get_model(label) for label, _ in REGISTER_ROWS.values()]
        return (
            Event.objects.count(),
            [sorted(m.objects.values_list("pk", flat=True)) for m in models],
            [
                list(m.objects.order_by("pk").values_list("updated_at", flat=True))
                for m in models
                if hasattr(m, "updated_at")
            ],
        )

    before = state()
    who = _client(client, username)
    data = {"name": "x", "participants": 1, "status": "done"}
    answered = {}
    for route in _register_routes():
        url = _fill(route, world["values"])
        answered[url] = who.post(url, data).status_code
    assert {url: s for url, s in answered.items() if s not in (403, 404, 405)} == {}
    assert state() == before


_SELF_POSTING_FORM = re.compile(r"<form\b[^>]*\bmethod=\"post\"[^>]*>", re.I)


def _posts_to_itself(html: str, url: str) -> bool:
    for tag in _SELF_POSTING_FORM.findall(html):
        action = re.search(r'\baction="([^"]*)"', tag)
        if action is None or action.group(1) in ("", url):
            return True
    return False


@pytest.mark.parametrize("username", [None, "secretariat", "kourei", "shibu", "vc"])
def test_only_forms_take_a_post(world, client, username):
    """A page that only shows refuses a POST (405); 200 comes only from a form posting to itself."""
    who = _client(client, username)
    wrong = []
    for route in _patterns():
        url = _fill(route, world["values"])
        if who.post(url, {}).status_code != 200:
            continue
        if not _posts_to_itself(who.get(url).content.decode("utf-8", "replace"), url):
            wrong.append(url)
    assert wrong == []


@pytest.mark.parametrize("username", [None, *[p for p in PERSONAS if p != "vc"]])
def test_no_page_but_the_volunteer_centres_shows_a_volunteers_contacts(world, client, username):
    from sasaeai.volunteers.models import Volunteer

    contacts = [
        text for v in Volunteer.objects.all() for text in (v.phone, v.email, v.address) if text
    ]
    assert contacts
    who = _client(client, username)
    for route in _patterns():
        response = who.get(_fill(route, world["values"]))
        if response.status_code != 200 or response.get("Content-Type", "").startswith(
            ("application/pdf", "application/vnd", "application/zip")
        ):
            continue
        body = response.content.decode("utf-8", "replace")
        leaked = [c for c in contacts if c in body]
        assert not leaked, (username, route, leaked[:3])


def test_the_volunteer_centre_does_see_them(world, client):
    from sasaeai.volunteers.models import Volunteer

    volunteer = Volunteer.objects.exclude(phone="").first()
    html = _client(client, "vc").get(f"/registers/volunteers/people/{volunteer.pk}/")
    assert volunteer.phone in html.content.decode()
