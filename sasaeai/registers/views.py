"""The registers' home, a branch's page, and the records behind a bound indicator's count."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from sasaeai.accounts.models import Organization
from sasaeai.plans.access import get_plan_for_user

from . import measures
from .access import require
from .models import IndicatorBinding

RECORDS_PER_PAGE = 200


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The branches the user's scope reaches, with what each register holds for them."""
    from sasaeai.meetings.models import Meeting
    from sasaeai.places.models import GatheringPlace

    scope = require(request.user)
    units = list(
        scope.branches()
        .select_related("parent")
        .prefetch_related("bases")
        .annotate(neighbourhood_count=Count("neighbourhoods", distinct=True))
    )
    places = _count_by_branch(GatheringPlace.objects.filter(ended_on__isnull=True), scope.read)
    meetings = _count_by_branch(Meeting.objects.all(), scope.read)
    rows = [
        {
            "unit": unit,
            "places": places.get(unit.pk, 0),
            "meetings": meetings.get(unit.pk, 0),
        }
        for unit in units
    ]
    return render(request, "registers/home.html", {"rows": rows, "scope": scope})


def _count_by_branch(queryset, branch_ids) -> dict[int, int]:  # type: ignore[no-untyped-def]
    rows = queryset.filter(branch__in=branch_ids).values("branch").annotate(n=Count("pk"))
    return {row["branch"]: row["n"] for row in rows}


@login_required
@require_safe
def branch(request: HttpRequest, branch_id: int) -> HttpResponse:
    """A branch (支部): its bases, its neighbourhood associations, its registers."""
    from sasaeai.meetings.models import Meeting
    from sasaeai.places.models import GatheringPlace

    scope = require(request.user)
    if not scope.can_read(branch_id):
        raise Http404
    unit = get_object_or_404(Organization.objects.select_related("parent"), pk=branch_id)
    places = GatheringPlace.objects.filter(branch=unit)
    return render(
        request,
        "registers/branch.html",
        {
            "unit": unit,
            "bases": unit.bases.all(),
            "neighbourhoods": unit.neighbourhoods.annotate(
                place_count=Count("places", filter=Q(places__ended_on__isnull=True))
            ),
            "active_places": places.filter(ended_on__isnull=True).count(),
            "ended_places": places.exclude(ended_on__isnull=True).count(),
            "meetings": Meeting.objects.filter(branch=unit).order_by("-held_on")[:5],
            "sample": places.filter(sample=True).exists(),
            "can_edit": scope.can_edit(branch_id),
        },
    )


@login_required
@require_safe
def binding_records(request: HttpRequest, binding_id: int, fy: int) -> HttpResponse:
    """The register records behind an indicator's 集計値 for one fiscal year.

    Anyone who can read the plan sees the records; names of people only where the user's scope
    reaches their branch at the personal level.
    """
    binding = get_object_or_404(
        IndicatorBinding.objects.select_related("indicator__node__plan", "council", "branch"),
        pk=binding_id,
    )
    plan = get_plan_for_user(request.user, binding.indicator.node.plan.slug)
    measure = measures.get(binding.measure)
    if measure is None:
        raise Http404
    from .access import scope_for

    scope = scope_for(request.user)
    units = measures.binding_units(binding)
    records = measure.records(units, fy, binding.params or {})
    page = Paginator(records, RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [measure.row(record, scope.can_see_people(_branch_of(record))) for record in page]
    total = measures.computed(binding, [fy]).get(fy)
    sample = fy in measures.sample_years(binding, [fy])
    return render(
        request,
        "registers/binding_records.html",
        {
            "plan": plan,
            "binding": binding,
            "indicator": binding.indicator,
            "measure": measure,
            "description": measure.describe(binding.params or {}),
            "fy": fy,
            "total": total,
            "sample": sample,
            "headers": measure.headers,
            "rows": rows,
            "page": page,
        },
    )


def _branch_of(record) -> int | None:  # type: ignore[no-untyped-def]
    if hasattr(record, "branch_id"):
        return record.branch_id
    course = getattr(record, "course", None)
    return course.branch_id if course is not None else None
