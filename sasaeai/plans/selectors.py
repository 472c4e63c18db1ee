"""Reads of plans: the whole tree of a plan in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from .models import Action, Indicator, Node, Plan


@dataclass
class TreeNode:
    node: Node
    children: list["TreeNode"] = field(default_factory=list)


def plans_for_listing() -> QuerySet[Plan]:
    """Return the top-level plans with their owners and sub-plans, for a list page."""
    return (
        Plan.objects.filter(parent=None)
        .prefetch_related("ownerships__organization", "sub_plans")
        .order_by("order", "id")
    )


def nodes_with_content(plan: Plan) -> QuerySet[Node]:
    """Return every node of a plan with all it holds, prefetched (no per-node queries)."""
    return (
        Node.objects.filter(plan=plan)
        .select_related("relist_of")
        .prefetch_related(
            "narratives",
            "messages",
            "footnotes",
            "related",
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("relist_of").prefetch_related(
                    "assignments__organization", "assignments__department"
                ),
            ),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(
                    "targets", "actuals", "assignments__organization", "assignments__department"
                ),
            ),
        )
        .order_by("depth", "order", "id")
    )


def plan_tree(plan: Plan, nodes: QuerySet[Node] | None = None) -> list[TreeNode]:
    """Return the plan's nodes as a tree of TreeNode, siblings in printed order."""
    items = {n.pk: TreeNode(n) for n in (nodes if nodes is not None else nodes_with_content(plan))}
    roots: list[TreeNode] = []
    for item in sorted(items.values(), key=lambda t: (t.node.depth, t.node.order, t.node.pk)):
        item.node.plan = plan
        parent = items.get(item.node.parent_id) if item.node.parent_id else None
        (parent.children if parent else roots).append(item)
    return roots


def walk(tree: list[TreeNode]) -> list[TreeNode]:
    """Return the tree's nodes depth-first, in printed order."""
    out: list[TreeNode] = []
    for item in tree:
        out.append(item)
        out.extend(walk(item.children))
    return out


def nodes_for_outline(plan: Plan) -> QuerySet[Node]:
    """Return a plan's nodes with only what a tree outline shows: one query, plus counts."""
    from django.db.models import Count

    return (
        Node.objects.filter(plan=plan)
        .annotate(
            indicator_count=Count("indicators", distinct=True),
            action_count=Count("actions", distinct=True),
        )
        .order_by("depth", "order", "id")
    )


def node_with_content(plan: Plan, node_id: int) -> Node:
    """Return one node of a plan with everything it holds prefetched."""
    return nodes_with_content(plan).select_related("relist_of", "parent").get(pk=node_id)


def ancestors(node: Node, by_pk: dict[int, Node]) -> list[Node]:
    """Return the node's ancestors from the top down, looked up in by_pk (no query)."""
    chain: list[Node] = []
    parent = by_pk.get(node.parent_id) if node.parent_id else None
    while parent is not None:
        chain.insert(0, parent)
        parent = by_pk.get(parent.parent_id) if parent.parent_id else None
    return chain
