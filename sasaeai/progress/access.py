"""Who may read and change which progress entries: decided here and nowhere else.

Drafts (入力中・差戻し・提出済) are visible only to the department that writes them and to the
plan's secretariat. The committee reads what the secretariat accepted; everyone reads what the
committee confirmed. Every view and API endpoint of the yearly cycle asks these functions first.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from sasaeai.accounts.models import User

from .models import Cycle, Entry

Role = User.Role
WRITABLE = {Entry.Status.DRAFT, Entry.Status.RETURNED}
COMMITTEE = {Role.COMMITTEE_MEMBER, Role.COMMITTEE_CHAIR}


class Forbidden(Exception):
    """The user may see the entry but not do this to it (HTTP 403)."""


def manages(user, plan) -> bool:  # type: ignore[no-untyped-def]
    """Return whether the user is the secretariat of the plan (or a superuser)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.role == Role.SECRETARIAT and _owns(user, plan)


def _owns(user, plan) -> bool:  # type: ignore[no-untyped-def]
    if user.organization_id is None:
        return False
    root = plan.parent or plan
    return root.ownerships.filter(organization_id=user.organization_id).exists()


def visible_entries(user) -> QuerySet[Entry]:  # type: ignore[no-untyped-def]
    """Return the entries the user may read."""
    entries = Entry.objects.all()
    if not user.is_authenticated:
        return entries.none()
    if user.is_superuser:
        return entries
    confirmed = Q(status=Entry.Status.CONFIRMED)
    if user.organization_id is None:  # belongs nowhere: sees only what is confirmed
        return entries.filter(confirmed)
    own_plans = Q(cycle__plan__ownerships__organization_id=user.organization_id) | Q(
        cycle__plan__parent__ownerships__organization_id=user.organization_id
    )
    if user.role == Role.SECRETARIAT:
        return entries.filter(confirmed | own_plans).distinct()
    if user.role in COMMITTEE:
        accepted = Q(status=Entry.Status.ACCEPTED) & own_plans
        return entries.filter(confirmed | accepted).distinct()
    return entries.filter(confirmed | _own_unit(user)).distinct()


def reportable_entries(user=None) -> QuerySet[Entry]:  # type: ignore[no-untyped-def]
    """Return the entries a printed report may carry: reviewed ones (受理・確定) only.

    A report never prints a draft, not even its reader's own: it is the secretariat's and the
    committee's document. From the web, the reader's scope narrows it further; from the command
    line (user None) it is the secretariat's view.
    """
    reviewed = Entry.objects.filter(status__in=[Entry.Status.ACCEPTED, Entry.Status.CONFIRMED])
    return reviewed if user is None else reviewed.filter(pk__in=visible_entries(user).values("pk"))


def _own_unit(user) -> Q:  # type: ignore[no-untyped-def]
    """Return the entries written by the user's department (or, for 社協 staff, organization)."""
    if user.role == Role.CLERK and user.department_id:
        return Q(department_id=user.department_id)
    if user.role == Role.COUNCIL_STAFF and user.organization_id:
        return Q(organization_id=user.organization_id) | Q(
            department__organization_id=user.organization_id
        )
    return Q(pk__in=[])


def get_entry_for_user(user, entry_id: int) -> Entry:  # type: ignore[no-untyped-def]
    """Return an entry the user may read, or raise Http404 (drafts of others do not exist)."""
    try:
        return (
            visible_entries(user)
            .select_related("cycle__plan", "node", "action", "organization", "department")
            .get(pk=entry_id)
        )
    except Entry.DoesNotExist:
        raise Http404 from None


def writes(user, entry: Entry) -> bool:  # type: ignore[no-untyped-def]
    """Return whether the user may edit and submit the entry now."""
    if entry.status not in WRITABLE:
        return False
    return manages(user, entry.cycle.plan) or _is_own(user, entry)


def _is_own(user, entry: Entry) -> bool:  # type: ignore[no-untyped-def]
    if user.role == Role.CLERK:
        return bool(user.department_id) and entry.department_id == user.department_id
    if user.role == Role.COUNCIL_STAFF:
        orgs = {
            entry.organization_id,
            entry.department.organization_id if entry.department_id else None,
        }
        return user.organization_id is not None and user.organization_id in orgs
    return False


def reviews(user, entry: Entry) -> bool:  # type: ignore[no-untyped-def]
    """Return whether the user may return, accept or reopen the entry (the secretariat)."""
    return manages(user, entry.cycle.plan)


def comments(user, entry: Entry) -> bool:  # type: ignore[no-untyped-def]
    """Return whether the user may comment on the entry (committee and secretariat)."""
    return user.role in COMMITTEE or manages(user, entry.cycle.plan)


def confirms(user, cycle: Cycle) -> bool:  # type: ignore[no-untyped-def]
    """Return whether the user may confirm the cycle (the committee chair of the plan)."""
    if user.is_superuser:
        return True
    return user.role == Role.COMMITTEE_CHAIR and _owns(user, cycle.plan)


def require(allowed: bool) -> None:
    """Raise Forbidden unless allowed."""
    if not allowed:
        raise Forbidden
