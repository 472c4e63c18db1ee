"""Sasaeai rows as HSDS 3.1 objects (docs/hsds.md has the mapping table).

A gathering place is a service of the branch (or council) that runs it, delivered at one location
(its venue); its schedules and phone belong to the service. A base (拠点) is a location of its
organization. A place held at a private home (`private_host`) shows only its area: the location
is named after the area, its address holds the city and the area and nothing finer, and the
coordinates, the phone and the organizer (often the host's own name) are left out.

Functions named `*_item` give the one-to-one fields that HSDS list endpoints return; the others
give the nested object of a detail endpoint. Empty values are left out rather than sent as "".
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import TextChoices
from django.utils import timezone

from sasaeai.accounts.models import Base, Organization
from sasaeai.places.models import GatheringPlace, Schedule

from .ids import hsds_id
from .recurrence import describe

HSDS_VERSION = "3.1"
COUNTRY = "JP"
# HSDS has no field for it, so a made-up demo place says so in its description.
SAMPLE_NOTE = "※架空のデモ値：デモ用に作った集いの場で、実在しません。"
Json = dict[str, Any]


@dataclass(frozen=True)
class Context:
    """What several objects of one answer share: each organization's city, and today."""

    cities: dict[int, str]
    today: date


@dataclass(frozen=True)
class Taxonomy:
    key: str
    name: str
    description: str
    field: str
    choices: type[TextChoices]


TAXONOMIES = (
    Taxonomy(
        "place-kind",
        "集いの場の種類",
        "Sasaeai が集いの場を分ける種類（サロン・集いの場・通いの場・子ども食堂・その他）。",
        "kind",
        GatheringPlace.Kind,
    ),
    Taxonomy(
        "place-category",
        "集いの場の対象",
        "集いの場が主な対象とする人（高齢・障害・子育て・世代間・その他）。",
        "category",
        GatheringPlace.Category,
    ),
)


def _compact(data: Json) -> Json:
    return {key: value for key, value in data.items() if value not in (None, "", [])}


# -- taxonomies ---------------------------------------------------------------------------------


def taxonomy(tax: Taxonomy) -> Json:
    return {"id": hsds_id("taxonomy", tax.key), "name": tax.name, "description": tax.description}


def taxonomy_term(tax: Taxonomy, value: str) -> Json:
    label = tax.choices(value).label
    return {
        "id": hsds_id("taxonomy_term", f"{tax.key}:{value}"),
        "code": value,
        "name": label,
        "description": f"{tax.name}：{label}",
        "taxonomy_id": hsds_id("taxonomy", tax.key),
    }


def all_terms() -> list[tuple[Taxonomy, str]]:
    """Return every (taxonomy, value) pair, in the order of the choices."""
    return [(tax, value) for tax in TAXONOMIES for value in tax.choices.values]


def _attributes(place: GatheringPlace, service_id: str) -> list[Json]:
    return [
        {
            "id": hsds_id("attribute", f"{place.pk}:{tax.key}"),
            "link_id": service_id,
            "link_entity": "service",
            "taxonomy_term_id": (term := taxonomy_term(tax, getattr(place, tax.field)))["id"],
            "taxonomy_term": term,
        }
        for tax in TAXONOMIES
    ]


# -- organizations ------------------------------------------------------------------------------


def organization_item(org: Organization) -> Json:
    parent = org.parent if org.kind == Organization.Kind.BRANCH else None
    return _compact(
        {
            "id": hsds_id("organization", org.pk),
            "name": org.name,
            "alternate_name": org.short_name,
            "description": f"{parent.name}の支部" if parent else org.get_kind_display(),
            "parent_organization_id": hsds_id("organization", parent.pk) if parent else None,
        }
    )


def organization(org: Organization, places: list[GatheringPlace], ctx: Context) -> Json:
    return {
        **organization_item(org),
        "locations": [base_location(base, ctx) for base in org.bases.all()],
        "services": [service_item(place, ctx) for place in places],
    }


# -- locations ----------------------------------------------------------------------------------


def _address(kind: str, pk: int, location_id: str, line: str, city: str, region: str) -> Json:
    address = {
        "id": hsds_id(kind, pk),
        "location_id": location_id,
        # Required by HSDS; "" for a private host, whose street address is withheld.
        "address_1": line.removeprefix(city).strip() if city else line,
        "city": city,
        # Required by HSDS but not held by Sasaeai: sent empty rather than guessed.
        "state_province": "",
        "postal_code": "",
        "country": COUNTRY,
        "address_type": "physical",
    }
    return {**address, "region": region} if region else address


def base_location_item(base: Base) -> Json:
    return {
        "id": hsds_id("base-location", base.pk),
        "location_type": "physical",
        "organization_id": hsds_id("organization", base.organization_id),
        "name": base.name,
        "description": f"{base.organization.name}の拠点",
    }


def base_location(base: Base, ctx: Context) -> Json:
    location = base_location_item(base)
    city = ctx.cities.get(base.organization_id, "")
    addresses = [_address("base-address", base.pk, location["id"], base.address, city, "")]
    phone = {"id": hsds_id("base-phone", base.pk), "location_id": location["id"]}
    hours = {"id": hsds_id("base-schedule", base.pk), "location_id": location["id"]}
    return _compact(
        {
            **location,
            "addresses": addresses if base.address else [],
            "phones": [{**phone, "number": base.phone, "type": "voice"}] if base.phone else [],
            "schedules": [{**hours, "description": f"開所時間：{base.hours}"}]
            if base.hours
            else [],
        }
    )


def _region(place: GatheringPlace, city: str) -> str:
    return place.area.removeprefix(city).strip() if city else place.area


def place_location_item(place: GatheringPlace) -> Json:
    item: Json = {
        "id": hsds_id("place-location", place.pk),
        "location_type": "physical",
        "organization_id": hsds_id("organization", place.branch_id),
    }
    if place.private_host:
        name = place.area or place.branch.name
        note = "個人宅などで開くため、地区名だけを公開しています。"
        return {**item, "name": name, "description": note}
    return _compact({**item, "name": place.name, **_position(place)})


def _position(place: GatheringPlace) -> Json:
    if place.latitude is None or place.longitude is None:
        return {}
    return {"latitude": _number(place.latitude), "longitude": _number(place.longitude)}


def _number(value: Decimal) -> float:
    return float(value)


def place_location(place: GatheringPlace, ctx: Context) -> Json:
    location = place_location_item(place)
    city = ctx.cities.get(place.branch_id, "")
    line = "" if place.private_host else place.address
    address = _address("place-address", place.pk, location["id"], line, city, _region(place, city))
    if not (place.private_host or place.address):
        return location
    return {**location, "addresses": [address]}


# -- services -----------------------------------------------------------------------------------


def _description(place: GatheringPlace) -> str:
    lines = [place.description.strip()]
    if place.organizer and not place.private_host:
        lines.append(f"運営：{place.organizer}")
    if place.capacity:
        lines.append(f"定員：{place.capacity}人")
    if place.sample:
        lines.append(SAMPLE_NOTE)
    return "\n".join(line for line in lines if line)


def service_item(place: GatheringPlace, ctx: Context, *, nested: bool = False) -> Json:
    """Return the service's one-to-one fields (and its organization when `nested`)."""
    started = place.started_on is None or place.started_on <= ctx.today
    item = _compact(
        {
            "id": hsds_id("service", place.pk),
            "organization_id": hsds_id("organization", place.branch_id),
            "name": place.name,
            "description": _description(place),
            "status": "active" if started else "inactive",
            "fees_description": place.fee,
            "eligibility_description": f"対象：{place.get_category_display()}",
            "last_modified": timezone.localtime(place.updated_at).isoformat(
                timespec="milliseconds"
            ),
        }
    )
    return {**item, "organization": organization_item(place.branch)} if nested else item


def schedule(entry: Schedule, service_id: str) -> Json:
    text = describe(entry.freq, entry.interval, entry.byday, entry.opens_at, entry.closes_at)
    offset = timezone.localtime().utcoffset()
    return _compact(
        {
            "id": hsds_id("schedule", entry.pk),
            "service_id": service_id,
            "freq": entry.freq,
            "interval": entry.interval,
            "byday": entry.byday,
            "opens_at": f"{entry.opens_at:%H:%M}" if entry.opens_at else None,
            "closes_at": f"{entry.closes_at:%H:%M}" if entry.closes_at else None,
            "timezone": _hours(offset.total_seconds()) if offset is not None else None,
            "description": f"{text}（{entry.description}）" if entry.description else text,
        }
    )


def _hours(seconds: float) -> int | float:
    hours = seconds / 3600
    return int(hours) if hours.is_integer() else hours


def _phones(place: GatheringPlace, service_id: str) -> list[Json]:
    if place.private_host or not place.phone:
        return []
    phone_id = hsds_id("place-phone", place.pk)
    return [{"id": phone_id, "service_id": service_id, "number": place.phone, "type": "voice"}]


def service_at_location_item(place: GatheringPlace) -> Json:
    return {
        "id": hsds_id("service_at_location", place.pk),
        "service_id": hsds_id("service", place.pk),
        "location_id": hsds_id("place-location", place.pk),
    }


def service_at_location(place: GatheringPlace, ctx: Context) -> Json:
    return {**service_at_location_item(place), "location": place_location(place, ctx)}


def service(place: GatheringPlace, ctx: Context) -> Json:
    """Return the fully nested service of a place."""
    found = service_item(place, ctx, nested=True)
    sid = found["id"]
    return _compact(
        {
            **found,
            "schedules": [schedule(entry, sid) for entry in place.schedules.all()],
            "phones": _phones(place, sid),
            "service_at_locations": [service_at_location(place, ctx)],
            "attributes": _attributes(place, sid),
        }
    )
