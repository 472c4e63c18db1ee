"""Template filters for printed reports."""

from django import template

register = template.Library()


@register.filter
def rate(achievement: float | None) -> str:
    """Return an achievement share as a percentage with one decimal (0.552 → 55.2)."""
    return "" if achievement is None else f"{achievement * 100:.1f}"
