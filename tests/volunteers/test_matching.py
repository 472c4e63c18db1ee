"""Matching: the slot of a time, overlapping ranges, and the ranking with its reasons."""

from datetime import date

import pytest
from django.urls import reverse

from sasaeai.volunteers import matching, services
from sasaeai.volunteers.models import Booking, Volunteer

from .conftest import HIGASHI, NISHI, at, request_row, volunteer


@pytest.mark.parametrize(
    ("moment", "slot"),
    [
        ("2026-12-01 09:00", "tue_am"),
        ("2026-12-01 11:59", "tue_am"),
        ("2026-12-01 12:00", "tue_pm"),
        ("2026-12-01 16:59", "tue_pm"),
        ("2026-12-01 17:00", "tue_eve"),
        ("2026-12-06 19:30", "sun_eve"),
        ("2026-11-30 00:00", "mon_am"),
    ],
)
def test_slot_of(moment, slot):
    assert matching.slot_of(at(moment)) == slot


def test_slot_of_reads_local_time():
    # 01:00 UTC on a Tuesday is 10:00 in Tokyo: still Tuesday morning.
    assert (
        matching.slot_of(at("2026-12-01 10:00").astimezone(__import__("datetime").UTC)) == "tue_am"
    )


@pytest.mark.parametrize(
    ("a", "b", "clash"),
    [
        (("10:00", "12:00"), ("11:00", "13:00"), True),
        (("10:00", "12:00"), ("09:00", "10:30"), True),
        (("10:00", "12:00"), ("10:30", "11:00"), True),
        (("10:00", "12:00"), ("12:00", "13:00"), False),
        (("10:00", "12:00"), ("08:00", "10:00"), False),
        (("10:00", "12:00"), ("13:00", "14:00"), False),
    ],
)
def test_overlaps(a, b, clash):
    day = "2026-12-01 "
    assert matching.overlaps(*(at(day + t) for t in a + b)) is clash


def _fy() -> int:
    return 2026  # the fiscal year of the requests below


def test_rank_orders_by_skills_area_time_and_insurance(demo):
    req = request_row(skills=["傾聴T", "送迎T"], area=HIGASHI)
    both = volunteer(NISHI, name="両方 できる", skills=["傾聴T", "送迎T"], insurance_year=_fy())
    near = volunteer(NISHI, name="地区 あう", skills=["傾聴T"], areas=[HIGASHI])
    timed = volunteer(NISHI, name="時間 あう", skills=["傾聴T"], availability=["tue_am"])
    branch = volunteer(HIGASHI, name="支部 同じ", insurance_year=_fy())
    stranger = volunteer(NISHI, name="関係 なし", availability=["wed_pm"])
    rows = matching.rank(req, _prefetched([stranger, branch, timed, near, both]))
    names = [s.volunteer.name for s in rows]
    assert names == ["両方 できる", "地区 あう", "時間 あう", "支部 同じ"]
    first, second, third, fourth = rows
    assert first.skills == ["傾聴T", "送迎T"] and first.insured and not first.area
    assert second.area == "活動できる地区" and not second.time
    assert third.time and not third.area
    assert fourth.area == "同じ支部" and fourth.skills == []


def test_insurance_breaks_a_tie(demo):
    req = request_row(skills=["傾聴T"])
    uninsured = volunteer(NISHI, name="保険 なし", kana="あ", skills=["傾聴T"], insurance_year=2024)
    insured = volunteer(NISHI, name="保険 あり", kana="ん", skills=["傾聴T"], insurance_year=2026)
    rows = matching.rank(req, _prefetched([uninsured, insured]))
    assert [s.volunteer for s in rows] == [insured, uninsured]
    assert not rows[1].insured


def _prefetched(rows):  # type: ignore[no-untyped-def]
    ids = [v.pk for v in rows]
    found = {
        v.pk: v for v in Volunteer.objects.filter(pk__in=ids).prefetch_related("skills", "areas")
    }
    return [found[pk] for pk in ids]


def test_suggest_leaves_out_ended_and_already_put_forward_and_puts_busy_last(demo):
    vc = __import__("sasaeai.accounts.models", fromlist=["User"]).User.objects.get(username="vc")
    req = request_row(skills=["傾聴T"])
    busy = volunteer(
        name="忙しい 人", skills=["傾聴T"], availability=["tue_am"], insurance_year=2026
    )
    free = volunteer(name="空いて いる", skills=["傾聴T"])
    volunteer(name="終わった 人", skills=["傾聴T"], ended_on=date(2026, 4, 1))
    proposed = volunteer(name="打診 済み", skills=["傾聴T"])
    services.propose(req, proposed, user=vc)
    other = request_row(starts="2026-12-01 11:00", ends="2026-12-01 13:00")
    services.confirm(services.propose(other, busy, user=vc), user=vc)
    rows = matching.suggest(req, [busy.branch_id], limit=1000)
    names = [s.volunteer.name for s in rows]
    assert names.index("空いて いる") < names.index("忙しい 人")
    assert "終わった 人" not in names and "打診 済み" not in names
    assert rows[names.index("忙しい 人")].busy_with == other
    assert free.pk in [s.volunteer.pk for s in rows]


def test_request_page_shows_why_each_is_suggested(login):
    req = request_row(skills=["傾聴T"], area=HIGASHI)
    volunteer(NISHI, name="理由 太郎", skills=["傾聴T"], areas=[HIGASHI], availability=["tue_am"])
    html = login("vc").get(reverse("volunteers:request_detail", args=[req.pk])).content.decode()
    row = html[html.index("理由 太郎") :]
    row = row[: row.index("</tr>")]
    assert "できること：傾聴T" in row
    assert "地区：活動できる地区" in row
    assert "時間帯：火午前に活動できる" in row
    assert "今年度の保険に未加入" in row


def test_proposing_through_the_page(login):
    req = request_row(skills=["傾聴T"])
    v = volunteer(skills=["傾聴T"])
    client = login("vc")
    response = client.post(
        reverse("volunteers:request_propose", args=[req.pk]), {"volunteer": v.pk}
    )
    assert response.status_code == 302
    assert Booking.objects.get(request=req, volunteer=v).status == Booking.Status.PROPOSED
    other = volunteer(NISHI, name="他 支部")
    shibu = login("shibu")
    assert (
        shibu.post(
            reverse("volunteers:request_propose", args=[req.pk]), {"volunteer": other.pk}
        ).status_code
        == 404
    )
