"""Rows of the volunteer centre made for one test, and clients signed in as the demo personas."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from sasaeai.accounts.models import Organization
from sasaeai.demo.services import PASSWORD
from sasaeai.volunteers.models import Request, Skill, Volunteer

TOKYO = ZoneInfo("Asia/Tokyo")
HIGASHI = "ageo-branch-ageo-higashi"  # shibu's branch
NISHI = "ageo-branch-ageo-nishi"


def at(text: str) -> datetime:
    """Return a Tokyo time from "2026-12-01 10:00"."""
    return datetime.fromisoformat(text).replace(tzinfo=TOKYO)


def org(key: str) -> Organization:
    return Organization.objects.get(key=key)


def skill(name: str) -> Skill:
    return Skill.objects.get_or_create(name=name)[0]


def volunteer(branch: str = HIGASHI, name: str = "試験 花子", **fields) -> Volunteer:  # type: ignore[no-untyped-def]
    """Create a volunteer; `skills` and `areas` (names / organization keys) are set after."""
    skills = fields.pop("skills", [])
    areas = fields.pop("areas", [])
    fields.setdefault("kana", "しけん はなこ")
    fields.setdefault("phone", "090-1111-2222")
    fields.setdefault("email", "hanako@example.jp")
    fields.setdefault("address", "上尾市試験町1-2-3")
    row = Volunteer.objects.create(branch=org(branch), name=name, **fields)
    row.skills.set([skill(s) for s in skills])
    row.areas.set([org(a) for a in areas])
    return row


def request_row(
    branch: str = HIGASHI,
    starts: str = "2026-12-01 10:00",
    ends: str = "2026-12-01 12:00",
    **fields,  # type: ignore[no-untyped-def]
) -> Request:
    skills = fields.pop("skills", [])
    area = fields.pop("area", None)
    fields.setdefault("requester", "特別養護老人ホーム試験園")
    fields.setdefault("what", "話し相手")
    row = Request.objects.create(
        branch=org(branch),
        starts_at=at(starts),
        ends_at=at(ends),
        area=org(area) if area else None,
        **fields,
    )
    row.skills.set([skill(s) for s in skills])
    return row


@pytest.fixture
def login(demo, client):  # type: ignore[no-untyped-def]
    """Return a function that signs the test client in as a demo persona."""

    def sign_in(username: str):  # type: ignore[no-untyped-def]
        client.logout()
        assert client.login(username=username, password=PASSWORD)
        return client

    return sign_in
