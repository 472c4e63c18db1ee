"""Write a plan from the database as a plan file: canonical, so the same plan is the same bytes."""

import json
from decimal import Decimal
from typing import Any

import yaml

from sasaeai.accounts.models import Organization
from sasaeai.plans.models import Action, Assignment, Indicator, Node, Plan
from sasaeai.plans.selectors import TreeNode, plan_tree
from sasaeai.progress.models import Cycle

from .shape import FORMAT, ordered


def export_plan(plan: Plan) -> dict[str, Any]:
    """Return the plan (with its sub-plans) as a plan-file object in canonical shape."""
    body = _plan_body(plan)
    body["sub_plans"] = [
        {**_plan_body(sub), "relation": sub.relation}
        for sub in plan.sub_plans.order_by("order", "id")
    ]
    body["format"] = FORMAT
    body["organizations"] = [_organization(o) for o in _organizations(plan)]
    return ordered("plan", body)


def dump(data: dict[str, Any], fmt: str) -> str:
    """Return the plan-file object as YAML or JSON text."""
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)


class _Dumper(yaml.SafeDumper):
    """Block style; multi-line text as literal blocks so a narrative reads as printed."""


def _str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _str)


# -- plan --------------------------------------------------------------------------------------


def _plan_body(plan: Plan) -> dict[str, Any]:
    tree = plan_tree(plan)
    return {
        "slug": plan.slug,
        "title": plan.title,
        "subtitle": _text(plan.subtitle),
        "owners": [o.organization.key for o in plan.ownerships.select_related("organization")],
        "period": _period(plan),
        "vision": _text(plan.vision),
        "level_names": plan.level_names,
        "description": _text(plan.description),
        "source": _text(plan.source),
        "grading": plan.grading_scheme,
        "glossary": [
            {"term": t.term, "description": _text(t.description)} for t in plan.glossary.all()
        ],
        "nodes": [_node(t) for t in tree],
        "cycles": [
            _cycle(c)
            for c in plan.cycles.prefetch_related(
                "entries__node",
                "entries__action",
                "entries__organization",
                "entries__department",
                "entries__value_slots__indicator",
            )
        ],
    }


def _period(plan: Plan) -> dict[str, Any] | None:
    if plan.period_start is None and plan.period_end is None and not plan.period_note:
        return None
    return {"start": plan.period_start, "end": plan.period_end, "note": _text(plan.period_note)}


def _node(item: TreeNode) -> dict[str, Any]:
    node = item.node
    narratives = list(node.narratives.all())
    return {
        "key": node.key,
        "code": _text(node.code),
        "level": _text(node.level),
        "title": node.title,
        "subtitle": _text(node.subtitle),
        "kind": node.kind,
        "priority": node.priority,
        "related": [n.key for n in node.related.all()],
        "relist_of": node.relist_of.key if node.relist_of else None,
        "page_ref": _text(node.page_ref),
        "sections": [{"title": n.title, "body": n.body} for n in narratives if n.kind == "section"],
        "actions": [_action(a) for a in node.actions.all()],
        "messages": [
            {"audience": m.audience or None, "label": _text(m.label), "items": m.items}
            for m in node.messages.all()
        ],
        "columns": [{"title": n.title, "body": n.body} for n in narratives if n.kind == "column"],
        "footnotes": [{"number": f.number, "text": f.text} for f in node.footnotes.all()],
        "indicators": [_indicator(i) for i in node.indicators.all()],
        "indicator_notes": node.indicator_notes,
        "children": [_node(c) for c in item.children],
    }


def _action(action: Action) -> dict[str, Any]:
    return {
        "actor": action.actor or None,
        "title": action.title,
        "content": _text(action.content),
        "departments": [_label(a) for a in action.assignments.all()],
        "priority": action.priority,
        "relist_of": action.relist_of.key if action.relist_of else None,
        "note": _text(action.note),
    }


def _indicator(indicator: Indicator) -> dict[str, Any]:
    return {
        "key": indicator.key,
        "name": indicator.name,
        "unit": _text(indicator.unit),
        "source_note": _text(indicator.source_note),
        "definition": _text(indicator.definition),
        "responsible": [_label(a) for a in indicator.assignments.all()],
        "cumulative": indicator.cumulative,
        "survey": indicator.survey,
        "direction": indicator.direction or None,
        "numerator": _count(indicator.numerator),
        "denominator": _count(indicator.denominator),
        "ratio_unit": _text(indicator.ratio_unit),
        "footnotes": indicator.footnotes,
        "notes": indicator.notes,
        "baseline": {
            "fiscal_year": indicator.baseline_year,
            "value": number(indicator.baseline_value, indicator.baseline_precision),
            "note": _text(indicator.baseline_note),
        },
        "targets": [
            {
                "fiscal_year": t.fiscal_year,
                "value": number(t.value, t.precision),
                "direction": t.direction or None,
                "qualifier": t.qualifier or None,
                "numerator": _count(t.numerator),
                "denominator": _count(t.denominator),
                "note": _text(t.note),
                "not_set_reason": _text(t.not_set_reason),
            }
            for t in indicator.targets.all()
        ],
        "actuals": [
            {
                "fiscal_year": a.fiscal_year,
                "value": number(a.value, a.precision),
                "numerator": _count(a.numerator),
                "denominator": _count(a.denominator),
                "note": _text(a.note),
                "method_changed": a.method_changed,
                "sample": a.sample,
            }
            for a in indicator.actuals.all()
        ],
    }


def _cycle(cycle: Cycle) -> dict[str, Any]:
    return {
        "fiscal_year": cycle.fiscal_year,
        "title": cycle.title,
        "status": cycle.status,
        "confirmed_by": _text(cycle.confirmed_by),
        "confirmed_on": cycle.confirmed_on.isoformat() if cycle.confirmed_on else None,
        "entries": [
            {
                "node": e.node.key,
                "action": e.action.order if e.action else None,
                "actor": e.actor or None,
                "department": _label(e) if e.organization_id else None,
                "progress": _text(e.progress),
                "issues": _text(e.issues),
                "next_steps": _text(e.next_steps),
                "self_rating": _text(e.self_rating),
                "status": e.status,
                "values": [
                    {
                        "indicator": s.indicator.key,
                        "value": number(s.value, s.precision),
                        "note": _text(s.note),
                        "method_changed": s.method_changed,
                        "sample": s.sample,
                    }
                    for s in e.value_slots.all()
                ],
            }
            for e in cycle.entries.all()
        ],
    }


# -- organizations -----------------------------------------------------------------------------


def _organizations(plan: Plan) -> list[Organization]:
    """Return the organizations a plan names: owners, their branches, each 担当's organization."""
    plans = [plan, *plan.sub_plans.all()]
    keys = set(Organization.objects.filter(planowner__plan__in=plans).values_list("pk", flat=True))
    keys |= set(Organization.objects.filter(parent__in=keys).values_list("pk", flat=True))
    nodes = Node.objects.filter(plan__in=plans)
    keys |= set(
        Organization.objects.filter(actionassignment__action__node__in=nodes).values_list(
            "pk", flat=True
        )
    )
    keys |= set(
        Organization.objects.filter(indicatorassignment__indicator__node__in=nodes).values_list(
            "pk", flat=True
        )
    )
    keys |= set(Organization.objects.filter(entry__node__in=nodes).values_list("pk", flat=True))
    keys |= set(Organization.objects.filter(branches__in=keys).values_list("pk", flat=True))
    return list(
        Organization.objects.filter(pk__in=keys)
        .select_related("parent")
        .prefetch_related("departments", "bases")
        .order_by("order", "key")
    )


def _organization(org: Organization) -> dict[str, Any]:
    return {
        "key": org.key,
        "name": org.name,
        "short_name": _text(org.short_name),
        "kind": org.kind,
        "parent": org.parent.key if org.parent else None,
        "departments": [d.name for d in org.departments.all()],
        "bases": [
            {
                "name": b.name,
                "address": _text(b.address),
                "phone": _text(b.phone),
                "hours": _text(b.hours),
                "coordinator": _text(b.coordinator),
                "note": _text(b.note),
            }
            for b in org.bases.all()
        ],
    }


# -- values ------------------------------------------------------------------------------------


def number(value: Decimal | None, precision: int) -> int | float | None:
    """Return a stored value as the JSON number it was written as (83.0 stays 83.0)."""
    if value is None:
        return None
    if precision == 0:
        return int(value.to_integral_value())
    return float(value.quantize(Decimal(1).scaleb(-precision)))


def _count(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value.normalize())


def _label(assignment: Assignment | Any) -> str:
    if getattr(assignment, "printed_name", ""):
        return str(assignment.printed_name)
    if assignment.department_id:
        return str(assignment.department.name)
    return str(assignment.organization.short_name or assignment.organization.name)


def _text(value: str) -> str | None:
    return value or None
