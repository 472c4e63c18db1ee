"""Bringing a plan in through the browser's pages: upload, review beside the source, accept."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sasaeai.accounts.models import User
from sasaeai.audit.models import Event
from sasaeai.demo.services import PASSWORD
from sasaeai.planfiles.models import ImportDraft
from sasaeai.plans.models import Indicator, Plan

pytestmark = pytest.mark.django_db

SAMPLE = "tests/documents/samples/glued_units.txt"


@pytest.fixture
def secretariat(demo, client):
    assert client.login(username="secretariat", password=PASSWORD)
    return client


def _upload(client, path=SAMPLE, name=None):
    with open(path, "rb") as f:
        upload = SimpleUploadedFile(name or path.rsplit("/", 1)[-1], f.read())
    return client.post("/plans/import/", {"file": upload})


def _review(client, response):
    assert response.status_code == 302, response.content.decode()[:500]
    url = response["Location"]
    return url, client.get(url)


def test_the_secretariat_finds_the_import_and_a_clerk_does_not(secretariat, client):
    assert "/plans/import/" in secretariat.get("/plans/").content.decode()
    client.logout()
    assert client.login(username="somu", password=PASSWORD)
    assert "/plans/import/" not in client.get("/plans/").content.decode()
    assert client.get("/plans/import/").status_code == 404


def test_an_uploaded_document_is_shown_as_a_proposed_plan_beside_its_source(secretariat):
    _url, page = _review(secretariat, _upload(secretariat))
    html = page.content.decode()
    assert "見守り協力員の登録者数" in html and "地域で支え合うしくみづくり" in html
    assert 'id="L11"' in html and 'href="#L11"' in html  # the row links to its source line
    draft = ImportDraft.objects.get()
    assert draft.kind == "document" and draft.source_lines[0] == "第２次みどり市地域福祉計画"
    assert "confidence:" in draft.text


def test_unsure_items_are_highlighted_with_their_reasons(secretariat):
    _url, page = _review(secretariat, _upload(secretariat))
    html = page.content.decode()
    assert 'class="unsure-count"' in html
    assert '<li id="L' in html and 'class="unsure"' in html
    assert '<ul class="reasons">' in html


def test_check_then_accept_creates_the_plan_in_one_step_and_audits_it(secretariat):
    url, _page = _review(secretariat, _upload(secretariat))
    text = ImportDraft.objects.get().text
    checked = secretariat.post(url, {"text": text, "action": "check"})
    assert checked.status_code == 200 and "確認しました" in checked.content.decode()
    assert not Plan.objects.filter(slug="glued-units").exists()
    accepted = secretariat.post(url, {"text": text, "action": "accept"})
    assert accepted.status_code == 302 and accepted["Location"] == "/plans/glued-units/"
    plan = Plan.objects.get(slug="glued-units")
    names = set(Indicator.objects.filter(node__plan=plan).values_list("name", flat=True))
    assert {"見守り協力員の登録者数", "総合相談窓口の相談件数"} <= names
    event = Event.objects.get(action="plan.import")
    assert event.actor.username == "secretariat" and event.after["file"] == "glued_units.txt"
    assert ImportDraft.objects.get().status == "imported"


def test_an_error_is_named_by_the_line_of_the_text_shown_and_nothing_is_written(secretariat):
    url, _page = _review(secretariat, _upload(secretariat))
    text = ImportDraft.objects.get().text
    broken = text.replace("value: 120", "value: たくさん", 1)
    line = broken.splitlines().index(next(x for x in broken.splitlines() if "たくさん" in x)) + 1
    response = secretariat.post(url, {"text": broken, "action": "accept"})
    html = response.content.decode()
    assert response.status_code == 400 and f'data-line="{line}"' in html
    assert not Plan.objects.filter(slug="glued-units").exists()
    assert not Event.objects.filter(action="plan.import").exists()


def test_an_existing_plan_is_replaced_only_when_asked(secretariat):
    url, _page = _review(secretariat, _upload(secretariat))
    text = ImportDraft.objects.get().text.replace("slug: glued-units", "slug: ageo")
    response = secretariat.post(url, {"text": text, "action": "check"})
    assert response.status_code == 400 and "ageo" in response.content.decode()
    response = secretariat.post(url, {"text": text, "action": "check", "replace": "on"})
    assert response.status_code == 200


def test_an_unreadable_upload_is_refused_with_its_name_and_nothing_kept(secretariat):
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n\x00\x01garbage")
    response = secretariat.post("/plans/import/", {"file": upload})
    assert response.status_code == 400 and "plan.pdf" in response.content.decode()
    assert not ImportDraft.objects.exists()


def test_a_draft_is_seen_only_by_whoever_uploaded_it(secretariat, client):
    url, _page = _review(secretariat, _upload(secretariat))
    other = User.objects.get(username="secretariat")
    other.pk, other.username = None, "secretariat2"
    other.save()
    client.logout()
    assert client.login(username="secretariat2", password=PASSWORD)
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "x", "action": "accept"}).status_code == 404


def test_a_discarded_draft_can_no_longer_be_imported(secretariat):
    url, _page = _review(secretariat, _upload(secretariat))
    text = ImportDraft.objects.get().text
    assert secretariat.post(url, {"action": "discard"}).status_code == 302
    secretariat.post(url, {"text": text, "action": "accept"})
    assert not Plan.objects.filter(slug="glued-units").exists()


# -- Excel ----------------------------------------------------------------------------------------


def _upload_workbook(client, content, name="plan.xlsx"):
    upload = SimpleUploadedFile(name, content)
    return client.post("/plans/import/", {"file": upload, "kind": "workbook"})


def test_anyone_signed_in_downloads_the_template_and_a_plans_workbook(somu):
    from io import BytesIO

    from openpyxl import load_workbook

    template = somu.get("/plans/import/template.xlsx")
    assert template.status_code == 200 and template["Content-Disposition"].startswith("attachment")
    assert "説明" in load_workbook(BytesIO(template.content)).sheetnames
    plan = somu.get("/plans/tokorozawa/workbook.xlsx")
    book = load_workbook(BytesIO(plan.content))
    assert {"体系", "指標", "実績"} <= set(book.sheetnames)


def test_a_plans_workbook_comes_back_as_an_update_only_when_asked(secretariat):
    content = secretariat.get("/plans/tokorozawa/workbook.xlsx").content
    url, page = _review(secretariat, _upload_workbook(secretariat, content, "tokorozawa.xlsx"))
    html = page.content.decode()
    assert "既存の計画を更新" in html and 'name="replace"' in html
    refused = secretariat.post(url, {"action": "accept"})
    assert refused.status_code == 400 and "置き換え" in refused.content.decode()
    assert not Event.objects.filter(action="plan.import").exists()
    accepted = secretariat.post(url, {"action": "accept", "replace": "on"})
    assert accepted.status_code == 302 and accepted["Location"] == "/plans/tokorozawa/"
    assert Indicator.objects.filter(node__plan__slug="tokorozawa").count() == 47
    assert Event.objects.get(action="plan.import").after["kind"] == "workbook"


def test_a_broken_workbook_is_named_by_its_problems_and_nothing_is_written(secretariat):
    content = secretariat.get("/plans/tokorozawa/workbook.xlsx").content
    plans = Plan.objects.count()
    _url, page = _review(secretariat, _upload_workbook(secretariat, content[: len(content) // 2]))
    assert page.status_code == 400 and "plan.xlsx" in page.content.decode()
    assert 'name="action" value="accept"' not in page.content.decode()
    assert Plan.objects.count() == plans
    response = _upload_workbook(secretariat, b"not a workbook at all", "x.xlsx")
    assert response.status_code == 400 and "x.xlsx" in response.content.decode()


def test_a_clerk_cannot_bring_a_workbook_in(somu):
    assert _upload_workbook(somu, b"PK\x03\x04").status_code == 404
