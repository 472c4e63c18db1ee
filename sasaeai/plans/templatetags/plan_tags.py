"""Template filters for plans: 和暦 years and narrative blocks."""

from django import template
from django.utils.translation import get_language

from sasaeai.lib.wareki import format_fiscal_year
from sasaeai.plans.display import body_blocks

register = template.Library()


@register.filter
def fy(year: int | None) -> str:
    """Return 令和2年度（2020） for 2020 (FY2020 in English); empty for None."""
    if not year:
        return ""
    return f"FY{year}" if (get_language() or "").startswith("en") else format_fiscal_year(year)


@register.filter
def fy_era(year: int | None) -> str:
    """Return 令和2年度 for 2020 (FY2020 in English); empty for None."""
    if not year:
        return ""
    if (get_language() or "").startswith("en"):
        return f"FY{year}"
    return format_fiscal_year(year, western=False)


@register.filter
def blocks(body: str) -> list[tuple[str, list[str]]]:
    return body_blocks(body)
