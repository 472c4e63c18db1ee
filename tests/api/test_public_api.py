"""The open-data API: every endpoint for the demo plans, nothing unconfirmed, the zip as promised.

JSON answers are checked against the OpenAPI document (conftest.Api); the leak check reuses the
public site's unconfirmed world (texts and a value typed into the open FY2023 cycle).
"""

import csv
import io
import json
import re
import zipfile

import pytest

from sasaeai.api import urls
from sasaeai.api.openapi import document
from sasaeai.demo.services import DEMO_TEXT
from sasaeai.plans.models import Indicator, Node
from sasaeai.progress.models import Entry, ValueSlot
from tests.public.test_pages import LEAKS, _unconfirmed_world

PLANS = ["ageo", "tokorozawa", "shimotsuke"]
CC_BY = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/deed.ja"}
CSVS = ["plan", "nodes", "actions", "indicators", "values", "progress"]


def _urls(slug: str) -> list[str]:
    """Every public JSON path of a plan, one per node."""
    nodes = Node.objects.filter(plan__slug=slug).order_by("depth", "order", "id")
    base = f"/public/plans/{slug}"
    return [
        "/public/plans",
        base,
        f"{base}/indicators",
        f"{base}/progress",
        f"{base}/download.json",
        *(f"{base}/nodes/{n.pk}" for n in nodes),
    ]


def _zip(client, slug: str) -> zipfile.ZipFile:
    response = client.get(f"/api/v1/public/plans/{slug}/download.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Access-Control-Allow-Origin"] == "*"
    return zipfile.ZipFile(io.BytesIO(response.content))


@pytest.mark.parametrize("slug", PLANS)
def test_every_endpoint_answers_without_login_with_cors_and_the_licence(demo, api, slug):
    for path in _urls(slug):
        response = api.get(path)
        assert response.status_code == 200, path
        assert response["Access-Control-Allow-Origin"] == "*", path
        assert response.data["license"] == CC_BY, path
        assert "\\u" not in response.content.decode(), path  # Japanese left readable


@pytest.mark.parametrize("slug", PLANS)
def test_the_plan_tree_holds_every_node_once(demo, api, slug):
    tree = api.get(f"/public/plans/{slug}").data["nodes"]

    def ids(items: list) -> list[int]:
        return [i for item in items for i in [item["id"], *ids(item["children"])]]

    assert sorted(ids(tree)) == sorted(
        Node.objects.filter(plan__slug=slug).values_list("pk", flat=True)
    )


@pytest.mark.parametrize("slug", ["ageo", "tokorozawa"])  # shimotsuke's plan has none
def test_indicators_carry_numbers_sample_flags_and_grades_in_words(demo, api, slug):
    data = api.get(f"/public/plans/{slug}/indicators").data
    records = data["indicators"]
    assert len(records) == Indicator.objects.filter(node__plan__slug=slug).count() > 0
    values = [a["value"] for r in records for a in r["actuals"] if a["value"] is not None]
    assert values and all(isinstance(v, int | float) for v in values)
    graded = [r["grade"] for r in records if r["grade"]]
    assert graded and all(g["label"] for g in graded if g["grade"] != "-")
    assert any(a["sample"] for r in records for a in r["actuals"]) or slug != "ageo"
    assert api.get("/public/plans/shimotsuke/indicators").data["indicators"] == []


def test_a_node_shows_its_actions_with_departments_and_its_indicators(demo, api):
    node = Node.objects.filter(plan__slug="ageo", indicators__isnull=False).first()
    record = api.get(f"/public/plans/ageo/nodes/{node.pk}").data["node"]
    assert record["title"] == node.title
    assert [i["id"] for i in record["indicators"]] == record["indicator_ids"] != []

    acting = Node.objects.filter(actions__assignments__isnull=False).select_related("plan").first()
    record = api.get(f"/public/plans/{acting.plan.slug}/nodes/{acting.pk}").data["node"]
    assert any(a["departments"] for a in record["actions"])


@pytest.mark.parametrize(
    "path",
    [
        "/public/plans/no-such-plan",
        "/public/plans/no-such-plan/indicators",
        "/public/plans/no-such-plan/progress",
        "/public/plans/no-such-plan/download.json",
        "/public/plans/ageo/nodes/999999",
    ],
)
def test_unknown_plans_and_nodes_answer_404_as_json(demo, api, path):
    response = api.get(path)
    assert response.status_code == 404 and response.data["error"] == "not_found"


def test_a_node_of_another_plan_is_404(demo, api):
    other = Node.objects.filter(plan__slug="tokorozawa").first()
    assert api.get(f"/public/plans/ageo/nodes/{other.pk}").status_code == 404
    assert api.get("/public/plans/no-such-plan/download.zip").status_code == 404


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_only_get_is_allowed(demo, api, method):
    for path in ["/public/plans", "/public/plans/ageo", "/public/plans/ageo/download.zip"]:
        response = api.call(method, path, {"x": 1})
        assert response.status_code == 405, (method, path)
        assert response["Allow"] == "GET"


def test_progress_holds_only_confirmed_entries_of_confirmed_cycles(demo, api):
    for slug in PLANS:
        cycles = api.get(f"/public/plans/{slug}/progress").data["cycles"]
        ids = {e["id"] for c in cycles for e in c["entries"]}
        statuses = set(Entry.objects.filter(pk__in=ids).values_list("status", flat=True))
        assert statuses <= {Entry.Status.CONFIRMED}
        cycle_statuses = set(
            Entry.objects.filter(pk__in=ids).values_list("cycle__status", flat=True)
        )
        assert cycle_statuses <= {"confirmed"}
    assert ids, "shimotsuke has confirmed progress"


def _zip_text(archive: zipfile.ZipFile) -> str:
    return "\n".join(archive.read(n).decode("utf-8-sig") for n in archive.namelist())


def test_nothing_unconfirmed_appears_in_any_public_answer_or_zip(demo, api, client):
    _unconfirmed_world()
    returned = Entry.objects.filter(status=Entry.Status.RETURNED).exclude(return_reason="")
    reasons = list(returned.values_list("return_reason", flat=True))
    assert reasons and Entry.objects.filter(progress__contains=DEMO_TEXT).exists()
    slot_values = {
        str(v.normalize())
        for v in ValueSlot.objects.filter(
            entry__cycle__status="open", value__isnull=False
        ).values_list("value", flat=True)
    }
    leaks = [*LEAKS, DEMO_TEXT, *reasons]
    for slug in PLANS:
        for path in _urls(slug):
            text = api.get(path).content.decode()
            for leak in leaks:
                assert leak not in text, (path, leak)
        text = _zip_text(_zip(client, slug))
        for leak in leaks:
            assert leak not in text, (slug, leak)
    # 987654 is the typed value; it is in a ValueSlot and nowhere public.
    assert "987654" in slot_values


@pytest.mark.parametrize("slug", PLANS)
def test_the_zip_holds_bom_utf8_csvs_the_licence_and_a_readme(demo, client, slug):
    archive = _zip(client, slug)
    names = {n.removeprefix(f"{slug}/") for n in archive.namelist()}
    assert names == {f"{n}.csv" for n in CSVS} | {"LICENSE.txt", "README.txt"}
    for name in CSVS:
        raw = archive.read(f"{slug}/{name}.csv")
        assert raw.startswith(b"\xef\xbb\xbf"), name
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert rows and all(len(r) == len(rows[0]) for r in rows), name
    plan_rows = list(
        csv.DictReader(io.StringIO(archive.read(f"{slug}/plan.csv").decode("utf-8-sig")))
    )
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", plan_rows[0]["計画名"])
    licence = archive.read(f"{slug}/LICENSE.txt").decode("utf-8")
    readme = archive.read(f"{slug}/README.txt").decode("utf-8")
    assert "CC BY 4.0" in licence and CC_BY["url"] in licence
    assert "CC BY 4.0" in readme and "出典" in readme and "作成日" in readme
    for name in CSVS:
        assert f"{name}.csv" in readme


def test_values_are_plain_numbers_one_row_per_indicator_and_year_with_sample_flags(demo, client):
    archive = _zip(client, "ageo")
    rows = list(csv.DictReader(io.StringIO(archive.read("ageo/values.csv").decode("utf-8-sig"))))
    pairs = [(r["指標ID"], r["年度"]) for r in rows]
    assert len(pairs) == len(set(pairs)) > 0
    numbers = [r[k] for r in rows for k in ("目標値", "実績値") if r[k]]
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d+)?", n) for n in numbers), numbers[:5]
    assert {r["架空のデモ値"] for r in rows} <= {"0", "1"} and "1" in {
        r["架空のデモ値"] for r in rows
    }
    data = json.loads(client.get("/api/v1/public/plans/ageo/download.json").content)
    actual_count = sum(len(i["actuals"]) for i in data["indicators"])
    assert sum(1 for r in rows if r["実績値"] or r["実績値の注記"]) <= actual_count


def test_the_licence_follows_the_setting(demo, api, client, settings):
    settings.OPEN_DATA_LICENSE = {
        "name": "CC0 1.0",
        "url": "https://creativecommons.org/publicdomain/zero/1.0/deed.ja",
    }
    assert api.get("/public/plans").data["license"]["name"] == "CC0 1.0"
    assert api.get("/public/plans/ageo/download.json").data["license"] == settings.OPEN_DATA_LICENSE
    archive = _zip(client, "ageo")
    assert "CC0 1.0" in archive.read("ageo/LICENSE.txt").decode()
    assert "CC BY" not in archive.read("ageo/README.txt").decode()


def test_the_openapi_document_lists_every_public_path():
    public = {
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(p.pattern))
        for p in urls.urlpatterns
        if str(p.pattern).startswith("public/")
    }
    paths = document()["paths"]
    assert len(public) == 7
    assert public == {p for p in paths if p.startswith("/public/")}
    for template in public:
        assert paths[template]["get"]["security"] == []
        assert set(paths[template]) == {"get"}


def test_the_public_plan_page_links_the_downloads(demo, client):
    page = client.get("/public/ageo/").content.decode()
    assert "/api/v1/public/plans/ageo/download.zip" in page
    assert "/api/v1/public/plans/ageo/download.json" in page
    assert "オープンデータ" in page
