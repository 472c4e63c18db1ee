"""Template filters for plans: 和暦 years and narrative blocks."""

from django import template

from sasaeai.lib.wareki import format_fiscal_year
from sasaeai.plans.display import body_blocks

register = template.Library()


@register.filter
def fy(year: int | None) -> str:
    """Return 令和2年度（2020） for 2020; empty for None."""
    return format_fiscal_year(year) if year else ""


@register.filter
def fy_era(year: int | None) -> str:
    """Return 令和2年度 for 2020; empty for None."""
    return format_fiscal_year(year, western=False) if year else ""


@register.filter
def blocks(body: str) -> list[tuple[str, list[str]]]:
    return body_blocks(body)
