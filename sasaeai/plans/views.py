"""Staff pages of a plan: the list, the plan with its tree, a node with all it holds."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from sasaeai.progress.models import Entry

from . import selectors
from .access import get_node_for_user, get_plan_for_user
from .display import indicator_table
from .models import Action, Actor, Node


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = selectors.plans_for_listing()
    return render(request, "plans/plan_list.html", {"plans": plans})


@login_required
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_plan_for_user(request.user, slug)
    tree = selectors.plan_tree(plan, selectors.nodes_for_outline(plan))
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "tree": tree,
            "owners": [o.organization for o in plan.ownerships.select_related("organization")],
            "sub_plans": plan.sub_plans.all(),
            "cycles": plan.cycles.all(),
            "glossary": plan.glossary.all(),
        },
    )


@login_required
def node_detail(request: HttpRequest, slug: str, node_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, slug)
    get_node_for_user(request.user, plan, node_id)
    node = selectors.node_with_content(plan, node_id)
    outline = {n.pk: n for n in selectors.nodes_for_outline(plan)}
    indicators = list(node.indicators.all())
    narratives = list(node.narratives.all())
    return render(
        request,
        "plans/node_detail.html",
        {
            "plan": plan,
            "node": node,
            "ancestors": _ancestors(node, outline),
            "children": [n for n in outline.values() if n.parent_id == node.pk],
            "sections": [n for n in narratives if n.kind == "section"],
            "columns": [n for n in narratives if n.kind == "column"],
            "action_groups": _action_groups(list(node.actions.all())),
            "table": indicator_table(indicators) if indicators else None,
            "entries": Entry.objects.filter(node=node)
            .select_related("cycle")
            .order_by("cycle__order", "order"),
        },
    )


def _ancestors(node: Node, outline: dict[int, Node]) -> list[Node]:
    chain: list[Node] = []
    parent = outline.get(node.parent_id) if node.parent_id else None
    while parent is not None:
        chain.insert(0, parent)
        parent = outline.get(parent.parent_id) if parent.parent_id else None
    return chain


def _action_groups(actions: list[Action]) -> list[tuple[str, list[Action]]]:
    """Group a node's actions by actor in printed order: 市の取組, 社会福祉協議会の取組 …"""
    groups: dict[str, list[Action]] = {}
    for action in actions:
        groups.setdefault(action.actor, []).append(action)
    return [(_GROUP_TITLES.get(actor, _("主な取り組み")), items) for actor, items in groups.items()]


_GROUP_TITLES = {
    Actor.CITY: _("市の取組"),
    Actor.COUNCIL: _("社会福祉協議会の取組"),
    Actor.RESIDENT: _("市民の取組"),
    Actor.NEIGHBORHOOD: _("自治会・町内会などの取組"),
    Actor.GROUP: _("団体の取組"),
    Actor.WELFARE_CORPORATION: _("社会福祉法人の取組"),
}
