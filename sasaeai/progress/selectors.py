"""Reading cycles for reports and pages."""

from sasaeai.plans.models import Plan

from .models import Cycle


def cycle_for(plan: Plan, fiscal_year: int) -> Cycle | None:
    """Return the plan's progress report for a fiscal year.

    That is the cycle of the year; failing one, a report that covers the whole plan period (a
    cycle without a fiscal year, such as 下野市's 進捗のまとめ); else None.
    """
    cycles = list(plan.cycles.filter(fiscal_year=fiscal_year)) or list(
        plan.cycles.filter(fiscal_year__isnull=True)
    )
    return cycles[0] if cycles else None
