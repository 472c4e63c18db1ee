"""The public map and list of the gathering places that agreed to be published.

Only `published=True` places that have not ended are shown. A place held in a private home
(`private_host=True`) shows its area (地区) only: no address and no position, neither in the
HTML nor in the GeoJSON, so nobody can find the house from the page.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from sasaeai.accounts.models import Organization

from . import services
from .models import GatheringPlace as Place
from .views import map_settings


def _filtered(query: QueryDict) -> QuerySet[Place]:
    places = services.public_places(services.today())
    branch = query.get("branch", "")
    if branch.isdigit():
        places = places.filter(branch=branch)
    if query.get("category") in Place.Category.values:
        places = places.filter(category=query["category"])
    if query.get("kind") in Place.Kind.values:
        places = places.filter(kind=query["kind"])
    return places


def public_view(place: Place) -> dict[str, Any]:
    """Return what the public may know of a place. A private host shows only its area: no
    address, position, organizer or phone of its own; residents ask the branch's base instead."""
    located = not place.private_host and place.latitude is not None and place.longitude is not None
    base = next(iter(place.branch.bases.all()), None) if place.private_host else None
    return {
        "id": place.pk,
        "name": place.name,
        "kind": place.get_kind_display(),
        "category": place.get_category_display(),
        "branch": place.branch.name,
        "organizer": "" if place.private_host else place.organizer,
        "area": place.area,
        "address": "" if place.private_host else place.address,
        "phone": (base.phone if base else "") if place.private_host else place.phone,
        "contact_via": base.name if base else "",
        "schedules": services.schedules_in_words(place),
        "fee": place.fee,
        "capacity": place.capacity,
        "description": place.description,
        "private_host": place.private_host,
        "sample": place.sample,
        "latitude": float(place.latitude) if located and place.latitude is not None else None,
        "longitude": float(place.longitude) if located and place.longitude is not None else None,
        "url": reverse("public_places:detail", args=[place.pk]),
    }


def _branches() -> QuerySet[Organization]:
    ids = services.public_places(services.today()).values("branch")
    return Organization.objects.filter(pk__in=ids).order_by("order", "id")


@require_safe
def place_list(request: HttpRequest) -> HttpResponse:
    """The map and the list of published places, filtered by branch, category and kind."""
    places = [public_view(p) for p in _filtered(request.GET)]
    return render(
        request,
        "places/public_list.html",
        {
            "places": places,
            "located": sum(1 for p in places if p["latitude"] is not None),
            "query": request.GET,
            "geojson_url": _geojson_url(request.GET),
            "branches": _branches(),
            "kinds": Place.Kind.choices,
            "categories": Place.Category.choices,
            "sample": any(p["sample"] for p in places),
            **map_settings(),
        },
    )


@require_safe
def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One published place; an unpublished or ended one is a 404."""
    place = services.public_places(services.today()).filter(pk=pk).first()
    if place is None:
        raise Http404
    view = public_view(place)
    collection = {"type": "FeatureCollection", "features": [feature(view)]}
    return render(
        request,
        "places/public_detail.html",
        {"place": view, "features": collection, **map_settings()},
    )


def _geojson_url(query: QueryDict) -> str:
    url = reverse("public_places:geojson")
    return f"{url}?{query.urlencode()}" if query else url


def feature(view: dict[str, Any]) -> dict[str, Any]:
    """Return a place as a GeoJSON Feature; an unlocated one (a private host) has no geometry."""
    geometry = None
    if view["latitude"] is not None:
        geometry = {"type": "Point", "coordinates": [view["longitude"], view["latitude"]]}
    properties = {k: v for k, v in view.items() if k not in ("latitude", "longitude", "id")}
    return {"type": "Feature", "id": view["id"], "geometry": geometry, "properties": properties}


@require_safe
def geojson(request: HttpRequest) -> JsonResponse:
    """Return the list page's places as a GeoJSON FeatureCollection (RFC 7946), same filters."""
    features = [feature(public_view(p)) for p in _filtered(request.GET)]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features},
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
