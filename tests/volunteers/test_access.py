"""Who sees what in the volunteer centre: the access matrix of the brief, through HTTP."""

import pytest
from django.urls import reverse

from .conftest import HIGASHI, NISHI, volunteer

PHONE = "090-1111-2222"
EMAIL = "hanako@example.jp"
KANA = "しけん はなこ"


def _list(client):  # type: ignore[no-untyped-def]
    return client.get(reverse("volunteers:volunteer_list") + "?state=all")


def _detail(client, row):  # type: ignore[no-untyped-def]
    return client.get(reverse("volunteers:volunteer_detail", args=[row.pk]))


@pytest.mark.parametrize("username", ["vc", "admin"])
def test_centre_staff_and_superuser_see_contacts(login, username):
    row = volunteer(sample=True)
    client = login(username)
    for response in (_list(client), _detail(client, row)):
        html = response.content.decode()
        assert response.status_code == 200
        assert "試験 花子" in html and PHONE in html and EMAIL in html and KANA in html
        assert "架空のデモ値" in html
    assert "上尾市試験町1-2-3" in _detail(client, row).content.decode()


def test_council_staff_see_names_but_not_contacts(login):
    row = volunteer()
    client = login("shakyo")
    for response in (_list(client), _detail(client, row)):
        html = response.content.decode()
        assert response.status_code == 200
        assert "試験 花子" in html
        assert PHONE not in html and EMAIL not in html and KANA not in html
        assert "上尾市試験町" not in html


def test_council_staff_cannot_find_by_reading_or_edit_contacts(login):
    row = volunteer()
    client = login("shakyo")
    assert (
        "試験 花子"
        not in client.get(reverse("volunteers:volunteer_list") + "?q=しけん").content.decode()
    )
    form = client.get(reverse("volunteers:volunteer_edit", args=[row.pk])).content.decode()
    assert 'name="phone"' not in form and PHONE not in form
    assert 'name="name"' in form


def test_centre_staff_edit_form_has_contacts(login):
    row = volunteer()
    form = login("vc").get(reverse("volunteers:volunteer_edit", args=[row.pk])).content.decode()
    assert 'name="phone"' in form and PHONE in form


def test_branch_staff_see_only_their_branch(login):
    mine = volunteer(HIGASHI, name="東 一郎")
    theirs = volunteer(NISHI, name="西 次郎")
    client = login("shibu")
    html = _list(client).content.decode()
    assert "東 一郎" in html and "西 次郎" not in html
    assert _detail(client, mine).status_code == 200
    assert _detail(client, theirs).status_code == 404
    assert client.get(reverse("volunteers:volunteer_edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("volunteers:volunteer_end", args=[theirs.pk])).status_code == 404


@pytest.mark.parametrize("username", ["kourei", "somu"])
def test_city_staff_see_counts_but_no_volunteer_rows(login, username):
    row = volunteer()
    client = login(username)
    home = client.get(reverse("volunteers:home"))
    assert home.status_code == 200
    assert "試験 花子" not in home.content.decode()
    assert 'data-count="volunteers"' in home.content.decode()
    for name in ("volunteer_list", "group_list", "request_list", "activity_list", "course_list"):
        assert client.get(reverse(f"volunteers:{name}")).status_code == 404, name
    assert _detail(client, row).status_code == 404
    assert client.get(reverse("volunteers:volunteer_create")).status_code == 404


def test_anonymous_is_sent_to_log_in(db, client):
    for name in ("home", "volunteer_list", "request_list"):
        response = client.get(reverse(f"volunteers:{name}"))
        assert response.status_code == 302
        assert "/login" in response["Location"]


def test_home_counts_the_users_scope(login):
    volunteer(HIGASHI, name="東 一郎")
    volunteer(NISHI, name="西 次郎")
    volunteer(HIGASHI, name="東 終了", ended_on=__import__("datetime").date(2025, 1, 1))
    shibu = login("shibu").get(reverse("volunteers:home")).context["counts"]
    shakyo = login("shakyo").get(reverse("volunteers:home")).context["counts"]
    assert shakyo["volunteers"] - shibu["volunteers"] >= 1
    from sasaeai.volunteers.models import Volunteer

    from .conftest import org

    assert (
        shibu["volunteers"]
        == Volunteer.objects.filter(branch=org(HIGASHI), ended_on__isnull=True).count()
    )
