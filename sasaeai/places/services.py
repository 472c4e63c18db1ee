"""Writes and reads of the gathering-place register (サロン・集いの場・通いの場・子ども食堂).

Every change goes through a function here, in one transaction with its audit event:
`places.create`, `places.update` (the place and its schedules, before and after). A place that
stops meeting is ended (`ended_on`), never deleted, so the yearly counts of the past stay true.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from sasaeai.audit.services import record

from . import schedule as words
from .models import GatheringPlace, Schedule

FIELDS = (
    "branch",
    "name",
    "kind",
    "category",
    "neighbourhood",
    "organizer",
    "private_host",
    "area",
    "address",
    "latitude",
    "longitude",
    "phone",
    "description",
    "capacity",
    "fee",
    "subsidy",
    "subsidy_year",
    "started_on",
    "ended_on",
    "published",
    "note",
)
# Japan from 沖ノ鳥島 and 与那国島 to 択捉島 and 南鳥島, with a margin: a point outside is a typo
# (latitude and longitude swapped, a sign lost), not a place in Ageo.
LATITUDE_RANGE = (Decimal("20"), Decimal("46"))
LONGITUDE_RANGE = (Decimal("122"), Decimal("154"))
ACTION_LABELS = {"places.create": "登録", "places.update": "変更"}


def today() -> date:
    """Return today's date in Japan; the one seam tests move to control "ended"."""
    return timezone.localdate()


def rule_of(row: Schedule) -> words.Rule:
    """Return a stored schedule as a rule of schedule.py."""
    return words.Rule(
        freq=row.freq,
        byday=words.parse_byday(row.byday),
        interval=row.interval,
        opens_at=row.opens_at,
        closes_at=row.closes_at,
        description=row.description,
    )


def schedule_words(row: Schedule) -> str:
    """Return a stored schedule in Japanese, or its raw fields if they no longer hold together."""
    try:
        return words.render(words.validate(rule_of(row)))
    except words.ScheduleError:
        return f"{row.get_freq_display()} {row.byday}"


def schedules_in_words(place: GatheringPlace) -> list[str]:
    """Return each schedule of a place in Japanese (uses a prefetched `schedules`)."""
    return [schedule_words(row) for row in place.schedules.all()]


def snapshot(place: GatheringPlace) -> dict[str, Any]:
    """Return the place and its schedules as plain values, for the audit log."""
    values: dict[str, Any] = {}
    for name in FIELDS:
        value = getattr(place, f"{name}_id" if name in ("branch", "neighbourhood") else name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        values[name] = value
    values["schedules"] = schedules_in_words(place)
    return values


def check(values: dict[str, Any]) -> dict[str, str]:
    """Return the problems of a place's values, each under the field it concerns."""
    problems: dict[str, str] = {}
    neighbourhood = values.get("neighbourhood")
    branch = values.get("branch")
    if neighbourhood is not None and branch is not None and neighbourhood.branch_id != branch.pk:
        problems["neighbourhood"] = (
            f"自治会・町内会「{neighbourhood.name}」は{branch.name}の自治会・町内会ではありません。"
        )
    problems.update(_check_position(values.get("latitude"), values.get("longitude")))
    started, ended = values.get("started_on"), values.get("ended_on")
    if started and ended and ended < started:
        problems["ended_on"] = f"終了日（{ended}）は開始日（{started}）より後の日にしてください。"
    if values.get("subsidy") == GatheringPlace.Subsidy.GRANTED and not values.get("subsidy_year"):
        problems["subsidy_year"] = "助成が「交付」のときは助成年度を入れてください（例：2025）。"
    if values.get("private_host") and not (values.get("area") or "").strip():
        problems["area"] = (
            "個人宅などの場合、公開ページに出す地区を入れてください（例：上尾市二ツ宮）。"
        )
    return problems


def _check_position(latitude: Any, longitude: Any) -> dict[str, str]:
    if (latitude is None) != (longitude is None):
        missing = "longitude" if longitude is None else "latitude"
        return {missing: "緯度と経度は両方入れるか、両方空にしてください。"}
    problems = {}
    if latitude is not None and not LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]:
        problems["latitude"] = f"緯度 {latitude} は日本の範囲（北緯20〜46度）の外です。"
    if longitude is not None and not LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]:
        problems["longitude"] = f"経度 {longitude} は日本の範囲（東経122〜154度）の外です。"
    return problems


class PlaceError(Exception):
    """Values that cannot be saved; `problems` maps a field name to a message naming it."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("、".join(problems.values()))


def write_schedules(place: GatheringPlace, rules: list[words.Rule]) -> None:
    """Replace a place's schedules with the given rules, in their order."""
    place.schedules.all().delete()
    Schedule.objects.bulk_create(
        Schedule(
            place=place,
            freq=rule.freq,
            interval=rule.interval,
            byday=rule.byday_text,
            opens_at=rule.opens_at,
            closes_at=rule.closes_at,
            description=rule.description,
            order=n,
        )
        for n, rule in enumerate(rules)
    )


def _validated(values: dict[str, Any], rules: list[words.Rule]) -> None:
    problems = check(values)
    if problems:
        raise PlaceError(problems)
    for rule in rules:
        words.validate(rule)


@transaction.atomic
def create_place(*, user: Any, rules: list[words.Rule], **values: Any) -> GatheringPlace:
    """Register a place with its schedules."""
    _validated(values, rules)
    place = GatheringPlace(**{f: values[f] for f in FIELDS if f in values})
    place.save()
    write_schedules(place, rules)
    record("places.create", place, user=user, after=snapshot(place))
    return place


@transaction.atomic
def update_place(
    place: GatheringPlace, *, user: Any, rules: list[words.Rule], **values: Any
) -> GatheringPlace:
    """Change a place and replace its schedules; ending it is setting `ended_on`."""
    _validated(values, rules)
    place = GatheringPlace.objects.select_for_update().get(pk=place.pk)
    before = snapshot(place)
    for name in FIELDS:
        if name in values:
            setattr(place, name, values[name])
    place.save()
    write_schedules(place, rules)
    record("places.update", place, user=user, before=before, after=snapshot(place))
    return place


def changed_labels(before: Any, after: Any) -> list[str]:
    """Return the names of the fields an audit event changed (none for a creation)."""
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    names = [k for k in after if before.get(k) != after.get(k)]
    return [_label(name) for name in names]


def _label(name: str) -> str:
    if name == "schedules":
        return "開催日程"
    try:
        return str(GatheringPlace._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field since removed from the model
        return name


# --- reads ---------------------------------------------------------------------------------


def active_q(today: date) -> Q:
    """Return the filter of places that have not ended by `today`."""
    return Q(ended_on__isnull=True) | Q(ended_on__gt=today)


def counts(places: QuerySet[GatheringPlace], today: date) -> dict[str, int]:
    """Return how many of `places` there are, are active, ended and published."""
    return places.aggregate(
        total=Count("pk"),
        active=Count("pk", filter=active_q(today)),
        ended=Count("pk", filter=~active_q(today)),
        published=Count("pk", filter=Q(published=True) & active_q(today)),
    )


def public_places(today: date) -> QuerySet[GatheringPlace]:
    """Return the places shown to the public: agreed to be published and not ended."""
    return (
        GatheringPlace.objects.filter(active_q(today), published=True)
        .select_related("branch")
        .prefetch_related("schedules", "branch__bases")
    )
