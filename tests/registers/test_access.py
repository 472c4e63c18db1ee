"""Who reaches which branch's registers, at which level."""

import pytest
from django.http import Http404

from sasaeai.accounts.models import Organization, User
from sasaeai.places.models import GatheringPlace
from sasaeai.registers.access import get_for_user, reaches_any, require, scope_for, units_of


@pytest.fixture
def ageo(demo):
    council = Organization.objects.get(key="ageo-council")
    higashi = Organization.objects.get(key="ageo-branch-ageo-higashi")
    nishi = Organization.objects.get(key="ageo-branch-ageo-nishi")
    return council, higashi, nishi


def _user(username: str) -> User:
    return User.objects.get(username=username)


def test_the_council_and_its_thirteen_branches_are_one_unit(ageo):
    council, higashi, _ = ageo
    units = units_of({council.pk})
    assert council.pk in units and higashi.pk in units
    assert len(units) == 14


def test_council_staff_read_and_edit_every_branch_but_see_no_contacts(ageo):
    council, higashi, nishi = ageo
    scope = scope_for(_user("shakyo"))
    for unit in (council, higashi, nishi):
        assert scope.can_read(unit.pk) and scope.can_edit(unit.pk)
        assert scope.can_see_people(unit.pk)
        assert not scope.can_see_contacts(unit.pk)


def test_a_branch_coordinator_reaches_only_that_branch(ageo):
    council, higashi, nishi = ageo
    scope = scope_for(_user("shibu"))
    assert scope.can_edit(higashi.pk) and scope.can_see_people(higashi.pk)
    assert not scope.can_read(nishi.pk) and not scope.can_read(council.pk)


def test_volunteer_centre_staff_see_contacts(ageo):
    _, higashi, _ = ageo
    assert scope_for(_user("vc")).can_see_contacts(higashi.pk)


@pytest.mark.parametrize("username", ["secretariat", "somu", "kourei", "iin", "chair"])
def test_city_users_of_a_joint_plan_read_the_councils_registers_and_nothing_more(ageo, username):
    council, higashi, _ = ageo
    scope = scope_for(_user(username))
    assert scope.can_read(council.pk) and scope.can_read(higashi.pk)
    assert not scope.personal and not scope.contacts and not scope.edit


def test_nobody_else_reaches_ageo(ageo):
    council, _, _ = ageo
    outsider = User.objects.create(username="other", role=User.Role.COUNCIL_STAFF)
    assert not scope_for(outsider)
    other_city = Organization.objects.create(key="x-city", name="X市", kind="city")
    outsider.organization = other_city
    assert not scope_for(outsider).can_read(council.pk)
    with pytest.raises(Http404):
        require(outsider)


def test_a_row_of_another_branch_is_a_404(ageo):
    _, _, nishi = ageo
    place = GatheringPlace.objects.create(branch=nishi, name="西のサロン")
    with pytest.raises(Http404):
        get_for_user(GatheringPlace.objects.all(), _user("shibu"), place.pk, "edit")
    assert get_for_user(GatheringPlace.objects.all(), _user("shakyo"), place.pk, "edit") == place
    with pytest.raises(Http404):
        get_for_user(GatheringPlace.objects.all(), _user("kourei"), place.pk, "edit")


def test_anonymous_users_reach_nothing(db):
    from django.contrib.auth.models import AnonymousUser

    assert not scope_for(AnonymousUser())


def test_the_menus_quick_check_agrees_with_the_scope(ageo):
    from django.contrib.auth.models import AnonymousUser

    other_city = Organization.objects.create(key="x-city", name="X市", kind="city")
    users = [*User.objects.all(), User(username="x", organization=other_city), AnonymousUser()]
    users.append(User(username="nobody"))
    for user in users:
        assert reaches_any(user) == bool(scope_for(user)), user
