"""Register measures: counts of the registers that an indicator can be bound to (集計値).

Each register app declares its measures in its own `measures.py` (loaded by RegistersConfig.ready);
a measure counts per branch and fiscal year, totals over a set of branches, and names the records
behind a count so that a reader can open them. Counting the indicators of a plan is batched: one
query per measure, not per indicator or year.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from .access import units_of
from .models import IndicatorBinding

Counts = dict[tuple[int, int], int]  # (branch id, fiscal year) → count


@dataclass(frozen=True)
class Param:
    """An option of a measure, asked for when an indicator is bound (講座の種類, 累計 …)."""

    name: str
    label: str
    choices: Sequence[tuple[str, str]] = ()
    kind: type = str


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str
    description: str
    by_branch: Callable[[Sequence[int], Sequence[int], dict[str, Any]], Counts]
    records: Callable[[Sequence[int], int, dict[str, Any]], QuerySet]
    headers: Sequence[str]
    row: Callable[[Any, bool], Sequence[Any]]  # (record, may name people) → cells
    params: Sequence[Param] = ()
    # Distinct counts (people active in a year) are not sums of the branches' counts.
    total: Callable[[Sequence[int], Sequence[int], dict[str, Any]], dict[int, int]] | None = None
    names_people: bool = False
    # The field of a record saying it is made up for the demo (架空のデモ値).
    sample_field: str = "sample"

    def totals(self, branch_ids: Sequence[int], years: Sequence[int], params: dict) -> dict:
        """Return {fiscal year: count over the branches}."""
        if self.total is not None:
            return self.total(branch_ids, years, params)
        sums = dict.fromkeys(years, 0)
        for (_, fy), value in self.by_branch(branch_ids, years, params).items():
            if fy in sums:
                sums[fy] += value
        return sums

    def describe(self, params: dict[str, Any]) -> str:
        """Return what is counted, with the options, as one sentence."""
        options = []
        for param in self.params:
            value = params.get(param.name)
            if value in (None, "", False):
                continue
            shown = dict(param.choices).get(value, value) if param.choices else value
            options.append(f"{param.label}：{'あり' if value is True else shown}")
        return self.description + (f"（{'、'.join(options)}）" if options else "")


REGISTRY: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    REGISTRY[measure.key] = measure
    return measure


def get(key: str) -> Measure | None:
    return REGISTRY.get(key)


def choices() -> list[tuple[str, str]]:
    return [(m.key, m.label) for m in REGISTRY.values()]


def binding_units(binding: IndicatorBinding) -> list[int]:
    """Return the organizations whose registers a binding counts."""
    if binding.branch_id:
        return [binding.branch_id]
    return sorted(units_of({binding.council_id}))


def computed(binding: IndicatorBinding, years: Iterable[int]) -> dict[int, Decimal]:
    """Return {fiscal year: 集計値} of a bound indicator; an unknown measure gives nothing, and
    neither does a year before the binding's first year (the registers were not kept then)."""
    measure = get(binding.measure)
    if measure is None:
        return {}
    years = sorted(y for y in set(years) if not binding.first_year or y >= binding.first_year)
    if not years:
        return {}
    totals = measure.totals(binding_units(binding), years, binding.params or {})
    return {fy: Decimal(totals.get(fy, 0)) for fy in years}


def sample_years(binding: IndicatorBinding, years: Iterable[int]) -> set[int]:
    """Return the years whose 集計値 counts any record made up for the demo (架空のデモ値)."""
    measure = get(binding.measure)
    if measure is None:
        return set()
    units, params = binding_units(binding), binding.params or {}
    return {
        fy
        for fy in years
        if measure.records(units, fy, params).filter(**{measure.sample_field: True}).exists()
    }


def computed_many(bindings: Iterable[IndicatorBinding], years: Iterable[int]) -> dict[int, dict]:
    """Return {indicator id: {fiscal year: 集計値}} for several bindings."""
    years = list(years)
    return {b.indicator_id: computed(b, years) for b in bindings}


def cumulative(per_year: dict[int, int], years: Sequence[int], since: int, base: int) -> dict:
    """Return running totals from `since` (plus a carried-over `base`) for each of `years`."""
    out: dict[int, int] = {}
    for fy in years:
        out[fy] = (
            base + sum(v for y, v in per_year.items() if since <= y <= fy) if fy >= since else 0
        )
    return out
