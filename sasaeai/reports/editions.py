"""The edition a report prints: 案 until the year's cycle is confirmed, then 確定版."""

from dataclasses import dataclass

from sasaeai.plans.models import Plan
from sasaeai.progress.models import Cycle


@dataclass
class Edition:
    """案 until the year's cycle is confirmed, then 確定版 with the committee and the date."""

    confirmed: bool
    committee: str = ""
    confirmed_on: str = ""

    @property
    def label(self) -> str:
        return "確定版" if self.confirmed else "案"

    @property
    def full_label(self) -> str:
        """Return the label as a sheet's title line gives it: 確定版（委員会 2024年6月20日）."""
        if not self.confirmed:
            return self.label
        said = " ".join(x for x in (self.committee, self.confirmed_on) if x)
        return f"{self.label}（{said}）" if said else self.label


def edition_of_cycle(cycle: Cycle | None) -> Edition:
    """Return the edition of a report made from the cycle (案 for none or an open one)."""
    if cycle is None or cycle.status != Cycle.Status.CONFIRMED:
        return Edition(confirmed=False)
    day = cycle.confirmed_on
    return Edition(True, cycle.confirmed_by, f"{day.year}年{day.month}月{day.day}日" if day else "")


def edition_of(plan: Plan, fiscal_year: int) -> Edition:
    """Return the edition of the plan's report for the year (確定版 once the cycle is confirmed)."""
    return edition_of_cycle(
        Cycle.objects.filter(
            plan=plan, fiscal_year=fiscal_year, status=Cycle.Status.CONFIRMED
        ).first()
    )
