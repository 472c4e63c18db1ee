"""Matching a request with volunteers: who fits, why, and who is already busy at that time.

The ranking itself (`rank`) takes rows already read and returns plain dataclasses, so it is
tested without HTTP; `suggest` and `conflict_for` are the selectors that read the database.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from sasaeai.registers.fiscal import fiscal_year_of

from .models import WEEKDAYS, Booking, Request, Volunteer

# Parts of the day as the availability grid names them: 午前 before noon, 午後 until 17:00.
NOON_HOUR = 12
EVENING_HOUR = 17

# Weights of the reasons: a needed skill counts most, then area and time, then insurance.
SKILL_WEIGHT = 3
AREA_WEIGHT = 2
TIME_WEIGHT = 2
INSURANCE_WEIGHT = 1


def slot_of(moment: datetime) -> str:
    """Return the availability slot ("tue_am") of a moment, in local time."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    if local.hour < NOON_HOUR:
        period = "am"
    elif local.hour < EVENING_HOUR:
        period = "pm"
    else:
        period = "eve"
    return f"{WEEKDAYS[local.weekday()][0]}_{period}"


def overlaps(start: datetime, end: datetime, other_start: datetime, other_end: datetime) -> bool:
    """Return whether two time ranges share a moment; one ending as the other starts does not."""
    return start < other_end and other_start < end


@dataclass
class Suggestion:
    """A volunteer put forward for a request, with the reasons."""

    volunteer: Volunteer
    skills: list[str] = field(default_factory=list)
    area: str = ""
    time: bool = False
    insured: bool = False
    busy_with: Request | None = None

    @property
    def score(self) -> int:
        return (
            SKILL_WEIGHT * len(self.skills)
            + AREA_WEIGHT * bool(self.area)
            + TIME_WEIGHT * self.time
            + INSURANCE_WEIGHT * self.insured
        )

    @property
    def fits(self) -> bool:
        """Whether there is any reason to suggest the volunteer at all."""
        return bool(self.skills or self.area or self.time)


def _area_reason(request: Request, volunteer: Volunteer, area_ids: set[int]) -> str:
    if request.area_id is not None and request.area_id in area_ids:
        return "活動できる地区"
    if volunteer.branch_id in (request.area_id, request.branch_id):
        return "同じ支部"
    return ""


def rank(
    request: Request,
    volunteers: Iterable[Volunteer],
    *,
    busy: dict[int, Request] | None = None,
) -> list[Suggestion]:
    """Return the volunteers that fit the request, best first.

    Volunteers must have their `skills` and `areas` prefetched. Those already confirmed for
    another request at the same time (`busy`) come last, whatever their score.
    """
    busy = busy or {}
    needed = {skill.pk: skill.name for skill in request.skills.all()}
    slot = slot_of(request.starts_at)
    year = fiscal_year_of(timezone.localtime(request.starts_at).date())
    found = []
    for volunteer in volunteers:
        suggestion = Suggestion(
            volunteer=volunteer,
            skills=[s.name for s in volunteer.skills.all() if s.pk in needed],
            area=_area_reason(request, volunteer, {a.pk for a in volunteer.areas.all()}),
            time=slot in (volunteer.availability or []),
            insured=volunteer.insurance_year == year,
            busy_with=busy.get(volunteer.pk),
        )
        if suggestion.fits:
            found.append(suggestion)
    found.sort(key=lambda s: (s.busy_with is not None, -s.score, s.volunteer.kana, s.volunteer.pk))
    return found


def confirmed_overlapping(volunteer_ids: Sequence[int], request: Request):  # type: ignore[no-untyped-def]
    """Return the confirmed bookings of these volunteers, for other live requests, that overlap
    the request's time."""
    return (
        Booking.objects.filter(
            volunteer__in=volunteer_ids,
            status=Booking.Status.CONFIRMED,
            request__starts_at__lt=request.ends_at,
            request__ends_at__gt=request.starts_at,
        )
        .exclude(request=request)
        .exclude(request__status=Request.Status.CANCELLED)
        .select_related("request")
        .order_by("request__starts_at", "pk")
    )


def conflict_for(volunteer_id: int, request: Request) -> Booking | None:
    """Return a confirmed booking of the volunteer that would clash with the request, if any."""
    return confirmed_overlapping([volunteer_id], request).first()


def suggest(request: Request, branch_ids: Iterable[int], *, limit: int = 20) -> list[Suggestion]:
    """Return suggestions among the active volunteers of the given branches not yet put
    forward for this request."""
    day = timezone.localtime(request.starts_at).date()
    volunteers = list(
        Volunteer.objects.filter(branch__in=list(branch_ids))
        .exclude(ended_on__isnull=False, ended_on__lte=day)
        .exclude(bookings__request=request)
        .prefetch_related("skills", "areas")
    )
    busy = {
        b.volunteer_id: b.request
        for b in confirmed_overlapping([v.pk for v in volunteers], request)
    }
    return rank(request, volunteers, busy=busy)[:limit]
