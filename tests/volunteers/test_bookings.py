"""Confirming and declining bookings: the double-booking rule, the request's status, and the
activity records a done request leaves behind."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sasaeai.accounts.models import User
from sasaeai.audit.models import Event
from sasaeai.volunteers import services
from sasaeai.volunteers.models import Activity, ActivityTally, Booking, Request

from .conftest import request_row, volunteer


@pytest.fixture
def vc(demo):  # type: ignore[no-untyped-def]
    return User.objects.get(username="vc")


def _booked(req, person, user, *, confirm=False):  # type: ignore[no-untyped-def]
    booking = services.propose(req, person, user=user)
    return services.confirm(booking, user=user) if confirm else booking


@pytest.mark.parametrize(
    ("starts", "ends", "refused"),
    [
        ("2026-12-01 11:00", "2026-12-01 13:00", True),  # overlaps the end
        ("2026-12-01 09:00", "2026-12-01 10:30", True),  # overlaps the start
        ("2026-12-01 10:30", "2026-12-01 11:00", True),  # inside
        ("2026-12-01 12:00", "2026-12-01 13:00", False),  # adjacent after
        ("2026-12-01 08:00", "2026-12-01 10:00", False),  # adjacent before
        ("2026-12-02 10:00", "2026-12-02 12:00", False),  # another day
    ],
)
def test_double_booking_is_refused_only_when_times_overlap(vc, starts, ends, refused):
    person = volunteer()
    first = request_row(requester="施設A", what="傾聴")
    _booked(first, person, vc, confirm=True)
    second = request_row(starts=starts, ends=ends, requester="施設B", what="送迎")
    booking = _booked(second, person, vc)
    if not refused:
        services.confirm(booking, user=vc)
        assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CONFIRMED
        return
    events = Event.objects.count()
    with pytest.raises(services.BookingRefused) as refusal:
        services.confirm(booking, user=vc)
    message = str(refusal.value)
    assert "施設A：傾聴" in message and "2026/12/01 10:00〜12:00" in message
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.PROPOSED
    assert Request.objects.get(pk=second.pk).status == Request.Status.OPEN
    assert Event.objects.count() == events


def test_a_cancelled_request_does_not_block(vc):
    person = volunteer()
    first = request_row()
    _booked(first, person, vc, confirm=True)
    first.status = Request.Status.CANCELLED
    first.save()
    second = request_row(starts="2026-12-01 11:00", ends="2026-12-01 13:00")
    services.confirm(_booked(second, person, vc), user=vc)
    assert second.bookings.get().status == Booking.Status.CONFIRMED


def test_refusal_through_the_page_names_the_other_request(login):
    client = login("vc")
    vc = User.objects.get(username="vc")
    person = volunteer()
    _booked(request_row(requester="施設A", what="傾聴"), person, vc, confirm=True)
    second = request_row(starts="2026-12-01 11:00", ends="2026-12-01 13:00")
    booking = _booked(second, person, vc)
    response = client.post(reverse("volunteers:booking_confirm", args=[booking.pk]), follow=True)
    html = response.content.decode()
    assert "重複して決定できません" in html and "施設A：傾聴" in html
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.PROPOSED


def test_request_becomes_matched_when_enough_are_confirmed_and_open_again_on_decline(vc):
    req = request_row(people_needed=2)
    one, two = volunteer(name="一 さん"), volunteer(name="二 さん")
    b1 = _booked(req, one, vc, confirm=True)
    req.refresh_from_db()
    assert req.status == Request.Status.OPEN
    _booked(req, two, vc, confirm=True)
    req.refresh_from_db()
    assert req.status == Request.Status.MATCHED
    assert req.get_status_display() == "決定"
    services.decline(b1, user=vc)
    req.refresh_from_db()
    assert req.status == Request.Status.OPEN
    status_events = Event.objects.filter(action="volunteers.request.status", target_id=str(req.pk))
    assert [e.after["status"] for e in status_events.order_by("pk")] == ["matched", "open"]


def test_done_request_records_one_activity_per_confirmed_volunteer(vc):
    req = request_row(starts="2026-12-01 10:00", ends="2026-12-01 11:30", people_needed=2)
    one, two, no = volunteer(name="一 さん"), volunteer(name="二 さん"), volunteer(name="辞退 さん")
    _booked(req, one, vc, confirm=True)
    _booked(req, two, vc, confirm=True)
    services.decline(_booked(req, no, vc), user=vc)
    before = ActivityTally.objects.filter(branch=req.branch, fiscal_year=2026).first()
    created = services.record_done(req, user=vc)
    assert {a.volunteer for a in created} == {one, two}
    assert all(a.hours == Decimal("1.50") and a.people == 1 for a in created)
    assert all(a.date.isoformat() == "2026-12-01" and a.fiscal_year == 2026 for a in created)
    tally = ActivityTally.objects.get(branch=req.branch, fiscal_year=2026)
    assert tally.records == (before.records if before else 0) + 2
    assert tally.hours == (before.hours if before else 0) + Decimal("3.00")
    req.refresh_from_db()
    assert req.status == Request.Status.DONE
    with pytest.raises(services.BookingRefused):
        services.record_done(req, user=vc)
    assert Activity.objects.filter(request=req).count() == 2


def test_only_a_matched_or_done_request_can_be_recorded(vc):
    req = request_row()
    with pytest.raises(services.BookingRefused, match="決定"):
        services.record_done(req, user=vc)
    assert not Activity.objects.filter(request=req).exists()


def test_a_request_set_done_on_its_form_can_still_be_recorded(vc):
    req = request_row()
    _booked(req, volunteer(), vc, confirm=True)
    Request.objects.filter(pk=req.pk).update(status=Request.Status.DONE)
    req.refresh_from_db()
    assert len(services.record_done(req, user=vc)) == 1
    assert not Event.objects.filter(
        action="volunteers.request.status", after__status="done"
    ).exists()


def test_a_done_or_cancelled_request_takes_no_confirmation(vc):
    req = request_row(status=Request.Status.CANCELLED)
    booking = Booking.objects.create(request=req, volunteer=volunteer())
    with pytest.raises(services.BookingRefused, match="取消"):
        services.confirm(booking, user=vc)
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.PROPOSED


def test_hours_between():
    from .conftest import at

    assert services.hours_between(at("2026-12-01 10:00"), at("2026-12-01 12:20")) == Decimal("2.33")


def test_proposing_again_does_not_undo_a_confirmation(vc):
    req = request_row()
    person = volunteer()
    confirmed = _booked(req, person, vc, confirm=True)
    again = services.propose(req, person, user=vc)
    assert again.pk == confirmed.pk
    assert Booking.objects.get(pk=confirmed.pk).status == Booking.Status.CONFIRMED
    services.decline(confirmed, user=vc)
    assert services.propose(req, person, user=vc).status == Booking.Status.PROPOSED


def test_recording_through_the_page(login):
    client = login("vc")
    vc = User.objects.get(username="vc")
    req = request_row()
    _booked(req, volunteer(), vc, confirm=True)
    page = client.get(reverse("volunteers:request_detail", args=[req.pk])).content.decode()
    assert "実施済にして活動を記録する" in page
    response = client.post(reverse("volunteers:request_done", args=[req.pk]), follow=True)
    assert "活動記録を1件追加しました。" in response.content.decode()
    assert "実施済にして活動を記録する" not in response.content.decode()
    assert Request.objects.get(pk=req.pk).status == Request.Status.DONE
