"""Writes and reads of the community-meeting register (地域福祉懇談会).

Every change goes through a function here, with an audit event in the same transaction:
`meetings.create`, `meetings.update` (the meeting and its issues, before and after) and
`meetings.issue.link` (an issue linked to a plan node, or unlinked).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum

from sasaeai.accounts.models import Organization
from sasaeai.audit.services import record
from sasaeai.plans.models import Node, PlanOwner
from sasaeai.registers.models import Neighbourhood

from .models import Meeting, MeetingIssue

FIELDS = ("branch", "neighbourhood", "held_on", "theme", "venue", "participants", "note")


class MeetingError(Exception):
    """Input that cannot be saved; `problems` maps a field name to a message naming it."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("、".join(str(v) for v in problems.values()))


@dataclass
class IssueInput:
    """An issue as entered: its text and the plan node it concerns, if any."""

    text: str
    node: Node | None = None


def council_of(unit: Organization) -> Organization:
    """Return the 社協 a branch belongs to (a 社協 is its own)."""
    if unit.kind == Organization.Kind.BRANCH and unit.parent is not None:
        return unit.parent
    return unit


def linkable_nodes(*units: Organization) -> QuerySet[Node]:
    """Return the nodes an issue of these units may be linked to: those of the plans their
    社協 makes together with others (PlanOwner), and of those plans' sub-plans."""
    councils = {council_of(unit).pk for unit in units}
    plans = PlanOwner.objects.filter(organization__in=councils).values("plan")
    return (
        Node.objects.filter(Q(plan__in=plans) | Q(plan__parent__in=plans))
        .select_related("plan")
        .order_by("plan__order", "plan_id", "depth", "order", "id")
    )


def snapshot(meeting: Meeting) -> dict[str, Any]:
    """Return the meeting and its issues as plain values, for the audit log."""
    return {
        "branch": meeting.branch_id,
        "neighbourhood": meeting.neighbourhood_id,
        "held_on": meeting.held_on.isoformat(),
        "theme": meeting.theme,
        "venue": meeting.venue,
        "participants": meeting.participants,
        "note": meeting.note,
        "issues": [{"text": i.text, "node": i.node_id} for i in meeting.issues.all()],
    }


def _check(values: dict[str, Any], issues: list[IssueInput]) -> None:
    branch = values["branch"]
    problems: dict[str, str] = {}
    neighbourhood: Neighbourhood | None = values.get("neighbourhood")
    if neighbourhood is not None and neighbourhood.branch_id != branch.pk:
        problems["neighbourhood"] = (
            f"自治会・町内会「{neighbourhood.name}」は{branch.name}の自治会ではありません。"
        )
    allowed = set(linkable_nodes(branch).values_list("pk", flat=True))
    for number, issue in enumerate(issues, start=1):
        if issue.node is not None and issue.node.pk not in allowed:
            problems[f"issue-{number}"] = (
                f"課題{number}の施策「{issue.node.title}」は{branch.name}の社協の計画にありません。"
            )
    if problems:
        raise MeetingError(problems)


def _write_issues(meeting: Meeting, issues: list[IssueInput]) -> None:
    """Make the meeting's issues the given list, keeping the rows (and their ids, which the
    audit log names) of the positions that stay."""
    wanted = [i for i in issues if i.text.strip()]
    existing = list(meeting.issues.all())
    for order, (issue, row) in enumerate(zip(wanted, existing, strict=False)):
        row.text, row.node, row.order = issue.text.strip(), issue.node, order
        row.save(update_fields=["text", "node", "order"])
    MeetingIssue.objects.bulk_create(
        MeetingIssue(meeting=meeting, text=i.text.strip(), node=i.node, order=n)
        for n, i in enumerate(wanted)
        if n >= len(existing)
    )
    MeetingIssue.objects.filter(pk__in=[row.pk for row in existing[len(wanted) :]]).delete()


@transaction.atomic
def create_meeting(*, user: Any, issues: list[IssueInput], **values: Any) -> Meeting:
    """Record a meeting with the issues raised in it."""
    _check(values, issues)
    meeting = Meeting(**{f: values[f] for f in FIELDS if f in values})
    meeting.save()
    _write_issues(meeting, issues)
    record("meetings.create", meeting, user=user, after=snapshot(meeting))
    return meeting


@transaction.atomic
def update_meeting(
    meeting: Meeting, *, user: Any, issues: list[IssueInput], **values: Any
) -> Meeting:
    """Change a meeting and replace its list of issues."""
    _check(values, issues)
    before = snapshot(meeting)
    for name in FIELDS:
        if name in values:
            setattr(meeting, name, values[name])
    meeting.save()
    _write_issues(meeting, issues)
    after = snapshot(meeting)
    if after != before:
        record("meetings.update", meeting, user=user, before=before, after=after)
    return meeting


@transaction.atomic
def link_issue(issue: MeetingIssue, node: Node | None, *, user: Any) -> MeetingIssue:
    """Link an issue to the plan node it concerns, or unlink it (`node=None`)."""
    branch = issue.meeting.branch
    if node is not None and not linkable_nodes(branch).filter(pk=node.pk).exists():
        raise MeetingError(
            {"node": f"施策「{node.title}」は{branch.name}の社協の計画にありません。"}
        )
    before = {"node": issue.node_id}
    issue.node = node
    issue.save(update_fields=["node"])
    record("meetings.issue.link", issue, user=user, before=before, after={"node": issue.node_id})
    return issue


# -- reads ---------------------------------------------------------------------------------------


def filtered(
    queryset: QuerySet[Meeting],
    *,
    branch: int | None = None,
    neighbourhood: int | None = None,
    fiscal_year: int | None = None,
    theme: str = "",
) -> QuerySet[Meeting]:
    """Return the meetings matching the list's filters."""
    if branch:
        queryset = queryset.filter(branch=branch)
    if neighbourhood:
        queryset = queryset.filter(neighbourhood=neighbourhood)
    if fiscal_year:
        queryset = queryset.filter(fiscal_year=fiscal_year)
    if theme:
        queryset = queryset.filter(theme__icontains=theme)
    return queryset


def totals_by_year(queryset: QuerySet[Meeting]) -> list[dict[str, int]]:
    """Return, newest year first, the number of meetings and their participants per year."""
    rows = (
        queryset.order_by()
        .values("fiscal_year")
        .annotate(meetings=Count("pk"), participants=Sum("participants"))
        .order_by("-fiscal_year")
    )
    return [
        {
            "fiscal_year": r["fiscal_year"],
            "meetings": r["meetings"],
            "participants": r["participants"] or 0,
        }
        for r in rows
    ]


@dataclass
class NodeIssue:
    """An issue shown on a plan node's page; `meeting` only if the reader may open it."""

    text: str
    held_on: date
    branch: str
    meeting: Meeting | None
    sample: bool


def issues_for_node(node: Node, scope: Any) -> list[NodeIssue]:
    """Return the issues linked to a node, newest first.

    Every plan reader sees what was raised, where and when (a plan's own evidence); the meeting
    itself (theme, venue, record) is linked only for readers whose register scope reaches its
    branch.
    """
    issues = (
        MeetingIssue.objects.filter(node=node)
        .select_related("meeting__branch")
        .order_by("-meeting__held_on", "meeting_id", "order", "id")
    )
    return [
        NodeIssue(
            text=i.text,
            held_on=i.meeting.held_on,
            branch=i.meeting.branch.short_name or i.meeting.branch.name,
            meeting=i.meeting if scope.can_read(i.meeting.branch_id) else None,
            sample=i.meeting.sample,
        )
        for i in issues
    ]
