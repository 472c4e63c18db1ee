"""Every public URL of the demo, read from the resolver so a new public page is walked too."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from sasaeai.plans.models import Indicator, Node, Plan


def public_routes() -> list[str]:
    """Return the route of every public page, such as `public/<slug:slug>/nodes/<int:node_id>/`."""
    (resolver,) = [
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and p.namespace == "public"
    ]
    return [f"public/{p.pattern}" for p in resolver.url_patterns if isinstance(p, URLPattern)]


def fill(route: str, values: dict[str, object]) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


def urls_of(plan: Plan) -> list[str]:
    """Return every public URL of a plan: each route with each of its nodes and indicators."""
    nodes = list(Node.objects.filter(plan=plan).values_list("pk", flat=True))
    indicators = Indicator.objects.filter(node__plan=plan).values_list("pk", "node_id")
    out: list[str] = []
    for route in public_routes():
        if "<node_id>" in route or "node_id>" in route:
            with_indicators = route.endswith("indicators.csv") or route.endswith("indicators.json")
            ids = {n for _, n in indicators} if with_indicators else nodes
            out += [fill(route, {"slug": plan.slug, "node_id": n}) for n in sorted(ids)]
        elif "indicator_id>" in route:
            out += [fill(route, {"slug": plan.slug, "indicator_id": i}) for i, _ in indicators]
        elif "slug>" in route:
            out.append(fill(route, {"slug": plan.slug}))
    return out


@pytest.fixture
def every_public_url(demo) -> list[str]:
    """Return the URLs of every public page of every demo plan, once for the site-wide ones."""
    site = [fill(r, {}) for r in public_routes() if "<" not in r]
    return site + [u for plan in Plan.objects.all() for u in urls_of(plan)]
