"""The yearly cycle through its services: open, save, submit, return, accept, confirm, reopen."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from sasaeai.accounts.models import User
from sasaeai.audit.models import Event
from sasaeai.plans.models import Actual, Indicator, Plan
from sasaeai.progress import access, services
from sasaeai.progress.models import Cycle, Entry, ValueSlot


@pytest.fixture
def people(demo):
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def cycle(demo):
    return Cycle.objects.get(plan__slug="ageo", fiscal_year=2023)


def test_opening_makes_one_entry_per_action_and_department(people):
    plan = Plan.objects.get(slug="ageo")
    cycle = services.open_cycle(plan, fiscal_year=2024, deadline=None, user=people["secretariat"])
    sport = cycle.entries.filter(action__title="スポーツ・レクリエーションの充実")
    assert [e.department.name for e in sport] == [
        "障害福祉課",
        "高齢介護課",
        "みどり公園課",
        "スポーツ振興課",
    ]
    council = cycle.entries.filter(action__title="福祉教育の推進").get()
    assert (council.organization.key, council.department, council.actor) == (
        "ageo-council",
        None,
        "council",
    )
    salons = Indicator.objects.get(node__plan=plan, name="地域で取り組まれているサロンなどの活動数")
    slots = [s.entry.responsible_label for s in salons.valueslot_set.filter(entry__cycle=cycle)]
    assert slots == ["高齢介護課", "社会福祉協議会"]
    assert Event.objects.filter(action="cycle.open", target_id=str(cycle.pk)).exists()


def test_only_the_secretariat_opens_a_cycle_and_only_once(people):
    plan = Plan.objects.get(slug="ageo")
    with pytest.raises(access.Forbidden):
        services.open_cycle(plan, fiscal_year=2024, deadline=None, user=people["somu"])
    with pytest.raises(services.WorkflowError, match="既にあります"):
        services.open_cycle(plan, fiscal_year=2023, deadline=None, user=people["secretariat"])


def test_saving_bumps_the_version_and_a_stale_save_shows_the_other_change(cycle, people):
    entry = cycle.entries.filter(department__name="福祉総務課", action__isnull=False).first()
    services.return_entry(entry, user=people["secretariat"], reason="追記してください")
    entry.refresh_from_db()
    seen = entry.version  # both open the entry at this version
    services.save_entry(entry, user=people["somu"], version=seen, texts={"issues": "担当課の追記"})
    with pytest.raises(services.Conflict) as caught:
        services.save_entry(
            entry, user=people["secretariat"], version=seen, texts={"issues": "事務局の案"}
        )
    (change,) = caught.value.changes
    assert (change.label, change.after, change.by) == ("課題", "担当課の追記", "福祉総務課 担当")
    entry.refresh_from_db()
    assert entry.issues == "担当課の追記" and entry.version == seen + 1


def test_values_are_checked_for_type_unit_and_jumps(cycle, people):
    slot = ValueSlot.objects.select_related("entry", "indicator").get(
        entry__cycle=cycle, indicator__name="認知症サポーター養成講座受講人数"
    )
    entry, kourei = slot.entry, people["kourei"]
    if entry.status == Entry.Status.SUBMITTED:
        services.return_entry(entry, user=people["secretariat"], reason="値を確認")

    def save(value, note=""):
        entry.refresh_from_db()
        values = {slot.indicator_id: {"value": value, "note": note}}
        return services.save_entry(entry, user=kourei, version=entry.version, values=values)

    with pytest.raises(services.WorkflowError, match="数値として解釈できません"):
        save("たくさん")
    with pytest.raises(services.WorkflowError, match="単位が違います"):
        save("12件")
    last = Actual.objects.get(indicator=slot.indicator, fiscal_year=2022).value
    with pytest.raises(services.WorkflowError, match="半分以上"):
        save(str(last * 3))
    save(str(last * 3), "会場を増やしたため")
    slot.refresh_from_db()
    assert slot.value == last * 3 and slot.note == "会場を増やしたため"
    save("５８０人", "会場を増やしたため")  # full-width digits and the unit as printed
    slot.refresh_from_db()
    assert slot.value == Decimal("580")


def test_submit_needs_text_and_values_and_flags_late_entries(cycle, people):
    entry = cycle.entries.filter(department__name="生涯学習課", action__isnull=False).first()
    secretariat = people["secretariat"]
    with pytest.raises(services.WorkflowError, match="進捗状況を書いて"):
        services.submit(entry, user=secretariat)
    services.save_entry(
        entry, user=secretariat, version=entry.version, texts={"progress": "講座を開催"}
    )
    cycle.deadline = date(2024, 5, 31)
    cycle.save()
    services.submit(entry, user=secretariat, now=timezone.make_aware(datetime(2024, 6, 3, 9)))
    entry.refresh_from_db()
    assert entry.status == Entry.Status.SUBMITTED and entry.late


def test_returning_needs_a_reason_which_is_kept(cycle, people):
    entry = cycle.entries.filter(status=Entry.Status.SUBMITTED).first()
    with pytest.raises(services.WorkflowError, match="理由"):
        services.return_entry(entry, user=people["secretariat"], reason=" ")
    services.return_entry(entry, user=people["secretariat"], reason="数値の根拠を追記してください")
    entry.refresh_from_db()
    assert (
        entry.status == Entry.Status.RETURNED
        and entry.return_reason == "数値の根拠を追記してください"
    )
    event = Event.objects.get(
        action="entry.return", target_id=str(entry.pk), reason="数値の根拠を追記してください"
    )
    assert event.actor.username == "secretariat"


def test_a_clerk_cannot_review_or_confirm(cycle, people):
    entry = cycle.entries.filter(status=Entry.Status.SUBMITTED).first()
    with pytest.raises(access.Forbidden):
        services.accept(entry, user=people["somu"])
    with pytest.raises(access.Forbidden):
        services.confirm_cycle(cycle, user=people["secretariat"])


def _finish(cycle, people):
    """Fill, submit and accept every entry of the cycle, as the secretariat may."""
    secretariat = people["secretariat"]
    for entry in cycle.entries.all():
        if entry.status in (Entry.Status.DRAFT, Entry.Status.RETURNED):
            values = {
                s.indicator_id: {"value": s.value, "note": s.note or "実績なし"}
                for s in entry.value_slots.all()
            }
            services.save_entry(
                entry,
                user=secretariat,
                version=entry.version,
                texts={"progress": entry.progress or "実施しました"},
                values=values,
            )
            services.submit(entry, user=secretariat)
    assert services.accept_many(list(cycle.entries.all()), user=secretariat) > 0


def test_confirming_locks_entries_records_values_and_freezes_a_version(cycle, people):
    with pytest.raises(services.WorkflowError, match="受理されていない進捗"):
        services.confirm_cycle(cycle, user=people["chair"])
    _finish(cycle, people)
    version = services.confirm_cycle(
        cycle, user=people["chair"], committee="上尾市地域福祉計画推進委員会"
    )
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.CONFIRMED and version.number == 1
    assert not cycle.entries.exclude(status=Entry.Status.CONFIRMED).exists()
    sample_slot = (
        cycle.entries.filter(value_slots__value__isnull=False)
        .first()
        .value_slots.exclude(value=None)
        .first()
    )
    actual = Actual.objects.get(indicator=sample_slot.indicator, fiscal_year=2023)
    assert actual.value == sample_slot.value and actual.sample == sample_slot.sample
    assert len(version.content["entries"]) == cycle.entries.count()
    entry = cycle.entries.first()
    with pytest.raises(access.Forbidden):
        services.save_entry(
            entry, user=people["secretariat"], version=entry.version, texts={"progress": "x"}
        )


def test_a_correction_reopens_one_entry_and_a_second_version_follows(cycle, people):
    _finish(cycle, people)
    services.confirm_cycle(cycle, user=people["chair"])
    entry = cycle.entries.first()
    with pytest.raises(services.WorkflowError, match="理由"):
        services.reopen(entry, user=people["secretariat"], reason="")
    services.reopen(entry, user=people["secretariat"], reason="誤字の訂正")
    entry.refresh_from_db()
    assert entry.status == Entry.Status.RETURNED
    first = cycle.versions.get(number=1).content
    services.save_entry(
        entry, user=people["secretariat"], version=entry.version, texts={"progress": "訂正後"}
    )
    services.submit(entry, user=people["secretariat"])
    services.accept(entry, user=people["secretariat"])
    second = services.confirm_cycle(cycle, user=people["chair"])
    assert second.number == 2
    assert cycle.versions.get(number=1).content == first  # the first version is unchanged


def test_committee_comments_and_reminders(cycle, people):
    entry = cycle.entries.filter(status=Entry.Status.SUBMITTED).first()
    services.accept(entry, user=people["secretariat"])
    services.comment(entry, user=people["iin"], text="成果の数値も示してください")
    assert entry.comments.get().author.username == "iin"
    with pytest.raises(access.Forbidden):
        services.comment(entry, user=people["somu"], text="x")
    sent = services.send_reminders(cycle, user=people["secretariat"])
    assert sent == len(mail.outbox) > 0
    assert {m.to[0] for m in mail.outbox} >= {"kourei@example.jp", "shakyo@example.jp"}


def test_the_demo_cycle_is_open_with_submissions_and_one_return(cycle):
    assert cycle.status == Cycle.Status.OPEN and cycle.deadline > timezone.localdate() - timedelta(
        days=1
    )
    assert cycle.entries.filter(status=Entry.Status.RETURNED).count() == 1
    submitted = set(
        cycle.entries.filter(status=Entry.Status.SUBMITTED).values_list(
            "department__name", flat=True
        )
    )
    assert submitted == {"福祉総務課", "高齢介護課"}


def test_shimotsuke_keeps_its_confirmed_second_term_progress(demo):
    cycle = Cycle.objects.get(plan__slug="shimotsuke")
    assert cycle.status == Cycle.Status.CONFIRMED and cycle.confirmed_by == "第２期計画推進委員会"
    assert cycle.entries.filter(status=Entry.Status.CONFIRMED).count() == 28


def test_a_stale_save_is_refused_even_from_the_same_person(cycle, people):
    # Two tabs or a script and a browser: a stale version never silently overwrites.
    entry = cycle.entries.filter(department__name="福祉総務課", action__isnull=False).first()
    services.return_entry(entry, user=people["secretariat"], reason="追記してください")
    entry.refresh_from_db()
    page_version = entry.version
    services.save_entry(
        entry, user=people["somu"], version=page_version, texts={"issues": "一つ目"}
    )
    with pytest.raises(services.Conflict) as caught:
        services.save_entry(
            entry, user=people["somu"], version=page_version, texts={"issues": "二つ目"}
        )
    assert [c.after for c in caught.value.changes] == ["一つ目"]


def test_a_status_change_since_the_page_was_opened_is_shown(cycle, people):
    entry = cycle.entries.filter(status=Entry.Status.SUBMITTED).first()
    seen = entry.version
    services.return_entry(entry, user=people["secretariat"], reason="確認")
    entry.refresh_from_db()
    with pytest.raises(services.Conflict) as caught:
        services.save_entry(entry, user=people["secretariat"], version=seen, texts={"issues": "x"})
    assert [(c.label, c.before, c.after) for c in caught.value.changes] == [
        ("状態", "submitted", "returned")
    ]


def test_oversized_values_and_ratings_are_refused_not_crashed(cycle, people):
    slot = (
        ValueSlot.objects.select_related("entry")
        .filter(entry__cycle=cycle, entry__department=None)
        .first()
    )
    entry = slot.entry
    with pytest.raises(services.WorkflowError, match="大きすぎます"):
        services.save_entry(
            entry,
            user=people["secretariat"],
            version=entry.version,
            values={slot.indicator_id: {"value": "100000000000000000000"}},
        )
    with pytest.raises(services.WorkflowError, match="50文字"):
        services.save_entry(
            entry,
            user=people["secretariat"],
            version=entry.version,
            texts={"self_rating": "あ" * 51},
        )
