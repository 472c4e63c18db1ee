"""Japanese fiscal years (年度): April to March, named by the year they start in."""

from datetime import date


def fiscal_year_of(day: date) -> int:
    """Return the fiscal year a day falls in (2024-03-31 → 2023, 2024-04-01 → 2024)."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_start(fy: int) -> date:
    return date(fy, 4, 1)


def fiscal_year_end(fy: int) -> date:
    """Return the last day of a fiscal year (年度末): 31 March of the next year."""
    return date(fy + 1, 3, 31)
