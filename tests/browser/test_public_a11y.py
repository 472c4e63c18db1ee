"""The public pages in a real browser: axe-core finds no WCAG 2.1 A/AA violation, a keyboard
alone can reach a measure, and a 320 px wide phone needs no sideways scrolling.

axe-core is vendored (tests/browser/vendor/axe.min.js, MPL-2.0) so the tests need no network.
"""

import re
from pathlib import Path

import pytest
from django.db.models import Count
from playwright.sync_api import expect

from sasaeai.plans.models import Indicator, Node, Plan

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _richest_node(plan: Plan) -> Node:
    """Return the plan's node with the most to show (narratives, actions, indicators)."""
    nodes = Node.objects.filter(plan=plan).annotate(
        size=Count("narratives", distinct=True)
        + Count("actions", distinct=True)
        + Count("indicators", distinct=True)
        + Count("progress_entries", distinct=True)
    )
    return nodes.order_by("-size", "id").first()


def _page_kinds() -> list[str]:
    """Return one path of every public page kind for each demo plan that has that kind."""
    paths = ["/public/", "/public/branches/"]
    for plan in Plan.objects.order_by("id"):
        base = f"/public/{plan.slug}/"
        paths += [base, f"{base}nodes/{_richest_node(plan).pk}/", f"{base}progress/"]
        paths.append(f"{base}search/?q=地域")
        indicator = Indicator.objects.filter(node__plan=plan, actuals__isnull=False).first()
        if indicator:
            paths.append(f"{base}indicators/{indicator.pk}/")
    return paths


def _violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {n['target']} {n['failureSummary']}" for n in v["nodes"][:5])
        for v in result["violations"]
    ]


def test_every_public_page_kind_has_no_axe_violation(live_server, demo, page):
    problems = {}
    paths = _page_kinds()
    assert len(paths) >= 20
    for path in paths:
        page.goto(live_server.url + path)
        found = _violations(page)
        if found:
            problems[path] = found
    report = "\n".join(f"{p}\n  " + "\n  ".join(v) for p, v in problems.items())
    assert not problems, report


def test_a_keyboard_alone_reaches_a_measure(live_server, demo, page):
    page.goto(live_server.url + "/public/tokorozawa/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "本文へ移動"
    expect(page.locator(".skip")).to_be_visible()
    page.keyboard.press("Enter")
    target = page.get_by_role("link", name=re.compile("相互理解・共生の推進"))
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").find("相互理解・共生の推進") >= 0:
            break
    else:
        pytest.fail("Tab never reached the measure link")
    expect(target).to_be_focused()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("相互理解・共生の推進")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert style == ["solid", "4px"]


@pytest.mark.parametrize("kind", ["plan", "node", "indicator", "branches"])
def test_a_320px_phone_needs_no_sideways_scroll(live_server, demo, browser, kind):
    plan = Plan.objects.get(slug="tokorozawa")
    path = {
        "plan": "/public/tokorozawa/",
        "node": f"/public/tokorozawa/nodes/{_richest_node(plan).pk}/",
        "indicator": "/public/tokorozawa/indicators/"
        f"{Indicator.objects.filter(node__plan=plan, actuals__isnull=False).first().pk}/",
        "branches": "/public/branches/",
    }[kind]
    context = browser.new_context(locale="ja-JP", viewport={"width": 320, "height": 640})
    try:
        phone = context.new_page()
        phone.goto(live_server.url + path)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        context.close()
