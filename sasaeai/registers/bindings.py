"""Binding an indicator to a register measure, and the values the registers propose for it.

Who may bind: the secretariat (事務局) of the city that makes the plan, the 社協 staff of the
社協 that makes it together with the city (a branch's staff count only their own branch's work,
so they cannot bind a plan-wide indicator), and superusers. Binding and unbinding are audited
(`indicator.bind`, `indicator.unbind`). A computed value (集計値) is only ever proposed: it
enters a yearly cycle as a draft value the department reviews, and becomes an actual only when
the cycle is confirmed.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction

from sasaeai.accounts.models import Organization, User
from sasaeai.audit.services import record
from sasaeai.plans.models import Indicator, Plan

from . import measures
from .models import IndicatorBinding

Kind = Organization.Kind
PROPOSAL_NOTE = "集計値（登録簿から）"


class BindingError(Exception):
    """A binding that cannot be saved; `problems` maps a field name to a message naming it."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("、".join(str(v) for v in problems.values()))


def _owners(plan: Plan) -> list[Organization]:
    # A sub-plan (a review of the activity plan) is made by its parent plan's owners.
    owner_plan = plan.parent or plan
    return [o.organization for o in owner_plan.ownerships.select_related("organization")]


def council_of_plan(plan: Plan) -> Organization | None:
    """Return the 社協 among the plan's makers, if any."""
    return next((o for o in _owners(plan) if o.kind == Kind.COUNCIL), None)


def can_bind(user: Any, indicator: Indicator) -> bool:
    """Return whether the user may bind the indicator to a register measure, or unbind it."""
    if not getattr(user, "is_authenticated", False):
        return False
    plan = indicator.node.plan
    if council_of_plan(plan) is None:
        return False  # nothing to count: no 社協 makes this plan
    if user.is_superuser:
        return True
    if user.organization_id is None:
        return False
    owners = _owners(plan)
    if user.role == User.Role.SECRETARIAT:
        return any(o.pk == user.organization_id and o.kind == Kind.CITY for o in owners)
    if user.role == User.Role.COUNCIL_STAFF:
        return any(o.pk == user.organization_id and o.kind == Kind.COUNCIL for o in owners)
    return False


def clean_params(measure: measures.Measure, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Return the measure's options from submitted text, typed; raise BindingError naming the
    option that is not valid. Options left empty are left out."""
    params: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for param in measure.params:
        value = raw.get(param.name)
        if param.kind is bool:
            if value in (True, "on", "1", "true"):
                params[param.name] = True
            continue
        text = str(value).strip() if value is not None else ""
        if not text:
            continue
        if param.choices and text not in dict(param.choices):
            problems[param.name] = f"「{param.label}」の「{text}」は選べる値ではありません。"
        elif param.kind is int:
            if not text.isdigit():
                problems[param.name] = f"「{param.label}」は整数で入力してください（{text}）。"
            else:
                params[param.name] = int(text)
        else:
            params[param.name] = text
    if problems:
        raise BindingError(problems)
    return params


def snapshot(binding: IndicatorBinding | None) -> dict[str, Any] | None:
    if binding is None:
        return None
    return {
        "measure": binding.measure,
        "params": binding.params,
        "council": binding.council_id,
        "branch": binding.branch_id,
        "first_year": binding.first_year,
        "note": binding.note,
    }


def _existing(indicator: Indicator) -> IndicatorBinding | None:
    return IndicatorBinding.objects.filter(indicator=indicator).first()


@transaction.atomic
def bind(
    indicator: Indicator,
    *,
    user: Any,
    measure: str,
    params: Mapping[str, Any],
    branch: Organization | None = None,
    first_year: int | None = None,
    note: str = "",
) -> IndicatorBinding:
    """Bind (or re-bind) an indicator to a measure of its plan's 社協's registers."""
    if not can_bind(user, indicator):
        raise BindingError({"indicator": "この指標を登録簿に対応づける権限がありません。"})
    found = measures.get(measure)
    if found is None:
        raise BindingError({"measure": f"集計項目「{measure}」はありません。"})
    council = council_of_plan(indicator.node.plan)
    if council is None:
        raise BindingError({"indicator": "この計画をつくる組織に社協がありません。"})
    if branch is not None and branch.parent_id != council.pk:
        raise BindingError({"branch": f"「{branch.name}」は{council.name}の支部ではありません。"})
    cleaned = clean_params(found, params)
    current = _existing(indicator)
    before = snapshot(current)
    binding = current or IndicatorBinding(indicator=indicator, created_by=user)
    binding.measure, binding.params, binding.council = measure, cleaned, council
    binding.branch, binding.first_year, binding.note = branch, first_year, note
    binding.save()
    record("indicator.bind", indicator, user=user, before=before, after=snapshot(binding))
    return binding


@transaction.atomic
def unbind(indicator: Indicator, *, user: Any, reason: str = "") -> None:
    """Remove the indicator's binding: its values are then entered by hand again."""
    if not can_bind(user, indicator):
        raise BindingError({"indicator": "この指標の対応づけを外す権限がありません。"})
    current = _existing(indicator)
    if current is None:
        return
    before = snapshot(current)
    current.delete()
    record("indicator.unbind", indicator, user=user, before=before, reason=reason)


def plan_years(plan: Plan, indicator: Indicator | None = None) -> list[int]:
    """Return the fiscal years of the plan period; without a period, the years from the
    indicator's baseline to its last target or actual."""
    period_plan = plan if plan.period_start else (plan.parent or plan)
    if period_plan.period_start and period_plan.period_end:
        return list(range(period_plan.period_start, period_plan.period_end + 1))
    if indicator is None:
        return []
    years = {y for y in [indicator.baseline_year] if y}
    years |= {t.fiscal_year for t in indicator.targets.all() if t.fiscal_year}
    years |= {a.fiscal_year for a in indicator.actuals.all()}
    return list(range(min(years), max(years) + 1)) if years else []


def proposed_values(indicators: Iterable[Indicator], fiscal_year: int) -> dict[int, Decimal]:
    """Return {indicator id: 集計値 for the year} of those indicators that are bound."""
    bindings = IndicatorBinding.objects.filter(indicator__in=list(indicators))
    found = measures.computed_many(bindings, [fiscal_year])
    return {pk: values[fiscal_year] for pk, values in found.items() if fiscal_year in values}
