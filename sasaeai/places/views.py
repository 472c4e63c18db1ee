"""Staff pages of the gathering-place register: list, detail, create and edit.

Every view starts with registers.access (`require` / `get_for_user`): read to see a branch's
places, edit to change them. A place of a branch outside the scope is a 404, as if absent.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from sasaeai.audit.services import history
from sasaeai.registers.access import RegisterScope, get_for_user, require
from sasaeai.registers.models import Neighbourhood

from . import services
from .forms import PlaceForm, branch_choices
from .models import GatheringPlace

PER_PAGE = 100
Place = GatheringPlace


def map_settings() -> dict[str, str]:
    """Return the tile source of every map (settings.MAP_TILE_URL, 国土地理院 by default)."""
    return {"tile_url": settings.MAP_TILE_URL, "tile_attribution": settings.MAP_TILE_ATTRIBUTION}


def _filter(places: QuerySet[Place], query: QueryDict, today: date) -> QuerySet[Place]:
    simple = {
        "branch": "branch",
        "kind": "kind",
        "category": "category",
        "neighbourhood": "neighbourhood",
        "subsidy": "subsidy",
        "subsidy_year": "subsidy_year",
    }
    for key, field in simple.items():
        value = query.get(key, "").strip()
        if value and (value.isdigit() or key in ("kind", "category", "subsidy")):
            places = places.filter(**{field: value})
    if query.get("published") in ("yes", "no"):
        places = places.filter(published=query["published"] == "yes")
    text = query.get("q", "").strip()
    if text:
        places = places.filter(
            Q(name__icontains=text)
            | Q(organizer__icontains=text)
            | Q(area__icontains=text)
            | Q(address__icontains=text)
        )
    return places


def _by_status(places: QuerySet[Place], status: str, today: date) -> QuerySet[Place]:
    if status == "active":
        return places.filter(services.active_q(today))
    if status == "ended":
        return places.exclude(services.active_q(today))
    return places


def _filter_choices(scope: RegisterScope) -> dict[str, Any]:
    return {
        "branches": scope.branches(),
        "neighbourhoods": Neighbourhood.objects.filter(branch__in=scope.read).select_related(
            "branch"
        ),
        "kinds": Place.Kind.choices,
        "categories": Place.Category.choices,
        "subsidies": Place.Subsidy.choices,
        "years": Place.objects.filter(branch__in=scope.read, subsidy_year__isnull=False)
        .order_by("-subsidy_year")
        .values_list("subsidy_year", flat=True)
        .distinct(),
    }


@login_required
@require_safe
def place_list(request: HttpRequest) -> HttpResponse:
    """The places of the branches the user may read, filtered, with their counts."""
    scope = require(request.user)
    today = services.today()
    matching = _filter(Place.objects.filter(branch__in=scope.read), request.GET, today)
    status = request.GET.get("status", "active")
    places = _by_status(matching, status, today)
    page = Paginator(
        places.select_related("branch", "neighbourhood").prefetch_related("schedules"), PER_PAGE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "places/list.html",
        {
            "page": page,
            "rows": [(place, services.schedules_in_words(place)) for place in page],
            "counts": services.counts(matching, today),
            "query": request.GET,
            "status": status,
            "querystring": query.urlencode(),
            "choices": _filter_choices(scope),
            "can_create": bool(scope.edit),
            "sample": places.filter(sample=True).exists(),
        },
    )


@login_required
@require_safe
def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A place: its facts, schedules in words, its position on a map, and its audit history."""
    place = get_for_user(
        Place.objects.select_related("branch", "neighbourhood"), request.user, pk, "read"
    )
    scope = require(request.user)
    events = list(history(place)[:50])
    for event in events:
        event.place_label = services.ACTION_LABELS.get(event.action, event.action)  # type: ignore[attr-defined]
        event.changed = services.changed_labels(event.before, event.after)  # type: ignore[attr-defined]
    return render(
        request,
        "places/detail.html",
        {
            "place": place,
            "schedules": services.schedules_in_words(place),
            "events": events,
            "can_edit": scope.can_edit(place.branch_id),
            "features": _features(place),
            "ended": place.ended_on is not None and place.ended_on <= services.today(),
            **map_settings(),
        },
    )


def _features(place: Place) -> dict[str, Any]:
    """Return the place's position as a GeoJSON FeatureCollection for the staff map."""
    if place.latitude is None or place.longitude is None:
        return {"type": "FeatureCollection", "features": []}
    point = {"type": "Point", "coordinates": [float(place.longitude), float(place.latitude)]}
    feature = {"type": "Feature", "geometry": point, "properties": {"name": place.name}}
    return {"type": "FeatureCollection", "features": [feature]}


@login_required
def place_create(request: HttpRequest) -> HttpResponse:
    """Register a new place under one of the branches the user may edit."""
    scope = require(request.user, "edit")
    branches = branch_choices(scope.edit)
    initial = {"branch": request.GET.get("branch")} if request.GET.get("branch") else None
    form = PlaceForm(request.POST or None, branches=branches, initial=initial)
    if request.method == "POST" and form.is_valid():
        place = _save(form, request, None)
        if place is not None:
            messages.success(request, f"「{place.name}」を登録しました。")
            return redirect("places:detail", place.pk)
    return render(request, "places/form.html", {"form": form, "place": None, **map_settings()})


@login_required
def place_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a place; a place that stopped meeting is ended here (終了日), not deleted."""
    place = get_for_user(Place.objects.all(), request.user, pk, "edit")
    scope = require(request.user, "edit")
    form = PlaceForm(request.POST or None, instance=place, branches=branch_choices(scope.edit))
    if request.method == "POST" and form.is_valid():
        saved = _save(form, request, place)
        if saved is not None:
            messages.success(request, f"「{saved.name}」を保存しました。")
            return redirect("places:detail", saved.pk)
    return render(request, "places/form.html", {"form": form, "place": place, **map_settings()})


def _save(form: PlaceForm, request: HttpRequest, place: Place | None) -> Place | None:
    """Save through the services; a problem they find goes back onto the form's field."""
    try:
        if place is None:
            return services.create_place(user=request.user, rules=form.rules, **form.values())
        return services.update_place(place, user=request.user, rules=form.rules, **form.values())
    except services.PlaceError as error:
        for field, message in error.problems.items():
            form.add_error(field if field in form.fields else None, message)
    return None
