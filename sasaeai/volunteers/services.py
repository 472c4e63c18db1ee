"""Every change to the volunteer centre's registers: one transaction, one audit event each.

Audit actions are `volunteers.<thing>.<verb>`. A volunteer's contact details never go into an
audit event in clear: the event says which of them changed ({"changed": ["phone"]}).
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models, transaction
from django.forms import ModelForm
from django.utils import timezone

from sasaeai.audit.services import record

from . import matching
from .models import Activity, Attendance, Booking, Course, Request, Volunteer

CONTACT_FIELDS = ("kana", "phone", "email", "address")


class BookingRefused(Exception):
    """A booking change that would break a rule (a double booking); nothing was changed."""


def _today() -> date:
    return timezone.localdate()


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime, Decimal)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Return the fields of a row as JSON values, many-to-many fields as sorted ids."""
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.name in ("created_at", "updated_at") or f.primary_key:
            continue
        data[f.attname] = _plain(getattr(obj, f.attname))
    if obj.pk:
        for m2m in obj._meta.many_to_many:
            data[m2m.name] = sorted(getattr(obj, m2m.name).values_list("pk", flat=True))
    return data


def _without_contacts(before: dict | None, after: dict | None) -> tuple[dict | None, dict]:
    """Remove a volunteer's contact details from before/after, naming those that changed."""
    before = dict(before) if before else None
    after = dict(after or {})
    old = {k: (before or {}).pop(k, None) for k in CONTACT_FIELDS}
    new = {k: after.pop(k, None) for k in CONTACT_FIELDS}
    after["changed"] = [k for k in CONTACT_FIELDS if (old[k] or "") != (new[k] or "")]
    return before, after


def _audit(verb: str, obj: models.Model, *, user, before: dict | None) -> None:  # type: ignore[no-untyped-def]
    after = snapshot(obj)
    if isinstance(obj, Volunteer):
        before, after = _without_contacts(before, after)
    record(f"volunteers.{obj._meta.model_name}.{verb}", obj, user=user, before=before, after=after)


@transaction.atomic
def save(form: ModelForm, *, user) -> models.Model:  # type: ignore[no-untyped-def]
    """Create or update the row of a model form (volunteer, group, request, activity, course).

    The form must be valid; the row and its audit event are written together.
    """
    instance = form.instance
    creating = instance.pk is None
    before = None if creating else snapshot(type(instance).objects.get(pk=instance.pk))
    obj = form.save()
    _audit("create" if creating else "update", obj, user=user, before=before)
    return obj


@transaction.atomic
def end_volunteer(volunteer: Volunteer, *, user, on: date | None = None) -> Volunteer:  # type: ignore[no-untyped-def]
    """End a volunteer's registration (登録終了) on a day, today by default."""
    before = snapshot(volunteer)
    volunteer.ended_on = on or _today()
    volunteer.save(update_fields=["ended_on", "updated_at"])
    _audit("end", volunteer, user=user, before=before)
    return volunteer


@transaction.atomic
def delete_activity(activity: Activity, *, user) -> None:  # type: ignore[no-untyped-def]
    """Delete an activity record; its tally is recomputed by the signals of tallies.py."""
    before = snapshot(activity)
    record("volunteers.activity.delete", activity, user=user, before=before)
    activity.delete()


# -- bookings -------------------------------------------------------------------------------------


@transaction.atomic
def propose(request: Request, volunteer: Volunteer, *, user) -> Booking:  # type: ignore[no-untyped-def]
    """Put a volunteer forward for a request (打診中), or again after a decline."""
    booking, created = Booking.objects.get_or_create(request=request, volunteer=volunteer)
    if not created and booking.status != Booking.Status.DECLINED:
        return booking  # already proposed or confirmed: proposing again changes nothing
    before = None if created else snapshot(booking)
    if not created:
        booking.status = Booking.Status.PROPOSED
        booking.save(update_fields=["status"])
    record("volunteers.booking.propose", booking, user=user, before=before, after=snapshot(booking))
    return booking


def _conflict_message(volunteer: Volunteer, clash: Booking) -> str:
    other = clash.request
    starts = timezone.localtime(other.starts_at)
    ends = timezone.localtime(other.ends_at)
    return (
        f"{volunteer.name}さんは同じ時間に別の依頼「{other}」"
        f"（{starts:%Y/%m/%d %H:%M}〜{ends:%H:%M}）で決定済みです。重複して決定できません。"
    )


@transaction.atomic
def confirm(booking: Booking, *, user) -> Booking:  # type: ignore[no-untyped-def]
    """Confirm a volunteer for a request, refusing a double booking.

    The request and then the volunteer are locked, so two confirmations of one volunteer for
    overlapping requests wait for each other and the second sees the first. When the confirmed
    bookings reach the people needed, an open request becomes 決定.
    """
    request = Request.objects.select_for_update().get(pk=booking.request_id)
    volunteer = Volunteer.objects.select_for_update().get(pk=booking.volunteer_id)
    booking = Booking.objects.get(pk=booking.pk)
    if request.status in (Request.Status.DONE, Request.Status.CANCELLED):
        raise BookingRefused(f"この依頼は「{request.get_status_display()}」のため決定できません。")
    clash = matching.conflict_for(volunteer.pk, request)
    if clash is not None:
        raise BookingRefused(_conflict_message(volunteer, clash))
    before = snapshot(booking)
    booking.status = Booking.Status.CONFIRMED
    booking.save(update_fields=["status"])
    record("volunteers.booking.confirm", booking, user=user, before=before, after=snapshot(booking))
    _settle_status(request, user=user)
    return booking


@transaction.atomic
def decline(booking: Booking, *, user) -> Booking:  # type: ignore[no-untyped-def]
    """Mark a booking declined (辞退); a 決定 request short of people goes back to 調整中."""
    request = Request.objects.select_for_update().get(pk=booking.request_id)
    booking = Booking.objects.get(pk=booking.pk)
    before = snapshot(booking)
    booking.status = Booking.Status.DECLINED
    booking.save(update_fields=["status"])
    record("volunteers.booking.decline", booking, user=user, before=before, after=snapshot(booking))
    _settle_status(request, user=user)
    return booking


def _settle_status(request: Request, *, user) -> None:  # type: ignore[no-untyped-def]
    confirmed = request.bookings.filter(status=Booking.Status.CONFIRMED).count()
    if request.status == Request.Status.OPEN and confirmed >= request.people_needed:
        new = Request.Status.MATCHED
    elif request.status == Request.Status.MATCHED and confirmed < request.people_needed:
        new = Request.Status.OPEN
    else:
        return
    before = snapshot(request)
    request.status = new
    request.save(update_fields=["status", "updated_at"])
    _audit("status", request, user=user, before=before)


# -- activity from a request ----------------------------------------------------------------------


def hours_between(starts: datetime, ends: datetime) -> Decimal:
    """Return the hours from start to end, to two decimals (a 90-minute request is 1.50)."""
    seconds = Decimal((ends - starts).total_seconds())
    return (seconds / 3600).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def record_done(request: Request, *, user) -> list[Activity]:  # type: ignore[no-untyped-def]
    """Mark a 決定 request 実施済 and add one activity record per confirmed volunteer.

    A request already set 実施済 on its form may be recorded too. Refused for any other status,
    or when the request already has activity records. ActivityTally follows
    through the signals of tallies.py.
    """
    request = Request.objects.select_for_update().get(pk=request.pk)
    if request.status not in (Request.Status.MATCHED, Request.Status.DONE):
        raise BookingRefused("活動を記録できるのは「決定」か「実施済」の依頼だけです。")
    if request.activities.exists():
        raise BookingRefused("この依頼の活動記録はすでにあります。")
    confirmed = request.bookings.filter(status=Booking.Status.CONFIRMED).select_related("volunteer")
    day = timezone.localtime(request.starts_at).date()
    hours = hours_between(request.starts_at, request.ends_at)
    created = []
    for booking in confirmed:
        activity = Activity.objects.create(
            branch_id=request.branch_id,
            sample=request.sample,
            date=day,
            volunteer=booking.volunteer,
            request=request,
            description=request.what[:300],
            hours=hours,
            people=1,
        )
        _audit("create", activity, user=user, before=None)
        created.append(activity)
    if request.status != Request.Status.DONE:
        before = snapshot(request)
        request.status = Request.Status.DONE
        request.save(update_fields=["status", "updated_at"])
        _audit("status", request, user=user, before=before)
    return created


# -- course attendance ----------------------------------------------------------------------------


@transaction.atomic
def add_attendance(
    course: Course,
    *,
    user,  # type: ignore[no-untyped-def]
    volunteer: Volunteer | None = None,
    name: str = "",
    completed: bool = True,
) -> Attendance:
    """Add a registered volunteer or a resident by name to a course's attendance list."""
    if (volunteer is None) == (not name.strip()):
        raise ValueError("volunteer or name, exactly one")
    attendance = Attendance.objects.create(
        course=course, volunteer=volunteer, name=name.strip(), completed=completed
    )
    after = snapshot(attendance)
    record("volunteers.attendance.create", attendance, user=user, after=after)
    return attendance


@transaction.atomic
def remove_attendance(attendance: Attendance, *, user) -> None:  # type: ignore[no-untyped-def]
    """Remove one line of a course's attendance list."""
    record("volunteers.attendance.delete", attendance, user=user, before=snapshot(attendance))
    attendance.delete()
