"""Creating and editing through the pages: audit events without contact details, form messages,
filters, the insurance flag, activity totals and the training a volunteer has taken."""

import json
from datetime import date

from django.urls import reverse

from sasaeai.audit.models import Event
from sasaeai.registers.fiscal import fiscal_year_of
from sasaeai.volunteers.models import (
    Activity,
    ActivityTally,
    Course,
    Request,
    Volunteer,
    VolunteerGroup,
)

from .conftest import HIGASHI, NISHI, org, request_row, skill, volunteer

SECRET = ("090-9876-5432", "secret@example.jp", "上尾市秘密町9-9", "ひみつ たろう")


def _volunteer_post(**changes):  # type: ignore[no-untyped-def]
    data = {
        "branch": org(HIGASHI).pk,
        "name": "秘密 太郎",
        "kana": SECRET[3],
        "phone": SECRET[0],
        "email": SECRET[1],
        "address": SECRET[2],
        "skills": [skill("傾聴T").pk],
        "areas": [org(HIGASHI).pk, org(NISHI).pk],
        "availability": ["tue_am", "sat_eve"],
        "insurance_year": str(fiscal_year_of(date.today())),
        "note": "",
    }
    data.update(changes)
    return data


def test_create_and_edit_a_volunteer_audits_which_contacts_changed_never_their_values(login):
    client = login("vc")
    response = client.post(reverse("volunteers:volunteer_create"), _volunteer_post())
    assert response.status_code == 302
    person = Volunteer.objects.get(name="秘密 太郎")
    assert person.phone == SECRET[0] and person.availability == ["tue_am", "sat_eve"]
    assert {a.key for a in person.areas.all()} == {HIGASHI, NISHI}
    edit = _volunteer_post(phone="090-0000-0001", note="送迎可")
    client.post(reverse("volunteers:volunteer_edit", args=[person.pk]), edit)
    client.post(reverse("volunteers:volunteer_end", args=[person.pk]))
    person.refresh_from_db()
    assert person.phone == "090-0000-0001" and person.ended_on is not None
    events = Event.objects.filter(target_type="volunteers.volunteer", target_id=str(person.pk))
    actions = list(events.order_by("pk").values_list("action", flat=True))
    assert actions == [
        "volunteers.volunteer.create",
        "volunteers.volunteer.update",
        "volunteers.volunteer.end",
    ]
    dumped = json.dumps([[e.before, e.after] for e in events], ensure_ascii=False)
    for secret in (*SECRET, "090-0000-0001"):
        assert secret not in dumped
    update = events.get(action="volunteers.volunteer.update")
    assert update.after["changed"] == ["phone"]
    assert update.before["note"] == "" and update.after["note"] == "送迎可"
    assert events.get(action="volunteers.volunteer.create").after["changed"] == [
        "kana",
        "phone",
        "email",
        "address",
    ]


def test_council_staff_edit_keeps_the_contacts_they_cannot_see(login):
    person = volunteer(name="残る 連絡先")
    client = login("shakyo")
    data = _volunteer_post(name="残る 連絡先", note="更新")
    for key in ("kana", "phone", "email", "address"):
        data.pop(key)
    assert (
        client.post(reverse("volunteers:volunteer_edit", args=[person.pk]), data).status_code == 302
    )
    person.refresh_from_db()
    assert person.note == "更新" and person.phone == "090-1111-2222"


def test_volunteer_form_messages_name_the_field(login):
    client = login("vc")
    response = client.post(
        reverse("volunteers:volunteer_create"),
        _volunteer_post(name="", email="not-an-address", insurance_year="26", availability=["xx"]),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "氏名：このフィールドは必須です。" in html
    assert "メールアドレス：" in html
    assert "保険の加入年度は西暦の年度で入力してください" in html
    assert "活動できる時間帯：" in html
    assert not Volunteer.objects.filter(email="not-an-address").exists()


def test_request_form_checks_times_and_people(login):
    client = login("vc")
    data = {
        "branch": org(HIGASHI).pk,
        "requester": "施設C",
        "requester_kind": "facility",
        "what": "見守り",
        "starts_at": "2026-12-01T12:00",
        "ends_at": "2026-12-01T10:00",
        "people_needed": "0",
        "status": "open",
    }
    response = client.post(reverse("volunteers:request_create"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "終了日時：終了日時は開始日時より後にしてください。" in html
    assert "必要な人数：必要な人数は1人以上にしてください。" in html
    data.update(ends_at="2026-12-01T14:00", people_needed="2")
    assert client.post(reverse("volunteers:request_create"), data).status_code == 302
    req = Request.objects.get(requester="施設C")
    assert Event.objects.filter(action="volunteers.request.create", target_id=str(req.pk)).exists()
    data["status"] = "cancelled"
    client.post(reverse("volunteers:request_edit", args=[req.pk]), data)
    event = Event.objects.get(action="volunteers.request.update", target_id=str(req.pk))
    assert (event.before["status"], event.after["status"]) == ("open", "cancelled")


def test_volunteer_list_filters(login):
    fy = fiscal_year_of(date.today())
    volunteer(name="保険 有効", skills=["点訳T"], availability=["tue_am"], insurance_year=fy)
    volunteer(name="保険 切れ", skills=["点訳T"], availability=["wed_pm"], insurance_year=fy - 1)
    volunteer(name="登録 終了", skills=["点訳T"], ended_on=date(2025, 3, 31))
    client = login("vc")
    url = reverse("volunteers:volunteer_list")
    s = skill("点訳T").pk

    def names(query: str) -> set[str]:
        rows = client.get(f"{url}?skill={s}&{query}").context["rows"]
        return {r["volunteer"].name for r in rows}

    assert names("") == {"保険 有効", "保険 切れ"}
    assert names("state=ended") == {"登録 終了"}
    assert names("state=all") == {"保険 有効", "保険 切れ", "登録 終了"}
    assert names("insurance=current") == {"保険 有効"}
    assert names("insurance=expired") == {"保険 切れ"}
    assert names("slot=tue_am") == {"保険 有効"}
    assert names("q=切れ") == {"保険 切れ"}
    assert names(f"branch={org(NISHI).pk}") == set()
    html = client.get(f"{url}?skill={s}").content.decode()
    assert f"{fy - 1}年度（期限切れ）" in html


def test_group_create_and_members(login):
    client = login("vc")
    data = {"branch": org(HIGASHI).pk, "name": "傾聴の会テスト", "members": "12"}
    assert client.post(reverse("volunteers:group_create"), data).status_code == 302
    group = VolunteerGroup.objects.get(name="傾聴の会テスト")
    person = volunteer(name="会員 一号")
    person.groups.add(group)
    html = client.get(reverse("volunteers:group_detail", args=[group.pk])).content.decode()
    assert "会員 一号" in html
    assert Event.objects.filter(action="volunteers.volunteergroup.create").exists()


def test_activity_pages_total_and_feed_the_tally(login):
    client = login("vc")
    person = volunteer()
    data = {
        "branch": org(HIGASHI).pk,
        "date": "2026-06-10",
        "volunteer": person.pk,
        "description": "配食",
        "hours": "2.5",
        "people": "3",
    }
    assert client.post(reverse("volunteers:activity_create"), data).status_code == 302
    activity = Activity.objects.get(description="配食")
    tally = ActivityTally.objects.get(branch=org(HIGASHI), fiscal_year=2026)
    page = client.get(reverse("volunteers:activity_list") + f"?fy=2026&branch={org(HIGASHI).pk}")
    assert page.context["totals"]["people"] == tally.people
    assert page.context["totals"]["records"] == tally.records
    client.post(reverse("volunteers:activity_delete", args=[activity.pk]))
    assert not Activity.objects.filter(pk=activity.pk).exists()
    actions = Event.objects.filter(target_type="volunteers.activity", target_id=str(activity.pk))
    assert set(actions.values_list("action", flat=True)) == {
        "volunteers.activity.create",
        "volunteers.activity.delete",
    }


def test_activity_needs_a_volunteer_or_a_group(login):
    client = login("vc")
    data = {"branch": org(HIGASHI).pk, "date": "2026-06-10", "hours": "1", "people": "0"}
    response = client.post(reverse("volunteers:activity_create"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "ボランティアかグループのどちらかを選んでください。" in html
    assert "参加人数は1人以上にしてください。" in html


def test_course_attendance_shows_in_the_volunteers_training(login):
    client = login("vc")
    data = {
        "branch": org(HIGASHI).pk,
        "title": "認知症サポーター養成講座（試験）",
        "kind": "dementia_supporter",
        "held_on": "2026-07-01",
    }
    assert client.post(reverse("volunteers:course_create"), data).status_code == 302
    course = Course.objects.get(title=data["title"])
    person = volunteer(name="受講 さん")
    url = reverse("volunteers:course_detail", args=[course.pk])
    assert client.post(url, {"volunteer": person.pk, "completed": "on"}).status_code == 302
    assert client.post(url, {"name": "住民 さん"}).status_code == 302
    both = client.post(url, {"volunteer": person.pk, "name": "二重"})
    assert both.status_code == 400
    assert "どちらか一方" in both.content.decode()
    assert course.attendances.count() == 2
    detail = client.get(reverse("volunteers:volunteer_detail", args=[person.pk])).content.decode()
    training = detail[detail.index("受講歴") :]
    assert "認知症サポーター養成講座（試験）" in training and "修了" in training


def test_branch_staff_cannot_change_another_branchs_request(login):
    theirs = request_row(NISHI)
    client = login("shibu")
    assert client.get(reverse("volunteers:request_detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("volunteers:request_done", args=[theirs.pk])).status_code == 404


def test_the_demo_registers_render_marked_as_sample(
    demo_registers, client, django_assert_max_num_queries
):
    from sasaeai.demo.services import PASSWORD

    assert client.login(username="vc", password=PASSWORD)
    for name in ("volunteer_list", "group_list", "request_list", "activity_list", "course_list"):
        with django_assert_max_num_queries(25):
            response = client.get(reverse(f"volunteers:{name}") + "?fy=2024")
        assert response.status_code == 200, name
        assert "架空のデモ値" in response.content.decode(), name
    req = Request.objects.filter(status=Request.Status.OPEN).first()
    with django_assert_max_num_queries(30):
        page = client.get(reverse("volunteers:request_detail", args=[req.pk]))
    assert page.status_code == 200
    assert page.context["suggestions"], "the demo's open request should get suggestions"
