"""Schedules come out as RFC 5545 parts and a Japanese description."""

from datetime import time

import pytest

from sasaeai.hsds.ids import hsds_id
from sasaeai.hsds.recurrence import describe, parse_byday


@pytest.mark.parametrize(
    "freq, interval, byday, opens, closes, text",
    [
        ("MONTHLY", 1, "2TU,4TU", time(10), time(12), "毎月第2・第4火曜 10:00〜12:00"),
        ("MONTHLY", 1, "-1FR", time(13, 30), None, "毎月最終金曜 13:30から"),
        ("MONTHLY", 2, "1MO", None, time(15), "2か月ごと第1月曜 15:00まで"),
        ("MONTHLY", 1, "1MO,3TH", None, None, "毎月第1月曜・第3木曜"),
        ("MONTHLY", 1, "WE", None, None, "毎月の毎週水曜"),
        ("WEEKLY", 1, "TU", time(9), time(11), "毎週火曜 09:00〜11:00"),
        ("WEEKLY", 1, "MO,TH", None, None, "毎週月・木曜"),
        ("WEEKLY", 2, "SA", None, None, "隔週土曜"),
        ("WEEKLY", 3, "SU", None, None, "3週ごと日曜"),
        ("WEEKLY", 1, "火曜", None, None, "毎週火曜"),  # unreadable: the raw text is kept
    ],
)
def test_describe(freq, interval, byday, opens, closes, text):
    assert describe(freq, interval, byday, opens, closes) == text


@pytest.mark.parametrize(
    "byday, parts",
    [
        ("2TU,4TU", [(2, "TU"), (4, "TU")]),
        ("-1fr", [(-1, "FR")]),
        ("TU, TH", [(None, "TU"), (None, "TH")]),
    ],
)
def test_parse_byday(byday, parts):
    assert parse_byday(byday) == parts


@pytest.mark.parametrize("byday", ["", "2XX", "第2火曜", "12", "2TU;4TU"])
def test_parse_byday_refuses_what_is_not_rfc_5545(byday):
    assert parse_byday(byday) is None


def test_second_and_fourth_tuesday_ten_to_twelve(places, client):
    response = client.get(f"/hsds/services/{hsds_id('service', places.salon.pk)}")
    assert '"timezone": 9,' in response.content.decode()
    data = response.json()
    (schedule,) = data["schedules"]
    assert schedule == {
        "id": hsds_id("schedule", places.salon.schedules.get().pk),
        "service_id": data["id"],
        "freq": "MONTHLY",
        "interval": 1,
        "byday": "2TU,4TU",
        "opens_at": "10:00",
        "closes_at": "12:00",
        "timezone": 9,
        "description": "毎月第2・第4火曜 10:00〜12:00（祝日は休み）",
    }
