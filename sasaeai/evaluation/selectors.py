"""Grades of a plan's indicators, computed from the database in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max, Prefetch, QuerySet

from sasaeai.grading import (
    BUILTIN_SCHEMES,
    IndicatorInput,
    Observation,
    Result,
    Scheme,
    SchemeError,
    TargetInput,
    composite,
    distribution,
    evaluate_many,
    parse_scheme,
)
from sasaeai.plans.models import Actual, Indicator, Node, Plan, Target

from .models import GradeOverride

DEFAULT_SCHEME = "kenko21"


@dataclass
class Graded:
    indicator: Indicator
    result: Result
    override: GradeOverride | None = None

    @property
    def grade(self) -> str:
        """Return the grade in force: the committee's override, else the computed one."""
        return self.override.grade if self.override else self.result.grade


@dataclass
class PlanEvaluation:
    plan: Plan
    scheme: Scheme
    as_of: int | None
    graded: dict[int, Graded] = field(default_factory=dict)
    by_node: dict[int, list[Graded]] = field(default_factory=dict)

    def for_node(self, node_id: int) -> list[Graded]:
        return self.by_node.get(node_id, [])

    def composite(self, graded: list[Graded]) -> tuple[float | None, str | None]:
        """Return the average and grade of computed grades (overrides do not count)."""
        return composite((g.result.grade for g in graded), self.scheme)

    def distribution(self, graded: list[Graded]) -> dict[str, int]:
        return distribution((g.result.grade for g in graded), self.scheme)


def plan_scheme(plan: Plan) -> Scheme:
    """Return the plan's grading scheme (kenko21 when none is set)."""
    try:
        return parse_scheme(plan.grading_scheme or DEFAULT_SCHEME)
    except SchemeError:
        return BUILTIN_SCHEMES[DEFAULT_SCHEME]


def latest_year(plan: Plan) -> int | None:
    """Return the latest fiscal year with an actual value in the plan."""
    found = Actual.objects.filter(indicator__node__plan=plan, value__isnull=False)
    return found.aggregate(year=Max("fiscal_year"))["year"]


def indicators_for_grading(plan: Plan) -> QuerySet[Indicator]:
    return Indicator.objects.filter(node__plan=plan).prefetch_related(
        Prefetch("targets", queryset=Target.objects.order_by("order", "id")),
        Prefetch("actuals", queryset=Actual.objects.order_by("fiscal_year")),
    )


def evaluate_plan(
    plan: Plan, as_of: int | None = None, scheme: Scheme | None = None
) -> PlanEvaluation:
    """Grade every indicator of a plan at a fiscal year (default: the latest with values)."""
    scheme = scheme or plan_scheme(plan)
    as_of = as_of or latest_year(plan)
    indicators = list(indicators_for_grading(plan))
    results = evaluate_many((to_input(i) for i in indicators), scheme, as_of)
    overrides = overrides_in_force(indicators, as_of)
    evaluation = PlanEvaluation(plan=plan, scheme=scheme, as_of=as_of)
    by_node: dict[int, list[Graded]] = defaultdict(list)
    for indicator, result in zip(indicators, results, strict=True):
        graded = Graded(indicator, result, overrides.get(indicator.pk))
        evaluation.graded[indicator.pk] = graded
        by_node[indicator.node_id].append(graded)
    evaluation.by_node = dict(by_node)
    return evaluation


def overrides_in_force(indicators: list[Indicator], as_of: int | None) -> dict[int, GradeOverride]:
    """Return the latest override per indicator for the year, leaving out withdrawn ones."""
    rows = GradeOverride.objects.filter(indicator__in=indicators, fiscal_year=as_of).select_related(
        "created_by"
    )
    latest: dict[int, GradeOverride] = {}
    for row in rows.order_by("indicator_id", "-created_at", "-id"):
        latest.setdefault(row.indicator_id, row)
    return {k: v for k, v in latest.items() if v.grade}


def to_input(indicator: Indicator) -> IndicatorInput:
    """Return the grading input of an indicator whose targets and actuals are prefetched."""
    return IndicatorInput(
        id=indicator.key,
        baseline=Observation(indicator.baseline_year, _float(indicator.baseline_value)),
        targets=tuple(
            TargetInput(
                t.fiscal_year, _float(t.value), t.direction or None, t.not_set_reason or None
            )
            for t in indicator.targets.all()
        ),
        actuals=tuple(
            Observation(a.fiscal_year, _float(a.value), a.method_changed)
            for a in indicator.actuals.all()
        ),
        direction=indicator.direction or None,
        survey=indicator.survey,
        cumulative=indicator.cumulative,
    )


def subtree_ids(nodes: list[Node], root_id: int) -> list[int]:
    """Return the ids of a node and every node below it."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node.pk)
    out, stack = [], [root_id]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(children.get(current, []))
    return out


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]
