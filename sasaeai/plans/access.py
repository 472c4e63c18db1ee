"""Who may see which plan: every plan view and endpoint starts here.

A plan's published content (tree, narratives, targets, confirmed values) is readable by every
signed-in user; drafts of the yearly cycle are guarded in progress/access.py.
"""

from django.http import Http404

from .models import Node, Plan


def get_plan_for_user(user, slug: str) -> Plan:  # type: ignore[no-untyped-def]
    """Return the plan the user may read, or raise Http404."""
    if not user.is_authenticated:
        raise Http404
    try:
        return Plan.objects.select_related("parent").get(slug=slug)
    except Plan.DoesNotExist:
        raise Http404 from None


def get_node_for_user(user, plan: Plan, node_id: int) -> Node:  # type: ignore[no-untyped-def]
    """Return a node of the plan the user may read, or raise Http404."""
    get_plan_for_user(user, plan.slug)
    try:
        return Node.objects.get(plan=plan, pk=node_id)
    except Node.DoesNotExist:
        raise Http404 from None
