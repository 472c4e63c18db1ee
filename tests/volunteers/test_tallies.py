"""The activity tallies always equal the activity records they summarise.

A state machine drives random sequences of creates, moves (to another branch, another fiscal
year, another volunteer), deletes one by one and by queryset, bulk inserts and updates followed
by `refresh`, and batches inside `deferred()`; after every step the tallies and volunteer-years
are compared with an aggregation of the records done here in Python.
"""

import threading
import time
from collections import defaultdict
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from sasaeai.accounts.models import Organization
from sasaeai.plans.models import Indicator
from sasaeai.registers import measures
from sasaeai.registers.fiscal import fiscal_year_of
from sasaeai.registers.models import IndicatorBinding
from sasaeai.volunteers import tallies
from sasaeai.volunteers.models import Activity, ActivityTally, Volunteer, VolunteerYear

DAYS = st.dates(date(2022, 2, 1), date(2025, 5, 31))  # fiscal years 2021 to 2025
PEOPLE = st.integers(min_value=0, max_value=30)
HOURS = st.sampled_from([Decimal("0"), Decimal("0.5"), Decimal("1.25"), Decimal("3")])


def make_units(branches: int = 3, volunteers: int = 4) -> tuple[Organization, list, list]:
    council = Organization.objects.create(key="t-council", name="テスト社協", kind="council")
    units = [
        Organization.objects.create(
            key=f"t-branch-{n}", name=f"テスト支部{n}", kind="branch", parent=council, order=n
        )
        for n in range(branches)
    ]
    people = [
        Volunteer.objects.create(branch=units[n % branches], name=f"ボランティア{n}")
        for n in range(volunteers)
    ]
    return council, units, people


def expected() -> tuple[dict, set]:
    """Aggregate the records in Python: {bucket: (records, people, hours, volunteers)}, and
    the (volunteer, branch, fiscal year) triples."""
    sums: dict = defaultdict(lambda: [0, 0, Decimal(0), set()])
    rows = Activity.objects.values_list("branch", "fiscal_year", "volunteer", "people", "hours")
    for branch, fy, volunteer, people, hours in rows:
        bucket = sums[(branch, fy)]
        bucket[0] += 1
        bucket[1] += people
        bucket[2] += hours
        if volunteer is not None:
            bucket[3].add(volunteer)
    counted = {key: (n, p, h, len(vs)) for key, (n, p, h, vs) in sums.items()}
    years = {(v, b, fy) for (b, fy), (_, _, _, vs) in sums.items() for v in vs}
    return counted, years


def actual() -> tuple[dict, set]:
    rows = ActivityTally.objects.values_list(
        "branch", "fiscal_year", "records", "people", "hours", "volunteers"
    )
    counted = {(b, fy): (n, p, h, v) for b, fy, n, p, h, v in rows}
    years = set(VolunteerYear.objects.values_list("volunteer", "branch", "fiscal_year"))
    return counted, years


def assert_tallies_match() -> None:
    assert actual() == expected()


def add(branch: Organization, day: date, volunteer: Volunteer | None = None, people: int = 1):  # type: ignore[no-untyped-def]
    return Activity.objects.create(
        branch=branch, date=day, volunteer=volunteer, people=people, hours=Decimal("1.5")
    )


class TallyMachine(RuleBasedStateMachine):
    units: list[Organization] = []
    people: list[Volunteer] = []

    def __init__(self) -> None:
        super().__init__()
        Activity.objects.all()._raw_delete(Activity.objects.db)  # type: ignore[attr-defined]
        ActivityTally.objects.all().delete()
        VolunteerYear.objects.all().delete()

    def _pick(self, n: int) -> Activity | None:
        ids = list(Activity.objects.order_by("pk").values_list("pk", flat=True))
        return Activity.objects.get(pk=ids[n % len(ids)]) if ids else None

    def _volunteer(self, n: int | None) -> Volunteer | None:
        return None if n is None else self.people[n % len(self.people)]

    def _branch(self, n: int) -> Organization:
        return self.units[n % len(self.units)]

    @rule(
        b=st.integers(0, 9),
        day=DAYS,
        v=st.none() | st.integers(0, 9),
        people=PEOPLE,
        hours=HOURS,
    )
    def create(self, b, day, v, people, hours) -> None:  # type: ignore[no-untyped-def]
        Activity.objects.create(
            branch=self._branch(b), date=day, volunteer=self._volunteer(v), people=people,
            hours=hours,
        )  # fmt: skip

    @rule(n=st.integers(0, 99), b=st.none() | st.integers(0, 9), day=st.none() | DAYS)
    def move(self, n, b, day) -> None:  # type: ignore[no-untyped-def]
        record = self._pick(n)
        if record is None:
            return
        if b is not None:
            record.branch = self._branch(b)
        if day is not None:
            record.date = day
        record.save()

    @rule(n=st.integers(0, 99), v=st.none() | st.integers(0, 9), people=PEOPLE, hours=HOURS)
    def change(self, n, v, people, hours) -> None:  # type: ignore[no-untyped-def]
        record = self._pick(n)
        if record is None:
            return
        record.volunteer, record.people, record.hours = self._volunteer(v), people, hours
        record.save(update_fields=["volunteer", "people", "hours", "updated_at"])

    @rule(n=st.integers(0, 99))
    def delete_one(self, n) -> None:  # type: ignore[no-untyped-def]
        record = self._pick(n)
        if record is not None:
            record.delete()

    @rule(b=st.integers(0, 9), fy=st.integers(2021, 2025))
    def delete_bucket_by_queryset(self, b, fy) -> None:  # type: ignore[no-untyped-def]
        Activity.objects.filter(branch=self._branch(b), fiscal_year=fy).delete()

    @rule(v=st.integers(0, 9))
    def delete_volunteer_records_by_queryset(self, v) -> None:  # type: ignore[no-untyped-def]
        Activity.objects.filter(volunteer=self._volunteer(v)).delete()

    @rule(
        rows=st.lists(
            st.tuples(st.integers(0, 9), DAYS, st.none() | st.integers(0, 9), PEOPLE),
            max_size=8,
        )
    )
    def bulk_create_then_refresh(self, rows) -> None:  # type: ignore[no-untyped-def]
        created = Activity.objects.bulk_create(
            Activity(
                branch=self._branch(b), date=day, fiscal_year=fiscal_year_of(day),
                volunteer=self._volunteer(v), people=people,
            )
            for b, day, v, people in rows
        )  # fmt: skip
        tallies.refresh({(a.branch_id, a.fiscal_year) for a in created})

    @rule(b=st.integers(0, 9), more=st.integers(1, 5))
    def update_then_refresh(self, b, more) -> None:  # type: ignore[no-untyped-def]
        records = Activity.objects.filter(branch=self._branch(b))
        buckets = {(self._branch(b).pk, fy) for fy in records.values_list("fiscal_year", flat=True)}
        records.update(people=F("people") + more)  # no signals: the caller refreshes
        tallies.refresh(buckets)

    @rule(
        b=st.integers(0, 9),
        days=st.lists(DAYS, max_size=4),
        n=st.integers(0, 99),
        to=st.integers(0, 9),
        v=st.none() | st.integers(0, 9),
    )
    def batch_deferred(self, b, days, n, to, v) -> None:  # type: ignore[no-untyped-def]
        with tallies.deferred():
            for day in days:
                add(self._branch(b), day, self._volunteer(v))
            record = self._pick(n)
            if record is not None:
                record.branch = self._branch(to)
                record.save()
            Activity.objects.filter(branch=self._branch(to), volunteer=None).delete()

    @invariant()
    def tallies_equal_the_records(self) -> None:
        assert_tallies_match()

    @invariant()
    def measure_totals_equal_the_records(self) -> None:
        ids, years = [u.pk for u in self.units], list(range(2021, 2026))
        rows = list(Activity.objects.values_list("fiscal_year", "volunteer", "people"))
        active = {fy: len({v for y, v, _ in rows if y == fy and v}) for fy in years}
        people = {fy: sum(p for y, _, p in rows if y == fy) for fy in years}
        assert measures.get("volunteers.active").totals(ids, years, {}) == active
        assert measures.get("volunteers.participants").totals(ids, years, {}) == people


@pytest.mark.django_db
def test_random_sequences_of_changes_keep_the_tallies_equal_to_the_records():
    _, TallyMachine.units, TallyMachine.people = make_units(branches=3, volunteers=5)
    run_state_machine_as_test(
        TallyMachine,
        settings=settings(max_examples=30, stateful_step_count=12, deadline=None),
    )


@pytest.mark.django_db
def test_queryset_delete_sends_post_delete_per_row_so_the_tallies_follow():
    _, (a, b, _), (v, *_) = make_units()
    for day in (date(2024, 5, 1), date(2024, 6, 1), date(2025, 1, 10)):
        add(a, day, v)
    add(b, date(2024, 7, 1), v, people=4)
    Activity.objects.filter(branch=a).delete()
    assert actual() == expected()
    assert list(ActivityTally.objects.values_list("branch", "fiscal_year", "people")) == [
        (b.pk, 2024, 4)
    ]
    assert list(VolunteerYear.objects.values_list("branch", flat=True)) == [b.pk]


def test_a_volunteer_active_in_two_branches_is_counted_once_in_the_total(demo):
    council = Organization.objects.get(key="ageo-council")
    east, west = council.branches.order_by("order", "id")[:2]
    both = Volunteer.objects.create(branch=east, name="二つの支部で活動する人")
    only = Volunteer.objects.create(branch=west, name="一つの支部で活動する人")
    fy = 2031  # after every demo record
    add(east, date(fy, 5, 1), both)
    add(east, date(fy, 6, 1), both)
    add(west, date(fy, 7, 1), both)
    add(west, date(fy, 7, 2), only)
    measure = measures.get("volunteers.active")
    units = measures.binding_units(IndicatorBinding(council=council))
    by_branch = measure.by_branch(units, [fy], {})
    assert (by_branch[(east.pk, fy)], by_branch[(west.pk, fy)]) == (1, 2)
    assert measure.totals(units, [fy], {}) == {fy: 2}
    indicator = Indicator.objects.filter(node__plan__slug="ageo", binding__isnull=True).first()
    binding = IndicatorBinding.objects.create(
        indicator=indicator, measure="volunteers.active", council=council
    )
    assert measures.computed(binding, [fy, fy + 1]) == {fy: Decimal(2), fy + 1: Decimal(0)}


@pytest.mark.django_db
def test_refresh_costs_the_same_queries_for_one_bucket_or_thirty():
    _, units, people = make_units(branches=3)
    for fy in range(2015, 2025):
        for unit, person in zip(units, people, strict=False):
            add(unit, date(fy, 8, 1), person)
    every = set(ActivityTally.objects.values_list("branch", "fiscal_year"))
    assert len(every) == 30
    with CaptureQueriesContext(connection) as one:
        tallies.refresh([next(iter(every))])
    with CaptureQueriesContext(connection) as thirty:
        tallies.refresh(every)
    assert len(thirty) == len(one) <= 10
    assert actual() == expected()


@pytest.mark.django_db
def test_a_deferred_batch_recomputes_once_however_many_rows_it_deletes():
    _, (a, *_), (v, *_) = make_units()

    def delete_rows(count: int, batch: bool) -> int:
        for n in range(count):
            add(a, date(2024, 4, 1 + n % 28), v)
        with CaptureQueriesContext(connection) as queries:
            if batch:
                with tallies.deferred():
                    Activity.objects.all().delete()
            else:
                Activity.objects.all().delete()
        assert actual() == expected() == ({}, set())
        return len(queries)

    assert delete_rows(3, batch=True) == delete_rows(30, batch=True)
    assert delete_rows(30, batch=False) > delete_rows(3, batch=False)


@pytest.mark.django_db
def test_a_failed_deferred_batch_leaves_records_and_tallies_as_they_were():
    _, (a, b, _), (v, *_) = make_units()
    add(a, date(2024, 4, 1), v)
    before = actual()
    with pytest.raises(RuntimeError), tallies.deferred():
        add(b, date(2024, 4, 2), v)
        Activity.objects.filter(branch=a).delete()
        raise RuntimeError("中断")
    assert actual() == before == expected()
    tallies.refresh([(b.pk, 2024)])  # outside the block, refresh works at once again
    assert actual() == before


@pytest.mark.django_db
def test_rebuild_tallies_repairs_tallies_left_stale_by_a_raw_update():
    _, (a, b, _), (v, w, *_) = make_units()
    add(a, date(2023, 4, 1), v, people=2)
    add(b, date(2024, 4, 1), w, people=3)
    Activity.objects.filter(branch=a).update(branch=b, volunteer=w)  # no signals
    VolunteerYear.objects.create(volunteer=v, branch=a, fiscal_year=2020)
    assert actual() != expected()
    out = StringIO()
    call_command("rebuild_tallies", stdout=out)
    assert actual() == expected()
    assert "活動記録 2 件から 2 の支部・年度を集計" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_two_transactions_saving_into_one_bucket_at_once_both_count():
    """The second refresh waits for the first to commit instead of breaking the unique tally."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers itself; the lock is PostgreSQL's")
    _, (a, *_), (v, *_) = make_units()
    first_refreshed, errors = threading.Event(), []

    def second() -> None:
        first_refreshed.wait(5)
        try:
            add(a, date(2024, 6, 2), v)
        except Exception as error:  # reported to the main thread
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=second)
    thread.start()
    with transaction.atomic():
        add(a, date(2024, 6, 1), v)
        first_refreshed.set()
        time.sleep(0.5)  # the second transaction now waits on the bucket's lock
    thread.join(10)
    assert errors == []
    assert ActivityTally.objects.get(branch=a, fiscal_year=2024).records == 2
    assert actual() == expected()
