"""Reads for the public site: only what the committee has confirmed, never a draft.

What is public, and why:
- a plan's own content (tree, narratives, actions, messages, indicators, targets): the city and
  the 社協 published it as the plan booklet;
- `Actual` rows: a value enters that table only from the plan as published, from the demo's
  marked sample values, or when a cycle is confirmed (progress.services._record_actuals); the
  values typed into an open cycle live in `ValueSlot` and are never read here;
- progress entries whose status is 確定 in a cycle whose status is 確定.
Grades are computed from those values; a committee member's manual override is left out, since
it is recorded at any time and is not part of a confirmed report.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from sasaeai.accounts.models import Organization
from sasaeai.plans.models import Action, Indicator, Narrative, Node, Plan
from sasaeai.plans.selectors import node_with_content
from sasaeai.progress.models import Cycle, Entry

SEARCH_LIMIT = 100


def get_plan(slug: str) -> Plan:
    """Return the plan of a slug or raise 404."""
    plan = Plan.objects.filter(slug=slug).select_related("parent").first()
    if plan is None:
        raise Http404
    return plan


def get_node(plan: Plan, node_id: int) -> Node:
    """Return a node of the plan or raise 404 (a node id of another plan is unknown here)."""
    if not Node.objects.filter(plan=plan, pk=node_id).exists():
        raise Http404
    return node_with_content(plan, node_id)


def get_indicator(plan: Plan, indicator_id: int) -> Indicator:
    """Return an indicator of the plan with its values and bodies prefetched, or raise 404."""
    found = (
        Indicator.objects.filter(pk=indicator_id, node__plan=plan)
        .select_related("node")
        .prefetch_related(
            "targets", "actuals", "assignments__organization", "assignments__department"
        )
        .first()
    )
    if found is None:
        raise Http404
    return found


def confirmed_cycles(plan: Plan) -> QuerySet[Cycle]:
    """Return the plan's cycles the committee has confirmed, in order."""
    return plan.cycles.filter(status=Cycle.Status.CONFIRMED).order_by("order", "fiscal_year", "id")


def confirmed_entries(plan: Plan) -> QuerySet[Entry]:
    """Return the confirmed entries of the plan's confirmed cycles, nothing else."""
    return (
        Entry.objects.filter(
            cycle__plan=plan,
            cycle__status=Cycle.Status.CONFIRMED,
            status=Entry.Status.CONFIRMED,
        )
        .select_related("cycle", "node", "action", "department", "organization")
        .order_by("cycle__order", "cycle__fiscal_year", "cycle_id", "order", "id")
    )


@dataclass
class Hit:
    """A search result: the node it leads to, what kind of text matched and an excerpt."""

    node: Node
    kind: str
    text: str
    indicator: Indicator | None = None


def search(plan: Plan, query: str) -> list[Hit]:
    """Return the nodes, narratives, actions and indicators of a plan that contain every word."""
    words = query.split()
    if not words:
        return []
    hits = _node_hits(plan, words) + _narrative_hits(plan, words)
    hits += _action_hits(plan, words) + _indicator_hits(plan, words)
    return hits[:SEARCH_LIMIT]


def _all_words(fields: list[str], words: list[str]) -> Q:
    condition = Q()
    for word in words:
        either = Q()
        for name in fields:
            either |= Q(**{f"{name}__icontains": word})
        condition &= either
    return condition


def _node_hits(plan: Plan, words: list[str]) -> list[Hit]:
    found = Node.objects.filter(_all_words(["title", "subtitle"], words), plan=plan)
    return [Hit(n, "施策体系", n.title) for n in found.order_by("depth", "order", "id")]


def _narrative_hits(plan: Plan, words: list[str]) -> list[Hit]:
    found = Narrative.objects.filter(_all_words(["title", "body"], words), node__plan=plan)
    return [
        Hit(n.node, n.title, _excerpt(n.body, words))
        for n in found.select_related("node").order_by("node__depth", "node__order", "order")
    ]


def _action_hits(plan: Plan, words: list[str]) -> list[Hit]:
    found = Action.objects.filter(_all_words(["title", "content"], words), node__plan=plan)
    return [
        Hit(a.node, "取組", f"{a.title} {_excerpt(a.content, words)}".strip())
        for a in found.select_related("node").order_by("node__depth", "node__order", "order")
    ]


def _indicator_hits(plan: Plan, words: list[str]) -> list[Hit]:
    found = Indicator.objects.filter(
        _all_words(["name", "definition", "source_note"], words), node__plan=plan
    )
    return [Hit(i.node, "指標", i.name, i) for i in found.select_related("node")]


def _excerpt(text: str, words: list[str], width: int = 60) -> str:
    """Return about `width` characters of text around the first word found."""
    flat = " ".join(text.split())
    at = max(0, min((flat.find(w) for w in words if w in flat), default=0) - width // 3)
    piece = flat[at : at + width]
    return ("…" if at else "") + piece + ("…" if at + width < len(flat) else "")


def councils_with_branches() -> list[tuple[Organization, list[Organization]]]:
    """Return each 社協 with its branches (支部) and their bases, in printed order."""
    branches = Organization.objects.filter(kind=Organization.Kind.BRANCH).prefetch_related("bases")
    by_parent: dict[int | None, list[Organization]] = {}
    for branch in branches.order_by("order", "id"):
        by_parent.setdefault(branch.parent_id, []).append(branch)
    councils = Organization.objects.filter(pk__in=[k for k in by_parent if k is not None])
    return [(c, by_parent[c.pk]) for c in councils.order_by("order", "id")]
