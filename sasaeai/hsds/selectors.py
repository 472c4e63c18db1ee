"""What the HSDS feed publishes, decided once: every view reads its rows from here.

Published: gathering places whose organizers agreed to be published (`published`) and that have
not ended, and the organizations that run them — the 社協 (council) and its branches (支部) — with
their bases (拠点). A place ends on its `ended_on` day, as the registers' measures count it.
"""

from datetime import date, datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from sasaeai.accounts.models import Base, Organization
from sasaeai.places.models import GatheringPlace, Schedule

ORGANIZATION_KINDS = (Organization.Kind.COUNCIL, Organization.Kind.BRANCH)


def today() -> date:
    """Return today's date in the site's time zone (the seam tests move)."""
    return timezone.localdate()


def places(*, on: date | None = None) -> QuerySet[GatheringPlace]:
    """Return the published places that have not ended, with what a service needs."""
    day = on or today()
    return (
        GatheringPlace.objects.filter(published=True, branch__kind__in=ORGANIZATION_KINDS)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .select_related("branch", "branch__parent")
        .prefetch_related(Prefetch("schedules", queryset=Schedule.objects.order_by("order", "id")))
    )


def search_places(
    found: QuerySet[GatheringPlace],
    *,
    text: str = "",
    branch_id: int | None = None,
    modified_after: datetime | None = None,
    term: tuple[str, str] | None = None,
) -> QuerySet[GatheringPlace]:
    """Narrow the places: words in the public fields, one organization, changed since, a term.

    The organizer is not searched: for a private host it may be a resident's name, which the feed
    withholds, and a search must not reveal what the answer hides.
    """
    for word in text.split():
        found = found.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(area__icontains=word)
            | Q(branch__name__icontains=word)
        )
    if branch_id is not None:
        found = found.filter(branch_id=branch_id)
    if modified_after is not None:
        found = found.filter(updated_at__gte=modified_after)
    if term is not None:
        found = found.filter(**{term[0]: term[1]})
    return found


def organizations() -> QuerySet[Organization]:
    """Return the councils and their branches, in printed order, with their bases."""
    return (
        Organization.objects.filter(kind__in=ORGANIZATION_KINDS)
        .select_related("parent")
        .prefetch_related("bases")
        .order_by("order", "id")
    )


def bases() -> QuerySet[Base]:
    """Return the bases (拠点) of the councils and branches."""
    return Base.objects.filter(organization__kind__in=ORGANIZATION_KINDS).select_related(
        "organization", "organization__parent"
    )


def city_names() -> dict[int, str]:
    """Return, for each council and branch, the name of its city (市区町村).

    Sasaeai does not link a 社協 to its city; a 社協 is named after its municipality
    (上尾市社会福祉協議会), so the city is the city organization whose name begins the council's.
    """
    cities = list(
        Organization.objects.filter(kind=Organization.Kind.CITY).values_list("name", flat=True)
    )
    names: dict[int, str] = {}
    for org in Organization.objects.filter(kind__in=ORGANIZATION_KINDS).select_related("parent"):
        council = org.parent if org.kind == Organization.Kind.BRANCH and org.parent else org
        names[org.pk] = max((c for c in cities if council.name.startswith(c)), key=len, default="")
    return names
