"""The Open Referral HSDS 3.1 feed under /hsds/: read-only, public, JSON.

The endpoints are those of the HSDS API reference (schema/openapi.json of openreferral/
specification): `/`, `/services`, `/services/{id}`, `/organizations`, `/organizations/{id}`,
`/service_at_locations`, `/service_at_locations/{id}`, `/taxonomies`, `/taxonomy_terms` and their
`{id}`s; `/locations` and `/locations/{id}` are added because the reference has no way to read
an organization's bases alone. What is published is decided in selectors.py; how a row becomes
an HSDS object, in serializers.py. docs/hsds.md describes both.
"""

from collections.abc import Callable
from datetime import datetime, time
from functools import wraps
from math import ceil
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from sasaeai.api.views import endpoint, error
from sasaeai.places.models import GatheringPlace
from sasaeai.public.views import cached_page

from . import selectors
from . import serializers as s
from .ids import find_key

View = Callable[..., HttpResponse]
Json = dict[str, Any]
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500


class BadParameter(Exception):
    """A query parameter that cannot be read; answered with 400 naming it."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def hsds_endpoint(view: View) -> View:
    """GET only, no sign-in, JSON errors, readable from any origin (CORS), cached when it can be.

    An answer without a query string is served from the public pages' cache (keyed by path and
    renewed by any change to what is published, see apps.py); one with a query string is computed
    each time, because that cache leaves the query string out of its key.
    """
    cached = cached_page(view)

    @wraps(view)
    def choose(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        try:
            return (view if request.GET else cached)(request, **kwargs)
        except BadParameter as exc:
            return error(400, "invalid", str(exc), parameter=exc.name)

    inner = endpoint("GET", public=True)(choose)

    @wraps(inner)
    def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        response = inner(request, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def _json(data: Json) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _context() -> s.Context:
    return s.Context(cities=selectors.city_names(), today=selectors.today())


# -- query parameters ---------------------------------------------------------------------------


def _int(request: HttpRequest, name: str, default: int, high: int | None = None) -> int:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1 or (high is not None and int(raw) > high):
        limit = f"1 から {high} まで" if high else "1 以上"
        raise BadParameter(name, f"{name} には {limit}の整数を指定してください（{raw!r}）。")
    return int(raw)


def _modified_after(request: HttpRequest) -> datetime | None:
    raw = request.GET.get("modified_after", "").strip().replace(" ", "+")
    if not raw:
        return None
    day = parse_date(raw) if len(raw) == 10 else None
    moment = datetime.combine(day, time()) if day else parse_datetime(raw)
    if moment is None:
        raise BadParameter(
            "modified_after",
            f"modified_after は 2026-04-01 か 2026-04-01T09:00:00+09:00 の形で指定してください"
            f"（{raw!r}）。",
        )
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _check_format(request: HttpRequest) -> None:
    if request.GET.get("format", "json") != "json":
        raise BadParameter("format", "format は json だけに対応しています。")


def _page(request: HttpRequest, total: int, fetch: Callable[[int, int], list[Json]]) -> Json:
    """Return one page in the HSDS envelope; `fetch(offset, limit)` gives its contents."""
    _check_format(request)
    page = _int(request, "page", 1)
    per_page = _int(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    offset = (page - 1) * per_page
    contents = fetch(offset, per_page) if offset < total else []
    total_pages = ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _sliced(rows: QuerySet, make: Callable[[Any], Json]) -> Callable[[int, int], list[Json]]:
    return lambda offset, limit: [make(row) for row in rows[offset : offset + limit]]


# -- filters shared by /services and /service_at_locations --------------------------------------


def _filtered_places(request: HttpRequest) -> QuerySet[GatheringPlace]:
    found = selectors.places()
    org_id = request.GET.get("organization_id", "").strip()
    term_id = request.GET.get("taxonomy_term_id", "").strip()
    taxonomy_id = request.GET.get("taxonomy_id", "").strip()
    branch = _organization_key(org_id) if org_id else None
    term = _term(term_id) if term_id else None
    unknown = (org_id and branch is None) or (term_id and term is None)
    if unknown or (taxonomy_id and not any(taxonomy_id == t["id"] for t in _taxonomies())):
        return found.none()
    return selectors.search_places(
        found,
        text=request.GET.get("search", ""),
        branch_id=branch,
        modified_after=_modified_after(request),
        term=term,
    )


def _organization_key(wanted: str) -> int | None:
    return find_key(
        "organization", wanted, list(selectors.organizations().values_list("pk", flat=True))
    )


def _term(wanted: str) -> tuple[str, str] | None:
    return next(
        ((t.field, v) for t, v in s.all_terms() if s.taxonomy_term(t, v)["id"] == wanted),
        None,
    )


def _taxonomies() -> list[Json]:
    return [s.taxonomy(tax) for tax in s.TAXONOMIES]


def _place(kind: str, wanted: str) -> GatheringPlace:
    found = selectors.places()
    key = find_key(kind, wanted, list(found.values_list("pk", flat=True)))
    if key is None:
        raise Http404
    return found.get(pk=key)


# -- endpoints ----------------------------------------------------------------------------------


@hsds_endpoint
def api_info(request: HttpRequest) -> HttpResponse:
    """Say which HSDS version this feed follows."""
    return _json(
        {
            "version": s.HSDS_VERSION,
            "description": "社会福祉協議会とその支部、拠点、公開に同意した集いの場（サロン・"
            "子ども食堂など）の Open Referral HSDS フィード。個人宅で開く場は地区名だけを"
            "公開しています。",
        }
    )


@hsds_endpoint
def services(request: HttpRequest) -> HttpResponse:
    found = _filtered_places(request)
    ctx = _context()
    full = request.GET.get("full", "").lower() == "true"
    make = (
        (lambda p: s.service(p, ctx)) if full else (lambda p: s.service_item(p, ctx, nested=True))
    )
    return _json(_page(request, found.count(), _sliced(found, make)))


@hsds_endpoint
def service_detail(request: HttpRequest, hsds_id: str) -> HttpResponse:
    return _json(s.service(_place("service", hsds_id), _context()))


@hsds_endpoint
def organizations(request: HttpRequest) -> HttpResponse:
    found = selectors.organizations()
    for word in request.GET.get("search", "").split():
        found = found.filter(name__icontains=word)
    return _json(_page(request, found.count(), _sliced(found, s.organization_item)))


@hsds_endpoint
def organization_detail(request: HttpRequest, hsds_id: str) -> HttpResponse:
    key = _organization_key(hsds_id)
    if key is None:
        raise Http404
    org = selectors.organizations().get(pk=key)
    places = list(selectors.places().filter(branch=org))
    return _json(s.organization(org, places, _context()))


@hsds_endpoint
def locations(request: HttpRequest) -> HttpResponse:
    """List the bases first, then the places' venues, as one sequence."""
    bases, places = selectors.bases(), selectors.places()
    n_bases = bases.count()

    def fetch(offset: int, limit: int) -> list[Json]:
        rows = [s.base_location_item(b) for b in bases[offset : offset + limit]]
        start = max(offset - n_bases, 0)
        rest = places[start : start + limit - len(rows)] if len(rows) < limit else []
        return rows + [s.place_location_item(p) for p in rest]

    return _json(_page(request, n_bases + places.count(), fetch))


@hsds_endpoint
def location_detail(request: HttpRequest, hsds_id: str) -> HttpResponse:
    bases = selectors.bases()
    key = find_key("base-location", hsds_id, list(bases.values_list("pk", flat=True)))
    if key is not None:
        return _json(s.base_location(bases.get(pk=key), _context()))
    return _json(s.place_location(_place("place-location", hsds_id), _context()))


def _sal_item(place: GatheringPlace, ctx: s.Context) -> Json:
    return {
        **s.service_at_location_item(place),
        "location": s.place_location_item(place),
        "service": s.service_item(place, ctx),
    }


@hsds_endpoint
def service_at_locations(request: HttpRequest) -> HttpResponse:
    found = _filtered_places(request)
    ctx = _context()
    return _json(_page(request, found.count(), _sliced(found, lambda p: _sal_item(p, ctx))))


@hsds_endpoint
def service_at_location_detail(request: HttpRequest, hsds_id: str) -> HttpResponse:
    place = _place("service_at_location", hsds_id)
    return _json(s.service_at_location(place, _context()))


@hsds_endpoint
def taxonomies(request: HttpRequest) -> HttpResponse:
    rows = _taxonomies()
    return _json(_page(request, len(rows), lambda offset, limit: rows[offset : offset + limit]))


@hsds_endpoint
def taxonomy_detail(request: HttpRequest, hsds_id: str) -> HttpResponse:
    found = [row for row in _taxonomies() if row["id"] == hsds_id]
    if not found:
        raise Http404
    return _json(found[0])


@hsds_endpoint
def taxonomy_terms(request: HttpRequest) -> HttpResponse:
    rows = [s.taxonomy_term(tax, value) for tax, value in s.all_terms()]
    if taxonomy_id := request.GET.get("taxonomy_id", "").strip():
        rows = [row for row in rows if row["taxonomy_id"] == taxonomy_id]
    return _json(_page(request, len(rows), lambda offset, limit: rows[offset : offset + limit]))


@hsds_endpoint
def taxonomy_term_detail(request: HttpRequest, hsds_id: str) -> HttpResponse:
    terms = [s.taxonomy_term(tax, value) for tax, value in s.all_terms()]
    found = [row for row in terms if row["id"] == hsds_id]
    if not found:
        raise Http404
    return _json(found[0])
