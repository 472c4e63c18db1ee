"""The ageo demo's registers: made up, marked so, and feeding five indicators."""

from decimal import Decimal

import pytest

from sasaeai.accounts.models import Organization
from sasaeai.meetings.models import Meeting, MeetingIssue
from sasaeai.places.models import GatheringPlace
from sasaeai.registers import measures
from sasaeai.registers.models import IndicatorBinding, Neighbourhood
from sasaeai.volunteers.models import (
    Activity,
    ActivityTally,
    Booking,
    Course,
    Request,
    Volunteer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load the whole demo once for this module (it costs seconds)."""
    from sasaeai.demo.services import load_demo

    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            load_demo()
            yield
            transaction.set_rollback(True)


def test_every_branch_has_neighbourhoods_and_places(loaded):
    council = Organization.objects.get(key="ageo-council")
    branches = council.branches.all()
    assert branches.count() == 13
    for branch in branches:
        assert Neighbourhood.objects.filter(branch=branch).exists(), branch
        assert GatheringPlace.objects.filter(branch=branch).exists(), branch


def test_every_register_row_is_marked_as_sample(loaded):
    for model in (Neighbourhood, GatheringPlace, Volunteer, Activity, Course, Meeting, Request):
        assert model.objects.exists(), model
        assert not model.objects.filter(sample=False).exists(), model


def test_every_demo_schedule_closes_after_it_opens(loaded):
    from sasaeai.places.models import Schedule

    schedules = Schedule.objects.all()
    assert schedules.count() == GatheringPlace.objects.count()
    assert all(s.opens_at < s.closes_at for s in schedules)


def test_a_request_is_matched(loaded):
    matched = Request.objects.get(status=Request.Status.MATCHED)
    confirmed = Booking.objects.filter(request=matched, status=Booking.Status.CONFIRMED)
    assert confirmed.count() == matched.people_needed


def test_meeting_issues_are_linked_to_plan_nodes(loaded):
    linked = MeetingIssue.objects.exclude(node=None)
    assert linked.exists()
    assert {i.node.plan.slug for i in linked} == {"ageo"}


def test_the_tallies_equal_the_records(loaded):
    from django.db.models import Sum

    for tally in ActivityTally.objects.all():
        records = Activity.objects.filter(branch=tally.branch, fiscal_year=tally.fiscal_year)
        assert tally.records == records.count()
        assert tally.people == records.aggregate(n=Sum("people"))["n"]


def test_five_indicators_take_their_values_from_the_registers(loaded):
    bindings = IndicatorBinding.objects.select_related("indicator")
    assert {b.indicator.name for b in bindings} == {
        "地域で取り組まれているサロンなどの活動数",
        "地域福祉懇談会参加人数",
        "認知症サポーター養成講座受講人数",
        "地域の担い手育成講座受講人数（累計）",
        "ボランティア活動参加者数",
    }
    for binding in bindings:
        values = measures.computed(binding, range(2020, 2025))
        assert set(values) == {2023, 2024}, "no 集計値 before the registers were kept"
        assert all(v > 0 for v in values.values()), binding


def test_the_salon_count_is_the_places_active_on_31_march(loaded):
    binding = IndicatorBinding.objects.get(measure="places.active")
    active = GatheringPlace.objects.filter(started_on__lte="2024-03-31").exclude(
        ended_on__lte="2024-03-31"
    )
    assert measures.computed(binding, [2023]) == {2023: Decimal(active.count())}


def test_the_cumulative_course_count_carries_over_the_plans_figure(loaded):
    binding = IndicatorBinding.objects.get(indicator__name__contains="担い手育成")
    attendees = Course.objects.filter(kind="community_leader", fiscal_year=2023)
    first = sum(c.attendances.count() for c in attendees)
    assert measures.computed(binding, [2023]) == {2023: Decimal(561 + first)}


def test_loading_the_demo_again_gives_the_same_registers(loaded):
    from sasaeai.demo.services import load_demo

    before = (GatheringPlace.objects.count(), Activity.objects.count(), Meeting.objects.count())
    load_demo()
    assert (
        GatheringPlace.objects.count(),
        Activity.objects.count(),
        Meeting.objects.count(),
    ) == before
