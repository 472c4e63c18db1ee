"""Sign in, open a plan, open a node, read its indicator table — in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from sasaeai.demo.services import PASSWORD

pytestmark = pytest.mark.browser


def _sign_in(page, base_url, username="somu"):
    page.goto(base_url + "/plans/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("利用者名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.locator("form.login").get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", name="計画一覧")).to_be_visible()


def test_sign_in_then_plan_then_node_then_indicator_table(live_server, demo, page):
    _sign_in(page, live_server.url)
    page.get_by_role("link", name="所沢市地域福祉計画").click()
    expect(page.get_by_role("heading", name="施策体系")).to_be_visible()

    page.get_by_role("link", name=re.compile("相互理解・共生の推進")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("相互理解・共生の推進")

    table = page.get_by_role("table", name="指標")
    expect(table.locator("thead")).to_contain_text("令和元年度（2019）")
    expect(table.locator("thead")).to_contain_text("令和8年度（2026）")
    row = table.get_by_role("row", name=re.compile("障害者就労施設等からの物品等の調達実績額"))
    expect(row).to_contain_text("8,572,349")
    expect(row).to_contain_text("9,300,000")
    school = table.get_by_role("row", name=re.compile("総合的な学習の時間"))
    expect(school).to_contain_text("83.0（39/47校）")
    expect(school.locator(".sample-mark").first).to_have_text("架空")


def test_the_tree_leads_to_a_city_action_table_with_departments(live_server, demo, page):
    _sign_in(page, live_server.url, "kourei")
    page.get_by_role("link", name=re.compile("第３次上尾市地域福祉計画")).click()
    page.get_by_role("link", name=re.compile("交流の場・居場所によるつながりづくり")).click()
    row = page.get_by_role("row", name=re.compile("スポーツ・レクリエーションの充実"))
    expect(row).to_contain_text("みどり公園課")
    expect(row).to_contain_text("スポーツ振興課")
