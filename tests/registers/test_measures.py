"""The 集計値 each measure computes, on a 社協 of its own with two branches (runs on SQLite and,
with DATABASE_URL, on PostgreSQL: the counts are SQL aggregates)."""

from datetime import date
from decimal import Decimal

import pytest

from sasaeai.accounts.models import Organization
from sasaeai.meetings.models import Meeting
from sasaeai.places.models import GatheringPlace
from sasaeai.registers import measures
from sasaeai.registers.models import IndicatorBinding
from sasaeai.volunteers.models import Activity, Attendance, Course, Volunteer

DEMENTIA = Course.Kind.DEMENTIA_SUPPORTER


@pytest.fixture
def council(db):
    council = Organization.objects.create(key="t-council", name="試験社協", kind="council")
    for n in (1, 2):
        Organization.objects.create(
            key=f"t-branch-{n}", name=f"試験第{n}支部", kind="branch", parent=council, order=n
        )
    return council


def branch(n: int) -> Organization:
    return Organization.objects.get(key=f"t-branch-{n}")


def binding(council, measure: str, params=None, **fields) -> IndicatorBinding:  # type: ignore[no-untyped-def]
    """Return an (unsaved) binding: computing needs only its measure, params and units."""
    return IndicatorBinding(measure=measure, params=params or {}, council=council, **fields)


def place(n: int, started, ended=None, **fields) -> GatheringPlace:  # type: ignore[no-untyped-def]
    return GatheringPlace.objects.create(
        branch=branch(n),
        name=f"サロン{started}{ended}",
        started_on=started,
        ended_on=ended,
        **fields,
    )


def test_places_active_at_the_end_of_the_fiscal_year(council):
    place(1, date(2020, 5, 1))
    place(1, date(2020, 5, 1), ended=date(2024, 3, 31))  # ended on 年度末: not active then
    place(2, date(2024, 4, 1))  # started the day after: counts from FY2024
    place(2, None, ended=date(2024, 4, 1))  # still active on 31 March 2024
    place(2, date(2024, 3, 31), kind=GatheringPlace.Kind.KODOMO_SHOKUDO)
    values = measures.computed(binding(council, "places.active"), [2022, 2023, 2024])
    assert values == {2022: Decimal(3), 2023: Decimal(3), 2024: Decimal(3)}
    only = binding(council, "places.active", {"kind": "kodomo_shokudo"})
    assert measures.computed(only, [2022, 2023]) == {2022: 0, 2023: 1}
    one_branch = binding(council, "places.active", branch=branch(1))
    assert measures.computed(one_branch, [2023, 2024]) == {2023: 1, 2024: 1}


def test_meeting_participants_and_count_per_fiscal_year(council):
    Meeting.objects.create(branch=branch(1), held_on=date(2023, 4, 1), theme="a", participants=12)
    Meeting.objects.create(branch=branch(2), held_on=date(2024, 3, 31), theme="b", participants=30)
    Meeting.objects.create(branch=branch(2), held_on=date(2024, 4, 1), theme="c", participants=7)
    assert measures.computed(binding(council, "meetings.participants"), [2023, 2024]) == {
        2023: 42,
        2024: 7,
    }
    assert measures.computed(binding(council, "meetings.count"), [2022, 2023]) == {
        2022: 0,
        2023: 2,
    }


def test_a_volunteer_active_in_two_branches_is_counted_once(council):
    both = Volunteer.objects.create(branch=branch(1), name="両方 花子")
    other = Volunteer.objects.create(branch=branch(2), name="片方 太郎")
    for n, day in ((1, date(2023, 5, 1)), (2, date(2023, 6, 1)), (2, date(2023, 7, 1))):
        Activity.objects.create(branch=branch(n), date=day, volunteer=both, people=3)
    Activity.objects.create(branch=branch(2), date=date(2024, 1, 10), volunteer=other, people=2)
    Activity.objects.create(branch=branch(2), date=date(2024, 4, 10), volunteer=other, people=5)
    active = binding(council, "volunteers.active")
    assert measures.computed(active, [2023, 2024]) == {2023: 2, 2024: 1}
    participants = binding(council, "volunteers.participants")
    assert measures.computed(participants, [2023, 2024]) == {2023: 11, 2024: 5}


def course(n: int, day: date, attendees: int, kind: str = DEMENTIA, completed: int | None = None):  # type: ignore[no-untyped-def]
    row = Course.objects.create(branch=branch(n), title="講座", kind=kind, held_on=day)
    done = attendees if completed is None else completed
    Attendance.objects.bulk_create(
        Attendance(course=row, name=f"受講者{i}", completed=i < done) for i in range(attendees)
    )
    return row


def test_attendees_per_year_cumulative_with_since_and_base(council):
    course(1, date(2022, 9, 1), 4)
    course(1, date(2023, 9, 1), 10, completed=8)
    course(2, date(2024, 2, 1), 5)
    course(2, date(2024, 9, 1), 6)
    course(2, date(2024, 9, 2), 100, kind=Course.Kind.OTHER)
    kind = {"course_kind": "dementia_supporter"}
    yearly = binding(council, "volunteers.attendees", kind)
    assert measures.computed(yearly, [2022, 2023, 2024]) == {2022: 4, 2023: 15, 2024: 6}
    completed = binding(council, "volunteers.attendees", {**kind, "completed_only": True})
    assert measures.computed(completed, [2023]) == {2023: 13}
    running = {**kind, "cumulative": True, "since": 2023, "base": 561}
    values = measures.computed(
        binding(council, "volunteers.attendees", running), [2022, 2023, 2024]
    )
    assert values == {2022: 0, 2023: 576, 2024: 582}


def test_years_before_the_first_year_and_an_unknown_measure_give_nothing(council):
    Meeting.objects.create(branch=branch(1), held_on=date(2022, 6, 1), theme="a", participants=9)
    Meeting.objects.create(branch=branch(1), held_on=date(2023, 6, 1), theme="b", participants=4)
    later = binding(council, "meetings.participants", first_year=2023)
    assert measures.computed(later, [2022, 2023]) == {2023: 4}
    assert measures.computed(binding(council, "no.such.measure"), [2022, 2023]) == {}


def test_another_councils_rows_are_not_counted(council, demo):
    Meeting.objects.create(branch=branch(1), held_on=date(2023, 6, 1), theme="a", participants=4)
    ageo = Organization.objects.get(key="ageo-council")
    ours = measures.computed(binding(council, "meetings.participants"), [2023])
    theirs = measures.computed(binding(ageo, "meetings.participants"), [2023])
    assert ours == {2023: 4}
    expected = sum(
        Meeting.objects.filter(branch__parent=ageo, fiscal_year=2023).values_list(
            "participants", flat=True
        )
    )
    assert theirs == {2023: expected}
