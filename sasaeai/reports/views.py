"""Downloading a report from the staff pages: the plan, node and cycle pages link here."""

from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.db.models import Max, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from sasaeai.lib.wareki import fiscal_year_of
from sasaeai.plans.access import get_node_for_user, get_plan_for_user
from sasaeai.plans.models import Actual, Node, Plan

from . import base

FORMAT_LABELS = {"pdf": "PDF", "xlsx": "Excel", "html": "HTML", "csv": "CSV"}


@login_required
@require_safe
def download(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """Return a report of the plan as a file: ?fy=2024&format=pdf[&node=<id>]."""
    plan = get_plan_for_user(request.user, slug)
    try:
        exporter = base.get(kind)
    except base.ExportError:
        raise Http404 from None
    node = _node(request, plan) if request.GET.get("node") else None
    fmt = request.GET.get("format") or "html"
    try:
        filename, content_type, content = exporter.render(
            plan, _fiscal_year(request, plan), fmt, node=node, user=request.user
        )
    except base.ExportError:
        raise Http404 from None
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if fmt in ("html", "pdf") else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _node(request: HttpRequest, plan: Plan) -> Node:
    value = request.GET.get("node", "")
    if not value.isdigit():
        raise Http404
    return get_node_for_user(request.user, plan, int(value))


def _fiscal_year(request: HttpRequest, plan: Plan) -> int:
    value = request.GET.get("fy", "")
    if value.isdigit() and 1868 <= int(value) <= 2200:
        return int(value)
    return default_year(plan)


def years(plan: Plan) -> list[int]:
    """Return the fiscal years a report of the plan can be asked for, newest first."""
    found = Actual.objects.filter(indicator__node__plan=plan).aggregate(
        first=Min("fiscal_year"), last=Max("fiscal_year")
    )
    cycle_years = [y for y in plan.cycles.values_list("fiscal_year", flat=True) if y]
    candidates = [
        y
        for y in (plan.period_start, plan.period_end, found["first"], found["last"], *cycle_years)
        if y
    ]
    now = fiscal_year_of(timezone.localdate())
    start = min(candidates, default=now)
    end = max([min(plan.period_end or now, now), *cycle_years, found["last"] or start])
    return list(range(end, start - 1, -1))


def default_year(plan: Plan) -> int:
    """Return the year a report shows unless asked: the latest cycle's, else the latest actual."""
    cycle_year = plan.cycles.filter(fiscal_year__isnull=False).aggregate(y=Max("fiscal_year"))["y"]
    actual_year = Actual.objects.filter(indicator__node__plan=plan).aggregate(y=Max("fiscal_year"))[
        "y"
    ]
    return cycle_year or actual_year or plan.period_end or fiscal_year_of(timezone.localdate())


def menu(
    plan: Plan,
    *,
    node: Node | None = None,
    fiscal_year: int | None = None,
    kinds: tuple[str, ...] | None = None,
) -> dict[str, Any]:
    """Return the context of the download form.

    A node's page offers the kinds that can be narrowed to a node; a cycle's page names its kinds
    and its year, which is then fixed.
    """
    exporters = [
        e
        for e in base.all()
        if (kinds is None or e.identifier in kinds) and (e.takes_node or node is None)
    ]
    year = fiscal_year or default_year(plan)
    return {
        "report_plan": plan,
        "report_node": node,
        "report_kinds": [(e.identifier, e.verbose_name, e.description) for e in exporters],
        "report_years": [year] if kinds is not None and fiscal_year else years(plan),
        "report_year": year,
        "report_formats": list(FORMAT_LABELS.items()),
    }
