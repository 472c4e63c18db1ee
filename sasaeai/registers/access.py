"""Who may see and change which branch's registers: every register view starts here.

Four levels, each a set of organizations (a 社協 and its branches):
- read: places, meetings, neighbourhoods and every count; 社協 staff of the unit, and the staff of
  a city that makes a plan together with the 社協 (read only);
- personal: rows that name people (volunteers, course attendees); 社協 staff of the unit;
- contacts: a volunteer's address, phone and e-mail; volunteer-centre staff of the unit only;
- edit: 社協 staff and volunteer-centre staff of the unit.
A user of the 社協 itself covers all its branches; a user of a branch covers that branch.
Sensitive registers (consultations, watch-over) will add a level of their own here.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404

from sasaeai.accounts.models import Organization, User
from sasaeai.plans.models import PlanOwner

Kind = Organization.Kind
Role = User.Role
STAFF_ROLES = {Role.COUNCIL_STAFF, Role.VOLUNTEER_STAFF}


@dataclass(frozen=True)
class RegisterScope:
    read: frozenset[int] = field(default_factory=frozenset)
    personal: frozenset[int] = field(default_factory=frozenset)
    contacts: frozenset[int] = field(default_factory=frozenset)
    edit: frozenset[int] = field(default_factory=frozenset)

    def __bool__(self) -> bool:
        return bool(self.read)

    def can_read(self, branch_id: int | None) -> bool:
        return branch_id in self.read

    def can_see_people(self, branch_id: int | None) -> bool:
        return branch_id in self.personal

    def can_see_contacts(self, branch_id: int | None) -> bool:
        return branch_id in self.contacts

    def can_edit(self, branch_id: int | None) -> bool:
        return branch_id in self.edit

    def branches(self):  # type: ignore[no-untyped-def]
        """Return the readable organizations, councils first then their branches in order."""
        return Organization.objects.filter(pk__in=self.read).order_by("order", "id")


def units_of(council_ids: set[int]) -> frozenset[int]:
    """Return the councils with all their branches."""
    branches = Organization.objects.filter(parent__in=council_ids, kind=Kind.BRANCH)
    return frozenset(council_ids) | frozenset(branches.values_list("pk", flat=True))


def _cities_councils(city_id: int) -> set[int]:
    plans = PlanOwner.objects.filter(organization_id=city_id).values("plan")
    return set(
        PlanOwner.objects.filter(plan__in=plans, organization__kind=Kind.COUNCIL).values_list(
            "organization_id", flat=True
        )
    )


def scope_for(user) -> RegisterScope:  # type: ignore[no-untyped-def]
    """Return what the user may do with the registers of each branch."""
    if not getattr(user, "is_authenticated", False):
        return RegisterScope()
    if user.is_superuser:
        every = frozenset(
            Organization.objects.filter(kind__in=[Kind.COUNCIL, Kind.BRANCH]).values_list(
                "pk", flat=True
            )
        )
        return RegisterScope(read=every, personal=every, contacts=every, edit=every)
    org = user.organization
    if org is None:
        return RegisterScope()
    if org.kind == Kind.CITY:
        return RegisterScope(read=units_of(_cities_councils(org.pk)))
    units = units_of({org.pk}) if org.kind == Kind.COUNCIL else frozenset({org.pk})
    if user.role not in STAFF_ROLES:
        return RegisterScope(read=units)
    contacts = units if user.role == Role.VOLUNTEER_STAFF else frozenset()
    return RegisterScope(read=units, personal=units, contacts=contacts, edit=units)


def reaches_any(user) -> bool:  # type: ignore[no-untyped-def]
    """Return whether scope_for(user) would read anything, in one query (for the menu)."""
    if not getattr(user, "is_authenticated", False) or not user.organization_id:
        return bool(getattr(user, "is_superuser", False))
    if user.is_superuser:
        return True
    councils = Q(kind=Kind.CITY, planowner__plan__ownerships__organization__kind=Kind.COUNCIL)
    return (
        Organization.objects.filter(pk=user.organization_id)
        .filter(Q(kind__in=[Kind.COUNCIL, Kind.BRANCH]) | councils)
        .exists()
    )


def require(user, level: str = "read"):  # type: ignore[no-untyped-def]
    """Return the user's scope, or raise Http404 when it has nothing at that level."""
    scope = scope_for(user)
    if not getattr(scope, level):
        raise Http404
    return scope


def get_for_user(queryset, user, pk: int, level: str = "read"):  # type: ignore[no-untyped-def]
    """Return the register row `pk` of `queryset` if the user's scope reaches its branch at
    `level`, else raise Http404 (a row of another branch looks the same as no row)."""
    scope = require(user, level)
    row = queryset.filter(pk=pk, branch__in=getattr(scope, level)).first()
    if row is None:
        raise Http404
    return row
