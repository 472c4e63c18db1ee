"""Public pages come from the cache, and any change to what they show renews it at once."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sasaeai.accounts.models import User
from sasaeai.demo.services import DEMO_DIR
from sasaeai.planfiles import load
from sasaeai.plans.models import Actual, Node
from sasaeai.progress import services
from sasaeai.progress.models import Cycle, Entry
from sasaeai.public.signals import public_version

MARK = Decimal("424242")


def _queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        status = client.get(url).status_code
    return status, len(captured.captured_queries)


@pytest.mark.parametrize(
    "url",
    ["/public/", "/public/tokorozawa/", "/public/tokorozawa/progress/", "/public/branches/"],
)
def test_the_second_request_is_served_from_the_cache(demo, client, url):
    assert _queries(client, url)[1] > 0
    assert _queries(client, url) == (200, 0)


def test_node_indicator_pages_and_their_data_are_cached(demo, client):
    actual = Actual.objects.filter(indicator__node__plan__slug="tokorozawa").first()
    indicator = actual.indicator
    for url in [
        f"/public/tokorozawa/nodes/{indicator.node_id}/",
        f"/public/tokorozawa/nodes/{indicator.node_id}/indicators.json",
        f"/public/tokorozawa/indicators/{indicator.pk}/",
        f"/public/tokorozawa/indicators/{indicator.pk}.csv",
    ]:
        client.get(url)
        assert _queries(client, url) == (200, 0), url


def test_search_and_errors_are_not_cached(demo, client):
    client.get("/public/tokorozawa/search/?q=地域")
    assert _queries(client, "/public/tokorozawa/search/?q=地域")[1] > 0
    client.get("/public/no-such-plan/")
    assert _queries(client, "/public/no-such-plan/") == (404, 1)


def test_a_changed_actual_shows_on_the_next_request(demo, client):
    actual = Actual.objects.filter(indicator__node__plan__slug="tokorozawa").first()
    url = f"/public/tokorozawa/indicators/{actual.indicator_id}.json"
    assert "424,242" not in client.get(url).content.decode()
    actual.value = MARK
    actual.save()
    assert "424,242" in client.get(url).content.decode()


def _finish(cycle: Cycle, secretariat: User, slot_value: Decimal) -> Entry:
    """Fill, submit and accept every entry; return the one whose first value slot got slot_value."""
    marked = None
    for entry in cycle.entries.all():
        if entry.status in (Entry.Status.DRAFT, Entry.Status.RETURNED):
            values = {}
            for s in entry.value_slots.all():
                value = s.value
                if marked is None:
                    value, marked = slot_value, entry
                values[s.indicator_id] = {"value": str(value) if value is not None else None}
                values[s.indicator_id]["note"] = s.note or "実績なし"
            services.save_entry(
                entry,
                user=secretariat,
                version=entry.version,
                texts={"progress": entry.progress or "実施しました"},
                values=values,
            )
            services.submit(entry, user=secretariat)
    services.accept_many(list(cycle.entries.all()), user=secretariat)
    assert marked is not None
    return marked


def test_confirming_a_cycle_shows_its_values_and_drafts_never_show(demo, client):
    cycle = Cycle.objects.get(plan__slug="ageo", status=Cycle.Status.OPEN)
    secretariat = User.objects.get(username="secretariat")
    entry = cycle.entries.filter(value_slots__isnull=False).first()
    indicator_id = entry.value_slots.first().indicator_id
    pages = [f"/public/ageo/indicators/{indicator_id}.json", "/public/ageo/progress/"]
    for url in pages:
        client.get(url)
    version = public_version()
    marked = _finish(cycle, secretariat, MARK)
    # Drafts, submissions and acceptances in an open cycle change nothing public.
    assert public_version() == version
    marked_url = f"/public/ageo/indicators/{marked.value_slots.first().indicator_id}.json"
    assert "424,242" not in client.get(marked_url).content.decode()
    services.confirm_cycle(cycle, user=User.objects.get(username="chair"))
    assert public_version() != version
    assert "424,242" in client.get(marked_url).content.decode()


def test_reopening_an_entry_takes_it_off_the_public_pages(demo, client):
    entry = (
        Entry.objects.filter(cycle__plan__slug="shimotsuke", status=Entry.Status.CONFIRMED)
        .exclude(progress="")
        .first()
    )
    line = entry.progress.strip().splitlines()[0].lstrip("・▶○◇◆●").strip()
    assert line in client.get("/public/shimotsuke/progress/").content.decode()
    services.reopen(entry, user=User.objects.get(username="admin"), reason="訂正")
    assert line not in client.get("/public/shimotsuke/progress/").content.decode()


def test_importing_the_plan_again_renews_the_pages(demo, client):
    node = Node.objects.filter(plan__slug="ageo").first()
    url = f"/public/ageo/nodes/{node.pk}/"
    assert client.get(url).status_code == 200
    assert _queries(client, url) == (200, 0)
    load(str(DEMO_DIR / "plans" / "ageo.yaml"), replace=True)  # new nodes, new ids
    assert client.get(url).status_code == 404


def test_the_public_api_is_cached_and_renewed_like_the_pages(demo, client):
    url = "/api/v1/public/plans/tokorozawa/indicators"
    client.get(url)
    assert _queries(client, url) == (200, 0)
    assert client.get(url)["Access-Control-Allow-Origin"] == "*"
    actual = Actual.objects.filter(indicator__node__plan__slug="tokorozawa").first()
    actual.value = MARK
    actual.save()
    assert "424242" in client.get(url).content.decode()
