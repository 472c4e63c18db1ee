"""The yearly cycle in a real browser: fill, submit, return, fix, accept, confirm, 確定版."""

import re

import pytest
from playwright.sync_api import expect

from sasaeai.accounts.models import Department, Organization, User
from sasaeai.audit.models import Event
from sasaeai.demo.services import PASSWORD
from sasaeai.progress import services
from sasaeai.progress.models import Cycle, Entry

pytestmark = pytest.mark.browser

CYCLE = "/plans/ageo/cycles/2023/"
COMMITTEE = "上尾市地域福祉計画推進委員会"
PROGRESS = "市民向け講座を年6回開催し、延べ180人が参加しました。"
ISSUES = "若い世代の参加が少ないことが課題です。"
FIXED_ISSUES = "若い世代（20〜30代）の参加が全体の1割にとどまっていることが課題です。"
NEXT_STEPS = "オンライン講座を試行し、子育て世代への周知を強めます。"
REASON = "課題に年代別の参加状況を具体的に書いてください。"


# -- arranging with the services ------------------------------------------------------------------


def _gakushu() -> User:
    """Create the 生涯学習課 clerk, a persona the demo does not have."""
    org = Organization.objects.get(key="ageo-city")
    return User.objects.create_user(
        username="gakushu",
        password=PASSWORD,
        role=User.Role.CLERK,
        organization=org,
        department=Department.objects.get(organization=org, name="生涯学習課"),
        last_name="生涯学習課 担当",
    )


def _cycle() -> Cycle:
    return Cycle.objects.get(plan__slug="ageo", fiscal_year=2023)


def _untouched_entries() -> list[Entry]:
    """Return the 生涯学習課 entries with an action that nobody has started, in order."""
    entries = (
        _cycle()
        .entries.filter(department__name="生涯学習課", action__isnull=False)
        .select_related("action")
        .order_by("order")
    )
    found = [e for e in entries if e.status == Entry.Status.DRAFT and not e.started]
    assert len(found) >= 2, "the demo should leave 生涯学習課's entries untouched"
    return found


def _submit_and_accept_all_but(the_entry: Entry) -> None:
    """As the secretariat, fill, submit and accept every entry of the cycle except one."""
    secretariat = User.objects.get(username="secretariat")
    others = _cycle().entries.exclude(pk=the_entry.pk)
    for entry in others.filter(status__in=[Entry.Status.DRAFT, Entry.Status.RETURNED]):
        values = {
            slot.indicator_id: {"value": None, "note": "集計中のため値なし（テスト）"}
            for slot in entry.value_slots.all()
            if slot.value is None and not slot.note
        }
        entry = services.save_entry(
            entry,
            user=secretariat,
            version=entry.version,
            texts={"progress": entry.progress or "事務局が代わりに記入しました（テスト）。"},
            values=values,
        )
        services.submit(entry, user=secretariat)
    accepted = services.accept_many(list(others.all()), user=secretariat)
    assert accepted == others.count()
    assert not others.exclude(status=Entry.Status.ACCEPTED).exists()


# -- the browser --------------------------------------------------------------------------------


def _signed_in(browser, base_url: str, username: str):
    """Return a page of a fresh browser context signed in as `username`."""
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + "/plans/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("利用者名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.locator("form.login").get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("heading", name="計画一覧")).to_be_visible()
    return page


def _status(page):
    """Return the entry page's status line (状態: …)."""
    return page.locator("main p").filter(has_text="状態").locator("strong.status")


def _entry_url(base_url: str, entry: Entry) -> str:
    return f"{base_url}/plans/ageo/entries/{entry.pk}/"


def _actions(target) -> list[tuple[str, str, str]]:
    """Return (action, actor, reason) of the target's audit events, oldest first.

    Consecutive saves by the same person are one: the form may autosave before it is sent.
    """
    events = Event.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).order_by("created_at", "id")
    found: list[tuple[str, str, str]] = []
    for event in events.select_related("actor"):
        row = (event.action, event.actor.username if event.actor else "", event.reason)
        if not (found and row[0] == "entry.save" and found[-1] == row):
            found.append(row)
    return found


def test_clerk_submits_secretariat_returns_then_accepts_and_chair_confirms(
    live_server, demo, browser
):
    _gakushu()
    the_entry = _untouched_entries()[0]
    title = the_entry.action.title
    _submit_and_accept_all_but(the_entry)
    url = _entry_url(live_server.url, the_entry)

    # The clerk fills the draft from the cycle's dashboard and submits it.
    clerk = _signed_in(browser, live_server.url, "gakushu")
    clerk.goto(live_server.url + CYCLE)
    expect(clerk.get_by_role("heading", level=1)).to_contain_text("進捗状況報告")
    clerk.get_by_role("table").filter(has_text="取組").get_by_role(
        "link", name=title, exact=True
    ).click()
    expect(clerk).to_have_url(url)
    expect(clerk.get_by_role("heading", level=1)).to_have_text(title)
    expect(_status(clerk)).to_have_text("未着手")
    form = clerk.locator("#entry-form")
    form.get_by_label("進捗状況").fill(PROGRESS)
    form.get_by_label("課題").fill(ISSUES)
    form.get_by_label("今後の方向").fill(NEXT_STEPS)
    form.get_by_role("button", name="保存して提出する").click()
    expect(clerk.locator("ul.messages")).to_contain_text("提出しました。")
    expect(_status(clerk)).to_have_text("提出済")
    expect(form.get_by_label("課題")).to_have_value(ISSUES)
    expect(form.get_by_role("button", name="保存して提出する")).to_have_count(0)

    # The secretariat returns it with a reason.
    secretariat = _signed_in(browser, live_server.url, "secretariat")
    secretariat.goto(url)
    expect(_status(secretariat)).to_have_text("提出済")
    review = secretariat.get_by_role("region", name="事務局の確認")
    review.get_by_label("差戻しの理由（必須）").fill(REASON)
    review.get_by_role("button", name="差し戻す").click()
    expect(secretariat.locator("ul.messages")).to_contain_text("差し戻しました。")
    expect(_status(secretariat)).to_have_text("差戻し")
    expect(secretariat.get_by_role("note")).to_contain_text(REASON)

    # The clerk reads the reason, corrects 課題 and submits again.
    clerk.goto(url)
    expect(_status(clerk)).to_have_text("差戻し")
    expect(clerk.get_by_role("note")).to_contain_text(REASON)
    expect(form.get_by_label("進捗状況")).to_have_value(PROGRESS)
    form.get_by_label("課題").fill(FIXED_ISSUES)
    form.get_by_role("button", name="保存して提出する").click()
    expect(clerk.locator("ul.messages")).to_contain_text("提出しました。")
    expect(_status(clerk)).to_have_text("提出済")
    expect(clerk.get_by_role("note")).to_have_count(0)

    # The secretariat accepts it.
    secretariat.goto(url)
    issues = secretariat.locator("#entry-form").get_by_label("課題")
    expect(issues).to_have_value(FIXED_ISSUES)
    expect(issues).not_to_be_editable()
    secretariat.get_by_role("region", name="事務局の確認").get_by_role(
        "button", name="受理する"
    ).click()
    expect(secretariat.locator("ul.messages")).to_contain_text("受理しました。")
    expect(_status(secretariat)).to_have_text("受理")

    # The chair confirms the whole year; the confirmed version shows the corrected text.
    chair = _signed_in(browser, live_server.url, "chair")
    chair.goto(live_server.url + CYCLE)
    confirm = chair.locator("form").filter(has=chair.get_by_label("確定する会議体"))
    confirm.get_by_label("確定する会議体").fill(COMMITTEE)
    confirm.get_by_role("button", name="この年度の報告を確定する").click()
    expect(chair).to_have_url(re.compile(r"/plans/ageo/cycles/2023/versions/1/$"))
    expect(chair.get_by_role("heading", level=1)).to_contain_text("確定版")
    expect(chair.locator("ul.messages")).to_contain_text("確定しました（第1版）。")
    expect(chair.locator("main")).to_contain_text("において確定")
    expect(chair.locator("main")).to_contain_text(COMMITTEE)
    row = chair.get_by_role("row").filter(has_text=FIXED_ISSUES)
    expect(row).to_have_count(1)
    expect(row.get_by_role("rowheader")).to_have_text(title)
    expect(row).to_contain_text("生涯学習課")
    expect(row).to_contain_text(PROGRESS)
    expect(row).to_contain_text(NEXT_STEPS)
    expect(chair.locator("main")).not_to_contain_text(ISSUES)

    # Every transition of the entry is in the audit log, with who did it and why.
    assert _actions(the_entry) == [
        ("entry.save", "gakushu", ""),
        ("entry.submit", "gakushu", ""),
        ("entry.return", "secretariat", REASON),
        ("entry.save", "gakushu", ""),
        ("entry.submit", "gakushu", ""),
        ("entry.accept", "secretariat", ""),
        ("entry.confirm", "chair", ""),
    ]
    saves = Event.objects.filter(
        action="entry.save", target_type="progress.entry", target_id=str(the_entry.pk)
    ).order_by("created_at", "id")
    assert saves.last().before["issues"] == ISSUES
    assert saves.last().after["issues"] == FIXED_ISSUES
    cycle = _cycle()
    assert [(a, who) for a, who, _ in _actions(cycle)][-1] == ("cycle.confirm", "chair")
    assert cycle.status == Cycle.Status.CONFIRMED
    assert cycle.confirmed_by == COMMITTEE
    the_entry.refresh_from_db()
    assert the_entry.status == Entry.Status.CONFIRMED
    assert the_entry.issues == FIXED_ISSUES

    for page in (clerk, secretariat, chair):
        page.context.close()


def test_the_draft_autosaves_as_the_clerk_types(live_server, demo, browser):
    _gakushu()
    entry = _untouched_entries()[1]
    page = _signed_in(browser, live_server.url, "gakushu")
    page.goto(_entry_url(live_server.url, entry))
    expect(_status(page)).to_have_text("未着手")

    progress = page.locator("#entry-form").get_by_label("進捗状況")
    progress.press_sequentially("ボランティア養成講座を2回開催しました。")
    saved = page.locator("#autosave-status")
    expect(saved).to_contain_text("下書きを保存しました", timeout=6000)

    page.reload()
    expect(page.locator("#entry-form").get_by_label("進捗状況")).to_have_value(
        "ボランティア養成講座を2回開催しました。"
    )
    expect(_status(page)).to_have_text("入力中")
    entry.refresh_from_db()
    assert entry.status == Entry.Status.DRAFT
    assert entry.progress == "ボランティア養成講座を2回開催しました。"
    page.context.close()
