"""Binding indicators to register measures: who may, the audit trail, the 集計値 on the indicator
page, and the proposed values of the yearly cycle (drafts that never reach the public pages)."""

import re
from datetime import date
from decimal import Decimal

import pytest

from sasaeai.accounts.models import Organization, User
from sasaeai.audit.models import Event
from sasaeai.demo.services import PASSWORD
from sasaeai.meetings.models import Meeting
from sasaeai.plans.models import Actual, Indicator
from sasaeai.progress import services
from sasaeai.progress.models import Cycle, ValueSlot
from sasaeai.registers import bindings, measures
from sasaeai.registers.models import IndicatorBinding

PARTICIPANTS = "3/6#4"  # 地域福祉懇談会参加人数, bound to meetings.participants by the demo
UNBOUND = "3/7#1"


@pytest.fixture
def bound(demo):
    """Bind 地域福祉懇談会参加人数 to the meetings of ageo's branches from FY2023, with meetings
    of FY2022 (before the registers were kept) and FY2023."""
    council = Organization.objects.get(key="ageo-council")
    branch = council.branches.order_by("order").first()
    for day, people in ((date(2023, 3, 1), 50), (date(2023, 6, 1), 31), (date(2024, 2, 1), 12)):
        Meeting.objects.create(branch=branch, held_on=day, theme="試験", participants=people)
    return IndicatorBinding.objects.create(
        indicator=indicator(PARTICIPANTS),
        measure="meetings.participants",
        council=council,
        first_year=2023,
    )


def indicator(key: str) -> Indicator:
    return Indicator.objects.select_related("node__plan").get(node__plan__slug="ageo", key=key)


def user(username: str) -> User:
    return User.objects.get(username=username)


def signed_in(client, username: str):  # type: ignore[no-untyped-def]
    assert client.login(username=username, password=PASSWORD)
    return client


def binding_url(i: Indicator) -> str:
    return f"/plans/{i.node.plan.slug}/indicators/{i.pk}/binding/"


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("secretariat", True),
        ("shakyo", True),
        ("admin", True),
        ("shibu", False),  # a branch's staff
        ("vc", False),
        ("somu", False),
        ("iin", False),
    ],
)
def test_who_may_bind_an_indicator_of_a_plan_the_city_and_council_make(demo, username, allowed):
    assert bindings.can_bind(user(username), indicator(UNBOUND)) is allowed


def test_nobody_binds_an_indicator_of_a_plan_no_council_makes(demo):
    foreign = Indicator.objects.filter(node__plan__slug="tokorozawa").first()
    for username in ("secretariat", "shakyo", "admin"):
        assert not bindings.can_bind(user(username), foreign), username
    with pytest.raises(bindings.BindingError):
        bindings.bind(foreign, user=user("admin"), measure="meetings.count", params={})


def test_binding_through_the_form_types_the_options_and_is_audited(demo, client):
    target = indicator(UNBOUND)
    signed_in(client, "shakyo")
    data = {
        "action": "bind",
        "measure": "volunteers.attendees",
        "volunteers.attendees.course_kind": "dementia_supporter",
        "volunteers.attendees.cumulative": "on",
        "volunteers.attendees.since": "2023",
        "volunteers.attendees.base": "561",
        "places.active.kind": "salon",  # another measure's option: ignored
        "first_year": "2023",
        "note": "試験",
    }
    response = client.post(binding_url(target), data)
    assert response.status_code == 302
    binding = IndicatorBinding.objects.get(indicator=target)
    assert binding.params == {
        "course_kind": "dementia_supporter",
        "cumulative": True,
        "since": 2023,
        "base": 561,
    }
    assert (binding.council.key, binding.branch, binding.first_year) == ("ageo-council", None, 2023)
    event = Event.objects.get(action="indicator.bind", target_id=str(target.pk))
    assert event.actor.username == "shakyo" and event.before is None
    assert event.after["measure"] == "volunteers.attendees"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"measure": "no.such"}, "集計項目「no.such」はありません"),
        ({"volunteers.attendees.since": "令和5"}, "「累計の起点年度」は整数で"),
        ({"volunteers.attendees.course_kind": "yoga"}, "「講座の種類」の「yoga」"),
        ({"branch": "__other__"}, "支部の選択が正しくありません"),
    ],
)
def test_a_bad_binding_says_which_field_and_writes_nothing(demo, client, extra, message):
    target = indicator(UNBOUND)
    signed_in(client, "secretariat")
    data = {"action": "bind", "measure": "volunteers.attendees", **extra}
    if data.get("branch") == "__other__":
        data["branch"] = Organization.objects.get(key="tokorozawa-city").pk
    response = client.post(binding_url(target), data, follow=True)
    assert message in response.content.decode()
    assert not IndicatorBinding.objects.filter(indicator=target).exists()
    assert not Event.objects.filter(action="indicator.bind", target_id=str(target.pk)).exists()


def test_a_branch_binds_nothing_and_sees_no_form(demo, client):
    target = indicator(UNBOUND)
    signed_in(client, "shibu")
    response = client.post(binding_url(target), {"action": "bind", "measure": "meetings.count"})
    assert response.status_code == 404
    assert not IndicatorBinding.objects.filter(indicator=target).exists()
    html = client.get(f"/plans/ageo/indicators/{target.pk}/").content.decode()
    assert 'id="binding-form"' not in html
    assert "この指標は登録簿の集計項目に対応づけられていません" in html


def test_unbinding_is_audited_with_what_it_was(bound, client):
    target = indicator(PARTICIPANTS)
    signed_in(client, "secretariat")
    response = client.post(binding_url(target), {"action": "unbind", "reason": "手入力に戻す"})
    assert response.status_code == 302
    assert not IndicatorBinding.objects.filter(indicator=target).exists()
    event = Event.objects.get(action="indicator.unbind", target_id=str(target.pk))
    assert event.before["measure"] == "meetings.participants"
    assert event.reason == "手入力に戻す"


def test_the_indicator_page_shows_each_years_count_linked_to_its_records(bound, client):
    target = indicator(PARTICIPANTS)
    binding = target.binding
    years = bindings.plan_years(target.node.plan, target)
    values = measures.computed(binding, years)
    assert values[2023] == 43
    signed_in(client, "somu")
    html = client.get(f"/plans/ageo/indicators/{target.pk}/").content.decode()
    assert "登録簿からの集計値" in html and "年度中に開いた地域福祉懇談会の参加人数の合計" in html
    assert 'id="binding-form"' not in html  # a clerk reads, does not bind
    for fy, value in values.items():
        link = f'<a href="/registers/bindings/{binding.pk}/{fy}/"'
        assert link in html
        cell = re.search(re.escape(link) + r"[^>]*>([^<]*)</a>", html)
        assert cell and cell.group(1) == f"{value.normalize()}"
    earlier = [fy for fy in years if fy < binding.first_year]
    assert earlier, "the plan's period starts before the registers were kept"
    for fy in earlier:
        assert f"/registers/bindings/{binding.pk}/{fy}/" not in html
    records = client.get(f"/registers/bindings/{binding.pk}/{min(values)}/")
    assert records.status_code == 200


def test_the_node_page_marks_the_bound_indicators(bound, client):
    target = indicator(PARTICIPANTS)
    signed_in(client, "somu")
    html = client.get(f"/plans/ageo/nodes/{target.node_id}/").content.decode()
    marked = html[html.index("登録簿から集計値を出す指標") :].split("</p>")[0]
    assert f"/plans/ageo/indicators/{target.pk}/#binding-h" in marked
    other = indicator("3/6#3")  # same node, not bound in this test
    assert other.node_id == target.node_id and other.name not in marked


# -- the yearly cycle ---------------------------------------------------------------------------


def open_2024() -> Cycle:
    """Open FY2024 with a meeting total of FY2024 no other number on the pages shares."""
    target = indicator(PARTICIPANTS)
    council = target.binding.council
    Meeting.objects.filter(branch__parent=council, fiscal_year=2024).delete()
    Meeting.objects.create(
        branch=council.branches.first(), held_on=date(2024, 10, 1), theme="試験", participants=98765
    )
    plan = target.node.plan
    return services.open_cycle(plan, fiscal_year=2024, deadline=None, user=user("secretariat"))


def test_opening_a_cycle_fills_bound_indicators_with_their_counts_as_drafts(bound):
    cycle = open_2024()
    slot = ValueSlot.objects.get(entry__cycle=cycle, indicator=indicator(PARTICIPANTS))
    assert slot.value == Decimal(98765) and slot.note == "集計値（登録簿から）"
    assert slot.entry.status == "draft"
    unbound = ValueSlot.objects.filter(entry__cycle=cycle, indicator__binding__isnull=True)
    assert unbound.exists() and not unbound.exclude(value__isnull=True).exists()
    assert not Actual.objects.filter(indicator=slot.indicator, fiscal_year=2024).exists()
    event = Event.objects.get(action="cycle.open", target_id=str(cycle.pk))
    bound_slots = ValueSlot.objects.filter(entry__cycle=cycle, indicator__binding__isnull=False)
    assert event.after["proposed"] == bound_slots.count()


def test_a_drafts_count_never_reaches_the_public_pages(bound, client):
    cycle = open_2024()
    target = indicator(PARTICIPANTS)
    for url in [
        f"/public/ageo/indicators/{target.pk}/",
        f"/public/ageo/indicators/{target.pk}.json",
        f"/public/ageo/nodes/{target.node_id}/",
        "/public/ageo/progress/",
    ]:
        body = client.get(url).content.decode()
        assert "98765" not in body and "98,765" not in body, url
    signed_in(client, "secretariat")
    staff = client.get(f"/plans/ageo/indicators/{target.pk}/").content.decode()
    assert ">98765</a>" in staff  # the count itself is there, for staff, as a 集計値
    entry = ValueSlot.objects.get(entry__cycle=cycle, indicator=target).entry
    page = client.get(f"/plans/ageo/entries/{entry.pk}/").content.decode()
    assert 'data-value="98765"' in page and "集計値を入れる" in page


@pytest.mark.browser
def test_the_fill_button_puts_the_count_into_the_field(live_server, bound, browser):
    from playwright.sync_api import expect

    cycle = open_2024()
    target = indicator(PARTICIPANTS)
    slot = ValueSlot.objects.get(entry__cycle=cycle, indicator=target)
    ValueSlot.objects.filter(pk=slot.pk).update(value=None, note="")  # as if cleared by hand
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    base = live_server.url
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(base) else route.abort(),
    )
    page.goto(base + "/accounts/login/")
    page.get_by_label("利用者名").fill("shakyo")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.locator("form.login").get_by_role("button", name="ログイン").click()
    page.goto(f"{base}/plans/ageo/entries/{slot.entry_id}/")
    field = page.locator(f"#value-{target.pk}")
    expect(field).to_have_value("")
    page.locator(f"#proposal-{target.pk}").get_by_role("button", name="集計値を入れる").click()
    expect(field).to_have_value("98765")
    expect(page.locator(f"#note-{target.pk}")).to_have_value("集計値（登録簿から）")
    expect(field).to_be_focused()
    # The button fills the field only: the entry stays a draft until the department submits it.
    page.locator("#autosave-status").filter(has_text="下書きを保存しました").wait_for(timeout=6000)
    slot.refresh_from_db()
    assert slot.entry.status == "draft" and slot.value == Decimal(98765)
    assert not Actual.objects.filter(indicator=target, fiscal_year=2024).exists()
    context.close()
