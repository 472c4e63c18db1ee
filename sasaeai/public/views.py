"""Public pages for residents: no login, confirmed content only (see selectors for what that is).

Every page is rendered in Japanese whatever language a staff member chose, because the plan and
its reports exist only in Japanese.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from sasaeai.evaluation.charts import indicator_trend
from sasaeai.evaluation.selectors import PlanEvaluation, evaluate_plan, subtree_ids
from sasaeai.plans import selectors as plan_selectors
from sasaeai.plans.display import Cell, IndicatorTable, action_groups, indicator_table
from sasaeai.plans.models import Node, Plan
from sasaeai.reports.base import Head, Section, write_csv

from . import selectors, tables
from .signals import public_version
from .tables import grade_text

View = Callable[..., HttpResponse]


def cached_page(view: View) -> View:
    """Serve the view's 200 answers from the cache, keyed by the public version and the path.

    The public pages are the same for everyone (no login, no cookie, always Japanese), so one copy
    per path serves every visitor; the public version token (signals.py) is renewed by any change
    to what they show. They only show, so any other method than GET or HEAD is refused (405).
    The query string is left out of the key because these views never read it,
    so `?x=1`, `?x=2` … cannot fill the cache. The search page is not cached: its query varies.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        key = f"public:page:{public_version()}:{request.path}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                cache.set(key, response, settings.PUBLIC_CACHE_SECONDS)
        return response

    return wrapper


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Answer "ok" with no database and no template: the benchmark's reference page."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    evaluation = context.get("evaluation")
    if evaluation is not None:
        context["legend"] = [(g, evaluation.scheme.label(g)) for g in evaluation.scheme.grades]
    with translation.override("ja"):
        return render(request, f"public/{template}", context)


@cached_page
def plan_list(request: HttpRequest) -> HttpResponse:
    return _render(request, "plan_list.html", {"plans": plan_selectors.plans_for_listing()})


@cached_page
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.get_plan(slug)
    outline = list(plan_selectors.nodes_for_outline(plan))
    evaluation = evaluate_plan(plan)
    return _render(
        request,
        "plan_detail.html",
        {
            "plan": plan,
            "owners": [o.organization for o in plan.ownerships.select_related("organization")],
            "sub_plans": plan.sub_plans.all(),
            "tree": plan_selectors.plan_tree(plan, outline),
            "evaluation": evaluation,
            "grade_rows": _grade_rows(evaluation, outline),
            "cycles": selectors.confirmed_cycles(plan),
            "glossary": plan.glossary.all(),
        },
    )


@cached_page
def node_detail(request: HttpRequest, slug: str, node_id: int) -> HttpResponse:
    plan = selectors.get_plan(slug)
    node = selectors.get_node(plan, node_id)
    outline = {n.pk: n for n in plan_selectors.nodes_for_outline(plan)}
    evaluation = evaluate_plan(plan)
    narratives = list(node.narratives.all())
    return _render(
        request,
        "node_detail.html",
        {
            "plan": plan,
            "node": node,
            "ancestors": plan_selectors.ancestors(node, outline),
            "children": [n for n in outline.values() if n.parent_id == node.pk],
            "sections": [n for n in narratives if n.kind == "section"],
            "columns": [n for n in narratives if n.kind == "column"],
            "action_groups": action_groups(list(node.actions.all())),
            "table": _graded_table(list(node.indicators.all()), evaluation),
            "evaluation": evaluation,
            "entries": selectors.confirmed_entries(plan).filter(node=node),
        },
    )


@cached_page
def indicator_detail(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    plan = selectors.get_plan(slug)
    indicator = selectors.get_indicator(plan, indicator_id)
    evaluation = evaluate_plan(plan)
    graded = evaluation.graded[indicator.pk]
    table = _graded_table([indicator], evaluation)
    return _render(
        request,
        "indicator_detail.html",
        {
            "plan": plan,
            "indicator": indicator,
            "node": indicator.node,
            "ancestors": [],
            "table": table,
            "row": table.rows[0] if table else None,
            "result": graded.result,
            "grade": grade_text(evaluation, graded.result.grade),
            "evaluation": evaluation,
            "chart": indicator_trend(indicator, graded.result),
            "series": _series(table) if table else [],
        },
    )


@cached_page
def progress(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.get_plan(slug)
    return _render(
        request,
        "progress.html",
        {"plan": plan, "entries": selectors.confirmed_entries(plan)},
    )


@require_safe
def search(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.get_plan(slug)
    query = request.GET.get("q", "").strip()[:100]
    return _render(
        request,
        "search.html",
        {"plan": plan, "query": query, "hits": selectors.search(plan, query) if query else None},
    )


@cached_page
def branches(request: HttpRequest) -> HttpResponse:
    return _render(request, "branches.html", {"councils": selectors.councils_with_branches()})


@cached_page
def progress_data(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """Return the confirmed progress page's table as CSV or JSON (the open data's shapes)."""
    from sasaeai.api.public import license_info, progress_record, progress_section

    plan = selectors.get_plan(slug)
    cycles = progress_record(plan)
    if fmt == "csv":
        return _csv(write_csv([progress_section(cycles)]), f"{plan.slug}-progress")
    return _json(
        {
            "plan": {"slug": plan.slug, "title": plan.title},
            "license": license_info(),
            "cycles": cycles,
        }
    )


@cached_page
def branches_data(request: HttpRequest, fmt: str) -> HttpResponse:
    """Return the branches page's list of bases as CSV or JSON: a row per base, as printed."""
    rows = [
        (council, branch, base)
        for council, branches in selectors.councils_with_branches()
        for branch in branches
        for base in branch.bases.all()
    ]
    if fmt == "csv":
        header = ["社会福祉協議会", "支部", "拠点", "住所", "電話番号", "開所時間"]
        section = Section(
            "社協の支部と拠点",
            [[Head(h) for h in header]],
            [[c.name, b.name, x.name, x.address, x.phone, x.hours] for c, b, x in rows],
        )
        return _csv(write_csv([section]), "branches")
    return _json(
        {
            "bases": [
                {
                    "council": c.name,
                    "branch": b.name,
                    "name": x.name,
                    "address": x.address,
                    "phone": x.phone,
                    "hours": x.hours,
                }
                for c, b, x in rows
            ]
        }
    )


def _csv(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _json(payload: dict[str, Any]) -> JsonResponse:
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 2})


@cached_page
def node_indicators_data(request: HttpRequest, slug: str, node_id: int, fmt: str) -> HttpResponse:
    """Return a node page's indicator table as CSV or JSON (the page's open-data sibling)."""
    plan = selectors.get_plan(slug)
    node = selectors.get_node(plan, node_id)
    return _data(plan, list(node.indicators.all()), f"{plan.slug}-node-{node.pk}", fmt)


@cached_page
def indicator_data(request: HttpRequest, slug: str, indicator_id: int, fmt: str) -> HttpResponse:
    """Return an indicator page's table as CSV or JSON."""
    plan = selectors.get_plan(slug)
    indicator = selectors.get_indicator(plan, indicator_id)
    return _data(plan, [indicator], f"{plan.slug}-indicator-{indicator.pk}", fmt)


def _data(plan: Plan, indicators: list, name: str, fmt: str) -> HttpResponse:
    evaluation = evaluate_plan(plan)
    table = _graded_table(indicators, evaluation)
    if table is None:
        raise Http404
    if fmt == "csv":
        return _csv(write_csv([tables.section(table, evaluation, plan.title)]), name)
    payload = {
        "plan": {"slug": plan.slug, "title": plan.title},
        "as_of": evaluation.as_of,
        "note": "推進委員会で確定した値だけを含みます。sample が true の値は架空のデモ値です。",
        "indicators": tables.records(table, evaluation),
    }
    return _json(payload)


# --- helpers -----------------------------------------------------------------------------------


def _graded_table(indicators: list, evaluation: PlanEvaluation) -> IndicatorTable | None:
    """Return the indicator table with each row's computed grade in words, or None if empty."""
    if not indicators:
        return None
    table = indicator_table(indicators)
    for row in table.rows:
        row.graded = evaluation.graded.get(row.indicator.pk)
        result = row.graded.result if row.graded else None
        row.grade_text = grade_text(evaluation, result.grade) if result else ""  # type: ignore[attr-defined]
    return table


def _series(table: IndicatorTable) -> list[tuple[str, int | None, Cell]]:
    """Return the chart's data as rows (kind, fiscal year, value), its text alternative."""
    row = table.rows[0]
    out: list[tuple[str, int | None, Cell]] = []
    if row.indicator.baseline_year or not row.baseline.empty:
        out.append(("現状値", row.indicator.baseline_year, row.baseline))
    actuals = zip(table.actual_years, row.actuals, strict=True)
    targets = zip(table.target_years, row.targets, strict=True)
    out += [("実績値", y, c) for y, c in actuals if c.text]
    out += [("目標値", y, c) for y, c in targets if c.text]
    return out


def _grade_rows(evaluation: PlanEvaluation, outline: list[Node]) -> list[dict[str, Any]]:
    """Return a grade-distribution row per top-level node, then one for the whole plan."""
    rows = []
    for node in (n for n in outline if n.parent_id is None):
        graded = [g for n in subtree_ids(outline, node.pk) for g in evaluation.for_node(n)]
        if graded:
            rows.append(_grade_row(evaluation, node, graded))
    everything = list(evaluation.graded.values())
    if everything:
        rows.append(_grade_row(evaluation, None, everything))
    return rows


def _grade_row(evaluation: PlanEvaluation, node: Node | None, graded: list) -> dict[str, Any]:
    return {
        "node": node,
        "counts": list(evaluation.distribution(graded).items()),
        "total": len(graded),
    }
