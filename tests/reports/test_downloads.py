"""Report downloads from the plan, node and cycle pages."""

import io
import re
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from sasaeai.demo.services import PASSWORD
from sasaeai.plans.models import Node
from sasaeai.progress.models import Cycle, Entry

pytestmark = pytest.mark.django_db


def _forms(html):
    return re.findall(r'<form method="get" action="(/plans/[^"]+/reports/\w+/)"', html)


def test_the_plan_page_offers_every_kind_and_the_years(somu):
    html = somu.get("/plans/tokorozawa/").content.decode()
    assert _forms(html) == [
        f"/plans/tokorozawa/reports/{kind}/"
        for kind in ("progress", "indicators", "sheets", "booklet")
    ]
    assert '<option value="2024" selected>令和6年度（2024）</option>' in html
    assert html.count('name="format" value="xlsx"') == 4


def test_the_node_page_offers_the_kinds_a_node_can_have(somu):
    node = Node.objects.get(plan__slug="tokorozawa", key="A")
    html = somu.get(f"/plans/tokorozawa/nodes/{node.pk}/").content.decode()
    assert _forms(html) == [
        "/plans/tokorozawa/reports/sheets/",
        "/plans/tokorozawa/reports/booklet/",
    ]
    assert f'name="node" value="{node.pk}"' in html


def test_the_cycle_page_offers_the_years_progress_and_indicators(somu):
    html = somu.get("/plans/ageo/cycles/2023/").content.decode()
    assert _forms(html) == ["/plans/ageo/reports/progress/", "/plans/ageo/reports/indicators/"]
    assert '<input type="hidden" name="fy" value="2023">' in html


def test_a_pdf_opens_in_the_browser_and_an_xlsx_is_saved(somu):
    response = somu.get("/plans/ageo/reports/progress/", {"fy": 2023, "format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert unquote(response["Content-Disposition"]) == (
        "inline; filename*=UTF-8''ageo-progress-2023.pdf"
    )
    response = somu.get("/plans/tokorozawa/reports/indicators/", {"fy": 2024, "format": "xlsx"})
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content))["指標一覧"]
    assert 8572349 in [c.value for row in sheet.iter_rows() for c in row]


def test_a_node_narrows_the_report_to_its_subtree(somu):
    node = Node.objects.get(plan__slug="tokorozawa", key="A")
    other = Node.objects.filter(plan__slug="tokorozawa", depth=0).exclude(pk=node.pk).first()
    response = somu.get(
        "/plans/tokorozawa/reports/booklet/", {"fy": 2024, "format": "html", "node": node.pk}
    )
    html = response.content.decode()
    assert response.status_code == 200 and node.title in html and other.title not in html


def test_the_downloaded_progress_report_keeps_to_the_readers_scope(somu, client):
    cycle = Cycle.objects.get(plan__slug="ageo", fiscal_year=2023)
    kourei = cycle.entries.filter(department__name="高齢介護課", status="submitted")[0]
    Entry.objects.filter(pk=kourei.pk).update(status=Entry.Status.ACCEPTED)
    url, query = "/plans/ageo/reports/progress/", {"fy": 2023, "format": "html"}
    assert kourei.progress not in somu.get(url, query).content.decode()
    client.logout()
    assert client.login(username="secretariat", password=PASSWORD)
    assert kourei.progress in client.get(url, query).content.decode()


@pytest.mark.parametrize(
    "path,query",
    [
        ("/plans/ageo/reports/nope/", {}),
        ("/plans/ageo/reports/indicators/", {"format": "docx"}),
        ("/plans/ageo/reports/progress/", {"node": "1"}),
        ("/plans/nope/reports/indicators/", {}),
        ("/plans/ageo/reports/booklet/", {"node": "x"}),
    ],
)
def test_what_does_not_exist_is_not_found(somu, path, query):
    assert somu.get(path, query).status_code == 404


def test_a_node_of_another_plan_is_not_found(somu):
    node = Node.objects.filter(plan__slug="tokorozawa").first()
    response = somu.get("/plans/ageo/reports/booklet/", {"node": node.pk})
    assert response.status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, demo):
    response = client.get("/plans/ageo/reports/indicators/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
