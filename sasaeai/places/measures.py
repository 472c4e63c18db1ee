"""The measures of the gathering-place register."""

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q

from sasaeai.registers.fiscal import fiscal_year_end
from sasaeai.registers.measures import Counts, Measure, Param, register

from .models import GatheringPlace


def _places(branch_ids: Sequence[int], params: dict[str, Any]):  # type: ignore[no-untyped-def]
    places = GatheringPlace.objects.filter(branch__in=branch_ids)
    if params.get("kind"):
        places = places.filter(kind=params["kind"])
    if params.get("category"):
        places = places.filter(category=params["category"])
    return places


def _active_at(day) -> Q:  # type: ignore[no-untyped-def]
    started = Q(started_on__isnull=True) | Q(started_on__lte=day)
    return started & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))


def active_by_branch(branch_ids: Sequence[int], years: Sequence[int], params: dict) -> Counts:
    """Count per branch the places active on the last day of each fiscal year (年度末)."""
    if not years:
        return {}
    aggregates = {f"y{fy}": Count("pk", filter=_active_at(fiscal_year_end(fy))) for fy in years}
    rows = _places(branch_ids, params).values("branch").annotate(**aggregates)
    return {(row["branch"], fy): row[f"y{fy}"] for row in rows for fy in years}


def active_records(branch_ids: Sequence[int], fy: int, params: dict):  # type: ignore[no-untyped-def]
    return (
        _places(branch_ids, params)
        .filter(_active_at(fiscal_year_end(fy)))
        .select_related("branch")
        .order_by("branch__order", "name")
    )


def _row(place: GatheringPlace, people: bool) -> list[Any]:
    return [
        place.branch.short_name or place.branch.name,
        place.name,
        place.get_kind_display(),
        place.get_category_display(),
        place.started_on,
        place.ended_on,
        "架空" if place.sample else "",
    ]


ACTIVE_PLACES = register(
    Measure(
        key="places.active",
        label="活動中の集いの場の数（年度末）",
        unit="か所",
        description="年度末（3月31日）に活動している集いの場の数",
        by_branch=active_by_branch,
        records=active_records,
        headers=("支部", "名称", "種類", "対象", "開始日", "終了日", "デモ"),
        row=_row,
        params=(
            Param("kind", "種類", GatheringPlace.Kind.choices),
            Param("category", "対象", GatheringPlace.Category.choices),
        ),
    )
)
