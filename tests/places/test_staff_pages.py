"""The staff pages of the gathering-place register: who sees and changes what, the form's
messages, and the audit rows every change leaves."""

from datetime import date, time

import pytest
from django.urls import reverse

from sasaeai.audit.models import Event
from sasaeai.places.models import GatheringPlace, Schedule

from .conftest import signed_in

LIST = reverse("places:list")
CREATE = reverse("places:create")


def _form(branch, **overrides):
    values = {
        "branch": branch.pk,
        "name": "いきいきサロン宮本",
        "kind": "salon",
        "category": "elderly",
        "organizer": "宮本町内会",
        "area": "上尾市宮本町",
        "address": "上尾市宮本町1-1 宮本会館",
        "latitude": "35.975000",
        "longitude": "139.590000",
        "phone": "048-111-2222",
        "capacity": "25",
        "fee": "無料",
        "subsidy": "none",
        "subsidy_year": "",
        "started_on": "2024-05-01",
        "ended_on": "",
        "schedules": "毎月第2・第4火曜 10:00-12:00\n隔週金曜 13:30〜15:00（祝日は休み）",
        "published": "on",
        "description": "",
        "note": "",
        "neighbourhood": "",
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


@pytest.mark.parametrize(
    "url",
    [LIST, CREATE, reverse("places:detail", args=[1]), reverse("places:edit", args=[1])],
)
def test_no_login_redirects_to_the_login_page(db, client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_branch_user_sees_only_its_branch(places):
    response = signed_in("shibu").get(LIST + "?status=all")
    assert response.status_code == 200
    text = response.content.decode()
    for key in ("open", "home", "hidden", "ended"):
        assert places[key].name in text
    assert places["other"].name not in text
    assert (
        signed_in("shibu").get(reverse("places:detail", args=[places["other"].pk])).status_code
        == 404
    )


def test_the_council_sees_every_branch_and_counts(places):
    response = signed_in("shakyo").get(LIST)
    assert response.context["page"].paginator.count == 4
    assert response.context["counts"] == {"total": 5, "active": 4, "ended": 1, "published": 3}
    everything = signed_in("shakyo").get(LIST + "?status=all")
    assert everything.context["page"].paginator.count == 5
    salons = signed_in("shakyo").get(LIST + "?kind=salon")
    assert salons.context["counts"] == {"total": 3, "active": 3, "ended": 0, "published": 3}
    assert places["other"].name in everything.content.decode()


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("status=ended", {"終わった子ども食堂"}),
        ("kind=kayoi", {"非公開の通いの場"}),
        ("category=childcare", {"よその支部のサロン"}),
        ("published=no", {"非公開の通いの場"}),
        ("q=春日", {"おうちサロンさくら"}),
        (
            "q=サロン&published=yes",
            {"ふれあいサロン二ツ宮", "おうちサロンさくら", "よその支部のサロン"},
        ),
        ("q=春日9-8", {"おうちサロンさくら"}),
        ("subsidy=granted", {"ふれあいサロン二ツ宮"}),
        ("subsidy_year=2025", {"ふれあいサロン二ツ宮"}),
    ],
)
def test_the_list_filters(places, query, names):
    GatheringPlace.objects.filter(pk=places["open"].pk).update(subsidy="granted", subsidy_year=2025)
    response = signed_in("shakyo").get(f"{LIST}?{query}")
    assert {place.name for place, _ in response.context["rows"]} == names


def test_the_list_filters_by_branch_and_neighbourhood(places, other_branch):
    shakyo = signed_in("shakyo")
    by_branch = shakyo.get(f"{LIST}?branch={other_branch.pk}")
    assert [p.name for p, _ in by_branch.context["rows"]] == ["よその支部のサロン"]
    street = places["open"].neighbourhood
    by_street = shakyo.get(f"{LIST}?neighbourhood={street.pk}")
    assert [p.name for p, _ in by_street.context["rows"]] == ["ふれあいサロン二ツ宮"]


def test_the_list_and_detail_say_the_schedule_in_words(places):
    shibu = signed_in("shibu")
    assert "毎月第2・第4火曜 10:00–12:00" in shibu.get(LIST).content.decode()
    detail = shibu.get(reverse("places:detail", args=[places["open"].pk])).content.decode()
    assert "毎月第2・第4火曜 10:00–12:00" in detail
    assert "架空のデモ値" in detail
    assert 'data-tile-url="https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"' in detail


def test_the_city_clerk_reads_but_cannot_change(places):
    somu = signed_in("somu")
    assert somu.get(LIST).status_code == 200
    detail = somu.get(reverse("places:detail", args=[places["open"].pk]))
    assert detail.status_code == 200
    assert reverse("places:edit", args=[places["open"].pk]) not in detail.content.decode()
    assert somu.get(CREATE).status_code == 404
    edit = reverse("places:edit", args=[places["open"].pk])
    assert somu.post(edit, _form(places["open"].branch)).status_code == 404
    assert not Event.objects.filter(action__startswith="places.").exists()


def test_another_branch_cannot_edit_or_create_under_this_one(places, other_branch, higashi):
    shibu = signed_in("shibu")
    assert shibu.get(reverse("places:edit", args=[places["other"].pk])).status_code == 404
    response = shibu.post(CREATE, _form(other_branch))
    assert response.status_code == 200
    assert "branch" in response.context["form"].errors
    assert not GatheringPlace.objects.filter(name="いきいきサロン宮本").exists()


def test_create_saves_the_place_its_schedules_and_an_audit_row(higashi):
    response = signed_in("shibu").post(CREATE, _form(higashi))
    place = GatheringPlace.objects.get(name="いきいきサロン宮本")
    assert response.status_code == 302
    assert response["Location"] == reverse("places:detail", args=[place.pk])
    rows = list(Schedule.objects.filter(place=place).values_list("freq", "interval", "byday"))
    assert rows == [("MONTHLY", 1, "2TU,4TU"), ("WEEKLY", 2, "FR")]
    assert Schedule.objects.get(place=place, freq="WEEKLY").description == "祝日は休み"
    assert place.sample is False
    event = Event.objects.get(action="places.create", target_id=str(place.pk))
    assert event.actor.username == "shibu"
    assert event.before is None
    assert event.after["name"] == "いきいきサロン宮本"
    assert event.after["latitude"] == "35.975000"
    assert event.after["schedules"] == [
        "毎月第2・第4火曜 10:00–12:00",
        "隔週金曜 13:30–15:00（祝日は休み）",
    ]


def test_edit_ends_a_place_and_records_before_and_after(places):
    place = places["open"]
    edit = reverse("places:edit", args=[place.pk])
    shibu = signed_in("shibu")
    form = shibu.get(edit).context["form"]
    assert form.initial["schedules"] == "毎月第2・第4火曜 10:00–12:00"
    data = _form(
        place.branch, name=place.name, ended_on="2025-03-31", schedules="毎週水曜 13:30-15:30"
    )
    assert shibu.post(edit, data).status_code == 302
    place.refresh_from_db()
    assert place.ended_on == date(2025, 3, 31)
    assert list(place.schedules.values_list("byday", "opens_at")) == [("WE", time(13, 30))]
    event = Event.objects.get(action="places.update", target_id=str(place.pk))
    assert event.before["ended_on"] is None
    assert event.after["ended_on"] == "2025-03-31"
    assert event.before["schedules"] == ["毎月第2・第4火曜 10:00–12:00"]
    assert event.after["schedules"] == ["毎週水曜 13:30–15:30"]
    detail = shibu.get(reverse("places:detail", args=[place.pk])).content.decode()
    assert "2025年3月31日に終了しました" in detail
    assert "終了日" in detail and "開催日程" in detail  # the history names what changed
    assert GatheringPlace.objects.filter(pk=place.pk).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"latitude": "139.59", "longitude": "35.97"}, "latitude", "緯度 139.59 は日本の範囲"),
        ({"longitude": "100.0"}, "longitude", "経度 100.0 は日本の範囲"),
        ({"longitude": ""}, "longitude", "緯度と経度は両方入れるか"),
        (
            {"ended_on": "2024-04-01"},
            "ended_on",
            "終了日（2024-04-01）は開始日（2024-05-01）より後",
        ),
        ({"subsidy": "granted"}, "subsidy_year", "助成年度を入れてください"),
        ({"private_host": "on", "area": ""}, "area", "公開ページに出す地区"),
        ({"name": ""}, "name", "このフィールドは必須です"),
        (
            {"schedules": "毎月第2・第4火曜 10:00-12:00\n毎月火曜"},
            "schedules",
            "2行目「毎月火曜」：毎月の日程では「火曜」が第何週か",
        ),
        (
            {"schedules": "毎週水曜 15:00-13:00"},
            "schedules",
            "1行目「毎週水曜 15:00-13:00」：終了時刻",
        ),
    ],
)
def test_the_form_says_which_field_is_wrong(higashi, overrides, field, message):
    response = signed_in("shibu").post(CREATE, _form(higashi, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any(message in e for e in errors[field]), errors
    assert message in response.content.decode().replace("&quot;", '"')
    assert not GatheringPlace.objects.filter(name="いきいきサロン宮本").exists()
    assert not Event.objects.filter(action="places.create").exists()


def test_a_neighbourhood_of_another_branch_is_refused(places, higashi, other_branch):
    street = places["open"].neighbourhood
    response = signed_in("shakyo").post(CREATE, _form(other_branch, neighbourhood=street.pk))
    assert "二ツ宮自治会" in response.context["form"].errors["neighbourhood"][0]


def test_a_failed_audit_leaves_nothing_half_written(higashi, monkeypatch):
    import sasaeai.places.services as services

    def broken(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "record", broken)
    with pytest.raises(RuntimeError):
        signed_in("shibu").post(CREATE, _form(higashi))
    assert not GatheringPlace.objects.filter(name="いきいきサロン宮本").exists()
    assert not Schedule.objects.exists()
