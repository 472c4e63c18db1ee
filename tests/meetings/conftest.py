"""Meetings made for one test in the demo's branches, and clients signed in as demo personas."""

from datetime import date

import pytest

from sasaeai.accounts.models import Organization
from sasaeai.demo.services import PASSWORD
from sasaeai.meetings.models import Meeting, MeetingIssue
from sasaeai.plans.models import Node
from sasaeai.registers.models import Neighbourhood

HIGASHI = "ageo-branch-ageo-higashi"  # shibu's branch
NISHI = "ageo-branch-ageo-nishi"


def org(key: str) -> Organization:
    return Organization.objects.get(key=key)


def hood(branch: str, name: str) -> Neighbourhood:
    return Neighbourhood.objects.get_or_create(branch=org(branch), name=name)[0]


def meeting(branch: str = HIGASHI, theme: str = "試験の懇談会", **fields) -> Meeting:  # type: ignore[no-untyped-def]
    issues = fields.pop("issues", [])
    fields.setdefault("held_on", date(2024, 6, 15))
    fields.setdefault("participants", 20)
    row = Meeting.objects.create(branch=org(branch), theme=theme, **fields)
    for n, (text, node) in enumerate(issues):
        MeetingIssue.objects.create(meeting=row, text=text, node=node, order=n)
    return row


def ageo_node(key: str = "3/6/(1)") -> Node:
    return Node.objects.get(plan__slug="ageo", key=key)


def signed_in(client, username: str):  # type: ignore[no-untyped-def]
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def shibu(demo, client):
    """上尾東支部's council staff: reads and edits that branch only."""
    return signed_in(client, "shibu")


@pytest.fixture
def shakyo(demo, client):
    """The 社協's staff: every branch."""
    return signed_in(client, "shakyo")
