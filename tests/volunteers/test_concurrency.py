"""Two confirmations of one volunteer for overlapping requests, at the same moment, on
PostgreSQL: the lock on the volunteer row makes the second wait and then refuse."""

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections, transaction

from sasaeai.accounts.models import Organization
from sasaeai.volunteers import services
from sasaeai.volunteers.models import Booking, Request, Volunteer

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no row locks; run with DATABASE_URL"
)
TOKYO = ZoneInfo("Asia/Tokyo")


def _rows():  # type: ignore[no-untyped-def]
    branch = Organization.objects.create(key="lock-test", name="試験支部", kind="branch")
    person = Volunteer.objects.create(branch=branch, name="同時 花子")
    bookings = []
    for hour in (10, 11):
        req = Request.objects.create(
            branch=branch,
            requester=f"施設{hour}",
            what="傾聴",
            starts_at=datetime(2026, 12, 1, hour, tzinfo=TOKYO),
            ends_at=datetime(2026, 12, 1, hour + 2, tzinfo=TOKYO),
        )
        bookings.append(Booking.objects.create(request=req, volunteer=person))
    return bookings


@pytest.mark.django_db(transaction=True)
def test_concurrent_confirmations_cannot_both_pass():
    first, second = _rows()
    first_done, second_started = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def hold_first() -> None:
        # Confirm inside a longer transaction that stays open while the other thread tries.
        try:
            with transaction.atomic():
                services.confirm(first, user=None)
                first_done.set()
                second_started.wait(5)
                threading.Event().wait(0.5)  # the other confirm is now blocked on the lock
        finally:
            connections.close_all()

    def try_second() -> None:
        first_done.wait(5)
        second_started.set()
        try:
            services.confirm(second, user=None)
            outcome["second"] = "confirmed"
        except services.BookingRefused as refused:
            outcome["second"] = str(refused)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hold_first), threading.Thread(target=try_second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(15)
    assert "重複して決定できません" in str(outcome["second"])
    statuses = sorted(Booking.objects.values_list("status", flat=True))
    assert statuses == [Booking.Status.CONFIRMED, Booking.Status.PROPOSED]
