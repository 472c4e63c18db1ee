"""The trend chart of an indicator, from the database and its computed grade."""

from django.utils.safestring import SafeString, mark_safe

from sasaeai.charts import Point, Trend, trend_svg
from sasaeai.grading import Result
from sasaeai.plans.models import Indicator


def indicator_trend(indicator: Indicator, result: Result | None = None) -> SafeString:
    """Return the SVG chart of an indicator whose targets and actuals are prefetched."""
    return mark_safe(trend_svg(trend_of(indicator, result), chart_id=f"trend-{indicator.pk}"))


def trend_of(indicator: Indicator, result: Result | None = None) -> Trend:
    """Return the chart data: actuals, baseline, targets and the expected straight line."""
    baseline = None
    if indicator.baseline_year and indicator.baseline_value is not None:
        baseline = Point(indicator.baseline_year, float(indicator.baseline_value))
    targets = [
        Point(t.fiscal_year, float(t.value))
        for t in indicator.targets.all()
        if t.fiscal_year and t.value is not None
    ]
    actuals = [
        Point(a.fiscal_year, float(a.value), a.sample, "" if a.sample else a.note)
        for a in indicator.actuals.all()
        if a.value is not None
    ]
    trend = Trend(indicator.name, indicator.unit, baseline, targets, actuals)
    target = next((t for t in targets if result and t.year == result.target_year), None)
    if baseline and target and target.year > baseline.year:
        trend.expected = [baseline, target]
    return trend
