"""Bring a plan in from its document in a real browser: upload, look, fix, accept."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sasaeai.demo.services import PASSWORD
from sasaeai.plans.models import Indicator

pytestmark = pytest.mark.browser

SAMPLE = Path("tests/documents/samples/glued_units.txt").resolve()


def test_upload_review_beside_the_source_fix_an_error_and_accept(live_server, demo, page):
    page.goto(live_server.url + "/plans/")
    page.get_by_label("利用者名").fill("secretariat")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.locator("form.login").get_by_role("button", name="ログイン").click()
    page.get_by_role("link", name=re.compile("計画を取り込む")).click()
    page.get_by_label("ファイル", exact=True).set_input_files(str(SAMPLE))
    page.get_by_role("button", name="読み取る").click()

    expect(page.get_by_role("heading", name=re.compile("取り込む計画の確認"))).to_be_visible()
    proposal = page.locator("section.proposal")
    expect(proposal.get_by_text("見守り協力員の登録者数")).to_be_visible()
    # The source sits beside the proposal; a row's line link brings its source line into view.
    proposal.locator("li", has_text="見守り協力員の登録者数").get_by_role("link").click()
    expect(page.locator("#L11")).to_be_in_viewport()
    expect(page.locator("#L11")).to_contain_text("見守り協力員の登録者数 120人")
    expect(page.locator("section.proposal li.unsure").first).to_be_visible()

    editor = page.get_by_label(re.compile("計画ファイル"))
    text = editor.input_value()
    editor.fill(text.replace("value: 120", "value: たくさん", 1))
    page.get_by_role("button", name="取り込む").click()
    expect(page.get_by_role("alert")).to_contain_text("誤りが 1 件")
    page.get_by_role("alert").get_by_role("link").click()
    selected = page.evaluate(
        "() => { const a = document.getElementById('draft-text');"
        " return a.value.substring(a.selectionStart, a.selectionEnd); }"
    )
    assert "たくさん" in selected

    editor.fill(editor.input_value().replace("value: たくさん", "value: 125", 1))
    page.get_by_role("button", name="取り込む").click()
    expect(page).to_have_url(re.compile(r"/plans/glued-units/(#.*)?$"))
    expect(page.get_by_role("heading", name="第２次みどり市地域福祉計画")).to_be_visible()
    indicator = Indicator.objects.get(node__plan__slug="glued-units", name="見守り協力員の登録者数")
    assert indicator.baseline_value == 125
