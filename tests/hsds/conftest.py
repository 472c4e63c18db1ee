"""The HSDS feed's fixtures: the ageo demo plus places made here, and the schema checker.

The schema files under schema/ are our own condensed transcription of the HSDS 3.1 JSON schemas
(each names its source in `$comment`); they are never fetched from the network: the registry holds
them all, and `$ref`s resolve inside it.
"""

import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from sasaeai.accounts.models import Organization
from sasaeai.hsds.selectors import today
from sasaeai.places.models import GatheringPlace, Schedule

SCHEMA_DIR = Path(__file__).parent / "schema"
SCHEMAS = {p.stem: json.loads(p.read_text()) for p in sorted(SCHEMA_DIR.glob("*.json"))}
REGISTRY = Registry().with_resources(
    (schema["$id"], Resource.from_contents(schema)) for schema in SCHEMAS.values()
)
FORMATS = FormatChecker()


# jsonschema checks "uri" and "date-time" only with optional packages; check them here instead,
# so that the formats HSDS states are checked whatever is installed.
@FORMATS.checks("uri", raises=ValueError)
def _uri(value: object) -> bool:
    parts = urlsplit(str(value))
    return not isinstance(value, str) or bool(parts.scheme and parts.netloc)


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return "T" in value and datetime.fromisoformat(value).tzinfo is not None


def problems(kind: str, data: Any) -> list[str]:
    """Return every way `data` breaks the schema `kind` (empty when it is valid)."""
    validator = Draft202012Validator(SCHEMAS[kind], registry=REGISTRY, format_checker=FORMATS)
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)
    ]


def get_json(client, url: str) -> Any:
    """GET an HSDS URL and return its JSON, checking the status and the content type."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    assert response["Content-Type"] == "application/json", url
    return response.json()


@dataclass
class Places:
    branch: Organization
    salon: GatheringPlace
    private: GatheringPlace
    unpublished: GatheringPlace
    ended: GatheringPlace
    ending: GatheringPlace


PRIVATE_SECRETS = ("柏座9-8-7", "山田方", "山田花子", "048-999-0000", "35.9911", "139.5822")


def _place(branch: Organization, name: str, **fields: Any) -> GatheringPlace:
    values: dict[str, Any] = {
        "branch": branch,
        "name": name,
        "area": "上尾市二ツ宮",
        "address": "上尾市二ツ宮750 集会所",
        "latitude": Decimal("35.981234"),
        "longitude": Decimal("139.601234"),
        "published": True,
        **fields,
    }
    return GatheringPlace.objects.create(**values)


@pytest.fixture
def places(demo) -> Places:
    """Five places of 上尾東支部: shown, private, unpublished, ended today, ending tomorrow."""
    branch = Organization.objects.get(key="ageo-branch-ageo-higashi")
    salon = _place(
        branch,
        "二ツ宮ふれあいサロン",
        organizer="二ツ宮自治会",
        phone="048-776-0001",
        description="体操とおしゃべりの会です。",
        fee="100円",
        capacity=20,
    )
    Schedule.objects.create(
        place=salon,
        freq="MONTHLY",
        byday="2TU,4TU",
        opens_at=time(10),
        closes_at=time(12),
        description="祝日は休み",
    )
    private = _place(
        branch,
        "柏座お茶のみサロン",
        kind=GatheringPlace.Kind.GATHERING,
        category=GatheringPlace.Category.INTERGENERATIONAL,
        private_host=True,
        organizer="山田花子",
        area="上尾市柏座",
        address="上尾市柏座9-8-7 山田方",
        latitude=Decimal("35.991100"),
        longitude=Decimal("139.582200"),
        phone="048-999-0000",
    )
    Schedule.objects.create(place=private, freq="WEEKLY", byday="WE", opens_at=time(13, 30))
    return Places(
        branch=branch,
        salon=salon,
        private=private,
        unpublished=_place(branch, "非公開サロン", published=False),
        ended=_place(branch, "終わったサロン", ended_on=today()),
        ending=_place(branch, "明日まで続くサロン", ended_on=today() + timedelta(days=1)),
    )


@pytest.fixture
def many_places(places) -> Places:
    """The five places and thirty-seven more published ones: forty in the feed."""
    for n in range(37):
        _place(places.branch, f"サロン{n:02d}", area=f"上尾市二ツ宮{n}")
    return places
