"""Staff pages of a plan: the list, the plan with its tree, a node, an indicator."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from sasaeai.accounts.models import Organization
from sasaeai.evaluation.access import can_override, can_set_scheme
from sasaeai.evaluation.charts import indicator_trend
from sasaeai.evaluation.selectors import PlanEvaluation, evaluate_plan, plan_scheme, subtree_ids
from sasaeai.evaluation.services import OverrideError, override_grade, set_plan_scheme
from sasaeai.grading import BUILTIN_SCHEMES
from sasaeai.meetings.services import issues_for_node
from sasaeai.planfiles.intake import can_import
from sasaeai.plans import selectors
from sasaeai.plans.access import get_node_for_user, get_plan_for_user
from sasaeai.plans.display import action_groups, indicator_table
from sasaeai.plans.models import Indicator, Node, Plan
from sasaeai.progress.access import visible_entries
from sasaeai.progress.models import Entry
from sasaeai.registers import bindings, measures
from sasaeai.registers.access import scope_for
from sasaeai.registers.models import IndicatorBinding
from sasaeai.reports.views import menu as report_menu


@login_required
@require_safe
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = selectors.plans_for_listing()
    return render(
        request,
        "plans/plan_list.html",
        {"plans": plans, "can_import": can_import(request.user)},
    )


@login_required
@require_safe
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_plan_for_user(request.user, slug)
    outline = list(selectors.nodes_for_outline(plan))
    evaluation = evaluate_plan(plan, _as_of(request))
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "tree": selectors.plan_tree(plan, outline),
            "owners": [o.organization for o in plan.ownerships.select_related("organization")],
            "sub_plans": plan.sub_plans.all(),
            "cycles": plan.cycles.all(),
            "glossary": plan.glossary.all(),
            "evaluation": evaluation,
            "grade_rows": _grade_rows(evaluation, outline),
            "can_set_scheme": can_set_scheme(request.user),
            **report_menu(plan, fiscal_year=_as_of(request) or evaluation.as_of),
        },
    )


@login_required
@require_safe
def node_detail(request: HttpRequest, slug: str, node_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, slug)
    get_node_for_user(request.user, plan, node_id)
    node = selectors.node_with_content(plan, node_id)
    outline = {n.pk: n for n in selectors.nodes_for_outline(plan)}
    evaluation = evaluate_plan(plan, _as_of(request))
    indicators = list(node.indicators.all())
    narratives = list(node.narratives.all())
    table = indicator_table(indicators) if indicators else None
    for row in table.rows if table else []:
        row.graded = evaluation.graded.get(row.indicator.pk)
    below = [
        g for n in subtree_ids(list(outline.values()), node.pk) for g in evaluation.for_node(n)
    ]
    return render(
        request,
        "plans/node_detail.html",
        {
            "plan": plan,
            "node": node,
            "ancestors": selectors.ancestors(node, outline),
            "children": [n for n in outline.values() if n.parent_id == node.pk],
            "sections": [n for n in narratives if n.kind == "section"],
            "columns": [n for n in narratives if n.kind == "column"],
            "action_groups": action_groups(list(node.actions.all())),
            "table": table,
            "evaluation": evaluation,
            "grade_rows": [_grade_row(evaluation, node, below)] if below else [],
            # Only confirmed progress shows with the plan; drafts live on the cycle's pages.
            "entries": visible_entries(request.user)
            .filter(node=node, status=Entry.Status.CONFIRMED)
            .select_related("cycle")
            .order_by("cycle__order", "order"),
            # The register scope costs queries: worked out only when the node has issues.
            "meeting_issues": issues_for_node(
                node, SimpleLazyObject(lambda: scope_for(request.user))
            ),
            "bound_indicators": _bound(indicators),
            **report_menu(plan, node=node, fiscal_year=_as_of(request) or evaluation.as_of),
        },
    )


def _bound(indicators: list[Indicator]) -> list[Indicator]:
    """Return those of the indicators whose value is counted from the registers (集計値)."""
    ids = set(
        IndicatorBinding.objects.filter(indicator__in=indicators).values_list(
            "indicator_id", flat=True
        )
    )
    return [i for i in indicators if i.pk in ids]


@login_required
@require_safe
def indicator_detail(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, slug)
    indicator = _indicator(plan, indicator_id)
    evaluation = evaluate_plan(plan, _as_of(request))
    graded = evaluation.graded[indicator.pk]
    table = indicator_table([graded.indicator])
    table.rows[0].graded = graded
    return render(
        request,
        "plans/indicator_detail.html",
        {
            "plan": plan,
            "indicator": indicator,
            "node": indicator.node,
            "table": table,
            "graded": graded,
            "grade_label": evaluation.scheme.label(graded.result.grade),
            "evaluation": evaluation,
            "chart": indicator_trend(graded.indicator, graded.result),
            "history": indicator.grade_overrides.filter(
                fiscal_year=evaluation.as_of
            ).select_related("created_by"),
            "can_override": can_override(request.user),
            **_binding_context(request.user, plan, indicator),
        },
    )


def _binding_context(user, plan: Plan, indicator: Indicator) -> dict:  # type: ignore[no-untyped-def]
    """Return the indicator's 集計値 per year beside its reported actuals, and the binding form."""
    binding = IndicatorBinding.objects.filter(indicator=indicator).first()
    context: dict = {"binding": binding, "can_bind": bindings.can_bind(user, indicator)}
    if binding is not None:
        years = bindings.plan_years(plan, indicator)
        values = measures.computed(binding, years)
        actuals = {a.fiscal_year: a for a in indicator.actuals.all()}
        measure = measures.get(binding.measure)
        made_up = measures.sample_years(binding, values)
        context["binding_rows"] = [
            {
                "fy": fy,
                "actual": actuals.get(fy),
                "computed": values.get(fy),
                "sample": fy in made_up,
            }
            for fy in years
        ]
        context["binding_measure"] = measure
        context["binding_description"] = (
            measure.describe(binding.params or {}) if measure else binding.measure
        )
    if context["can_bind"]:
        council = bindings.council_of_plan(plan)
        context["measures"] = [_measure_form(m, binding) for m in measures.REGISTRY.values()]
        context["council"] = council
        context["council_branches"] = council.branches.order_by("order", "id") if council else []
    return context


def _measure_form(measure: measures.Measure, binding: IndicatorBinding | None) -> dict:
    """Return a measure with its options as form fields, filled from the current binding."""
    current = (binding.params or {}) if binding and binding.measure == measure.key else {}
    fields = []
    for param in measure.params:
        widget = "checkbox" if param.kind is bool else "select" if param.choices else "text"
        fields.append(
            {
                "name": f"{measure.key}.{param.name}",
                "label": param.label,
                "widget": widget,
                "numeric": param.kind is int,
                "choices": param.choices,
                "value": current.get(param.name, ""),
            }
        )
    return {
        "measure": measure,
        "fields": fields,
        "chosen": bool(current) or (binding is not None and binding.measure == measure.key),
    }


@login_required
@require_POST
def indicator_binding(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    """Bind the indicator to a register measure, or unbind it (集計値)."""
    plan = get_plan_for_user(request.user, slug)
    indicator = _indicator(plan, indicator_id)
    if not bindings.can_bind(request.user, indicator):
        raise Http404
    try:
        if request.POST.get("action") == "unbind":
            bindings.unbind(indicator, user=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("登録簿との対応づけを外しました。"))
        else:
            bindings.bind(indicator, user=request.user, **_binding_input(request, plan))
            messages.success(request, _("指標を登録簿の集計項目に対応づけました。"))
    except bindings.BindingError as exc:
        messages.error(request, _("対応づけを保存できません: %(error)s") % {"error": exc})
    return redirect("plans:indicator", slug=plan.slug, indicator_id=indicator.pk)


def _binding_input(request: HttpRequest, plan: Plan) -> dict:
    """Return the binding's fields from the form; a measure's options are named `key.option`."""
    key = request.POST.get("measure", "")
    prefix = f"{key}."
    params = {k[len(prefix) :]: v for k, v in request.POST.items() if k.startswith(prefix)}
    council = bindings.council_of_plan(plan)
    branch_id = request.POST.get("branch", "")
    branch = None
    if branch_id:
        branch = Organization.objects.filter(
            pk=int(branch_id) if branch_id.isdigit() else 0
        ).first()
        if branch is None or council is None or branch.parent_id != council.pk:
            raise bindings.BindingError({"branch": _("支部の選択が正しくありません。")})
    first_year = request.POST.get("first_year", "").strip()
    if first_year and not first_year.isdigit():
        raise bindings.BindingError(
            {"first_year": _("集計を始めた年度は西暦の数字で入力してください。")}
        )
    return {
        "measure": key,
        "params": params,
        "branch": branch,
        "first_year": int(first_year) if first_year else None,
        "note": request.POST.get("note", ""),
    }


@login_required
@require_POST
def indicator_override(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, slug)
    indicator = _indicator(plan, indicator_id)
    if not can_override(request.user):
        raise Http404
    as_of = _as_of(request) or 0
    try:
        override_grade(
            indicator,
            fiscal_year=as_of,
            grade=request.POST.get("grade", ""),
            reason=request.POST.get("reason", ""),
            user=request.user,
        )
    except OverrideError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("評価の手入力を記録しました。算定された評価も引き続き表示されます。")
        )
    return redirect(f"{request.path.rsplit('override/', 1)[0]}?as_of={as_of}")


@login_required
def plan_grading(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_plan_for_user(request.user, slug)
    if not can_set_scheme(request.user):
        raise Http404
    current = plan_scheme(plan)
    custom_text = json.dumps(current.to_dict(), ensure_ascii=False, indent=2)
    if request.method == "POST":
        choice = request.POST.get("scheme", "")
        custom_text = request.POST.get("custom", "")
        try:
            spec = json.loads(custom_text) if choice == "custom" else choice
            set_plan_scheme(plan, spec, user=request.user)
        except (OverrideError, json.JSONDecodeError) as exc:
            messages.error(request, _("評価方式を保存できません: %(error)s") % {"error": exc})
        else:
            messages.success(request, _("評価方式を保存しました。"))
            return redirect("plans:detail", slug=plan.slug)
    return render(
        request,
        "plans/plan_grading.html",
        {
            "plan": plan,
            "current": current,
            "builtins": [
                (s, " / ".join(f"{g} {s.label(g)}" for g in s.grades))
                for s in BUILTIN_SCHEMES.values()
            ],
            "custom_text": custom_text,
        },
    )


def _indicator(plan: Plan, indicator_id: int) -> Indicator:
    try:
        return Indicator.objects.select_related("node").get(pk=indicator_id, node__plan=plan)
    except Indicator.DoesNotExist:
        raise Http404 from None


def _as_of(request: HttpRequest) -> int | None:
    """Return the fiscal year asked for (?as_of=2023), or None for the latest."""
    value = request.GET.get("as_of") or request.POST.get("as_of") or ""
    return int(value) if value.isdigit() and 1868 <= int(value) <= 2200 else None


def _grade_rows(evaluation: PlanEvaluation, outline: list[Node]) -> list[dict]:
    """Return a grade-distribution row per top-level node and one for the whole plan."""
    rows = []
    for node in (n for n in outline if n.parent_id is None):
        graded = [g for n in subtree_ids(outline, node.pk) for g in evaluation.for_node(n)]
        if graded:
            rows.append(_grade_row(evaluation, node, graded))
    everything = list(evaluation.graded.values())
    if everything:
        rows.append(_grade_row(evaluation, None, everything))
    return rows


def _grade_row(evaluation: PlanEvaluation, node: Node | None, graded: list) -> dict:
    average, grade = evaluation.composite(graded)
    return {
        "node": node,
        "counts": list(evaluation.distribution(graded).items()),
        "total": len(graded),
        "average": average,
        "grade": grade,
    }
