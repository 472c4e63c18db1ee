"""One SVG trend chart for an indicator, for the pages and the PDF reports alike.

Pure: plain values in, SVG text out. The chart is an image with a title and a description that
says what it shows; pages put the same numbers in a table beside it.
"""

import math
from dataclasses import dataclass, field
from html import escape


@dataclass(frozen=True)
class Point:
    year: int
    value: float
    sample: bool = False
    note: str = ""


@dataclass
class Trend:
    title: str
    unit: str = ""
    baseline: Point | None = None
    targets: list[Point] = field(default_factory=list)
    actuals: list[Point] = field(default_factory=list)
    expected: list[Point] = field(default_factory=list)


WIDTH, HEIGHT = 560, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 20, 40


def trend_svg(trend: Trend, *, chart_id: str = "chart") -> str:
    """Return an SVG line chart of actuals against baseline, targets and the expected line."""
    points = _all_points(trend)
    if not points:
        return ""
    scale = _Scale(points)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        # The font is named on the element: WeasyPrint draws an inline SVG as a document of its
        # own, which the page's CSS does not reach.
        f'aria-labelledby="{chart_id}-t {chart_id}-d" class="trend" '
        'font-family="IPAexGothic, sans-serif">',
        f'<title id="{chart_id}-t">{escape(trend.title)}</title>',
        f'<desc id="{chart_id}-d">{escape(describe(trend))}</desc>',
        *_axes(scale, trend.unit),
        *_expected(scale, trend.expected),
        *_actual_line(scale, trend.actuals),
        *_markers(scale, trend),
        "</svg>",
    ]
    return "\n".join(parts)


def describe(trend: Trend) -> str:
    """Return the chart's content as one sentence, for screen readers."""
    said = []
    if trend.baseline:
        said.append(f"基準値 {trend.baseline.year}年度 {_num(trend.baseline.value)}")
    said += [f"目標値 {t.year}年度 {_num(t.value)}" for t in trend.targets]
    said += [
        f"実績値 {a.year}年度 {_num(a.value)}{'（架空のデモ値）' if a.sample else ''}"
        for a in trend.actuals
    ]
    return f"{trend.title}{f'（{trend.unit}）' if trend.unit else ''}: " + "、".join(said)


def _all_points(trend: Trend) -> list[Point]:
    base = [trend.baseline] if trend.baseline else []
    return [*base, *trend.targets, *trend.actuals, *trend.expected]


class _Scale:
    def __init__(self, points: list[Point]) -> None:
        years = [p.year for p in points]
        values = [p.value for p in points]
        self.y0, self.y1 = min(years), max(years)
        high, low = max(values), min(values)
        floor = 0.0 if 0 <= low < high * 0.5 else low - (high - low) * 0.15
        self.step = _nice_step((high - floor) / 4 or abs(high) or 1.0)
        self.lo = math.floor(floor / self.step) * self.step
        self.hi = math.ceil(high * 1.02 / self.step) * self.step
        if self.hi <= self.lo:
            self.hi = self.lo + self.step

    def x(self, year: int) -> float:
        span = max(1, self.y1 - self.y0)
        return LEFT + (year - self.y0) / span * (WIDTH - LEFT - RIGHT)

    def y(self, value: float) -> float:
        return TOP + (self.hi - value) / (self.hi - self.lo) * (HEIGHT - TOP - BOTTOM)


def _axes(scale: _Scale, unit: str) -> list[str]:
    out = ['<g class="axis" font-size="11" fill="#333">']
    bottom = HEIGHT - BOTTOM
    out.append(
        f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="#666"/>'
    )
    for year in range(scale.y0, scale.y1 + 1):
        x = scale.x(year)
        out.append(f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle">{year}</text>')
    ticks = round((scale.hi - scale.lo) / scale.step)
    for i in range(ticks + 1):
        value = scale.lo + scale.step * i
        y = scale.y(value)
        out.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#ddd"/>'
        )
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_num(value)}</text>')
    if unit:
        out.append(
            f'<text x="{LEFT - 6}" y="{TOP - 6}" text-anchor="end">（{escape(unit)}）</text>'
        )
    out.append("</g>")
    return out


def _expected(scale: _Scale, expected: list[Point]) -> list[str]:
    style = 'stroke="#767676" stroke-dasharray="6 4" stroke-width="1.5" class="expected"'
    return _polyline(scale, expected, style)


def _actual_line(scale: _Scale, actuals: list[Point]) -> list[str]:
    return _polyline(scale, actuals, 'stroke="#0031d8" stroke-width="2" class="actual"')


def _polyline(scale: _Scale, points: list[Point], style: str) -> list[str]:
    if len(points) < 2:
        return []
    path = " ".join(f"{scale.x(p.year):.1f},{scale.y(p.value):.1f}" for p in points)
    return [f'<polyline points="{path}" fill="none" {style}/>']


def _markers(scale: _Scale, trend: Trend) -> list[str]:
    out = []
    if trend.baseline:
        b = trend.baseline
        out.append(_square(scale.x(b.year), scale.y(b.value), "#1a1a1c", "baseline"))
    for t in trend.targets:
        out.append(_diamond(scale.x(t.year), scale.y(t.value)))
    for a in trend.actuals:
        x, y = scale.x(a.year), scale.y(a.value)
        fill = "#ffffff" if a.sample else "#0031d8"
        out.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{fill}" stroke="#0031d8" '
            f'stroke-width="2" class="actual{" sample" if a.sample else ""}"/>'
        )
        if a.note:
            out.append(
                f'<text x="{x:.1f}" y="{y - 9:.1f}" text-anchor="middle" font-size="11">※</text>'
            )
    return out


def _square(x: float, y: float, colour: str, cls: str) -> str:
    return (
        f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}" '
        f'class="{cls}"/>'
    )


def _diamond(x: float, y: float) -> str:
    return (
        f'<path d="M{x:.1f},{y - 6:.1f} L{x + 6:.1f},{y:.1f} L{x:.1f},{y + 6:.1f} '
        f'L{x - 6:.1f},{y:.1f} Z" fill="#d8002b" class="target"/>'
    )


def _nice_step(raw: float) -> float:
    """Return a round step (1, 2 or 5 × 10^k) near raw, for axis ticks people can read."""
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _num(value: float) -> str:
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.1f}"
