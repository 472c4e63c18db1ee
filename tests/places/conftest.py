"""Gathering places made for the tests, and clients signed in as the demo's personas."""

from datetime import date, time
from decimal import Decimal

import pytest
from django.test import Client

from sasaeai.accounts.models import Organization
from sasaeai.demo.services import PASSWORD
from sasaeai.places.models import GatheringPlace, Schedule
from sasaeai.registers.models import Neighbourhood

HIGASHI = "ageo-branch-ageo-higashi"  # 上尾東支部: the branch of the demo user `shibu`


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def higashi(demo) -> Organization:
    return Organization.objects.get(key=HIGASHI)


@pytest.fixture
def other_branch(demo) -> Organization:
    return (
        Organization.objects.filter(kind="branch", parent__key="ageo-council")
        .exclude(key=HIGASHI)
        .order_by("order")
        .first()
    )


def make_place(branch: Organization, name: str, **values) -> GatheringPlace:
    """Create a place straight in the database, with one 毎月第2・第4火曜 10:00–12:00 schedule."""
    defaults = {
        "organizer": "二ツ宮自治会",
        "area": "上尾市二ツ宮",
        "address": "上尾市二ツ宮1-2-3 二ツ宮集会所",
        "latitude": Decimal("35.981234"),
        "longitude": Decimal("139.601234"),
        "phone": "048-000-0000",
        "fee": "100円",
        "capacity": 20,
        "started_on": date(2020, 4, 1),
        "published": True,
        "sample": True,
    }
    place = GatheringPlace.objects.create(branch=branch, name=name, **{**defaults, **values})
    Schedule.objects.create(
        place=place, freq="MONTHLY", byday="2TU,4TU", opens_at=time(10), closes_at=time(12)
    )
    return place


@pytest.fixture
def places(higashi, other_branch):
    """Places of 上尾東 (published, private host, unpublished, ended) and one of another branch."""
    street = Neighbourhood.objects.create(branch=higashi, name="二ツ宮自治会")
    return {
        "open": make_place(higashi, "ふれあいサロン二ツ宮", neighbourhood=street),
        "home": make_place(
            higashi,
            "おうちサロンさくら",
            private_host=True,
            area="上尾市春日",
            address="上尾市春日9-8-7 山田様方",
            organizer="山田 花子",
            phone="048-111-2222",
            note="鍵は山田さんが預かる",
            latitude=Decimal("35.970001"),
            longitude=Decimal("139.590002"),
        ),
        "hidden": make_place(higashi, "非公開の通いの場", kind="kayoi", published=False),
        "ended": make_place(
            higashi, "終わった子ども食堂", kind="kodomo_shokudo", ended_on=date(2024, 3, 31)
        ),
        "other": make_place(
            other_branch,
            "よその支部のサロン",
            category="childcare",
            latitude=Decimal("35.990000"),
            longitude=Decimal("139.570000"),
        ),
    }
