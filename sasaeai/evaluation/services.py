"""Writes of evaluation: the plan's grading scheme, and a committee's override of a grade."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from sasaeai.audit.services import record
from sasaeai.grading import SchemeError, evaluate, parse_scheme
from sasaeai.plans.models import Indicator, Plan

from .models import GradeOverride
from .selectors import indicators_for_grading, plan_scheme, to_input


class OverrideError(ValueError):
    """The change cannot be recorded; the message says why in Japanese."""


def _now() -> datetime:
    return timezone.now()


@transaction.atomic
def override_grade(
    indicator: Indicator,
    *,
    fiscal_year: int,
    grade: str,
    reason: str,
    user,  # type: ignore[no-untyped-def]
    now: datetime | None = None,
) -> GradeOverride:
    """Record an override of the indicator's grade for the year (an empty grade withdraws it).

    The computed grade at this moment is kept with it, so history shows what was overridden.
    """
    reason = reason.strip()
    if not reason:
        raise OverrideError("評価を手入力するときは理由を書いてください。")
    plan = indicator.node.plan
    scheme = plan_scheme(plan)
    if grade and grade not in scheme.grades:
        raise OverrideError(
            f"評価「{grade}」はこの計画の評価方式にありません（{'、'.join(scheme.grades)}）。"
        )
    fresh = indicators_for_grading(plan).get(pk=indicator.pk)
    computed = evaluate(to_input(fresh), scheme, fiscal_year).grade
    override = GradeOverride.objects.create(
        indicator=indicator,
        fiscal_year=fiscal_year,
        grade=grade,
        computed_grade=computed,
        reason=reason,
        created_by=user,
        created_at=now or _now(),
    )
    record(
        "grade.override" if grade else "grade.withdraw",
        indicator,
        user=user,
        before={"computed": computed},
        after={"fiscal_year": fiscal_year, "grade": grade},
        reason=reason,
        now=override.created_at,
    )
    return override


@transaction.atomic
def set_plan_scheme(plan: Plan, spec: str | dict, *, user) -> None:  # type: ignore[no-untyped-def]
    """Save the plan's grading scheme: a built-in name, or a scheme object (thresholds edited).

    Raise OverrideError naming the field when the scheme is not valid.
    """
    try:
        scheme = parse_scheme(spec)
    except SchemeError as exc:
        raise OverrideError(str(exc)) from exc
    before = plan.grading_scheme
    plan.grading_scheme = spec if isinstance(spec, str) else scheme.to_dict()
    plan.save(update_fields=["grading_scheme", "updated_at"])
    record("plan.scheme", plan, user=user, before=before, after=plan.grading_scheme)
